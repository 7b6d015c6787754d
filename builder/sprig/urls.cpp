// urlParse and urlJoin: Go's net/url parsing and String() (common/gonet), as
// sprig maps them to and from a dict. A parse error is a panic in sprig ("unable to
// parse url: ..."), which templates report as the call's error.
#include "builder/sprig/detail/text_support.hpp"
#include "common/core/error.hpp"
#include "common/gonet/url.hpp"

#include <optional>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;

// sprig's dictGetOrEmpty: a missing key is "", a non-string value panics.
std::string dict_string(const gotemplate::Map& d, const std::string& key) {
    auto it = d.find(key);
    if (it == d.end()) {
        return "";
    }
    const Value& v = it->second;
    if (v.kind() != gotemplate::Kind::string) {
        fail(ErrorCode::spec, "unable to parse " + key + " key, must be of type string, but " +
                                  v.kind_name() + " found");
    }
    return v.as_string();
}

} // namespace

void register_url_functions(gotemplate::FunctionTable& t) {
    t.add("urlParse", signature({Type::string}, Type::map),
          [](CallContext&, std::vector<Value>& a) {
              const auto& raw = a[0].as_string();
              std::string error;
              const std::optional<gonet::Url> u = gonet::parse(raw, error);
              if (!u) {
                  fail(ErrorCode::spec, "unable to parse url: " + error);
              }
              gotemplate::Map m;
              m["scheme"] = Value::string(u->scheme);
              m["host"] = Value::string(u->host);
              m["hostname"] = Value::string(gonet::hostname(u->host));
              m["path"] = Value::string(u->path);
              m["query"] = Value::string(u->raw_query);
              m["opaque"] = Value::string(u->opaque);
              m["fragment"] = Value::string(u->fragment);
              m["userinfo"] = Value::string(gonet::userinfo(*u));
              return Value::map(std::move(m));
          });
    t.add("urlJoin", signature({Type::map}, Type::string), [](CallContext&, std::vector<Value>& a) {
        gonet::Url u;
        gotemplate::Map empty;
        const gotemplate::Map& d = a[0].is_nil() ? empty : a[0].as_map();
        u.scheme = dict_string(d, "scheme");
        u.host = dict_string(d, "host");
        u.path = dict_string(d, "path");
        u.raw_query = dict_string(d, "query");
        u.opaque = dict_string(d, "opaque");
        u.fragment = dict_string(d, "fragment");
        std::string info = dict_string(d, "userinfo");
        if (!info.empty()) {
            std::string error;
            const auto parsed = gonet::parse("proto://" + info + "@host", error);
            if (!parsed) {
                fail(ErrorCode::spec, "unable to parse userinfo in dict: " + error);
            }
            u.username = parsed->username;
            u.password = parsed->password;
        }
        return Value::string(gonet::to_string(u));
    });
}

} // namespace airlock::sprig::text
