#include "common/registry/detail/error_mapping.hpp"

#include "common/core/error.hpp"
#include "common/registry/detail/registry_errors.hpp"

namespace airlock {

void fail_status(const Call& call, long status, const std::string& body,
                 const std::string& credentials_hint) {
    const std::string failure = describe_http_failure(status, body);
    if (call.kind == CallKind::token) {
        if (status == 401 || status == 403) {
            fail(ErrorCode::auth, call.endpoint + " denied a token for " + call.host + "/" +
                                      call.repository + " (" + failure + "); " + credentials_hint);
        }
        fail(ErrorCode::network, "cannot get " + call.subject + ": " + failure);
    }
    if (means_not_found(status, body)) {
        auto info = parse_registry_error(body);
        std::string why = !info                   ? "HTTP " + std::to_string(status)
                          : info->message.empty() ? info->code
                                                  : info->message;
        fail(ErrorCode::not_found, call.missing + " (" + why + ")");
    }
    if (status == 401 || status == 403) {
        fail(ErrorCode::auth, call.endpoint + " denied access to " + call.repository + " (" +
                                  failure + "); " + credentials_hint);
    }
    fail(ErrorCode::network, "cannot " + call.verb + " " + call.subject + ": " + failure);
}

void fail_transport(const Call& call, const Exchange& exchange) {
    if (exchange.status() != 0) {
        // The server answered, then the transfer broke.
        fail(ErrorCode::network,
             "cannot " + call.verb + " " + call.subject + ": " + exchange.failure_reason());
    }
    std::string hint;
    if (exchange.result() == CURLE_SSL_CONNECT_ERROR && !call.plain_http) {
        hint = " (if " + call.host + " serves plain HTTP, list it as a plain-HTTP registry)";
    }
    fail(ErrorCode::network,
         "cannot reach " + call.endpoint + ": " + exchange.failure_reason() + hint);
}

void fail_response(const Call& call, Exchange& exchange, const std::string& credentials_hint) {
    exchange.await_response();
    if (exchange.finished() && !exchange.ok() && exchange.status() == 0) {
        fail_transport(call, exchange);
    }
    std::string body = drain(exchange);
    if (!exchange.ok() && exchange.status() >= 200 && exchange.status() < 300) {
        fail_transport(call, exchange);
    }
    fail_status(call, exchange.status(), body, credentials_hint);
}

} // namespace airlock
