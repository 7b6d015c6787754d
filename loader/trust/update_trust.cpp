#include "loader/trust/update_trust.hpp"

#include "common/sign/key_file.hpp"
#include "common/sign/trust_update.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/trust/trust_store.hpp"

namespace airlock::loader {

PolicyChange update_trust(const std::filesystem::path& state_dir,
                          const std::filesystem::path& file) {
    StateStore state(state_dir, StateStore::Access::write);
    const EffectivePolicy before = load_effective_policy(state, std::nullopt);
    const dsse::Envelope update =
        dsse::parse_envelope(sign::read_small_file(file, dsse::max_envelope_bytes, "trust update"));
    sign::TrustPolicy next =
        sign::adopt_update(before.chain, update, state.trusted_time(), file.string());
    store_trust_update(state, next.version, update);
    return diff_policies(before.chain, next);
}

} // namespace airlock::loader
