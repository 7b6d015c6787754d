#!/usr/bin/python3
"""`airlock-build template` against real `helm template` (Helm v4.1.4) on the
chart corpus in ../shared/charts with the cases of ../shared/charts-expected
(each chart's defaults, and its `features` values file), the same arguments
for both:

    TOOL template release CHART --namespace default --kube-version 1.31.0 [-f CASE.values.yaml]

One process per render for both tools, so start-up counts for both; the runs
alternate between the tools, --repeat times each (default 10), and the median
wall time is shown with the peak RSS (from one more, untimed, run under
/usr/bin/time; the timed runs are the tool alone, with no wrapper process). Targets, printed and not enforced: airlock at least 5x faster
than Helm on every chart, and under 64 MiB peak RSS.

    /usr/bin/python3 bench/template_bench.py [--repeat 10] [--bin-dir build/release] [--helm PATH]
    bench/template_bench.sh ...      # builds the programs and fetches Helm first
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TARGET_RATIO = 5.0
TARGET_RSS_MIB = 64.0


def run_once(cmd: list[str]) -> float:
    """Wall seconds. The tool is the direct child, so no wrapper process
    adds its own start-up to either tool's time; output goes to a file."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.run(cmd, stdout=out, stderr=err)
        took = time.monotonic() - start
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read().decode()[-2000:]}")
    return took


def peak_rss_mib(cmd: list[str]) -> float:
    """Peak RSS of one more run under /usr/bin/time (a process's peak RSS
    starts at its parent's, so a Python parent would hide small figures)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024


def cases() -> list[tuple[str, str]]:
    out = []
    for chart in sorted((SHARED / "charts-expected").iterdir()):
        if chart.is_dir():
            for rendered in sorted(chart.glob("*.rendered.yaml")):
                out.append((chart.name, rendered.name.split(".")[0]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--bin-dir", type=Path, default=ROOT / "build" / "release")
    parser.add_argument("--helm", type=Path, help="helm binary (default: fetch the oracle)")
    parser.add_argument("--json-file", type=Path, help="also write the figures here")
    args = parser.parse_args()

    airlock = args.bin_dir / "builder" / "airlock-build"
    helm = args.helm or Path(subprocess.run([str(ROOT / "scripts" / "install-helm-oracle.sh")],
                                            check=True, capture_output=True,
                                            text=True).stdout.strip())
    version = subprocess.run([str(helm), "version", "--short"], capture_output=True,
                             text=True).stdout.strip()
    print(f"airlock-build: {airlock}\nhelm: {helm} ({version})\n"
          f"median of {args.repeat} runs each, one process per render\n")
    header = (f"{'chart':26} {'case':9} {'airlock ms':>10} {'helm ms':>9} {'ratio':>7} "
              f"{'airlock MiB':>11} {'helm MiB':>9}  verdict")
    print(header)
    print("-" * len(header))
    rows = []
    ok = True
    for chart, case in cases():
        argv = ["template", "release", str(SHARED / "charts" / chart), "--namespace", "default",
                "--kube-version", "1.31.0"]
        if case != "default":
            argv += ["-f", str(SHARED / "charts-expected" / chart / f"{case}.values.yaml")]
        # One untimed run of each, under /usr/bin/time, warms the page cache
        # and gives the peak RSS.
        a_rss = peak_rss_mib([str(airlock), *argv])
        h_rss = peak_rss_mib([str(helm), *argv])
        a_times, h_times = [], []
        for _ in range(args.repeat):
            a_times.append(run_once([str(airlock), *argv]))
            h_times.append(run_once([str(helm), *argv]))
        a_ms = statistics.median(a_times) * 1000
        h_ms = statistics.median(h_times) * 1000
        ratio = h_ms / a_ms
        verdict = "PASS" if ratio >= TARGET_RATIO and a_rss < TARGET_RSS_MIB else "FAIL"
        ok = ok and verdict == "PASS"
        print(f"{chart:26} {case:9} {a_ms:10.1f} {h_ms:9.1f} {ratio:6.1f}x "
              f"{a_rss:11.1f} {h_rss:9.1f}  {verdict}")
        rows.append({"chart": chart, "case": case, "airlockMs": a_ms, "helmMs": h_ms,
                     "ratio": ratio, "airlockRssMiB": a_rss, "helmRssMiB": h_rss})
    print(f"\ntargets: >= {TARGET_RATIO:.0f}x helm on every chart, peak RSS < "
          f"{TARGET_RSS_MIB:.0f} MiB: {'all met' if ok else 'NOT all met'}")
    if args.json_file:
        args.json_file.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
