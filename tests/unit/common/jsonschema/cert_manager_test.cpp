// A large real schema: cert-manager's values.schema.json (draft-07, 114 KB,
// hundreds of $refs into $defs), used in place from ../shared/charts, with
// its own values.yaml (passes) and with values Helm rejects.
#include "tests/unit/common/jsonschema/support.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using airlock::jsonschema::Draft;
using airlock::jsonschema::Schema;

namespace {

// The shared charts sit beside the checkout (or beside the folder of
// worktrees).
std::filesystem::path cert_manager_path(const char* file) {
    const std::filesystem::path source(AIRLOCK_SOURCE_DIR);
    for (const auto& shared : {source / ".." / "shared", source / ".." / ".." / "shared"}) {
        const auto path = shared / "charts" / "cert-manager" / file;
        if (std::filesystem::exists(path)) {
            return path;
        }
    }
    FAIL("no ../shared/charts/cert-manager/" << file);
    return {};
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

// YAML as Helm reads values (YAML 1.1 plain scalars), enough for this file.
nlohmann::json yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        auto out = nlohmann::json::object();
        for (const auto& entry : node) {
            out[entry.first.as<std::string>()] = yaml_to_json(entry.second);
        }
        return out;
    }
    case YAML::NodeType::Sequence: {
        auto out = nlohmann::json::array();
        for (const auto& item : node) {
            out.push_back(yaml_to_json(item));
        }
        return out;
    }
    case YAML::NodeType::Scalar: {
        const std::string text = node.Scalar();
        if (node.Tag() == "!") {
            return text; // quoted
        }
        static const std::regex null_re("~|null|Null|NULL|");
        static const std::regex true_re("true|True|TRUE|yes|Yes|YES|on|On|ON|y|Y");
        static const std::regex false_re("false|False|FALSE|no|No|NO|off|Off|OFF|n|N");
        static const std::regex int_re("[-+]?[0-9]+");
        static const std::regex float_re("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
        if (std::regex_match(text, null_re)) {
            return nullptr;
        }
        if (std::regex_match(text, true_re)) {
            return true;
        }
        if (std::regex_match(text, false_re)) {
            return false;
        }
        if (std::regex_match(text, int_re)) {
            return std::stoll(text);
        }
        if (std::regex_match(text, float_re)) {
            return std::stod(text);
        }
        return text;
    }
    default:
        return nullptr;
    }
}

nlohmann::json cert_manager_values() {
    return yaml_to_json(YAML::Load(read_text(cert_manager_path("values.yaml"))));
}

Schema cert_manager_schema() {
    return Schema::compile(
        nlohmann::json::parse(read_text(cert_manager_path("values.schema.json"))));
}

} // namespace

TEST_CASE("jsonschema cert-manager's schema accepts cert-manager's values", "[jsonschema]") {
    const Schema schema = cert_manager_schema();
    CHECK(schema.draft() == Draft::draft7);
    const auto values = cert_manager_values();
    REQUIRE(values.at("replicaCount") == 1);
    const auto result = schema.validate(values);
    INFO(result.text());
    CHECK(result.valid());
}

TEST_CASE("jsonschema cert-manager's schema rejects what helm rejects", "[jsonschema]") {
    const Schema schema = cert_manager_schema();
    auto values = cert_manager_values();
    // helm4 template cert-manager -f with these values (Helm's order of the
    // lines varies from run to run; ours is by name).
    values["replicaCount"] = "two";
    values["image"]["tag"] = 1.2;
    values["image"]["extra"] = "x";
    values["webhook"]["timeoutSeconds"] = "10";
    values["unknownTop"] = 1;
    const auto result = schema.validate(values);
    CHECK(result.text() == "- at '': validation failed\n"
                           "  - at '/image': validation failed\n"
                           "    - at '/image/tag': got number, want string\n"
                           "    - at '/image': additional properties 'extra' not allowed\n"
                           "  - at '/replicaCount': got string, want number\n"
                           "  - at '/webhook/timeoutSeconds': got string, want number\n"
                           "  - at '': additional properties 'unknownTop' not allowed");
    const auto violations = result.violations();
    REQUIRE(violations.size() == 5);
    CHECK(violations[0].instance_location == "/image/tag");
    CHECK(violations[0].message == "got number, want string");
}
