#pragma once
// JSON text written the way Go's encoding/json Marshal writes it, so that the
// documents Helm makes (a chart's config, its OCI manifest) come out byte for
// byte as Helm would make them: fields in declaration order, no spaces, map
// keys sorted, and Go's string escaping (HTML-safe: '<', '>' and '&' become
// \u003c, \u003e and \u0026; U+2028 and U+2029 are escaped; invalid UTF-8
// is written as the escape \ufffd; '\b' and '\f' are written short, as Go 1.22
// and later do).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

// The next code point of `text` at `pos`, advancing `pos`. Invalid or
// truncated UTF-8 gives U+FFFD and advances one byte, as Go's decoder does.
char32_t next_code_point(std::string_view text, size_t& pos);

// A Go string literal: "..." with Go's escaping.
std::string go_json_string(std::string_view text);
// The same, appended to `out`; without `escape_html` ('<', '>' and '&' stay as
// they are), as an encoder with SetEscapeHTML(false) writes strings.
void append_go_json_string(std::string& out, std::string_view text, bool escape_html = true);

// Fields in the order they are added, like a Go struct; values are JSON text.
class GoJsonObject {
  public:
    GoJsonObject& raw(std::string_view key, std::string_view json);
    GoJsonObject& string(std::string_view key, std::string_view value);
    // Go's `omitempty`: nothing is written for an empty value.
    GoJsonObject& string_omitempty(std::string_view key, std::string_view value);
    GoJsonObject& strings_omitempty(std::string_view key, const std::vector<std::string>& values);
    GoJsonObject& true_omitempty(std::string_view key, bool value);
    GoJsonObject& number(std::string_view key, std::int64_t value);
    // A map[string]string: keys sorted, as Go writes maps.
    GoJsonObject& map_omitempty(std::string_view key,
                                const std::map<std::string, std::string>& values);

    bool empty() const { return body_.empty(); }
    std::string str() const { return "{" + body_ + "}"; }

  private:
    std::string body_;
};

// "[a,b]" from JSON texts.
std::string go_json_array(const std::vector<std::string>& json_items);

} // namespace airlock::builder
