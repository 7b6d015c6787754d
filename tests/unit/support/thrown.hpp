#pragma once
// What a call throws, for checks on an airlock::Error's class and message:
// the one copy the unit tests share.
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace airlock::test {

// The code of the airlock::Error `f` throws (its message into `message`
// when given); fails the case if it throws none.
template <typename F> ErrorCode error_code_of(F&& f, std::string* message = nullptr) {
    try {
        f();
    } catch (const Error& e) {
        UNSCOPED_INFO("message: " << e.what());
        if (message) {
            *message = e.what();
        }
        return e.code();
    }
    FAIL("expected an airlock::Error");
    return ErrorCode::internal;
}

template <typename F> std::string error_message_of(F&& f) {
    std::string message;
    (void)error_code_of(f, &message);
    return message;
}

} // namespace airlock::test
