#pragma once
// The layered resolver: where a node would get an image from, decided the way
// the air gap demands.
//   layer 1: the local mirror (what airlock-load hydrated);
//   layer 2: fallback registries, only those configured, and only for content
//            whose digest a verified bundle recorded;
//   layer 3: nothing else. The public upstream is never contacted.
#include "common/core/error.hpp"
#include "common/registry/registry_client.hpp"
#include "loader/mirror/mirror_url.hpp"
#include "loader/resolve/recorded_images.hpp"

#include <optional>
#include <string>
#include <vector>


namespace airlock::loader {

struct ResolverOptions {
    MirrorUrl mirror;
    std::vector<MirrorUrl> fallbacks; // tried in order
    bool keep_host = false; // repositories at PREFIX/<upstream host>/<path>, as load --keep-host
    std::string authfile;
    std::string cert_dir;
    std::vector<std::string> token_services; // "host:port" of token services on other hosts
};

struct Resolution {
    std::string ref;       // as given
    std::string canonical; // normalised
    int layer = 3;         // 1 mirror, 2 fallback, 3 failed closed
    std::string source;    // the registry URL and repository that answered
    std::optional<Digest> digest;
    bool recorded = false;                    // the digest is one a verified bundle recorded
    std::vector<std::string> notes;           // why earlier layers did not answer
    ErrorCode failure = ErrorCode::not_found; // layer 3 only

    bool ok() const { return layer != 3; }
    std::string to_text() const;
};

class Resolver {
  public:
    Resolver(ResolverOptions options, RecordedImages recorded);

    // Never throws for a reference that cannot be resolved: that is a layer 3
    // Resolution. Error(usage) only for a reference that does not parse.
    Resolution resolve(const std::string& ref) const;

    // Every endpoint a resolve may contact, for the start line.
    std::vector<std::string> endpoints() const;

  private:
    std::string repository_at(const MirrorUrl& registry, const Reference& ref) const;

    ResolverOptions options_;
    RecordedImages recorded_;
    RegistryClient client_;
};

} // namespace airlock::loader
