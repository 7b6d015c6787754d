#include "builder/helm/capabilities.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gotemplate/function.hpp"

#include <algorithm>
#include <charconv>

namespace airlock::helm {

namespace {

using gotemplate::Function;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;
using gotemplate::Value;

// The group versions Helm v4.1.4's client library registers (Kubernetes
// 1.35), in its order: what `{{ .Capabilities.APIVersions }}` prints.
const std::vector<std::string>& known_api_versions() {
    static const std::vector<std::string> versions = {
        "v1",
        "admissionregistration.k8s.io/v1",
        "admissionregistration.k8s.io/v1alpha1",
        "admissionregistration.k8s.io/v1beta1",
        "internal.apiserver.k8s.io/v1alpha1",
        "apps/v1",
        "apps/v1beta1",
        "apps/v1beta2",
        "authentication.k8s.io/v1",
        "authentication.k8s.io/v1alpha1",
        "authentication.k8s.io/v1beta1",
        "authorization.k8s.io/v1",
        "authorization.k8s.io/v1beta1",
        "autoscaling/v1",
        "autoscaling/v2",
        "autoscaling/v2beta1",
        "autoscaling/v2beta2",
        "batch/v1",
        "batch/v1beta1",
        "certificates.k8s.io/v1",
        "certificates.k8s.io/v1beta1",
        "certificates.k8s.io/v1alpha1",
        "coordination.k8s.io/v1alpha2",
        "coordination.k8s.io/v1beta1",
        "coordination.k8s.io/v1",
        "discovery.k8s.io/v1",
        "discovery.k8s.io/v1beta1",
        "events.k8s.io/v1",
        "events.k8s.io/v1beta1",
        "extensions/v1beta1",
        "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "networking.k8s.io/v1",
        "networking.k8s.io/v1beta1",
        "node.k8s.io/v1",
        "node.k8s.io/v1alpha1",
        "node.k8s.io/v1beta1",
        "policy/v1",
        "policy/v1beta1",
        "rbac.authorization.k8s.io/v1",
        "rbac.authorization.k8s.io/v1beta1",
        "rbac.authorization.k8s.io/v1alpha1",
        "resource.k8s.io/v1",
        "resource.k8s.io/v1beta2",
        "resource.k8s.io/v1beta1",
        "resource.k8s.io/v1alpha3",
        "scheduling.k8s.io/v1alpha1",
        "scheduling.k8s.io/v1beta1",
        "scheduling.k8s.io/v1",
        "storage.k8s.io/v1beta1",
        "storage.k8s.io/v1",
        "storage.k8s.io/v1alpha1",
        "storagemigration.k8s.io/v1beta1",
        "apiextensions.k8s.io/v1beta1",
        "apiextensions.k8s.io/v1",
    };
    return versions;
}

// Go's common.VersionSet: a []string with Has.
class VersionSetType final : public gotemplate::NamedType {
  public:
    std::string name() const override { return "common.VersionSet"; }
    std::optional<Function> method(std::string_view name, const Value& receiver) const override {
        if (name != "Has") {
            return std::nullopt;
        }
        const Value list = receiver;
        return Function{Signature{{Type::string}, false, Type::boolean},
                        [list](gotemplate::CallContext&, std::vector<Value>& args) {
                            const std::string& wanted = args[0].as_string();
                            for (const Value& v : list.as_list()) {
                                if (v.kind() == gotemplate::Kind::string &&
                                    v.as_string() == wanted) {
                                    return Value::boolean(true);
                                }
                            }
                            return Value::boolean(false);
                        }};
    }
};

const VersionSetType version_set_type;

class KubeVersionObject final : public gotemplate::Object {
  public:
    explicit KubeVersionObject(KubeVersion v) : v_(std::move(v)) {}
    std::string type_name() const override { return "*common.KubeVersion"; }
    std::optional<Value> field(std::string_view name) const override {
        if (name == "Version" || name == "GitVersion") {
            return Value::string(v_.version);
        }
        if (name == "Major") {
            return Value::string(v_.major);
        }
        if (name == "Minor") {
            return Value::string(v_.minor);
        }
        if (name == "String") {
            return Value::string(format());
        }
        return std::nullopt;
    }
    std::string format() const override {
        return v_.normalized.empty() ? v_.version : v_.normalized;
    }
    Value plain() const override {
        return Value::map(Map{{"Version", Value::string(v_.version)},
                              {"Major", Value::string(v_.major)},
                              {"Minor", Value::string(v_.minor)}});
    }

