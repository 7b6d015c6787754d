// The exit-code table has one source (error_classes()); README.md documents
// it and the integration tests read their codes from README.md, so the two
// must agree row for row.
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using airlock::ErrorCode;

namespace {

std::vector<std::pair<int, std::string>> readme_rows() {
    std::ifstream in(std::string(AIRLOCK_SOURCE_DIR) + "/README.md");
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const std::string readme = text.str();
    const auto start = readme.find("## Exit codes");
    REQUIRE(start != std::string::npos);
    const auto end = readme.find("\n## ", start + 1);
    const std::string section = readme.substr(start, end - start);
    std::vector<std::pair<int, std::string>> rows;
    const std::regex row(R"(\n\| (\d+) \| ([a-z-]+) \|)");
    for (auto it = std::sregex_iterator(section.begin(), section.end(), row);
         it != std::sregex_iterator(); ++it) {
        rows.emplace_back(std::stoi((*it)[1]), (*it)[2]);
    }
    return rows;
}

} // namespace

TEST_CASE("README's exit-code table is error_classes(), row for row", "[error]") {
    const auto rows = readme_rows();
    REQUIRE(rows.size() == airlock::error_classes().size() + 1);
    CHECK(rows.front() == std::pair<int, std::string>{0, "-"});
    for (std::size_t i = 0; i < airlock::error_classes().size(); ++i) {
        const airlock::ErrorClass& c = airlock::error_classes()[i];
        CHECK(rows[i + 1].first == c.exit_code);
        CHECK(rows[i + 1].second == std::string(c.name));
        CHECK(airlock::exit_code(c.code) == c.exit_code);
        CHECK(airlock::to_string(c.code) == c.name);
    }
}

TEST_CASE("every failure class has its own exit code", "[error]") {
    std::set<int> codes{0};
    std::set<std::string_view> names;
    for (const airlock::ErrorClass& c : airlock::error_classes()) {
        CHECK(codes.insert(c.exit_code).second);
        CHECK(names.insert(c.name).second);
    }
}

TEST_CASE("exit_code_help lists the chosen classes with per-command meanings", "[error]") {
    static constexpr ErrorCode codes[] = {ErrorCode::spec, ErrorCode::rollback};
    static constexpr airlock::ExitMeaning meanings[] = {{ErrorCode::rollback, "too old"}};
    CHECK(airlock::exit_code_help("done", codes, meanings) ==
          "Exit codes: 0 done, 3 invalid input, 15 too old.");
    const std::string all = airlock::exit_code_help("ok");
    CHECK(all.starts_with("Exit codes: 0 ok, 1 internal, 2 usage,"));
    CHECK(all.ends_with("17 missing base."));
    for (std::size_t from = 0, nl; (nl = all.find('\n', from)) != std::string::npos;
         from = nl + 1) {
        CHECK(nl - from <= 88);
    }
}
