"""The README's first command runs samples/demo.py after installing and
building; this runs the same script against the build under test, so the demo
stays green: the sample bundle with its chart and manifests is built, verified
and loaded in a loopback-only namespace, containerd pulls every image by its
canonical name through the generated hosts.toml and runs busybox, and the
resolver fails closed for an image the bundle does not carry."""

from __future__ import annotations

import subprocess

from airlock_testlib.tools import bin_dir, source_dir


def test_the_demo_runs_green():
    r = subprocess.run(["/usr/bin/python3", str(source_dir() / "samples" / "demo.py"),
                        str(bin_dir())], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    out = r.stdout
    assert "ctr run docker.io/library/busybox:1.36: hello from the air gap" in out
    assert "layer 3: failed closed" in out
    assert "charts/edge-web" in out
    # Every started registry and containerd stopped: no demo processes left.
    left = subprocess.run(["pgrep", "-f", str(bin_dir() / "demo")], capture_output=True)
    assert left.returncode == 1, left.stdout
