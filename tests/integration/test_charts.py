"""Charts and manifests end to end: airlock-build vendors a chart from a
directory, a .tgz, an HTTP chart repository and an oci:// registry as the OCI
artifact `helm push` makes, sweeps charts and manifests for images, and refuses
a bundle that would leave an image behind; airlock-load publishes each chart in
the target registry, where the chart archive reads back byte for byte.

The module runs in a network namespace with loopback only: the chart
repository, the registries and both airlock programs run inside it.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from airlock_testlib import Registry, run, seed_standard
from airlock_testlib.netns import airgap
from airlock_testlib.tools import airlock_load_bin
from build_helpers import bom_of, create, write_spec
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import INVALID_INPUT, NETWORK

HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# A pod running the image of `.Values.image`, and `.Values.extra.image` when set.
POD_TEMPLATE = """apiVersion: v1
kind: Pod
metadata: {name: pod}
spec:
  containers:
    - name: main
      image: {{ .Values.image }}
{{- with .Values.extra }}
    - name: extra
      image: {{ .image }}
{{- end }}
"""


def write_chart(root: Path, name: str, version: str, *, values: str, templates: dict | None = None,
                subcharts: dict | None = None, extra: dict | None = None) -> Path:
    d = root / name
    (d / "templates").mkdir(parents=True)
    (d / "Chart.yaml").write_text(
        f"apiVersion: v2\nname: {name}\nversion: {version}\nappVersion: \"1.0\"\n"
        f"description: test chart {name}\n")
    (d / "values.yaml").write_text(values)
    for fname, text in (templates if templates is not None else {"pod.yaml": POD_TEMPLATE}).items():
        (d / "templates" / fname).write_text(text)
    for sub, sub_values in (subcharts or {}).items():
        s = d / "charts" / sub
        (s / "templates").mkdir(parents=True)
        (s / "Chart.yaml").write_text(f"apiVersion: v2\nname: {sub}\nversion: 0.0.1\n")
        (s / "values.yaml").write_text(sub_values)
        (s / "templates" / "pod.yaml").write_text(POD_TEMPLATE)
    for fname, text in (extra or {}).items():
        (d / fname).write_text(text)
    return d


def tgz_of(chart_dir: Path) -> bytes:
    """A packaged chart the way helm lays it out: every entry under <name>/."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for p in sorted(chart_dir.rglob("*")):
            if p.is_file():
                tar.add(p, arcname=f"{chart_dir.name}/{p.relative_to(chart_dir)}")
    return buf.getvalue()


def push_helm_artifact(registry: Registry, repo: str, tag: str, name: str, version: str,
                       archive: bytes) -> bytes:
    """Store a chart the way `helm push` does; returns the manifest bytes."""
    client = registry.client()
    config = json.dumps({"name": name, "version": version, "apiVersion": "v2"}).encode()
    for blob in (config, archive):
        loc = client.request("POST", f"/v2/{repo}/blobs/uploads/").headers["Location"]
        path = loc.split(registry.host, 1)[-1] if "://" in loc else loc
        sep = "&" if "?" in path else "?"
        client.request("PUT", f"{path}{sep}digest={sha256(blob)}", data=blob,
                       headers={"Content-Type": "application/octet-stream"})
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": HELM_CONFIG, "digest": sha256(config), "size": len(config)},
        "layers": [{"mediaType": HELM_CHART, "digest": sha256(archive), "size": len(archive)}],
        "annotations": {"org.opencontainers.image.title": name,
                        "org.opencontainers.image.version": version}}).encode()
    client.request("PUT", f"/v2/{repo}/manifests/{tag}", data=manifest,
                   headers={"Content-Type": OCI_MANIFEST})
    return manifest


