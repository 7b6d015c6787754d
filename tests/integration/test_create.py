"""airlock-build create against a real docker-registry, checked with skopeo and tar."""

from __future__ import annotations

import json
import subprocess

import pytest

from airlock_testlib.images import describe
from airlock_testlib.tools import skopeo, skopeo_inspect_raw, digest_of
from build_helpers import bom_of, create, extract, members, sha256_file, write_spec
from airlock_testlib.exit_codes import AUTH, INVALID_INPUT, NOT_FOUND

# Read-only tests share one seeded registry per module (seeding is the slow part).
@pytest.fixture
def registry(module_registry):
    return module_registry


@pytest.fixture
def standard_images(module_images):
    return module_images


IMAGES = ["multiarch", "single", "shared-a", "shared-b", "v2s2", "v2s2-list"]


def refs(registry, names):
    return [f"{registry.host}/airlock-test/{n}:1.0" for n in names]


def test_bundle_holds_every_blob_once_with_source_digests(tmp_path, registry, standard_images):
    spec = write_spec(tmp_path / "spec.yaml", refs(registry, IMAGES))
    out = tmp_path / "b.airlock"
    result = json.loads(create(spec, out, registry).stdout)
    assert out.exists() and result["volumes"] == [str(out)]

    names = [m.name for m in members(out)]
    assert names[:4] == ["airlock/bom.json", "airlock/signatures.json", "oci-layout", "index.json"]
    blob_names = names[4:]
    assert len(blob_names) == len(set(blob_names)), "a blob is stored twice"

    bom = bom_of(out)
    assert [f"blobs/sha256/{b['digest'][7:]}" for b in bom["blobs"]] == blob_names
    root = extract(out, tmp_path / "x")
    for b in bom["blobs"]:
        path = root / "blobs" / "sha256" / b["digest"][7:]
        assert sha256_file(path) == b["digest"]
        assert path.stat().st_size == b["size"]

    # Every digest in the BOM equals what skopeo sees on the source registry.
    by_ref = {i["ref"]: i for i in bom["images"]}
    shared = set()
    for name in IMAGES:
        info = standard_images[name]
        img = by_ref[f"{registry.host}/airlock-test/{name}:1.0"]
        assert img["digest"] == info["digest"]
        assert "upstreamDigest" not in img
        assert sorted(img["platforms"]) == sorted(info["platforms"])
        for layer in info["layers"]:
            assert f"blobs/sha256/{layer[7:]}" in blob_names
        if name.startswith("shared"):
            shared.add(info["layers"][0])
    assert len(shared) == 1, "the shared images do share a layer"
    assert blob_names.count(f"blobs/sha256/{shared.pop()[7:]}") == 1


def test_skopeo_reads_every_image_from_the_bundle(tmp_path, registry, registry_factory,
                                                   standard_images):
    spec = write_spec(tmp_path / "spec.yaml", refs(registry, IMAGES))
    out = tmp_path / "b.airlock"
    create(spec, out, registry)
    layout = extract(out, tmp_path / "layout")
    target = registry_factory("target")
    # skopeo's oci: transport only looks up OCI-typed descriptors in index.json,
    # so the Docker-typed images are checked by digest in the tar test above.
    for name in [n for n in IMAGES if not n.startswith("v2s2")]:
        ref = f"{registry.host}/airlock-test/{name}:1.0"
        raw = skopeo_inspect_raw(f"oci:{layout}:{ref}")
        assert digest_of(raw) == standard_images[name]["digest"]
        # A full copy by an independent tool, out of the bundle into a registry.
        skopeo("copy", "-q", "--all", "--preserve-digests", *target.skopeo_args("dest"),
               f"oci:{layout}:{ref}", target.docker_ref(f"copied/{name}:1.0"))
        assert describe(target, f"copied/{name}:1.0")["digest"] == standard_images[name]["digest"]


