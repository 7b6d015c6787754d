// Fuzzes the Go template parser (common/gotemplate): a chart's templates are
// untrusted text. Invariants: no crash, no exception but Error(spec); a text
// that parsed once parses again to the same set of names (parsing keeps no
// state beyond the set).
#include "common/gotemplate/template_set.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    const std::string text = fuzz::as_string(data, size);
    auto functions = std::make_shared<gotemplate::FunctionTable>();
    gotemplate::TemplateSet first("fuzz", functions);
    bool parsed = false;
    fuzz::refusing_errors([&] {
        first.parse("t", text);
        parsed = true;
    });
    if (parsed) {
        gotemplate::TemplateSet again("fuzz", functions);
        fuzz::must_succeed("parsing the same text again", [&] {
            again.parse("t", text);
            return 0;
        });
        if (again.names() != first.names()) {
            fuzz::finding("the same text defines different templates on a second parse");
        }
    }
    return 0;
}
