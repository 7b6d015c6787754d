"""Byte-level edits of bundle files for hostile-input tests. Written against
the tar format itself (ustar headers), not airlock's code."""

from __future__ import annotations

import hashlib
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


REGION = 32 * 1024


def slot_region(content: dict) -> bytes:
    """One region of the signature slot, as airlock writes it: the content
    with a sha256 check over its compact, key-sorted JSON."""
    body = {"generation": content["generation"], "envelopes": content["envelopes"],
            "trustUpdates": content.get("trustUpdates", [])}
    compact = json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    body["check"] = hashlib.sha256(compact.encode()).hexdigest()
    text = json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
    assert len(text) <= REGION
    return text.ljust(REGION, b" ")


def slot_regions(path: Path) -> list:
    """Both regions: the parsed document, or None when blank or not JSON."""
    slot = read_slot(path)
    out = []
    for i in (0, 1):
        text = slot[i * REGION:(i + 1) * REGION].strip()
        try:
            out.append(json.loads(text) if text else None)
        except ValueError:
            out.append(None)
    return out


def slot_content(path: Path) -> dict:
    """The content the loader reads: the intact region with the highest generation."""
    best = None
    for doc in slot_regions(path):
        if doc is None:
            continue
        body = {k: v for k, v in doc.items() if k != "check"}
        compact = json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        if hashlib.sha256(compact.encode()).hexdigest() != doc.get("check"):
            continue
        if best is None or doc["generation"] > best["generation"]:
            best = doc
    return best or {"generation": 0, "envelopes": [], "trustUpdates": []}


def set_slot(path: Path, content: dict) -> None:
    """The slot holding `content` in region 0 and nothing in region 1."""
    write_slot(path, slot_region(content) + b" " * REGION)


def set_envelopes(path: Path, envelopes: list) -> None:
    set_slot(path, {"generation": 1, "envelopes": envelopes})


def envelopes(path: Path) -> list:
    return slot_content(path)["envelopes"]


def flip_byte(path: Path, offset: int) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x01]))


def copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst
