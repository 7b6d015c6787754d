#include "loader/receipt/held_media.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/registry/registry_client.hpp"

#include <algorithm>
#include <cctype>

namespace airlock::loader {

namespace {

// The distribution spec's tag grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool is_tag(const std::string& tag) {
    if (tag.empty() || tag.size() > 128 || tag[0] == '.' || tag[0] == '-') {
        return false;
    }
    return std::all_of(tag.begin(), tag.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
}

bool under_prefix(const std::string& repository, const std::string& prefix) {
    return prefix.empty() || repository == prefix || repository.starts_with(prefix + "/");
}

class RegistryHeldContent final : public HeldContent {
  public:
    RegistryHeldContent(const Target& target, RegistryOptions options)
        : client_(std::move(options)), host_(target.host), prefix_(target.prefix),
          text_(target.text) {}

    std::string describe() const override { return text_; }

    std::vector<HeldRoot> roots() override {
        std::vector<std::string> repositories;
        try {
            repositories = client_.list_repositories(host_);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::not_found) {
                throw;
            }
            fail(ErrorCode::not_found,
                 std::string(e.what()) + ": cannot list what " + text_ +
                     " holds (without --registry the receipt lists what the state recorded)");
        }
        std::sort(repositories.begin(), repositories.end());
        std::vector<HeldRoot> out;
        for (const std::string& repository : repositories) {
            if (!under_prefix(repository, prefix_)) {
                continue;
            }
            // A name the catalog sends goes into request paths: only what a
            // repository name may hold.
            if (repository.empty() || !repository_prefix_problem(repository).empty()) {
                log::warn("receipt leaves out repository '" + repository + "' of " + host_ +
                          ": not a repository name");
                continue;
            }
            for (const std::string& tag : client_.list_tags(host_, repository)) {
                if (!is_tag(tag)) {
                    log::warn("receipt leaves out tag '" + tag + "' of " + host_ + "/" +
                              repository + ": not a tag");
                    continue;
                }
                out.push_back({repository, tag});
            }
        }
        return out;
    }

    RawManifest manifest(const std::string& scope, const std::string& identifier) override {
        return client_.get_manifest(host_, scope, identifier);
    }

    std::optional<std::int64_t> blob_size(const std::string& scope, const Digest& digest) override {
        return client_.head_blob(host_, scope, digest);
    }

  private:
    RegistryClient client_;
    std::string host_;
    std::string prefix_;
    std::string text_;
};

} // namespace

std::unique_ptr<HeldContent> registry_held_content(const Target& target,
                                                   const DestinationOptions& options) {
    return std::make_unique<RegistryHeldContent>(target, registry_client_options(target, options));
}

} // namespace airlock::loader
