#include "loader/load/load_bundle.hpp"

#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/log/audit.hpp"
#include "common/log/log.hpp"
#include "common/log/progress.hpp"
#include "loader/load/load_plan.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/verify/verify_bundle.hpp"

#include <chrono>

namespace airlock::loader {

namespace {

std::vector<std::string> counted_keys(const VerifyReport& r) {
    std::vector<std::string> ids;
    for (const SignatureCheck& c : r.signatures) {
        if (c.counted) {
            ids.push_back(c.key_id);
        }
    }
    return ids;
}

// The newest issuedAt of the signatures that counted: the trusted-time mark
// rises to it, so a clock set back later cannot revive an older bundle.
Timestamp newest_issued_at(const VerifyReport& r) {
    Timestamp newest = now_utc();
    bool any = false;
    for (const SignatureCheck& c : r.signatures) {
        if (c.counted && !c.issued_at.empty()) {
            Timestamp t = parse_rfc3339(c.issued_at, "issuedAt");
            newest = any ? std::max(newest, t) : t;
            any = true;
        }
    }
    return newest;
}

class Loader {
  public:
    Loader(const LoadOptions& o, const Target& t, StateStore& s, AuditLog& a)
        : options_(o), target_(t), state_(s), audit_(a) {}

    LoadSummary run(const EffectivePolicy& policy) {
        auto start = std::chrono::steady_clock::now();
        std::unique_ptr<Destination> dest = make_destination(target_, options_.destination);
        VerifiedBundle bundle = verify(policy);
        const Bom& bom = bundle.bom();
        summary_.bundle = options_.bundle.string();
        summary_.name = bom.name;
        summary_.version = bom.version;
        summary_.bom_digest = bundle.report().bom_digest;
        summary_.target = target_.text;

        LoadPlan plan = plan_load(bundle, *dest);
        write_blobs(bundle, plan, *dest);
        for (const PlannedManifest& m : plan.manifests) {
            dest->put_manifest(m.repo, m.manifest);
            audit_.append("manifest", {{"target", target_.text},
                                       {"repo", m.repo},
                                       {"digest", m.manifest.digest.str()},
                                       {"mediaType", m.manifest.media_type}});
            ++summary_.manifests;
        }
        for (const PlannedTag& t : plan.tags) {
            if (t.placement.name.empty()) {
                continue;
            }
            dest->tag(t.placement.repo, t.placement.name, t.manifest);
            audit_.append("tag", {{"target", target_.text},
                                  {"repo", t.placement.repo},
                                  {"name", t.placement.name},
                                  {"digest", t.manifest.digest.str()}});
            ++summary_.tags;
        }
        dest->commit();

        LoadRecord rec{bom.version, summary_.bom_digest, format_rfc3339(now_utc()),
                       counted_keys(bundle.report()), target_.text};
        state_.record_load(bom.name, rec, newest_issued_at(bundle.report()));
        summary_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        audit_.append("load", {{"outcome", "ok"},
                               {"bundle", summary_.bundle},
                               {"name", bom.name},
                               {"version", bom.version},
                               {"bomDigest", summary_.bom_digest},
                               {"target", target_.text},
                               {"blobsWritten", summary_.blobs_written},
                               {"blobsSkipped", summary_.blobs_skipped},
                               {"bytes", summary_.bytes_written}});
        return summary_;
    }

  private:
    VerifiedBundle verify(const EffectivePolicy& policy) {
        VerifyOptions vo{options_.bundle, false, false};
        try {
            VerifiedBundle b = verify_bundle(vo, policy, state_);
            const VerifyReport& r = b.report();
            audit_.append("verify", {{"outcome", "ok"},
                                     {"bundle", options_.bundle.string()},
                                     {"name", r.name},
                                     {"version", r.version},
                                     {"bomDigest", r.bom_digest},
                                     {"keyIds", counted_keys(r)},
                                     {"policy", r.policy_origin},
                                     {"trustedTime", r.trusted_time}});
            return b;
        } catch (const Error& e) {
            audit_.append("verify", {{"outcome", "refused"},
                                     {"bundle", options_.bundle.string()},
                                     {"code", std::string(to_string(e.code()))},
                                     {"reason", e.what()}});
            throw;
        }
    }

    // Each blob is read once and streamed into a sink per repository that
    // lacks it; a registry needs it in every repository that references it.
    void write_blobs(const VerifiedBundle& bundle, const LoadPlan& plan, Destination& dest) {
        const auto& blobs = bundle.bom().blobs;
        std::uint64_t total = 0;
        std::uint64_t items = 0;
        for (const BomBlob& b : blobs) {
            if (plan.blob_repos.count(b.digest) != 0) {
                total += static_cast<std::uint64_t>(b.size);
                ++items;
            }
        }
        Progress progress("loading", total, items, options_.progress);
        size_t unused = 0;
        for (size_t i = 0; i < blobs.size(); ++i) {
            const BomBlob& b = blobs[i];
            auto it = plan.blob_repos.find(b.digest);
            if (it == plan.blob_repos.end()) {
                unused += plan.manifest_digests.count(b.digest) == 0 ? 1 : 0;
                continue;
            }
            Descriptor d{b.media_type, b.digest, b.size, {}, {}, {}};
            std::vector<std::unique_ptr<BlobSink>> owned;
            std::vector<BlobSink*> sinks;
            nlohmann::json repos = nlohmann::json::array();
            for (const std::string& repo : it->second) {
                if (!dest.has_blob(repo, d)) {
                    owned.push_back(dest.blob_sink(repo, d));
                    sinks.push_back(owned.back().get());
                    repos.push_back(repo);
                }
            }
            if (sinks.empty()) {
                ++summary_.blobs_skipped;
                progress.add_bytes(static_cast<std::uint64_t>(b.size));
            } else {
                auto reader = bundle.open_blob(i);
                copy_blob(*reader, d, sinks, "blob " + b.digest.str(),
                          [&](std::uint64_t n) { progress.add_bytes(n); });
                audit_.append("blob", {{"target", target_.text},
                                       {"repos", repos},
                                       {"digest", b.digest.str()},
                                       {"size", b.size}});
                ++summary_.blobs_written;
                summary_.bytes_written += static_cast<std::uint64_t>(b.size);
            }
            progress.item_done();
        }
        progress.finish();
        if (unused > 0) {
            log::info(std::to_string(unused) +
                      " bundle file(s) belong to no image and are not "
                      "written to " +
                      target_.text);
        }
    }

    const LoadOptions& options_;
    const Target& target_;
    StateStore& state_;
    AuditLog& audit_;
    LoadSummary summary_;
};

} // namespace

LoadSummary load_bundle(const LoadOptions& options) {
    Target target = parse_target(options.target);
    // No egress: everything this run may touch besides the bundle, said once.
    log::info("targets: " + target.text + "; state: " + options.state_dir.string());
    EffectivePolicy policy = load_effective_policy(options.trust);
    StateStore state(options.state_dir);
    AuditLog audit(options.state_dir / "audit.jsonl");
    try {
        return Loader(options, target, state, audit).run(policy);
    } catch (const Error& e) {
        audit.append("load.failed", {{"bundle", options.bundle.string()},
                                     {"target", target.text},
                                     {"code", std::string(to_string(e.code()))},
                                     {"reason", e.what()}});
        throw;
    }
}

} // namespace airlock::loader
