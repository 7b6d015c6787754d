"""Delta bundles (create --base): v1 full, v2 where one layer of one image
changed, one image was added and one retagged to the same digest, v3 on top
of v2. The delta carries exactly the new blobs and manifests; loaded in
order into a real docker-registry in the air gap, every image reads back with
skopeo with the BOM's digests. A delta whose base is not in the target is
refused before any write (exit 17, naming the base and the missing blobs),
by load and by verify.

The whole module runs air-gapped (airlock_testlib.netns), registries included.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from airlock_testlib import Registry, run
from airlock_testlib.exit_codes import MISSING_BASE
from airlock_testlib.images import (TarEntry, build_image, build_index, push_image, random_layer,
                                    tar_layer)
from airlock_testlib.netns import airgap
from airlock_testlib.proc import clean_env, free_port, wait_until
from airlock_testlib.tools import (airlock_build, airlock_load, airlock_load_bin, digest_of,
                                   skopeo_inspect_raw)
from build_helpers import bom_of, create, members
from load_helpers import loaded, refused

KIB = 1024


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


def layer(seed: int):
    return random_layer(24 * KIB, seed)


def spec_text(name: str, version: str, refs: list, doc: Path) -> str:
    lines = ["apiVersion: airlock.dev/v1", "kind: BundleSpec",
             f"metadata: {{name: {name}, version: {version}}}", "images:"]
    lines += [f"  - {r}" for r in refs]
    lines += ["files:", f"  - {{path: {doc}}}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def world(tmp_path_factory, airgapped):
    root = tmp_path_factory.mktemp("delta")
    source = Registry(root / "source", ca=None).start()
    try:
        # The shared base layer holds a dpkg database: the SBOM of a delta
        # that leaves it out must still list its package.
        base = tar_layer([TarEntry("var/lib/dpkg/"), TarEntry(
            "var/lib/dpkg/status",
            b"Package: delta-base-tools\nStatus: install ok installed\nVersion: 1.2.3\n"
            b"Architecture: amd64\n\n"), TarEntry("data/base.bin", random_layer(8 * KIB, 1).tar)])
        app1 = build_image([base, layer(2), layer(3)])
        app2 = build_image([base, layer(2), layer(4)])  # one layer changed
        app3 = build_image([base, layer(2), layer(5)])
        tool = build_image([layer(6)])
        multi = build_index([build_image([layer(7)], arch="amd64"),
                             build_image([layer(8)], arch="arm64")])
        extra = build_image([base, layer(9)])  # added in v2, shares the base layer
        pushed = {"app:1.0": app1, "app:1.1": app2, "app:1.2": app3, "tool:1.0": tool,
                  "tool:1.1": tool, "multi:1.0": multi, "extra:1.0": extra}
        for name, item in pushed.items():
            push_image(source, item, f"delta/{name}", workdir=root / "push")
        doc = root / "runbook.txt"
        doc.write_text("the same file in every release\n")
        h = source.host

        def ref(name):
            return f"{h}/delta/{name}"

        versions = {
            "1.0.0": [ref("app:1.0"), ref("tool:1.0"), ref("multi:1.0")],
            "2.0.0": [ref("app:1.1"), ref("tool:1.1"), ref("multi:1.0"), ref("extra:1.0")],
            "3.0.0": [ref("app:1.2"), ref("tool:1.1"), ref("multi:1.0"), ref("extra:1.0")],
        }
        bundles = {}
        previous = None
        for version, refs in versions.items():
            spec = root / f"v{version}.yaml"
            spec.write_text(spec_text("edge", version, refs, doc))
            out = root / f"edge-{version}.airlock"
            args = ["--sbom", "none"] + (["--base", str(previous)] if previous else [])
            summary = json.loads(create(spec, out, source, *args).stdout)
            bundles[version] = {"path": out, "summary": summary, "bom": bom_of(out)}
            previous = out
        full2 = root / "edge-2.0.0-full.airlock"
        spec2 = root / "v2.0.0.yaml"
        create(spec2, full2, source, "--sbom", "none")
        yield {"root": root, "source": source, "bundles": bundles, "full2": full2,
               "items": pushed, "doc": doc}
    finally:
        source.stop()


def all_blobs(item) -> dict:
    return item.blobs()


def needed(bom: dict) -> set:
    out = {b["digest"] for b in bom["blobs"]}
    if bom.get("base"):
        out |= {b["digest"] for b in bom["base"]["blobs"]}
    return out


def load(bundle, target, state, *args):
    return airlock_load("load", str(bundle), "--to", f"registry://{target.host}",
                        "--plain-http", "--state-dir", str(state), *args, check=False)


def verify(bundle, state, *args):
    return airlock_load("verify", str(bundle), "--state-dir", str(state), *args, check=False)


def snapshot(registry: Registry) -> dict:
    return {repo: sorted(registry.tags(repo)) for repo in registry.catalog()}


def assert_images_read_back(target: Registry, bom: dict):
    for img in bom["images"]:
        path, tag = img["ref"].split("/", 1)[1].rsplit(":", 1)
        raw = skopeo_inspect_raw(f"{target.host}/{path}:{tag}", registry=target)
        assert digest_of(raw) == img["digest"], img["ref"]
        for child in json.loads(raw).get("manifests", []):
            got = skopeo_inspect_raw(f"{target.host}/{path}@{child['digest']}", registry=target)
            assert digest_of(got) == child["digest"]
        run(["skopeo", "copy", "-q", "--all", "--src-tls-verify=false",
             f"docker://{target.host}/{path}:{tag}", f"oci:{target.workdir}/copy-check:{tag}"])


def test_delta_carries_exactly_the_new_blobs_and_manifests(world):
    v1, v2 = world["bundles"]["1.0.0"], world["bundles"]["2.0.0"]
    items = world["items"]
    new = (set(all_blobs(items["app:1.1"])) | set(all_blobs(items["extra:1.0"]))) - needed(v1["bom"])
    # The retag (tool 1.0 -> 1.1, same digest) and the unchanged images add nothing.
    assert {b["digest"] for b in v2["bom"]["blobs"]} == new
    carried = {m.name.rsplit("/", 1)[-1] for m in members(v2["path"]) if m.name.startswith("blobs/")}
    assert carried == {d.split(":")[1] for d in new}
    base = v2["bom"]["base"]
    assert [b["version"] for b in base["bundles"]] == ["1.0.0"]
    assert base["bundles"][0]["name"] == "edge"
    # Everything else the images need is listed under base, once, with size and type.
    assert needed(v2["bom"]) == needed(world_full_bom(world))
    assert not ({b["digest"] for b in base["blobs"]} & new)
    assert all(b["size"] > 0 and b["mediaType"] for b in base["blobs"])
    assert v2["summary"]["base"]["blobs"] == len(base["blobs"])
    # The file of every release is left to the base too.
    assert any(b["mediaType"] != "application/vnd.oci.image.layer.v1.tar" for b in base["blobs"])
    # What the delta carries plus what it leaves out is exactly the full bundle's payload.
    full = world_full_bom(world)
    carried = sum(b["size"] for b in v2["bom"]["blobs"])
    left = sum(b["size"] for b in base["blobs"])
    assert carried + left == sum(b["size"] for b in full["blobs"])
    assert v2["path"].stat().st_size < world["full2"].stat().st_size - left


def world_full_bom(world) -> dict:
    return bom_of(world["full2"])


def test_inspect_shows_what_a_delta_needs(world):
    v2 = world["bundles"]["2.0.0"]
    r = airlock_build("inspect", str(v2["path"]))
    assert "Delta:     builds on edge 1.0.0; needs " in r.stdout
    j = json.loads(airlock_build("inspect", str(v2["path"]), "--json").stdout)
    assert j["base"]["blobCount"] == len(v2["bom"]["base"]["blobs"])
    assert j["base"]["bundles"][0]["version"] == "1.0.0"
    full = json.loads(airlock_build("inspect", str(world["full2"]), "--json").stdout)
    assert full["base"] is None


def test_base_can_be_a_bom_file(world, tmp_path):
    v1 = world["bundles"]["1.0.0"]["path"]
    bom_file = tmp_path / "v1.bom.json"
    bom_file.write_bytes(airlock_build("inspect", "--bom", str(v1)).stdout.encode())
    with open(v1, "rb") as f:
        f.seek(512)
        assert bom_file.read_bytes() == f.read(bom_file.stat().st_size)
    out = tmp_path / "v2-from-bom.airlock"
    create(world["root"] / "v2.0.0.yaml", out, world["source"], "--sbom", "none",
           "--base", str(bom_file))
    got, want = bom_of(out), world["bundles"]["2.0.0"]["bom"]
    assert got["blobs"] == want["blobs"] and got["base"] == want["base"]


def test_chain_loads_in_order_and_reads_back(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        for version in ("1.0.0", "2.0.0", "3.0.0"):
            b = world["bundles"][version]
            summary = loaded(load(b["path"], target, state, "--json"))
            assert summary["version"] == version
            assert_images_read_back(target, b["bom"])
        # The v3 delta wrote only what it carried; the rest was there or mounted.
        audit = [json.loads(l) for l in (state / "audit.jsonl").read_text().splitlines()]
        v3_blobs = {b["digest"] for b in world["bundles"]["3.0.0"]["bom"]["blobs"]}
        last_load = max(i for i, e in enumerate(audit) if e.get("event") == "verify")
        streamed = {e["digest"] for e in audit[last_load:]
                    if e.get("event") == "blob" and e.get("repos")}
        assert streamed <= v3_blobs
        files = skopeo_inspect_raw(f"{target.host}/airlock/edge/files:3.0.0", registry=target)
        layers = json.loads(files)["layers"]
        assert [l["digest"] for l in layers] == [b["digest"] for b in
                                                world["bundles"]["3.0.0"]["bom"]["files"]]
    finally:
        target.stop()


def test_delta_on_an_empty_registry_is_refused_before_any_write(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        v2 = world["bundles"]["2.0.0"]
        r = load(v2["path"], target, state)
        first_missing = v2["bom"]["base"]["blobs"]
        refused(r, MISSING_BASE, "edge 2.0.0", "base edge 1.0.0 was never loaded here",
                "missing from registry://")
        assert any(b["digest"] in r.stderr for b in first_missing)
        assert target.catalog() == []
        assert not (state / "boms").exists() or not list((state / "boms").iterdir())
        # verify says the same, from the state alone and against the target.
        refused(verify(v2["path"], state), MISSING_BASE, "base edge 1.0.0 was never loaded")
        refused(verify(v2["path"], state, "--to", f"registry://{target.host}", "--plain-http"),
                MISSING_BASE, "edge 1.0.0")
        assert target.catalog() == []
    finally:
        target.stop()


def test_delta_is_refused_when_a_base_blob_was_deleted(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        v1, v2 = world["bundles"]["1.0.0"], world["bundles"]["2.0.0"]
        loaded(load(v1["path"], target, state))
        # verify against the target passes while the base is whole.
        r = verify(v2["path"], state, "--to", f"registry://{target.host}", "--plain-http",
                   "--json")
        assert r.returncode == 0, r.stderr
        report = json.loads(r.stdout)
        assert report["base"]["bundles"][0]["recorded"] is True
        assert report["base"]["checkedIn"] == f"registry://{target.host}"
        # The shared base layer disappears from the registry's storage.
        shared = world["items"]["app:1.0"].layers[0].digest
        target.stop()
        shutil.rmtree(target.blob_path(shared).parent)
        target.start()
        before = snapshot(target)
        r = load(v2["path"], target, state)
        refused(r, MISSING_BASE, "edge 1.0.0 was loaded, but not all of it", shared)
        assert snapshot(target) == before
    finally:
        target.stop()


def test_v3_on_a_site_with_only_v1_is_refused_naming_v2(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        loaded(load(world["bundles"]["1.0.0"]["path"], target, state))
        before = snapshot(target)
        v3 = world["bundles"]["3.0.0"]
        refused(load(v3["path"], target, state), MISSING_BASE, "base edge 2.0.0 was never loaded")
        assert snapshot(target) == before
        refused(verify(v3["path"], state), MISSING_BASE, "edge 2.0.0")
    finally:
        target.stop()


def test_delta_into_an_oci_layout(world, tmp_path):
    layout = tmp_path / "layout"
    state = tmp_path / "state"
    for version in ("1.0.0", "2.0.0"):
        b = world["bundles"][version]
        r = airlock_load("load", str(b["path"]), "--to", f"oci:{layout}", "--state-dir",
                         str(state), check=False)
        assert r.returncode == 0, r.stderr
    for img in world["bundles"]["2.0.0"]["bom"]["images"]:
        raw = run(["skopeo", "inspect", "--raw", f"oci:{layout}:{img['ref']}"]).stdout
        assert digest_of(raw.encode()) == img["digest"]
    # A fresh layout has none of the base: refused, and nothing is created.
    fresh = tmp_path / "fresh"
    r = airlock_load("load", str(world["bundles"]["2.0.0"]["path"]), "--to", f"oci:{fresh}",
                     "--state-dir", str(tmp_path / "state2"), check=False)
    refused(r, MISSING_BASE, "edge 1.0.0")
    assert not fresh.exists()


def sbom_components(bundle: Path) -> list:
    doc = json.loads(airlock_build("sbom", str(bundle)).stdout)
    return sorted(json.dumps(c, sort_keys=True) for c in doc["components"])


def test_a_delta_sbom_describes_every_image_as_the_full_one_does(world, tmp_path):
    spec = world["root"] / "v2.0.0.yaml"
    full, delta = tmp_path / "full.airlock", tmp_path / "delta.airlock"
    create(spec, full, world["source"])
    create(spec, delta, world["source"], "--base", str(world["bundles"]["1.0.0"]["path"]))
    assert bom_of(delta)["base"]["blobs"]
    components = sbom_components(delta)
    assert components == sbom_components(full)
    # Every image is there, the ones whose layers the delta leaves out too.
    names = " ".join(components)
    for img in bom_of(full)["images"]:
        assert img["digest"] in names, img["ref"]
    assert "pkg:deb/" in names and "delta-base-tools" in names


def test_a_split_delta_verifies_and_loads_like_a_whole_one(world, tmp_path):
    out = tmp_path / "edge-2.0.0-split.airlock"
    create(world["root"] / "v2.0.0.yaml", out, world["source"], "--sbom", "none",
           "--base", str(world["bundles"]["1.0.0"]["path"]), "--split", "48KiB")
    volumes = sorted(tmp_path.glob("edge-2.0.0-split.airlock.*"))
    assert len(volumes) >= 2
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        loaded(load(world["bundles"]["1.0.0"]["path"], target, state))
        r = verify(out, state, "--deep", "--to", f"registry://{target.host}", "--plain-http")
        assert r.returncode == 0, r.stderr
        assert "delta: leaves" in r.stdout and "edge 1.0.0 (loaded here)" in r.stdout
        loaded(load(out, target, state))
        assert_images_read_back(target, bom_of_volumes(volumes))
    finally:
        target.stop()


def bom_of_volumes(volumes: list) -> dict:
    joined = volumes[0].parent / "joined.airlock"
    with open(joined, "wb") as f:
        for v in volumes:
            f.write(v.read_bytes())
    return bom_of(joined)


def test_diff_against_a_site_receipt_counts_what_the_delta_carries(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        loaded(load(world["bundles"]["1.0.0"]["path"], target, state))
        receipt = tmp_path / "site.json"
        airlock_load("receipt", "--registry", f"registry://{target.host}", "--plain-http",
                     "--state-dir", str(state), "--out", str(receipt))
    finally:
        target.stop()
    spec = world["root"] / "v2.0.0.yaml"
    delta = tmp_path / "from-receipt.airlock"
    create(spec, delta, world["source"], "--sbom", "none", "--base", str(receipt))
    carried = {b["digest"] for b in bom_of(delta)["blobs"]}
    d = json.loads(airlock_build("diff", str(receipt), str(world["full2"]), "--json").stdout)
    assert {b["digest"] for b in d["delta"]["carried"]} == carried
    assert carried == {b["digest"] for b in world["bundles"]["2.0.0"]["bom"]["blobs"]}
    text = airlock_build("diff", str(receipt), str(world["full2"])).stdout
    assert "site receipt" in text


def test_diff_of_the_chain_names_the_change_the_retag_and_the_addition(world):
    v1, v2 = world["bundles"]["1.0.0"], world["bundles"]["2.0.0"]
    d = json.loads(airlock_build("diff", str(v1["path"]), str(v2["path"]), "--json").stdout)
    assert [c["newRef"].rsplit("/", 1)[1] for c in d["images"]["changed"]] == ["app:1.1"]
    assert [r["newRef"].rsplit("/", 1)[1] for r in d["images"]["retagged"]] == ["tool:1.1"]
    assert [a["ref"].rsplit("/", 1)[1] for a in d["images"]["added"]] == ["extra:1.0"]
    assert d["images"]["unchanged"] == 1
    assert {b["digest"] for b in d["delta"]["carried"]} == {b["digest"] for b in v2["bom"]["blobs"]}
    text = airlock_build("diff", str(v1["path"]), str(v2["path"])).stdout
    assert "app:1.1" in text and "tool:1.1" in text and "extra:1.0" in text


def start_serve(bundles_dir: Path, state: Path, log: Path):
    """`airlock-load serve --dir`, on a free loopback port; returns (process, host)."""
    port = free_port()
    err = open(log, "w")
    proc = subprocess.Popen([str(airlock_load_bin()), "serve", "--dir", str(bundles_dir),
                             "--listen", f"127.0.0.1:{port}", "--state-dir", str(state),
                             "--access-log", str(log.with_suffix(".access"))],
                            stdout=subprocess.DEVNULL, stderr=err, env=clean_env())
    err.close()
    wait_until(lambda: "serving " in log.read_text() or proc.poll() is not None, 60,
               what="serve listening")
    assert proc.poll() is None, log.read_text()
    return proc, f"127.0.0.1:{port}"


def test_serve_gives_a_delta_chain_the_blobs_its_bases_carry(world, tmp_path):
    """v3 builds on v2, which builds on v1: serve, given the three files,
    serves v3 with what it leaves out read from v2's and v1's files, and every
    image copies out with skopeo with the BOM's digests. v3 alone is refused
    before listening, naming its base (exit 17)."""
    d = tmp_path / "bundles"
    d.mkdir()
    v3 = world["bundles"]["3.0.0"]
    shutil.copy(v3["path"], d)
    alone = airlock_load("serve", "--dir", str(d), "--listen", f"127.0.0.1:{free_port()}",
                         "--state-dir", str(tmp_path / "state-alone"), check=False, timeout=60)
    refused(alone, MISSING_BASE, "edge 2.0.0", v3["bom"]["base"]["bundles"][0]["bomDigest"])

    for version in ("1.0.0", "2.0.0"):
        shutil.copy(world["bundles"][version]["path"], d)
    proc, host = start_serve(d, tmp_path / "state", tmp_path / "serve.log")
    try:
        assert "edge 3.0.0" in (tmp_path / "serve.log").read_text()
        for img in v3["bom"]["images"]:
            path, tag = img["ref"].split("/", 1)[1].rsplit(":", 1)
            raw = run(["skopeo", "inspect", "--raw", "--tls-verify=false",
                       f"docker://{host}/{path}:{tag}"]).stdout.encode()
            assert digest_of(raw) == img["digest"], img["ref"]
            out = tmp_path / "copy" / path.replace("/", "_")
            out.parent.mkdir(exist_ok=True)
            run(["skopeo", "copy", "-q", "--all", "--src-tls-verify=false",
                 f"docker://{host}/{path}:{tag}", f"oci:{out}:{tag}"])
            index = json.loads((out / "index.json").read_text())
            assert index["manifests"][0]["digest"] == img["digest"], img["ref"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, (tmp_path / "serve.log").read_text()
