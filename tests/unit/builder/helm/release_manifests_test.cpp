// What `helm template` (v4.1.4) makes of rendered files: install order by
// kind, hooks after the manifests, unknown hooks dropped, --skip-tests,
// --show-only and --include-crds. The rendered texts below are the
// templates of a chart run through helm4, and the expected streams are what
// it printed.
#include "builder/helm/release_manifests.hpp"
#include "tests/unit/builder/helm/test_charts.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using airlock::test::chart_yaml;

namespace {

const char* const b_yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: z\n"
                           "---\n"
                           "apiVersion: v1\nkind: Service\nmetadata:\n  name: y\n"
                           "---\n"
                           "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

const char* const a_yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n"
                           "---\nkind: Foo\nmetadata:\n  name: x\n"
                           "---\nkind: Bar\nmetadata:\n  name: w\n"
                           "---\nkind: Namespace\nmetadata:\n  name: ns\n"
                           "---\n# only a comment\n";

const char* const hooks_yaml =
    "kind: Job\nmetadata:\n  name: pre\n  annotations:\n    helm.sh/hook: pre-install\n"
    "---\nkind: ConfigMap\nmetadata:\n  name: post\n  annotations:\n"
    "    helm.sh/hook: \" Post-Install , pre-upgrade\"\n"
    "---\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n"
    "---\nkind: Pod\nmetadata:\n  name: t2\n  annotations:\n    helm.sh/hook: test-success\n"
    "---\nkind: Secret\nmetadata:\n  name: unknown\n  annotations:\n"
    "    helm.sh/hook: pre-install,pre-foo\n"
    "---\nkind: Secret\nmetadata:\n  name: other-annotation\n  annotations:\n    foo: bar\n";

// As the engine hands them over: its own order, NOTES included.
helm::RenderOutput rendered(std::vector<TgzFile> extra_chart_files = {}) {
    std::vector<TgzFile> files = {{"Chart.yaml", chart_yaml("p")},
                                  {"charts/s/Chart.yaml", chart_yaml("s")}};
    for (auto& f : extra_chart_files) {
        files.push_back(std::move(f));
    }
    helm::RenderOutput out;
    out.chart = airlock::test::chart_from(std::move(files));
    out.files = {
        {"p/templates/hooks.yaml", hooks_yaml},
        {"p/templates/b.yaml", b_yaml},
        {"p/templates/NOTES.txt", "notes here r\n"},
        {"p/templates/empty.yaml", "  \n\n"},
        {"p/charts/s/templates/x.yaml", "kind: ServiceAccount\nmetadata:\n  name: sa\n"},
        {"p/templates/a.yaml", a_yaml},
    };
    return out;
}

std::string doc(const std::string& source, const std::string& content) {
    return "---\n# Source: p/" + source + "\n" + content + "\n";
}

const std::string ns = doc("templates/a.yaml", "kind: Namespace\nmetadata:\n  name: ns");
const std::string sa = doc("charts/s/templates/x.yaml", "kind: ServiceAccount\nmetadata:\n"
                                                        "  name: sa");
const std::string other = doc("templates/hooks.yaml", "kind: Secret\nmetadata:\n"
                                                      "  name: other-annotation\n"
                                                      "  annotations:\n    foo: bar");
const std::string cm = doc("templates/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                                               "  name: cm");
const std::string svc = doc("templates/b.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n"
                                                "  name: y");
const std::string deploy_a = doc("templates/a.yaml", "apiVersion: apps/v1\nkind: Deployment\n"
                                                     "metadata:\n  name: a");
const std::string deploy_z = doc("templates/b.yaml", "apiVersion: apps/v1\nkind: Deployment\n"
                                                     "metadata:\n  name: z");
const std::string comment = doc("templates/a.yaml", "# only a comment");
const std::string bar = doc("templates/a.yaml", "kind: Bar\nmetadata:\n  name: w");
const std::string foo = doc("templates/a.yaml", "kind: Foo\nmetadata:\n  name: x");
const std::string post_hook =
    doc("templates/hooks.yaml", "kind: ConfigMap\nmetadata:\n  name: post\n  annotations:\n"
                                "    helm.sh/hook: \" Post-Install , pre-upgrade\"");
const std::string test_hook = doc("templates/hooks.yaml", "kind: Pod\nmetadata:\n  name: t\n"
                                                          "  annotations:\n"
                                                          "    helm.sh/hook: test");
const std::string test_success_hook =
    doc("templates/hooks.yaml", "kind: Pod\nmetadata:\n  name: t2\n  annotations:\n"
                                "    helm.sh/hook: test-success");
const std::string pre_hook = doc("templates/hooks.yaml", "kind: Job\nmetadata:\n  name: pre\n"
                                                         "  annotations:\n"
                                                         "    helm.sh/hook: pre-install");

} // namespace

TEST_CASE("helm template output: install order by kind, then file and document order",
          "[helm-engine]") {
    // Known kinds in InstallOrder; documents of one kind keep file order
    // (paths sorted, so charts/ before templates/) and document order, not
    // metadata.name order; unknown kinds (and a document without one) come
    // last, sorted by kind. Hooks follow, also by kind, and a hook with an
    // unknown event is dropped. A document with annotations but no hook is
    // a manifest. NOTES.txt and blank files print nothing.
    const helm::ReleaseManifests release = helm::release_manifests(rendered(), false);
    CHECK(helm::helm_template_text(release) == ns + sa + other + cm + svc + deploy_a + deploy_z +
                                                   comment + bar + foo + post_hook + test_hook +
                                                   test_success_hook + pre_hook);
}

TEST_CASE("release manifests: hooks set apart, tests marked, NOTES kept", "[helm-engine]") {
    const helm::ReleaseManifests release = helm::release_manifests(rendered(), false);
    CHECK(release.notes == "notes here r\n");
    CHECK(release.crds.empty());
    REQUIRE(release.manifests.size() == 10);
    CHECK(release.manifests.front().kind == "Namespace");
    CHECK(release.manifests.front().source == "p/templates/a.yaml");
    REQUIRE(release.hooks.size() == 4);
    std::vector<std::string> kinds;
    std::vector<bool> tests;
    for (const auto& h : release.hooks) {
        kinds.push_back(h.kind);
        tests.push_back(h.test_hook);
    }
    CHECK(kinds == std::vector<std::string>{"ConfigMap", "Pod", "Pod", "Job"});
    CHECK(tests == std::vector<bool>{false, true, true, false});
}

TEST_CASE("helm template output: --skip-tests drops test and test-success hooks", "[helm-engine]") {
    const helm::ReleaseManifests release = helm::release_manifests(rendered(), false);
    CHECK(helm::helm_template_text(release, {}, true) == ns + sa + other + cm + svc + deploy_a +
                                                             deploy_z + comment + bar + foo +
                                                             post_hook + pre_hook);
}

TEST_CASE("helm template output: --show-only globs, in order, repeats kept", "[helm-engine]") {
    const helm::ReleaseManifests release = helm::release_manifests(rendered(), false);
    // Each pattern in turn collects the documents of the files it matches,
    // in stream order; a document two patterns match prints twice.
    CHECK(helm::helm_template_text(release, {"templates/b.yaml", "templates/[ab].yaml"}) ==
          cm + svc + deploy_z + ns + cm + svc + deploy_a + deploy_z + comment + bar + foo);
    CHECK(helm::helm_template_text(release, {"charts/s/templates/*"}) == sa);
    CHECK(helm::helm_template_text(release, {"templates/hooks.yaml"}, true) ==
          other + post_hook + pre_hook);
}

TEST_CASE("helm template output: --show-only that matches nothing is an error", "[helm-engine]") {
    const helm::ReleaseManifests release = helm::release_manifests(rendered(), false);
    // Blank files, NOTES.txt and directories are not templates to show.
    for (const std::string pattern :
         {"templates/nope.yaml", "templates/empty.yaml", "templates/NOTES.txt", "templates"}) {
        CHECK_THROWS_WITH(helm::helm_template_text(release, {pattern}),
                          "could not find template " + pattern + " in chart");
    }
}

TEST_CASE("helm template output: --include-crds puts crds/ files first, as written",
          "[helm-engine]") {
    const helm::ReleaseManifests release = helm::release_manifests(
        rendered(
            {{"crds/b.yaml", "kind: CustomResourceDefinition\nmetadata:\n  name: top\n"},
             {"crds/a.JSON", "kind: CustomResourceDefinition\nmetadata:\n  name: a-json\n"},
             {"crds/readme.txt", "not a crd\n"},
             {"charts/s/crds/c.yml", "kind: CustomResourceDefinition\nmetadata:\n  name: sub\n"}}),
        true);
    // The files keep their final newline, so a blank line follows each.
    const std::string crds =
        doc("crds/a.JSON", "kind: CustomResourceDefinition\nmetadata:\n  name: a-json\n") +
        doc("crds/b.yaml", "kind: CustomResourceDefinition\nmetadata:\n  name: top\n") +
        doc("charts/s/crds/c.yml", "kind: CustomResourceDefinition\nmetadata:\n  name: sub\n");
    const std::string text = helm::helm_template_text(release);
    CHECK(text.substr(0, crds.size()) == crds);
    CHECK(text.substr(crds.size()) == ns + sa + other + cm + svc + deploy_a + deploy_z + comment +
                                          bar + foo + post_hook + test_hook + test_success_hook +
                                          pre_hook);
    // Without --include-crds they are left out.
    CHECK(helm::release_manifests(rendered({{"crds/b.yaml", "kind: X\n"}}), false).crds.empty());
}

TEST_CASE("release manifests: a document head Helm cannot read is an error", "[helm-engine]") {
    helm::RenderOutput out = rendered();
    out.files = {{"p/templates/bad.yaml", "kind: [a]\n"}};
    CHECK_THROWS_WITH(helm::release_manifests(out, false),
                      "YAML parse error on p/templates/bad.yaml: error unmarshaling JSON: while "
                      "decoding JSON: json: cannot unmarshal array into Go struct field "
                      "SimpleHead.kind of type string");
}
