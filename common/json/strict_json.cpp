#include "common/json/strict_json.hpp"
#include "common/core/text.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

namespace airlock {

namespace {

using nlohmann::json;

// Checks structure only; the DOM is built by a second, ordinary parse once
// the text is known to be sane. Inputs are small, so two passes cost nothing.
class StrictSax {
  public:
    explicit StrictSax(std::size_t max_depth) : max_depth_(max_depth) {}

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const json::string_t&) { return true; }
    bool string(json::string_t&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool start_object(std::size_t) { return enter(); }
    bool end_object() { return leave(); }
    bool start_array(std::size_t) { return enter(); }
    bool end_array() { return leave(); }
    bool key(json::string_t& name) {
        if (!keys_.back().insert(name).second) {
            error_ = "duplicate key '" + printable(name) + "'";
            return false;
        }
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const json::exception& e) {
        error_ = printable(e.what());
        return false;
    }

    const std::string& error() const { return error_; }

  private:
    bool enter() {
        if (keys_.size() >= max_depth_) {
            error_ = "nested deeper than " + std::to_string(max_depth_) + " levels";
            return false;
        }
        keys_.emplace_back();
        return true;
    }
    bool leave() {
        keys_.pop_back();
        return true;
    }

    std::size_t max_depth_;
    // Keys seen per open container (arrays keep an unused empty set).
    std::vector<std::set<std::string>> keys_;
    std::string error_;
};

std::string type_name(const json& value) {
    return value.type_name();
}

} // namespace

json parse_strict_json(std::string_view text, std::size_t max_bytes, std::size_t max_depth,
                       ErrorCode code, std::string_view what) {
    const std::string name(what);
    if (text.size() > max_bytes) {
        fail(code, name + ": " + std::to_string(text.size()) + " bytes, more than the limit of " +
                       std::to_string(max_bytes));
    }
    StrictSax sax(max_depth);
    bool ok = false;
    try {
        ok = json::sax_parse(text.begin(), text.end(), &sax);
    } catch (const json::exception& e) {
        fail(code, name + ": invalid JSON: " + printable(e.what()));
    }
    if (!ok) {
        fail(code, name + ": invalid JSON: " + sax.error());
    }
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        fail(code, name + ": invalid JSON: " + printable(e.what()));
    }
}

JsonFields::JsonFields(const json& value, ErrorCode code, std::string document, std::string path)
    : value_(value), code_(code), document_(std::move(document)), path_(std::move(path)) {
    if (!value_.is_object()) {
        fail(code_, document_ + ": " + (path_.empty() ? std::string("document") : path_) +
                        ": expected an object, found " + type_name(value_));
    }
}

JsonFields JsonFields::nested(const json& value, std::string child_path) const {
    return JsonFields(value, code_, document_, std::move(child_path));
}

std::string JsonFields::path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonFields::fail_at(std::string_view key, std::string_view why) const {
    fail(code_, document_ + ": " + path(key) + ": " + std::string(why));
}

const json* JsonFields::optional(std::string_view key) const {
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
}

const json& JsonFields::required(std::string_view key) const {
    if (const json* v = optional(key)) {
        return *v;
    }
    fail_at(key, "required field is missing");
}

std::string JsonFields::string(std::string_view key, std::size_t max_size, bool allow_empty) const {
    const json& v = required(key);
    if (!v.is_string()) {
        fail_at(key, "expected a string, found " + type_name(v));
    }
    const auto& s = v.get_ref<const json::string_t&>();
    if (s.empty() && !allow_empty) {
        fail_at(key, "must not be empty");
    }
    if (s.size() > max_size) {
        fail_at(key, "longer than " + std::to_string(max_size) + " bytes");
    }
    return s;
}

std::optional<std::string> JsonFields::optional_string(std::string_view key,
                                                       std::size_t max_size) const {
    if (optional(key) == nullptr) {
        return std::nullopt;
    }
    return string(key, max_size);
}

JsonFields JsonFields::object(std::string_view key) const {
    return nested(required(key), path(key));
}

const json& JsonFields::array(std::string_view key, std::size_t max_items) const {
    const json& v = required(key);
    if (!v.is_array()) {
        fail_at(key, "expected an array, found " + type_name(v));
    }
    if (v.size() > max_items) {
        fail_at(key, "more than " + std::to_string(max_items) + " entries");
    }
    return v;
}

void JsonFields::only(std::initializer_list<std::string_view> known) const {
    for (const auto& item : value_.items()) {
        bool listed = false;
        for (std::string_view k : known) {
            listed = listed || item.key() == k;
        }
        if (!listed) {
            fail_at(printable(item.key()), "unknown field");
        }
    }
}

} // namespace airlock
