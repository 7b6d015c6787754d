#include "loader/egress/egress_probe.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace airlock::loader {

std::string_view to_string(EgressOutcome outcome) {
    switch (outcome) {
    case EgressOutcome::error:
        return "error";
    case EgressOutcome::dns:
        return "dns";
    case EgressOutcome::unreachable:
        return "unreachable";
    case EgressOutcome::timeout:
        return "timeout";
    case EgressOutcome::refused:
        return "refused";
    case EgressOutcome::tls:
        return "tls";
    case EgressOutcome::reached:
        return "reached";
    }
    return "error";
}

namespace {

// Shared by the caller and the (possibly detached) probe threads.
struct Board {
    std::mutex mutex;
    std::condition_variable done;
    std::vector<std::optional<EgressResult>> results;
    std::vector<std::atomic<EgressOutcome>> if_abandoned;
    std::size_t finished = 0;

    explicit Board(std::size_t n) : results(n), if_abandoned(n) {
        for (auto& a : if_abandoned) {
            a.store(EgressOutcome::dns);
        }
    }
};

double seconds_since(EgressClock::time_point start) {
    return std::chrono::duration<double>(EgressClock::now() - start).count();
}

} // namespace

std::vector<EgressResult> probe_all(const std::vector<EgressTarget>& targets,
                                    std::chrono::milliseconds timeout,
                                    std::shared_ptr<const EgressProber> prober,
                                    std::chrono::milliseconds grace) {
    const EgressClock::time_point start = EgressClock::now();
    const EgressClock::time_point deadline = start + timeout;
    auto board = std::make_shared<Board>(targets.size());
    std::vector<std::thread> threads;
    threads.reserve(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        threads.emplace_back([board, prober, target = targets[i], i, start, deadline] {
            EgressResult r = prober->probe(target, deadline, board->if_abandoned[i]);
            r.target = target;
            r.seconds = seconds_since(start);
            std::lock_guard lock(board->mutex);
            board->results[i] = std::move(r);
            ++board->finished;
            board->done.notify_all();
        });
    }
    {
        std::unique_lock lock(board->mutex);
        board->done.wait_until(lock, deadline + grace,
                               [&] { return board->finished == targets.size(); });
    }
    std::vector<EgressResult> out;
    out.reserve(targets.size());
    std::lock_guard lock(board->mutex);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (board->results[i]) {
            threads[i].join(); // finished: only its return is left
            out.push_back(*board->results[i]);
            continue;
        }
        threads[i].detach();
        const EgressOutcome o = board->if_abandoned[i].load();
        EgressResult r{targets[i], o, "", seconds_since(start)};
        r.detail = o == EgressOutcome::dns ? "name resolution did not finish before the deadline"
                   : o == EgressOutcome::tls
                       ? "TCP connected; the TLS handshake did not finish before the deadline"
                       : "no answer before the deadline";
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace airlock::loader
