"""schemas/bom.schema.json held against the BOMs the builder writes, by an
independent validator: Debian's python3-jsonschema (Draft202012Validator).

The BOM is read the way any tool would: the first entry of the bundle's tar
stream (of its volumes, joined, when the bundle was split). Only the head of
the first volume is read, and the schema is compiled once per process, so
checking every bundle a test builds costs little.
"""

from __future__ import annotations

import functools
import io
import json
import re
import tarfile
from datetime import datetime
from pathlib import Path

import jsonschema

from .tools import source_dir

BOM_ENTRY = "airlock/bom.json"


def _rfc3339(value: str) -> bool:
    # python3-jsonschema checks date-time only with rfc3339-validator, which
    # Debian 12 does not install; this is the same check for what we write.
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", value):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((source_dir() / "schemas" / "bom.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(_rfc3339)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


def errors(bom) -> list[str]:
    """Every schema violation of a parsed BOM, one line each; [] when valid."""
    found = sorted(validator().iter_errors(bom), key=lambda e: list(map(str, e.absolute_path)))
    return [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def check(bom, where: str = "bom.json") -> None:
    problems = errors(bom)
    assert not problems, f"{where} breaks schemas/bom.schema.json:\n  " + "\n  ".join(problems)


class _Joined(io.RawIOBase):
    """The volumes of a split bundle read as one stream."""

    def __init__(self, paths: list[Path]):
        self._paths = list(paths)
        self._file = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._file is None:
                if not self._paths:
                    return 0
                self._file = open(self._paths.pop(0), "rb")
            n = self._file.readinto(buffer)
            if n:
                return n
            self._file.close()
            self._file = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def volumes(bundle: Path) -> list[Path]:
    """The bundle itself, or its volumes X.001, X.002, ... when it was split."""
    bundle = Path(bundle)
    if bundle.exists():
        return [bundle]
    return sorted(bundle.parent.glob(bundle.name + ".[0-9][0-9][0-9]"))


def bom_bytes(bundle: Path) -> bytes:
    """The exact bytes of the bundle's first entry, which must be airlock/bom.json."""
    parts = volumes(bundle)
    assert parts, f"no bundle at {bundle}"
    with _Joined(parts) as raw, tarfile.open(fileobj=io.BufferedReader(raw), mode="r|") as tar:
        first = tar.next()
        assert first is not None and first.name == BOM_ENTRY and first.isfile(), \
            f"{bundle}: the first entry is {first.name if first else None}, not {BOM_ENTRY}"
        return tar.extractfile(first).read()


def check_bundle(bundle: Path) -> dict:
    """Validate the BOM of a built bundle (or its volumes); returns it parsed."""
    data = bom_bytes(bundle)
    # The builder may pad the entry with spaces before the final newline.
    assert data.endswith(b"\n"), f"{bundle}: bom.json does not end with a newline"
    bom = json.loads(data)
    check(bom, f"{bundle}:{BOM_ENTRY}")
    return bom
