#include "builder/helm/render_context.hpp"

#include "builder/helm/engine.hpp"
#include "builder/helm/go_json.hpp"
#include "builder/helm/values.hpp"
#include "builder/helm/values_io.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/function.hpp"

namespace airlock::helm {

namespace {

using gotemplate::Function;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;
using gotemplate::Value;

Value strings_value(const std::vector<std::string>& items) {
    List l;
    for (const auto& s : items) {
        l.push_back(Value::string(s));
    }
    return Value::list(std::move(l));
}

class ValuesType final : public gotemplate::NamedType {
  public:
    std::string name() const override { return "common.Values"; }
    std::optional<Function> method(std::string_view name, const Value& receiver) const override {
        const Value self = receiver;
        if (name == "YAML") {
            return Function{Signature{{}, false, Type::string},
                            [self](gotemplate::CallContext&, std::vector<Value>&) {
                                const std::string y = to_yaml(self.with_type(nullptr));
                                return Value::string(y + "\n");
                            }};
        }
        if (name == "AsMap") {
            return Function{Signature{{}, false, Type::map},
                            [self](gotemplate::CallContext&, std::vector<Value>&) {
                                return self.with_type(nullptr);
                            }};
        }
        if (name == "Table" || name == "PathValue") {
            const bool table = name == "Table";
            return Function{
                Signature{{Type::string}, false, table ? Type::map : Type::any},
                [self, table](gotemplate::CallContext&, std::vector<Value>& args) {
                    const std::string& path = args[0].as_string();
                    auto found = table ? values_table(self, path) : values_path_value(self, path);
                    if (!found) {
                        fail(ErrorCode::spec, table ? "no table named \"" + path + "\""
                                                    : "no value for key \"" + path + "\"");
                    }
                    return table ? found->with_type(&values_type()) : *found;
                }};
        }
        return std::nullopt;
    }
    static const ValuesType& values_type() {
        static const ValuesType type;
        return type;
    }
};

} // namespace

Value chart_metadata_value(const Chart& chart) {
    const auto& md = chart.metadata;
    List maintainers;
    for (const auto& m : md.maintainers) {
        maintainers.push_back(Value::map(Map{{"Name", Value::string(m.name)},
                                             {"Email", Value::string(m.email)},
                                             {"URL", Value::string(m.url)}}));
    }
    List dependencies;
    for (const auto& d : md.dependencies) {
        List imports;
        for (const auto& text : d.import_values) {
            imports.push_back(json_unmarshal(text, JsonTarget::any).value);
        }
        dependencies.push_back(Value::map(Map{{"Name", Value::string(d.name)},
                                              {"Version", Value::string(d.version)},
                                              {"Repository", Value::string(d.repository)},
                                              {"Condition", Value::string(d.condition)},
                                              {"Tags", strings_value(d.tags)},
                                              {"Enabled", Value::boolean(d.enabled)},
                                              {"ImportValues", Value::list(std::move(imports))},
                                              {"Alias", Value::string(d.alias)}}));
    }
    Map annotations;
    for (const auto& [k, v] : md.annotations) {
        annotations.insert_or_assign(k, Value::string(v));
    }
    return Value::map(Map{
        {"Name", Value::string(md.name)},
        {"Home", Value::string(md.home)},
        {"Sources", strings_value(md.sources)},
        {"Version", Value::string(md.version)},
        {"Description", Value::string(md.description)},
        {"Keywords", strings_value(md.keywords)},
        {"Maintainers", Value::list(std::move(maintainers))},
        {"Icon", Value::string(md.icon)},
        {"APIVersion", Value::string(md.api_version)},
        {"Condition", Value::string(md.condition)},
        {"Tags", Value::string(md.tags)},
        {"AppVersion", Value::string(md.app_version)},
        {"Deprecated", Value::boolean(md.deprecated)},
        {"Annotations", Value::map(std::move(annotations))},
        {"KubeVersion", Value::string(md.kube_version)},
        {"Dependencies", Value::list(std::move(dependencies))},
        {"Type", Value::string(md.type)},
        {"IsRoot", Value::boolean(chart.is_root())},
    });
}

Value release_value(const ReleaseOptions& release) {
    return Value::map(Map{{"Name", Value::string(release.name)},
                          {"Namespace", Value::string(release.namespace_)},
                          {"IsUpgrade", Value::boolean(release.is_upgrade)},
                          {"IsInstall", Value::boolean(!release.is_upgrade)},
                          {"Revision", Value::integer(release.revision)},
                          {"Service", Value::string("Helm")}});
}

Value as_values_type(const Value& values) {
    return values.with_type(&ValuesType::values_type());
}

} // namespace airlock::helm
