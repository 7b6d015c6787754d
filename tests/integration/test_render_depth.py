"""Values and templates nested far deeper than an ordinary C++ stack allows
render as Go renders them (Helm's stack grows to 1 GB; ours is a 1 GiB
thread stack), and input that exhausts even that ends in one line and exit
3, not a crash. Run through the real airlock-build."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

from airlock_testlib.tools import airlock_build_bin
from airlock_testlib.exit_codes import INVALID_INPUT

HOOKED = os.environ.get("AIRLOCK_TEST_HOOKS") == "1"


def chart(root: Path, depth: int) -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: deep\nversion: 0.1.0\n")
    # A list nested `depth` deep, printed (%v) and marshalled (toJson).
    (root / "templates" / "a.yaml").write_text(
        "# {{ $v := list }}{{ range until %d }}{{ $v = list $v }}{{ end }}"
        '{{ printf "%%v" $v | len }} {{ toJson $v | len }}\n' % depth)
    return root


def template(path: Path, env=None, limit_address_space=None):
    def limit():
        if limit_address_space:
            resource.setrlimit(resource.RLIMIT_AS, (limit_address_space, limit_address_space))
    return subprocess.run([str(airlock_build_bin()), "template", "r", str(path)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, preexec_fn=limit)


def test_deep_values_render_as_in_go(tmp_path):
    r = template(chart(tmp_path / "c", 100_000))
    assert r.returncode == 0, r.stderr
    # "[[[...]]]" and the same in JSON: two brackets a level.
    assert r.stdout.splitlines()[-1] == "# 200002 200002"


def test_a_stack_exhausted_is_one_line_and_exit_3(tmp_path):
    if HOOKED:
        # The sanitizer tree: ASan cannot run under an address-space limit,
        # so the test build's seam shrinks the stack instead.
        r = template(chart(tmp_path / "c", 200_000), env={"AIRLOCK_TEST_STACK_MIB": "16"})
    else:
        # The release tree: with 900 MB of address space the 1 GiB stack
        # cannot be had, the renderer falls back to 256 MiB, and 3 million
        # levels exhaust it.
        r = template(chart(tmp_path / "c", 3_000_000), limit_address_space=900 << 20)
    assert r.returncode == INVALID_INPUT, (r.returncode, r.stderr[-2000:])
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and "rendering chart deep: input nested too deeply" in lines[0], lines
