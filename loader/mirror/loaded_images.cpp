#include "loader/mirror/loaded_images.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "loader/verify/verify_bundle.hpp"

namespace airlock::loader {

namespace {

LoadedImages images_of_bundle(const std::filesystem::path& path,
                              const std::filesystem::path& state_dir,
                              const std::optional<std::filesystem::path>& trust) {
    StateStore state(state_dir, StateStore::Access::read);
    EffectivePolicy policy = load_effective_policy(state, trust);
    VerifiedBundle bundle =
        verify_bundle(VerifyOptions{path, false, false, nullptr}, policy, state);
    const VerifyReport& r = bundle.report();
    log::info("verified " + r.name + " " + r.version + " (" + r.bom_digest + ") with the " +
              r.policy_origin + " trust policy" +
              (r.development_policy ? " (DEVELOPMENT keys: for tests only)" : ""));
    if (bundle.bom().images.empty()) {
        fail(ErrorCode::not_found,
             "bundle " + path.string() + " carries no images: there is nothing to mirror");
    }
    return {bundle.bom().images, "bundle " + r.name + " " + r.version, r.name, r.version};
}

LoadedImages images_of_state(const std::filesystem::path& state_dir) {
    StateStore state(state_dir, StateStore::Access::read);
    LoadedImages out;
    std::vector<Bom> boms = state.recorded_boms();
    for (const Bom& bom : boms) {
        out.images.insert(out.images.end(), bom.images.begin(), bom.images.end());
    }
    if (out.images.empty()) {
        fail(ErrorCode::not_found, "no loaded images recorded in " + state_dir.string() +
                                       ": load a bundle first (airlock-load load), pass "
                                       "--state-dir, or name a BUNDLE");
    }
    out.source = "loader state " + state_dir.string() + " (" + std::to_string(boms.size()) +
                 (boms.size() == 1 ? " bundle)" : " bundles)");
    return out;
}

} // namespace

LoadedImages loaded_images(const std::optional<std::filesystem::path>& bundle,
                           const std::filesystem::path& state_dir,
                           const std::optional<std::filesystem::path>& trust) {
    return bundle ? images_of_bundle(*bundle, state_dir, trust) : images_of_state(state_dir);
}

} // namespace airlock::loader
