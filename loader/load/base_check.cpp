#include "loader/load/base_check.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/log/progress.hpp"

namespace airlock::loader {

namespace {

// How many missing blobs the one-line refusal names.
constexpr std::size_t named_blobs = 3;

} // namespace

std::vector<BomBaseBundle> unrecorded_bases(const Bom& bom, const StateStore& state) {
    std::vector<BomBaseBundle> out;
    if (!bom.base) {
        return out;
    }
    for (const BomBaseBundle& b : bom.base->bundles) {
        if (!state.recorded_bom(b.bom_digest.str())) {
            out.push_back(b);
        }
    }
    return out;
}

std::string name_bases(const std::vector<BomBaseBundle>& bases) {
    std::string out;
    for (const BomBaseBundle& b : bases) {
        out += (out.empty() ? "" : ", ") + b.name + " " + b.version;
    }
    return out;
}

void require_base(const LoadPlan& plan, const Bom& bom, const StateStore& state,
                  const std::string& target) {
    if (plan.missing_base.empty()) {
        return;
    }
    const std::vector<BomBaseBundle> unrecorded = unrecorded_bases(bom, state);
    std::string why;
    if (!unrecorded.empty()) {
        why = "its base " + name_bases(unrecorded) + " was never loaded here";
    } else {
        why = "its base " + name_bases(bom.base->bundles) + " was loaded, but not all of it is " +
              "still in " + target;
    }
    std::string blobs;
    for (std::size_t i = 0; i < plan.missing_base.size() && i < named_blobs; ++i) {
        const BomBlob& b = plan.missing_base[i];
        blobs += (blobs.empty() ? "" : ", ") + b.digest.str() + " (" +
                 human_bytes(static_cast<std::uint64_t>(b.size)) + ")";
    }
    if (plan.missing_base.size() > named_blobs) {
        blobs += ", ...";
    }
    fail(ErrorCode::base, "bundle " + bom.name + " " + bom.version + " is a delta and " + why +
                              ": " + std::to_string(plan.missing_base.size()) +
                              " blob(s) it leaves out are missing from " + target + ": " + blobs +
                              "; load the base first, or a full bundle");
}

void verify_base(const VerifiedBundle& bundle, const StateStore& state,
                 const std::string& target_text, const DestinationOptions& options) {
    const Bom& bom = bundle.bom();
    if (!bom.base) {
        return;
    }
    if (target_text.empty()) {
        const std::vector<BomBaseBundle> unrecorded = unrecorded_bases(bom, state);
        if (!unrecorded.empty()) {
            fail(ErrorCode::base,
                 "bundle " + bom.name + " " + bom.version + " is a delta and its base " +
                     name_bases(unrecorded) + " was never loaded here (by the state in " +
                     state.dir().string() + "); give --to to check the target itself");
        }
        return;
    }
    Target target = parse_target(target_text);
    std::string contacts;
    for (const std::string& e : endpoints_of(target, options)) {
        contacts += (contacts.empty() ? "" : ", ") + e;
    }
    log::info("checking the base of " + bom.name + " " + bom.version + " in " + target.text +
              " (reading only); network endpoints: " + (contacts.empty() ? "none" : contacts));
    std::unique_ptr<Destination> dest = make_destination(target, options);
    require_base(plan_load(bundle, *dest), bom, state, target.text);
}

} // namespace airlock::loader
