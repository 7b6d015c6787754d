// base, dir, clean, ext, isAbs (Go's path) and their os* forms (path/filepath,
// which on Linux behaves the same).
#include "builder/sprig/detail/text_support.hpp"

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;

std::string path_clean(std::string_view path) {
    if (path.empty()) {
        return ".";
    }
    bool rooted = path[0] == '/';
    std::size_t n = path.size();
    std::string out;
    std::size_t r = 0;
    std::size_t dotdot = 0;
    if (rooted) {
        out.push_back('/');
        r = 1;
        dotdot = 1;
    }
    while (r < n) {
        if (path[r] == '/') {
            ++r;
        } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
            ++r;
        } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
            r += 2;
            if (out.size() > dotdot) {
                out.pop_back();
                while (out.size() > dotdot && out.back() != '/') {
                    out.pop_back();
                }
                if (out.size() > dotdot && out.back() == '/') {
                    // Go's lazybuf keeps the slash; the next element re-adds one.
                    out.pop_back();
                }
            } else if (!rooted) {
                if (!out.empty()) {
                    out.push_back('/');
                }
                out += "..";
                dotdot = out.size();
            }
        } else {
            if ((rooted && out.size() != 1) || (!rooted && !out.empty())) {
                out.push_back('/');
            }
            for (; r < n && path[r] != '/'; ++r) {
                out.push_back(path[r]);
            }
        }
    }
    return out.empty() ? "." : out;
}

std::string path_base(std::string_view path) {
    if (path.empty()) {
        return ".";
    }
    while (!path.empty() && path.back() == '/') {
        path.remove_suffix(1);
    }
    auto i = path.rfind('/');
    if (i != std::string_view::npos) {
        path.remove_prefix(i + 1);
    }
    return path.empty() ? "/" : std::string(path);
}

std::string path_dir(std::string_view path) {
    auto i = path.rfind('/');
    return path_clean(i == std::string_view::npos ? std::string_view() : path.substr(0, i + 1));
}

std::string path_ext(std::string_view path) {
    for (std::size_t i = path.size(); i > 0 && path[i - 1] != '/'; --i) {
        if (path[i - 1] == '.') {
            return std::string(path.substr(i - 1));
        }
    }
    return "";
}

} // namespace

void register_path_functions(gotemplate::FunctionTable& t) {
    const auto s_s = signature({Type::string}, Type::string);
    for (std::string prefix : {"", "os"}) {
        auto name = [&](std::string base) {
            if (!prefix.empty()) {
                base[0] = static_cast<char>(base[0] - 'a' + 'A');
            }
            return prefix + base;
        };
        t.add(name("base"), s_s, [](CallContext&, std::vector<Value>& a) {
            return Value::string(path_base(a[0].as_string()));
        });
        t.add(name("dir"), s_s, [](CallContext&, std::vector<Value>& a) {
            return Value::string(path_dir(a[0].as_string()));
        });
        t.add(name("clean"), s_s, [](CallContext&, std::vector<Value>& a) {
            return Value::string(path_clean(a[0].as_string()));
        });
        t.add(name("ext"), s_s, [](CallContext&, std::vector<Value>& a) {
            return Value::string(path_ext(a[0].as_string()));
        });
        t.add(name("isAbs"), signature({Type::string}, Type::boolean),
              [](CallContext&, std::vector<Value>& a) {
                  const auto& p = a[0].as_string();
                  return Value::boolean(!p.empty() && p[0] == '/');
              });
    }
}

} // namespace airlock::sprig::text
