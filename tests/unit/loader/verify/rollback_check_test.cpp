#include "loader/verify/rollback_check.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

namespace rollback_check_test {

using airlock::Digest;
using airlock::ErrorCode;
using airlock::loader::check_rollback;
using airlock::loader::LoadRecord;
using airlock::test::error_code_of;
using airlock::test::error_message_of;

std::string bom_digest(const std::string& bom) {
    return Digest::of(bom).str();
}

// What the state says was loaded last under the bundle's name.
std::optional<LoadRecord> loaded(const std::string& version, const std::string& bom) {
    LoadRecord r;
    r.version = version;
    r.bom_digest = bom_digest(bom);
    return r;
}

TEST_CASE("rollback: a bundle name never loaded accepts any version", "[rollback]") {
    CHECK_NOTHROW(check_rollback("app", "0.0.1", bom_digest("a"), std::nullopt));
    // No comparison is made, so not even the version's form is judged here.
    CHECK_NOTHROW(check_rollback("app", "not-semver", bom_digest("a"), std::nullopt));
}

TEST_CASE("rollback: an older version than the one loaded is refused", "[rollback]") {
    const auto previous = loaded("1.4.0", "bom 1.4.0");
    CHECK(error_code_of([&] {
              check_rollback("app", "1.3.9", bom_digest("bom 1.3.9"), previous);
          }) == ErrorCode::rollback);
    CHECK(error_message_of([&] {
              check_rollback("app", "1.3.9", bom_digest("bom 1.3.9"), previous);
          }) == "bundle app 1.3.9 is older than 1.4.0, already loaded; refusing to roll back");
}

TEST_CASE("rollback: versions compare by SemVer precedence, not as text", "[rollback]") {
    // As text "1.10.0" < "1.9.0"; as SemVer it is newer.
    CHECK_NOTHROW(check_rollback("app", "1.10.0", bom_digest("b"), loaded("1.9.0", "a")));
    CHECK(error_code_of([&] {
              check_rollback("app", "1.9.0", bom_digest("b"), loaded("1.10.0", "a"));
          }) == ErrorCode::rollback);
    // A pre-release comes before its release.
    CHECK_NOTHROW(check_rollback("app", "2.0.0", bom_digest("b"), loaded("2.0.0-rc.1", "a")));
    CHECK(error_code_of([&] {
              check_rollback("app", "2.0.0-rc.1", bom_digest("b"), loaded("2.0.0", "a"));
          }) == ErrorCode::rollback);
}

TEST_CASE("rollback: a newer version is accepted whatever its BOM", "[rollback]") {
    CHECK_NOTHROW(check_rollback("app", "1.4.1", bom_digest("new"), loaded("1.4.0", "old")));
    CHECK_NOTHROW(check_rollback("app", "2.0.0", bom_digest("new"), loaded("1.99.99", "old")));
}

TEST_CASE("rollback: the same version with the same BOM is accepted again (a re-run load)",
          "[rollback]") {
    CHECK_NOTHROW(check_rollback("app", "1.4.0", bom_digest("same"), loaded("1.4.0", "same")));
}

TEST_CASE("rollback: the same version with another BOM is refused as equivocation", "[rollback]") {
    const std::string ours = bom_digest("ours");
    const auto previous = loaded("1.4.0", "theirs");
    CHECK(error_code_of([&] { check_rollback("app", "1.4.0", ours, previous); }) ==
          ErrorCode::rollback);
    CHECK(error_message_of([&] { check_rollback("app", "1.4.0", ours, previous); }) ==
          "bundle app 1.4.0 differs from the 1.4.0 already loaded (BOM " + ours.substr(0, 19) +
              " vs " + previous->bom_digest.substr(0, 19) + ")");
}

TEST_CASE("rollback: build metadata does not make a version newer", "[rollback]") {
    // SemVer ignores build metadata in precedence, so +b is the same version
    // as +a: with another BOM it is a second bundle claiming that version.
    CHECK(error_code_of([&] {
              check_rollback("app", "1.4.0+b", bom_digest("b"), loaded("1.4.0+a", "a"));
          }) == ErrorCode::rollback);
    CHECK_NOTHROW(check_rollback("app", "1.4.0+b", bom_digest("a"), loaded("1.4.0+a", "a")));
}

TEST_CASE("rollback: a version that is not SemVer cannot be compared and is malformed",
          "[rollback]") {
    CHECK(error_code_of([&] {
              check_rollback("app", "v1.5", bom_digest("b"), loaded("1.4.0", "a"));
          }) == ErrorCode::malformed);
    CHECK(error_message_of([&] {
              check_rollback("app", "v1.5", bom_digest("b"), loaded("1.4.0", "a"));
          }) == "bundle version 'v1.5' is not SemVer 2.0");
}

TEST_CASE("rollback: a recorded version that is not SemVer is named as the fault, not the "
          "bundle's",
          "[rollback]") {
    // A name first loaded with version "1.4" (nothing recorded yet, so nothing
    // compared it) blocks every later bundle of that name.
    CHECK(error_code_of([&] {
              check_rollback("app", "1.5.0", bom_digest("b"), loaded("1.4", "a"));
          }) == ErrorCode::malformed);
    CHECK(error_message_of([&] {
              check_rollback("app", "1.5.0", bom_digest("b"), loaded("1.4", "a"));
          }) == "bundle app: the loaded version '1.4' the state records is not SemVer 2.0");
}

} // namespace rollback_check_test
