#include "loader/load/load_bundle.hpp"

#include "common/copy/blob_jobs.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/log/audit.hpp"
#include "common/log/log.hpp"
#include "common/log/progress.hpp"
#include "loader/load/base_check.hpp"
#include "loader/load/load_plan.hpp"
#include "loader/load/referrers_index.hpp"
#include "loader/load/site_signatures.hpp"
#include "loader/state/load_journal.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/verify/bundle_source.hpp"
#include "loader/verify/verify_bundle.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>

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

std::vector<LoadedSignature> counted_signatures(const VerifyReport& r) {
    std::vector<LoadedSignature> out;
    for (const SignatureCheck& c : r.signatures) {
        if (c.counted) {
            out.push_back({c.key_id, c.role, c.not_after});
        }
    }
    return out;
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

Descriptor descriptor_of(const RawManifest& m) {
    return Descriptor{m.media_type, m.digest, static_cast<std::int64_t>(m.bytes.size()),
                      {},           {},       {}};
}

class Loader {
  public:
    Loader(const LoadOptions& o, const Target& t, StateStore& s, AuditLog& a, LoadJournal& j,
           const sign::PrivateKey* site_key)
        : options_(o), target_(t), state_(s), audit_(a), journal_(j), site_key_(site_key) {}

    LoadSummary run(const EffectivePolicy& policy) {
        auto start = std::chrono::steady_clock::now();
        std::unique_ptr<Destination> dest = make_destination(
            target_, options_.destination,
            [this](const std::string& repo, const Digest& blob, const std::string& session) {
                journal_.session(repo, blob, session);
            });
        VerifiedBundle bundle = verify(policy);
        const Bom& bom = bundle.bom();
        summary_.bundle = options_.bundle.string();
        summary_.name = bom.name;
        summary_.version = bom.version;
        summary_.bom_digest = bundle.report().bom_digest;
        summary_.target = target_.text;
        summary_.signing_key_id = site_key_ != nullptr ? site_key_->id() : "";

        // From here the load is a copy: the verified bundle as a source, the
        // target as a destination, every byte through copy_blob.
        BundleSource source(bundle);
        LoadPlan plan = plan_load(source, *dest);
        // A delta writes nothing unless all it leaves to its base is there.
        require_base(plan, bom, state_, target_.text);
        if (auto unrecorded = unrecorded_bases(bom, state_); !unrecorded.empty()) {
            log::warn("delta " + bom.name + " " + bom.version + ": this site has no record of " +
                      "its base " + name_bases(unrecorded) + ", but " + target_.text +
                      " holds everything the bundle leaves out");
        }
        resume(*dest);
        journal_.begin(JournalEntry{target_.text,
                                    summary_.bundle,
                                    bom.name,
                                    bom.version,
                                    summary_.bom_digest,
                                    format_rfc3339(now_utc()),
                                    "blobs",
                                    {}});
        write_blobs(source, plan, *dest);
        journal_.set_phase("manifests");
        // Presence is asked in parallel; the puts stay in order, children first.
        std::vector<char> present(plan.manifests.size(), 0);
        parallel_for(*dest, plan.manifests.size(), [&](size_t k) {
            const PlannedManifest& m = plan.manifests[k];
            present[k] = dest->has_manifest(m.repo, descriptor_of(m.manifest)) ? 1 : 0;
        });
        for (size_t k = 0; k < plan.manifests.size(); ++k) {
            const PlannedManifest& m = plan.manifests[k];
            if (present[k] != 0) {
                ++summary_.manifests_skipped;
                continue;
            }
            dest->put_manifest(m.repo, m.manifest);
            audit_.append("manifest", {{"target", target_.text},
                                       {"repo", m.repo},
                                       {"digest", m.manifest.digest.str()},
                                       {"mediaType", m.manifest.media_type}});
            ++summary_.manifests;
        }
        journal_.set_phase("tags");
        // Every manifest is in: attachments are named first, so that an
        // image is findable by tag only with its signatures beside it.
        write_tags(*dest, plan.attachment_tags, true);
        for (const PlannedReferrers& r : plan.referrers) {
            if (keep_referrers(*dest, r)) {
                audit_.append("referrers", {{"target", target_.text},
                                            {"repo", r.where.repo},
                                            {"name", r.where.name},
                                            {"subject", r.subject.str()}});
            }
        }
        // The images are complete and their attachments named: the site
        // signs them before any image is findable by its tag.
        if (site_key_ != nullptr) {
            journal_.set_phase("signatures");
            write_site_signatures(*dest, plan.signatures);
        }
        write_tags(*dest, plan.tags, false);
        dest->commit();

        LoadRecord rec{bom.version,
                       summary_.bom_digest,
                       format_rfc3339(now_utc()),
                       counted_keys(bundle.report()),
                       target_.text,
                       counted_signatures(bundle.report())};
        state_.record_load(bom.name, rec, newest_issued_at(bundle.report()), bundle.bom_bytes());
        journal_.finish();
        summary_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        audit_.append("load", {{"outcome", "ok"},
                               {"bundle", summary_.bundle},
                               {"name", bom.name},
                               {"version", bom.version},
                               {"bomDigest", summary_.bom_digest},
                               {"target", target_.text},
                               {"blobsWritten", summary_.blobs_written},
                               {"blobsMounted", summary_.blobs_mounted},
                               {"blobsSkipped", summary_.blobs_skipped},
                               {"bytes", summary_.bytes_written},
                               {"signaturesWritten", summary_.signatures_written},
                               {"signaturesSkipped", summary_.signatures_skipped}});
        return summary_;
    }

  private:
    VerifiedBundle verify(const EffectivePolicy& policy) {
        VerifyOptions vo{options_.bundle, false, false, &state_};
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

    // A run into this target was interrupted: say so, and cancel the upload
    // sessions it left open. What it committed is found by HEAD and skipped.
    void resume(Destination& dest) {
        const auto& prev = journal_.previous();
        if (!prev) {
            return;
        }
        std::string what = prev->name + " " + prev->version;
        log::info(
            "resuming: an earlier load of " + what + " into " + target_.text +
            " was interrupted (started " + prev->started + ", reached " + prev->phase + ")" +
            (prev->bom_digest == summary_.bom_digest ? "" : "; this run loads another bundle"));
        for (const auto& [key, session] : prev->sessions) {
            dest.cancel_interrupted_upload(key.first, session);
        }
        audit_.append("resume", {{"target", target_.text},
                                 {"previousBomDigest", prev->bom_digest},
                                 {"previousPhase", prev->phase},
                                 {"sessionsCancelled", prev->sessions.size()}});
    }

    // Each image manifest signed with the site key where this key has not
    // signed it yet; every signature written or found is audited.
    void write_site_signatures(Destination& dest, const std::vector<PlannedSignature>& planned) {
        parallel_for(dest, planned.size(), [&](size_t k) {
            const PlannedSignature& p = planned[k];
            auto written = write_site_signature(dest, p, *site_key_);
            audit_.append("signature", {{"target", target_.text},
                                        {"repo", p.where.repo},
                                        {"name", p.where.name},
                                        {"subject", p.subject.str()},
                                        {"dockerReference", p.docker_reference},
                                        {"keyId", site_key_->id()},
                                        {"outcome", written ? "written" : "present"},
                                        {"digest", written ? written->digest.str() : ""}});
            std::lock_guard lock(counts_mu_);
            ++(written ? summary_.signatures_written : summary_.signatures_skipped);
        });
    }

    // fn(0..n-1) on up to --jobs threads when the destination takes
    // concurrent writes; the first failure stops the rest and is rethrown.
    // Tags may go in any order once every manifest they name is in. An
    // attachment's name that already holds all its layers and more (cosign
    // appends; a site signature is such a layer) is left as it is.
    void write_tags(Destination& dest, const std::vector<PlannedTag>& tags, bool attachments) {
        parallel_for(dest, tags.size(), [&](size_t k) {
            const PlannedTag& t = tags[k];
            if (t.placement.name.empty() ||
                dest.has_tag(t.placement.repo, t.placement.name, descriptor_of(t.manifest))) {
                return;
            }
            if (attachments &&
                holds_layers_of(dest, t.placement.repo, t.placement.name, t.manifest)) {
                return;
            }
            dest.tag(t.placement.repo, t.placement.name, t.manifest);
            audit_.append("tag", {{"target", target_.text},
                                  {"repo", t.placement.repo},
                                  {"name", t.placement.name},
                                  {"digest", t.manifest.digest.str()}});
            std::lock_guard lock(counts_mu_);
            ++summary_.tags;
        });
    }

    template <typename Fn> void parallel_for(Destination& dest, size_t n, Fn fn) {
        for_each_blob_job(n, dest.concurrent_puts() ? options_.jobs : 1, cancel_, fn);
    }

    // Blobs go out on several threads when the destination allows it. The
    // first failure cancels the rest, and the load stops before any manifest.
    void write_blobs(BundleSource& source, const LoadPlan& plan, Destination& dest) {
        const auto& blobs = source.bom().blobs;
        std::vector<size_t> work;
        std::uint64_t total = 0;
        size_t unused = 0;
        for (size_t i = 0; i < blobs.size(); ++i) {
            if (plan.blob_repos.count(blobs[i].digest) != 0) {
                work.push_back(i);
                total += static_cast<std::uint64_t>(blobs[i].size);
            } else if (plan.manifest_digests.count(blobs[i].digest) == 0) {
                ++unused;
            }
        }
        Progress progress("loading", total, work.size(), options_.progress);
        for (const auto& [repo, blob] : plan.inline_blobs) {
            if (!dest.has_blob(repo, blob.descriptor)) {
                MemoryReader reader(blob.bytes);
                auto sink = dest.blob_sink(repo, blob.descriptor);
                BlobSink* sinks[] = {sink.get()};
                copy_blob(reader, blob.descriptor, sinks, "blob " + blob.descriptor.digest.str());
            }
        }
        try {
            parallel_for(dest, work.size(), [&](size_t k) {
                const BomBlob& b = blobs[work[k]];
                load_blob(source, b, plan.blob_repos.at(b.digest), dest, progress);
                progress.item_done();
            });
        } catch (...) {
            progress.finish();
            throw;
        }
        progress.finish();
        link_base_blobs(source.bom(), plan, dest);
        if (unused > 0) {
            log::info(std::to_string(unused) +
                      " bundle file(s) belong to no image and are not "
                      "written to " +
                      target_.text);
        }
    }

    // What a delta leaves to its base is in the target already (plan_load
    // found each blob): mounted into each repository that lacks it.
    void link_base_blobs(const Bom& bom, const LoadPlan& plan, Destination& dest) {
        std::vector<std::pair<Digest, const std::set<std::string>*>> work;
        for (const auto& [digest, repos] : plan.blob_repos) {
            if (plan.base_holders.count(digest) != 0) {
                work.emplace_back(digest, &repos);
            }
        }
        parallel_for(dest, work.size(), [&](size_t k) {
            const auto& [digest, repos] = work[k];
            const std::string& holder = plan.base_holders.at(digest);
            const BomBlob& b = *bom.find_needed(digest);
            Descriptor d{b.media_type, b.digest, b.size, {}, {}, {}};
            std::vector<std::string> mounted;
            for (const std::string& repo : *repos) {
                if (repo == holder || dest.has_blob(repo, d)) {
                    continue;
                }
                if (!dest.link_blob(repo, holder, d)) {
                    fail(ErrorCode::base, "blob " + digest.str() + ", left to the base, is in " +
                                              holder + " of " + target_.text +
                                              " but could not be mounted into " + repo);
                }
                mounted.push_back(repo);
            }
            if (!mounted.empty()) {
                audit_.append("blob", {{"target", target_.text},
                                       {"digest", digest.str()},
                                       {"size", b.size},
                                       {"repos", nlohmann::json::array()},
                                       {"mountedInto", mounted},
                                       {"mountedFrom", holder},
                                       {"base", true}});
            }
            std::lock_guard lock(counts_mu_);
            ++(mounted.empty() ? summary_.blobs_skipped : summary_.blobs_mounted);
        });
    }

    // One blob into every repository that needs it: skipped where present,
    // streamed once, and mounted from there into the other repositories.
    void load_blob(BundleSource& source, const BomBlob& b, const std::set<std::string>& repos,
                   Destination& dest, Progress& progress) {
        Descriptor d{b.media_type, b.digest, b.size, {}, {}, {}};
        std::string holder;
        std::vector<std::string> lacking;
        for (const std::string& repo : repos) {
            if (dest.has_blob(repo, d)) {
                holder = holder.empty() ? repo : holder;
            } else {
                lacking.push_back(repo);
            }
        }
        if (lacking.empty()) {
            progress.add_bytes(static_cast<std::uint64_t>(b.size));
            std::lock_guard lock(counts_mu_);
            ++summary_.blobs_skipped;
            return;
        }
        std::vector<std::string> streamed;
        if (holder.empty()) {
            holder = lacking.front();
            lacking.erase(lacking.begin());
            stream_blob(source, d, {holder}, dest, progress);
            streamed.push_back(holder);
        } else {
            progress.add_bytes(static_cast<std::uint64_t>(b.size));
        }
        std::vector<std::string> mounted;
        std::vector<std::string> unlinked;
        for (const std::string& repo : lacking) {
            (dest.link_blob(repo, holder, d) ? mounted : unlinked).push_back(repo);
        }
        if (!unlinked.empty()) {
            // The medium would not link: the bytes go again, still verified.
            stream_blob(source, d, unlinked, dest, progress);
            streamed.insert(streamed.end(), unlinked.begin(), unlinked.end());
        }
        audit_.append("blob", {{"target", target_.text},
                               {"digest", b.digest.str()},
                               {"size", b.size},
                               {"repos", streamed},
                               {"mountedInto", mounted},
                               {"mountedFrom", mounted.empty() ? "" : holder}});
        std::lock_guard lock(counts_mu_);
        if (!streamed.empty()) {
            ++summary_.blobs_written;
            summary_.bytes_written += static_cast<std::uint64_t>(b.size);
        }
        summary_.blobs_mounted += mounted.empty() ? 0 : 1;
    }

    // Streams blob `d` from the source into `repos` through copy_blob. A
    // network failure is retried from the start of the blob: the sinks of a
    // failed attempt are dropped, which cancels their uploads.
    void stream_blob(BundleSource& source, const Descriptor& d,
                     const std::vector<std::string>& repos, Destination& dest, Progress& progress) {
        with_blob_retry("blob " + d.digest.str(), cancel_, [&] {
            std::vector<std::unique_ptr<BlobSink>> owned;
            std::vector<BlobSink*> sinks;
            for (const std::string& repo : repos) {
                owned.push_back(dest.blob_sink(repo, d));
                sinks.push_back(owned.back().get());
            }
            // A bundle is one blob store: no reference is needed to find it.
            auto reader = source.open_blob(Reference{}, d);
            copy_blob(
                *reader, d, sinks, "blob " + d.digest.str(),
                [&](std::uint64_t n) { progress.add_bytes(n); }, &cancel_);
        });
    }

    const LoadOptions& options_;
    const Target& target_;
    StateStore& state_;
    AuditLog& audit_;
    LoadJournal& journal_;
    const sign::PrivateKey* site_key_; // --sign-with, or null
    std::atomic<bool> cancel_{false};
    std::mutex counts_mu_;
    LoadSummary summary_;
};

} // namespace

LoadSummary load_bundle(const LoadOptions& options) {
    Target target = parse_target(options.target);
    // No egress: every endpoint this run may contact, and the state it writes, said once.
    std::vector<std::string> endpoints = endpoints_of(target, options.destination);
    std::string contacts;
    for (const std::string& e : endpoints) {
        contacts += (contacts.empty() ? "" : ", ") + e;
    }
    log::info("target " + target.text +
              "; network endpoints: " + (contacts.empty() ? std::string("none") : contacts) +
              "; state: " + options.state_dir.string());
    // A key that cannot be read stops the load before anything is verified or written.
    std::optional<sign::PrivateKey> site_key;
    if (options.sign_with) {
        site_key = sign::PrivateKey::load(*options.sign_with);
        log::info("site signatures with key " + site_key->id() + " (" +
                  std::string(sign::to_string(site_key->type())) + ")");
    }
    StateStore state(options.state_dir);
    EffectivePolicy policy = load_effective_policy(state, options.trust);
    AuditLog audit(options.state_dir / "audit.jsonl");
    try {
        LoadJournal journal(options.state_dir, target.text);
        return Loader(options, target, state, audit, journal, site_key ? &*site_key : nullptr)
            .run(policy);
    } catch (const Error& e) {
        audit.append("load.failed", {{"bundle", options.bundle.string()},
                                     {"target", target.text},
                                     {"code", std::string(to_string(e.code()))},
                                     {"reason", e.what()}});
        throw;
    }
}

} // namespace airlock::loader
