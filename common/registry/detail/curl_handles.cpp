#include "common/registry/detail/curl_handles.hpp"

#include "common/core/error.hpp"

namespace airlock::curl {

void ensure_global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            fail(ErrorCode::internal, "cannot initialise libcurl");
        }
    });
}

Easy make_easy() {
    ensure_global_init();
    Easy easy(curl_easy_init());
    if (!easy) {
        fail(ErrorCode::internal, "cannot create a libcurl easy handle (out of memory)");
    }
    return easy;
}

Multi make_multi() {
    ensure_global_init();
    Multi multi(curl_multi_init());
    if (!multi) {
        fail(ErrorCode::internal, "cannot create a libcurl multi handle (out of memory)");
    }
    return multi;
}

void append(Slist& list, const std::string& line) {
    curl_slist* head = curl_slist_append(list.get(), line.c_str());
    if (head == nullptr) {
        fail(ErrorCode::internal, "cannot build an HTTP header list (out of memory)");
    }
    // curl_slist_append returns the same head for a non-empty list.
    (void)list.release();
    list.reset(head);
}

Share::Share() {
    ensure_global_init();
    handle_ = curl_share_init();
    if (handle_ == nullptr) {
        fail(ErrorCode::internal, "cannot create a libcurl share handle (out of memory)");
    }
    curl_share_setopt(handle_, CURLSHOPT_LOCKFUNC, &Share::lock);
    curl_share_setopt(handle_, CURLSHOPT_UNLOCKFUNC, &Share::unlock);
    curl_share_setopt(handle_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(handle_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(handle_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

Share::~Share() {
    curl_share_cleanup(handle_);
}

void Share::lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<Share*>(self)->mutexes_.at(static_cast<size_t>(data)).lock();
}

void Share::unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<Share*>(self)->mutexes_.at(static_cast<size_t>(data)).unlock();
}

} // namespace airlock::curl
