#pragma once
// Where images go. A Destination is one medium (an OCI layout directory, a
// registry). The loader's pipeline drives every destination the same way and
// never asks which medium it is talking to; what differs is asked through
// capability queries (concurrent_puts, link_blob, cancel_interrupted_upload)
// and place().
//
// Contract, in the order the pipeline calls:
//   1. Blobs. has_blob() may skip a blob already there; otherwise blob_sink()
//      returns a sink that copy_blob() feeds and commits only after the bytes
//      matched the descriptor. An uncommitted sink leaves no trace.
//   2. Manifests by digest, children before the indexes naming them, each only
//      after every blob it references was put. The bytes passed in were
//      verified against their digest by the caller.
//   3. Tags last, each naming a manifest already put. The pipeline tags only
//      after every manifest of the load is in, so a name never points at
//      something incomplete even on a medium where tag() publishes at once
//      (a registry).
//   4. commit(). A medium that can hold names back (an OCI layout's
//      index.json) publishes them here, so that destroying it without
//      commit() publishes nothing new. Blobs and manifests by digest may be
//      visible before, since nobody can find them without the digest.
// There are no transactional semantics across destinations or across
// repositories of one registry. Every call is idempotent: re-running a load
// after a failure at any step is safe and skips what is already there.
// Throws airlock::Error (io, network, auth, ...) on failure.
#include "common/core/error.hpp"
#include "common/oci/model.hpp"
#include "common/reference/reference.hpp"
#include "common/transport/blob_sink.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airlock {

// Where one image of a bundle lands: the repository its blobs and manifests go
// to, and the name it is published under (a registry tag, or an OCI layout's
// org.opencontainers.image.ref.name). An empty name publishes nothing (an
// image pinned only by digest on a medium that names by tag).
struct Placement {
    std::string repo;
    std::string name;
};

class Destination {
  public:
    virtual ~Destination() = default;

    // Human-readable location for messages and audit ("oci:/path", "registry 127.0.0.1:5000").
    virtual std::string describe() const = 0;

    // Where the image the bundle names `canonical_ref` goes
    // ("registry/repository[:tag][@digest]", as the BOM records it).
    virtual Placement place(const std::string& canonical_ref) const = 0;

    // The repository clients pull the image `canonical_ref` from once it is
    // placed here, as a cosign signature's docker-reference names it: a
    // registry's "host[:port]/<repo>". By default the canonical repository
    // ("docker.io/library/nginx"), the name an OCI layout gives the image.
    virtual std::string pull_repository(const std::string& canonical_ref) const {
        return Reference::parse(canonical_ref).name();
    }

    // Where an artifact airlock names itself goes (a bundle's files:
    // "airlock/<bundle>/files", tag = the bundle version).
    virtual Placement place_artifact(const std::string& path, const std::string& tag) const = 0;

    // True when `repo` already holds the blob, so it need not be written again.
    virtual bool has_blob(const std::string& repo, const Descriptor& blob) = 0;

    // A sink for one blob of `repo`; copy_blob() commits it after verification.
    virtual std::unique_ptr<BlobSink> blob_sink(const std::string& repo,
                                                const Descriptor& blob) = 0;

    // Makes `blob`, already in `from`, present in `repo` without its bytes
    // passing again (a registry's cross-repository mount). False when the
    // medium cannot; the pipeline then streams the blob.
    virtual bool link_blob(const std::string& /*repo*/, const std::string& /*from*/,
                           const Descriptor& /*blob*/) {
        return false;
    }

    // True when `repo` already holds this manifest, so it need not be put again.
    virtual bool has_manifest(const std::string& /*repo*/, const Descriptor& /*manifest*/) {
        return false;
    }

    // True when `name` in `repo` already names exactly `manifest`, so tagging
    // again would change nothing.
    virtual bool has_tag(const std::string& /*repo*/, const std::string& /*name*/,
                         const Descriptor& /*manifest*/) {
        return false;
    }

    // The manifest `name` names in `repo` now (tags of earlier loads, and of
    // this one once tagged), or nullopt when it names none. Used to merge a
    // referrers tag schema index rather than replace it.
    virtual std::optional<RawManifest> get_tagged(const std::string& /*repo*/,
                                                  const std::string& /*name*/) {
        return std::nullopt;
    }

    // The manifest `manifest` names (by digest) as `repo` holds it, its bytes
    // checked against the descriptor's digest and size (Error(integrity)
    // when they differ) and given its media type; nullopt when `repo` lacks
    // it. What a delta bundle leaves to its base is read back this way.
    virtual std::optional<RawManifest> read_manifest(const std::string& /*repo*/,
                                                     const Descriptor& /*manifest*/) {
        return std::nullopt;
    }

    // Every repository the medium holds (a registry's catalog), where a blob
    // a delta's base left in another repository may be found; empty when it
    // cannot list them or has none (an OCI layout has one blob store).
    virtual std::vector<std::string> repositories() { return {}; }

    // Every name `repo` publishes (a registry's tags list); empty when it
    // cannot list them or has none.
    virtual std::vector<std::string> names(const std::string& /*repo*/) { return {}; }

    // True when the medium lists the referrers of `subject` in `repo` itself
    // (the OCI distribution 1.1 referrers API), so no referrers tag schema
    // index needs keeping. Asked once per subject.
    virtual bool lists_referrers(const std::string& /*repo*/, const Digest& /*subject*/) {
        return false;
    }

    // Removes the manifest or index `digest` from `repo`, and with it every
    // name that points at it (a registry's DELETE by digest: Distribution
    // drops the tags with the manifest). Blobs stay; the medium's own garbage
    // collector reclaims them. True when it was removed, false when `repo`
    // did not hold it. Error(usage) when the medium cannot delete (the
    // default). Only `airlock-load gc --apply` calls it.
    virtual bool delete_manifest(const std::string& repo, const Digest& digest) {
        (void)repo;
        throw Error(ErrorCode::usage,
                    describe() + " cannot delete manifests (" + digest.str() + ")");
    }

    // Stores a verified manifest or index under its digest.
    virtual void put_manifest(const std::string& repo, const RawManifest& manifest) = 0;

    // Publishes `manifest` (already put) under `name` in `repo` (a Placement's).
    virtual void tag(const std::string& repo, const std::string& name,
                     const RawManifest& manifest) = 0;

    // Makes every tag visible; see the contract above.
    virtual void commit() = 0;

    // True when blob_sink() and put_manifest() may be used from several threads at once.
    virtual bool concurrent_puts() const { return false; }

    // Cancels an upload `session` of `repo` that an interrupted earlier run
    // left open (a resume journal kept its id), so the medium can free what
    // it holds for it. Best effort: a session already gone or expired is not
    // an error. Called before any blob of the new run. False, doing nothing,
    // when the medium keeps no upload state between runs (an OCI layout's
    // uncommitted blobs are temporary files no reader can see).
    virtual bool cancel_interrupted_upload(const std::string& /*repo*/,
                                           const std::string& /*session*/) {
        return false;
    }
};

} // namespace airlock
