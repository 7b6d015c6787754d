#include "builder/commands/commands.hpp"
#include "builder/create/delta_base.hpp"
#include "builder/diff/bom_diff.hpp"
#include "builder/output/diff_output.hpp"
#include "common/bundle/bom_document.hpp"
#include "common/core/error.hpp"

#include <array>
#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::builder {

void register_diff(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string old_path, new_path;
    };
    auto flags = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "diff", "Compare two bundles (or their BOMs, as inspect --bom prints them) by digest: "
                "images added, removed, changed (per platform) and retagged; charts, manifests "
                "and files; and the blobs and bytes a delta of NEW against OLD would carry. "
                "The upgrade pre-flight: what must reach the site before helm upgrade.");
    cmd->add_option("old", flags->old_path,
                    "The bundle, BOM or site receipt (airlock-load receipt) the site has (OLD)")
        ->required();
    cmd->add_option("new", flags->new_path, "The bundle or BOM to bring (NEW)")->required();
    cmd->add_flag("--json", global.json, "Machine-readable output (described below)");
    static constexpr std::array codes{ErrorCode::usage, ErrorCode::io, ErrorCode::not_found,
                                      ErrorCode::malformed};
    cmd->footer(
        "Images pair by repository: one image on each side is a pair whatever its tag; with\n"
        "several, by equal tag, then equal digest, and the rest are added or removed. Another\n"
        "digest is a change; the same digest under another reference is a retag, listed but\n"
        "not a change. Charts pair by name, manifests and files by name. A delta bundle's\n"
        "blobs are those it carries and those it leaves to its base.\n\n"
        "--json prints one object:\n"
        "  old, new: {name, version, bomDigest, delta (true for a delta bundle)}\n"
        "  changes: images, charts, manifests and files added, removed or changed\n"
        "  images: {added, removed: [{ref, digest, platforms}],\n"
        "           changed: [{oldRef, newRef, oldDigest, newDigest, oldPlatforms,\n"
        "                      newPlatforms, platforms: {perPlatform, added, removed,\n"
        "                      changed: [{platform, oldDigest, newDigest}]}}],\n"
        "           retagged: [{oldRef, newRef, digest}], unchanged: N}\n"
        "  charts: {added, removed: [{name, version, digest}], unchanged: N,\n"
        "           changed: [{name, oldVersion, newVersion, oldDigest, newDigest, values}]}\n"
        "  manifests, files, charts[].values: {added, removed: [{name, digest, size}],\n"
        "           changed: [{name, oldDigest, newDigest, oldSize, newSize}], unchanged: N}\n"
        "  delta: {blobs, bytes: what a delta of NEW against OLD carries (payload only),\n"
        "          carried: [{digest, size, mediaType}] in NEW's order,\n"
        "          new: {blobs, bytes} of all NEW's blobs}\n"
        "Other lists are sorted by repository or name. perPlatform is false when a BOM does\n"
        "not pair its platforms with manifests; platforms are then compared by name.\n\n"
        "Example:\n"
        "  airlock-build inspect --bom app-1.3.0.airlock > app-1.3.0.bom.json\n"
        "  airlock-build diff app-1.3.0.bom.json app-1.4.0.airlock --json\n" +
        exit_code_help("whether or not they differ", codes) + "\n");
    cmd->callback([flags, &global] {
        global.run = [flags, &global] {
            BomDiff diff = diff_bom_documents(read_base_document(flags->old_path),
                                              read_bom_document(flags->new_path));
            if (global.json) {
                std::cout << to_json(diff).dump(2) << std::endl;
            } else {
                std::cout << format_diff(diff) << std::flush;
            }
            return 0;
        };
    });
}

} // namespace airlock::builder
