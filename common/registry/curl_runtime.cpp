// libcurl is loaded when the first transfer needs it, not at start-up. It
// brings 32 shared objects (GSSAPI, LDAP, SSH, RTMP, ...), and mapping them
// was most of the run time of a short command that never touches the
// network (template, inspect, a verify). The functions below are libcurl's
// own names, defined here and forwarded to the library once it is loaded;
// the programs do not link it.
#include "common/core/error.hpp"

#include <curl/curl.h>
#include <dlfcn.h>

#include <cstdarg>
#include <string>
#include <type_traits>

namespace airlock::curl {

namespace {

struct CurlApi {
    CURLcode (*global_init)(long);
    CURL* (*easy_init)();
    void (*easy_cleanup)(CURL*);
    void (*easy_reset)(CURL*);
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    CURLcode (*easy_pause)(CURL*, int);
    const char* (*easy_strerror)(CURLcode);
    time_t (*getdate)(const char*, const time_t*);
    CURLM* (*multi_init)();
    CURLMcode (*multi_cleanup)(CURLM*);
    CURLMcode (*multi_add_handle)(CURLM*, CURL*);
    CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
    CURLMcode (*multi_perform)(CURLM*, int*);
    CURLMcode (*multi_poll)(CURLM*, struct curl_waitfd[], unsigned int, int, int*);
    CURLMsg* (*multi_info_read)(CURLM*, int*);
    const char* (*multi_strerror)(CURLMcode);
    CURLSH* (*share_init)();
    CURLSHcode (*share_cleanup)(CURLSH*);
    CURLSHcode (*share_setopt)(CURLSH*, CURLSHoption, ...);
    struct curl_slist* (*slist_append)(struct curl_slist*, const char*);
    void (*slist_free_all)(struct curl_slist*);
};

CurlApi load() {
    // The soname libcurl4-openssl-dev links against on Debian 12.
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
        const char* why = dlerror();
        fail(ErrorCode::internal,
             std::string("cannot load libcurl (install the libcurl4 package): ") +
                 (why != nullptr ? why : "dlopen failed"));
    }
    CurlApi api{};
    auto bind = [lib](auto& fn, const char* name) {
        void* symbol = dlsym(lib, name);
        if (symbol == nullptr) {
            fail(ErrorCode::internal, std::string("libcurl.so.4 lacks ") + name);
        }
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(symbol);
    };
    bind(api.global_init, "curl_global_init");
    bind(api.easy_init, "curl_easy_init");
    bind(api.easy_cleanup, "curl_easy_cleanup");
    bind(api.easy_reset, "curl_easy_reset");
    bind(api.easy_setopt, "curl_easy_setopt");
    bind(api.easy_getinfo, "curl_easy_getinfo");
    bind(api.easy_pause, "curl_easy_pause");
    bind(api.easy_strerror, "curl_easy_strerror");
    bind(api.getdate, "curl_getdate");
    bind(api.multi_init, "curl_multi_init");
    bind(api.multi_cleanup, "curl_multi_cleanup");
    bind(api.multi_add_handle, "curl_multi_add_handle");
    bind(api.multi_remove_handle, "curl_multi_remove_handle");
    bind(api.multi_perform, "curl_multi_perform");
    bind(api.multi_poll, "curl_multi_poll");
    bind(api.multi_info_read, "curl_multi_info_read");
    bind(api.multi_strerror, "curl_multi_strerror");
    bind(api.share_init, "curl_share_init");
    bind(api.share_cleanup, "curl_share_cleanup");
    bind(api.share_setopt, "curl_share_setopt");
    bind(api.slist_append, "curl_slist_append");
    bind(api.slist_free_all, "curl_slist_free_all");
    return api;
}

const CurlApi& api() {
    static const CurlApi loaded = load();
    return loaded;
}

} // namespace

} // namespace airlock::curl

using airlock::curl::api;

// The names are parenthesised so that no function-like macro of curl.h
// (its type checks) can expand them.
extern "C" {

CURLcode(curl_global_init)(long flags) {
    return api().global_init(flags);
}
CURL*(curl_easy_init)() {
    return api().easy_init();
}
void(curl_easy_cleanup)(CURL* handle) {
    api().easy_cleanup(handle);
}
void(curl_easy_reset)(CURL* handle) {
    api().easy_reset(handle);
}
CURLcode(curl_easy_pause)(CURL* handle, int bitmask) {
    return api().easy_pause(handle, bitmask);
}
const char*(curl_easy_strerror)(CURLcode code) {
    return api().easy_strerror(code);
}
time_t(curl_getdate)(const char* text, const time_t* unused) {
    return api().getdate(text, unused);
}
CURLM*(curl_multi_init)() {
    return api().multi_init();
}
CURLMcode(curl_multi_cleanup)(CURLM* multi) {
    return api().multi_cleanup(multi);
}
CURLMcode(curl_multi_add_handle)(CURLM* multi, CURL* easy) {
    return api().multi_add_handle(multi, easy);
}
CURLMcode(curl_multi_remove_handle)(CURLM* multi, CURL* easy) {
    return api().multi_remove_handle(multi, easy);
}
CURLMcode(curl_multi_perform)(CURLM* multi, int* running) {
    return api().multi_perform(multi, running);
}
CURLMcode(curl_multi_poll)(CURLM* multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                           int timeout_ms, int* ret) {
    return api().multi_poll(multi, extra_fds, extra_nfds, timeout_ms, ret);
}
CURLMsg*(curl_multi_info_read)(CURLM* multi, int* in_queue) {
    return api().multi_info_read(multi, in_queue);
}
const char*(curl_multi_strerror)(CURLMcode code) {
    return api().multi_strerror(code);
}
CURLSH*(curl_share_init)() {
    return api().share_init();
}
CURLSHcode(curl_share_cleanup)(CURLSH* share) {
    return api().share_cleanup(share);
}
struct curl_slist*(curl_slist_append)(struct curl_slist* list, const char* text) {
    return api().slist_append(list, text);
}
void(curl_slist_free_all)(struct curl_slist* list) {
    api().slist_free_all(list);
}

// The variadic three pass one argument whose type the option's number says
// (curl.h's CURLOPTTYPE_* ranges; function pointers travel as pointers).
// curl.h fixes their signatures, an enum before the `...`, which clang
// warns of for va_start; libcurl's own definitions do the same.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wvarargs"
#endif
CURLcode(curl_easy_setopt)(CURL* handle, CURLoption option, ...) {
    va_list args;
    va_start(args, option);
    CURLcode rc;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        rc = api().easy_setopt(handle, option, va_arg(args, long));
    } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
        rc = api().easy_setopt(handle, option, va_arg(args, curl_off_t));
    } else {
        rc = api().easy_setopt(handle, option, va_arg(args, void*));
    }
    va_end(args);
    return rc;
}

CURLcode(curl_easy_getinfo)(CURL* handle, CURLINFO info, ...) {
    va_list args;
    va_start(args, info);
    void* out = va_arg(args, void*);
    va_end(args);
    return api().easy_getinfo(handle, info, out);
}

CURLSHcode(curl_share_setopt)(CURLSH* share, CURLSHoption option, ...) {
    va_list args;
    va_start(args, option);
    CURLSHcode rc;
    if (option == CURLSHOPT_SHARE || option == CURLSHOPT_UNSHARE) {
        rc = api().share_setopt(share, option, va_arg(args, int));
    } else {
        rc = api().share_setopt(share, option, va_arg(args, void*));
    }
    va_end(args);
    return rc;
}

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

} // extern "C"
