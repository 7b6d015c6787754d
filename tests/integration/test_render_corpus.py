"""airlock-build template against what real Helm v4.1.4 rendered for the
public charts in ../shared/charts (../shared/charts-expected: two cases per
chart, the chart's defaults and a `features` values file), compared per
template as parsed YAML with random values left out; and find-images on a
spec naming each chart reporting exactly the images Helm's output deploys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airlock_testlib import source_dir
from airlock_testlib.tools import airlock_build
from render_compare import container_images, differences

SHARED = source_dir().parent / "shared"
CHARTS = SHARED / "charts"
EXPECTED = SHARED / "charts-expected"

CASES = [(chart.name, case.name.split(".")[0])
         for chart in sorted(EXPECTED.iterdir()) if chart.is_dir()
         for case in sorted(chart.glob("*.rendered.yaml"))]


def template(chart: str, case: str, *extra: str) -> str:
    args = ["template", "release", str(CHARTS / chart), "--namespace", "default",
            "--kube-version", "1.31.0", *extra]
    if case != "default":
        args += ["-f", str(EXPECTED / chart / f"{case}.values.yaml")]
    return airlock_build(*args).stdout


def test_the_corpus_is_there():
    assert len(CASES) >= 12, CASES


@pytest.mark.parametrize("chart,case", CASES)
def test_template_renders_what_helm_renders(chart, case):
    expected = (EXPECTED / chart / f"{case}.rendered.yaml").read_text()
    got = template(chart, case)
    diffs = differences(expected, got, EXPECTED / chart / f"{case}.volatile.txt")
    assert not diffs, "\n".join(diffs)
    # The documents come in Helm's order too (kinds in install order, hooks last).
    sources = [line for line in got.splitlines() if line.startswith("# Source: ")]
    expected_sources = [line for line in expected.splitlines() if line.startswith("# Source: ")]
    assert sources == expected_sources


@pytest.mark.parametrize("chart,case", CASES)
def test_find_images_reports_what_the_chart_deploys(chart, case, tmp_path):
    spec = tmp_path / "spec.yaml"
    values = (f", values: [{EXPECTED / chart / (case + '.values.yaml')}]"
              if case != "default" else "")
    spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    "metadata: {name: corpus, version: 1.0.0}\n"
                    f"charts:\n  - {{path: {CHARTS / chart}, release: release, "
                    f"namespace: default, kubeVersion: 1.31.0{values}}}\n")
    report = json.loads(airlock_build("find-images", str(spec), "--json").stdout)
    found = {entry["ref"] for entry in report["images"]}
    deployed = {line for line in (EXPECTED / chart / f"{case}.images.txt").read_text().split()}
    # Every image a container runs is found, by its canonical name.
    for ref in deployed:
        assert any(f == canonical(ref) for f in found), (ref, sorted(found))
    # Nothing else but images passed as arguments or environment variables.
    extra = found - {canonical(r) for r in deployed}
    for ref in extra:
        origins = [o for e in report["images"] if e["ref"] == ref for o in e["origins"]]
        assert all(".args[" in o["path"] or ".env[" in o["path"] or ".command[" in o["path"]
                   for o in origins), (ref, origins)
    # Each finding names the template it came from.
    for entry in report["images"]:
        for origin in entry["origins"]:
            assert origin["file"].startswith(f"charts/{chart}/templates/"), origin


def canonical(ref: str) -> str:
    """docker's normalisation: docker.io for a bare name, library/ for one
    component, :latest when neither tag nor digest is given."""
    name, digest = (ref.split("@", 1) + [""])[:2]
    first = name.split("/", 1)[0]
    if "/" not in name or ("." not in first and ":" not in first and first != "localhost"):
        name = "docker.io/" + name
    host, _, path = name.partition("/")
    if host == "docker.io" and "/" not in path:
        path = "library/" + path
    last = path.rsplit("/", 1)[-1]
    if ":" not in last and not digest:
        path += ":latest"
    return f"{host}/{path}" + (f"@{digest}" if digest else "")