def test_platform_filter_rewrites_the_index(tmp_path, registry, standard_images):
    info = standard_images["multiarch"]
    spec = write_spec(tmp_path / "spec.yaml", refs(registry, ["multiarch", "single"]))
    out = tmp_path / "arm.airlock"
    # single is amd64 only: the build must refuse rather than ship a wrong image.
    r = create(spec, out, registry, "--platform", "linux/arm64", check=False)
    assert r.returncode == NOT_FOUND and "linux/amd64 only" in r.stderr and not out.exists()

    spec = write_spec(tmp_path / "spec.yaml", refs(registry, ["multiarch"]))
    create(spec, out, registry, "--platform", "linux/arm64")
    bom = bom_of(out)
    img = bom["images"][0]
    assert img["platforms"] == ["linux/arm64"]
    assert img["upstreamDigest"] == info["digest"] and img["digest"] != info["digest"]
    assert img["manifests"] == [info["manifests"]["linux/arm64"]]
    blobs = {b["digest"] for b in bom["blobs"]}
    assert info["manifests"]["linux/amd64"] not in blobs
    assert info["configs"]["linux/amd64"] not in blobs
    assert info["configs"]["linux/arm64"] in blobs
    root = extract(out, tmp_path / "x")
    index = json.loads((root / "blobs" / "sha256" / img["digest"][7:]).read_bytes())
    assert [m["digest"] for m in index["manifests"]] == [info["manifests"]["linux/arm64"]]
    amd_layers = set(describe_layers(registry, info["manifests"]["linux/amd64"]))
    assert not amd_layers & blobs

    # Pinned to the upstream index digest, a filter cannot be honoured: refuse.
    spec = write_spec(tmp_path / "pinned.yaml", [info["digest_ref"]])
    r = create(spec, tmp_path / "p.airlock", registry, "--platform", "linux/arm64", check=False)
    assert r.returncode == INVALID_INPUT and "pinned" in r.stderr
    assert not (tmp_path / "p.airlock").exists()


def describe_layers(registry, manifest_digest):
    raw = skopeo_inspect_raw(f"{registry.host}/airlock-test/multiarch@{manifest_digest}",
                             registry=registry)
    return [layer["digest"] for layer in json.loads(raw)["layers"]]


@pytest.mark.parametrize("kind", ["htpasswd_mtls", "token"])
def test_secured_registries(tmp_path, registry_factory, kind):
    from airlock_testlib.images import multiarch_image, push_image
    if kind == "token":
        reg = registry_factory("secured", tls=True, token=True)
    else:
        reg = registry_factory("secured", mtls=True, htpasswd=True)
    info = push_image(reg, multiarch_image(7), "airlock-test/secure:2.0")
    spec = write_spec(tmp_path / "spec.yaml", [reg.ref("airlock-test/secure:2.0")])
    out = tmp_path / "s.airlock"
    create(spec, out, reg)
    assert bom_of(out)["images"][0]["digest"] == info["digest"]
    # Without credentials the same build is refused with the auth exit code.
    r = subprocess.run([*create_cmd(spec, tmp_path / "n.airlock"), "--cert-dir",
                        str(reg.cert_dir)], capture_output=True, text=True)
    assert r.returncode == AUTH, r.stderr
    assert not (tmp_path / "n.airlock").exists()


def create_cmd(spec, out):
    from airlock_testlib.tools import airlock_build_bin
    from build_helpers import VENDOR_KEY
    return [str(airlock_build_bin()), "create", str(spec), "-o", str(out), "--key", str(VENDOR_KEY)]


def test_mirror_keeps_canonical_references(tmp_path, registry, standard_images):
    # The registry plays a pull-through mirror of docker.io under prefix "airlock-test".
    spec = write_spec(tmp_path / "spec.yaml", ["docker.io/airlock-test/single:1.0",
                                               "airlock-test/multiarch:1.0"])
    out = tmp_path / "m.airlock"
    create(spec, out, registry, "--mirror", f"docker.io={registry.host}")
    bom = bom_of(out)
    assert [i["ref"] for i in bom["images"]] == ["docker.io/airlock-test/single:1.0",
                                                  "docker.io/airlock-test/multiarch:1.0"]
    assert bom["images"][0]["digest"] == standard_images["single"]["digest"]
    assert bom["images"][0]["source"] == f"{registry.host}/airlock-test/single:1.0"
    layout = extract(out, tmp_path / "x")
    raw = skopeo_inspect_raw(f"oci:{layout}:docker.io/airlock-test/multiarch:1.0")
    assert digest_of(raw) == standard_images["multiarch"]["digest"]


