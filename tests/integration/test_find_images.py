"""airlock-build find-images: the image sweep of a spec's charts (rendered)
and manifests, run through the real binary (no registry needed)."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

from airlock_testlib import airlock_build
from airlock_testlib.exit_codes import INVALID_INPUT

DIGEST = "sha256:" + "ab" * 32


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def make_project(root: Path, values: str = "values/prod.yaml") -> Path:
    """A spec with a chart directory (and a subchart), a values file and manifests."""
    write(root / "charts/web/Chart.yaml", """\
        apiVersion: v2
        name: web
        version: 1.2.0
        appVersion: 1.2.0
        annotations:
          # Declared, not deployed: the sweep goes by what renders.
          helm.sh/images: |
            - name: migrate
              image: ghcr.io/example/migrate:3
        """)
    write(root / "charts/web/values.yaml", """\
        image:
          registry: ghcr.io
          repository: example/web
          tag: ""
        cache:
          enabled: false
          image: {repository: docker.io/library/redis, tag: "7.2"}
        serviceAccount:
          name: web
        """)
    write(root / "charts/web/templates/deployment.yaml", """\
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                - name: exporter
                  image: quay.io/example/exporter:0.5
        {{- if .Values.cache.enabled }}
        ---
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: cache
              image: "{{ .Values.cache.image.repository }}:{{ .Values.cache.image.tag }}"
        {{- end }}
        """)
    write(root / "charts/web/charts/db/Chart.yaml", "apiVersion: v2\nname: db\nversion: 0.1.0\n")
    write(root / "charts/web/charts/db/values.yaml",
          "image:\n  repository: docker.io/library/postgres\n  tag: \"16.1\"\n")
    write(root / "charts/web/charts/db/templates/statefulset.yaml", """\
        apiVersion: apps/v1
        kind: StatefulSet
        spec:
          template:
            spec:
              containers:
                - name: db
                  image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
        """)
    write(root / "values/prod.yaml", """\
        image:
          tag: 1.3.0
        db:
          image:
            tag: "16.4"
        """)
    write(root / "manifests/job.yaml", f"""\
        apiVersion: batch/v1
        kind: CronJob
        metadata: {{name: backup}}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - {{name: wait, image: busybox:1.36}}
                  containers:
                    - {{name: backup, image: "registry.example.com/tools/backup@{DIGEST}"}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {{name: nginx}}
        roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: nginx}}
        subjects: [{{kind: ServiceAccount, name: alpine, namespace: default}}]
        """)
    return write(root / "spec.yaml", f"""\
        apiVersion: airlock.dev/v1
        kind: BundleSpec
        metadata: {{name: web, version: 1.3.0}}
        images:
          - ghcr.io/example/web:1.3.0
          - registry.example.com/tools/backup@{DIGEST}
        charts:
          - path: charts/web
            values: [{values}]
            set: {{db.image.tag: "16.5"}}
          - {{repo: https://charts.example.com, name: other, version: 1.0.0}}
        manifests: [{{path: manifests}}]
        sweep:
          allow: ["quay.io/example/*"]
        """)


def test_find_images_json(tmp_path):
    spec = make_project(tmp_path)
    r = airlock_build("find-images", spec, "--json")
    report = json.loads(r.stdout)
    images = {i["ref"]: i for i in report["images"]}

    assert set(images) == {
        "ghcr.io/example/web:1.3.0",                      # values file over chart default
        "quay.io/example/exporter:0.5",                   # literal in a template
        "docker.io/library/postgres:16.5",                # subchart, set over values file
        "docker.io/library/busybox:1.36",                 # CronJob init container
        f"registry.example.com/tools/backup@{DIGEST}",    # CronJob container
    }
    # Not deployed: a disabled component, an annotation, RBAC names.
    assert not any(word in ref for ref in images
                   for word in ("nginx", "alpine", "redis", "migrate"))

    web = images["ghcr.io/example/web:1.3.0"]
    assert web["status"] == "listed"
    assert web["origins"] == [{"file": "charts/web/templates/deployment.yaml", "document": 1,
                               "path": "spec.template.spec.containers[0].image", "line": 0}]
    assert images[f"registry.example.com/tools/backup@{DIGEST}"]["status"] == "listed"
    assert images["quay.io/example/exporter:0.5"]["status"] == "allowed"
    assert images["quay.io/example/exporter:0.5"]["origins"][0]["file"] == \
        "charts/web/templates/deployment.yaml"

    busybox = images["docker.io/library/busybox:1.36"]
    assert busybox["status"] == "missing"
    assert busybox["origins"] == [{
        "file": "manifests/job.yaml", "document": 1, "line": 11,
        "path": "spec.jobTemplate.spec.template.spec.initContainers[0].image"}]
    postgres = images["docker.io/library/postgres:16.5"]
    assert postgres["status"] == "missing"
    assert postgres["origins"][0]["file"] == "charts/web/charts/db/templates/statefulset.yaml"
    assert postgres["origins"][0]["path"] == "spec.template.spec.containers[0].image"

    assert len(report["notes"]) == 1 and "other" in report["notes"][0]


def test_find_images_text_reports_and_exits_zero(tmp_path):
    spec = make_project(tmp_path)
    r = airlock_build("find-images", spec)
    assert r.returncode == 0
    out = r.stdout
    assert out.startswith("REFERENCE")
    missing = out.split("MISSING", 1)[1]
    assert "docker.io/library/busybox:1.36" in missing
    assert "manifests/job.yaml:11" in missing
    assert "ghcr.io/example/web:1.3.0" not in missing
    assert "5 images: 2 listed, 1 allowed, 2 missing" in out
    assert "note: chart 'other'" in out


def test_missing_values_file_is_one_line_naming_it(tmp_path):
    spec = make_project(tmp_path, values="values/absent.yaml")
    r = airlock_build("find-images", spec, check=False)
    assert r.returncode == INVALID_INPUT, r.stderr
    errors = [line for line in r.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, r.stderr
    assert "values/absent.yaml" in errors[0]
    assert r.stdout == ""


def test_malformed_manifest_and_missing_chart_yaml(tmp_path):
    spec = make_project(tmp_path)
    write(tmp_path / "manifests/bad.yaml", "kind: Pod\nspec: {containers: [\n")
    r = airlock_build("find-images", spec, check=False)
    assert r.returncode == INVALID_INPUT, r.stderr
    errors = [line for line in r.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "manifests/bad.yaml:" in errors[0], r.stderr

    (tmp_path / "manifests/bad.yaml").unlink()
    (tmp_path / "charts/web/Chart.yaml").unlink()
    r = airlock_build("find-images", spec, check=False)
    assert r.returncode == INVALID_INPUT, r.stderr
    assert "charts/web: Chart.yaml file is missing" in r.stderr


def test_packaged_chart(tmp_path):
    spec = make_project(tmp_path)
    subprocess.run(["tar", "-C", tmp_path / "charts", "-czf", tmp_path / "web-1.2.0.tgz", "web"],
                   check=True)
    spec.write_text(spec.read_text().replace("path: charts/web", "path: web-1.2.0.tgz"))
    r = airlock_build("find-images", spec, "--json")
    refs = [i["ref"] for i in json.loads(r.stdout)["images"]]
    assert "ghcr.io/example/web:1.3.0" in refs
    assert "docker.io/library/postgres:16.5" in refs


def test_a_chart_that_does_not_render_fails_with_the_engine_error(tmp_path):
    spec = make_project(tmp_path)
    for text, needle in [
        ("kind: {{ .Values.image.tag | }\n", "parse error at (web/templates/broken.yaml:1:"),
        ("kind: {{ required \"set image.pullSecret\" .Values.image.pullSecret }}\n",
         "execution error at (web/templates/broken.yaml:1:9): set image.pullSecret"),
        ("kind: {{ .Values.nothing.here }}\n",
         "nil pointer evaluating interface {}.here"),
    ]:
        write(tmp_path / "charts/web/templates/broken.yaml", text)
        r = airlock_build("find-images", spec, "--json", check=False)
        assert r.returncode == INVALID_INPUT, r.stderr
        errors = [line for line in r.stderr.splitlines() if "error:" in line]
        assert len(errors) == 1, r.stderr
        assert needle in errors[0] and "spec.yaml:" in errors[0], errors[0]
        # --json reports the same error to machines, and no findings
        report = json.loads(r.stdout)
        assert set(report) == {"error"}, report
        assert report["error"]["exitCode"] == 3 and needle in report["error"]["message"]
