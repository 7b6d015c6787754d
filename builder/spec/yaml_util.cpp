#include "builder/spec/yaml_util.hpp"

#include "common/core/error.hpp"

#include <algorithm>
#include <regex>

namespace airlock::builder {

namespace {

constexpr std::string_view tag_str = "tag:yaml.org,2002:str";
constexpr std::string_view tag_int = "tag:yaml.org,2002:int";
constexpr std::string_view tag_float = "tag:yaml.org,2002:float";
constexpr std::string_view tag_bool = "tag:yaml.org,2002:bool";
constexpr std::string_view tag_null = "tag:yaml.org,2002:null";

enum class ScalarKind { null, boolean, number, string, other };

// YAML 1.2 core schema resolution of a plain (unquoted, untagged) scalar.
ScalarKind resolve_plain(const std::string& text) {
    static const std::regex null_re("~|null|Null|NULL|");
    static const std::regex bool_re("true|True|TRUE|false|False|FALSE");
    static const std::regex int_re("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
    static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|"
                                     "[-+]?\\.(inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN");
    if (std::regex_match(text, null_re)) {
        return ScalarKind::null;
    }
    if (std::regex_match(text, bool_re)) {
        return ScalarKind::boolean;
    }
    if (std::regex_match(text, int_re) || std::regex_match(text, float_re)) {
        return ScalarKind::number;
    }
    return ScalarKind::string;
}

ScalarKind kind_of(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) {
        return ScalarKind::null;
    }
    if (!node.IsScalar()) {
        return ScalarKind::other;
    }
    const std::string& tag = node.Tag();
    if (tag == "?") {
        return resolve_plain(node.Scalar());
    }
    if (tag == "!" || tag == tag_str) {
        return ScalarKind::string;
    }
    if (tag == tag_int || tag == tag_float) {
        return ScalarKind::number;
    }
    if (tag == tag_bool) {
        return ScalarKind::boolean;
    }
    if (tag == tag_null) {
        return ScalarKind::null;
    }
    return ScalarKind::other;
}

std::string join(const std::vector<std::string_view>& names) {
    std::string s;
    for (std::string_view n : names) {
        if (!s.empty()) {
            s += ", ";
        }
        s += n;
    }
    return s;
}

} // namespace

std::string YamlSource::where(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) {
        return name_;
    }
    return name_ + ":" + std::to_string(mark.line + 1);
}

void YamlSource::fail(const YAML::Mark& mark, const std::string& message) const {
    airlock::fail(ErrorCode::spec, where(mark) + ": " + message);
}

YAML::Node YamlSource::load(std::string_view text) const {
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::ParserException& e) {
        fail(e.mark, "invalid YAML: " + e.msg);
    } catch (const YAML::Exception& e) {
        fail(e.mark, "invalid YAML: " + e.msg);
    }
    if (documents.empty()) {
        airlock::fail(ErrorCode::spec, name_ + ": the document is empty");
    }
    if (documents.size() > 1) {
        fail(documents[1].Mark(),
             "expected one YAML document, found " + std::to_string(documents.size()));
    }
    return documents.front();
}

std::string child_path(const std::string& parent, std::string_view key) {
    if (parent.empty()) {
        return std::string(key);
    }
    return parent + "." + std::string(key);
}

