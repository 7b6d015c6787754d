"""Shared steps of the airlock-build integration tests: write a spec, run
create, open the bundle with standard tools (tar, json), never airlock's own.
Every bundle create() builds has its BOM checked against schemas/bom.schema.json
(airlock_testlib.bom_schema, python3-jsonschema)."""

from __future__ import annotations

import hashlib
import json
import tarfile
from pathlib import Path

from airlock_testlib import bom_schema, source_dir
from airlock_testlib.tools import airlock_build

VENDOR_KEY = source_dir() / "keys" / "dev" / "vendor.key"


def write_spec(path: Path, images: list, *, name: str = "itest", version: str = "1.0.0",
               extra: str = "") -> Path:
    lines = ["apiVersion: airlock.dev/v1", "kind: BundleSpec",
             f"metadata: {{name: {name}, version: {version}}}", "images:"]
    for img in images:
        lines.append(f"  - {img}" if isinstance(img, str) else f"  - {json.dumps(img)}")
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def create(spec: Path, out: Path, registry=None, *args, check: bool = True, key=VENDOR_KEY, **kw):
    flags = []
    if registry is not None:
        if registry.scheme == "http":
            flags += ["--plain-http", registry.host]
        else:
            flags += ["--cert-dir", str(registry.cert_dir)]
        if getattr(registry, "username", None):
            flags += ["--authfile", str(registry.authfile)]
    r = airlock_build("create", str(spec), "-o", str(out), "--key", str(key), "--json",
                      *flags, *args, check=check, **kw)
    if r.returncode == 0:
        bom_schema.check_bundle(out)
    return r


def members(bundle: Path) -> list[tarfile.TarInfo]:
    with tarfile.open(bundle, "r:") as tar:
        return tar.getmembers()


def extract(bundle: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(bundle, "r:") as tar:
        for m in tar.getmembers():
            assert m.isfile() and not m.name.startswith(("/", "..")), m.name
        tar.extractall(dest)
    return dest


def bom_of(bundle: Path) -> dict:
    with tarfile.open(bundle, "r:") as tar:
        return json.load(tar.extractfile("airlock/bom.json"))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()
