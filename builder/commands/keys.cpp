#include "common/sign/keys.hpp"
#include "builder/commands/commands.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <system_error>

namespace airlock::builder {

namespace {

struct GenerateOptions {
    std::string out;
    std::string type = "ed25519";
    bool force = false;
};

int run_generate(const GenerateOptions& options, bool json) {
    const sign::KeyType type = sign::parse_key_type(options.type);
    const std::filesystem::path private_path = options.out + ".key";
    const std::filesystem::path public_path = options.out + ".pub";
    // Check both before writing either, so a refusal leaves no half pair.
    if (!options.force) {
        for (const auto& p : {private_path, public_path}) {
            std::error_code ec;
            if (std::filesystem::symlink_status(p, ec).type() !=
                std::filesystem::file_type::not_found) {
                fail(ErrorCode::io, p.string() + " already exists; pass --force to replace it");
            }
        }
    }
    const sign::PrivateKey key = sign::PrivateKey::generate(type);
    sign::write_private_key(key, private_path, options.force);
    try {
        sign::write_public_key(key.public_key(), public_path, options.force);
    } catch (const Error&) {
        // A private key without its public half is a trap; a forced run may
        // already have replaced an older key, which cannot be undone.
        if (!options.force) {
            std::error_code ignored;
            std::filesystem::remove(private_path, ignored);
        }
        throw;
    }
    if (json) {
        std::cout << nlohmann::json{{"keyId", key.id()},
                                    {"type", std::string(sign::to_string(type))},
                                    {"private", private_path.string()},
                                    {"public", public_path.string()}}
                         .dump()
                  << std::endl;
    } else {
        log::info("wrote " + private_path.string() + " (private, mode 0600: keep it secret) and " +
                  public_path.string());
        std::cout << key.id() << std::endl;
    }
    return 0;
}

} // namespace

void register_keys(CLI::App& app, GlobalOptions& global) {
    auto* keys = app.add_subcommand("keys", "Create signing keys for bundles and licenses");
    keys->require_subcommand(1);

    auto options = std::make_shared<GenerateOptions>();
    auto* generate = keys->add_subcommand(
        "generate",
        "Generate a key pair: PREFIX.key (PKCS#8 PEM, mode 0600) and PREFIX.pub (SPKI PEM).\n"
        "Prints the key id: the sha256 of the DER public key, as trust policies list it.");
    generate->add_option("--out", options->out, "Path prefix of the two files, e.g. keys/vendor")
        ->required()
        ->type_name("PREFIX");
    generate
        ->add_option("--type", options->type,
                     "ed25519 (default) or ecdsa-p256 (NIST P-256 with SHA-256, for FIPS sites)")
        ->check(CLI::IsMember({"ed25519", "ecdsa-p256"}))
        ->type_name("TYPE");
    generate->add_flag("--force", options->force,
                       "Replace PREFIX.key and PREFIX.pub if they exist");
    generate->add_flag("--json", global.json,
                       "Print {keyId, type, private, public} as JSON instead of the bare key id");
    generate->footer("Example:\n"
                     "  airlock-build keys generate --out keys/vendor --type ed25519\n"
                     "The files are ordinary PEM: 'openssl pkey -in keys/vendor.key -pubout' "
                     "reads them.\n");
    generate->callback([options, &global] {
        global.run = [options, &global] { return run_generate(*options, global.json); };
    });
}

} // namespace airlock::builder