std::string item_path(const std::string& parent, size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

std::string describe(const YAML::Node& node) {
    if (node.IsSequence()) {
        return "a list";
    }
    if (node.IsMap()) {
        return "a mapping";
    }
    switch (kind_of(node)) {
    case ScalarKind::null:
        return "null";
    case ScalarKind::boolean:
        return "a boolean";
    case ScalarKind::number:
        return "a number";
    case ScalarKind::string:
        return "a string";
    case ScalarKind::other:
        break;
    }
    return "a value tagged '" + node.Tag() + "'";
}

bool is_string(const YAML::Node& node) {
    return kind_of(node) == ScalarKind::string;
}

bool is_number(const YAML::Node& node) {
    return kind_of(node) == ScalarKind::number;
}

bool is_boolean(const YAML::Node& node) {
    return kind_of(node) == ScalarKind::boolean;
}

YamlMap::YamlMap(const YamlSource& source, const YAML::Node& node, const YAML::Mark& at,
                 std::string path, std::vector<std::string_view> allowed)
    : YamlMap(source, node, at, std::move(path), &allowed) {}

YamlMap YamlMap::any_keys(const YamlSource& source, const YAML::Node& node, const YAML::Mark& at,
                          std::string path) {
    return YamlMap(source, node, at, std::move(path), nullptr);
}

YamlMap::YamlMap(const YamlSource& source, const YAML::Node& node, const YAML::Mark& at,
                 std::string path, const std::vector<std::string_view>* allowed)
    : source_(&source), path_(std::move(path)), mark_(at) {
    const std::string what = path_.empty() ? "the document" : "'" + path_ + "'";
    if (!node.IsMap()) {
        source.fail(at, what + " must be a mapping, not " + describe(node));
    }
    if (!node.Mark().is_null()) {
        mark_ = node.Mark();
    }
    const std::string in = path_.empty() ? "at top level" : "in " + path_;
    for (auto it = node.begin(); it != node.end(); ++it) {
        YamlField field{"", it->first, it->second};
        if (!is_string(field.key_node)) {
            source.fail(field.key_node.Mark(),
                        "keys must be strings, found " + describe(field.key_node) + " " + in);
        }
        field.key = field.key_node.Scalar();
        if (field.key.empty()) {
            source.fail(field.mark(), "empty key " + in);
        }
        if (allowed && std::find(allowed->begin(), allowed->end(), field.key) == allowed->end()) {
            source.fail(field.mark(), "unknown key '" + field.key + "' " + in +
                                          " (expected one of: " + join(*allowed) + ")");
        }
        if (const YamlField* first = find(field.key)) {
            source.fail(field.mark(), "duplicate key '" + field.key + "' " + in +
                                          " (first at line " +
                                          std::to_string(first->mark().line + 1) + ")");
        }
        fields_.push_back(std::move(field));
    }
}

const YamlField* YamlMap::find(std::string_view key) const {
    for (const YamlField& f : fields_) {
        if (f.key == key) {
            return &f;
        }
    }
    return nullptr;
}

const YamlField& YamlMap::require(std::string_view key) const {
    if (const YamlField* f = find(key)) {
        return *f;
    }
    const std::string in = path_.empty() ? "at top level" : "in " + path_;
    source_->fail(mark_, "missing key '" + std::string(key) + "' " + in);
}

std::string expect_string(const YamlMap& map, const YamlField& field) {
    const std::string path = map.path_of(field);
    if (!is_string(field.value)) {
        std::string hint;
        if (is_number(field.value) || is_boolean(field.value)) {
            hint = " (quote it: \"" + field.value.Scalar() + "\")";
        }
        map.source().fail(field.mark(),
                          "'" + path + "' must be a string, not " + describe(field.value) + hint);
    }
    if (field.value.Scalar().empty()) {
        map.source().fail(field.mark(), "'" + path + "' must not be empty");
    }
    return field.value.Scalar();
}

std::vector<YAML::Node> expect_list(const YamlMap& map, const YamlField& field,
                                    std::string_view expected) {
    if (!field.value.IsSequence()) {
        map.source().fail(field.mark(), "'" + map.path_of(field) + "' must be " +
                                            std::string(expected) + ", not " +
                                            describe(field.value));
    }
    return {field.value.begin(), field.value.end()};
}

std::vector<YamlString> expect_string_list(const YamlMap& map, const YamlField& field) {
    const std::string path = map.path_of(field);
    std::vector<YamlString> out;
    for (const YAML::Node& item : expect_list(map, field, "a list of strings")) {
        YamlString s{"", item.Mark(), item_path(path, out.size())};
        if (!is_string(item)) {
            map.source().fail(s.mark, "'" + path + "' must be a list of strings; '" + s.path +
                                          "' is " + describe(item));
        }
        if (item.Scalar().empty()) {
            map.source().fail(s.mark, "'" + s.path + "' must not be empty");
        }
        s.value = item.Scalar();
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace airlock::builder
