"""Exit codes by class, read from README.md's "Exit codes" table.

The table's one source is error_classes() in common/core/error.cpp; a unit
test keeps README.md equal to it. Names are the class in upper case
("invalid-input" -> INVALID_INPUT), the names a --json error carries.
"""

import re
from pathlib import Path


def _read_table() -> dict[str, int]:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| ([a-z-]+) \|", section, re.M)
    if not rows:
        raise RuntimeError("README.md has no exit-code table")
    return {name.upper().replace("-", "_"): int(code) for code, name in rows}


_TABLE = _read_table()
INTERNAL = _TABLE["INTERNAL"]
USAGE = _TABLE["USAGE"]
INVALID_INPUT = _TABLE["INVALID_INPUT"]
IO = _TABLE["IO"]
NETWORK = _TABLE["NETWORK"]
AUTH = _TABLE["AUTH"]
NOT_FOUND = _TABLE["NOT_FOUND"]
MALFORMED_BUNDLE = _TABLE["MALFORMED_BUNDLE"]
INTEGRITY = _TABLE["INTEGRITY"]
SIGNATURE = _TABLE["SIGNATURE"]
UNTRUSTED_KEY = _TABLE["UNTRUSTED_KEY"]
EXPIRED = _TABLE["EXPIRED"]
ROLLBACK = _TABLE["ROLLBACK"]
LICENSE = _TABLE["LICENSE"]
MISSING_BASE = _TABLE["MISSING_BASE"]
