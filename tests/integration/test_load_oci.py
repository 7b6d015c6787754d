"""airlock-load load --to oci:DIR: a verified bundle becomes an OCI layout that
skopeo reads; hostile bundles leave the target untouched; rollback and
trusted-time state; the hash-chained audit log. The loader runs in a network
namespace with loopback only (`unshare -n`) where the test is about egress.

One source registry and one full bundle are built per module; small bundles
for the state tests are built on demand and cached."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from airlock_testlib import Registry, describe, run, seed_standard
from airlock_testlib.tools import airlock_load_bin, at_clock, digest_of, skopeo, skopeo_inspect_raw
from build_helpers import bom_of, create, write_spec
import bundle_surgery as surgery
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import EXPIRED, INTEGRITY, MALFORMED_BUNDLE, ROLLBACK, SIGNATURE, UNTRUSTED_KEY


IMAGES = ["multiarch", "single", "shared-a", "shared-b", "v2s2", "v2s2-list"]
# skopeo's oci: transport only looks up OCI-typed descriptors in index.json, so
# the Docker-typed images are checked through index.json and the blob files.
OCI_IMAGES = [n for n in IMAGES if not n.startswith("v2s2")]


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca):
    root = tmp_path_factory.mktemp("load-oci")
    source = Registry(root / "source", ca=ca).start()
    target = Registry(root / "target", ca=ca).start()
    try:
        images = seed_standard(source, root / "seed", with_busybox=False)
        spec = write_spec(root / "full.yaml", [ref(source, n) for n in IMAGES], name="full")
        full = root / "full.airlock"
        create(spec, full, source)
        yield {"root": root, "source": source, "target": target, "images": images,
               "full": full, "cache": {}}
    finally:
        target.stop()
        source.stop()


def ref(registry, name: str) -> str:
    return f"{registry.host}/airlock-test/{name}:1.0"


def small_bundle(world, name: str, version: str, *args, images=("single",), tag="") -> Path:
    """A bundle of a few images, built once per (name, version, args, tag)."""
    key = (name, version, args, images, tag)
    if key not in world["cache"]:
        root = world["root"]
        stem = f"{name}-{version}{tag}"
        spec = write_spec(root / f"{stem}.yaml", [ref(world["source"], n) for n in images],
                          name=name, version=version)
        out = root / f"{stem}.airlock"
        # Without the bundle's SBOM: these tests count what lands in the layout
        # (test_load_in_airgap_then_skopeo_reads_and_copies covers the SBOM).
        create(spec, out, world["source"], "--sbom", "none", *args)
        world["cache"][key] = out
    return world["cache"][key]


def load(bundle, dest, state, *args, faketime=None, netns=False):
    cmd = [airlock_load_bin(), "load", bundle, "--to", f"oci:{dest}", "--state-dir", state, *args]
    cmd = at_clock(faketime, cmd)
    if netns:
        # Only loopback exists in the namespace: any other egress would fail.
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return run(cmd, check=False)


def index_entries(dest: Path) -> list:
    index = dest / "index.json"
    return json.loads(index.read_text())["manifests"] if index.exists() else []


def blob_files(dest: Path) -> list:
    blobs = dest / "blobs" / "sha256"
    return sorted(p.name for p in blobs.iterdir()) if blobs.exists() else []


def image_blobs(bom: dict) -> list:
    """Digests of the blobs that are not manifests (configs and layers)."""
    manifests = set()
    for img in bom["images"]:
        manifests.add(img["digest"])
        manifests.update(img.get("manifests", []))
    return [b["digest"] for b in bom["blobs"] if b["digest"] not in manifests]


def audit_lines(state: Path) -> list:
    lines = (state / "audit.jsonl").read_text().splitlines()
    prev = "sha256:" + "0" * 64
    for i, line in enumerate(lines):
        event = json.loads(line)
        assert event["prev"] == prev, f"audit line {i + 1} does not chain"
        prev = "sha256:" + hashlib.sha256(line.encode()).hexdigest()
    return [json.loads(line) for line in lines]


def test_load_in_airgap_then_skopeo_reads_and_copies(world, tmp_path):
    dest, state = tmp_path / "layout", tmp_path / "state"
    r = load(world["full"], dest, state, "--json", netns=True)
    summary = loaded(r)
    assert f"target oci:{dest}; network endpoints: none; state: {state}" in r.stderr
    bom = bom_of(world["full"])
    assert summary["name"] == "full" and summary["version"] == "1.0.0"
    assert summary["target"] == f"oci:{dest}"
    assert summary["blobs"] == {"written": len(image_blobs(bom)), "mounted": 0, "skipped": 0}
    # One tag per image, and the bundle's SBOM as an artifact of its own.
    assert summary["tags"] == len(IMAGES) + 1
    assert (dest / "oci-layout").read_text() == '{"imageLayoutVersion":"1.0.0"}'

    by_name = {e["annotations"]["org.opencontainers.image.ref.name"]: e for e in index_entries(dest)}
    sbom_entry = by_name["airlock/full/sbom:1.0.0"]
    sbom_manifest = json.loads(
        (dest / "blobs" / "sha256" / sbom_entry["digest"][7:]).read_bytes())
    assert [layer["digest"] for layer in sbom_manifest["layers"]] == [
        s["digest"] for s in bom["sboms"]]

    # Every BOM blob landed once, under its digest, with the right bytes;
    # besides them only the SBOM artifact's manifest and its empty config.
    extra = {sbom_entry["digest"][7:], sbom_manifest["config"]["digest"][7:]}
    assert blob_files(dest) == sorted({b["digest"][7:] for b in bom["blobs"]} | extra)
    for b in bom["blobs"]:
        assert digest_of((dest / "blobs" / "sha256" / b["digest"][7:]).read_bytes()) == b["digest"]

    for name in IMAGES:
        assert by_name[ref(world["source"], name)]["digest"] == world["images"][name]["digest"]

    target = world["target"]
    for name in OCI_IMAGES:
        layout_ref = f"oci:{dest}:{ref(world['source'], name)}"
        assert digest_of(skopeo_inspect_raw(layout_ref)) == world["images"][name]["digest"]
        skopeo("copy", "-q", "--all", "--preserve-digests", *target.skopeo_args("dest"),
               layout_ref, target.docker_ref(f"loaded/{name}:1.0"))
        assert describe(target, f"loaded/{name}:1.0")["digest"] == world["images"][name]["digest"]

    events = audit_lines(state)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "verify" and events[0]["outcome"] == "ok" and events[0]["keyIds"]
    assert kinds.count("blob") == len(image_blobs(bom))
    assert kinds.count("tag") == len(IMAGES) + 1
    assert kinds[-1] == "load" and events[-1]["outcome"] == "ok"
    # Blobs, then manifests, then tags: nothing named before its content.
    assert max(i for i, k in enumerate(kinds) if k == "blob") < kinds.index("manifest")
    assert max(i for i, k in enumerate(kinds) if k == "manifest") < kinds.index("tag")


def hostile_unsigned(b, tmp_path):
    surgery.set_envelopes(b, [])


def hostile_bom_edit(b, tmp_path):
    bom = surgery.entry(b, "airlock/bom.json")
    pos = b.read_bytes().index(b'"created"', bom["data"]) + len('"created": "20')
    surgery.flip_byte(b, pos)


def hostile_extra_entry(b, tmp_path):
    import tarfile
    (tmp_path / "evil.sh").write_text("echo owned\n")
    with tarfile.open(b, "a", format=tarfile.USTAR_FORMAT) as tar:
        tar.add(tmp_path / "evil.sh", arcname="blobs/sha256/evil")


@pytest.mark.parametrize("edit,code,needle,faketime", [
    (hostile_unsigned, SIGNATURE, "unsigned", None),
    (hostile_bom_edit, SIGNATURE, "another BOM", None),
    (hostile_extra_entry, MALFORMED_BUNDLE, "extra data", None),
    (None, EXPIRED, "expired at", "+200d"),
], ids=["unsigned", "tampered-bom", "extra-entry", "expired"])
def test_hostile_bundle_leaves_target_untouched(world, tmp_path, edit, code, needle, faketime):
    b = surgery.copy(small_bundle(world, "hostile", "1.0.0"), tmp_path / "h.airlock")
    if edit:
        edit(b, tmp_path)
    dest, state = tmp_path / "layout", tmp_path / "state"
    refused(load(b, dest, state, faketime=faketime), code, needle)
    assert blob_files(dest) == [] and index_entries(dest) == []
    assert not (state / "state.json").exists()
    events = audit_lines(state)
    assert [e["event"] for e in events] == ["verify", "load.failed"]
    assert events[0]["outcome"] == "refused" and needle in events[0]["reason"]


def test_flipped_bit_in_a_layer_stops_before_any_manifest(world, tmp_path):
    layer = world["images"]["single"]["layers"][1]
    b = surgery.copy(small_bundle(world, "bitflip", "1.0.0", images=("multiarch", "single")),
                     tmp_path / "bit.airlock")
    e = surgery.entry(b, f"blobs/sha256/{layer[7:]}")
    surgery.flip_byte(b, e["data"] + e["size"] // 2)
    dest, state = tmp_path / "layout", tmp_path / "state"
    refused(load(b, dest, state), INTEGRITY, layer)
    assert index_entries(dest) == []
    bom = bom_of(b)
    manifests = {blob["digest"][7:] for blob in bom["blobs"]} - {d[7:] for d in image_blobs(bom)}
    assert not manifests & set(blob_files(dest)), "a manifest was written"
    assert layer[7:] not in blob_files(dest)
    assert not (state / "state.json").exists()
    assert audit_lines(state)[-1]["event"] == "load.failed"


def test_rollback_and_equivocation_refused_same_bundle_is_idempotent(world, tmp_path):
    dest, state = tmp_path / "layout", tmp_path / "state"
    v11 = small_bundle(world, "rb", "1.1.0", images=("single", "shared-a"))
    first = loaded(load(v11, dest, state, "--json"))
    assert first["blobs"]["written"] > 0 and first["blobs"]["skipped"] == 0

    refused(load(small_bundle(world, "rb", "1.0.0"), dest, state), ROLLBACK, "older than 1.1.0")
    other = small_bundle(world, "rb", "1.1.0", images=("single", "shared-b"), tag="-other")
    refused(load(other, dest, state), ROLLBACK, "differs from")

    before = {p.name: p.stat().st_ino for p in (dest / "blobs" / "sha256").iterdir()}
    again = loaded(load(v11, dest, state, "--json"))
    assert again["blobs"] == {"written": 0, "mounted": 0, "skipped": first["blobs"]["written"]}
    after = {p.name: p.stat().st_ino for p in (dest / "blobs" / "sha256").iterdir()}
    assert after == before, "a blob was written twice"
    assert len(index_entries(dest)) == 2


def test_other_names_in_the_layout_are_kept(world, tmp_path):
    dest, state = tmp_path / "layout", tmp_path / "state"
    loaded(load(small_bundle(world, "keep-a", "1.0.0", images=("shared-a",)), dest, state))
    loaded(load(small_bundle(world, "keep-b", "1.0.0", images=("shared-b",)), dest, state))
    names = sorted(e["annotations"]["org.opencontainers.image.ref.name"] for e in index_entries(dest))
    assert names == sorted(ref(world["source"], n) for n in ("shared-a", "shared-b"))


def test_trusted_time_survives_a_clock_set_back(world, tmp_path):
    short = small_bundle(world, "tt-short", "1.0.0", "--expires", "1h")
    later = small_bundle(world, "tt-later", "1.0.0")
    dest = tmp_path / "layout"

    # A loader that once saw time T refuses a bundle that expired before T,
    # even though the machine's clock is back to a time when it was valid.
    state = tmp_path / "state"
    loaded(load(later, dest, state, faketime="+2h"))
    refused(load(short, dest, state), EXPIRED, "expired at")
    refused(load(short, dest, state, faketime="-1d"), EXPIRED, "expired at")

    # The same bundle on a fresh loader is fine; and once loaded, setting the
    # clock back a day does not make it "not yet valid": trusted time is the
    # high-water mark, not the clock.
    fresh = tmp_path / "fresh"
    loaded(load(short, tmp_path / "l2", fresh))
    loaded(load(short, tmp_path / "l2", fresh, faketime="-1d"))
    refused(load(short, tmp_path / "l3", tmp_path / "never-loaded", faketime="-1d"),
            EXPIRED, "not valid before")


@pytest.mark.parametrize("to,needle", [
    ("registry://", "no registry host"),
    ("registry://127.0.0.1:5000/Mirror", "lower-case"),
    ("registry://127.0.0.1:5000//x", "empty path component"),
    ("registry://reg istry", "character ' '"),
    ("s3://bucket", "unknown target type"),
    ("oci:", "no directory"),
])
def test_bad_targets_are_usage_errors_before_anything_is_read(world, tmp_path, to, needle):
    state = tmp_path / "state"
    cmd = [airlock_load_bin(), "load", small_bundle(world, "hostile", "1.0.0"),
           "--to", to, "--state-dir", state]
    refused(run(cmd, check=False), 2, needle)
    assert not (state / "state.json").exists()
    r = run([*cmd[:4], "ftp://x", *cmd[5:]], check=False)
    refused(r, 2, "unknown target type")


def test_help_documents_the_command():
    r = run([airlock_load_bin(), "load", "--help"], check=False)
    assert r.returncode == 0
    for needle in ("--to", "oci:DIR", "registry://", "--trust", "--state-dir", "--json", "15 rollback"):
        assert needle in r.stdout, needle
