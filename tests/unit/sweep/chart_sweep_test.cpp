#include "builder/sweep/chart_files.hpp"
#include "builder/sweep/sweep.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

using airlock::builder::ChartFiles;
using airlock::builder::sweep_chart;
using airlock::builder::SweptImage;
using Catch::Contains;

namespace {

using Overlays = std::vector<std::pair<std::string, std::string>>;
using Set = std::map<std::string, std::string>;

ChartFiles chart(std::map<std::string, std::string> files, std::string origin = "myapp") {
    ChartFiles c;
    c.files = std::move(files);
    c.origin = std::move(origin);
    return c;
}

const SweptImage* find_ref(const std::vector<SweptImage>& found, const std::string& ref) {
    for (const SweptImage& s : found) {
        if (s.ref == ref) {
            return &s;
        }
    }
    return nullptr;
}

std::vector<std::string> refs(const std::vector<SweptImage>& found) {
    std::vector<std::string> out;
    for (const SweptImage& s : found) {
        out.push_back(s.ref);
    }
    return out;
}

const std::string demo_chart_yaml =
    "apiVersion: v2\nname: myapp\nversion: 1.0.0\nappVersion: 2.3.4\n";

} // namespace

TEST_CASE("image-shaped values are found in chart defaults", "[sweep]") {
    const std::string values = R"(image:
  registry: ghcr.io
  repository: org/myapp
  tag: ""
  pullPolicy: IfNotPresent
sidecar:
  image: "quay.io/org/sidecar:0.9"
proxy:
  image:
    repository: docker.io/envoyproxy/envoy
    tag: v1.30.1
pinned:
  image:
    registry: registry.k8s.io
    repository: pause
    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
nameOverride: nginx
serviceAccount:
  name: busybox
)";
    auto found =
        sweep_chart(chart({{"Chart.yaml", demo_chart_yaml}, {"values.yaml", values}}), {}, {});
    CHECK(refs(found) == std::vector<std::string>{
                             "ghcr.io/org/myapp:2.3.4", // empty tag: the chart's appVersion
                             "quay.io/org/sidecar:0.9",
                             "docker.io/envoyproxy/envoy:v1.30.1",
                             "registry.k8s.io/pause@sha256:"
                             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                         });
    REQUIRE(found.size() == 4);
    CHECK(found[0].file == "myapp/values.yaml");
    CHECK(found[0].document == 1);
    CHECK(found[0].path == "image");
    CHECK(found[0].line == 3);
    CHECK(found[1].path == "sidecar.image");
    CHECK(found[3].path == "pinned.image");
}

TEST_CASE("values files and set override chart defaults, in order", "[sweep]") {
    const std::string values = R"(image:
  repository: ghcr.io/org/myapp
  tag: 1.0.0
worker:
  image: {repository: ghcr.io/org/worker, tag: "1.0"}
cache:
  enabled: false
  image: {repository: docker.io/library/redis, tag: "7.2"}
)";
    const ChartFiles c = chart({{"Chart.yaml", demo_chart_yaml}, {"values.yaml", values}});

    SECTION("defaults alone") {
        CHECK(refs(sweep_chart(c, {}, {})) ==
              std::vector<std::string>{"ghcr.io/org/myapp:1.0.0", "ghcr.io/org/worker:1.0"});
    }
    SECTION("a values file overrides a default, the next file overrides it") {
        Overlays overlays = {
            {"values/prod.yaml", "image:\n  tag: 1.1.0\nworker:\n  image:\n    tag: \"2.0\"\n"},
            {"values/site.yaml", "# site\nimage:\n  tag: 1.2.0\n"},
        };
        auto found = sweep_chart(c, overlays, {});
        CHECK(refs(found) ==
              std::vector<std::string>{"ghcr.io/org/myapp:1.2.0", "ghcr.io/org/worker:2.0"});
        REQUIRE(found.size() == 2);
        CHECK(found[0].file == "values/site.yaml");
        CHECK(found[0].path == "image");
        CHECK(found[0].line == 3);
        CHECK(found[1].file == "values/prod.yaml");
        CHECK(found[1].path == "worker.image");
    }
    SECTION("set wins over values files and can switch a component on") {
        auto found = sweep_chart(c, {{"v.yaml", "image: {tag: 1.1.0}\n"}},
                                 {{"image.tag", "9.9.9"}, {"cache.enabled", "true"}});
        CHECK(refs(found) == std::vector<std::string>{"ghcr.io/org/myapp:9.9.9",
                                                      "ghcr.io/org/worker:1.0",
                                                      "docker.io/library/redis:7.2"});
        REQUIRE(found.size() == 3);
        CHECK(found[0].file == "set");
        CHECK(found[0].path == "image");
        CHECK(found[0].document == 0);
        CHECK(found[2].file == "myapp/values.yaml");
    }
    SECTION("null removes a default") {
        auto found = sweep_chart(c, {{"v.yaml", "worker: null\n"}}, {});
        CHECK(refs(found) == std::vector<std::string>{"ghcr.io/org/myapp:1.0.0"});
    }
}

