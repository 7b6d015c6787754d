#include "common/runtime/runtime_library.hpp"

#include "common/core/error.hpp"

#include <dlfcn.h>

#include <map>
#include <mutex>

namespace airlock::runtime {

namespace {

void* load(const RuntimeLibrary& library) {
    // Loaded for the life of the process, like a library the program links.
    void* handle = dlopen(library.soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        fail(ErrorCode::internal, std::string("cannot load ") + library.soname + " (install the " +
                                      library.package +
                                      " package): " + (why != nullptr ? why : "dlopen failed"));
    }
    return handle;
}

} // namespace

void* symbol(const RuntimeLibrary& library, const char* name) {
    static std::mutex mutex;
    static std::map<std::string, void*, std::less<>> handles;
    void* handle = nullptr;
    {
        std::lock_guard lock(mutex);
        auto it = handles.find(library.soname);
        if (it == handles.end()) {
            it = handles.emplace(library.soname, load(library)).first;
        }
        handle = it->second;
    }
    void* address = dlsym(handle, name);
    if (address == nullptr) {
        fail(ErrorCode::internal, std::string(library.soname) + " lacks " + name +
                                      " (install the " + library.package +
                                      " package of Debian 12)");
    }
    return address;
}

} // namespace airlock::runtime
