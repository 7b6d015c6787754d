#include "builder/trust/sign_trust_policy.hpp"

#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "common/sign/keys.hpp"
#include "common/trust/trust_policy.hpp"
#include "common/trust/trust_update.hpp"

namespace airlock::builder {

int sign_trust_policy(const std::filesystem::path& policy,
                      const std::vector<std::filesystem::path>& keys,
                      const std::filesystem::path& out) {
    std::string text = read_named_file(policy, "trust policy", trust::max_trust_policy_bytes);
    std::vector<sign::PrivateKey> signers;
    for (const auto& k : keys) {
        signers.push_back(sign::PrivateKey::load(k));
    }
    const dsse::Envelope update =
        trust::sign_trust_update(std::move(text), signers, policy.string());
    write_file_atomic(out, dsse::serialize(update) + "\n", 0644);
    return trust::read_trust_update(update, out.string()).version;
}

} // namespace airlock::builder
