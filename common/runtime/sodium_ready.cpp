#include "common/runtime/sodium_ready.hpp"

#include "common/core/error.hpp"

#include <sodium.h>

namespace airlock::runtime {

void ensure_sodium() {
    // sodium_init is thread-safe and idempotent; the static runs it once.
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        fail(ErrorCode::internal, "cannot initialise libsodium");
    }
}

} // namespace airlock::runtime
