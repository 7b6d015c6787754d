#pragma once
// A JSON Schema checker for the tests: just the 2020-12 keywords our schemas
// use (schemas/*.schema.json), so a test can hold a produced document, or a
// parser's verdict, against its schema. An unknown keyword throws, so a
// schema cannot silently outgrow the checker. "format" is an annotation
// here, as 2020-12 makes it by default.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace airlock::test {

class MiniSchema {
    using json = nlohmann::json;

  public:
    explicit MiniSchema(json root) : root_(std::move(root)) {}

    bool accepts(const json& instance) const { return check(root_, instance); }

  private:
    bool check(const json& schema, const json& v) const {
        if (schema.is_boolean()) {
            return schema.get<bool>();
        }
        for (const auto& [keyword, arg] : schema.items()) {
            if (!check_keyword(schema, keyword, arg, v)) {
                return false;
            }
        }
        return true;
    }

    static bool has_type(const json& v, const std::string& type) {
        if (type == "object") {
            return v.is_object();
        }
        if (type == "array") {
            return v.is_array();
        }
        if (type == "string") {
            return v.is_string();
        }
        if (type == "number") {
            return v.is_number();
        }
        if (type == "integer") {
            return v.is_number_integer() || v.is_number_unsigned();
        }
        if (type == "boolean") {
            return v.is_boolean();
        }
        if (type == "null") {
            return v.is_null();
        }
        throw std::runtime_error("unknown type " + type);
    }

    bool check_keyword(const json& schema, const std::string& keyword, const json& arg,
                       const json& v) const {
        static const std::vector<std::string> annotations = {
            "$schema", "$id", "title", "description", "$comment", "$defs", "examples", "format"};
        if (std::find(annotations.begin(), annotations.end(), keyword) != annotations.end()) {
            return true;
        }
        if (keyword == "$ref") {
            std::string ref = arg.get<std::string>();
            REQUIRE(ref.starts_with("#"));
            return check(root_.at(json::json_pointer(ref.substr(1))), v);
        }
        if (keyword == "type") {
            if (arg.is_string()) {
                return has_type(v, arg.get<std::string>());
            }
            for (const json& t : arg) {
                if (has_type(v, t.get<std::string>())) {
                    return true;
                }
            }
            return false;
        }
        if (keyword == "const") {
            return v == arg;
        }
        if (keyword == "enum") {
            return std::find(arg.begin(), arg.end(), v) != arg.end();
        }
        if (keyword == "pattern") {
            return !v.is_string() || std::regex_search(v.get<std::string>(), regex(arg));
        }
        if (keyword == "minLength") {
            return !v.is_string() || v.get<std::string>().size() >= arg.get<size_t>();
        }
        if (keyword == "maxLength") {
            return !v.is_string() || v.get<std::string>().size() <= arg.get<size_t>();
        }
        if (keyword == "minItems") {
            return !v.is_array() || v.size() >= arg.get<size_t>();
        }
        if (keyword == "maxItems") {
            return !v.is_array() || v.size() <= arg.get<size_t>();
        }
        if (keyword == "maxProperties") {
            return !v.is_object() || v.size() <= arg.get<size_t>();
        }
        if (keyword == "uniqueItems") {
            if (!v.is_array() || !arg.get<bool>()) {
                return true;
            }
            for (size_t i = 0; i < v.size(); ++i) {
                for (size_t j = i + 1; j < v.size(); ++j) {
                    if (v[i] == v[j]) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (keyword == "items") {
            if (v.is_array()) {
                for (const json& item : v) {
                    if (!check(arg, item)) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (keyword == "required") {
            if (v.is_object()) {
                for (const json& key : arg) {
                    if (!v.contains(key.get<std::string>())) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (keyword == "properties") {
            if (v.is_object()) {
                for (const auto& [key, sub] : arg.items()) {
                    if (v.contains(key) && !check(sub, v.at(key))) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (keyword == "additionalProperties") {
            if (v.is_object()) {
                const json empty = json::object();
                const json& declared = schema.contains("properties") ? schema["properties"] : empty;
                for (const auto& [key, value] : v.items()) {
                    if (!declared.contains(key) && !check(arg, value)) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (keyword == "propertyNames") {
            if (v.is_object()) {
                for (const auto& [key, value] : v.items()) {
                    (void)value;
                    if (!check(arg, json(key))) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (keyword == "oneOf" || keyword == "anyOf") {
            int matches = 0;
            for (const json& sub : arg) {
                matches += check(sub, v) ? 1 : 0;
            }
            return keyword == "oneOf" ? matches == 1 : matches >= 1;
        }
        if (keyword == "not") {
            return !check(arg, v);
        }
        throw std::runtime_error("MiniSchema does not know the keyword '" + keyword + "'");
    }

    // Compiling std::regex dominates the run time otherwise.
    const std::regex& regex(const json& pattern) const {
        const std::string& text = pattern.get_ref<const std::string&>();
        auto it = regexes_.find(text);
        if (it == regexes_.end()) {
            it = regexes_.emplace(text, std::regex(text)).first;
        }
        return it->second;
    }

    json root_;
    mutable std::map<std::string, std::regex> regexes_;
};

// schemas/<name>, read from the source tree.
inline nlohmann::json load_schema_file(const std::string& name) {
    std::ifstream in(std::string(AIRLOCK_SOURCE_DIR) + "/schemas/" + name);
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

} // namespace airlock::test
