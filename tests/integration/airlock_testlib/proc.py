"""Running commands and managing background servers.

Every external command goes through `run`, which captures output and puts it
in the exception on failure. Background servers are `Server` objects: each is
started in its own process group and the whole group is killed on stop, so a
test never leaves a process behind.
"""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Mapping, Sequence

# Proxy variables are removed from every child's environment: tests talk to
# loopback only, and a proxy would be a route off the machine.
_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy",
               "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY")

_isolated_home: Path | None = None


def isolated_home() -> Path:
    """An empty HOME shared by the commands of this test process.

    skopeo and friends read credentials and configuration from HOME
    (~/.docker/config.json, ~/.config/containers/...). Tests must see only
    what they pass explicitly, never the developer's own files.
    """
    global _isolated_home
    if _isolated_home is None:
        _isolated_home = Path(tempfile.mkdtemp(prefix="airlock-test-home-"))
        atexit.register(shutil.rmtree, _isolated_home, True)
    return _isolated_home


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for child processes: no proxies, no user config."""
    env = {k: v for k, v in os.environ.items() if k not in _PROXY_VARS}
    for name in ("REGISTRY_AUTH_FILE", "DOCKER_CONFIG", "XDG_RUNTIME_DIR",
                 "XDG_CONFIG_HOME", "CONTAINERS_REGISTRIES_CONF",
                 "CONTAINERS_STORAGE_CONF"):
        env.pop(name, None)
    env["HOME"] = str(isolated_home())
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    if extra:
        env.update(extra)
    return env


class CommandError(AssertionError):
    """A command failed; the message holds the command line and its output."""

    def __init__(self, result: subprocess.CompletedProcess, note: str = ""):
        self.result = result
        super().__init__(format_result(result, note))


def _tail(data, limit: int = 8000) -> str:
    if data is None:
        return ""
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    if len(data) > limit:
        data = "[... %d chars cut ...]\n" % (len(data) - limit) + data[-limit:]
    return data


def format_result(result: subprocess.CompletedProcess, note: str = "") -> str:
    cmd = result.args if isinstance(result.args, str) else shlex.join(map(str, result.args))
    lines = []
    if note:
        lines.append(note)
    lines.append(f"command: {cmd}")
    lines.append(f"exit code: {result.returncode}")
    lines.append("--- stdout ---\n" + _tail(result.stdout))
    lines.append("--- stderr ---\n" + _tail(result.stderr))
    return "\n".join(lines)


def run(cmd: Sequence, *, check: bool = True, text: bool = True,
        input=None, env: Mapping[str, str] | None = None,
        extra_env: Mapping[str, str] | None = None,
        cwd=None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `cmd`, capturing stdout and stderr.

    With check=True (the default) a non-zero exit raises CommandError whose
    message shows the command and both streams, so pytest prints them.
    `env` replaces the environment entirely; otherwise the child gets
    `clean_env(extra_env)`. text=False returns stdout/stderr as bytes.
    """
    argv = [str(a) for a in cmd]
    if env is None:
        env = clean_env(extra_env)
    # Own process group, so a timeout (or an interrupted test) kills the
    # command and everything it started.
    with subprocess.Popen(argv, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=text,
                          errors="replace" if text else None, env=env, cwd=cwd,
                          start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(input, timeout=timeout)
        except BaseException:
            _signal_group(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            result = subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)
            if isinstance(sys.exc_info()[1], subprocess.TimeoutExpired):
                raise CommandError(result, f"timed out after {timeout} s") from None
            raise
    result = subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)
    if check and result.returncode != 0:
        raise CommandError(result)
    return result


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A background process in its own process group, logging to a file.

    stop() sends SIGTERM to the group, then SIGKILL after a grace period.
    The servers we start (docker-registry) are single processes; the group
    signal also reaches anything they might fork.
    """

    def __init__(self, argv: Sequence, log_file: Path, *, env=None, cwd=None):
        self.argv = [str(a) for a in argv]
        self.log_file = Path(log_file)
        self._log: IO[bytes] | None = open(self.log_file, "ab")
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     env=env if env is not None else clean_env(),
                                     cwd=cwd, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def running(self) -> bool:
        return self.proc.poll() is None

    def log_text(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, grace: float = 5.0) -> None:
        if self.proc.poll() is None:
            _signal_group(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                # Signal the group only while its leader is unreaped, so the
                # id cannot have been reused by an unrelated process.
                _signal_group(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=grace)
        if self._log is not None:
            self._log.close()
            self._log = None


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_for_port(port: int, timeout: float = 10, what: str | None = None) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:`port`."""
    def accepting():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False
    wait_until(accepting, timeout, what=what or f"a listener on 127.0.0.1:{port}")


def wait_until(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Poll `predicate` until it returns a truthy value; return that value."""
    deadline = time.monotonic() + timeout
    last_exc = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - reported below
            last_exc = exc
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout} s"
                               + (f" (last error: {last_exc!r})" if last_exc else ""))
        time.sleep(interval)
