#pragma once
// RAII owners for libcurl handles. Private to common/registry: only .cpp files
// include this, so no public header exposes a curl type.
#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>

namespace airlock::curl {

struct EasyDeleter {
    void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const noexcept { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Multi = std::unique_ptr<CURLM, MultiDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init is not safe to race with other curl calls; every owner
// below calls this first, and it runs the init once per process.
void ensure_global_init();

// Throw Error(internal) when curl cannot allocate: these only fail on out of memory.
Easy make_easy();
Multi make_multi();
void append(Slist& list, const std::string& line);

// A share handle for the DNS cache and TLS sessions, with the locks libcurl
// needs when handles on several threads use it. Connections are deliberately
// not shared here: libcurl does not support sharing its connection cache
// between concurrent threads; pooled multi handles keep connections instead.
// Not movable: libcurl keeps a pointer to this object for the lock callbacks.
class Share {
  public:
    Share();
    ~Share();
    Share(const Share&) = delete;
    Share& operator=(const Share&) = delete;

    CURLSH* get() const noexcept { return handle_; }

  private:
    static void lock(CURL* handle, curl_lock_data data, curl_lock_access access, void* self);
    static void unlock(CURL* handle, curl_lock_data data, void* self);

    std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
    CURLSH* handle_ = nullptr;
};

} // namespace airlock::curl
