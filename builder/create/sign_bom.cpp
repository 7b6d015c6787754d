#include "builder/create/sign_bom.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/statement.hpp"

#include <cstdlib>

namespace airlock::builder {

struct BomSigner::Impl {
    sign::PrivateKey key;
    std::string role;
    std::chrono::seconds expires;
};

BomSigner::BomSigner(const std::filesystem::path& key, std::string role,
                     std::chrono::seconds expires) {
    if (!sign::is_valid_role(role)) {
        fail(ErrorCode::usage,
             "invalid role '" + role + "': use lowercase letters, digits and '-'");
    }
    impl_ = std::make_unique<Impl>(Impl{sign::PrivateKey::load(key), std::move(role), expires});
}

BomSigner::~BomSigner() = default;

nlohmann::json BomSigner::sign(const std::string& bom_bytes, const std::string& name,
                               const std::string& version, Timestamp issued_at) const {
    auto statement = sign::make_validity_statement(Digest::of(bom_bytes), impl_->role, name,
                                                   version, issued_at, impl_->expires);
    return dsse::to_json(sign::sign_statement(statement, impl_->key));
}

std::string BomSigner::key_id() const {
    return impl_->key.id();
}

Timestamp build_time() {
    return source_date_epoch().value_or(now_utc());
}

} // namespace airlock::builder
