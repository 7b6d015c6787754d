#include "loader/serve/serve_index.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "loader/load/load_plan.hpp"
#include "loader/serve/distribution_names.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <tuple>

namespace airlock::loader {

namespace {

std::string bundle_label(const Bom& bom) {
    return "bundle " + bom.name + " " + bom.version;
}

// Entries after `last` (exclusive, present or not), at most n of them.
template <typename Keys>
Page paginate(const Keys& keys, std::optional<std::size_t> n,
              std::optional<std::string_view> last) {
    auto it = last ? keys.upper_bound(*last) : keys.begin();
    Page page;
    while (it != keys.end() && (!n || page.entries.size() < *n)) {
        page.entries.push_back(it->first);
        ++it;
    }
    if (it != keys.end() && !page.entries.empty()) {
        page.next_last = page.entries.back();
    }
    return page;
}

// OCI 1.1: a referrer's artifactType is the manifest's, else its config's
// media type; an index without one has none.
void complete_artifact_type(Descriptor& d, const ServedManifest& m) {
    if (d.artifact_type && !d.artifact_type->empty()) {
        return;
    }
    d.artifact_type.reset();
    if (!media::is_manifest(m.media_type)) {
        return;
    }
    ImageManifest im = parse_image_manifest(*m.bytes, "referrer " + m.digest.str());
    d.artifact_type = im.artifact_type ? *im.artifact_type : im.config.media_type;
}

} // namespace

void ServeIndex::add(const VerifiedBundle& bundle,
                     const std::vector<const VerifiedBundle*>& bases) {
    const Bom& bom = bundle.bom();
    NamingDestination names(naming_, bases);
    LoadPlan plan = plan_load(bundle, names);
    const std::string label = bundle_label(bom);
    if (!plan.missing_base.empty()) {
        const BomBlob& first = plan.missing_base.front();
        fail(ErrorCode::base, label + " leaves " + std::to_string(plan.missing_base.size()) +
                                  " blob(s) to its base that no base bundle being served carries "
                                  "(first " +
                                  first.digest.str() + ", " + std::to_string(first.size) +
                                  " bytes)");
    }

    // Built on a copy, so that a refused bundle leaves the index as it was.
    auto next = repos_;
    auto put_manifest = [&](const std::string& repo, const RawManifest& m) {
        auto& slot = next[repo].manifests[m.digest];
        if (!slot) {
            slot = std::make_shared<const ServedManifest>(
                ServedManifest{m.media_type, m.digest, static_cast<std::int64_t>(m.bytes.size()),
                               std::make_shared<const std::string>(m.bytes)});
        }
    };
    for (const PlannedManifest& m : plan.manifests) {
        put_manifest(m.repo, m.manifest);
    }

    std::map<Digest, std::size_t> blob_index;
    for (std::size_t i = 0; i < bom.blobs.size(); ++i) {
        blob_index.emplace(bom.blobs[i].digest, i);
    }
    for (const auto& [digest, repos] : plan.blob_repos) {
        const VerifiedBundle* holder = &bundle;
        std::size_t index = 0;
        if (auto found = blob_index.find(digest); found != blob_index.end()) {
            index = found->second;
        } else if (const BomBlob* left = bom.find_needed(digest);
                   auto in_base =
                       left != nullptr ? names.find_in_bases(digest, left->size) : std::nullopt) {
            std::tie(holder, index) = *in_base;
        } else {
            fail(ErrorCode::internal, label + " neither carries " + digest.str() +
                                          " nor finds it in a base, which its plan needs");
        }
        const BundleEntry& e =
            holder->offsets().entries.at(BundleOffsets::first_blob_index + index);
        ServedBlob served{digest, holder->bom().blobs[index].size,
                          BundleRange{holder, index, e.data_offset, e.size}};
        for (const std::string& repo : repos) {
            next[repo].blobs.emplace(digest, served);
        }
    }
    for (const auto& [repo, inline_blob] : plan.inline_blobs) {
        const Descriptor& d = inline_blob.descriptor;
        next[repo].blobs.emplace(
            d.digest,
            ServedBlob{d.digest, d.size, std::make_shared<const std::string>(inline_blob.bytes)});
    }

    auto put_tag = [&](const PlannedTag& t) {
        if (t.placement.name.empty()) {
            return; // pinned by digest only
        }
        put_manifest(t.placement.repo, t.manifest);
        auto& tags = next[t.placement.repo].tags;
        auto [it, fresh] = tags.emplace(t.placement.name, std::make_pair(t.manifest.digest, label));
        if (!fresh && it->second.first != t.manifest.digest) {
            fail(ErrorCode::usage, it->second.second + " and " + label + " both publish " +
                                       t.placement.repo + ":" + t.placement.name + " (" +
                                       it->second.first.str() + " and " + t.manifest.digest.str() +
                                       "); serve them apart");
        }
    };
    for (const PlannedTag& t : plan.tags) {
        put_tag(t);
    }
    for (const PlannedTag& t : plan.attachment_tags) {
        put_tag(t);
    }

    for (const PlannedReferrers& r : plan.referrers) {
        Repo& repo = next[r.where.repo];
        std::vector<Descriptor>& list = repo.referrers[r.subject];
        for (Descriptor d : r.referrers) {
            if (std::any_of(list.begin(), list.end(),
                            [&](const Descriptor& x) { return x.digest == d.digest; })) {
                continue; // the same referrer from another bundle
            }
            auto m = repo.manifests.find(d.digest);
            if (m == repo.manifests.end()) {
                fail(ErrorCode::internal,
                     label + ": referrer " + d.digest.str() + " is not planned in " + r.where.repo);
            }
            complete_artifact_type(d, *m->second);
            list.push_back(std::move(d));
        }
    }
    repos_ = std::move(next);
}

const ServeIndex::Repo* ServeIndex::find_repo(std::string_view repo,
                                              DistributionError& error) const {
    if (!valid_repository_name(repo)) {
        error = DistributionError::name_invalid;
        return nullptr;
    }
    auto it = repos_.find(repo);
    if (it == repos_.end()) {
        error = DistributionError::name_unknown;
        return nullptr;
    }
    return &it->second;
}

Served<ServedManifest> ServeIndex::manifest(std::string_view repo,
                                            std::string_view reference) const {
    using Answer = Served<ServedManifest>;
    DistributionError error{};
    const Repo* r = find_repo(repo, error);
    if (r == nullptr) {
        return Answer::refused(error);
    }
    Digest digest;
    if (reference.find(':') != std::string_view::npos) {
        RequestDigest d = parse_request_digest(reference);
        if (d.kind == RequestDigest::Kind::invalid) {
            return Answer::refused(DistributionError::digest_invalid);
        }
        if (d.kind == RequestDigest::Kind::unsupported) {
            return Answer::refused(DistributionError::manifest_unknown);
        }
        digest = d.digest;
    } else {
        auto tag = valid_tag(reference) ? r->tags.find(reference) : r->tags.end();
        if (tag == r->tags.end()) {
            return Answer::refused(DistributionError::manifest_unknown);
        }
        digest = tag->second.first;
    }
    auto m = r->manifests.find(digest);
    if (m == r->manifests.end()) {
        return Answer::refused(DistributionError::manifest_unknown);
    }
    return Answer::found(*m->second);
}

Served<ServedBlob> ServeIndex::blob(std::string_view repo, std::string_view digest) const {
    using Answer = Served<ServedBlob>;
    DistributionError error{};
    const Repo* r = find_repo(repo, error);
    if (r == nullptr) {
        return Answer::refused(error);
    }
    RequestDigest d = parse_request_digest(digest);
    if (d.kind == RequestDigest::Kind::invalid) {
        return Answer::refused(DistributionError::digest_invalid);
    }
    if (d.kind == RequestDigest::Kind::unsupported) {
        return Answer::refused(DistributionError::blob_unknown);
    }
    if (auto b = r->blobs.find(d.digest); b != r->blobs.end()) {
        return Answer::found(b->second);
    }
    if (auto m = r->manifests.find(d.digest); m != r->manifests.end()) {
        return Answer::found(ServedBlob{m->second->digest, m->second->size, m->second->bytes});
    }
    return Answer::refused(DistributionError::blob_unknown);
}

Served<Page> ServeIndex::tags(std::string_view repo, std::optional<std::size_t> n,
                              std::optional<std::string_view> last) const {
    DistributionError error{};
    const Repo* r = find_repo(repo, error);
    if (r == nullptr) {
        return Served<Page>::refused(error);
    }
    return Served<Page>::found(paginate(r->tags, n, last));
}

Page ServeIndex::catalog(std::optional<std::size_t> n, std::optional<std::string_view> last) const {
    return paginate(repos_, n, last);
}

Served<ServedReferrers> ServeIndex::referrers(std::string_view repo, std::string_view subject,
                                              std::optional<std::string_view> artifact_type) const {
    using Answer = Served<ServedReferrers>;
    DistributionError error{};
    const Repo* r = find_repo(repo, error);
    if (r == nullptr) {
        return Answer::refused(error);
    }
    RequestDigest d = parse_request_digest(subject);
    if (d.kind == RequestDigest::Kind::invalid) {
        return Answer::refused(DistributionError::digest_invalid);
    }
    nlohmann::json index = {{"schemaVersion", 2},
                            {"mediaType", media::oci_index},
                            {"manifests", nlohmann::json::array()}};
    if (d.kind == RequestDigest::Kind::sha256) {
        if (auto it = r->referrers.find(d.digest); it != r->referrers.end()) {
            for (const Descriptor& ref : it->second) {
                if (artifact_type && ref.artifact_type != *artifact_type) {
                    continue;
                }
                index["manifests"].push_back(ref.to_json());
            }
        }
    }
    return Answer::found(ServedReferrers{index.dump(), artifact_type.has_value()});
}

} // namespace airlock::loader