TEST_CASE("registry defaults and the ingress-nginx image form", "[sweep]") {
    const std::string values = R"(global:
  image:
    registry: registry.k8s.io
controller:
  image:
    image: ingress-nginx/controller
    tag: "v1.15.1"
    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  admission:
    image:
      image: ingress-nginx/kube-webhook-certgen
      tag: v1.6.9
)";
    auto found =
        sweep_chart(chart({{"Chart.yaml", demo_chart_yaml}, {"values.yaml", values}}), {}, {});
    CHECK(refs(found) == std::vector<std::string>{
                             "registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:"
                             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                             "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9",
                         });
}

TEST_CASE("an empty tag takes the appVersion as the templates format it", "[sweep]") {
    const std::string values =
        "image:\n  repository: registry.k8s.io/metrics-server/metrics-server\n"
        "  tag: \"\"\n";
    const std::string helper =
        "{{- define \"img\" -}}\n"
        "{{- printf \"%s:%s\" .Values.image.repository (default (printf \"v%s\" "
        ".Chart.AppVersion) .Values.image.tag) }}\n{{- end }}\n";
    auto plain =
        sweep_chart(chart({{"Chart.yaml", demo_chart_yaml}, {"values.yaml", values}}), {}, {});
    CHECK(refs(plain) ==
          std::vector<std::string>{"registry.k8s.io/metrics-server/metrics-server:2.3.4"});
    auto prefixed = sweep_chart(chart({{"Chart.yaml", demo_chart_yaml},
                                       {"values.yaml", values},
                                       {"templates/_helpers.tpl", helper}}),
                                {}, {});
    CHECK(refs(prefixed) ==
          std::vector<std::string>{"registry.k8s.io/metrics-server/metrics-server:v2.3.4"});
}

TEST_CASE("the helm.sh/images annotation is swept", "[sweep]") {
    const std::string yaml = R"(apiVersion: v2
name: myapp
version: 1.0.0
annotations:
  helm.sh/images: |
    - name: app
      image: ghcr.io/org/app:1.0
    - name: db
      image: postgres:16
  artifacthub.io/images: |
    - name: tool
      image: quay.io/org/tool:2
)";
    auto found = sweep_chart(chart({{"Chart.yaml", yaml}}), {}, {});
    CHECK(refs(found) == std::vector<std::string>{"ghcr.io/org/app:1.0",
                                                  "docker.io/library/postgres:16",
                                                  "quay.io/org/tool:2"});
    REQUIRE(found.size() == 3);
    CHECK(found[0].file == "myapp/Chart.yaml");
    CHECK(found[1].path == "annotations[\"helm.sh/images\"][1].image");
    CHECK(found[0].line == 5);

    const std::string broken = "name: myapp\nversion: 1.0.0\nannotations:\n"
                               "  helm.sh/images: \"- [unclosed\"\n";
    CHECK_THROWS_WITH(sweep_chart(chart({{"Chart.yaml", broken}}), {}, {}),
                      Contains("myapp/Chart.yaml:4: annotation 'helm.sh/images'"));
}

TEST_CASE("literal images in templates are swept, templated ones are not", "[sweep]") {
    const std::string deploy = R"(apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      initContainers:
        - name: wait
          image: "docker.io/library/busybox:1.36" # waits for the db
      containers:
        - name: app
          image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
        - name: proxy
          image: "{{ .Values.proxy }}"
        - image: 'quay.io/org/proxy:3'
          name: proxy2
          env:
            - name: imageName
              value: not-an-image
)";
    auto found = sweep_chart(
        chart({{"Chart.yaml", demo_chart_yaml}, {"templates/deploy.yaml", deploy}}), {}, {});
    CHECK(refs(found) ==
          std::vector<std::string>{"docker.io/library/busybox:1.36", "quay.io/org/proxy:3"});
    REQUIRE(found.size() == 2);
    CHECK(found[0].file == "myapp/templates/deploy.yaml");
    CHECK(found[0].line == 8);
    CHECK(found[0].document == 0);
    CHECK(found[1].line == 14);
}

TEST_CASE("subcharts are swept with the parent's values", "[sweep]") {
    const std::string parent_chart = R"(apiVersion: v2
name: app
version: 1.0.0
dependencies:
  - name: redis
    version: 1.0.0
    condition: redis.enabled
  - name: metrics
    version: 1.0.0
    alias: monitoring
)";
    const std::string parent_values = R"(global:
  imageRegistry: mirror.example.com
redis:
  image:
    tag: "7.4"
