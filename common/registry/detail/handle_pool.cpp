#include "common/registry/detail/handle_pool.hpp"

namespace airlock {

std::unique_ptr<HandlePool::Handles> HandlePool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto handles = std::move(idle_.back());
            idle_.pop_back();
            return handles;
        }
    }
    auto handles = std::make_unique<Handles>();
    handles->easy = curl::make_easy();
    handles->multi = curl::make_multi();
    curl_easy_setopt(handles->easy.get(), CURLOPT_SHARE, share_.get());
    return handles;
}

void HandlePool::release(std::unique_ptr<Handles> handles) noexcept {
    if (!handles) {
        return;
    }
    // Drop every option (callbacks and buffers point into the finished
    // exchange). The share handle and the multi handle's live connections
    // survive a reset.
    curl_easy_reset(handles->easy.get());
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle) {
        idle_.push_back(std::move(handles));
        return;
    }
}

} // namespace airlock
