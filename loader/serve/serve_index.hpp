#pragma once
// What `airlock-load serve` answers, without HTTP: the read-only OCI
// distribution v1.1 view of one or more verified bundles, under exactly the
// names `airlock-load load --to registry://HOST[/PREFIX] [--keep-host]` would
// give their content. The names come from the load planner (plan_load
// through a NamingDestination), so serve and load cannot drift apart.
//
// Built once (add() per bundle), then only read: every answer is computed
// from what the planner already read and verified (manifests, kept in
// memory) and from the bundle's offsets (blobs, never read here). Const
// methods may be called from several threads at once; add() may not run
// concurrently with anything.
//
// A blob answer points into the bundle file; its bytes are the BOM's only if
// the bundle was not changed since verification, so a server must hash what
// it streams (or have verified --deep) as every other reader does.
#include "common/oci/model.hpp"
#include "loader/serve/distribution_error.hpp"
#include "loader/serve/naming_destination.hpp"
#include "loader/verify/verified_bundle.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace airlock::loader {

// An answer, or the distribution error a registry would send instead.
template <typename T> struct Served {
    std::optional<T> value;
    DistributionError error = DistributionError::unsupported; // meaningful when !value

    bool ok() const { return value.has_value(); }
    static Served found(T v) { return Served{std::move(v), {}}; }
    static Served refused(DistributionError e) { return Served{std::nullopt, e}; }
};

struct ServedManifest {
    std::string media_type; // the Content-Type to send
    Digest digest;          // Docker-Content-Digest
    std::int64_t size = 0;
    std::shared_ptr<const std::string> bytes; // verified against digest
};

// A blob's bytes as one byte range of a bundle (split volumes read as one,
// BundleFiles::read_at), blob `blob_index` of its BOM (for open_blob).
struct BundleRange {
    const VerifiedBundle* bundle = nullptr;
    std::size_t blob_index = 0;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

struct ServedBlob {
    Digest digest;
    std::int64_t size = 0;
    // In a bundle, or in memory: a blob airlock makes (an artifact's empty
    // config) or a manifest fetched as a blob.
    std::variant<BundleRange, std::shared_ptr<const std::string>> where;
};

// One page of a tag list or the catalog. `next_last` is the `last` to put in
// the Link header (rel="next") when more entries follow this page; it is
// unset when none do, and when the page is empty (n=0), so a client that
// follows Link never loops.
struct Page {
    std::vector<std::string> entries;
    std::optional<std::string> next_last;
};

struct ServedReferrers {
    std::string bytes; // an OCI image index, application/vnd.oci.image.index.v1+json
    // True when the artifactType filter was applied (the OCI-Filters-Applied header).
    bool filtered = false;
};

class ServeIndex {
  public:
    explicit ServeIndex(ServeNaming naming) : naming_(std::move(naming)) {}

    // Adds every image, chart, attachment and artifact of `bundle` (which
    // must outlive the index) under the names load would give them. What a
    // delta leaves to its base is served from `bases` (verified bundles that
    // must outlive the index too): Error(base) naming what none of them
    // carries. Error(usage) when a repository:tag is already served with
    // another digest (naming both bundles); on failure the index is
    // unchanged. Errors of plan_load (malformed, integrity) pass through.
    void add(const VerifiedBundle& bundle, const std::vector<const VerifiedBundle*>& bases = {});

    // GET/HEAD /v2/<repo>/manifests/<reference>, a tag or a digest.
    Served<ServedManifest> manifest(std::string_view repo, std::string_view reference) const;
    // GET/HEAD /v2/<repo>/blobs/<digest>: only what the repository's content references.
    Served<ServedBlob> blob(std::string_view repo, std::string_view digest) const;
    // GET /v2/<repo>/tags/list?n=&last=: tags in lexical order after `last`
    // (which need not exist), at most n of them (all without n).
    Served<Page> tags(std::string_view repo, std::optional<std::size_t> n = std::nullopt,
                      std::optional<std::string_view> last = std::nullopt) const;
    // GET /v2/_catalog?n=&last=, the same way over repository names.
    Page catalog(std::optional<std::size_t> n = std::nullopt,
                 std::optional<std::string_view> last = std::nullopt) const;
    // GET /v2/<repo>/referrers/<digest>?artifactType=: every manifest of the
    // repository whose subject is the digest (an empty index when none).
    Served<ServedReferrers>
    referrers(std::string_view repo, std::string_view subject,
              std::optional<std::string_view> artifact_type = std::nullopt) const;

  private:
    struct Repo {
        std::map<Digest, std::shared_ptr<const ServedManifest>> manifests;
        // tag -> digest, and which bundle set it (for the conflict message)
        std::map<std::string, std::pair<Digest, std::string>, std::less<>> tags;
        std::map<Digest, ServedBlob> blobs;
        std::map<Digest, std::vector<Descriptor>> referrers;
    };

    // nullptr with the error set when the name is invalid or unknown.
    const Repo* find_repo(std::string_view repo, DistributionError& error) const;

    ServeNaming naming_;
    std::map<std::string, Repo, std::less<>> repos_;
};

} // namespace airlock::loader
