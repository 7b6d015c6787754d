#pragma once
// A CallContext for calling template functions directly in unit tests: no
// templates to run (asking for one is a test bug), and a step budget that
// counts what functions charge and fails past `limit`.
#include "common/core/error.hpp"
#include "common/gotemplate/function.hpp"
#include "common/gotemplate/template_set.hpp"

#include <stdexcept>
#include <string>

namespace airlock::test {

class StubCallContext : public gotemplate::CallContext {
  public:
    std::string execute_template(const std::string&, const gotemplate::Value&) override {
        throw std::logic_error("no templates in these tests");
    }
    gotemplate::TemplateSet current_set() const override {
        return gotemplate::TemplateSet("test", nullptr);
    }
    std::string execute_in(const gotemplate::TemplateSet&, const std::string&,
                           const gotemplate::Value&) override {
        throw std::logic_error("no templates in these tests");
    }
    void charge(std::size_t steps) override {
        charged += steps;
        if (charged > limit) {
            fail(ErrorCode::spec, "step budget exhausted");
        }
    }
    std::size_t charged = 0;
    std::size_t limit = 10'000'000;
};

} // namespace airlock::test
