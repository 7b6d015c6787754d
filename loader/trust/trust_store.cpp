#include "loader/trust/trust_store.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "loader/state/state_store.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <system_error>

namespace airlock::loader {

namespace {

constexpr std::string_view prefix = "policy-";
constexpr std::string_view suffix = ".json";

std::filesystem::path trust_dir(const StateStore& state) {
    return state.dir() / "trust";
}

std::filesystem::path update_file(const StateStore& state, int version) {
    return trust_dir(state) / (std::string(prefix) + std::to_string(version) + std::string(suffix));
}

// policy-<version>.json with a canonical decimal version (no sign, no leading
// zero), so one version has exactly one file name.
std::optional<int> version_of(const std::string& name) {
    if (name.size() <= prefix.size() + suffix.size() || !name.starts_with(prefix) ||
        !name.ends_with(suffix)) {
        return std::nullopt;
    }
    std::string_view digits(name);
    digits = digits.substr(prefix.size(), digits.size() - prefix.size() - suffix.size());
    if (digits.front() == '0') {
        return std::nullopt;
    }
    int version = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec != std::errc() || end != digits.data() + digits.size() || version < 1) {
        return std::nullopt;
    }
    return version;
}

} // namespace

std::vector<StoredUpdate> stored_trust_updates(const StateStore& state) {
    std::vector<StoredUpdate> out;
    const std::filesystem::path dir = trust_dir(state);
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) {
        return out;
    }
    if (!std::filesystem::is_directory(dir, ec)) {
        fail(ErrorCode::untrusted, dir.string() + ": not a directory; loader state was altered");
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(".")) {
            continue;
        }
        auto version = version_of(name);
        if (!version || !entry.is_regular_file()) {
            fail(ErrorCode::untrusted,
                 entry.path().string() +
                     ": not a stored trust update (expected a file policy-<version>.json); "
                     "add updates with 'airlock-load trust update', never by hand");
        }
        out.push_back({*version, entry.path()});
    }
    std::sort(out.begin(), out.end(),
              [](const StoredUpdate& a, const StoredUpdate& b) { return a.version < b.version; });
    return out;
}

dsse::Envelope read_stored_update(const StoredUpdate& stored) {
    return dsse::parse_envelope(read_file(stored.file, dsse::max_envelope_bytes));
}

void store_trust_update(const StateStore& state, int version, const dsse::Envelope& update) {
    state.private_dir("trust");
    write_file_atomic(update_file(state, version), dsse::serialize(update) + "\n", 0600);
}

} // namespace airlock::loader
