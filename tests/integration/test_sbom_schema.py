"""Bundle SBOMs (issue 15) through the product: images built here from root
file systems the package managers' own tools can read, pushed to a real
docker-registry, one `airlock-build create --sbom all` for the module, then
`airlock-build sbom BUNDLE --format cyclonedx|spdx`. The documents validate
against the published CycloneDX 1.6 and SPDX 2.3 schemas, and their package
lists equal what dpkg-query and rpm read from the same databases.

Images (repository sbom/<name> in the module's registry):

- debian:12    an OCI index, linux/amd64 and linux/arm64/v8 sharing four
               layers: (1, gzip) a root file system with this Debian host's
               dpkg database and os-release, (2, zstd) the status file with
               five packages gone, (3, plain tar) a whiteout of the status
               file, (4, gzip) the status file back. Upstream, a cosign
               `.sbom` is attached to the index.
- distroless:1 one plain-tar layer of dpkg status.d files (three packages).
- alpine:3.19  one gzip layer with an apk database (apk-tools is no Debian
               package here: the expected purls are written out).
- fedora:40    one zstd layer with an rpm database made by rpmbuild and
               `rpm -i --justdb` (when rpm and rpmbuild are installed).
- junk:1       one plain-tar layer that is not a tar: no packages.

The spec also carries a chart (a directory), a manifests directory and a file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import pytest

from airlock_testlib import Registry, airlock_build
from airlock_testlib.cosign import Upstream
from airlock_testlib.images import Layer, build_image, build_index, push_image
from airlock_testlib.sbom_oracle import (cyclonedx_validator, dpkg_installed, dpkg_query_w,
                                         make_rpmdb, rpm_available, rpm_installed, spdx_validator,
                                         tar_of, zstd_compress)
from build_helpers import bom_of, create, write_spec

pytestmark = pytest.mark.skipif(not Path("/var/lib/dpkg/status").is_file(),
                                reason="needs a Debian host for the dpkg database")

LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd"
LAYER_TAR = "application/vnd.oci.image.layer.v1.tar"

RPM_PACKAGES = [
    {"name": "tiny-a", "version": "1.2.3", "release": "4.fc40", "epoch": 2,
     "license": "MIT AND (Apache-2.0 OR BSD-3-Clause)"},
    {"name": "tiny-b", "version": "0.9", "release": "1.fc40", "license": "GPL-2.0-or-later"},
]
ALPINE_DB = (b"P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT\no:musl\n\n"
             b"P:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n")


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# --- layers --------------------------------------------------------------------------

def gzip_layer(tar: bytes) -> Layer:
    return Layer(tar=tar, blob=gzip.compress(tar, mtime=0), media_type=LAYER_GZIP)


def zstd_layer(tar: bytes) -> Layer:
    return Layer(tar=tar, blob=zstd_compress(tar), media_type=LAYER_ZSTD)


def plain_layer(tar: bytes) -> Layer:
    return Layer(tar=tar, blob=tar, media_type=LAYER_TAR)


def debian_rootfs(root: Path) -> Path:
    """A root file system holding this Debian host's real dpkg database and
    os-release (/etc/os-release is a symbolic link into usr/lib, as on Debian)."""
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "usr/lib").mkdir(parents=True)
    (root / "etc").mkdir()
    shutil.copyfile("/var/lib/dpkg/status", root / "var/lib/dpkg/status")
    shutil.copyfile("/usr/lib/os-release", root / "usr/lib/os-release")
    (root / "etc/os-release").symlink_to("../usr/lib/os-release")
    (root / "usr/bin").mkdir(parents=True)
    shutil.copyfile("/usr/bin/dpkg-query", root / "usr/bin/dpkg-query")
    return root


def drop_paragraphs(status: str, count: int) -> tuple[str, list[str]]:
    """The status text without its last `count` package paragraphs (as if
    removed and purged), and the names dropped."""
    paragraphs = [p for p in status.split("\n\n") if p.strip()]
    dropped = [p.split("\n", 1)[0].removeprefix("Package: ") for p in paragraphs[-count:]]
    return "\n\n".join(paragraphs[:-count]) + "\n", dropped


# --- reading the documents -----------------------------------------------------------

def parse_purl(purl: str) -> dict:
    """pkg:type/namespace/name@version?k=v&... -> its parts, percent-decoded."""
    assert purl.startswith("pkg:"), purl
    rest, _, query = purl[4:].partition("?")
    path, _, version = rest.partition("@")
    type_, *segments = path.split("/")
    return {"type": type_, "namespace": "/".join(unquote(s) for s in segments[:-1]),
            "name": unquote(segments[-1]), "version": unquote(version),
            "qualifiers": dict(parse_qsl(query, keep_blank_values=True))}


def cdx_hash(component: dict) -> str:
    [h] = [h for h in component.get("hashes", []) if h["alg"] == "SHA-256"]
    return "sha256:" + h["content"]


def cdx_image(cdx: dict, ref: str) -> dict:
    [c] = [c for c in cdx["components"] if c["type"] == "container"
           and {"name": "airlock:image:reference", "value": ref} in c.get("properties", [])]
    return c


def libraries(component: dict) -> list:
    return [c for c in component.get("components", []) if c["type"] == "library"]


def prop(component: dict, name: str) -> str | None:
    values = [p["value"] for p in component.get("properties", []) if p["name"] == name]
    return values[0] if values else None


def platform_components(image: dict) -> dict:
    """platform ("linux/amd64") -> the nested container component."""
    return {prop(c, "airlock:image:platform"): c for c in image.get("components", [])
            if c["type"] == "container"}


def spdx_related(spdx: dict, element: str, relationship: str) -> list:
    by_id = {p["SPDXID"]: p for p in spdx["packages"]}
    return [by_id[r["relatedSpdxElement"]] for r in spdx["relationships"]
            if r["spdxElementId"] == element and r["relationshipType"] == relationship]


def spdx_purl(package: dict) -> str:
    [ref] = [r["referenceLocator"] for r in package.get("externalRefs", [])
             if r["referenceType"] == "purl"]
    return ref


def spdx_by_checksum(spdx: dict, digest: str) -> list:
    hexdigest = digest.removeprefix("sha256:")
    return [p for p in spdx["packages"]
            if {"algorithm": "SHA256", "checksumValue": hexdigest} in p.get("checksums", [])]


# --- the module's bundle -------------------------------------------------------------

@pytest.fixture(scope="module")
def validators():
    return cyclonedx_validator(), spdx_validator()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("sbom")
    registry = Registry(root / "registry", ca=None).start()
    try:
        yield build_world(root, registry)
    finally:
        registry.stop()


def build_world(root: Path, registry: Registry) -> dict:
    w = {"root": root, "registry": registry, "images": {}}

    # debian: four layers, gzip / zstd / plain tar / gzip, shared by two platforms.
    rootfs = debian_rootfs(root / "debian-rootfs")
    layer1 = gzip_layer(tar_of(rootfs))
    status, dropped = drop_paragraphs((rootfs / "var/lib/dpkg/status").read_text(), 5)
    (rootfs / "var/lib/dpkg/status").write_text(status)
    layers = [layer1,
              zstd_layer(tar_of(None, {"./var/lib/dpkg/status": status.encode()})),
              plain_layer(tar_of(None, {"./var/lib/dpkg/.wh.status": None})),
              gzip_layer(tar_of(None, {"./var/lib/dpkg/status": status.encode()}))]
    debian = build_index([build_image(layers, arch="amd64"),
                          build_image(layers, arch="arm64", variant="v8")])
    w["debian_rootfs"], w["dropped"] = rootfs, dropped

    # distroless: dpkg status.d, one file per package.
    paragraphs = [p for p in Path("/var/lib/dpkg/status").read_text().split("\n\n") if p.strip()]
    distroless_pkgs = {p.split("\n")[0].removeprefix("Package: "): p for p in paragraphs[:3]}
    entries = {f"./var/lib/dpkg/status.d/{name}": p.encode() + b"\n"
               for name, p in distroless_pkgs.items()}
    entries["./etc/os-release"] = b'ID=debian\nVERSION_ID="12"\n'
    distroless = build_image([plain_layer(tar_of(None, entries))])
    w["distroless_names"] = set(distroless_pkgs)

    alpine = build_image([gzip_layer(tar_of(None, {
        "./etc/os-release": b"ID=alpine\nVERSION_ID=3.19.1\n",
        "./lib/apk/db/installed": ALPINE_DB}))])

    junk = build_image([Layer(tar=b"\x00not a tar\x00" * 100, blob=b"\x00not a tar\x00" * 100,
                              media_type=LAYER_TAR)])

    items = {"debian:12": debian, "distroless:1": distroless, "alpine:3.19": alpine,
             "junk:1": junk}
    if rpm_available():
        rpm_root = root / "fedora-rootfs"
        (rpm_root / "etc").mkdir(parents=True)
        (rpm_root / "etc/os-release").write_text('ID="fedora"\nVERSION_ID=40\n')
        make_rpmdb(rpm_root, root, RPM_PACKAGES)
        items["fedora:40"] = build_image([zstd_layer(tar_of(rpm_root))])
        w["rpm_root"] = rpm_root

    for name, item in items.items():
        repo, tag = name.split(":")
        w["images"][repo] = push_image(registry, item, f"sbom/{name}", workdir=root / "oci")
        w["images"][repo]["spec_ref"] = f"{registry.host}/sbom/{name}"

    # An upstream SBOM (cosign attach sbom) on the debian index.
    w["upstream_sbom"] = Upstream(registry, "sbom/debian").attach_sbom(
        w["images"]["debian"]["digest"])

    # A chart, a manifests directory and a file.
    chart = root / "inputs" / "charts" / "demo"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.3.1\n"
                                      "description: a chart without images\n")
    (chart / "values.yaml").write_text("greeting: hello\n")
    (chart / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\n"
        "data: {greeting: {{ .Values.greeting | quote }}}\n")
    manifests = root / "inputs" / "manifests"
    manifests.mkdir()
    (manifests / "app.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app}\ndata: {mode: air-gapped}\n")
    (root / "inputs" / "docs").mkdir()
    doc = root / "inputs" / "docs" / "runbook.md"
    doc.write_text("# Runbook\nrestart the pump\n")
    w["manifest_file"], w["doc_file"] = manifests / "app.yaml", doc

    spec = write_spec(root / "spec.yaml", [i["spec_ref"] for i in w["images"].values()],
                      name="sbom-test", version="1.2.0",
                      extra=(f"charts:\n  - {{path: {chart}}}\n"
                             f"manifests:\n  - {{path: {manifests}}}\n"
                             f"files:\n  - {{path: {doc}}}\n"))
    bundle = root / "sbom-test.airlock"
    create(spec, bundle, registry, "--sbom", "all")
    w["bundle"] = bundle
    w["spec"] = spec
    w["bom"] = bom_of(bundle)
    w["raw"] = {fmt: airlock_build("sbom", str(bundle), "--format", fmt, text=False).stdout
                for fmt in ("cyclonedx", "spdx")}
    w["cdx"] = json.loads(w["raw"]["cyclonedx"])
    w["spdx"] = json.loads(w["raw"]["spdx"])
    return w


def bom_image(world, repo: str) -> dict:
    ref = world["images"][repo]["spec_ref"]
    [img] = [i for i in world["bom"]["images"] if i["ref"] == ref]
    return img


# --- tests ---------------------------------------------------------------------------

def test_both_documents_are_in_the_bundle_and_validate(world, validators):
    validate_cdx, validate_spdx = validators
    assert sorted(s["mediaType"] for s in world["bom"]["sboms"]) == sorted(
        ["application/vnd.cyclonedx+json", "application/spdx+json"])
    # What `airlock-build sbom` prints is the blob the BOM lists.
    assert sorted(sha256(raw) for raw in world["raw"].values()) == sorted(
        s["digest"] for s in world["bom"]["sboms"])
    assert world["cdx"]["specVersion"] == "1.6"
    assert world["spdx"]["spdxVersion"] == "SPDX-2.3"
    assert validate_cdx(world["cdx"]) == []
    assert validate_spdx(world["spdx"]) == []


def test_debian_platforms_equal_dpkg_query(world):
    """Both platforms of the Debian index list what dpkg-query reads from the
    root file system the four layers (gzip, zstd, whiteout, gzip) make."""
    rootfs = world["debian_rootfs"]
    expected = dpkg_installed(rootfs)
    assert len(expected) > 100
    assert not set(world["dropped"]) & {name for name, _, _ in expected}
    name_version = dpkg_query_w(rootfs)

    os_release = dict(line.split("=", 1) for line in
                      Path("/usr/lib/os-release").read_text().splitlines() if "=" in line)
    os_id = os_release["ID"].strip('"')
    distro = os_id + "-" + os_release.get("VERSION_ID", "").strip('"')

    cdx, spdx = world["cdx"], world["spdx"]
    bom = bom_image(world, "debian")
    image = cdx_image(cdx, bom["ref"])
    platforms = platform_components(image)
    assert set(platforms) == {"linux/amd64", "linux/arm64/v8"}
    deps = {d["ref"]: d["dependsOn"] for d in cdx["dependencies"]}
    purl_sets = []
    for platform, component in platforms.items():
        libs = libraries(component)
        assert {(c["name"], c["version"]) for c in libs} == name_version, platform
        assert {(c["name"], c["version"], prop(c, "airlock:package:arch")) for c in libs} \
            == expected, platform
        purls = [parse_purl(c["purl"]) for c in libs]
        assert all(p["type"] == "deb" and p["namespace"] == os_id
                   and p["qualifiers"]["distro"] == distro for p in purls), platform
        assert {(p["name"], p["version"], p["qualifiers"]["arch"]) for p in purls} == expected
        assert len(deps[component["bom-ref"]]) == len(expected)
        purl_sets.append({c["purl"] for c in libs})

        # SPDX: the platform package DEPENDS_ON the same packages.
        [sp] = spdx_by_checksum(spdx, cdx_hash(component))
        spdx_libs = spdx_related(spdx, sp["SPDXID"], "DEPENDS_ON")
        assert {(p["name"], p["versionInfo"]) for p in spdx_libs} == name_version
        assert {spdx_purl(p) for p in spdx_libs} == purl_sets[-1]
    assert purl_sets[0] == purl_sets[1]


def test_distroless_and_alpine_packages(world):
    cdx = world["cdx"]
    distroless = cdx_image(cdx, bom_image(world, "distroless")["ref"])
    assert {c["name"] for c in libraries(distroless)} == world["distroless_names"]
    alpine = cdx_image(cdx, bom_image(world, "alpine")["ref"])
    assert {c["purl"] for c in libraries(alpine)} == {
        "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1",
        "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1"}
    junk = cdx_image(cdx, bom_image(world, "junk")["ref"])
    assert libraries(junk) == []
    assert "not a tar archive" in prop(junk, "airlock:scan:note")


@pytest.mark.skipif(not rpm_available(), reason="needs rpm and rpmbuild (Debian package rpm)")
def test_rpm_packages_equal_rpm_query(world):
    image = cdx_image(world["cdx"], bom_image(world, "fedora")["ref"])
    libs = libraries(image)
    got = set()
    for c in libs:
        p = parse_purl(c["purl"])
        epoch = p["qualifiers"].get("epoch")
        got.add((c["name"], (f"{epoch}:" if epoch else "") + p["version"],
                 p["qualifiers"]["arch"]))
    assert got == rpm_installed(world["rpm_root"])
    assert sorted(c["purl"] for c in libs)[0] == (
        "pkg:rpm/fedora/tiny-a@1.2.3-4.fc40?arch=noarch&distro=fedora-40&epoch=2"
        "&upstream=tiny-a-1.2.3-4.fc40.src.rpm")
    assert {c["name"]: c["licenses"][0]["license"]["name"] for c in libs} == {
        p["name"]: p["license"] for p in RPM_PACKAGES}


def test_images_carry_oci_purls_with_the_bom_digests(world):
    cdx, spdx, host = world["cdx"], world["spdx"], world["registry"].host
    assert {c["properties"][0]["value"] for c in cdx["components"]
            if c["type"] == "container"} == {i["ref"] for i in world["bom"]["images"]}
    for repo in world["images"]:
        bom = bom_image(world, repo)
        image = cdx_image(cdx, bom["ref"])
        tag = bom["ref"].rsplit(":", 1)[1]
        purl = parse_purl(image["purl"])
        assert purl == {"type": "oci", "namespace": "", "name": repo, "version": bom["digest"],
                        "qualifiers": {"repository_url": f"{host}/sbom/{repo}", "tag": tag}}, repo
        assert cdx_hash(image) == bom["digest"]
        [sp] = [p for p in spdx_by_checksum(spdx, bom["digest"])
                if p["primaryPackagePurpose"] == "CONTAINER"]
        assert spdx_purl(sp) == image["purl"]
    # The index's platforms: their manifest digests, with the architecture.
    bom = bom_image(world, "debian")
    platforms = platform_components(cdx_image(cdx, bom["ref"]))
    manifests = world["images"]["debian"]["manifests"]
    assert set(manifests) == set(platforms)
    for platform, component in platforms.items():
        purl = parse_purl(component["purl"])
        assert purl["version"] == manifests[platform] == cdx_hash(component)
        assert purl["qualifiers"]["arch"] == platform.split("/")[1]
        assert purl["qualifiers"]["repository_url"] == f"{host}/sbom/debian"


def test_charts_manifests_and_files_appear_with_their_digests(world):
    cdx, spdx, bom = world["cdx"], world["spdx"], world["bom"]
    by_kind = {}
    for c in cdx["components"]:
        kind = prop(c, "airlock:artifact:kind")
        if kind:
            by_kind.setdefault(kind, {})[c["name"]] = cdx_hash(c)
    assert [c["name"] for c in bom["charts"]] == ["demo"]
    assert by_kind["chart"] == {c["name"]: c["digest"] for c in bom["charts"]}
    assert by_kind["manifest"] == {m["name"]: m["digest"] for m in bom["manifests"]}
    assert by_kind["file"] == {f["name"]: f["digest"] for f in bom["files"]}
    # The manifest and the file are the inputs' bytes.
    assert list(by_kind["manifest"].values()) == [sha256(world["manifest_file"].read_bytes())]
    assert list(by_kind["file"].values()) == [sha256(world["doc_file"].read_bytes())]
    for digest in [*by_kind["chart"].values(), *by_kind["manifest"].values(),
                   *by_kind["file"].values()]:
        [sp] = spdx_by_checksum(spdx, digest)
        assert sp["primaryPackagePurpose"] in ("APPLICATION", "FILE")


def test_upstream_sbom_is_referenced_from_its_image(world):
    attached = world["upstream_sbom"]
    bom = bom_image(world, "debian")
    assert attached.bom_entry()["digest"] in [a["digest"] for a in bom["attachments"]]
    cdx, spdx = world["cdx"], world["spdx"]
    image = cdx_image(cdx, bom["ref"])
    [ref] = [r for r in image.get("externalReferences", []) if r["type"] == "bom"]
    assert ref["url"] == f"{world['registry'].host}/sbom/debian@{attached.digest}"
    assert ref["hashes"] == [{"alg": "SHA-256",
                              "content": attached.digest.removeprefix("sha256:")}]
    # No other image carries one.
    for other in world["images"]:
        if other != "debian":
            assert "externalReferences" not in cdx_image(cdx, bom_image(world, other)["ref"])
    [image_pkg] = [p for p in spdx_by_checksum(spdx, bom["digest"])
                   if p["primaryPackagePurpose"] == "CONTAINER"]
    [described_by] = spdx_related(spdx, image_pkg["SPDXID"], "DESCRIBED_BY")
    assert described_by["checksums"] == [{"algorithm": "SHA256",
                                          "checksumValue": attached.digest.removeprefix("sha256:")}]


def test_schema_validators_reject_broken_documents(world, validators):
    """The oracles are not vacuous: a document with a wrong field fails each."""
    validate_cdx, validate_spdx = validators
    cdx, spdx = json.loads(world["raw"]["cyclonedx"]), json.loads(world["raw"]["spdx"])
    assert validate_cdx(cdx) == [] and validate_spdx(spdx) == []
    cdx["components"][0]["type"] = "not-a-type"
    spdx["packages"][0]["checksums"] = [{"algorithm": "SHA3000", "checksumValue": "x"}]
    assert validate_cdx(cdx)
    assert validate_spdx(spdx)


def test_cached_scans_make_the_same_sbom_without_inflating_again(world, tmp_path):
    """With --cache, a layer scanned once is not scanned again: the second
    build inflates nothing and its SBOM lists exactly what a fresh scan does."""
    cache = tmp_path / "cache"
    runs = []
    for n in (1, 2):
        out = tmp_path / f"{n}.airlock"
        summary = json.loads(create(world["spec"], out, world["registry"], "--sbom", "cyclonedx",
                                    "--cache", str(cache)).stdout)
        doc = json.loads(airlock_build("sbom", str(out), "--format", "cyclonedx").stdout)
        runs.append((summary, doc))
    (first, cdx1), (second, cdx2) = runs
    layers = sum(1 for b in world["bom"]["blobs"] if "layer" in b["mediaType"]
                 or "rootfs" in b["mediaType"])
    assert first["layersScanned"] == layers and first["scansFromCache"] == 0, first
    assert second["layersScanned"] == 0 and second["scansFromCache"] == layers, second
    entries = list((cache / "sbom-scans").rglob("*.json"))
    assert len(entries) == layers

    def packages(doc):
        return sorted(json.dumps(c, sort_keys=True) for c in doc["components"])
    assert packages(cdx1) == packages(cdx2) == packages(world["cdx"])

    # An entry that no longer reads as one is scanned again, with a warning.
    entries[0].write_text("{not json")
    out = tmp_path / "3.airlock"
    third = create(world["spec"], out, world["registry"], "--sbom", "cyclonedx", "--cache",
                   str(cache))
    summary = json.loads(third.stdout)
    assert summary["layersScanned"] == 1 and summary["scansFromCache"] == layers - 1
    assert "ignoring the cached scan" in third.stderr
    cdx3 = json.loads(airlock_build("sbom", str(out), "--format", "cyclonedx").stdout)
    assert packages(cdx3) == packages(cdx1)
