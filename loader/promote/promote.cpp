#include "loader/promote/promote.hpp"

#include "common/core/error.hpp"
#include "common/log/audit.hpp"
#include "loader/promote/channels.hpp"
#include "loader/promote/generation.hpp"
#include "loader/state/state_store.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

struct ReadBack {
    ChannelMove move;
    RawManifest manifest;
};

PromoteSummary run_promotion(const PromoteOptions& o, const Target& target, StateStore& state,
                             AuditLog& audit) {
    const RecordedBom generation = find_generation(state, o.name, o.version);
    std::unique_ptr<Destination> dest = make_destination(target, o.destination);
    const Destination& placer = *dest;
    std::vector<ChannelMove> moves = plan_channel_moves(
        generation.bom, o.channel, [&placer](const std::string& ref) { return placer.place(ref); });

    // Every manifest first: nothing moves unless all are there, by digest.
    std::vector<ReadBack> ready;
    for (ChannelMove& m : moves) {
        std::optional<RawManifest> raw = dest->read_manifest(m.repo, m.manifest);
        if (!raw) {
            fail(ErrorCode::not_found, target.text + " lacks " + m.repo + "@" +
                                           m.manifest.digest.str() + " (" + m.ref + " of " +
                                           o.name + " " + o.version +
                                           "): load the bundle into it first (with the same "
                                           "--keep-host); nothing changed");
        }
        ready.push_back(ReadBack{std::move(m), std::move(*raw)});
    }

    PromoteSummary s;
    s.name = o.name;
    s.version = o.version;
    s.channel = o.channel;
    s.bom_digest = generation.digest.str();
    s.target = target.text;
    Channels channels = read_channels(state.dir());
    if (auto it = channels.find({o.name, o.channel}); it != channels.end()) {
        s.previous_version = it->second.version;
    }
    for (const ReadBack& r : ready) {
        const bool moved = !dest->has_tag(r.move.repo, r.move.name, r.move.manifest);
        if (moved) {
            dest->tag(r.move.repo, r.move.name, r.manifest);
            audit.append("promote.tag", {{"target", target.text},
                                         {"repo", r.move.repo},
                                         {"name", r.move.name},
                                         {"digest", r.manifest.digest.str()},
                                         {"ref", r.move.ref},
                                         {"bundle", o.name},
                                         {"version", o.version}});
        }
        s.images.push_back(
            PromotedImage{r.move.ref, r.move.repo, r.move.name, r.manifest.digest.str(), moved});
    }
    dest->commit();

    s.promoted_at = format_rfc3339(state.trusted_time());
    channels[{o.name, o.channel}] =
        ChannelRecord{o.channel, o.name, o.version, s.bom_digest, s.promoted_at};
    write_channels(state.dir(), channels);
    audit.append("promote", {{"outcome", "ok"},
                             {"channel", o.channel},
                             {"name", o.name},
                             {"version", o.version},
                             {"bomDigest", s.bom_digest},
                             {"target", target.text},
                             {"previousVersion", s.previous_version.value_or("")},
                             {"images", s.images.size()},
                             {"tagsMoved", s.tags_moved()}});
    return s;
}

} // namespace

std::size_t PromoteSummary::tags_moved() const {
    return static_cast<std::size_t>(std::count_if(images.begin(), images.end(),
                                                  [](const PromotedImage& i) { return i.moved; }));
}

std::string PromoteSummary::to_text() const {
    std::string out = "promoted " + name + " " + version + " (" + bom_digest + ") to channel " +
                      channel + " in " + target +
                      (previous_version ? " (was " + *previous_version + ")" : "") + ": " +
                      std::to_string(images.size()) + " image(s), " + std::to_string(tags_moved()) +
                      " tag(s) moved\n";
    for (const PromotedImage& i : images) {
        const std::string named = i.repo.empty() ? i.name : i.repo + ":" + i.name;
        out += "  " + named + " -> " + i.digest + (i.moved ? "" : " (unchanged)") + "\n";
    }
    return out;
}

PromoteSummary promote(const PromoteOptions& options) {
    if (std::string problem = channel_tag_problem(options.channel); !problem.empty()) {
        fail(ErrorCode::usage, problem);
    }
    const Target target = parse_target(options.registry);
    StateStore state(options.state_dir);
    AuditLog audit(options.state_dir / "audit.jsonl");
    try {
        return run_promotion(options, target, state, audit);
    } catch (const Error& e) {
        audit.append("promote.failed", {{"channel", options.channel},
                                        {"name", options.name},
                                        {"version", options.version},
                                        {"target", target.text},
                                        {"code", std::string(to_string(e.code()))},
                                        {"reason", e.what()}});
        throw;
    }
}

} // namespace airlock::loader
