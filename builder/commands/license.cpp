#include "builder/commands/commands.hpp"
#include "builder/license/issue_license.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/log/log.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::builder {

void register_license(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string key, customer, product, id, not_before, valid_from, expires, output;
        std::vector<std::string> entitlements;
    };
    auto f = std::make_shared<Flags>();
    auto* license = app.add_subcommand("license", "Issue offline licenses");
    license->require_subcommand(1);
    auto* issue = license->add_subcommand(
        "issue", "Write a signed license (a DSSE envelope over an in-toto statement, see "
                 "schemas/license.schema.json) that airlock-load license import accepts when "
                 "KEY has role vendor or license in its trust policy.");
    issue->add_option("--key", f->key, "Signing key (PEM, PKCS#8)")->required();
    issue->add_option("--customer", f->customer, "Who the license is for")->required();
    issue->add_option("--product", f->product, "Product, as bundles name it in requires.license")
        ->required();
    issue->add_option("--entitlement", f->entitlements, "KEY=VALUE granted; repeatable");
    issue->add_option("--id", f->id,
                      "License id (default: lic- and 24 hex digits derived from the content)");
    auto* delay = issue->add_option("--not-before", f->not_before,
                                    "Valid only after this delay from issue: 30d, 12h, ...");
    issue->add_option("--valid-from", f->valid_from, "Valid only from this RFC 3339 time")
        ->excludes(delay);
    issue->add_option("--expires", f->expires, "Validity counted from the start: 365d, ...")
        ->required();
    issue->add_option("-o,--output", f->output, "License file to write")->required();
    issue->add_flag("--json", global.json, "Print {licenseId, keyId, notBefore, ...} as JSON");
    issue->footer("issuedAt is SOURCE_DATE_EPOCH when set, else now.\nExample:\n"
                  "  airlock-build license issue --key vendor.key --customer acme "
                  "--product edge-stack \\\n    --entitlement nodes=10 --expires 365d -o "
                  "acme.license.json\n");
    issue->callback([f, &global] {
        global.run = [f, &global] {
            IssueLicenseOptions o;
            o.key = f->key;
            o.customer = f->customer;
            o.product = f->product;
            o.entitlements = f->entitlements;
            o.id = f->id;
            if (!f->not_before.empty()) {
                o.not_before_delay = parse_duration(f->not_before);
            }
            if (!f->valid_from.empty()) {
                o.valid_from = try_parse_rfc3339(f->valid_from);
                if (!o.valid_from) {
                    fail(ErrorCode::usage, "--valid-from '" + f->valid_from +
                                               "' is not an RFC 3339 time such as "
                                               "2026-11-23T10:00:00Z");
                }
            }
            o.expires = parse_duration(f->expires);
            o.output = f->output;
            const IssuedLicense r = issue_license(o);
            const license::License& l = r.license;
            if (global.json) {
                std::cout << nlohmann::json{{"licenseId", l.id},
                                            {"customer", l.customer},
                                            {"product", l.product},
                                            {"entitlements", l.entitlements},
                                            {"issuedAt", format_rfc3339(l.issued_at)},
                                            {"notBefore", format_rfc3339(l.not_before)},
                                            {"notAfter", format_rfc3339(l.not_after)},
                                            {"keyId", r.key_id},
                                            {"output", r.output.string()}}
                                 .dump()
                          << std::endl;
            } else {
                log::info("wrote " + r.output.string() + ": license " + l.id + " for " +
                          l.customer + ", product " + l.product + ", valid " +
                          format_rfc3339(l.not_before) + " to " + format_rfc3339(l.not_after));
                std::cout << l.id << std::endl;
            }
            return 0;
        };
    });
}

} // namespace airlock::builder
