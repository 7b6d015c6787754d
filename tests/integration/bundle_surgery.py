"""Byte-level edits of bundle files for hostile-input tests. Written against
the tar format itself (ustar headers), not airlock's code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

BLOCK = 512


def padded(n: int) -> int:
    return (n + BLOCK - 1) // BLOCK * BLOCK


def entries(path: Path) -> list[dict]:
    """Every entry: name, size, header offset, data offset, typeflag."""
    out = []
    data = path.read_bytes()
    off = 0
    while off + BLOCK <= len(data):
        h = data[off:off + BLOCK]
        if h == b"\0" * BLOCK:
            break
        name = h[:100].rstrip(b"\0").decode()
        size = int(h[124:136].rstrip(b"\0 ").decode() or "0", 8)
        out.append({"name": name, "size": size, "header": off, "data": off + BLOCK,
                    "type": chr(h[156])})
        off += BLOCK + padded(size)
    return out


def entry(path: Path, name: str) -> dict:
    return next(e for e in entries(path) if e["name"] == name)


def rewrite_header(path: Path, index: int, *, name: str | None = None, size: int | None = None,
                   typeflag: str | None = None, linkname: str | None = None) -> None:
    e = entries(path)[index]
    with open(path, "r+b") as f:
        f.seek(e["header"])
        h = bytearray(f.read(BLOCK))
        if name is not None:
            h[0:100] = name.encode().ljust(100, b"\0")
        if size is not None:
            h[124:136] = f"{size:011o}\0".encode()
        if typeflag is not None:
            h[156] = ord(typeflag)
        if linkname is not None:
            h[157:257] = linkname.encode().ljust(100, b"\0")
        h[148:156] = b" " * 8
        h[148:156] = f"{sum(h):06o}\0 ".encode()
        f.seek(e["header"])
        f.write(h)


def read_slot(path: Path) -> bytes:
    e = entry(path, "airlock/signatures.json")
    with open(path, "rb") as f:
        f.seek(e["data"])
        return f.read(e["size"])


def write_slot(path: Path, slot: bytes) -> None:
    e = entry(path, "airlock/signatures.json")
    assert len(slot) == e["size"]
    with open(path, "r+b") as f:
        f.seek(e["data"])
        f.write(slot)


def set_envelopes(path: Path, envelopes: list) -> None:
    body = json.dumps({"envelopes": envelopes}).encode()
    write_slot(path, body.ljust(len(read_slot(path)), b" "))


def envelopes(path: Path) -> list:
    return json.loads(read_slot(path))["envelopes"]


def flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x01]))


def copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst
