#include "loader/trust/update_trust.hpp"

#include "common/io/file.hpp"
#include "common/trust/trust_update.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/trust/trust_store.hpp"

namespace airlock::loader {

PolicyChange update_trust(const std::filesystem::path& state_dir,
                          const std::filesystem::path& file) {
    StateStore state(state_dir, StateStore::Access::write);
    const EffectivePolicy before = load_effective_policy(state, std::nullopt);
    const dsse::Envelope update =
        dsse::parse_envelope(read_named_file(file, "trust update", dsse::max_envelope_bytes));
    trust::TrustPolicy next =
        trust::adopt_update(before.chain, update, state.trusted_time(), file.string());
    store_trust_update(state, next.version, update);
    return diff_policies(before.chain, next);
}

} // namespace airlock::loader
