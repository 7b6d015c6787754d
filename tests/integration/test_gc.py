"""`airlock-load gc`: generations of a bundle name at the site (issue 19).

Four generations of one bundle name are loaded into a real docker-registry
(Distribution 2.8, deletes enabled): every app image shares a base layer, a
multi-arch image is shared by three of them and replaced in the fourth, and
upstream attachments (cosign .sig/.att/.sbom and OCI referrers) ride along.
`gc --keep 2` plans without changing anything; `--min-age` keeps a
generation superseded too recently (test clock); `--apply` followed by the
registry's own `garbage-collect` leaves every image of the kept generations
readable with its digests, removes what only the collected ones had, and
keeps what a kept image shares.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from airlock_testlib import Registry, run
from airlock_testlib.cosign import CosignKey, Upstream
from airlock_testlib.images import build_image, build_index, push_image, random_layer
from airlock_testlib.netns import airgap
from airlock_testlib.registry import REGISTRY_BIN
from airlock_testlib.tools import airlock_load_bin, at_clock, digest_of, skopeo_inspect_raw
from build_helpers import bom_of, create

KIB = 1024
KEY = CosignKey.generate(seed=19)
LATER = "+31d"  # past the default --min-age of 30d


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


def spec_text(version: str, refs: list) -> str:
    lines = ["apiVersion: airlock.dev/v1", "kind: BundleSpec",
             f"metadata: {{name: gen, version: {version}}}", "images:"]
    return "\n".join(lines + [f"  - {r}" for r in refs]) + "\n"


def gc(world, *args, clock=None, check=True):
    cmd = [airlock_load_bin(), "gc", "--registry", f"registry://{world['target'].host}",
           "--plain-http", "--state-dir", world["state"], *args]
    # The state's BOM files carry their load time (mtime): faketime must
    # move the clock only, not the times stat() reports.
    return run(at_clock(clock, cmd), check=check, extra_env={"NO_FAKE_STAT": "1"})


def snapshot(registry: Registry) -> dict:
    """Every repository, tag and the digest each tag names."""
    out = {}
    for repo in sorted(registry.catalog()):
        tags = {}
        for tag in sorted(registry.tags(repo)):
            tags[tag] = digest_of(skopeo_inspect_raw(f"{registry.host}/{repo}:{tag}",
                                                     registry=registry))
        out[repo] = tags
    return out


def exists(registry: Registry, repo: str, digest: str) -> bool:
    r = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false",
                        f"docker://{registry.host}/{repo}@{digest}"],
                       capture_output=True, timeout=60)
    return r.returncode == 0


def has_blob(registry: Registry, repo: str, digest: str) -> bool:
    return registry.client().has_blob(repo, digest)


def placed(bom: dict) -> list:
    """(repository, digest) of every image, its children and attachments."""
    out = []
    for img in bom["images"]:
        repo = img["ref"].split("/", 1)[1].rsplit(":", 1)[0].split("@")[0]
        out.append((repo, img["digest"]))
        out += [(repo, d) for d in img.get("manifests", [])]
        out += [(repo, a["digest"]) for a in img.get("attachments", [])]
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory, airgapped):
    root = tmp_path_factory.mktemp("gc")
    source = Registry(root / "source").start()
    target = Registry(root / "target").start()
    try:
        base = random_layer(16 * KIB, 1900)
        apps = {n: build_image([base, random_layer(8 * KIB, 1900 + n)]) for n in range(1, 5)}
        multi1 = build_index([build_image([random_layer(4 * KIB, 1911)], arch="amd64"),
                              build_image([random_layer(4 * KIB, 1912)], arch="arm64")])
        multi2 = build_index([build_image([random_layer(4 * KIB, 1921)], arch="amd64"),
                              build_image([random_layer(4 * KIB, 1922)], arch="arm64")])
        info = {}
        for n, item in apps.items():
            info[f"app:{n}"] = push_image(source, item, f"gen/app:{n}", workdir=root / "push")
        info["multi:1"] = push_image(source, multi1, "gen/multi:1", workdir=root / "push")
        info["multi:2"] = push_image(source, multi2, "gen/multi:2", workdir=root / "push")
        up = Upstream(source, "gen/app")
        up.provenance(info["app:1"]["digest"], KEY)  # only generation 1 has it
        up.provenance(info["app:4"]["digest"], KEY)  # kept
        Upstream(source, "gen/multi").provenance(
            info["multi:1"]["digest"], KEY, children=list(info["multi:1"]["manifests"].values()))
        h = source.host
        refs = {"1.0.0": [f"{h}/gen/app:1", f"{h}/gen/multi:1"],
                "2.0.0": [f"{h}/gen/app:2", f"{h}/gen/multi:1"],
                "3.0.0": [f"{h}/gen/app:3", f"{h}/gen/multi:1"],
                "4.0.0": [f"{h}/gen/app:4", f"{h}/gen/multi:2"]}
        state = root / "state"
        boms = {}
        for version, r in refs.items():
            spec = root / f"gen-{version}.yaml"
            spec.write_text(spec_text(version, r))
            out = root / f"gen-{version}.airlock"
            create(spec, out, source, "--sbom", "none")
            boms[version] = bom_of(out)
            run([str(airlock_load_bin()), "load", str(out), "--to",
                 f"registry://{target.host}", "--plain-http", "--state-dir", str(state)])
        yield {"root": root, "source": source, "target": target, "state": str(state),
               "boms": boms, "info": info, "base": base}
    finally:
        target.stop()
        source.stop()


def test_min_age_keeps_a_recently_superseded_generation(world):
    now = json.loads(gc(world, "--keep", "2", "--json").stdout)
    keep = {g["version"]: g["keep"] for g in now["generations"]}
    # All four were loaded minutes ago: 1.0.0 and 2.0.0 are superseded, but
    # not 30 days ago.
    assert keep == {"1.0.0": True, "2.0.0": True, "3.0.0": True, "4.0.0": True}
    assert now["deletions"] == [] and now["applied"] is False
    later = json.loads(gc(world, "--keep", "2", "--json", clock=LATER).stdout)
    keep = {g["version"]: g["keep"] for g in later["generations"]}
    assert keep == {"1.0.0": False, "2.0.0": False, "3.0.0": True, "4.0.0": True}, later
    shorter = json.loads(gc(world, "--keep", "2", "--min-age", "40d", "--json",
                            clock=LATER).stdout)
    assert all(g["keep"] for g in shorter["generations"])

    # status shows the generations and what gc (default: keep 3, 30d) would do.
    prom = Path(world["state"]).parent / "status.prom"
    status = json.loads(run(at_clock(LATER, [airlock_load_bin(), "status", "--state-dir",
                                             world["state"], "--json", "--prometheus", prom]),
                            extra_env={"NO_FAKE_STAT": "1"}).stdout)
    keep = {g["version"]: g["keep"] for g in status["generations"]}
    assert keep == {"1.0.0": False, "2.0.0": True, "3.0.0": True, "4.0.0": True}
    assert all(g["ageSeconds"] >= 31 * 86400 for g in status["generations"])
    status2 = json.loads(run(at_clock(LATER, [airlock_load_bin(), "status", "--state-dir",
                                              world["state"], "--json", "--keep", "2"]),
                             extra_env={"NO_FAKE_STAT": "1"}).stdout)
    assert ({g["version"]: g["keep"] for g in status2["generations"]}
            == {g["version"]: g["keep"] for g in later["generations"]})
    text = prom.read_text()
    assert 'airlock_generation_kept{bundle="gen",version="1.0.0"} 0' in text
    assert 'airlock_generation_kept{bundle="gen",version="4.0.0"} 1' in text
    assert 'airlock_generation_age_seconds{bundle="gen",version="4.0.0"}' in text


def test_dry_run_changes_nothing_then_apply_collects_only_the_old(world):
    target = world["target"]
    boms = world["boms"]
    before = snapshot(target)
    plan = json.loads(gc(world, "--keep", "2", "--json", clock=LATER).stdout)
    assert plan["deletions"], plan
    assert "garbage-collect" in plan["blobs"]["note"]
    assert plan["blobs"]["collectedBy"] == "registry"
    assert snapshot(target) == before
    text = gc(world, "--keep", "2", clock=LATER).stdout
    assert "dry run" in text and "garbage-collect" in text
    assert snapshot(target) == before

    kept = set(placed(boms["3.0.0"]) + placed(boms["4.0.0"]))
    old = set(placed(boms["1.0.0"]) + placed(boms["2.0.0"]))
    planned = {(d["repository"], d["digest"]) for d in plan["deletions"]}
    assert not planned & kept
    app1 = next(d for d in plan["deletions"] if d["digest"] == world["info"]["app:1"]["digest"])
    assert app1["repository"] == "gen/app" and app1["tags"] == ["1"]
    assert app1["generations"] == ["gen@1.0.0"]
    shared = {(k["repository"], k["digest"]) for k in plan["keptShared"]}
    multi1 = world["info"]["multi:1"]["digest"]
    assert ("gen/multi", multi1) in shared  # 2.0.0 and the kept 3.0.0 both have it
    assert {p for p in old - kept if exists(target, *p)} <= planned

    applied = json.loads(gc(world, "--keep", "2", "--apply", "--json", clock=LATER).stdout)
    assert applied["applied"] is True
    assert all(d["deleted"] for d in applied["deletions"])
    audit = [json.loads(line) for line in
             (Path(world["state"]) / "audit.jsonl").read_text().splitlines()]
    deleted = {(e["repository"], e["digest"]) for e in audit if e["event"] == "gc-delete"}
    assert deleted == planned

    # The registry's own collector reclaims the blobs.
    target.stop()
    run([REGISTRY_BIN, "garbage-collect", str(target.config_file)])
    target.restart()

    for version in ("3.0.0", "4.0.0"):
        for img in boms[version]["images"]:
            path, tag = img["ref"].split("/", 1)[1].rsplit(":", 1)
            raw = skopeo_inspect_raw(f"{target.host}/{path}:{tag}", registry=target)
            assert digest_of(raw) == img["digest"], img["ref"]
            for child in img.get("manifests", []):
                got = skopeo_inspect_raw(f"{target.host}/{path}@{child}", registry=target)
                assert digest_of(got) == child
            for a in img.get("attachments", []):
                assert exists(target, path, a["digest"]), a
            run(["skopeo", "copy", "-q", "--all", "--src-tls-verify=false",
                 f"docker://{target.host}/{path}:{tag}",
                 f"oci:{world['root']}/copy-check:{path.replace('/', '-')}-{tag}"])
    for repo, digest in old - kept:
        assert not exists(target, repo, digest), (repo, digest)
    tags = {repo: set(target.tags(repo)) for repo in target.catalog()}
    assert "1" not in tags["gen/app"] and "2" not in tags["gen/app"]
    assert {"3", "4"} <= tags["gen/app"]
    assert "1" in tags["gen/multi"]  # shared with 3.0.0
    # The shared base layer stays; a layer only app:1 had is gone.
    assert has_blob(target, "gen/app", world["base"].digest)
    app1 = json.loads(skopeo_inspect_raw(f"{world['source'].host}/gen/app:1",
                                         registry=world["source"]))
    assert not has_blob(target, "gen/app", app1["layers"][1]["digest"])

    again = json.loads(gc(world, "--keep", "2", "--apply", "--json", clock=LATER).stdout)
    assert again["deletions"] == []


# --- an oci: target: gc removes index.json entries and, itself, the blobs ---

def layout_reachable(layout: Path) -> set:
    """Every blob digest reachable from index.json, walked independently of
    airlock: index children, config, layers, blobs and subjects."""
    blobs = layout / "blobs" / "sha256"
    seen = set()

    def visit(digest: str):
        if digest in seen:
            return
        seen.add(digest)
        path = blobs / digest.split(":", 1)[1]
        if not path.is_file() or path.stat().st_size > 4 << 20:
            return
        try:
            doc = json.loads(path.read_bytes())
        except ValueError:
            return  # a layer
        if not isinstance(doc, dict) or not ({"manifests", "layers"} & doc.keys()):
            return  # a config
        for key in ("manifests", "layers", "blobs"):
            for d in doc.get(key, []):
                visit(d["digest"])
        for key in ("config", "subject"):
            if key in doc:
                visit(doc[key]["digest"])

    for entry in json.loads((layout / "index.json").read_text())["manifests"]:
        visit(entry["digest"])
    return seen


def layout_blobs(layout: Path) -> set:
    return {"sha256:" + p.name for p in (layout / "blobs" / "sha256").iterdir()
            if not p.name.startswith(".")}


def layout_files(layout: Path) -> dict:
    return {str(p.relative_to(layout)): p.read_bytes() if p.name == "index.json" else p.stat().st_size
            for p in layout.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def layout(world):
    root = world["root"]
    dest = root / "layout"
    state = root / "layout-state"
    for version in world["boms"]:
        run([str(airlock_load_bin()), "load", str(root / f"gen-{version}.airlock"), "--to",
             f"oci:{dest}", "--state-dir", str(state)])
    # Something airlock did not load: app:2 copied in by hand under a name of its own.
    run(["skopeo", "copy", "-q", "--src-tls-verify=false",
         f"docker://{world['source'].host}/gen/app:2", f"oci:{dest}:handcopied/app:2"])
    return {"dir": dest, "state": str(state)}


def gc_layout(world, layout, *args):
    cmd = [airlock_load_bin(), "gc", "--to", f"oci:{layout['dir']}", "--state-dir",
           layout["state"], "--keep", "2", *args]
    return run(at_clock(LATER, cmd), extra_env={"NO_FAKE_STAT": "1"})


def test_gc_of_an_oci_layout_removes_what_only_old_generations_had(world, layout):
    dest = layout["dir"]
    boms = world["boms"]
    assert layout_blobs(dest) <= layout_reachable(dest)  # a load leaves nothing unreferenced
    before = layout_files(dest)
    plan = json.loads(gc_layout(world, layout, "--json").stdout)
    assert layout_files(dest) == before  # a dry run writes nothing
    assert plan["applied"] is False and plan["deletions"], plan
    assert plan["blobs"]["collectedBy"] == "airlock" and plan["blobs"]["removed"] is False
    planned_blobs = set(plan["blobs"]["digests"])
    app1 = json.loads(skopeo_inspect_raw(f"{world['source'].host}/gen/app:1",
                                         registry=world["source"]))
    app1_only = app1["layers"][1]["digest"]
    assert app1_only in planned_blobs and world["base"].digest not in planned_blobs
    assert plan["blobs"]["bytes"] == sum(
        (dest / "blobs" / "sha256" / d.split(":")[1]).stat().st_size for d in planned_blobs)
    text = gc_layout(world, layout).stdout
    assert "would remove" in text and "dry run" in text
    assert layout_files(dest) == before

    applied = json.loads(gc_layout(world, layout, "--apply", "--json").stdout)
    assert applied["applied"] is True and applied["blobs"]["removed"] is True
    assert set(applied["blobs"]["digests"]) == planned_blobs
    left = layout_blobs(dest)
    assert not planned_blobs & left
    # Nothing is left unreferenced, and nothing referenced is missing.
    reachable = layout_reachable(dest)
    assert left <= reachable
    assert reachable <= left

    names = {e["annotations"]["org.opencontainers.image.ref.name"]
             for e in json.loads((dest / "index.json").read_text())["manifests"]}
    app_1, app_2 = (next(i for i in boms[v]["images"] if "/gen/app:" in i["ref"])
                    for v in ("1.0.0", "2.0.0"))
    assert app_1["ref"] not in names and app_1["digest"] not in left
    assert app1["config"]["digest"] not in left and app1_only not in left
    # app:2's manifest is also named by what was copied in by hand: it stays,
    # with its tags, as it would in a registry.
    shared = {k["digest"]: k["why"] for k in plan["keptShared"]}
    assert shared.get(app_2["digest"]) == "named by tag handcopied/app:2", plan["keptShared"]
    assert app_2["ref"] in names and app_2["digest"] in left
    for a in boms["1.0.0"]["images"][0].get("attachments", []):
        assert a["digest"] not in left, a
    for version in ("3.0.0", "4.0.0"):
        for img in boms[version]["images"]:
            raw = run(["skopeo", "inspect", "--raw", f"oci:{dest}:{img['ref']}"],
                      text=False).stdout
            assert digest_of(raw) == img["digest"], img["ref"]
            for d in img.get("manifests", []) + [a["digest"] for a in img.get("attachments", [])]:
                assert d in left, (img["ref"], d)
            run(["skopeo", "copy", "-q", "--all", f"oci:{dest}:{img['ref']}",
                 f"oci:{world['root']}/layout-check:{version}-{len(img['ref'])}"])
    # What airlock did not load stays whole, though it shares app:2's layers.
    assert "handcopied/app:2" in names
    run(["skopeo", "copy", "-q", f"oci:{dest}:handcopied/app:2",
         f"oci:{world['root']}/layout-check:handcopied"])

    audit = [json.loads(line) for line in (Path(layout["state"]) / "audit.jsonl")
             .read_text().splitlines()]
    swept = [e for e in audit if e["event"] == "gc-blobs"]
    assert len(swept) == 1 and set(swept[0]["blobs"]) == planned_blobs
    again = json.loads(gc_layout(world, layout, "--apply", "--json").stdout)
    assert again["deletions"] == [] and again["blobs"]["digests"] == []
