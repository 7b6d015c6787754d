"""The test clock (AIRLOCK_TEST_CLOCK_OFFSET) exists only in binaries built
with AIRLOCK_TEST_HOOKS: in those it moves every validity check, and in the
release build it is compiled out, so setting it changes nothing. CTest runs
this file in both trees; each checks the half that applies to its binaries."""

from __future__ import annotations

import os

import pytest

from airlock_testlib import run
from airlock_testlib.tools import airlock_build_bin, airlock_load_bin
from build_helpers import create
from load_helpers import refused
from airlock_testlib.exit_codes import EXPIRED

HOOKED = os.environ.get("AIRLOCK_TEST_HOOKS") == "1"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = tmp_path_factory.mktemp("clock")
    (root / "notes.txt").write_text("valid for one day\n")
    spec = root / "spec.yaml"
    spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    "metadata: {name: clock, version: 1.0.0}\n"
                    "files:\n  - {path: notes.txt}\n")
    out = root / "clock.airlock"
    create(spec, out, None, "--expires", "1d")
    return out


def verify(bundle, state, offset=None):
    extra = {"AIRLOCK_TEST_CLOCK_OFFSET": offset} if offset is not None else None
    return run([airlock_load_bin(), "verify", bundle, "--state-dir", state], check=False,
               extra_env=extra)


def test_the_test_clock_exists_only_in_test_builds(bundle, tmp_path):
    assert verify(bundle, tmp_path / "now").returncode == 0
    if HOOKED:
        refused(verify(bundle, tmp_path / "later", "+2d"), EXPIRED, "expired at")
        refused(verify(bundle, tmp_path / "earlier", "-1d"), EXPIRED, "not valid before")
        return
    for offset in ("+2d", "-1d", "+36500d"):
        r = verify(bundle, tmp_path / offset, offset)
        assert r.returncode == 0, (offset, r.stderr)
    # Not merely unused: the name is nowhere in either program.
    for program in (airlock_load_bin(), airlock_build_bin()):
        data = program.read_bytes()
        for seam in (b"AIRLOCK_TEST_CLOCK_OFFSET", b"AIRLOCK_TEST_STACK_MIB"):
            assert seam not in data, (program, seam)
