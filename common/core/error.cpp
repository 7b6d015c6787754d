#include "common/core/error.hpp"

#include <algorithm>
#include <array>

namespace airlock {

namespace {

constexpr std::array<ErrorClass, 15> table{{
    {ErrorCode::internal, 1, "internal", "internal"},
    {ErrorCode::usage, 2, "usage", "usage"},
    {ErrorCode::spec, 3, "invalid-input", "invalid input"},
    {ErrorCode::io, 4, "io", "I/O"},
    {ErrorCode::network, 5, "network", "network"},
    {ErrorCode::auth, 6, "auth", "auth"},
    {ErrorCode::not_found, 7, "not-found", "not found"},
    {ErrorCode::malformed, 10, "malformed-bundle", "malformed bundle"},
    {ErrorCode::integrity, 11, "integrity", "integrity"},
    {ErrorCode::signature, 12, "signature", "signature"},
    {ErrorCode::untrusted, 13, "untrusted-key", "untrusted key"},
    {ErrorCode::expired, 14, "expired", "expired"},
    {ErrorCode::rollback, 15, "rollback", "rollback"},
    {ErrorCode::license, 16, "license", "license"},
    {ErrorCode::base, 17, "missing-base", "missing base"},
}};

const ErrorClass& row(ErrorCode code) {
    const auto it = std::find_if(table.begin(), table.end(),
                                 [code](const ErrorClass& c) { return c.code == code; });
    return it == table.end() ? table.front() : *it;
}

} // namespace

std::span<const ErrorClass> error_classes() {
    return table;
}

std::string_view to_string(ErrorCode code) {
    return row(code).name;
}

int exit_code(ErrorCode code) {
    return row(code).exit_code;
}

std::string exit_code_help(std::string_view success, std::span<const ErrorCode> codes,
                           std::span<const ExitMeaning> meanings) {
    std::string out = "Exit codes: 0 " + std::string(success);
    std::size_t line_start = 0;
    for (const ErrorClass& c : table) {
        if (!codes.empty() && std::find(codes.begin(), codes.end(), c.code) == codes.end()) {
            continue;
        }
        std::string_view text = c.summary;
        for (const ExitMeaning& m : meanings) {
            if (m.code == c.code) {
                text = m.meaning;
            }
        }
        std::string entry = std::to_string(c.exit_code) + " " + std::string(text);
        // Wrapped by hand: CLI11 prints footers as they are.
        if (out.size() - line_start + entry.size() + 2 > 88) {
            out += ",\n";
            line_start = out.size();
        } else {
            out += ", ";
        }
        out += entry;
    }
    return out + ".";
}

} // namespace airlock
