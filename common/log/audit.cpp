#include "common/log/audit.hpp"

#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/digest/digest.hpp"
#include "common/io/file.hpp"

#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace airlock {

namespace {
constexpr const char* genesis =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";
}

AuditLog::AuditLog(std::filesystem::path path) : path_(std::move(path)), prev_(genesis) {
    std::ifstream in(path_, std::ios::binary);
    std::string line, last;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            last = line;
        }
    }
    if (!last.empty()) {
        prev_ = Digest::of(last).str();
    }
}

void AuditLog::append(const std::string& event) {
    append(event, nlohmann::json::object());
}

void AuditLog::append(const std::string& event, nlohmann::json fields) {
    std::lock_guard lock(mu_);
    fields["time"] = format_rfc3339(now_utc());
    fields["event"] = event;
    fields["prev"] = prev_;
    std::string line = fields.dump();
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        fail(ErrorCode::io, io_message(path_, "open audit log", errno));
    }
    File f = File::adopt(fd, path_);
    f.write(line + "\n");
    f.fsync();
    prev_ = Digest::of(line).str();
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
