#pragma once
// Go grows a goroutine's stack up to 1 GB, so Helm renders templates and
// values nested hundreds of thousands deep. A C++ thread's 8 MiB stack does
// not, and a hostile chart must not crash the builder: recursive work on
// input (template execution, printing and marshalling values) runs here, on
// a thread with Go's stack limit (reserved, committed only as it is used).
// If even that runs out, the process reports it in one line and exits with
// the invalid-input code instead of dying of SIGSEGV.
#include <cstddef>
#include <functional>
#include <string>

namespace airlock {

inline constexpr std::size_t go_max_stack_bytes = std::size_t{1} << 30;

// Runs `fn` to completion on a new thread with a stack of `bytes`; an
// exception it throws is rethrown here. `what` names the work in the
// message printed when the stack is exhausted ("rendering chart web").
void run_with_deep_stack(const std::string& what, const std::function<void()>& fn,
                         std::size_t bytes = go_max_stack_bytes);

} // namespace airlock
