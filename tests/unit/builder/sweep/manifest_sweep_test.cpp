#include "builder/sweep/sweep.hpp"
#include "common/core/error.hpp"

#include "tests/unit/support/swept_refs.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using airlock::builder::sweep_manifest_text;
using airlock::builder::SweptImage;
using airlock::test::swept_refs;
using Catch::Contains;

namespace {

// The one image found (by value: callers pass the sweep's temporary result).
SweptImage only(const std::vector<SweptImage>& found) {
    REQUIRE(found.size() == 1);
    return found.front();
}

// A workload of `kind` whose pod spec (at `pod_path`, indented by `indent`)
// runs app:1.
std::string pod_spec(const std::string& indent) {
    return indent + "containers:\n" + indent + "- name: app\n" + indent +
           "  image: example.com/team/app:1\n";
}

} // namespace

TEST_CASE("each workload kind's pod template is swept", "[sweep]") {
    struct Case {
        std::string kind, api, head, indent, path;
    };
    const std::vector<Case> cases = {
        {"Pod", "v1", "spec:\n", "  ", "spec.containers[0].image"},
        {"ReplicationController", "v1", "spec:\n  template:\n    spec:\n", "      ",
         "spec.template.spec.containers[0].image"},
        {"PodTemplate", "v1", "template:\n  spec:\n", "    ", "template.spec.containers[0].image"},
        {"Deployment", "apps/v1", "spec:\n  template:\n    spec:\n", "      ",
         "spec.template.spec.containers[0].image"},
        {"StatefulSet", "apps/v1", "spec:\n  template:\n    spec:\n", "      ",
         "spec.template.spec.containers[0].image"},
        {"DaemonSet", "apps/v1", "spec:\n  template:\n    spec:\n", "      ",
         "spec.template.spec.containers[0].image"},
        {"ReplicaSet", "apps/v1", "spec:\n  template:\n    spec:\n", "      ",
         "spec.template.spec.containers[0].image"},
        {"Job", "batch/v1", "spec:\n  template:\n    spec:\n", "      ",
         "spec.template.spec.containers[0].image"},
        {"CronJob", "batch/v1",
         "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n", "          ",
         "spec.jobTemplate.spec.template.spec.containers[0].image"},
    };
    for (const Case& c : cases) {
        INFO(c.kind);
        const std::string yaml = "apiVersion: " + c.api + "\nkind: " + c.kind +
                                 "\nmetadata: {name: x}\n" + c.head + pod_spec(c.indent);
        const SweptImage s = only(sweep_manifest_text(yaml, "m.yaml"));
        CHECK(s.ref == "example.com/team/app:1");
        CHECK(s.file == "m.yaml");
        CHECK(s.document == 1);
        CHECK(s.path == c.path);
        CHECK(s.line == std::count(yaml.begin(), yaml.end(), '\n'));
    }
}

TEST_CASE("init and ephemeral containers and image volumes are swept", "[sweep]") {
    const std::string yaml = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: web
          image: nginx
        - name: sidecar
          image: quay.io/org/sidecar@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      ephemeralContainers:
        - name: debug
          image: registry.k8s.io/e2e-test-images/agnhost:2.39
      volumes:
        - name: models
          image:
            reference: ghcr.io/org/models:v2
            pullPolicy: IfNotPresent
        - name: cfg
          configMap: {name: cfg}
)";
    auto found = sweep_manifest_text(yaml, "deploy.yaml");
    CHECK(swept_refs(found) ==
          std::vector<std::string>{
              "docker.io/library/nginx:latest",
              "quay.io/org/sidecar@sha256:"
              "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
              "docker.io/library/busybox:1.36",
              "registry.k8s.io/e2e-test-images/agnhost:2.39",
              "ghcr.io/org/models:v2",
          });
    REQUIRE(found.size() == 5);
    CHECK(found[2].path == "spec.template.spec.initContainers[0].image");
    CHECK(found[2].line == 9);
    CHECK(found[3].path == "spec.template.spec.ephemeralContainers[0].image");
    CHECK(found[4].path == "spec.template.spec.volumes[0].image.reference");
}

TEST_CASE("every document of a multi-document file is swept", "[sweep]") {
    const std::string yaml = R"(---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {name: not-an-image}
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers: [{name: a, image: "alpine:3.20"}]
---
# an empty document
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: b, image: docker.io/library/postgres:16}]
)";
    auto found = sweep_manifest_text(yaml, "all.yaml");
    REQUIRE(found.size() == 2);
    CHECK(found[0].ref == "docker.io/library/alpine:3.20");
    CHECK(found[0].document == 2);
    CHECK(found[1].ref == "docker.io/library/postgres:16");
    CHECK(found[1].document == 4);
    CHECK(found[1].path == "spec.jobTemplate.spec.template.spec.containers[0].image");
}

TEST_CASE("the items of a List are swept", "[sweep]") {
    const std::string yaml = R"(apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db}
    spec:
      template:
        spec:
          containers: [{name: db, image: "bitnami/redis:7.2"}]
  - apiVersion: v1
    kind: Service
    metadata: {name: db}
)";
    const SweptImage s = only(sweep_manifest_text(yaml, "list.yaml"));
    CHECK(s.ref == "docker.io/bitnami/redis:7.2");
    CHECK(s.path == "items[0].spec.template.spec.containers[0].image");
}

