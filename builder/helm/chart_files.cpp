#include "builder/helm/chart_files.hpp"

#include "builder/helm/values_io.hpp"
#include "common/core/base64.hpp"
#include "common/gotemplate/function.hpp"

#include <optional>

namespace airlock::helm {

namespace {

using gotemplate::Function;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;
using gotemplate::Value;

class GlobMatcher {
  public:
    std::optional<bool> match(std::string_view p, std::string_view s) {
        malformed_ = false;
        const bool m = step(p, s);
        if (malformed_) {
            return std::nullopt;
        }
        return m;
    }

  private:
    // Splits "{a,b}rest" at top-level commas; false when unbalanced.
    bool alternatives(std::string_view p, std::vector<std::string_view>& alts, std::size_t& end) {
        int depth = 0;
        std::size_t start = 1;
        for (std::size_t i = 1; i < p.size(); ++i) {
            const char c = p[i];
            if (c == '\\') {
                ++i;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}') {
                if (depth == 0) {
                    alts.push_back(p.substr(start, i - start));
                    end = i + 1;
                    return true;
                }
                --depth;
            } else if (c == ',' && depth == 0) {
                alts.push_back(p.substr(start, i - start));
                start = i + 1;
            }
        }
        return false;
    }

    bool step(std::string_view p, std::string_view s) {
        if (++steps_ > 200000 || malformed_) {
            return false;
        }
        while (!p.empty()) {
            const char c = p.front();
            if (c == '*') {
                const bool super = p.size() > 1 && p[1] == '*';
                const std::string_view rest = p.substr(super ? 2 : 1);
                for (std::size_t k = 0; k <= s.size(); ++k) {
                    if (step(rest, s.substr(k))) {
                        return true;
                    }
                    if (k < s.size() && !super && s[k] == '/') {
                        break;
                    }
                }
                return false;
            }
            if (c == '?') {
                if (s.empty() || s.front() == '/') {
                    return false;
                }
                p.remove_prefix(1);
                s.remove_prefix(1);
                continue;
            }
            if (c == '[') {
                const std::size_t close = p.find(']', 1);
                if (close == std::string_view::npos) {
                    malformed_ = true;
                    return false;
                }
                std::string_view cls = p.substr(1, close - 1);
                const bool negate = !cls.empty() && cls.front() == '!';
                if (negate) {
                    cls.remove_prefix(1);
                }
                if (s.empty()) {
                    return false;
                }
                bool in = false;
                for (std::size_t i = 0; i < cls.size(); ++i) {
                    if (i + 2 < cls.size() && cls[i + 1] == '-') {
                        in = in || (s.front() >= cls[i] && s.front() <= cls[i + 2]);
                        i += 2;
                    } else {
                        in = in || s.front() == cls[i];
                    }
                }
                if (in == negate) {
                    return false;
                }
                p.remove_prefix(close + 1);
                s.remove_prefix(1);
                continue;
            }
            if (c == '{') {
                std::vector<std::string_view> alts;
                std::size_t end = 0;
                if (!alternatives(p, alts, end)) {
                    malformed_ = true;
                    return false;
                }
                const std::string_view rest = p.substr(end);
                for (std::string_view alt : alts) {
                    if (step(std::string(alt) + std::string(rest), s)) {
                        return true;
                    }
                }
                return false;
            }
            if (c == '\\' && p.size() > 1) {
                p.remove_prefix(1);
            }
            if (s.empty() || s.front() != p.front()) {
                return false;
            }
            p.remove_prefix(1);
            s.remove_prefix(1);
        }
        return s.empty();
    }

    std::size_t steps_ = 0;
    bool malformed_ = false;
};

Value string_list(std::vector<std::string> items) {
    gotemplate::List list;
    for (auto& s : items) {
        list.push_back(Value::string(std::move(s)));
    }
    return Value::list(std::move(list), gotemplate::ListType::string);
}

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class FilesType final : public gotemplate::NamedType {
  public:
    std::string name() const override { return "engine.files"; }

    std::optional<Function> method(std::string_view name, const Value& receiver) const override {
        const std::shared_ptr<Map> files = receiver.map_ptr();
        auto content = [files](const std::string& path) -> const std::string* {
            auto it = files->find(path);
            if (it == files->end() || it->second.kind() != gotemplate::Kind::bytes) {
                return nullptr;
            }
            return &it->second.as_string();
        };
        if (name == "Get" || name == "GetBytes") {
            const bool bytes = name == "GetBytes";
            return Function{Signature{{Type::string}, false, bytes ? Type::bytes : Type::string},
                            [content, bytes](gotemplate::CallContext&, std::vector<Value>& args) {
                                const std::string* data = content(args[0].as_string());
                                std::string text = data != nullptr ? *data : std::string();
                                return bytes ? Value::bytes(std::move(text))
                                             : Value::string(std::move(text));
                            }};
        }
        if (name == "Lines") {
            return Function{Signature{{Type::string}, false, Type::strings},
                            [content](gotemplate::CallContext&, std::vector<Value>& args) {
                                const std::string* data = content(args[0].as_string());
                                if (data == nullptr) {
                                    return string_list({});
                                }
                                if (data->empty()) { // Helm indexes s[len(s)-1] and panics
                                    fail(ErrorCode::spec, "runtime error: index out of range [-1]");
                                }
                                std::string s = *data;
                                if (s.back() == '\n') {
                                    s.pop_back();
                                }
                                std::vector<std::string> lines;
                                std::size_t start = 0;
                                while (true) {
                                    const std::size_t nl = s.find('\n', start);
                                    lines.push_back(s.substr(start, nl - start));
                                    if (nl == std::string::npos) {
                                        break;
                                    }
                                    start = nl + 1;
                                }
                                return string_list(std::move(lines));
                            }};
        }
        if (name == "Glob") {
            return Function{Signature{{Type::string}, false, Type::map},
                            [files](gotemplate::CallContext&, std::vector<Value>& args) {
                                const std::string& pattern = args[0].as_string();
                                Map out;
                                for (const auto& [path, data] : *files) {
                                    GlobMatcher m;
                                    // A malformed pattern matches everything, as in Helm.
                                    if (m.match(pattern, path).value_or(true)) {
                                        out.emplace(path, data);
                                    }
                                }
                                return Value::map(std::move(out)).with_type(&files_type());
                            }};
        }
        if (name == "AsConfig" || name == "AsSecrets") {
            const bool secrets = name == "AsSecrets";
            return Function{Signature{{}, false, Type::string},
                            [files, secrets](gotemplate::CallContext&, std::vector<Value>&) {
                                Map m;
                                for (const auto& [path, data] : *files) {
                                    const std::string& bytes = data.as_string();
                                    m.insert_or_assign(
                                        base_name(path),
                                        Value::string(secrets ? base64_encode(bytes) : bytes));
                                }
                                return Value::string(to_yaml(Value::map(std::move(m))));
                            }};
        }
        return std::nullopt;
    }

    static const FilesType& files_type() {
        static const FilesType type;
        return type;
    }
};

} // namespace

Value files_value(const std::vector<TgzFile>& files) {
    Map m;
    for (const TgzFile& f : files) {
        m.insert_or_assign(f.name, Value::bytes(f.data));
    }
    return Value::map(std::move(m)).with_type(&FilesType::files_type());
}

std::optional<bool> files_glob_match(std::string_view pattern, std::string_view name) {
    GlobMatcher m;
    return m.match(pattern, name);
}

} // namespace airlock::helm
