#pragma once
// Shared libraries a command may never need are loaded when it first calls
// them, not at start-up. Mapping and relocating libcrypto, libarchive,
// libsodium and libcurl (with their own dependencies: ICU, libxml2, GSSAPI,
// ...) was more than half of the run time of a short command such as
// `template`. Each function the programs call is defined under the library's
// own name (a "forwarder", generated from the library's headers by
// scripts/gen-forwarders.py, so the compiler checks its signature) and calls
// the library through the address dlsym gives on first use. The programs do
// not link these libraries; their Debian packages are run-time dependencies.
#include <string>

namespace airlock::runtime {

struct RuntimeLibrary {
    const char* soname;  // as on Debian 12, what the -dev package links against
    const char* package; // named in the error when it is missing
};

inline constexpr RuntimeLibrary libcrypto{"libcrypto.so.3", "libssl3"};
inline constexpr RuntimeLibrary libsodium{"libsodium.so.23", "libsodium23"};
inline constexpr RuntimeLibrary libarchive{"libarchive.so.13", "libarchive13"};
inline constexpr RuntimeLibrary libcurl{"libcurl.so.4", "libcurl4"};

// The address of `name` in `library`, loading the library on first use.
// Fails (ErrorCode::internal) naming the package when the library or the
// symbol is missing.
void* symbol(const RuntimeLibrary& library, const char* name);

} // namespace airlock::runtime

// Defines `ret name params` to call the library's function of that name;
// the symbol is looked up once. The name is parenthesised so that a
// function-like macro of the library's header cannot expand it.
#define AIRLOCK_RUNTIME_FORWARD(library, ret, name, params, args)                                  \
    ret(name) params {                                                                             \
        using Fn = ret(*) params;                                                                  \
        static const Fn fn = reinterpret_cast<Fn>(::airlock::runtime::symbol(library, #name));     \
        return fn args;                                                                            \
    }
