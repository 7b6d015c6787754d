#include "common/registry/detail/www_authenticate.hpp"

#include "common/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace airlock {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Delimiters per RFC 9110 that can never be part of an unquoted token. Other
// characters are accepted so that unquoted URLs (seen in the wild) survive.
bool ends_token(char c) {
    return is_space(c) || c == ',' || c == '=' || c == '"';
}

class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return done() ? '\0' : text_[pos_]; }
    void advance() { ++pos_; }
    void skip_spaces() {
        while (!done() && is_space(peek())) {
            ++pos_;
        }
    }
    void skip_spaces_and_commas() {
        while (!done() && (is_space(peek()) || peek() == ',')) {
            ++pos_;
        }
    }
    std::string_view token() {
        size_t start = pos_;
        while (!done() && !ends_token(peek())) {
            ++pos_;
        }
        return text_.substr(start, pos_ - start);
    }
    size_t count_equals() const {
        size_t n = 0;
        while (pos_ + n < text_.size() && text_[pos_ + n] == '=') {
            ++n;
        }
        return n;
    }
    // After the opening quote: reads to the closing quote, resolving \-escapes.
    // An unterminated string takes the rest of the header.
    std::string quoted() {
        std::string out;
        while (!done()) {
            char c = peek();
            advance();
            if (c == '"') {
                return out;
            }
            if (c == '\\' && !done()) {
                c = peek();
                advance();
            }
            out += c;
        }
        return out;
    }
    // True when only spaces stand between here and a comma or the end.
    bool at_item_end() const {
        size_t p = pos_;
        while (p < text_.size() && is_space(text_[p])) {
            ++p;
        }
        return p >= text_.size() || text_[p] == ',';
    }

  private:
    std::string_view text_;
    size_t pos_ = 0;
};

} // namespace

std::string AuthChallenge::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::vector<AuthChallenge> parse_www_authenticate(std::string_view header) {
    // Commas separate both parameters and challenges; "name=" starts a
    // parameter, a bare token starts a new challenge.
    std::vector<AuthChallenge> out;
    Cursor cur(header);
    while (true) {
        cur.skip_spaces_and_commas();
        if (cur.done()) {
            break;
        }
        std::string_view name = cur.token();
        if (name.empty()) {
            // A stray '=' or quote: skip one character and resynchronise.
            if (cur.peek() == '"') {
                cur.advance();
                (void)cur.quoted();
            } else {
                cur.advance();
            }
            continue;
        }
        cur.skip_spaces();
        if (cur.peek() != '=') {
            AuthChallenge challenge;
            challenge.scheme = ascii_lower(name);
            out.push_back(std::move(challenge));
            // "Scheme token68": a token followed only by '=' padding.
            if (!cur.done() && cur.peek() != ',') {
                Cursor probe = cur;
                std::string_view t68 = probe.token();
                size_t pad = probe.count_equals();
                for (size_t i = 0; i < pad; ++i) {
                    probe.advance();
                }
                if (!t68.empty() && probe.at_item_end()) {
                    out.back().token68 = std::string(t68) + std::string(pad, '=');
                    cur = probe;
                }
            }
            continue;
        }
        cur.advance(); // '='
        cur.skip_spaces();
        std::string value;
        if (cur.peek() == '"') {
            cur.advance();
            value = cur.quoted();
        } else {
            value = std::string(cur.token());
        }
        if (!out.empty()) {
            out.back().params.emplace(ascii_lower(name), std::move(value));
        }
    }
    return out;
}

std::optional<AuthChallenge> pick_challenge(const std::vector<std::string>& headers) {
    std::optional<AuthChallenge> basic;
    for (const auto& header : headers) {
        for (auto& challenge : parse_www_authenticate(header)) {
            if (challenge.scheme == "bearer" && !challenge.param("realm").empty()) {
                return challenge;
            }
            if (challenge.scheme == "basic" && !basic) {
                basic = std::move(challenge);
            }
        }
    }
    return basic;
}

} // namespace airlock
