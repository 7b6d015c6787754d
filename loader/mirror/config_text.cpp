#include "loader/mirror/config_text.hpp"

#include "common/core/error.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

std::string quoted_string(std::string_view text) {
    try {
        return nlohmann::json(std::string(text)).dump();
    } catch (const nlohmann::json::exception&) {
        fail(ErrorCode::spec, "'" + std::string(text) + "' is not valid UTF-8");
    }
}

namespace {

// A literal block keeps every character of `text` as is.
bool literal_block_fits(std::string_view text) {
    if (text.empty() || text.front() == ' ' || text.front() == '\t' || text.front() == '\n') {
        return false;
    }
    if (text.size() >= 2 && text.substr(text.size() - 2) == "\n\n") {
        return false; // "|" keeps one final newline, "|+" would be needed for more
    }
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) {
            return false;
        }
    }
    // A line of blanks only would be taken for indentation.
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line =
            text.substr(start, end == std::string_view::npos ? end : end - start);
        if (!line.empty() && line.find_first_not_of(" \t") == std::string_view::npos) {
            return false;
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return true;
}

} // namespace

std::string yaml_block(std::string_view text, int indent) {
    (void)quoted_string(text); // Error(spec) for text that is not UTF-8
    if (!literal_block_fits(text)) {
        return quoted_string(text);
    }
    const std::string pad(static_cast<size_t>(indent), ' ');
    std::string out = text.back() == '\n' ? "|\n" : "|-\n";
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line =
            text.substr(start, end == std::string_view::npos ? end : end - start);
        out += line.empty() ? "" : pad;
        out += line;
        out += '\n';
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return out;
}

namespace {

bool dns_name(std::string_view name, size_t max, bool dots) {
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (name.empty() || name.size() > max || !alnum(name.front()) || !alnum(name.back())) {
        return false;
    }
    for (char c : name) {
        if (!(alnum(c) || c == '-' || (dots && c == '.'))) {
            return false;
        }
    }
    return true;
}

} // namespace

bool is_dns_label(std::string_view name) {
    return dns_name(name, 63, false);
}

bool is_dns_subdomain(std::string_view name) {
    return dns_name(name, 253, true);
}

} // namespace airlock::loader
