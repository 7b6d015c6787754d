#include "common/log/audit.hpp"

#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/digest/digest.hpp"
#include "common/io/file.hpp"

#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <unistd.h>

namespace airlock {

namespace {
constexpr const char* genesis =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

// The file's last non-empty line, read backwards from the end: the log grows
// for years, and an append must not read all of it.
std::string last_line(const File& f) {
    std::uint64_t end = f.size();
    std::string tail;
    constexpr std::uint64_t step = 4096;
    while (end > 0) {
        std::uint64_t start = end > step ? end - step : 0;
        std::string chunk(static_cast<std::size_t>(end - start), '\0');
        f.read_exact_at(std::as_writable_bytes(std::span(chunk.data(), chunk.size())), start);
        tail.insert(0, chunk);
        end = start;
        while (!tail.empty() && tail.back() == '\n') {
            tail.pop_back();
        }
        if (auto nl = tail.rfind('\n'); nl != std::string::npos) {
            return tail.substr(nl + 1);
        }
    }
    return tail;
}
} // namespace

AuditLog::AuditLog(std::filesystem::path path) : path_(std::move(path)) {}

void AuditLog::append(const std::string& event) {
    append(event, nlohmann::json::object());
}

void AuditLog::append(const std::string& event, nlohmann::json fields) {
    std::lock_guard lock(mu_);
    fields["time"] = format_rfc3339(now_utc());
    fields["event"] = event;
    int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        fail(ErrorCode::io, io_message(path_, "open audit log", errno));
    }
    File f = File::adopt(fd, path_);
    // Several processes append (a load, and a serve that runs for months):
    // the lock and a fresh read of the last line keep one chain. The lock
    // goes with the descriptor.
    while (::flock(f.fd(), LOCK_EX) != 0) {
        if (errno != EINTR) {
            fail(ErrorCode::io, io_message(path_, "lock audit log", errno));
        }
    }
    std::string last = last_line(f);
    fields["prev"] = last.empty() ? std::string(genesis) : Digest::of(last).str();
    std::string line = fields.dump();
    f.write(line + "\n");
    f.fsync();
}

std::size_t AuditLog::verify_chain(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    std::string prev = genesis;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.value("prev", "") != prev) {
            fail(ErrorCode::integrity,
                 path.string() + ":" + std::to_string(n) +
                     ": audit chain broken (line edited, removed or inserted)");
        }
        prev = Digest::of(line).str();
    }
    return n;
}

} // namespace airlock
