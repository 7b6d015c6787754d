#include "loader/state/load_journal.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

constexpr size_t max_journal_bytes = 16 * 1024 * 1024;

nlohmann::json to_json(const JournalEntry& e) {
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& [key, url] : e.sessions) {
        sessions.push_back({{"repo", key.first}, {"blob", key.second}, {"session", url}});
    }
    return {{"target", e.target},   {"bundle", e.bundle},        {"name", e.name},
            {"version", e.version}, {"bomDigest", e.bom_digest}, {"started", e.started},
            {"phase", e.phase},     {"sessions", sessions}};
}

// A journal that cannot be read is reported and ignored: it only ever saves
// work, and the load is correct without it.
std::optional<JournalEntry> from_json(const std::string& text, const std::filesystem::path& path) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    try {
        if (!j.is_object()) {
            throw nlohmann::json::type_error::create(302, "not an object", nullptr);
        }
        JournalEntry e;
        e.target = j.at("target").get<std::string>();
        e.bundle = j.at("bundle").get<std::string>();
        e.name = j.at("name").get<std::string>();
        e.version = j.at("version").get<std::string>();
        e.bom_digest = j.at("bomDigest").get<std::string>();
        e.started = j.at("started").get<std::string>();
        e.phase = j.at("phase").get<std::string>();
        for (const auto& s : j.at("sessions")) {
            e.sessions[{s.at("repo").get<std::string>(), s.at("blob").get<std::string>()}] =
                s.at("session").get<std::string>();
        }
        return e;
    } catch (const nlohmann::json::exception& ex) {
        log::warn("ignoring unreadable resume journal " + path.string() + ": " + ex.what());
        return std::nullopt;
    }
}

} // namespace

LoadJournal::LoadJournal(const std::filesystem::path& state_dir, const std::string& target)
    : dir_(state_dir / "journal"),
      path_(dir_ / (Digest::of(target).hex().substr(0, 16) + ".json")) {
    std::error_code ec;
    if (std::filesystem::exists(path_, ec)) {
        previous_ = from_json(read_file(path_, max_journal_bytes), path_);
    }
}

void LoadJournal::begin(JournalEntry entry) {
    std::lock_guard lock(mu_);
    current_ = std::move(entry);
    active_ = true;
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        fail(ErrorCode::io, "cannot create " + dir_.string() + ": " + ec.message());
    }
    save_locked();
}

void LoadJournal::set_phase(const std::string& phase) {
    std::lock_guard lock(mu_);
    current_.phase = phase;
    save_locked();
}

void LoadJournal::session(const std::string& repo, const Digest& blob, const std::string& url) {
    std::lock_guard lock(mu_);
    if (!active_) {
        return;
    }
    auto key = std::make_pair(repo, blob.str());
    if (url.empty()) {
        if (current_.sessions.erase(key) == 0) {
            return;
        }
    } else {
        current_.sessions[key] = url;
    }
    save_locked();
}

void LoadJournal::finish() {
    std::lock_guard lock(mu_);
    active_ = false;
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    if (ec) {
        log::warn("cannot remove the resume journal " + path_.string() + ": " + ec.message());
    }
}

void LoadJournal::save_locked() const {
    TempFile temp(dir_, 0600);
    temp.write(to_json(current_).dump(2) + "\n");
    temp.commit(path_);
}

} // namespace airlock::loader
