// libcurl's functions the programs call (runtime_library.hpp): written by
// hand, as three are variadic. libcurl alone brings 32 shared objects (GSSAPI,
// LDAP, SSH, RTMP, ...), most of a short command's start-up when linked.
#include "common/runtime/runtime_library.hpp"

#include <curl/curl.h>

#include <cstdarg>

#define AIRLOCK_FORWARD(ret, name, params, args)                                                   \
    AIRLOCK_RUNTIME_FORWARD(::airlock::runtime::libcurl, ret, name, params, args)

namespace {

template <class Fn> Fn curl_function(const char* name) {
    return reinterpret_cast<Fn>(::airlock::runtime::symbol(::airlock::runtime::libcurl, name));
}

} // namespace

extern "C" {

AIRLOCK_FORWARD(CURLcode, curl_global_init, (long flags), (flags))
AIRLOCK_FORWARD(CURL*, curl_easy_init, (), ())
AIRLOCK_FORWARD(void, curl_easy_cleanup, (CURL * handle), (handle))
AIRLOCK_FORWARD(void, curl_easy_reset, (CURL * handle), (handle))
AIRLOCK_FORWARD(CURLcode, curl_easy_pause, (CURL * handle, int bitmask), (handle, bitmask))
AIRLOCK_FORWARD(const char*, curl_easy_strerror, (CURLcode code), (code))
AIRLOCK_FORWARD(time_t, curl_getdate, (const char* text, const time_t* unused), (text, unused))
AIRLOCK_FORWARD(CURLM*, curl_multi_init, (), ())
AIRLOCK_FORWARD(CURLMcode, curl_multi_cleanup, (CURLM * multi), (multi))
AIRLOCK_FORWARD(CURLMcode, curl_multi_add_handle, (CURLM * multi, CURL* easy), (multi, easy))
AIRLOCK_FORWARD(CURLMcode, curl_multi_remove_handle, (CURLM * multi, CURL* easy), (multi, easy))
AIRLOCK_FORWARD(CURLMcode, curl_multi_perform, (CURLM * multi, int* running), (multi, running))
AIRLOCK_FORWARD(CURLMcode, curl_multi_poll,
                (CURLM * multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds,
                 int timeout_ms, int* ret),
                (multi, extra_fds, extra_nfds, timeout_ms, ret))
AIRLOCK_FORWARD(CURLMsg*, curl_multi_info_read, (CURLM * multi, int* in_queue), (multi, in_queue))
AIRLOCK_FORWARD(const char*, curl_multi_strerror, (CURLMcode code), (code))
AIRLOCK_FORWARD(CURLSH*, curl_share_init, (), ())
AIRLOCK_FORWARD(CURLSHcode, curl_share_cleanup, (CURLSH * share), (share))
AIRLOCK_FORWARD(struct curl_slist*, curl_slist_append, (struct curl_slist * list, const char* text),
                (list, text))
AIRLOCK_FORWARD(void, curl_slist_free_all, (struct curl_slist * list), (list))

// The variadic three pass one argument whose type the option's number says
// (curl.h's CURLOPTTYPE_* ranges; function pointers travel as pointers).
// curl.h fixes their signatures, an enum before the `...`, which clang
// warns of for va_start; libcurl's own definitions do the same.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wvarargs"
#endif
CURLcode(curl_easy_setopt)(CURL* handle, CURLoption option, ...) {
    static const auto setopt =
        curl_function<CURLcode (*)(CURL*, CURLoption, ...)>("curl_easy_setopt");
    va_list args;
    va_start(args, option);
    CURLcode rc;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        rc = setopt(handle, option, va_arg(args, long));
    } else if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB) {
        rc = setopt(handle, option, va_arg(args, curl_off_t));
    } else {
        rc = setopt(handle, option, va_arg(args, void*));
    }
    va_end(args);
    return rc;
}

CURLcode(curl_easy_getinfo)(CURL* handle, CURLINFO info, ...) {
    static const auto getinfo =
        curl_function<CURLcode (*)(CURL*, CURLINFO, ...)>("curl_easy_getinfo");
    va_list args;
    va_start(args, info);
    void* out = va_arg(args, void*);
    va_end(args);
    return getinfo(handle, info, out);
}

CURLSHcode(curl_share_setopt)(CURLSH* share, CURLSHoption option, ...) {
    static const auto share_setopt =
        curl_function<CURLSHcode (*)(CURLSH*, CURLSHoption, ...)>("curl_share_setopt");
    va_list args;
    va_start(args, option);
    CURLSHcode rc;
    if (option == CURLSHOPT_SHARE || option == CURLSHOPT_UNSHARE) {
        rc = share_setopt(share, option, va_arg(args, int));
    } else {
        rc = share_setopt(share, option, va_arg(args, void*));
    }
    va_end(args);
    return rc;
}

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

} // extern "C"

#undef AIRLOCK_FORWARD
