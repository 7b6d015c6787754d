// semver and semverCompare. semver returns a *semver.Version: its methods
// (Major, Prerelease, Compare, IncPatch, ...) are reachable from templates,
// so it is a host object here.
#include "builder/sprig/detail/text_support.hpp"
#include "builder/sprig/masterminds_semver.hpp"
#include "common/core/error.hpp"

#include <map>
#include <memory>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Function;
using gotemplate::Type;
using gotemplate::Value;

class VersionObject : public gotemplate::Object {
  public:
    // pointer: *semver.Version (what NewVersion returns); otherwise the
    // semver.Version value that IncMajor and friends return.
    VersionObject(MmVersion v, bool pointer) : v_(std::move(v)), pointer_(pointer) {
        add_compare("Compare", [](int c) { return Value::integer(c); });
        add_compare("LessThan", [](int c) { return Value::boolean(c < 0); });
        add_compare("LessThanEqual", [](int c) { return Value::boolean(c <= 0); });
        add_compare("GreaterThan", [](int c) { return Value::boolean(c > 0); });
        add_compare("GreaterThanEqual", [](int c) { return Value::boolean(c >= 0); });
        add_compare("Equal", [](int c) { return Value::boolean(c == 0); });
        add_setter("SetPrerelease", true);
        add_setter("SetMetadata", false);
    }

    static Value make(MmVersion v, bool pointer) {
        return Value::object(std::make_shared<VersionObject>(std::move(v), pointer));
    }

    std::string type_name() const override {
        return pointer_ ? "*semver.Version" : "semver.Version";
    }
    std::string kind_name() const override { return pointer_ ? "ptr" : "struct"; }

    std::optional<Value> field(std::string_view name) const override {
        // Go's uint64 results; our values have no unsigned 64-bit type.
        auto u = [](std::uint64_t n) { return Value::int64(static_cast<std::int64_t>(n)); };
        if (name == "Major") {
            return u(v_.major);
        }
        if (name == "Minor") {
            return u(v_.minor);
        }
        if (name == "Patch") {
            return u(v_.patch);
        }
        if (name == "Prerelease") {
            return Value::string(v_.pre);
        }
        if (name == "Metadata") {
            return Value::string(v_.metadata);
        }
        if (name == "Original" && pointer_) {
            return Value::string(v_.original);
        }
        if (name == "String") {
            return Value::string(v_.str());
        }
        if (name == "IncPatch" || name == "IncMinor" || name == "IncMajor") {
            MmVersion next = v_;
            next.pre.clear();
            next.metadata.clear();
            if (name == "IncPatch") {
                if (v_.pre.empty()) {
                    ++next.patch;
                }
            } else if (name == "IncMinor") {
                next.patch = 0;
                ++next.minor;
            } else {
                next.patch = 0;
                next.minor = 0;
                ++next.major;
            }
            next.original = v_prefix() + next.str();
            return make(std::move(next), false);
        }
        return std::nullopt;
    }

    const Function* method(std::string_view name) const override {
        auto it = methods_.find(name);
        return it == methods_.end() ? nullptr : &it->second;
    }

    std::string format() const override { return v_.str(); }
    Value plain() const override { return Value::string(v_.str()); }

    const MmVersion& version() const { return v_; }

  private:
    MmVersion v_;
    bool pointer_;
    std::map<std::string, Function, std::less<>> methods_;

    std::string v_prefix() const {
        return !v_.original.empty() && v_.original[0] == 'v' ? "v" : "";
    }

    template <class Result> void add_compare(const std::string& name, Result result) {
        gotemplate::Signature sig = signature({Type::any}, Type::any);
        methods_[name] = Function{
            sig, [this, result](CallContext&, std::vector<Value>& a) {
                const auto* other = a[0].kind() == gotemplate::Kind::object
                                        ? dynamic_cast<const VersionObject*>(&a[0].as_object())
                                        : nullptr;
                if (other == nullptr || !other->pointer_) {
                    fail(ErrorCode::spec,
                         "wrong type for value; expected *semver.Version; got " + a[0].type_name());
                }
                return result(v_.compare(other->v_));
            }};
    }

    void add_setter(const std::string& name, bool prerelease) {
        methods_[name] =
            Function{signature({Type::string}, Type::any),
                     [this, prerelease](CallContext&, std::vector<Value>& a) {
                         MmVersion next = v_;
                         const auto& text = a[0].as_string();
                         if (!text.empty()) {
                             // Validate through the parser: the same rules and messages.
                             MmVersion::parse(prerelease ? "0.0.0-" + text : "0.0.0+" + text);
                         }
                         (prerelease ? next.pre : next.metadata) = text;
                         next.original = v_prefix() + next.str();
                         return make(std::move(next), false);
                     }};
    }
};

} // namespace

void register_semver_functions(gotemplate::FunctionTable& t) {
    t.add("semver", signature({Type::string}, Type::any), [](CallContext&, std::vector<Value>& a) {
        return VersionObject::make(MmVersion::parse(a[0].as_string()), true);
    });
    t.add("semverCompare", signature({Type::string, Type::string}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) {
              auto constraints = MmConstraints::parse(a[0].as_string());
              auto version = MmVersion::parse(a[1].as_string());
              return Value::boolean(constraints.check(version));
          });
}

} // namespace airlock::sprig::text