class ChartRepo:
    """A classic Helm chart repository (index.yaml + archives) over plain HTTP."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root)))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def publish(self, name: str, version: str, archive: bytes):
        fname = f"{name}-{version}.tgz"
        (self.root / fname).write_bytes(archive)
        self.root.joinpath("index.yaml").write_text(
            "apiVersion: v1\nentries:\n"
            f"  {name}:\n  - name: {name}\n    version: {version}\n"
            f"    digest: {hashlib.sha256(archive).hexdigest()}\n"
            f"    urls: [{fname}]\n")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def world(tmp_path_factory, airgapped):
    root = tmp_path_factory.mktemp("charts")
    source = Registry(root / "source").start()
    repo = ChartRepo(root / "repo")
    try:
        seed_standard(source, root / "seed", with_busybox=False)
        src = source.host
        img = {n: f"{src}/airlock-test/{n}:1.0" for n in
               ("single", "shared-a", "shared-b", "multiarch", "v2s2")}
        charts = root / "charts"
        # Images assembled from values (the registry split out), in a
        # subchart's defaults overridden by the parent, and a template literal.
        dir_chart = write_chart(
            charts, "demo-dir", "0.1.0",
            values=(f"image:\n  registry: {src}\n  repository: airlock-test/single\n"
                    f"  tag: \"1.0\"\nworker:\n  image: {img['shared-b']}\n"),
            templates={"deploy.yaml": "kind: Deployment\nspec:\n  template:\n    spec:\n"
                       "      containers:\n      - name: web\n"
                       "        image: \"{{ .Values.image.registry }}/{{ .Values.image.repository }}"
                       ":{{ .Values.image.tag }}\"\n"
                       "      - name: worker\n        image: {{ .Values.worker.image }}\n"
                       f"      - name: sidecar\n        image: {img['shared-a']}\n"},
            subcharts={"cache": f"image: {src}/airlock-test/not-this:9\n"},
            extra={".helmignore": "*.orig\n", "notes.orig": "left out of the package\n"})
        (charts / "site.yaml").write_text(f"cache:\n  image: {img['v2s2']}\n")
        tgz_chart = write_chart(charts / "tgz", "demo-tgz", "0.2.0+build.1",
                                values=f"image: {img['multiarch']}\n")
        tgz_file = root / "demo-tgz-0.2.0+build.1.tgz"
        tgz_file.write_bytes(tgz_of(tgz_chart))
        repo_chart = write_chart(charts / "repo", "demo-repo", "0.3.0",
                                 values=f"image: {img['single']}\n")
        repo_archive = tgz_of(repo_chart)
        repo.publish("demo-repo", "0.3.0", repo_archive)
        oci_chart = write_chart(charts / "oci", "demo-oci", "0.4.0",
                                values=f"image: {img['shared-a']}\n")
        oci_archive = tgz_of(oci_chart)
        oci_manifest = push_helm_artifact(source, "helm/demo-oci", "0.4.0", "demo-oci", "0.4.0",
                                          oci_archive)
        manifests = root / "manifests"
        manifests.mkdir()
        (manifests / "job.yaml").write_text(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n"
            "  jobTemplate:\n    spec:\n      template:\n        spec:\n"
            f"          initContainers:\n          - name: init\n            image: {img['multiarch']}\n"
            "          containers:\n          - name: main\n"
            f"            image: {img['single']}\n")
        charts_yaml = (
            "charts:\n"
            f"  - {{path: {dir_chart}, values: [{charts / 'site.yaml'}]}}\n"
            f"  - {{path: {tgz_file}}}\n"
            f"  - {{repo: {repo.url}, name: demo-repo, version: 0.3.0}}\n"
            f"  - {{oci: oci://{src}/helm/demo-oci, version: 0.4.0}}\n"
            f"manifests:\n  - {{path: {manifests}}}\n")
        spec = write_spec(root / "spec.yaml", list(img.values()), name="charts",
                          extra=charts_yaml)
        bundle = root / "charts.airlock"
        summary = json.loads(create(spec, bundle, source).stdout)
        yield {"root": root, "source": source, "repo": repo, "img": img, "bundle": bundle,
               "summary": summary, "charts_yaml": charts_yaml, "tgz": tgz_file.read_bytes(),
               "repo_archive": repo_archive, "oci_archive": oci_archive,
               "oci_manifest": oci_manifest, "dir_chart": dir_chart}
    finally:
        repo.stop()
        source.stop()


def test_every_chart_source_is_vendored_and_reads_back_byte_for_byte(world, tmp_path):
    bom = bom_of(world["bundle"])
    charts = {c["name"]: c for c in bom["charts"]}
    assert set(charts) == {"demo-dir", "demo-tgz", "demo-repo", "demo-oci"}
    assert charts["demo-tgz"]["tag"] == "0.2.0_build.1"
    assert [v["name"] for v in charts["demo-dir"]["values"]] == \
        ["charts/demo-dir/values/site.yaml"]
    assert [m["name"] for m in bom["manifests"]] == ["manifests/job.yaml"]

    with Registry(tmp_path / "target") as target:
        state = tmp_path / "state"
        loaded(run([str(airlock_load_bin()), "load", str(world["bundle"]), "--to",
                    f"registry://{target.host}/site", "--plain-http", "--state-dir", str(state)],
                   check=False))
        client = target.client()
        archives = {}
        for name, chart in charts.items():
            repo = f"site/{chart['repository']}"
            raw = client.manifest(repo, chart["tag"], accept=[OCI_MANIFEST]).body
            assert sha256(raw) == chart["digest"]
            m = json.loads(raw)
            assert m["config"]["mediaType"] == HELM_CONFIG, name
            assert [layer["mediaType"] for layer in m["layers"]] == [HELM_CHART], name
            assert m["annotations"]["org.opencontainers.image.title"] == name
            assert m["annotations"]["org.opencontainers.image.version"] == chart["version"]
            config = json.loads(client.blob_bytes(repo, m["config"]["digest"]))
            assert (config["name"], config["version"]) == (name, chart["version"])
            archives[name] = client.blob_bytes(repo, m["layers"][0]["digest"])
            assert sha256(archives[name]) == m["layers"][0]["digest"]
        assert archives["demo-tgz"] == world["tgz"]
        assert archives["demo-repo"] == world["repo_archive"]
        assert archives["demo-oci"] == world["oci_archive"]
        oci = charts["demo-oci"]
        assert client.manifest(f"site/{oci['repository']}", oci["tag"],
                               accept=[OCI_MANIFEST]).body == world["oci_manifest"]
        # The packaged directory: helm's layout, .helmignore honoured.
        with tarfile.open(fileobj=io.BytesIO(archives["demo-dir"]), mode="r:gz") as tar:
            names = tar.getnames()
        assert "demo-dir/Chart.yaml" in names and "demo-dir/charts/cache/Chart.yaml" in names
        assert all(n.startswith("demo-dir/") for n in names)
        assert "demo-dir/notes.orig" not in names
        # Values files and manifests travel in the bundle's files artifact.
        files = json.loads(client.manifest("site/airlock/charts/files", "1.0.0",
                                           accept=[OCI_MANIFEST]).body)
        titles = [layer["annotations"]["org.opencontainers.image.title"]
                  for layer in files["layers"]]
        assert titles == ["manifests/job.yaml", "charts/demo-dir/values/site.yaml"]


def test_a_packaged_directory_is_reproducible(world, tmp_path):
    spec = write_spec(tmp_path / "again.yaml", list(world["img"].values()), name="charts",
                      extra=world["charts_yaml"])
    again = tmp_path / "again.airlock"
    create(spec, again, world["source"])
    first = {c["name"]: c["digest"] for c in bom_of(world["bundle"])["charts"]}
    second = {c["name"]: c["digest"] for c in bom_of(again)["charts"]}
    assert first == second


def test_the_bom_records_which_charts_and_manifests_use_each_image(world):
    used = {i["ref"]: i["usedBy"] for i in bom_of(world["bundle"])["images"]}
    img = world["img"]
    assert used[img["single"]] == ["charts/demo-dir", "charts/demo-repo", "manifests/job.yaml"]
    assert used[img["shared-a"]] == ["charts/demo-dir", "charts/demo-oci"]
    # From a values file of the spec, which overrides the subchart's default:
    # credited to the chart, and the default (not-this:9) is not reported.
    assert used[img["v2s2"]] == ["charts/demo-dir"]
    assert used[img["multiarch"]] == ["charts/demo-tgz", "manifests/job.yaml"]
    assert all("not-this" not in ref for ref in used)


def gate_spec(world, tmp_path, images, extra="") -> Path:
    chart = write_chart(tmp_path / "c", "gate", "1.0.0",
                        values=f"image: {world['img']['single']}\n"
                               f"extra:\n  image: {world['img']['shared-b']}\n")
    return write_spec(tmp_path / "gate.yaml", images, name="gate",
                      extra=f"charts:\n  - {{path: {chart}}}\n{extra}")


def test_an_unlisted_image_fails_the_build_and_names_its_origin(world, tmp_path):
    spec = gate_spec(world, tmp_path, [world["img"]["single"]])
    out = tmp_path / "gate.airlock"
    r = create(spec, out, world["source"], check=False)
    # Named with the template that deploys it and where in the document.
    refused(r, INVALID_INPUT, world["img"]["shared-b"], "charts/gate/templates/pod.yaml",
            "spec.containers[1].image", "--add-swept")
    assert not out.exists() and not list(tmp_path.glob("gate.airlock*"))


def test_add_swept_carries_the_missing_image(world, tmp_path):
    spec = gate_spec(world, tmp_path, [world["img"]["single"]])
    out = tmp_path / "gate.airlock"
    summary = json.loads(create(spec, out, world["source"], "--add-swept").stdout)
    assert summary["sweep"]["added"] == [world["img"]["shared-b"]]
    refs = {i["ref"]: i for i in bom_of(out)["images"]}
    assert world["img"]["shared-b"] in refs
    assert refs[world["img"]["shared-b"]]["usedBy"] == ["charts/gate"]


def test_sweep_allow_lets_it_stay_out_and_the_bom_says_so(world, tmp_path):
    glob = world["img"]["shared-b"].rsplit("/", 1)[0] + "/shared-*"
    spec = gate_spec(world, tmp_path, [world["img"]["single"]],
                     extra=f"sweep:\n  allow: ['{glob}']\n")
    out = tmp_path / "gate.airlock"
    create(spec, out, world["source"])
    bom = bom_of(out)
    assert [i["ref"] for i in bom["images"]] == [world["img"]["single"]]
    assert bom["sweep"]["allowed"] == [{"ref": world["img"]["shared-b"],
                                        "usedBy": ["charts/gate"]}]


def test_bad_chart_and_manifest_input_gives_one_line_naming_the_file(world, tmp_path):
    src = world["source"]
    bad_yaml = tmp_path / "m" / "broken.yaml"
    bad_yaml.parent.mkdir()
    bad_yaml.write_text("kind: Pod\nspec: [unclosed\n")
    no_chart_yaml = tmp_path / "nochart"
    (no_chart_yaml / "templates").mkdir(parents=True)
    cases = [
        (f"manifests:\n  - {{path: {bad_yaml.parent}}}\n", INVALID_INPUT, "broken.yaml"),
        (f"charts:\n  - {{path: {no_chart_yaml}}}\n", INVALID_INPUT, "Chart.yaml"),
        (f"charts:\n  - {{path: {no_chart_yaml}, values: [{tmp_path / 'nope.yaml'}]}}\n",
         INVALID_INPUT, "nope.yaml"),
        ("charts:\n  - {repo: 'http://127.0.0.1:9', name: x, version: 1.0.0}\n", NETWORK,
         "http://127.0.0.1:9"),
    ]
    for n, (extra, code, needle) in enumerate(cases):
        spec = write_spec(tmp_path / f"bad{n}.yaml", [world["img"]["single"]], name="bad",
                          extra=extra)
        out = tmp_path / f"bad{n}.airlock"
        refused(create(spec, out, src, check=False), code, needle)
        assert not out.exists()


def test_render_with_pinned_digests_carries_exactly_what_was_vendored(world, tmp_path):
    import yaml
    spec = write_spec(
        tmp_path / "rendered.yaml", list(world["img"].values()), name="rendered",
        extra=world["charts_yaml"].replace(f"{{path: {world['dir_chart']}, ",
                                           f"{{path: {world['dir_chart']}, render: true, "
                                           "pinDigests: true, release: edge, namespace: site, "))
    out = tmp_path / "rendered.airlock"
    create(spec, out, world["source"])
    bom = bom_of(out)
    (entry,) = [m for m in bom["manifests"] if m["name"].startswith("manifests/rendered/")]
    assert entry["name"] == "manifests/rendered/demo-dir-0.1.0.yaml"
    with tarfile.open(out) as tar:
        text = tar.extractfile("blobs/sha256/" + entry["digest"].split(":", 1)[1]).read().decode()
    assert sha256(text.encode()) == entry["digest"]
    assert "# Source: demo-dir/templates/deploy.yaml" in text
    by_name = {i["ref"].rsplit(":", 1)[0]: i for i in bom["images"]}
    images = []
    for doc in yaml.safe_load_all(text):
        for c in (doc or {}).get("spec", {}).get("template", {}).get("spec", {}).get(
                "containers", []) + (doc or {}).get("spec", {}).get("containers", []):
            images.append(c["image"])
    assert len(images) == 4, images  # web, worker, sidecar, the subchart's cache pod
    for image in images:
        name_tag, _, digest = image.partition("@")
        assert digest.startswith("sha256:"), image
        assert by_name[name_tag.rsplit(":", 1)[0]]["digest"] == digest, image
    # Without pinDigests the rendered text keeps the references as the chart wrote them.
    plain = write_spec(tmp_path / "plain.yaml", list(world["img"].values()), name="plain",
                       extra=world["charts_yaml"].replace(
                           f"{{path: {world['dir_chart']}, ",
                           f"{{path: {world['dir_chart']}, render: true, "))
    create(plain, tmp_path / "plain.airlock", world["source"])
    bom = bom_of(tmp_path / "plain.airlock")
    (entry,) = [m for m in bom["manifests"] if m["name"].startswith("manifests/rendered/")]
    with tarfile.open(tmp_path / "plain.airlock") as tar:
        text = tar.extractfile("blobs/sha256/" + entry["digest"].split(":", 1)[1]).read().decode()
    assert "@sha256:" not in text and world["img"]["shared-a"] in text
