#include "common/registry/detail/client_core.hpp"

#include "common/core/error.hpp"
#include "common/registry/detail/error_mapping.hpp"
#include "common/registry/detail/redirect_policy.hpp"
#include "common/registry/detail/registry_errors.hpp"
#include "common/registry/retry_policy.hpp"

#include <algorithm>
#include <array>

namespace airlock {

ClientCore::ClientCore(RegistryOptions options, std::shared_ptr<Connector> connector,
                       RetryBudget::Wait wait)
    : options_(std::move(options)),
      user_agent_(options_.user_agent.empty() ? std::string("airlock/") + AIRLOCK_VERSION
                                              : options_.user_agent),
      connector_(std::move(connector)), wait_(std::move(wait)),
      hosts_(options_.cert_dir, options_.plain_http_hosts),
      auth_(options_, hosts_,
            [this](const Call& call, size_t limit) { return fetch(call, limit); }) {}

RetryBudget ClientCore::retry_budget() const {
    return RetryBudget(options_.max_retries, options_.initial_backoff, wait_);
}

std::unique_ptr<Exchange> ClientCore::begin(const Call& call) {
    return connector_->start(make_request(call));
}

void ClientCore::fail_response(const Call& call, Exchange& exchange) const {
    airlock::fail_response(call, exchange, auth_.credentials_hint(call.host));
}

std::unique_ptr<Exchange> ClientCore::open(const Call& call) {
    RetryBudget retries = retry_budget();
    return open(call, retries);
}

std::unique_ptr<Exchange> ClientCore::open(const Call& call, RetryBudget& retries) {
    bool challenge_answered = false;
    while (true) {
        HttpRequest request = make_request(call);
        const bool sent_basic =
            std::any_of(request.headers.begin(), request.headers.end(), [](const std::string& h) {
                return h.rfind("Authorization: Basic ", 0) == 0;
            });
        auto exchange = connector_->start(request);
        exchange->await_response();
        if (exchange->finished() && !exchange->ok()) {
            if (is_retryable_transport(*exchange) &&
                retries.retry(call.subject, exchange->failure_reason())) {
                continue;
            }
            fail_transport(call, *exchange);
        }
        const long status = exchange->status();
        if (status >= 200 && status < 300) {
            return exchange;
        }
        std::string body = drain(*exchange);
        if (status >= 300 && status < 400 && options_.announced_endpoints_only) {
            refuse_redirect(call, exchange->headers());
        }
        if (status == 401 && call.kind != CallKind::token && !challenge_answered) {
            challenge_answered = true;
            if (auth_.answer_challenge(call, exchange->headers(), sent_basic)) {
                continue;
            }
        }
        if (is_retryable_status(status)) {
            auto retry_after = parse_retry_after(find_header(exchange->headers(), "retry-after"),
                                                 std::chrono::system_clock::now());
            if (retries.retry(call.subject, describe_http_failure(status, body), retry_after)) {
                continue;
            }
        }
        fail_status(call, status, body, auth_.credentials_hint(call.host));
    }
}

Document ClientCore::fetch(const Call& call, size_t limit) {
    RetryBudget retries = retry_budget();
    return fetch(call, limit, retries);
}

Document ClientCore::fetch(const Call& call, size_t limit, RetryBudget& retries) {
    while (true) {
        auto exchange = open(call, retries);
        Document doc;
        doc.status = exchange->status();
        doc.headers = exchange->headers();
        std::array<std::byte, 64 * 1024> chunk{};
        while (size_t n = exchange->read(chunk)) {
            if (doc.body.size() + n > limit) {
                fail(ErrorCode::integrity,
                     call.subject + " is larger than " + std::to_string(limit) + " bytes");
            }
            doc.body.append(reinterpret_cast<const char*>(chunk.data()), n);
        }
        if (exchange->ok()) {
            return doc;
        }
        if (is_retryable_transport(*exchange) &&
            retries.retry(call.subject, exchange->failure_reason())) {
            continue;
        }
        fail_transport(call, *exchange);
    }
}

} // namespace airlock
