// Fuzzes trust::parse_trust_policy (common/trust/trust_policy, strict_json,
// keys' PEM reader): a policy file given at run time may be hostile.
#include "common/trust/trust_policy.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    fuzz::refusing_errors(
        [&] { (void)trust::parse_trust_policy(fuzz::as_string(data, size), "fuzz input"); });
    return 0;
}
