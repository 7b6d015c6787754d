#include "common/log/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace airlock {

std::string human_bytes(std::uint64_t n) {
    static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

bool Progress::terminal() {
    return isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::string label, std::uint64_t total_bytes, std::uint64_t total_items,
                   bool enabled)
    : label_(std::move(label)), total_bytes_(total_bytes), total_items_(total_items),
      start_(std::chrono::steady_clock::now()) {
    if (enabled) {
        thread_ = std::thread([this] {
            std::unique_lock lock(mu_);
            while (!cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_; })) {
                draw();
            }
        });
    }
}

Progress::~Progress() {
    finish();
}

void Progress::finish() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
}

void Progress::draw() {
    auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::uint64_t b = bytes_.load(std::memory_order_relaxed);
    double rate = secs > 0 ? static_cast<double>(b) / secs : 0;
    std::fprintf(stderr, "\r\033[K%s %s / %s  %llu/%llu  %s/s", label_.c_str(),
                 human_bytes(b).c_str(), human_bytes(total_bytes_).c_str(),
                 static_cast<unsigned long long>(items_.load(std::memory_order_relaxed)),
                 static_cast<unsigned long long>(total_items_),
                 human_bytes(static_cast<std::uint64_t>(rate)).c_str());
    std::fflush(stderr);
}

} // namespace airlock
