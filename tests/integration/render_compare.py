"""Comparing two `helm template`-shaped streams the way the renderer is judged:
per `# Source:` template, each document as parsed YAML (formatting inside a
document may differ), leaving out values that differ between two runs of
real Helm (random functions), as listed in a volatile file:
SOURCE<TAB>DOCUMENT-INDEX<TAB>JSON-PATH."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

_SEPARATOR = re.compile(r"(?m)^---\s*$")
_SOURCE = re.compile(r"(?m)^# Source: (.+)$")


def documents_by_source(text: str) -> dict[str, list]:
    """Every parsed document of the stream, grouped by its template."""
    out: dict[str, list] = {}
    for chunk in _SEPARATOR.split(text):
        m = _SOURCE.search(chunk)
        if not m:
            continue
        source = m.group(1).strip()
        try:
            docs = [d for d in yaml.safe_load_all(chunk) if d is not None]
        except yaml.YAMLError as e:
            docs = [f"<unparsable: {e}>"]
        out.setdefault(source, []).extend(docs)
    return out


def _mask(doc, path: list) -> None:
    node = doc
    for i, key in enumerate(path):
        last = i == len(path) - 1
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            if last:
                node[key] = "<volatile>"
            else:
                node = node[key]
        elif isinstance(node, dict) and key in node:
            if last:
                node[key] = "<volatile>"
            else:
                node = node[key]
        else:
            return


def mask_volatile(groups: dict[str, list], volatile: Path | None) -> None:
    if volatile is None or not volatile.exists():
        return
    for line in volatile.read_text().splitlines():
        if not line.strip():
            continue
        source, index, path = line.split("\t")
        docs = groups.get(source, [])
        if int(index) < len(docs):
            _mask(docs[int(index)], json.loads(path))


def differences(expected: str, got: str, volatile: Path | None = None) -> list[str]:
    """The templates whose documents differ, as readable lines; [] when equal."""
    a, b = documents_by_source(expected), documents_by_source(got)
    mask_volatile(a, volatile)
    mask_volatile(b, volatile)

    def canonical(d):
        return yaml.safe_dump(d, sort_keys=True)

    out = []
    for source in sorted(set(a) | set(b)):
        if source not in b:
            out.append(f"missing: {source}")
        elif source not in a:
            out.append(f"extra: {source}")
        else:
            da = sorted(map(canonical, a[source]))
            db = sorted(map(canonical, b[source]))
            if da != db:
                first = next((x, y) for x, y in zip(da + [""] * len(db), db + [""] * len(da))
                             if x != y)
                out.append(f"differs: {source}\n  expected: {first[0][:600]!r}\n"
                           f"  got:      {first[1][:600]!r}")
    return out


def container_images(text: str) -> set[str]:
    """`image` of every container, init container and ephemeral container."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key in ("containers", "initContainers", "ephemeralContainers"):
                items = node.get(key)
                if isinstance(items, list):
                    for c in items:
                        if isinstance(c, dict) and isinstance(c.get("image"), str):
                            found.add(c["image"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for docs in documents_by_source(text).values():
        for d in docs:
            walk(d)
    return found
