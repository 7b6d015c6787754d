#include "common/registry/detail/exchange.hpp"

#include <array>
#include <charconv>
#include <system_error>

namespace airlock {

namespace {

constexpr size_t max_drained_body = 64 * 1024;

} // namespace

std::string find_header(const HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::vector<std::string> find_headers(const HeaderList& headers, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : headers) {
        if (key == name) {
            out.push_back(value);
        }
    }
    return out;
}

std::int64_t Exchange::content_length() const {
    std::string value = find_header(headers(), "content-length");
    std::int64_t length = -1;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec != std::errc() || end != value.data() + value.size() || length < 0) {
        return -1;
    }
    return length;
}

std::string drain(Exchange& exchange) {
    std::string body;
    std::array<std::byte, 16 * 1024> chunk{};
    while (size_t n = exchange.read(chunk)) {
        if (body.size() < max_drained_body) {
            body.append(reinterpret_cast<const char*>(chunk.data()), n);
        }
    }
    return body;
}

} // namespace airlock
