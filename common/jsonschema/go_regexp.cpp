// The built-in regex engine is Go's regexp (common/goregexp), the engine
// santhosh uses: the same syntax, refusals and messages, and matching in
// time linear in the value for every pattern.
#include "common/goregexp/regexp.hpp"
#include "common/jsonschema/schema.hpp"

namespace airlock::jsonschema {

namespace {

class GoRegex final : public Regex {
  public:
    explicit GoRegex(goregexp::Regexp re) : re_(std::move(re)) {}
    bool search(std::string_view s) const override { return re_.match(s); }

  private:
    goregexp::Regexp re_;
};

class GoRegexEngine final : public RegexEngine {
  public:
    std::unique_ptr<const Regex> compile(std::string_view pattern) const override {
        return std::make_unique<GoRegex>(goregexp::Regexp::compile(pattern));
    }
};

} // namespace

std::shared_ptr<const RegexEngine> go_regexp_engine() {
    static const auto engine = std::make_shared<const GoRegexEngine>();
    return engine;
}

} // namespace airlock::jsonschema
