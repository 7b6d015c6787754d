"""A create killed with SIGKILL while it writes leaves its temporary volumes
beside the output (nothing under the output name). The next create of the
same output removes them, says so in one line, and succeeds; temporary files
of other outputs, and those a live process still holds, stay."""

from __future__ import annotations

import fcntl
import signal
import subprocess
import time

from airlock_testlib import bom_schema
from airlock_testlib.slowproxy import RelayServer
from airlock_testlib.tools import airlock_build_bin
from build_helpers import VENDOR_KEY, bom_of, write_spec


def leftovers(folder, output_name):
    prefix = f".airlock-tmp-{output_name}-"
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix))


def test_killed_create_is_cleaned_up_by_the_next(tmp_path, module_registry, module_images):
    relay = RelayServer(module_registry, tmp_path, delay_ms=150)
    try:
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        out = out_dir / "edge.airlock"
        spec = write_spec(tmp_path / "spec.yaml",
                          [f"{relay.host}/airlock-test/{name}:1.0" for name in ("single", "multiarch")])
        cmd = [str(airlock_build_bin()), "create", str(spec), "-o", str(out), "--key",
               str(VENDOR_KEY), "--plain-http", relay.host, "--jobs", "1", "--split", "4KiB"]

        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline and \
                not leftovers(out_dir, out.name):
            time.sleep(0.005)
        # The volumes exist and blobs are still being fetched through the slow relay.
        assert proc.poll() is None, proc.communicate()[1].decode()
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        left = leftovers(out_dir, out.name)
        assert left, "the killed create left no temporary volumes"
        assert not out.exists() and not list(out_dir.glob("edge.airlock.0*"))

        # Not this output's, or still in use: the next create must keep them.
        other = out_dir / ".airlock-tmp-other.airlock-abcdef"
        other.write_bytes(b"another build's volume")
        untagged = out_dir / ".airlock-tmp-123456"
        untagged.write_bytes(b"an untagged temporary file")
        live = out_dir / f".airlock-tmp-{out.name}-live00"
        live.write_bytes(b"a running build's volume")
        with open(live, "rb+") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        plural = "s" if len(left) > 1 else ""
        assert f"info: removed {len(left)} temporary file{plural} left by an interrupted " \
            f"build of {out}\n" in r.stderr, r.stderr
        assert leftovers(out_dir, out.name) == [live.name]
        assert other.exists() and untagged.exists()
        volumes = sorted(out_dir.glob("edge.airlock.0*"))
        assert len(volumes) > 1
        bom_schema.check_bundle(out)  # read across the volumes
        joined = tmp_path / "joined.airlock"
        joined.write_bytes(b"".join(v.read_bytes() for v in volumes))
        assert {img["ref"] for img in bom_of(joined)["images"]} == \
            {f"{relay.host}/airlock-test/{name}:1.0" for name in ("single", "multiarch")}
    finally:
        relay.stop()
