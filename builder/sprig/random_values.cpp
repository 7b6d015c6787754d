// sprig's randInt, randBytes and uuidv4. Go draws randInt from math/rand and
// the others from crypto/rand; all three draw from libsodium's generator
// here, which reads the kernel's as Go's crypto/rand does on Linux (the values
// cannot be reproduced either way; only their shape matters).
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/random_bytes.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"

#include "common/runtime/sodium_ready.hpp"

#include <sodium.h>

namespace airlock::sprig::data_detail {

std::string random_bytes(std::size_t count) {
    std::string out(count, '\0');
    runtime::ensure_sodium();
    randombytes_buf(out.data(), count);
    return out;
}

std::uint64_t random_below(std::uint64_t bound) {
    // Rejection sampling: draws at or above the largest multiple of bound
    // would favour small results.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    while (true) {
        const std::string bytes = random_bytes(8);
        std::uint64_t v = 0;
        for (const char c : bytes) {
            v = (v << 8) | static_cast<unsigned char>(c);
        }
        if (v < limit) {
            return v % bound;
        }
    }
}

namespace {
namespace random_values {

using gotemplate::CallContext;
using gotemplate::Signature;
using gotemplate::Type;

// rand.Intn(max-min) + min, with Go's int arithmetic (it wraps).
Value rand_int(CallContext&, std::vector<Value>& args) {
    const auto low = static_cast<std::uint64_t>(args[0].as_int());
    const auto high = static_cast<std::uint64_t>(args[1].as_int());
    const auto n = static_cast<std::int64_t>(high - low);
    if (n <= 0) {
        go_error("invalid argument to Intn");
    }
    return Value::integer(
        static_cast<std::int64_t>(random_below(static_cast<std::uint64_t>(n)) + low));
}

Value rand_bytes(CallContext& context, std::vector<Value>& args) {
    const std::int64_t count = args[0].as_int();
    if (count < 0) {
        go_error("runtime error: makeslice: len out of range");
    }
    context.charge(static_cast<std::size_t>(count));
    return Value::string(base64_encode(random_bytes(static_cast<std::size_t>(count))));
}

// A version 4 UUID, lower-case, as google/uuid prints it.
Value uuid_v4(CallContext&, std::vector<Value>&) {
    std::string bytes = random_bytes(16);
    bytes[6] = static_cast<char>((static_cast<unsigned char>(bytes[6]) & 0x0F) | 0x40);
    bytes[8] = static_cast<char>((static_cast<unsigned char>(bytes[8]) & 0x3F) | 0x80);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        const auto b = static_cast<unsigned char>(bytes[i]);
        out += hex[b >> 4];
        out += hex[b & 0xF];
    }
    return Value::string(out);
}

} // namespace random_values
} // namespace

void register_random_functions(gotemplate::FunctionTable& table) {
    using namespace random_values;
    table.add("randInt", Signature{{Type::int_, Type::int_}, false, Type::int_}, rand_int);
    // randBytes returns (string, error); crypto/rand does not fail on Linux.
    table.add("randBytes", Signature{{Type::int_}, false, Type::string}, rand_bytes);
    table.add("uuidv4", Signature{{}, false, Type::string}, uuid_v4);
}

} // namespace airlock::sprig::data_detail
