#pragma once
// JSON read from signed or trusted documents (envelopes, statements, trust
// policies). Such input may be hostile, so parsing is bounded in size and
// depth and refuses duplicate keys: two parsers must never disagree on what
// a signed document says.
#include "common/core/error.hpp"
#include "common/core/text.hpp"

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

// Throws Error(code) "<what>: ..." when the text is larger than max_bytes,
// nested deeper than max_depth, not valid JSON/UTF-8, or has duplicate keys.
nlohmann::json parse_strict_json(std::string_view text, std::size_t max_bytes,
                                 std::size_t max_depth, ErrorCode code, std::string_view what);

// Typed access to the fields of one JSON object; every failure throws
// Error(code) naming the document and the field path ("trust policy
// /etc/p.json: keys[1].role: ...").
class JsonFields {
  public:
    // Throws unless `value` is an object. `document` names the whole input
    // ("trust policy /etc/p.json"), `path` this object within it ("keys[1]").
    JsonFields(const nlohmann::json& value, ErrorCode code, std::string document,
               std::string path = {});
    // A reader for a nested object value, reporting errors under child_path.
    JsonFields nested(const nlohmann::json& value, std::string child_path) const;

    const nlohmann::json& required(std::string_view key) const;
    const nlohmann::json* optional(std::string_view key) const;
    // A string of at most max_size bytes; empty strings are refused unless allow_empty.
    std::string string(std::string_view key, std::size_t max_size, bool allow_empty = false) const;
    std::optional<std::string> optional_string(std::string_view key, std::size_t max_size) const;
    JsonFields object(std::string_view key) const;
    const nlohmann::json& array(std::string_view key, std::size_t max_items) const;
    // Refuses any key not listed.
    void only(std::initializer_list<std::string_view> known) const;

    // The path of a member, for nested readers and messages.
    std::string path(std::string_view key) const;
    [[noreturn]] void fail_at(std::string_view key, std::string_view why) const;
    ErrorCode code() const { return code_; }

  private:
    const nlohmann::json& value_;
    ErrorCode code_;
    std::string document_;
    std::string path_;
};

} // namespace airlock
