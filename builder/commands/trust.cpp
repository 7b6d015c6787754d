#include "builder/commands/commands.hpp"
#include "builder/trust/sign_trust_policy.hpp"
#include "common/log/log.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::builder {

void register_trust(CLI::App& app, GlobalOptions& global) {
    auto* trust = app.add_subcommand("trust", "Make signed trust policy updates (key rotation "
                                              "and revocation) for airlock-load");
    trust->require_subcommand(1);

    struct Flags {
        std::string policy, out;
        std::vector<std::string> keys;
    };
    auto f = std::make_shared<Flags>();
    auto* sign = trust->add_subcommand(
        "sign", "Sign a complete new trust policy as an update: one DSSE envelope, one "
                "signature per --key. airlock-load adopts it when it is signed by the vendor "
                "threshold of both the policy in force and the new policy.");
    sign->add_option("policy", f->policy, "The new trust policy (schemas/trust-policy.schema.json)")
        ->required();
    sign->add_option("--key", f->keys, "Private key to sign with; repeat for each signer")
        ->required();
    sign->add_option("-o,--out", f->out, "Where to write the update")->required();
    sign->add_flag("--json", global.json, "Print {version, out} as JSON");
    sign->footer(
        "Example (rotate to a new vendor key, then revoke the old one):\n"
        "  airlock-build trust sign policy-v2.json --key old.key --key new.key -o v2.json\n"
        "  airlock-build trust sign policy-v3.json --key new.key -o v3.json\n");
    sign->callback([f, &global] {
        global.run = [f, &global] {
            std::vector<std::filesystem::path> keys(f->keys.begin(), f->keys.end());
            int version = sign_trust_policy(f->policy, keys, f->out);
            if (global.json) {
                std::cout << nlohmann::json{{"version", version}, {"out", f->out}}.dump()
                          << std::endl;
            } else {
                log::info("wrote trust update " + f->out + " (policy version " +
                          std::to_string(version) + ", " + std::to_string(keys.size()) +
                          " signature(s))");
            }
            return 0;
        };
    });
}

} // namespace airlock::builder
