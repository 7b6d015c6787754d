#pragma once
// Private to common/registry. Reusable (multi, easy) handle pairs: each multi
// handle keeps its connection cache, so a pair taken from the pool usually
// finds a live keep-alive connection (and TLS session) to the registry.
// DNS and TLS sessions are also shared across pairs through one share handle.
#include "common/registry/detail/curl_handles.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace airlock {

class HandlePool {
  public:
    struct Handles {
        curl::Easy easy;
        curl::Multi multi; // declared last so it is cleaned up first
    };

    HandlePool() = default;
    HandlePool(const HandlePool&) = delete;
    HandlePool& operator=(const HandlePool&) = delete;

    // A pair with all easy options reset (the share handle still attached).
    std::unique_ptr<Handles> acquire();
    // The easy handle must already be removed from its multi handle.
    void release(std::unique_ptr<Handles> handles) noexcept;

  private:
    // Beyond this many idle pairs, returned pairs (and their connections) are closed.
    static constexpr size_t max_idle = 32;

    curl::Share share_; // must outlive every easy handle below
    std::mutex mutex_;
    std::vector<std::unique_ptr<Handles>> idle_;
};

} // namespace airlock
