#include "common/core/deep_stack.hpp"

#include "common/core/error.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdint>
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
    Job job{&fn,
            "error: " + what + ": input nested too deeply (the " + std::to_string(bytes >> 20) +
                " MiB stack, Go's limit, is exhausted)\n",
            nullptr};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, bytes);
    pthread_attr_setguardsize(&attr, guard_bytes);
    pthread_t thread;
    const int rc = pthread_create(&thread, &attr, thread_main, &job);
    pthread_attr_destroy(&attr);
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
