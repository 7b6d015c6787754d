#pragma once
// Go's net/url, as far as the product needs it: escaping and unescaping by
// the part of a URL they apply to, url.Parse with its error messages, and
// URL.String(). One copy serves sprig's urlParse/urlJoin and the JSON Schema
// validator's identifiers and uri formats, which must agree with Go on what
// a URL is.
#include <optional>
#include <string>
#include <string_view>

namespace airlock::gonet {

// Go's encodePath, encodeHost, encodeUserPassword, encodeFragment.
enum class Encoding { path, host, user_password, fragment };

bool should_escape(unsigned char c, Encoding mode);
std::string escape(std::string_view s, Encoding mode);
// Go's unescape: the text, or nullopt with Go's message in `error`
// ("invalid URL escape \"%zz\"", "invalid character \" \" in host name").
std::optional<std::string> unescape(std::string_view s, Encoding mode, std::string& error);

// ":" followed by digits, or nothing.
bool valid_optional_port(std::string_view port);

struct Url {
    std::string scheme; // lower case
    std::string opaque; // "ex:root" of "urn:ex:root"
    std::optional<std::string> username;
    std::optional<std::string> password;
    bool has_authority = false;
    std::string raw_authority; // userinfo@host:port, as written
    std::string raw_host;      // host:port, as written
    std::string host;          // host:port, unescaped (Go's Host)
    bool omit_host = false;    // "scheme:/path": no "//"
    std::string raw_path;      // as written
    std::string path;          // unescaped (Go's Path)
    bool force_query = false;  // a '?' with nothing after it
    std::string raw_query;
    std::string raw_fragment; // as written, without '#'
    std::string fragment;     // unescaped
};

// url.Parse. On failure, nullopt with Go's whole message in `error`:
// "parse \"http://a b\": invalid character \" \" in host name" (the URL
// quoted without its fragment unless the fragment is what failed).
std::optional<Url> parse(std::string_view raw, std::string& error);

// URL.User.String(): "user:password" escaped, "" without a user.
std::string userinfo(const Url& url);

// URL.String() of the unescaped fields (what urlJoin prints).
std::string to_string(const Url& url);

// URL.Hostname() of a Host: without the port and IPv6 brackets.
std::string hostname(std::string_view host);

} // namespace airlock::gonet