def test_split_volumes_concatenate_to_the_whole(tmp_path, registry, standard_images):
    spec = write_spec(tmp_path / "spec.yaml", refs(registry, ["multiarch", "single"]))
    env = {"SOURCE_DATE_EPOCH": "1790000000"}
    create(spec, tmp_path / "whole.airlock", registry, extra_env=env)
    r = json.loads(create(spec, tmp_path / "split.airlock", registry, "--split", "40KiB",
                          extra_env=env).stdout)
    vols = [tmp_path / f"split.airlock.{i:03d}" for i in range(1, len(r["volumes"]) + 1)]
    assert [str(v) for v in vols] == r["volumes"] and len(vols) > 2
    assert all(v.stat().st_size == 40 * 1024 for v in vols[:-1])
    joined = b"".join(v.read_bytes() for v in vols)
    assert joined == (tmp_path / "whole.airlock").read_bytes()
    assert not (tmp_path / "split.airlock").exists()


def test_cache_makes_a_rerun_fetch_nothing(tmp_path, registry, standard_images):
    spec = write_spec(tmp_path / "spec.yaml", refs(registry, ["multiarch", "shared-a"]))
    cache = tmp_path / "cache"
    first = json.loads(create(spec, tmp_path / "1.airlock", registry, "--cache", str(cache)).stdout)
    second = json.loads(create(spec, tmp_path / "2.airlock", registry, "--cache", str(cache)).stdout)
    assert first["fetchedBytes"] > 0 and first["cachedBytes"] == 0
    assert second["fetchedBytes"] == 0 and second["cachedBytes"] == first["fetchedBytes"]
    # The same blobs, except the SBOMs: they name the build time, as the BOM does.
    assert fetched_blobs(bom_of(tmp_path / "2.airlock")) == fetched_blobs(
        bom_of(tmp_path / "1.airlock"))


def fetched_blobs(bom: dict) -> list:
    sboms = {s["digest"] for s in bom["sboms"]}
    return [b for b in bom["blobs"] if b["digest"] not in sboms]


def test_inspect_reports_images_blobs_and_signature(tmp_path, registry, standard_images):
    import hashlib
    from airlock_testlib.tools import airlock_build
    from build_helpers import VENDOR_KEY
    spec = write_spec(tmp_path / "spec.yaml", refs(registry, ["multiarch", "single"]),
                      name="inspected", version="2.3.4")
    out = tmp_path / "i.airlock"
    create(spec, out, registry, "--expires", "30d", "--split", "64KiB")
    report = json.loads(airlock_build("inspect", str(out), "--json").stdout)
    bom = bom_of_volumes(tmp_path, "i.airlock")
    assert report["bundle"]["name"] == "inspected" and report["bundle"]["version"] == "2.3.4"
    assert report["blobs"]["count"] == len(bom["blobs"])
    assert report["size"] == report["expectedSize"] == sum(v["size"] for v in report["volumes"])
    assert {i["ref"]: i["digest"] for i in report["images"]} == {
        f"{registry.host}/airlock-test/{n}:1.0": standard_images[n]["digest"]
        for n in ("multiarch", "single")}
    der = subprocess.run(["openssl", "pkey", "-in", str(VENDOR_KEY), "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    (sig,) = report["signatures"]
    assert sig["keyIds"] == [hashlib.sha256(der).hexdigest()]
    assert sig["role"] == "vendor" and sig["subjectMatchesBom"] is True
    text = airlock_build("inspect", str(out)).stdout
    assert f"{registry.host}/airlock-test/multiarch:1.0" in text and "linux/arm64" in text


def bom_of_volumes(tmp_path, base):
    vols = sorted(tmp_path.glob(base + ".0*"))
    joined = tmp_path / "joined.tar"
    joined.write_bytes(b"".join(v.read_bytes() for v in vols))
    return bom_of(joined)
