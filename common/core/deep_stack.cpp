#include "common/core/deep_stack.hpp"

#include "common/core/error.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <vector>

namespace airlock {

namespace {

// Guard pages below the stack: a frame larger than the guard could step
// over it into other memory, so it is generous.
constexpr std::size_t guard_bytes = std::size_t{1} << 20;
constexpr std::size_t alt_stack_bytes = 64 * 1024;
constexpr std::size_t min_stack_bytes = std::size_t{8} << 20;

struct Job {
    const std::function<void()>* fn;
    std::string message; // written from the signal handler: prepared before
    std::exception_ptr error;
    std::uintptr_t low = 0; // the stack's lowest usable address
};

thread_local Job* current_job = nullptr;
struct sigaction previous_segv {};

void on_segv(int sig, siginfo_t* info, void* context) {
    const Job* job = current_job;
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    if (job != nullptr && addr < job->low + 64 * 1024 && addr + guard_bytes + 4096 >= job->low) {
        (void)!write(STDERR_FILENO, job->message.data(), job->message.size());
        _exit(exit_code(ErrorCode::spec));
    }
    // Not ours: hand the fault to whoever handled it before.
    if ((previous_segv.sa_flags & SA_SIGINFO) != 0 && previous_segv.sa_sigaction != nullptr) {
        previous_segv.sa_sigaction(sig, info, context);
        return;
    }
    sigaction(SIGSEGV, &previous_segv, nullptr);
}

void install_handler_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction sa {};
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGSEGV, &sa, &previous_segv);
    });
}

void* thread_main(void* arg) {
    auto* job = static_cast<Job*>(arg);
    std::vector<char> alt(alt_stack_bytes);
    stack_t ss{};
    ss.ss_sp = alt.data();
    ss.ss_size = alt.size();
    sigaltstack(&ss, nullptr);

    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void* addr = nullptr;
        std::size_t size = 0;
        pthread_attr_getstack(&attr, &addr, &size);
        job->low = reinterpret_cast<std::uintptr_t>(addr);
        pthread_attr_destroy(&attr);
    }
    current_job = job;
    try {
        (*job->fn)();
    } catch (...) {
        job->error = std::current_exception();
    }
    current_job = nullptr;
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, nullptr);
    return nullptr;
}

} // namespace

void run_with_deep_stack(const std::string& what, const std::function<void()>& fn,
                         std::size_t bytes) {
    install_handler_once();
#ifdef AIRLOCK_TEST_HOOKS
    // Test builds only: the sanitizer tree cannot limit address space (ASan
    // reserves terabytes of shadow), so its tests exhaust a smaller stack
    // this way to show the one-line failure.
    if (const char* mib = std::getenv("AIRLOCK_TEST_STACK_MIB"); mib != nullptr && *mib != '\0') {
        bytes = static_cast<std::size_t>(std::strtoull(mib, nullptr, 10)) << 20;
    }
#endif
    Job job{&fn, {}, nullptr};
    // Where address space is limited (ulimit -v), a smaller stack still
    // serves all but the deepest inputs.
    pthread_t thread;
    int rc = EAGAIN;
    for (std::size_t size = bytes; rc != 0 && size >= min_stack_bytes; size /= 4) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, size);
        pthread_attr_setguardsize(&attr, guard_bytes);
        job.message = "error: " + what + ": input nested too deeply (the " +
                      std::to_string(size >> 20) + " MiB stack is exhausted)\n";
        rc = pthread_create(&thread, &attr, thread_main, &job);
        pthread_attr_destroy(&attr);
    }
    if (rc != 0) {
        fail(ErrorCode::internal,
             "cannot start a thread for " + what + ": " + std::string(std::strerror(rc)));
    }
    pthread_join(thread, nullptr);
    if (job.error) {
        std::rethrow_exception(job.error);
    }
}

} // namespace airlock
