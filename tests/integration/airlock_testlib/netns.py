"""An air gap for the test process itself: a network namespace with loopback only.

    with airgap():
        reg = Registry(...).start()        # listens on the namespace's 127.0.0.1
        ctrd = Containerd(...).start()     # and so does everything else
        ...                                # nothing can reach a non-loopback address
    # back in the original namespace; the processes started inside stay in it

`unshare -n CMD` isolates one command (see test_load_oci.py). When a test needs
several cooperating processes in the *same* namespace (a registry, containerd,
ctr, skopeo) and the test's own Python code talking to them, the simplest way is
to move the test process: unshare(CLONE_NEWNET) on the (only) thread, bring `lo`
up, and setns() back afterwards. Every child started in between inherits the
namespace. Stop those children before leaving (the fixtures do): they stay in
the namespace, unreachable from the host.

Needs root (CAP_SYS_ADMIN) and a single-threaded process: a namespace switch
applies to the calling thread only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import subprocess
import time
from pathlib import Path

CLONE_NEWNET = 0x40000000

_libc = ctypes.CDLL(None, use_errno=True)


class AirgapError(RuntimeError):
    pass


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise AirgapError(f"{what}: {os.strerror(err)} (errno {err})")


def current_netns() -> str:
    """`net:[inode]` of this thread's network namespace."""
    return os.readlink("/proc/thread-self/ns/net")


def interfaces() -> list[str]:
    """Names of this thread's network interfaces (["lo"] in the air gap).

    From /proc/thread-self/net/dev: /sys/class/net shows the namespace of
    whoever mounted sysfs, not ours."""
    lines = Path("/proc/thread-self/net/dev").read_text().splitlines()[2:]
    return sorted(line.split(":", 1)[0].strip() for line in lines)


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


@contextlib.contextmanager
def airgap():
    """Run the body (and every process it starts) in a fresh network namespace
    whose only interface is `lo` (up, 127.0.0.1 and ::1). Yields the
    namespace id (`net:[inode]`); restores the original namespace on exit."""
    deadline = time.monotonic() + 3   # e.g. a stopped server's handler threads exiting
    while _threads() != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    if _threads() != 1:
        raise AirgapError(f"the process has {_threads()} threads; a namespace switch would only "
                          "move one of them (start no threads before airgap())")
    original = os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    try:
        _check(_libc.unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET) (root needed)")
        try:
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True,
                           stdin=subprocess.DEVNULL, capture_output=True)
            if interfaces() != ["lo"]:
                raise AirgapError(f"unexpected interfaces in the new namespace: {interfaces()}")
            yield current_netns()
        finally:
            _check(_libc.setns(original, CLONE_NEWNET), "setns back to the original namespace")
    finally:
        os.close(original)


def in_airgap() -> bool:
    """True when the only network interface here is loopback."""
    return interfaces() == ["lo"]
