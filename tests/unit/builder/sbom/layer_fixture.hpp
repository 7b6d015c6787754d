#pragma once
// Test support for builder/sbom: tar archives made byte by byte (ustar
// headers, pax and GNU long-name extensions), gzip and zstd compression, and
// feeding a LayerScanner in pieces of a chosen size.
#include "builder/sbom/layer_scanner.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <zlib.h>
#include <zstd.h>

namespace airlock::test::sbom {

class TarBuilder {
  public:
    TarBuilder& file(const std::string& path, std::string_view data, char type = '0') {
        header(path, data.size(), type, "");
        body(data);
        return *this;
    }
    TarBuilder& entry(const std::string& path, char type, const std::string& link = "") {
        header(path, 0, type, link);
        return *this;
    }
    // A pax extended header naming `path`, then a ustar entry with a dummy name.
    TarBuilder& pax_file(const std::string& path, std::string_view data) {
        std::string record = " path=" + path + "\n";
        std::size_t len = record.size() + 1;
        while (std::to_string(len).size() + record.size() != len) {
            ++len;
        }
        std::string pax = std::to_string(len) + record;
        header("PaxHeaders/x", pax.size(), 'x', "");
        body(pax);
        return file("dummy-name", data);
    }
    // A GNU 'L' long-name entry, then the file under a truncated name.
    TarBuilder& gnu_long_file(const std::string& path, std::string_view data) {
        std::string name = path + '\0';
        header("././@LongLink", name.size(), 'L', "");
        body(name);
        return file(path.substr(0, 90), data);
    }
    // A header claiming `size` bytes, without the bytes.
    TarBuilder& header_only(const std::string& path, std::uint64_t size) {
        header(path, size, '0', "");
        return *this;
    }
    std::string finish() {
        out_.append(1024, '\0');
        return out_;
    }
    std::string bytes() const { return out_; }

  private:
    void header(const std::string& path, std::uint64_t size, char type, const std::string& link) {
        char h[512] = {};
        std::string name = path;
        std::string prefix;
        if (name.size() > 100) {
            std::size_t slash = name.rfind('/', name.size() - 1);
            if (slash != std::string::npos && slash <= 155 && name.size() - slash - 1 <= 100) {
                prefix = name.substr(0, slash);
                name = name.substr(slash + 1);
            } else {
                name = name.substr(0, 100);
            }
        }
        std::memcpy(h, name.data(), std::min<std::size_t>(name.size(), 100));
        std::snprintf(h + 100, 8, "%07o", 0644u);
        std::snprintf(h + 108, 8, "%07o", 0u);
        std::snprintf(h + 116, 8, "%07o", 0u);
        std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
        std::snprintf(h + 136, 12, "%011o", 0u);
        h[156] = type;
        std::memcpy(h + 157, link.data(), std::min<std::size_t>(link.size(), 100));
        std::memcpy(h + 257,
                    "ustar\0"
                    "00",
                    8);
        std::memcpy(h + 345, prefix.data(), std::min<std::size_t>(prefix.size(), 155));
        std::memset(h + 148, ' ', 8);
        unsigned sum = 0;
        for (unsigned char c : h) {
            sum += c;
        }
        std::snprintf(h + 148, 8, "%06o", sum);
        out_.append(h, 512);
    }
    void body(std::string_view data) {
        out_.append(data);
        out_.append((512 - data.size() % 512) % 512, '\0');
    }
    std::string out_;
};

inline std::string gzip(std::string_view data) {
    z_stream zs{};
    if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2");
    }
    std::string out(deflateBound(&zs, data.size()) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
        throw std::runtime_error("deflate");
    }
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline std::string zstd(std::string_view data, int level = 3) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
    if (ZSTD_isError(n)) {
        throw std::runtime_error("ZSTD_compress");
    }
    out.resize(n);
    return out;
}

// Feeds `blob` in pieces of `piece` bytes, commits, returns the findings.
inline airlock::sbom::LayerFindings scan(std::string_view blob, std::size_t piece = 65536,
                                         airlock::sbom::ScanLimits limits = {}) {
    airlock::sbom::LayerScanner scanner(limits);
    for (std::size_t i = 0; i < blob.size(); i += piece) {
        auto part = blob.substr(i, piece);
        scanner.write(std::as_bytes(std::span(part.data(), part.size())));
    }
    scanner.commit();
    return scanner.take_findings();
}

inline const char* dpkg_status_text() {
    return "Package: bash\n"
           "Status: install ok installed\n"
           "Architecture: amd64\n"
           "Version: 5.2.15-2+b2\n"
           "Description: GNU Bourne Again SHell\n"
           " Bash is an sh-compatible command language interpreter.\n"
           "\n"
           "Package: libc6\n"
           "Status: install ok installed\n"
           "Architecture: amd64\n"
           "Source: glibc\n"
           "Version: 2.36-9+deb12u4\n"
           "\n"
           "Package: removed-one\n"
           "Status: deinstall ok config-files\n"
           "Architecture: amd64\n"
           "Version: 1.0\n";
}

} // namespace airlock::test::sbom
