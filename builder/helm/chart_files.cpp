#include "builder/helm/chart_files.hpp"

#include "builder/helm/files_glob.hpp"
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
                                // A pattern gobwas refuses matches every file, as in Helm.
                                const auto glob = FilesGlob::compile(args[0].as_string());
                                Map out;
                                for (const auto& [path, data] : *files) {
                                    if (!glob || glob->match(path)) {
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
    const auto glob = FilesGlob::compile(pattern);
    if (!glob) {
        return std::nullopt;
    }
    return glob->match(name);
}

} // namespace airlock::helm
