#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"
#include "loader/commands/commands.hpp"
#include "loader/prepull/site_prepull.hpp"

#include <iostream>

namespace airlock::loader {

void register_prepull(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string registry, ns = "airlock-prepull", out, bundle, trust,
                              state_dir = "/var/lib/airlock";
        std::string pull_image, pull_binary = "/bin/busybox";
        std::vector<std::string> nodes;
        bool keep_host = false, images_only = false;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "prepull",
        "Write one Kubernetes Job per node that pulls every image of BUNDLE (verified first) "
        "from the mirror, by its mirror name pinned to the BOM's digest, so an upgrade finds "
        "them on the nodes; plus the namespace, enforcing the restricted Pod Security "
        "Standard. Each image is pulled as an init container that runs a static busybox, "
        "copied from the pull image (an image of the bundle) into an emptyDir, so any image "
        "works, even one without a shell. --images-only prints the pinned names instead, one "
        "a line, for `crictl pull`. The YAML goes to stdout or --out.");
    cmd->add_option("bundle", f->bundle, "Bundle file (or base name of a split bundle)")
        ->required();
    cmd->add_option("--registry", f->registry,
                    "The mirror: https://HOST[:PORT][/PREFIX], as given to load --to "
                    "registry://HOST[:PORT][/PREFIX]")
        ->required();
    auto* nodes =
        cmd->add_option("--nodes", f->nodes, "Node names (comma-separated)")->delimiter(',');
    cmd->add_option("--namespace", f->ns,
                    "Namespace of the Jobs (created, Pod Security "
                    "restricted)")
        ->capture_default_str();
    cmd->add_flag("--keep-host", f->keep_host,
                  "The mirror was loaded with --keep-host: repositories are "
                  "PREFIX/<upstream host>/<path>");
    cmd->add_option("--pull-image", f->pull_image,
                    "The image of the bundle whose static busybox the Jobs run, as the BOM "
                    "names it (docker.io/library/busybox:1.36); default: the bundle's busybox "
                    "image");
    cmd->add_option("--pull-binary", f->pull_binary, "Path of the static busybox in the pull image")
        ->capture_default_str();
    auto* only = cmd->add_flag("--images-only", f->images_only,
                               "Print the pinned image names (MIRROR/REPO@sha256:...), one a "
                               "line, for `crictl pull`, instead of Jobs");
    nodes->excludes(only);
    cmd->add_option("-o,--out", f->out, "Write to this file (atomically, 0644)");
    cmd->add_option("--trust", f->trust, "Extra trust policy for verifying BUNDLE");
    cmd->add_option("--state-dir", f->state_dir, "Loader state: rollback records")
        ->capture_default_str();
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    cmd->footer("Example: airlock-load prepull --nodes worker-1,worker-2 --registry "
                "https://registry.local:5000/mirror app-1.4.0.airlock | kubectl apply -f -\n"
                "Exit codes: 0 written, 2 usage (no --nodes, a pull image not in the bundle), "
                "4 I/O, 10-16 BUNDLE failed verification (as `airlock-load verify`).");
    cmd->callback([f, &global] {
        global.run = [f] {
            SitePrepullOptions o;
            o.registry = f->registry;
            o.nodes = f->nodes;
            o.ns = f->ns;
            o.keep_host = f->keep_host;
            o.pull_image = f->pull_image;
            o.pull_binary = f->pull_binary;
            o.images_only = f->images_only;
            o.bundle = f->bundle;
            o.state_dir = f->state_dir;
            if (!f->trust.empty()) {
                o.trust = f->trust;
            }
            SitePrepull p = site_prepull(o);
            std::string text;
            if (o.images_only) {
                for (const PinnedImage& image : p.images) {
                    text += image.pinned + "\n";
                }
            } else {
                text = p.yaml;
                log::info("prepull of " + p.source + ": " + std::to_string(p.images.size()) +
                          " images on " + std::to_string(o.nodes.size()) + " nodes, pull image " +
                          p.pull_image.pinned);
            }
            if (f->out.empty()) {
                std::cout << text << std::flush;
            } else {
                write_file_atomic(f->out, text, 0644);
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