TEST_CASE("fields that are not images are not reported", "[sweep]") {
    const std::string yaml = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: nginx}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: nginx
subjects:
  - kind: ServiceAccount
    name: busybox
    namespace: default
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
  labels: {app: nginx, image: "not-here"}
spec:
  template:
    metadata:
      annotations: {image: "also-not-here:1"}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          env: [{name: PULL_POLICY, value: "IfNotPresent"}, {name: IMAGE_TAG, value: "v1"}]
)";
    const SweptImage s = only(sweep_manifest_text(yaml, "rbac.yaml"));
    CHECK(s.ref == "docker.io/library/nginx:1.27");
    CHECK(s.document == 2);
}

TEST_CASE("images passed to containers in arguments and environment variables", "[sweep]") {
    const std::string yaml = R"(apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: controller
          image: quay.io/jetstack/cert-manager-controller:v1.16.0
          args:
            - --v=2
            - --acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.16.0
            - --image-pull-policy=Always
            - --sidecar-image
            - ghcr.io/org/sidecar:2
          env:
            - {name: DEFAULT_IMAGE, value: "registry.k8s.io/pause:3.10"}
            - {name: IMAGE_PULL_POLICY, value: IfNotPresent}
            - {name: OTHER, value: "busybox:1.36"}
)";
    const auto found = sweep_manifest_text(yaml, "cm.yaml");
    REQUIRE(found.size() == 4);
    CHECK(found[1].ref == "quay.io/jetstack/cert-manager-acmesolver:v1.16.0");
    CHECK(found[1].path == "spec.template.spec.containers[0].args[1]");
    CHECK(found[2].ref == "ghcr.io/org/sidecar:2");
    CHECK(found[2].path == "spec.template.spec.containers[0].args[4]");
    CHECK(found[3].ref == "registry.k8s.io/pause:3.10");
    CHECK(found[3].path == "spec.template.spec.containers[0].env[0].value");
}

TEST_CASE("other kinds: any image field and image-shaped mappings", "[sweep]") {
    const std::string yaml = R"(apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: main}
spec:
  image: quay.io/prometheus/prometheus:v2.53.0
  containers:
    - name: reloader
      image: "quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0"
  exporter:
    image:
      registry: ghcr.io
      repository: org/exporter
      tag: "1.2"
    replicas: 2
  broken:
    image: "{{ .Values.image }}"
  pinned:
    repository: quay.io/org/tool
    digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
---
apiVersion: example.com/v1
kind: Job
metadata: {name: not-batch}
spec:
  tasks:
    - template: {spec: {containers: [{name: x, image: "example.com/custom/job:3"}]}}
)";
    auto found = sweep_manifest_text(yaml, "cr.yaml");
    CHECK(swept_refs(found) ==
          std::vector<std::string>{
              "quay.io/prometheus/prometheus:v2.53.0",
              "quay.io/prometheus-operator/prometheus-config-reloader:v0.75.0",
              "ghcr.io/org/exporter:1.2",
              "quay.io/org/tool@sha256:"
              "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
              "example.com/custom/job:3",
          });
    REQUIRE(found.size() == 5);
    CHECK(found[2].path == "spec.exporter.image");
    CHECK(found[3].path == "spec.pinned");
    CHECK(found[4].document == 2);
}

TEST_CASE("the same image at the same place is reported once", "[sweep]") {
    const std::string yaml = R"(apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - {name: a, image: nginx}
    - {name: b, image: docker.io/library/nginx:latest}
)";
    auto found = sweep_manifest_text(yaml, "pod.yaml");
    REQUIRE(found.size() == 2); // two places, one reference
    CHECK(found[0].ref == found[1].ref);
    CHECK(found[0].path != found[1].path);
}

TEST_CASE("malformed manifest YAML is an error naming file and line", "[sweep]") {
    const std::string yaml = "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n    {name: a\n";
    try {
        (void)sweep_manifest_text(yaml, "manifests/bad.yaml");
        FAIL("no error");
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::spec);
        CHECK_THAT(e.what(), Contains("manifests/bad.yaml:"));
        CHECK_THAT(e.what(), Contains("invalid YAML"));
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
}

TEST_CASE("aliases that multiply a document are refused", "[sweep]") {
    std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'h'; ++c) {
        yaml += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) {
            yaml += std::string(i ? ", " : "") + "*" + prev;
        }
        yaml += "]\n";
        prev = c;
    }
    CHECK_THROWS_WITH(sweep_manifest_text(yaml, "bomb.yaml"), Contains("too many nodes"));
}

TEST_CASE("an image-shaped document is credited to its root", "[sweep]") {
    const SweptImage s = only(sweep_manifest_text("registry: ghcr.io\nrepository: org/x\n"
                                                  "tag: \"1\"\n",
                                                  "image.yaml"));
    CHECK(s.ref == "ghcr.io/org/x:1");
    CHECK(s.path.empty());
}
