// Fuzzes the Go template executor (common/gotemplate) with a small values
// tree like Helm's top-level object: a chart's templates are untrusted, and
// what they do at run time (loops, recursion, printing, indexing) must stay
// within the render's limits. Invariants: no crash, no exception but
// Error(spec), output no larger than the byte limit, and the same output on
// a second run (execution is deterministic without random functions).
#include "common/gotemplate/template_set.hpp"
#include "common/gotemplate/value.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using airlock::gotemplate::List;
using airlock::gotemplate::Map;
using airlock::gotemplate::Value;

Value values_tree() {
    Map image{{"repository", Value::string("nginx")},
              {"tag", Value::string("1.27")},
              {"registry", Value::string("docker.io")}};
    Map values{{"image", Value::map(std::move(image))},
               {"replicas", Value::floating(3)},
               {"enabled", Value::boolean(true)},
               {"name", Value::string("web")},
               {"ports", Value::list(List{Value::floating(80), Value::floating(443)})},
               {"empty", Value::map(Map{})},
               {"nothing", Value::boxed_nil()}};
    return Value::map(Map{{"Values", Value::map(std::move(values))},
                          {"Release", Value::map(Map{{"Name", Value::string("rel")},
                                                     {"Namespace", Value::string("default")}})}});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    const std::string text = fuzz::as_string(data, size);
    gotemplate::TemplateSet set("fuzz", std::make_shared<gotemplate::FunctionTable>());
    bool parsed = false;
    fuzz::refusing_errors([&] {
        set.parse("t", text);
        parsed = true;
    });
    if (!parsed) {
        return 0;
    }
    // Small limits: the fuzzer's stack is a normal one, and each input must
    // finish in milliseconds.
    gotemplate::Limits limits;
    limits.max_steps = 20'000;
    limits.max_bytes = 64 * 1024;
    limits.max_depth = 64;
    const Value dot = values_tree();
    std::string outputs[2];
    bool failed[2] = {true, true};
    for (int run = 0; run < 2; ++run) {
        gotemplate::Budget budget(limits);
        fuzz::refusing_errors([&] {
            outputs[run] = set.execute("t", dot, budget);
            failed[run] = false;
        });
        if (outputs[run].size() > limits.max_bytes) {
            fuzz::finding("output larger than the byte limit");
        }
    }
    if (failed[0] != failed[1] || outputs[0] != outputs[1]) {
        fuzz::finding("two runs of the same template differ");
    }
    return 0;
}
