#pragma once

namespace airlock::runtime {

// Initialises libsodium once (loading it on first use) before a caller's
// first libsodium function; fails (ErrorCode::internal) if it cannot.
void ensure_sodium();

} // namespace airlock::runtime
