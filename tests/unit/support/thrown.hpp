#pragma once
// What a call throws, for checks on an error's class and its message. Named
// apart from the error_code_of helpers of sign_test_support.hpp and
// oci_fixture.hpp, whose overloads are ambiguous in a translation unit that
// sees both (a unity group whose files include one each).
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace airlock::test {

// The code of the airlock::Error `f` throws; fails the case if it throws none.
template <typename F> ErrorCode thrown_code(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        UNSCOPED_INFO("message: " << e.what());
        return e.code();
    }
    FAIL("expected an airlock::Error");
    return ErrorCode::internal;
}

template <typename F> std::string thrown_message(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("expected an airlock::Error");
    return {};
}

} // namespace airlock::test