monitoring:
  exporter:
    tag: "0.2"
)";
    const ChartFiles c = chart(
        {
            {"Chart.yaml", parent_chart},
            {"values.yaml", parent_values},
            {"charts/redis/Chart.yaml", "apiVersion: v2\nname: redis\nversion: 1.0.0\n"},
            {"charts/redis/values.yaml", "image:\n  repository: library/redis\n  tag: \"7.2\"\n"},
            {"charts/metrics/Chart.yaml",
             "apiVersion: v2\nname: metrics\nversion: 1.0.0\nappVersion: 0.1\n"},
            {"charts/metrics/values.yaml", "exporter:\n  repository: org/exporter\n  tag: \"\"\n"},
            {"charts/metrics/templates/pod.yaml", "    image: busybox:1.36\n"},
        },
        "app");

    // Subcharts in name order: charts/metrics (under its alias), then charts/redis.
    auto found = sweep_chart(c, {}, {});
    CHECK(refs(found) == std::vector<std::string>{"mirror.example.com/org/exporter:0.2",
                                                  "docker.io/library/busybox:1.36",
                                                  "mirror.example.com/library/redis:7.4"});
    REQUIRE(found.size() == 3);
    CHECK(found[0].file == "app/values.yaml"); // the tag that decided it is the parent's
    CHECK(found[0].path == "monitoring.exporter");
    CHECK(found[1].file == "app/charts/metrics/templates/pod.yaml");
    CHECK(found[2].file == "app/values.yaml");
    CHECK(found[2].path == "redis.image");

    SECTION("a subchart's own defaults are credited to it") {
        auto own = sweep_chart(c, {{"v.yaml", "redis: {image: {tag: null}}\n"}}, {});
        const SweptImage* redis = find_ref(own, "mirror.example.com/library/redis:7.2");
        REQUIRE(redis != nullptr);
        CHECK(redis->file == "app/charts/redis/values.yaml");
        CHECK(redis->path == "image");
    }
    SECTION("a false condition skips the subchart") {
        auto off = sweep_chart(c, {}, {{"redis.enabled", "false"}});
        CHECK(refs(off) == std::vector<std::string>{"mirror.example.com/org/exporter:0.2",
                                                    "docker.io/library/busybox:1.36"});
    }
}

TEST_CASE("malformed values and Chart.yaml are errors naming the file", "[sweep]") {
    const ChartFiles c =
        chart({{"Chart.yaml", demo_chart_yaml}, {"values.yaml", "image: {a: 1\n"}});
    CHECK_THROWS_WITH(sweep_chart(c, {}, {}),
                      Contains("myapp/values.yaml:") && Contains("invalid YAML"));
    const ChartFiles ok = chart({{"Chart.yaml", demo_chart_yaml}});
    CHECK_THROWS_WITH(sweep_chart(ok, {{"values/prod.yaml", "a: b\n- c\n"}}, {}),
                      Contains("values/prod.yaml:"));
    CHECK_THROWS_WITH(sweep_chart(ok, {{"values/list.yaml", "- a\n"}}, {}),
                      Contains("values/list.yaml: a values file must be a YAML mapping"));
    CHECK_THROWS_WITH(sweep_chart(chart({{"Chart.yaml", "name: [x\n"}}), {}, {}),
                      Contains("myapp/Chart.yaml:"));
}

TEST_CASE("a chart without Chart.yaml is an error naming it", "[sweep]") {
    try {
        (void)sweep_chart(chart({{"values.yaml", "image: nginx\n"}}, "charts/broken"), {}, {});
        FAIL("no error");
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::spec);
        CHECK(std::string(e.what()) == "charts/broken: Chart.yaml is missing (not a Helm chart)");
    }
}

TEST_CASE("subcharts nested too deep are refused", "[sweep]") {
    std::map<std::string, std::string> files;
    std::string prefix;
    for (int level = 0; level < 8; ++level) {
        files[prefix + "Chart.yaml"] = "name: c" + std::to_string(level) + "\nversion: 1.0.0\n";
        prefix += "charts/c" + std::to_string(level + 1) + "/";
    }
    CHECK_THROWS_WITH(sweep_chart(chart(files, "deep"), {}, {}),
                      Contains("subcharts nested deeper than"));
    // A chart three levels deep is fine.
    files.erase(files.begin(), files.end());
    files["Chart.yaml"] = "name: a\n";
    files["charts/b/Chart.yaml"] = "name: b\n";
    files["charts/b/charts/c/Chart.yaml"] = "name: c\n";
    files["charts/b/charts/c/values.yaml"] = "image: nginx:1.27\n";
    auto found = sweep_chart(chart(files, "a"), {}, {});
    REQUIRE(found.size() == 1);
    CHECK(found[0].file == "a/charts/b/charts/c/values.yaml");
}
