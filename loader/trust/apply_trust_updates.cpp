#include "loader/trust/apply_trust_updates.hpp"

#include "common/core/error.hpp"
#include "common/trust/trust_update.hpp"
#include "loader/trust/trust_store.hpp"

#include <algorithm>
#include <numeric>

namespace airlock::loader {

std::vector<int> apply_trust_updates(EffectivePolicy& policy,
                                     const std::vector<dsse::Envelope>& updates, Timestamp now,
                                     StateStore* persist) {
    // Read every policy first, so a malformed one refuses the lot before any is adopted.
    std::vector<int> versions;
    for (std::size_t i = 0; i < updates.size(); ++i) {
        versions.push_back(
            trust::read_trust_update(updates[i], "#" + std::to_string(i + 1) + " of the bundle")
                .version);
    }
    std::vector<std::size_t> order(updates.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return versions[a] < versions[b]; });

    EffectivePolicy next = policy;
    std::vector<int> adopted;
    std::vector<const dsse::Envelope*> to_store;
    for (std::size_t i : order) {
        const dsse::Envelope& update = updates[i];
        const std::string origin = "#" + std::to_string(i + 1) + " of the bundle";
        if (versions[i] < next.chain.version) {
            continue;
        }
        if (versions[i] == next.chain.version) {
            if (update.payload != next.chain_payload) {
                fail(ErrorCode::rollback, "trust update " + origin + " carries a policy version " +
                                              std::to_string(versions[i]) +
                                              " that differs from the version " +
                                              std::to_string(versions[i]) +
                                              " in force; refusing two policies with one version");
            }
            continue;
        }
        next.chain = trust::adopt_update(next.chain, update, now, origin);
        next.chain_payload = update.payload;
        adopted.push_back(next.chain.version);
        to_store.push_back(&update);
    }
    // Stored only once the whole batch passed, so a refusal leaves the state
    // exactly as it was.
    if (persist != nullptr) {
        for (std::size_t i = 0; i < to_store.size(); ++i) {
            store_trust_update(*persist, adopted[i], *to_store[i]);
        }
    }
    if (!adopted.empty()) {
        rebuild_effective_policy(next);
        policy = std::move(next);
    }
    return adopted;
}

} // namespace airlock::loader
