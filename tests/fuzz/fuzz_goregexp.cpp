// Fuzzes the Go regexp engine (common/goregexp): charts are untrusted, and
// their templates hand patterns and subjects to regexFind and friends. The
// input is a pattern, a NUL, and a subject. Invariants: no crash, no
// exception but Error(spec) from compiling; matches lie within the subject;
// a QuoteMeta'd subject (valid UTF-8, as Go requires of patterns) compiles
// and finds itself.
#include "common/goregexp/regexp.hpp"
#include "common/gounicode/unicode.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    const std::string input = fuzz::as_string(data, size);
    const auto nul = input.find('\0');
    const std::string pattern = input.substr(0, nul);
    const std::string subject = nul == std::string::npos ? std::string() : input.substr(nul + 1);
    fuzz::refusing_errors([&] {
        const auto re = goregexp::Regexp::compile(pattern);
        for (const auto& [begin, end] : re.find_all_index(subject, -1)) {
            if (begin > end || end > subject.size()) {
                fuzz::finding("match outside the subject");
            }
        }
        if (auto m = re.find_submatch_index(subject)) {
            if (m->size() != 2 * (re.num_subexp() + 1)) {
                fuzz::finding("wrong number of submatch positions");
            }
        }
        (void)re.replace_all(subject, "$1${name}$$");
        (void)re.split(subject, 3);
    });
    for (std::size_t i = 0; i < subject.size();) {
        auto [r, width] = gounicode::decode_rune(subject, i);
        if (r == gounicode::rune_error && width == 1) {
            return 0;
        }
        i += width;
    }
    const auto literal = fuzz::must_succeed("compiling a QuoteMeta'd subject", [&] {
        return goregexp::Regexp::compile(goregexp::quote_meta(subject));
    });
    if (subject.find('\0') == std::string::npos && literal.find(subject) != subject) {
        fuzz::finding("a QuoteMeta'd subject does not find itself");
    }
    return 0;
}
