// Shared by the prototype servers of bench/http_libraries (not product code).
// Arguments: PORT FILE OFFSET LENGTH [CERT KEY]. The blob is LENGTH bytes of
// FILE starting at OFFSET; the manifest is a fixed 2 KiB body in memory.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace proto {

struct Args {
    int port = 0;
    std::string file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::string cert;  // empty: plain HTTP
    std::string key;
    bool tls() const { return !cert.empty(); }
};

inline Args parse_args(int argc, char** argv) {
    if (argc != 5 && argc != 7) {
        std::fprintf(stderr, "usage: %s PORT FILE OFFSET LENGTH [CERT KEY]\n", argv[0]);
        std::exit(2);
    }
    Args a;
    a.port = std::atoi(argv[1]);
    a.file = argv[2];
    a.offset = std::strtoull(argv[3], nullptr, 10);
    a.length = std::strtoull(argv[4], nullptr, 10);
    if (argc == 7) {
        a.cert = argv[5];
        a.key = argv[6];
    }
    return a;
}

inline const std::string& manifest_body() {
    static const std::string body = [] {
        std::string s = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"pad\":\"";
        while (s.size() < 2046) {
            s += 'x';
        }
        return s + "\"}";
    }();
    return body;
}

// A byte range [first, first + count) of a body of `size` bytes.
struct Range {
    std::uint64_t first = 0;
    std::uint64_t count = 0;
};

// The value of a Range header: nullopt when absent or unusable (serve the
// whole body, as RFC 9110 allows for what a server does not understand);
// count == 0 when unsatisfiable (416). Only one "bytes=" range.
enum class RangeResult { whole, partial, unsatisfiable };
inline RangeResult parse_range(std::string_view v, std::uint64_t size, Range& out) {
    if (v.substr(0, 6) != "bytes=" || v.find(',') != std::string_view::npos) {
        return RangeResult::whole;
    }
    v.remove_prefix(6);
    auto dash = v.find('-');
    if (dash == std::string_view::npos) {
        return RangeResult::whole;
    }
    std::string a(v.substr(0, dash)), b(v.substr(dash + 1));
    if (a.empty()) {  // suffix: the last N bytes
        std::uint64_t n = std::strtoull(b.c_str(), nullptr, 10);
        if (n == 0) {
            return RangeResult::unsatisfiable;
        }
        n = n > size ? size : n;
        out = {size - n, n};
        return RangeResult::partial;
    }
    std::uint64_t first = std::strtoull(a.c_str(), nullptr, 10);
    std::uint64_t last = b.empty() ? size - 1 : std::strtoull(b.c_str(), nullptr, 10);
    if (first >= size || last < first) {
        return RangeResult::unsatisfiable;
    }
    if (last >= size) {
        last = size - 1;
    }
    out = {first, last - first + 1};
    return RangeResult::partial;
}

inline std::string content_range(const Range& r, std::uint64_t size) {
    return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.first + r.count - 1) + "/" +
           std::to_string(size);
}

}  // namespace proto
