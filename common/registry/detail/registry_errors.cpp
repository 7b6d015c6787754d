#include "common/registry/detail/registry_errors.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

// Bodies come from the network: keep messages one line and short.
std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    constexpr size_t max_chars = 200;
    if (text.size() > max_chars) {
        text = text.substr(0, max_chars) + "...";
    }
    return text;
}

} // namespace

std::optional<RegistryErrorInfo> parse_registry_error(std::string_view body) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::nullopt;
    }
    auto errors = doc.find("errors");
    if (errors == doc.end() || !errors->is_array() || errors->empty() ||
        !errors->front().is_object()) {
        return std::nullopt;
    }
    const auto& first = errors->front();
    RegistryErrorInfo info;
    if (auto code = first.find("code"); code != first.end() && code->is_string()) {
        info.code = code->get<std::string>();
    }
    if (auto message = first.find("message"); message != first.end() && message->is_string()) {
        info.message = one_line(message->get<std::string>());
    }
    if (info.code.empty() && info.message.empty()) {
        return std::nullopt;
    }
    return info;
}

std::string describe_http_failure(long status, std::string_view body) {
    std::string text = "HTTP " + std::to_string(status);
    if (auto info = parse_registry_error(body)) {
        return text + ": " + (info->message.empty() ? info->code : info->message);
    }
    // A short plain-text body often says what is wrong ("Client sent an HTTP
    // request to an HTTPS server."); HTML error pages and JSON do not help.
    std::string_view line = body.substr(0, body.find_first_of("\r\n"));
    bool printable = std::all_of(line.begin(), line.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (!line.empty() && line.size() <= 200 && printable && line.front() != '<' &&
        line.front() != '{') {
        text += ": " + std::string(line);
    }
    return text;
}

bool means_not_found(long status, std::string_view body) {
    if (status == 404) {
        return true;
    }
    if (auto info = parse_registry_error(body)) {
        return info->code == "MANIFEST_UNKNOWN" || info->code == "NAME_UNKNOWN" ||
               info->code == "BLOB_UNKNOWN";
    }
    return false;
}

} // namespace airlock
