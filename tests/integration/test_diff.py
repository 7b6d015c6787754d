"""airlock-build diff on real bundles built against a real docker-registry.

Release 1.0.0 and 1.1.0 of one bundle: in 1.1.0 one layer of app:1.0's
linux/amd64 image changed (the tag now names another index), extra:0.1 is
new, tool:1.0 is carried as tool:stable (the same digest), gone:1.0 is gone,
and a chart, a manifest and a file changed. Checked in text and --json, on the
bundles, on their BOMs (inspect --bom) and against the delta create --base
builds, whose carried blobs must be exactly what diff says a delta carries.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from airlock_testlib.exit_codes import MALFORMED_BUNDLE, NOT_FOUND, USAGE
from airlock_testlib.images import build_image, build_index, push_image, random_layer
from airlock_testlib.tools import airlock_build
from build_helpers import bom_of, create, write_spec

CHART_TEMPLATE = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-web
data:
  greeting: {{ .Values.greeting | quote }}
"""


def write_chart(root: Path, version: str) -> Path:
    d = root / "web"
    (d / "templates").mkdir(parents=True)
    (d / "Chart.yaml").write_text(f"apiVersion: v2\nname: web\nversion: {version}\n")
    (d / "values.yaml").write_text(f"greeting: hello from {version}\n")
    (d / "templates" / "cm.yaml").write_text(CHART_TEMPLATE)
    return d


def write_release(root: Path, version: str, images: list[str]) -> Path:
    """A spec with `images`, the web chart, one manifest and one file, all of
    whose contents depend on `version`."""
    root.mkdir(parents=True)
    chart = write_chart(root / "charts", version)
    (root / "manifests").mkdir()
    (root / "manifests" / "settings.yaml").write_text(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings}}\n"
        f"data: {{release: \"{version}\"}}\n")
    (root / "NOTES.txt").write_text(f"release notes for {version}\n")
    extra = (f"charts:\n  - {{path: {chart}}}\n"
             f"manifests:\n  - {{path: {root / 'manifests'}}}\n"
             f"files:\n  - {{path: {root / 'NOTES.txt'}}}\n")
    return write_spec(root / "spec.yaml", images, name="shop", version=version, extra=extra)


def short(digest: str) -> str:
    return digest[:19]


def diff(old, new, *args, check=True):
    return airlock_build("diff", str(old), str(new), *args, check=check)


def diff_json(old, new) -> dict:
    return json.loads(diff(old, new, "--json").stdout)


def full_blobs(bom: dict) -> dict:
    """digest -> size of every blob a BOM's content needs (carried or base)."""
    blobs = {b["digest"]: b["size"] for b in bom["blobs"]}
    blobs.update({b["digest"]: b["size"] for b in (bom.get("base") or {}).get("blobs", [])})
    return blobs


@pytest.fixture(scope="module")
def releases(tmp_path_factory, module_registry):
    reg = module_registry
    root = tmp_path_factory.mktemp("diff")
    base_layer = random_layer(48 * 1024, 101)
    amd64_v1 = build_image([base_layer, random_layer(24 * 1024, 102)], arch="amd64")
    amd64_v2 = build_image([base_layer, random_layer(24 * 1024, 103)], arch="amd64")
    arm64 = build_image([random_layer(40 * 1024, 104)], arch="arm64")
    app_v1 = build_index([amd64_v1, arm64])
    app_v2 = build_index([amd64_v2, arm64])
    tool = build_image([random_layer(16 * 1024, 105)])
    gone = build_image([random_layer(8 * 1024, 106)])
    extra = build_image([random_layer(12 * 1024, 107)], arch="arm64")
    for item, name in ((tool, "tool:1.0"), (tool, "tool:stable"), (gone, "gone:1.0"),
                       (extra, "extra:0.1"), (app_v1, "app:1.0")):
        push_image(reg, item, f"airlock-test-diff/{name}")

    def ref(name):
        return reg.ref(f"airlock-test-diff/{name}")

    v1_spec = write_release(root / "v1", "1.0.0",
                            [ref("app:1.0"), ref("tool:1.0"), ref("gone:1.0")])
    v1 = root / "shop-1.0.0.airlock"
    create(v1_spec, v1, reg)
    push_image(reg, app_v2, "airlock-test-diff/app:1.0")  # the tag moves
    v2_spec = write_release(root / "v2", "1.1.0",
                            [ref("app:1.0"), ref("tool:stable"), ref("extra:0.1")])
    v2 = root / "shop-1.1.0.airlock"
    create(v2_spec, v2, reg)
    delta = root / "shop-1.1.0-delta.airlock"
    create(v2_spec, delta, reg, "--base", str(v1))
    boms = {}
    for name, bundle in (("v1", v1), ("v2", v2)):
        boms[name] = root / f"{name}.bom.json"
        boms[name].write_bytes(airlock_build("inspect", "--bom", str(bundle), text=False).stdout)
    return {"v1": v1, "v2": v2, "delta": delta, "boms": boms, "ref": ref,
            "app_v1": app_v1, "app_v2": app_v2, "amd64_v1": amd64_v1, "amd64_v2": amd64_v2,
            "arm64": arm64, "tool": tool, "gone": gone, "extra": extra}