  private:
    KubeVersion v_;
};

class HelmVersionObject final : public gotemplate::Object {
  public:
    std::string type_name() const override { return "version.BuildInfo"; }
    std::optional<Value> field(std::string_view name) const override {
        if (name == "Version") {
            return Value::string(std::string(emulated_helm_version));
        }
        if (name == "GitCommit" || name == "GitTreeState" || name == "GoVersion") {
            return Value::string("");
        }
        if (name == "KubeClientVersion") {
            return Value::string("v1.35");
        }
        return std::nullopt;
    }
    std::string format() const override {
        return "{" + std::string(emulated_helm_version) + "    v1.35}";
    }
    Value plain() const override {
        return Value::map(Map{{"version", Value::string(std::string(emulated_helm_version))},
                              {"kube_client_version", Value::string("v1.35")}});
    }
};

class CapabilitiesObject final : public gotemplate::Object {
  public:
    explicit CapabilitiesObject(const Capabilities& caps)
        : kube_(Value::object(std::make_shared<KubeVersionObject>(caps.kube_version))),
          helm_(Value::object(std::make_shared<HelmVersionObject>())) {
        gotemplate::List list;
        for (const auto& v : caps.api_versions) {
            list.push_back(Value::string(v));
        }
        apis_ =
            Value::list(std::move(list), gotemplate::ListType::string).with_type(&version_set_type);
    }
    std::string type_name() const override { return "*common.Capabilities"; }
    std::string kind_name() const override { return "ptr"; }
    std::optional<Value> field(std::string_view name) const override {
        if (name == "KubeVersion") {
            return kube_;
        }
        if (name == "APIVersions") {
            return apis_;
        }
        if (name == "HelmVersion") {
            return helm_;
        }
        return std::nullopt;
    }
    std::string format() const override {
        const auto& k = kube_.as_object();
        return "&{{" + k.format() + "} " + gotemplate::sprint_value(apis_) + " " +
               helm_.as_object().format() + "}";
    }
    Value plain() const override {
        return Value::map(Map{{"KubeVersion", kube_.as_object().plain()},
                              {"APIVersions", apis_.with_type(nullptr)},
                              {"HelmVersion", helm_.as_object().plain()}});
    }

  private:
    Value kube_;
    Value apis_;
    Value helm_;
};

} // namespace

KubeVersion parse_kube_version(std::string_view text) {
    auto bad = [&](const std::string& why) -> KubeVersion {
        fail(ErrorCode::usage, "invalid kube version '" + std::string(text) + "': " + why);
    };
    std::string_view s = text;
    while (!s.empty() && std::string_view(" \t\n\f\r").find(s.front()) != std::string_view::npos) {
        s.remove_prefix(1);
    }
    if (!s.empty() && s.front() == 'v') {
        s.remove_prefix(1);
    }
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (true) {
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
        }
        if (i == start) {
            return bad("could not parse \"" + std::string(text) + "\" as version");
        }
        std::string comp(s.substr(start, i - start));
        // Kubernetes refuses a leading zero in the major version only.
        if (parts.empty() && comp.size() > 1 && comp.front() == '0') {
            return bad("illegal zero-prefixed version component \"" + comp + "\" in \"" +
                       std::string(text) + "\"");
        }
        std::uint64_t number = 0;
        if (std::from_chars(comp.data(), comp.data() + comp.size(), number).ec != std::errc{}) {
            return bad("illegal non-numeric version component \"" + comp + "\" in \"" +
                       std::string(text) + "\": strconv.ParseUint: parsing \"" + comp +
                       "\": value out of range");
        }
        parts.push_back(std::to_string(number));
        if (i < s.size() && s[i] == '.' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') {
            ++i;
            continue;
        }
        break;
    }
    if (parts.size() < 2) {
        return bad("illegal version string \"" + std::string(text) + "\"");
    }
    KubeVersion v;
    v.version = text.starts_with("v") ? std::string(text) : "v" + std::string(text);
    v.normalized = "v";
    for (std::size_t k = 0; k < parts.size(); ++k) {
        // Kubernetes prints the components as numbers.
        v.normalized += (k > 0 ? "." : "") + parts[k];
    }
    v.major = parts[0];
    v.minor = parts[1];
    return v;
}

Capabilities default_capabilities() {
    Capabilities caps;
    caps.kube_version = {"v1.35.0", "v1.35.0", "1", "35"};
    caps.api_versions = known_api_versions();
    return caps;
}

Value capabilities_value(const Capabilities& caps) {
    return Value::object(std::make_shared<CapabilitiesObject>(caps));
}

} // namespace airlock::helm
