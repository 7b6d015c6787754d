#pragma once
// A one-line progress display on stderr, redrawn a few times a second while
// long work runs, only when stderr is a terminal and output is not quiet.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace airlock {

class Progress {
  public:
    Progress(std::string label, std::uint64_t total_bytes, std::uint64_t total_items, bool enabled);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void add_bytes(std::uint64_t n) { bytes_.fetch_add(n, std::memory_order_relaxed); }
    void item_done() { items_.fetch_add(1, std::memory_order_relaxed); }
    // Stops the display and clears its line.
    void finish();

    // True when a display would be useful (stderr is a terminal).
    static bool terminal();

  private:
    void draw();

    std::string label_;
    std::uint64_t total_bytes_;
    std::uint64_t total_items_;
    std::atomic<std::uint64_t> bytes_{0};
    std::atomic<std::uint64_t> items_{0};
    std::chrono::steady_clock::time_point start_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

std::string human_bytes(std::uint64_t n);

} // namespace airlock