def expected_carried(old_bundle: Path, new_bundle: Path) -> dict:
    """What a delta of NEW against OLD must carry, by digest: NEW's full blob
    set less OLD's, read from the BOMs with plain json."""
    old = full_blobs(bom_of(old_bundle))
    return {d: s for d, s in full_blobs(bom_of(new_bundle)).items() if d not in old}


def sbom_blobs(bundle: Path) -> set:
    """The bundle's own SBOMs: made per build, so two builds of one spec differ in them."""
    return {s["digest"] for s in bom_of(bundle)["sboms"]}


def check_json(r, out: dict, *, new_bundle: Path) -> None:
    ref = r["ref"]
    v1_bom, v2_bom = bom_of(r["v1"]), bom_of(new_bundle)
    assert out["old"]["name"] == "shop" and out["old"]["version"] == "1.0.0"
    assert out["new"]["version"] == "1.1.0"
    assert out["old"]["delta"] is False
    images = out["images"]
    assert images["added"] == [{"ref": ref("extra:0.1"), "digest": r["extra"].digest,
                                "platforms": ["linux/arm64"]}]
    assert images["removed"] == [{"ref": ref("gone:1.0"), "digest": r["gone"].digest,
                                  "platforms": ["linux/amd64"]}]
    assert images["retagged"] == [{"oldRef": ref("tool:1.0"), "newRef": ref("tool:stable"),
                                   "digest": r["tool"].digest}]
    assert images["unchanged"] == 0
    assert images["changed"] == [{
        "oldRef": ref("app:1.0"), "newRef": ref("app:1.0"),
        "oldDigest": r["app_v1"].digest, "newDigest": r["app_v2"].digest,
        "oldPlatforms": ["linux/amd64", "linux/arm64"],
        "newPlatforms": ["linux/amd64", "linux/arm64"],
        "platforms": {"perPlatform": True, "added": [], "removed": [],
                      "changed": [{"platform": "linux/amd64",
                                   "oldDigest": r["amd64_v1"].digest,
                                   "newDigest": r["amd64_v2"].digest}]}}]
    charts = out["charts"]
    assert [(c["name"], c["oldVersion"], c["newVersion"]) for c in charts["changed"]] == [
        ("web", "1.0.0", "1.1.0")]
    assert charts["changed"][0]["oldDigest"] == v1_bom["charts"][0]["digest"]
    assert charts["changed"][0]["newDigest"] == v2_bom["charts"][0]["digest"]
    assert charts["added"] == [] and charts["removed"] == [] and charts["unchanged"] == 0
    for kind in ("manifests", "files"):
        (old_file,), (new_file,) = v1_bom[kind], v2_bom[kind]
        assert out[kind]["changed"] == [{
            "name": new_file["name"], "oldDigest": old_file["digest"],
            "newDigest": new_file["digest"], "oldSize": old_file["size"],
            "newSize": new_file["size"]}]
        assert out[kind]["added"] == [] and out[kind]["removed"] == []
    assert out["changes"] == 6  # retagged tool is not a change

    expected = expected_carried(r["v1"], new_bundle)
    delta = out["delta"]
    assert {b["digest"]: b["size"] for b in delta["carried"]} == expected
    assert len(delta["carried"]) == delta["blobs"] == len(expected)
    assert delta["bytes"] == sum(expected.values())
    new_full = full_blobs(v2_bom)
    assert delta["new"] == {"blobs": len(new_full), "bytes": sum(new_full.values())}
    # The image blobs among them, known independently: app's new index, its
    # new amd64 manifest, config and layer, and every blob of extra.
    amd64 = r["amd64_v2"]
    image_blobs = {r["app_v2"].digest, amd64.digest, amd64.config_digest,
                   amd64.layers[1].digest, *r["extra"].blobs()}
    assert image_blobs <= set(expected)
    unchanged = {amd64.layers[0].digest, *r["arm64"].blobs(), *r["tool"].blobs()}
    assert not unchanged & set(expected)


def test_json_on_bundles(releases):
    out = diff_json(releases["v1"], releases["v2"])
    check_json(releases, out, new_bundle=releases["v2"])
    for side in ("old", "new"):
        bom_file = releases["boms"]["v1" if side == "old" else "v2"]
        digest = "sha256:" + hashlib.sha256(bom_file.read_bytes()).hexdigest()
        assert out[side]["bomDigest"] == digest


def test_json_on_bom_files_equals_bundles(releases):
    boms = releases["boms"]
    on_bundles = diff_json(releases["v1"], releases["v2"])
    assert diff_json(boms["v1"], boms["v2"]) == on_bundles
    assert diff_json(boms["v1"], releases["v2"]) == on_bundles
    assert diff_json(releases["v1"], boms["v2"]) == on_bundles


