#include "common/bundle/tar_format.hpp"

#include "common/core/error.hpp"

#include <cstdio>
#include <cstring>

namespace airlock::tar {

namespace {

void put_octal(char* field, size_t width, std::uint64_t value) {
    // width-1 digits, zero padded, then NUL.
    std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1),
                  static_cast<unsigned long long>(value));
}

std::string ustar_block(const std::string& name, std::uint64_t size, char type) {
    if (name.size() > 100) {
        fail(ErrorCode::internal, "tar entry name too long: " + name);
    }
    std::string h(block, '\0');
    char* p = h.data();
    std::memcpy(p, name.data(), name.size());
    put_octal(p + 100, 8, 0644);
    put_octal(p + 108, 8, 0);
    put_octal(p + 116, 8, 0);
    put_octal(p + 124, 12, size > ustar_max_size ? 0 : size);
    put_octal(p + 136, 12, 0);
    std::memset(p + 148, ' ', 8);
    p[156] = type;
    std::memcpy(p + 257, "ustar", 6);
    std::memcpy(p + 263, "00", 2);
    unsigned sum = 0;
    for (unsigned char c : h) {
        sum += c;
    }
    std::snprintf(p + 148, 7, "%06o", sum);
    p[154] = '\0';
    p[155] = ' ';
    return h;
}

std::string pax_size_record(std::uint64_t size) {
    // A pax record is "<len> size=<n>\n" where <len> counts itself.
    std::string body = " size=" + std::to_string(size) + "\n";
    size_t len = body.size() + 1;
    while (std::to_string(len).size() + body.size() != len) {
        ++len;
    }
    return std::to_string(len) + body;
}

} // namespace

std::string regular_file_header(const std::string& name, std::uint64_t size) {
    if (size <= ustar_max_size) {
        return ustar_block(name, size, '0');
    }
    std::string record = pax_size_record(size);
    std::string out =
        ustar_block("PaxHeaders/" + name.substr(name.rfind('/') + 1), record.size(), 'x');
    out += record;
    out.resize(padded(out.size()), '\0');
    out += ustar_block(name, size, '0');
    return out;
}

std::uint64_t header_length(const std::string& name, std::uint64_t size) {
    (void)name;
    if (size <= ustar_max_size) {
        return block;
    }
    return block + padded(pax_size_record(size).size()) + block;
}

} // namespace airlock::tar
