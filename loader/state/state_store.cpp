#include "loader/state/state_store.hpp"

#include <chrono>

#include "common/core/error.hpp"
#include "common/io/temp_file.hpp"

#include <algorithm>

#include <sys/file.h>

namespace airlock::loader {

namespace {
constexpr const char* state_file = "state.json";
constexpr size_t max_state_bytes = 16 * 1024 * 1024;
} // namespace

StateStore::StateStore(std::filesystem::path dir, Access access) : dir_(std::move(dir)) {
    std::error_code ec;
    if (access == Access::read && !std::filesystem::exists(dir_, ec)) {
        return;
    }
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        fail(ErrorCode::io, "cannot create state directory " + dir_.string() + ": " + ec.message());
    }
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
    std::filesystem::path lock_path = dir_ / "lock";
    lock_ = std::filesystem::exists(lock_path) ? File::open_read_write(lock_path)
                                               : File::create(lock_path, 0600);
    if (flock(lock_.fd(), (access == Access::write ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
        fail(ErrorCode::io,
             "state directory " + dir_.string() + " is in use by another airlock-load (lock held)");
    }
    std::filesystem::path file = dir_ / state_file;
    if (!std::filesystem::exists(file)) {
        return;
    }
    auto j = nlohmann::json::parse(read_file(file, max_state_bytes), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        fail(ErrorCode::io,
             file.string() +
                 ": not valid loader state; refusing to guess (restore it from backup)");
    }
    try {
        if (j.contains("trustedTime")) {
            high_water_ = parse_rfc3339(j["trustedTime"].get<std::string>(), "trustedTime");
        }
        // Named: items() of the temporary value() returns would dangle in the loop.
        nlohmann::json bundles = j.value("bundles", nlohmann::json::object());
        for (const auto& [name, r] : bundles.items()) {
            LoadRecord rec;
            rec.version = r.at("version").get<std::string>();
            rec.bom_digest = r.at("bomDigest").get<std::string>();
            rec.loaded_at = r.value("loadedAt", "");
            rec.key_ids = r.value("keyIds", std::vector<std::string>{});
            rec.target = r.value("target", "");
            for (const auto& sig : r.value("signatures", nlohmann::json::array())) {
                rec.signatures.push_back({sig.at("keyId").get<std::string>(),
                                          sig.at("role").get<std::string>(),
                                          sig.at("notAfter").get<std::string>()});
            }
            loaded_[name] = rec;
        }
    } catch (const nlohmann::json::exception& e) {
        fail(ErrorCode::io, file.string() + ": malformed loader state: " + e.what());
    }
}

std::optional<LoadRecord> StateStore::loaded(const std::string& name) const {
    auto it = loaded_.find(name);
    if (it == loaded_.end()) {
        return std::nullopt;
    }
    return it->second;
}

Timestamp StateStore::trusted_time() const {
    Timestamp now = now_utc();
    return high_water_ && *high_water_ > now ? *high_water_ : now;
}

void StateStore::record_load(const std::string& name, const LoadRecord& record, Timestamp seen,
                             const std::string& bom_bytes) {
    private_dir("boms");
    Digest d = Digest::of(bom_bytes);
    write_file_atomic(boms_dir() / (d.hex() + ".json"), bom_bytes, 0600);
    loaded_[name] = record;
    Timestamp t = std::max(trusted_time(), seen);
    high_water_ = t;
    save();
}

void StateStore::raise_time(Timestamp seen) {
    high_water_ = std::max(trusted_time(), seen);
    save();
}

std::filesystem::path StateStore::private_dir(std::string_view name) const {
    const std::filesystem::path dir = dir_ / name;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        fail(ErrorCode::io, "cannot create " + dir.string() + ": " + ec.message());
    }
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    return dir;
}

std::optional<Bom> StateStore::recorded_bom(const std::string& bom_digest) const {
    Digest digest;
    try {
        digest = Digest::parse(bom_digest);
    } catch (const Error&) {
        return std::nullopt;
    }
    std::filesystem::path f = boms_dir() / (digest.hex() + ".json");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec)) {
        return std::nullopt;
    }
    std::string bytes = read_file(f, max_state_bytes);
    if (Digest::of(bytes) != digest) {
        fail(ErrorCode::io, f.string() + ": content does not match its digest; loader state "
                                         "was altered (restore it from backup)");
    }
    try {
        return Bom::parse(bytes);
    } catch (const Error& e) {
        fail(ErrorCode::io, f.string() + ": " + e.what());
    }
}

std::vector<Bom> StateStore::recorded_boms() const {
    std::vector<Bom> boms;
    for (RecordedBom& r : recorded_bom_entries()) {
        boms.push_back(std::move(r.bom));
    }
    return boms;
}

std::vector<RecordedBom> StateStore::recorded_bom_entries() const {
    std::vector<RecordedBom> out;
    std::error_code ec;
    if (!std::filesystem::is_directory(boms_dir(), ec)) {
        return out;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(boms_dir())) {
        if (e.path().extension() == ".json") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::string bytes = read_file(f, max_state_bytes);
        const Digest digest = Digest::of(bytes);
        if (digest.hex() + ".json" != f.filename().string()) {
            fail(ErrorCode::io, f.string() + ": content does not match its digest; loader state "
                                             "was altered (restore it from backup)");
        }
        RecordedBom r{digest, {}, {}};
        try {
            r.bom = Bom::parse(bytes);
        } catch (const Error& e) {
            fail(ErrorCode::io, f.string() + ": " + e.what());
        }
        const auto written = std::filesystem::last_write_time(f, ec);
        if (ec) {
            fail(ErrorCode::io, "cannot read the time of " + f.string() + ": " + ec.message());
        }
        r.kept_at = format_rfc3339(
            std::chrono::floor<std::chrono::seconds>(std::chrono::file_clock::to_sys(written)));
        out.push_back(std::move(r));
    }
    return out;
}

void StateStore::save() const {
    nlohmann::json bundles = nlohmann::json::object();
    for (const auto& [name, r] : loaded_) {
        nlohmann::json signatures = nlohmann::json::array();
        for (const LoadedSignature& sig : r.signatures) {
            signatures.push_back(
                {{"keyId", sig.key_id}, {"role", sig.role}, {"notAfter", sig.not_after}});
        }
        bundles[name] = {{"version", r.version},    {"bomDigest", r.bom_digest},
                         {"loadedAt", r.loaded_at}, {"keyIds", r.key_ids},
                         {"target", r.target},      {"signatures", signatures}};
    }
    nlohmann::json j = {{"schemaVersion", 1}, {"bundles", bundles}};
    if (high_water_) {
        j["trustedTime"] = format_rfc3339(*high_water_);
    }
    write_file_atomic(dir_ / state_file, j.dump(2) + "\n", 0600);
}

} // namespace airlock::loader