def test_text_for_a_release_engineer(releases):
    r = releases
    ref = r["ref"]
    text = diff(r["v1"], r["v2"]).stdout
    lines = text.splitlines()
    assert lines[0].startswith("Old: shop 1.0.0  BOM sha256:")
    assert lines[1].startswith("New: shop 1.1.0  BOM sha256:")
    assert "Images: 1 added, 1 removed, 1 changed, 1 retagged" in lines
    assert (f"  changed   {ref('app:1.0')}  {short(r['app_v1'].digest)} -> "
            f"{short(r['app_v2'].digest)}") in lines
    assert (f"              linux/amd64  {short(r['amd64_v1'].digest)} -> "
            f"{short(r['amd64_v2'].digest)}") in lines
    assert not any("linux/arm64  " in line for line in lines)
    assert f"  added     {ref('extra:0.1')}  {short(r['extra'].digest)}  linux/arm64" in lines
    assert f"  removed   {ref('gone:1.0')}  {short(r['gone'].digest)}" in lines
    assert (f"  retagged  {ref('tool:1.0')} -> {ref('tool:stable')}  {short(r['tool'].digest)}"
            " (same digest, nothing to carry)") in lines
    assert "Charts: 1 changed" in lines
    assert any(line.startswith("  changed   web 1.0.0 -> 1.1.0  sha256:") for line in lines)
    assert "Manifests: 1 changed" in lines
    assert "Files: 1 changed" in lines
    expected = expected_carried(r["v1"], r["v2"])
    assert lines[-1].startswith(
        f"6 changes. A delta of new against old carries {len(expected)} of "
        f"{len(full_blobs(bom_of(r['v2'])))} blobs: ")
    assert diff(r["boms"]["v1"], r["boms"]["v2"]).stdout == text


def test_delta_carries_exactly_what_diff_says(releases):
    """create --base v1 leaves out what v1 has: its carried blobs are the
    diff's carried blobs, and diff on the delta reads its base blobs too."""
    r = releases
    delta_bom = bom_of(r["delta"])
    assert delta_bom["base"]["blobs"], "the delta left nothing to its base"
    carried_by_delta = {b["digest"]: b["size"] for b in delta_bom["blobs"]}
    assert carried_by_delta == expected_carried(r["v1"], r["delta"])

    out = diff_json(r["v1"], r["delta"])
    assert out["new"]["delta"] is True
    check_json(r, out, new_bundle=r["delta"])
    assert {b["digest"]: b["size"] for b in out["delta"]["carried"]} == carried_by_delta
    # The full build and the delta of one spec differ only in their SBOMs.
    same = diff_json(r["v2"], r["delta"])
    assert same["changes"] == 0
    assert {b["digest"] for b in same["delta"]["carried"]} <= sbom_blobs(r["delta"])
    # With the delta as OLD, the site has its base blobs as well.
    back = diff_json(r["delta"], r["v2"])
    assert back["old"]["delta"] is True and back["changes"] == 0
    assert {b["digest"] for b in back["delta"]["carried"]} <= sbom_blobs(r["v2"])


def test_no_changes_and_the_reverse(releases):
    r = releases
    same = diff(r["v1"], r["boms"]["v1"]).stdout
    assert "Images: 3 unchanged" in same.splitlines()
    assert same.splitlines()[-1].startswith("No changes. A delta of new against old carries 0 of")

    back = diff_json(r["v2"], r["v1"])
    assert [i["ref"] for i in back["images"]["added"]] == [r["ref"]("gone:1.0")]
    assert [i["ref"] for i in back["images"]["removed"]] == [r["ref"]("extra:0.1")]
    assert back["images"]["retagged"][0]["newRef"] == r["ref"]("tool:1.0")
    assert back["images"]["changed"][0]["newDigest"] == r["app_v1"].digest
    # Going back needs v1's own amd64 layer, which v2 does not hold.
    assert r["amd64_v1"].layers[1].digest in {b["digest"] for b in back["delta"]["carried"]}


def test_errors_and_help(releases, tmp_path):
    missing = diff(releases["v1"], tmp_path / "missing.airlock", check=False)
    assert missing.returncode == NOT_FOUND, missing.stderr
    junk = tmp_path / "junk.airlock"
    junk.write_bytes(b"not a bundle" * 100)
    bad = diff(releases["v1"], junk, check=False)
    assert bad.returncode == MALFORMED_BUNDLE, bad.stderr
    bad_bom = tmp_path / "bad.bom.json"
    bad_bom.write_text('{"bundle": {}}')
    assert diff(bad_bom, releases["v1"], check=False).returncode == MALFORMED_BUNDLE
    assert airlock_build("diff", str(releases["v1"]), check=False).returncode == USAGE
    help_text = airlock_build("diff", "--help").stdout
    for field in ("retagged", "perPlatform", "carried", "bomDigest", "oldPlatforms"):
        assert field in help_text
