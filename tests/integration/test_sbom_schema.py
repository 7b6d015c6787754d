"""Bundle SBOMs (issue 15): CycloneDX 1.6 and SPDX 2.3 documents that validate
against the published schemas, and package lists that equal what the package
managers' own tools read from the same root file systems.

Until `airlock-build create` writes SBOMs, the tests drive builder/sbom through
the test-only tests/tools/airlock-sbom-scan, which streams each layer file
through copy_blob with the layer scanner as its sink, as `create` will.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from airlock_testlib import bin_dir
from airlock_testlib.sbom_oracle import (cyclonedx_validator, dpkg_installed, dpkg_query_w,
                                         make_rpmdb, rpm_available, rpm_installed, spdx_validator,
                                         tar_of, zstd_compress)

pytestmark = pytest.mark.skipif(not Path("/var/lib/dpkg/status").is_file(),
                                reason="needs a Debian host for the dpkg database")


def sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def scan_tool() -> Path:
    tool = bin_dir() / "tests" / "tools" / "airlock-sbom-scan"
    if not tool.exists():
        pytest.fail(f"{tool} is missing: build the airlock-sbom-scan target")
    return tool


def run_scan(work: Path, description: dict, name: str = "out") -> tuple[dict, dict, list, str]:
    spec = work / f"{name}.json"
    spec.write_text(json.dumps(description))
    cdx, spdx, pkgs = work / f"{name}.cdx.json", work / f"{name}.spdx.json", work / f"{name}.tsv"
    proc = subprocess.run([str(scan_tool()), str(spec), "--cyclonedx", str(cdx), "--spdx",
                           str(spdx), "--packages", str(pkgs)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in pkgs.read_text().splitlines()]
    return json.loads(cdx.read_text()), json.loads(spdx.read_text()), rows, proc.stderr


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


@pytest.fixture(scope="module")
def validators():
    return cyclonedx_validator(), spdx_validator()


def test_debian_image_packages_equal_dpkg_query(tmp_path):
    """Layer 1 (gzip): a Debian root file system. Layer 2 (zstd): the status
    file rewritten with five packages gone. Layer 3 (plain tar): a whiteout of
    the status file, then layer 4 puts it back. The SBOM's packages equal
    dpkg-query on the resulting root file system."""
    root = debian_rootfs(tmp_path / "rootfs")
    layer1 = tmp_path / "layer1.tar.gz"
    layer1.write_bytes(gzip.compress(tar_of(root), mtime=0))

    status, dropped = drop_paragraphs((root / "var/lib/dpkg/status").read_text(), 5)
    (root / "var/lib/dpkg/status").write_text(status)
    layer2 = tmp_path / "layer2.tar.zst"
    layer2.write_bytes(zstd_compress(tar_of(None, {"./var/lib/dpkg/status": status.encode()})))
    layer3 = tmp_path / "layer3.tar"
    layer3.write_bytes(tar_of(None, {"./var/lib/dpkg/.wh.status": None}))
    layer4 = tmp_path / "layer4.tar.gz"
    layer4.write_bytes(gzip.compress(tar_of(None, {"./var/lib/dpkg/status": status.encode()})))

    layers = [str(p) for p in (layer1, layer2, layer3, layer4)]
    description = {"name": "debian-test", "version": "1.0.0", "created": "2025-01-02T03:04:05Z",
                   "builder": "airlock-build 0.1.0",
                   "images": [{"ref": "registry.example/debian:12", "digest": sha("manifest"),
                               "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "platforms": [{"platform": "linux/amd64", "digest": sha("manifest"),
                                              "layers": layers}]}]}
    cdx, _spdx, rows, _ = run_scan(tmp_path, description)

    expected = dpkg_installed(root)
    assert len(expected) > 100
    assert not {d for d in dropped} & {name for name, _, _ in expected}
    assert {(r[1], r[2], r[3]) for r in rows} == expected
    assert {(r[1], r[2]) for r in rows} == dpkg_query_w(root)

    os_release = dict(line.split("=", 1) for line in
                      Path("/usr/lib/os-release").read_text().splitlines() if "=" in line)
    distro = os_release["ID"] + "-" + os_release.get("VERSION_ID", "").strip('"')
    purls = {r[4] for r in rows}
    assert all(p.startswith(f"pkg:deb/{os_release['ID']}/") and f"distro={distro}" in p
               for p in purls)
    image = cdx["components"][0]
    assert {c["purl"] for c in image["components"] if c["type"] == "library"} == purls
    deps = {d["ref"]: d["dependsOn"] for d in cdx["dependencies"]}
    assert len(deps[image["bom-ref"]]) == len(expected)


@pytest.mark.skipif(not rpm_available(), reason="needs rpm and rpmbuild (Debian package rpm)")
def test_rpm_image_packages_equal_rpm_query(tmp_path):
    root = tmp_path / "rootfs"
    (root / "etc").mkdir(parents=True)
    (root / "etc/os-release").write_text('ID="fedora"\nVERSION_ID=40\n')
    make_rpmdb(root, tmp_path, [
        {"name": "tiny-a", "version": "1.2.3", "release": "4.fc40", "epoch": 2,
         "license": "MIT AND (Apache-2.0 OR BSD-3-Clause)"},
        {"name": "tiny-b", "version": "0.9", "release": "1.fc40", "license": "GPL-2.0-or-later"},
    ])
    layer = tmp_path / "layer.tar.zst"
    layer.write_bytes(zstd_compress(tar_of(root)))
    description = {"name": "rpm-test", "version": "1.0.0", "created": "2025-01-02T03:04:05Z",
                   "images": [{"ref": "registry.example/fedora:40", "digest": sha("m"),
                               "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "platforms": [{"platform": "linux/amd64", "digest": sha("m"),
                                              "layers": [str(layer)]}]}]}
    cdx, _, rows, _ = run_scan(tmp_path, description)
    assert {(r[1], r[2], r[3]) for r in rows} == rpm_installed(root)
    purls = sorted(r[4] for r in rows)
    assert purls[0] == ("pkg:rpm/fedora/tiny-a@1.2.3-4.fc40?arch=noarch&distro=fedora-40&epoch=2"
                        "&upstream=tiny-a-1.2.3-4.fc40.src.rpm")
    licenses = {c["name"]: c["licenses"][0]["license"]["name"]
                for c in cdx["components"][0]["components"] if c["type"] == "library"}
    assert licenses == {"tiny-a": "MIT AND (Apache-2.0 OR BSD-3-Clause)",
                        "tiny-b": "GPL-2.0-or-later"}


def test_bundle_sboms_validate_against_the_schemas(tmp_path, validators):
    """A bundle with a two-platform Debian image (both platforms share their
    layer, scanned once), a distroless-style image (status.d), an Alpine-style
    image, an image whose layer is not a tar, charts, manifests, files and an
    upstream SBOM attachment: both documents validate, and are reproducible."""
    validate_cdx, validate_spdx = validators
    root = debian_rootfs(tmp_path / "rootfs")
    debian = tmp_path / "debian.tar.gz"
    debian.write_bytes(gzip.compress(tar_of(root), mtime=0))

    paragraphs = [p for p in Path("/var/lib/dpkg/status").read_text().split("\n\n") if p.strip()]
    distroless = {f"./var/lib/dpkg/status.d/{p.split(chr(10))[0].removeprefix('Package: ')}":
                  p.encode() + b"\n" for p in paragraphs[:3]}
    distroless["./etc/os-release"] = b'ID=debian\nVERSION_ID="12"\n'
    distroless_layer = tmp_path / "distroless.tar"
    distroless_layer.write_bytes(tar_of(None, distroless))

    alpine = tmp_path / "alpine.tar.gz"
    alpine.write_bytes(gzip.compress(tar_of(None, {
        "./etc/os-release": b"ID=alpine\nVERSION_ID=3.19.1\n",
        "./lib/apk/db/installed": b"P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT\no:musl\n\n"
                                  b"P:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n",
    }), mtime=0))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00not a tar\x00" * 100)

    def image(ref, digest_seed, platforms, **extra):
        return {"ref": ref, "digest": sha(digest_seed),
                "mediaType": "application/vnd.oci.image.index.v1+json", "platforms": platforms,
                **extra}

    description = {
        "name": "edge-stack", "version": "1.4.0", "created": "2025-01-02T03:04:05Z",
        "builder": "airlock-build 0.1.0",
        "images": [
            image("docker.io/library/debian:12", "debian-index", [
                {"platform": "linux/amd64", "digest": sha("deb-amd64"), "layers": [str(debian)]},
                {"platform": "linux/arm64/v8", "digest": sha("deb-arm64"), "layers": [str(debian)]},
            ], sboms=[{"kind": "sbom", "subject": sha("deb-amd64"), "digest": sha("sbom"),
                       "size": 500, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "artifactType": "application/spdx+json", "tag": "sha256-abc.sbom"}]),
            image("gcr.io/distroless/base@" + sha("distroless"), "distroless",
                  [{"platform": "linux/amd64", "digest": sha("distroless"),
                    "layers": [str(distroless_layer)]}]),
            image("docker.io/library/alpine:3.19", "alpine",
                  [{"platform": "linux/amd64", "digest": sha("alpine"), "layers": [str(alpine)]}]),
            image("example.com/junk:1", "junk",
                  [{"platform": "linux/amd64", "digest": sha("junk"), "layers": [str(junk)]}]),
        ],
        "charts": [{"name": "podinfo", "version": "6.8.0", "digest": sha("chart"), "size": 1000,
                    "mediaType": "application/vnd.oci.image.manifest.v1+json"}],
        "manifests": [{"name": "manifests/app.yaml", "digest": sha("yaml"), "size": 10,
                       "mediaType": "application/yaml"}],
        "files": [{"name": "docs/runbook.pdf", "digest": sha("pdf"), "size": 20,
                   "mediaType": "application/pdf"}],
    }
    cdx, spdx, rows, stderr = run_scan(tmp_path, description, "first")
    assert stderr.count(f"scan {debian}:") == 1, stderr  # shared layer read once
    assert "not a tar archive" in stderr

    assert validate_cdx(cdx) == []
    assert validate_spdx(spdx) == []

    by_platform = {}
    for r in rows:
        by_platform.setdefault(r[0], set()).add(r[4])
    assert by_platform[sha("deb-amd64")] == by_platform[sha("deb-arm64")]
    assert len(by_platform[sha("distroless")]) == 3
    assert by_platform[sha("alpine")] == {
        "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1",
        "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1"}
    assert sha("junk") not in by_platform

    cdx2, spdx2, _, _ = run_scan(tmp_path, description, "second")
    assert (tmp_path / "first.cdx.json").read_bytes() == (tmp_path / "second.cdx.json").read_bytes()
    assert (tmp_path / "first.spdx.json").read_bytes() == (tmp_path / "second.spdx.json").read_bytes()


def test_schema_validators_reject_broken_documents(tmp_path, validators):
    """The oracles are not vacuous: a document with a wrong field fails each."""
    validate_cdx, validate_spdx = validators
    description = {"name": "n", "version": "1.0.0", "created": "2025-01-02T03:04:05Z",
                   "files": [{"name": "f", "digest": sha("f"), "size": 1}]}
    cdx, spdx, _, _ = run_scan(tmp_path, description)
    assert validate_cdx(cdx) == [] and validate_spdx(spdx) == []
    cdx["components"][0]["type"] = "not-a-type"
    spdx["packages"][0]["checksums"] = [{"algorithm": "SHA3000", "checksumValue": "x"}]
    assert validate_cdx(cdx)
    assert validate_spdx(spdx)
