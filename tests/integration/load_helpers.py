"""Assertions shared by the airlock-load integration tests: a load or verify
that must succeed, or must be refused with one exit code and one line."""

from __future__ import annotations

import json


def loaded(r) -> dict:
    """The --json summary of a load that must succeed ({} without --json)."""
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if r.stdout.startswith("{") else {}


def refused(r, code, *needles):
    """Exit `code`, exactly one "error:" line on stderr, naming every needle."""
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = [line for line in r.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]
