// Interim implementation, to be replaced by the Go-exact YAML codec.
#include "builder/helm/values_io.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

#include <cstdlib>
#include <regex>
#include <yaml-cpp/yaml.h>

namespace airlock::helm {

namespace {

using gotemplate::Value;

Value scalar(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    if (n.Tag() == "!") {
        return Value::string(s);
    }
    if (s == "true" || s == "True" || s == "TRUE" || s == "yes" || s == "on" || s == "y") {
        return Value::boolean(true);
    }
    if (s == "false" || s == "False" || s == "FALSE" || s == "no" || s == "off" || s == "n") {
        return Value::boolean(false);
    }
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
        return Value::nil();
    }
    static const std::regex number(R"([-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?)");
    if (std::regex_match(s, number) && s.find_first_of("0123456789") != std::string::npos) {
        std::string clean;
        for (char c : s) {
            if (c != '_') {
                clean += c;
            }
        }
        return Value::floating(std::strtod(clean.c_str(), nullptr));
    }
    return Value::string(s);
}

Value convert(const YAML::Node& n) {
    switch (n.Type()) {
    case YAML::NodeType::Map: {
        gotemplate::Map m;
        for (auto it = n.begin(); it != n.end(); ++it) {
            m.insert_or_assign(it->first.Scalar(), convert(it->second));
        }
        return Value::map(std::move(m));
    }
    case YAML::NodeType::Sequence: {
        gotemplate::List l;
        for (const auto& item : n) {
            l.push_back(convert(item));
        }
        return Value::list(std::move(l));
    }
    case YAML::NodeType::Scalar:
        return scalar(n);
    default:
        return Value::nil();
    }
}

void emit(const Value& v, int indent, std::string& out, bool in_list);

std::string scalar_text(const Value& v) {
    switch (v.kind()) {
    case gotemplate::Kind::nil:
        return "null";
    case gotemplate::Kind::string: {
        const std::string& s = v.as_string();
        static const std::regex plain(R"([A-Za-z/][A-Za-z0-9_./:-]*)");
        if (std::regex_match(s, plain) && s != "true" && s != "false" && s != "null" &&
            s != "yes" && s != "no" && s != "on" && s != "off" && s != "y" && s != "n") {
            return s;
        }
        return gotemplate::go_quote(s);
    }
    default:
        return gotemplate::sprint_value(v);
    }
}

void emit(const Value& v, int indent, std::string& out, bool) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    if (v.kind() == gotemplate::Kind::map) {
        if (v.as_map().empty()) {
            out += "{}\n";
            return;
        }
        for (const auto& [k, item] : v.as_map()) {
            out += pad + scalar_text(Value::string(k)) + ":";
            if ((item.kind() == gotemplate::Kind::map && !item.as_map().empty())) {
                out += "\n";
                emit(item, indent + 2, out, false);
            } else if (item.kind() == gotemplate::Kind::list && !item.as_list().empty()) {
                out += "\n";
                emit(item, indent, out, false);
            } else {
                out += " ";
                emit(item, 0, out, false);
            }
        }
        return;
    }
    if (v.kind() == gotemplate::Kind::list) {
        if (v.as_list().empty()) {
            out += "[]\n";
            return;
        }
        for (const Value& item : v.as_list()) {
            out += pad + "- ";
            if (item.kind() == gotemplate::Kind::map && !item.as_map().empty()) {
                std::string inner;
                emit(item, indent + 2, inner, false);
                out += inner.substr(static_cast<std::size_t>(indent) + 2);
            } else {
                emit(item, indent + 2, out, false);
            }
        }
        return;
    }
    out += scalar_text(v) + "\n";
}

} // namespace

Value read_values(std::string_view text, const std::string& what) {
    YAML::Node node;
    try {
        node = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        fail(ErrorCode::spec, what + ": " + e.what());
    }
    if (!node || node.IsNull()) {
        return Value::map(gotemplate::Map{});
    }
    if (!node.IsMap()) {
        fail(ErrorCode::spec, what + ": not a map");
    }
    return convert(node);
}

Value read_yaml_document(std::string_view text, const std::string& what) {
    YAML::Node node;
    try {
        node = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        fail(ErrorCode::spec, what + ": " + e.what());
    }
    return convert(node);
}

std::string to_yaml(const Value& v) {
    std::string out;
    emit(v, 0, out, false);
    if (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

std::vector<std::string> split_manifests(std::string_view text) {
    static const std::regex sep(R"((?:^|\s*\n)---\s*)");
    std::string s(text);
    std::vector<std::string> out;
    auto trim = [](std::string t) {
        const auto b = t.find_first_not_of(" \t\r\n");
        if (b == std::string::npos) {
            return std::string();
        }
        const auto e = t.find_last_not_of(" \t\r\n");
        return t.substr(b, e - b + 1);
    };
    s = trim(s);
    std::sregex_token_iterator it(s.begin(), s.end(), sep, -1), end;
    for (; it != end; ++it) {
        std::string d = trim(*it);
        if (!d.empty()) {
            out.push_back(d);
        }
    }
    return out;
}

} // namespace airlock::helm
