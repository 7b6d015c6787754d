"""Oracles for the bundle SBOMs: the published JSON schemas, and the package
managers' own tools reading the same databases.

- CycloneDX 1.6: the schema files the npm package @cyclonedx/cyclonedx-library
  ships (res/schema/bom-1.6, spdx and jsf-0.82), fetched once with `npm pack`
  into ${AIRLOCK_SBOM_SCHEMA_CACHE:-~/.cache/airlock/cyclonedx-library-<v>},
  outside the clone, and checked against a pinned digest.
- SPDX 2.3: spdx-2.3.schema.json beside this file, the schema of the SPDX
  specification (spdx/spdx-spec, branch support/2.3, schemas/spdx-schema.json
  at commit 214f23d34ee287cb1db5b31c3d571af291e836f3; CC-BY-3.0) with its
  description texts removed: the structure is the specification's, kept here
  because no Debian or npm package ships it and tests reach nothing else.
- dpkg-query --admindir and rpm --dbpath read what the scanner reads.

Validation uses Debian's python3-jsonschema (draft 7, as both schemas are).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import jsonschema

CYCLONEDX_PACKAGE = "@cyclonedx/cyclonedx-library@10.3.0"
CYCLONEDX_TGZ_SHA256 = "9833bd949052eb18218dd64b13ad62d9246f7395eef01c66dad08fcbacf74f01"
_CDX_FILES = {  # file in the package -> the URI the schemas use for it
    "bom-1.6.SNAPSHOT.schema.json": "http://cyclonedx.org/schema/bom-1.6.schema.json",
    "spdx.SNAPSHOT.schema.json": "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json",
    "jsf-0.82.SNAPSHOT.schema.json": "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json",
}
SPDX_SCHEMA = Path(__file__).resolve().parent / "spdx-2.3.schema.json"


def cyclonedx_schema_dir() -> Path:
    """The directory holding the three CycloneDX schema files (fetched once)."""
    version = CYCLONEDX_PACKAGE.rsplit("@", 1)[1]
    default = Path.home() / ".cache" / "airlock" / f"cyclonedx-library-{version}"
    cache = Path(os.environ.get("AIRLOCK_SBOM_SCHEMA_CACHE", default))
    if all((cache / name).is_file() for name in _CDX_FILES):
        return cache
    if shutil.which("npm") is None:
        raise RuntimeError("npm is needed to fetch the CycloneDX schemas (" + CYCLONEDX_PACKAGE + ")")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["npm", "pack", "--silent", "--cache", str(Path(work) / "npm-cache"),
                        CYCLONEDX_PACKAGE], cwd=work, check=True, capture_output=True,
                       timeout=300)
        tgz = next(Path(work).glob("cyclonedx-cyclonedx-library-*.tgz"))
        digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
        if digest != CYCLONEDX_TGZ_SHA256:
            raise RuntimeError(f"{CYCLONEDX_PACKAGE} is not the pinned tarball ({digest})")
        staging = Path(work) / "schemas"
        staging.mkdir()
        with tarfile.open(tgz) as tar:
            for name in _CDX_FILES:
                member = tar.extractfile(f"package/res/schema/{name}")
                (staging / name).write_bytes(member.read())
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + f".tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(staging, tmp)
        shutil.rmtree(cache, ignore_errors=True)
        os.replace(tmp, cache)
    return cache


def _errors(validator) -> list[str]:
    def fn(document) -> list[str]:
        return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
                for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]
    return fn


def cyclonedx_validator():
    """fn(document) -> list of schema errors (empty when valid)."""
    directory = cyclonedx_schema_dir()
    store = {}
    for name, uri in _CDX_FILES.items():
        contents = json.loads((directory / name).read_text())
        store[uri] = contents
        if "$id" in contents:
            store[contents["$id"]] = contents
    schema = json.loads((directory / "bom-1.6.SNAPSHOT.schema.json").read_text())
    # Debian 12's jsonschema (4.10) resolves $ref through RefResolver.
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    validator = jsonschema.Draft7Validator(schema, resolver=resolver,
                                           format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return _errors(validator)


def spdx_validator():
    schema = json.loads(SPDX_SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema,
                                           format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return _errors(validator)


# --- package manager oracles -------------------------------------------------

def dpkg_installed(rootfs: Path) -> set[tuple[str, str, str]]:
    """(name, version, arch) of every installed package, as dpkg-query sees them."""
    out = subprocess.run(
        ["dpkg-query", f"--admindir={rootfs}/var/lib/dpkg", "-W",
         "-f=${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\n"],
        check=True, capture_output=True, text=True).stdout
    rows = set()
    for line in out.splitlines():
        status, name, version, arch = line.split("\t")
        if status == "installed":
            rows.add((name, version, arch))
    return rows


def dpkg_query_w(rootfs: Path) -> set[tuple[str, str]]:
    """`dpkg-query --admindir=<rootfs>/var/lib/dpkg -W` as (name, version), the
    ':arch' that Multi-Arch: same packages carry taken off."""
    out = subprocess.run(["dpkg-query", f"--admindir={rootfs}/var/lib/dpkg", "-W"],
                         check=True, capture_output=True, text=True).stdout
    return {(n.split(":")[0], v) for n, v in (line.split("\t") for line in out.splitlines())}


def rpm_available() -> bool:
    return shutil.which("rpm") is not None and shutil.which("rpmbuild") is not None


def make_rpmdb(rootfs: Path, work: Path, packages: list[dict]) -> None:
    """Builds tiny noarch rpms with rpmbuild and records them in
    <rootfs>/var/lib/rpm/rpmdb.sqlite with `rpm -i --justdb`."""
    top = work / "rpmbuild"
    (top / "SPECS").mkdir(parents=True, exist_ok=True)
    dbpath = rootfs / "var" / "lib" / "rpm"
    dbpath.mkdir(parents=True, exist_ok=True)
    subprocess.run(["rpm", "--dbpath", str(dbpath), "--initdb"], check=True, capture_output=True)
    for p in packages:
        spec = top / "SPECS" / f"{p['name']}.spec"
        lines = [f"Name: {p['name']}", f"Version: {p['version']}", f"Release: {p['release']}",
                 "Summary: airlock test package", f"License: {p['license']}", "BuildArch: noarch"]
        if "epoch" in p:
            lines.append(f"Epoch: {p['epoch']}")
        spec.write_text("\n".join(lines) + "\n%description\ntest\n%files\n")
        subprocess.run(["rpmbuild", "--define", f"_topdir {top}", "--define",
                        "_build_id_links none", "-bb", str(spec)], check=True, capture_output=True)
    rpms = sorted((top / "RPMS" / "noarch").glob("*.rpm"))
    subprocess.run(["rpm", "--dbpath", str(dbpath), "-i", "--justdb", "--nodeps", "--noscripts",
                    "--nosignature", *map(str, rpms)], check=True, capture_output=True)
    for leftover in (".rpm.lock", "rpmdb.sqlite-shm", "rpmdb.sqlite-wal"):
        (dbpath / leftover).unlink(missing_ok=True)


def rpm_installed(rootfs: Path) -> set[tuple[str, str, str]]:
    out = subprocess.run(
        ["rpm", "--dbpath", str(rootfs / "var" / "lib" / "rpm"), "-qa", "--qf",
         "%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\n"],
        check=True, capture_output=True, text=True).stdout
    return {tuple(line.split("\t")) for line in out.splitlines()}


# --- layers ------------------------------------------------------------------

def tar_of(root: Path, extra: dict[str, bytes | None] | None = None) -> bytes:
    """A layer tar of the tree under `root` (sorted, ./-relative names), plus
    `extra` entries: name -> bytes, or None for an empty whiteout marker."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        if root is not None:
            for path in sorted(root.rglob("*")):
                tar.add(path, arcname="./" + str(path.relative_to(root)), recursive=False)
        for name, data in sorted((extra or {}).items()):
            info = tarfile.TarInfo(name)
            data = data or b""
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zstd_compress(data: bytes) -> bytes:
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, check=True,
                          capture_output=True).stdout
