"""A private containerd daemon driven with ctr, and containerd's hosts.toml mirrors.

    with airgap(), Registry(tmp / "reg", ca=ca) as reg, Containerd(tmp / "ctrd") as ctrd:
        push_image(reg, busybox_image(), "library/busybox:1.36")
        hosts = tmp / "hosts.d"
        write_hosts_toml_for(hosts, "docker.io", reg)           # or write_hosts_toml(...)
        ctrd.pull("docker.io/library/busybox:1.36", hosts)
        assert ctrd.run("docker.io/library/busybox:1.36", "c1", ["echo", "hi"]) == "hi\\n"

The daemon (Debian's containerd 1.6) has its own root, state, socket, opt dir
and config (version 2) under the work dir, with the CRI and the storage plugins
that need special filesystems disabled, so it starts in a few tens of
milliseconds and shares nothing with a system containerd: its own socket, its
own ctr namespace (`airlock-test-<hex>`, which is also the cgroup parent of its
containers), runc's state under the state dir. The one thing containerd 1.6 does
not let us move is the shim sockets: /run/containerd/s/<hash of our socket path>.

ctr does the registry traffic itself (the daemon only stores content): `ctr
images pull --hosts-dir DIR` reads DIR/<registry host>/hosts.toml, so the
mirror configuration is per pull and needs nothing in the daemon's config.

hosts.toml forms that work with containerd 1.6.20 (see write_hosts_toml):

    server = "https://registry-1.docker.io"        # the upstream, tried last

    [host."http://127.0.0.1:5000"]                 # plain HTTP: the scheme is all it takes
      capabilities = ["pull", "resolve"]

    [host."https://127.0.0.1:5001"]                # TLS, test CA, client certificate
      capabilities = ["pull", "resolve"]
      ca = "/abs/ca.crt"
      client = [["/abs/client.crt", "/abs/client.key"]]

    [host."http://127.0.0.1:5000/v2/mirror"]       # repository prefix: requests go to
      capabilities = ["pull", "resolve"]           # /v2/mirror/library/busybox/...
      override_path = true

Without override_path a host path gets "/v2" appended (".../mirror/v2/library/
busybox/..."), which Distribution does not serve. Credentials are not part of
hosts.toml in 1.6: ctr takes them with `--user user:password` (Basic or token
auth, for whichever host challenges).

stop() (also on __exit__) kills and deletes every task and container of our
namespace, SIGKILLs shims that still point at our socket, kills what is left in
our cgroups, unmounts anything under our directories and removes our cgroups.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import secrets
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Sequence

from .proc import CommandError, Server, clean_env, run

CONTAINERD_BIN = "/usr/bin/containerd"
CTR_BIN = "/usr/bin/ctr"
CGROUP_ROOT = Path("/sys/fs/cgroup")
SHIM_SOCKET_DIR = Path("/run/containerd/s")   # containerd 1.6: not configurable

# Plugins a ctr pull + run does not need; most would probe or create things on
# the host (btrfs, zfs, devmapper, aufs need their filesystems; cri wants CNI,
# streaming ports and a sandbox image; the tasks service of 1.6 needs
# the v1 runtime plugin loaded, so it stays).
DISABLED_PLUGINS = (
    "io.containerd.grpc.v1.cri",
    "io.containerd.snapshotter.v1.aufs",
    "io.containerd.snapshotter.v1.btrfs",
    "io.containerd.snapshotter.v1.devmapper",
    "io.containerd.snapshotter.v1.zfs",
    "io.containerd.tracing.processor.v1.otlp",
    "io.containerd.internal.v1.tracing",
)

UPSTREAM_SERVERS = {"docker.io": "https://registry-1.docker.io"}

_MAX_SOCKET_PATH = 100   # sun_path is 108 bytes; containerd adds ".ttrpc"


def _toml(value) -> str:
    """A TOML literal for a str, bool, or list of them (JSON strings are TOML strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value))


class ContainerdStartError(RuntimeError):
    pass


class Containerd:
    """A containerd daemon of our own in `workdir`; use as a context manager.

    snapshotter: None picks overlayfs when containerd reports it usable here
    (its plugin test-mounts an overlay at start-up), else native.
    """

    def __init__(self, workdir: Path, *, snapshotter: str | None = None,
                 namespace: str | None = None, debug: bool = False,
                 start_timeout: float = 20.0):
        self.workdir = Path(workdir).resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.root = self.workdir / "root"
        self.state = self.workdir / "state"
        self.opt = self.workdir / "opt"
        self.runc_root = self.state / "runc"
        self.fifo_dir = self.state / "fifo"
        self.config_file = self.workdir / "config.toml"
        self.log_file = self.workdir / "containerd.log"
        self.namespace = namespace or f"airlock-test-{secrets.token_hex(4)}"
        self.debug = debug
        self.start_timeout = start_timeout
        self.requested_snapshotter = snapshotter
        self.snapshotter: str | None = None
        self._socket_dir: Path | None = None
        address = self.workdir / "containerd.sock"
        if len(str(address)) > _MAX_SOCKET_PATH:
            self._socket_dir = Path(tempfile.mkdtemp(prefix="airlock-ctrd-"))
            address = self._socket_dir / "containerd.sock"
        self.address = str(address)
        self.server: Server | None = None

    # --- lifecycle -----------------------------------------------------------
    def __enter__(self) -> "Containerd":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def config(self) -> str:
        """The version 2 config this daemon runs with (TOML text)."""
        lines = [
            "version = 2",
            f"root = {_toml(self.root)}",
            f"state = {_toml(self.state)}",
            f"disabled_plugins = {_toml(DISABLED_PLUGINS)}",
            "oom_score = 0",
            "",
            "[grpc]",
            f"  address = {_toml(self.address)}",
            "",
            "[ttrpc]",
            f"  address = {_toml(self.address + '.ttrpc')}",
            "",
            "[debug]",
            '  address = ""',
            f"  level = {_toml('debug' if self.debug else 'info')}",
            "",
            "[metrics]",
            '  address = ""',
            "",
            '[plugins."io.containerd.internal.v1.opt"]',
            f"  path = {_toml(self.opt)}",
            "",
            '[plugins."io.containerd.gc.v1.scheduler"]',
            '  startup_delay = "0s"',
            "",
        ]
        return "\n".join(lines)

    def start(self) -> "Containerd":
        try:
            for d in (self.root, self.state, self.opt, self.fifo_dir):
                d.mkdir(parents=True, exist_ok=True)
            self.config_file.write_text(self.config())
            self.server = Server([CONTAINERD_BIN, "--config", self.config_file], self.log_file,
                                 env=self._env(), cwd=self.workdir)
            self._wait_ready()
            self.snapshotter = self.requested_snapshotter or self._pick_snapshotter()
            return self
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while True:
            if not self.server.running():
                problem = f"containerd exited with code {self.server.proc.returncode}"
                break
            if os.path.exists(self.address):
                r = run([CTR_BIN, "--address", self.address, "--connect-timeout", "1s", "version"],
                        env=self._env(), check=False, timeout=10)
                if r.returncode == 0:
                    return
            if time.monotonic() > deadline:
                problem = f"containerd on {self.address} not ready within {self.start_timeout} s"
                break
            time.sleep(0.02)
        raise ContainerdStartError(f"{problem}\n--- config ---\n{self.config_file.read_text()}"
                                   f"--- containerd log ---\n{self.log_text()}")

    def plugins(self) -> dict:
        """{"type/id": status} from `ctr plugins ls` (status "ok", "skip", "error")."""
        out = self.ctr("plugins", "ls").stdout.splitlines()[1:]
        result = {}
        for line in out:
            fields = line.split()
            if len(fields) >= 4:
                result[f"{fields[0]}/{fields[1]}"] = fields[-1]
        return result

    def _pick_snapshotter(self) -> str:
        status = self.plugins()
        if status.get("io.containerd.snapshotter.v1/overlayfs") == "ok":
            return "overlayfs"
        if status.get("io.containerd.snapshotter.v1/native") == "ok":
            return "native"
        raise ContainerdStartError(f"neither overlayfs nor native snapshotter is usable: {status}"
                                   f"\n--- containerd log ---\n{self.log_text()}")

    def stop(self) -> None:
        """Stop the daemon and remove every trace of its containers (idempotent)."""
        if self.server is not None and self.server.running():
            self._delete_containers()
        if self.server is not None:
            self.server.stop()
        self._kill_shims()
        self._kill_cgroup_processes()
        self._unmount_all()
        self._remove_cgroups()
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    # --- cleanup helpers ---------------------------------------------------------
    def _delete_containers(self) -> None:
        def ids(*args) -> list[str]:
            r = self.ctr(*args, "ls", "-q", check=False, timeout=20)
            return r.stdout.split() if r.returncode == 0 else []
        for task in ids("tasks"):
            self.ctr("tasks", "kill", "--signal", "SIGKILL", task, check=False, timeout=20)
            self.ctr("tasks", "delete", "--force", task, check=False, timeout=20)
        for container in ids("containers"):
            self.ctr("containers", "delete", container, check=False, timeout=20)

    def shim_pids(self) -> dict:
        """{pid: container id} of the shims started by this daemon: their argv
        has `-address <our socket>`."""
        pids = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if not argv or b"containerd-shim" not in argv[0]:
                continue
            opts = {argv[i].lstrip(b"-"): argv[i + 1] for i in range(1, len(argv) - 1)
                    if argv[i].startswith(b"-")}
            if opts.get(b"address") == self.address.encode():
                pids[int(entry.name)] = opts.get(b"id", b"").decode()
        return pids

    def shim_socket(self, container_id: str) -> Path:
        """Where containerd 1.6 puts the shim's socket: /run/containerd/s/<sha256
        of "<our address>/<namespace>/<id>">, fixed (not under our state dir)."""
        key = os.path.join(self.address, self.namespace, container_id)
        return SHIM_SOCKET_DIR / hashlib.sha256(key.encode()).hexdigest()

    def _kill_shims(self) -> None:
        """SIGKILL shims that outlived the daemon (normally none: stop() deletes
        the tasks first) and remove the sockets they can no longer remove."""
        for pid, container_id in self.shim_pids().items():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if container_id:
                try:
                    self.shim_socket(container_id).unlink()
                except FileNotFoundError:
                    pass

    def cgroup_dirs(self) -> list[Path]:
        """Our namespace's cgroup in each hierarchy (v1 controllers or the v2 root)."""
        dirs = []
        if (CGROUP_ROOT / "cgroup.controllers").exists():
            candidates = [CGROUP_ROOT / self.namespace]
        else:
            candidates = [h / self.namespace for h in CGROUP_ROOT.iterdir() if h.is_dir()]
        for d in candidates:
            if d.is_dir():
                dirs.append(d)
        return dirs

    def _kill_cgroup_processes(self) -> None:
        for top in self.cgroup_dirs():
            for procs in top.rglob("cgroup.procs"):
                try:
                    pids = procs.read_text().split()
                except OSError:
                    continue
                for pid in pids:
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except (ProcessLookupError, ValueError):
                        pass

    def _remove_cgroups(self) -> None:
        deadline = time.monotonic() + 5
        for top in self.cgroup_dirs():
            subdirs = sorted((p for p in top.rglob("*") if p.is_dir()),
                             key=lambda p: len(p.parts), reverse=True)
            for d in [*subdirs, top]:
                while True:
                    try:
                        d.rmdir()
                        break
                    except FileNotFoundError:
                        break
                    except OSError:   # EBUSY while killed processes are still exiting
                        if time.monotonic() > deadline:
                            break
                        time.sleep(0.05)

    def _unmount_all(self) -> None:
        ours = [str(self.workdir) + "/"]
        mounts = []
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            point = line.split()[4].encode().decode("unicode_escape")   # \040 etc.
            if any(point.startswith(p) for p in ours):
                mounts.append(point)
        libc = ctypes.CDLL(None, use_errno=True)
        for point in sorted(mounts, key=len, reverse=True):
            libc.umount2(point.encode(), 2)   # MNT_DETACH

    # --- ctr ------------------------------------------------------------------
    def _env(self) -> dict:
        env = clean_env()
        for name in ("CONTAINERD_ADDRESS", "CONTAINERD_NAMESPACE", "CONTAINERD_SNAPSHOTTER"):
            env.pop(name, None)
        return env

    def log_text(self) -> str:
        return self.server.log_text() if self.server else ""

    def ctr(self, *args, check: bool = True, timeout: float = 120):
        """`ctr --address <ours> --namespace <ours> ARGS...`; on failure the error
        also carries the tail of containerd's log."""
        cmd = [CTR_BIN, "--address", self.address, "--namespace", self.namespace, *args]
        try:
            return run(cmd, env=self._env(), check=check, timeout=timeout)
        except CommandError as exc:
            log = self.log_text()
            if len(log) > 6000:
                log = "[...]\n" + log[-6000:]
            raise CommandError(exc.result, f"--- containerd log ({self.log_file}) ---\n{log}"
                               "\n--- end of containerd log ---") from None

    def pull(self, ref: str, hosts_dir: Path | None = None, *, user: str | None = None,
             platform: str | None = None, args: Sequence[str] = (), check: bool = True,
             timeout: float = 120):
        """`ctr images pull` of a full reference (e.g. docker.io/library/busybox:1.36,
        ctr does not expand short names) with the mirrors in `hosts_dir`, then
        unpack for our snapshotter. `user` is "name:password" (ctr --user)."""
        cmd = ["images", "pull", "--snapshotter", self.snapshotter]
        if hosts_dir is not None:
            cmd += ["--hosts-dir", str(hosts_dir)]
        if user is not None:
            cmd += ["--user", user]
        if platform is not None:
            cmd += ["--platform", platform]
        return self.ctr(*cmd, *args, ref, check=check, timeout=timeout)

    def images(self) -> dict:
        """{ref: digest} of the images in our namespace."""
        out = self.ctr("images", "ls").stdout.splitlines()[1:]
        return {f[0]: f[2] for f in (line.split() for line in out) if len(f) >= 3}

    def image_digest(self, ref: str) -> str:
        return self.images()[ref]

    def run_process(self, ref: str, container_id: str, argv: Sequence[str] = (), *,
                    net_host: bool = False, env: dict | None = None,
                    args: Sequence[str] = (), check: bool = True, timeout: float = 60):
        """`ctr run --rm` of a pulled image; argv replaces the image's Cmd (the
        Entrypoint stays, as with docker run). The container gets its own empty
        network namespace unless net_host (then: the caller's, loopback only
        in the air gap). Returns the CompletedProcess."""
        cmd = ["run", "--rm", "--snapshotter", self.snapshotter,
               "--runc-root", str(self.runc_root), "--fifo-dir", str(self.fifo_dir)]
        if net_host:
            cmd.append("--net-host")
        for key, value in (env or {}).items():
            cmd += ["--env", f"{key}={value}"]
        return self.ctr(*cmd, *args, ref, container_id, *argv, check=check, timeout=timeout)

    def run(self, ref: str, container_id: str, argv: Sequence[str] = (), **kw) -> str:
        """Like run_process; returns the container's stdout."""
        return self.run_process(ref, container_id, argv, **kw).stdout

    def run_detached(self, ref: str, container_id: str, argv: Sequence[str] = (), *,
                     net_host: bool = False, args: Sequence[str] = ()):
        """`ctr run -d --null-io`: start the container and return; stop() (or
        `ctr tasks kill` + `ctr containers delete`) removes it."""
        cmd = ["run", "-d", "--null-io", "--snapshotter", self.snapshotter,
               "--runc-root", str(self.runc_root), "--fifo-dir", str(self.fifo_dir)]
        if net_host:
            cmd.append("--net-host")
        return self.ctr(*cmd, *args, ref, container_id, *argv, timeout=60)

    def tasks(self) -> dict:
        """{container id: status} from `ctr tasks ls` (RUNNING, STOPPED, ...)."""
        out = self.ctr("tasks", "ls").stdout.splitlines()[1:]
        return {f[0]: f[-1] for f in (line.split() for line in out) if len(f) >= 3}


# --- hosts.toml -----------------------------------------------------------------
def hosts_toml_text(upstream_host: str, mirror_url: str, *, ca=None, client_cert=None,
                    client_key=None, plain_http: bool = False, prefix: str | None = None,
                    override_path: bool = False, capabilities=("pull", "resolve"),
                    server: str | None = None, skip_verify: bool | None = None,
                    headers: dict | None = None) -> str:
    """The text of a hosts.toml with one mirror in front of `upstream_host`.

    mirror_url: "http://127.0.0.1:5000", "https://127.0.0.1:5001", or a bare
    "127.0.0.1:5000" (https, or http with plain_http=True). prefix="mirror"
    makes the mirror serve <prefix>/<repository> (URL .../v2/mirror with
    override_path = true). server defaults to the upstream's real registry
    (registry-1.docker.io for docker.io).
    """
    if "://" not in mirror_url:
        mirror_url = ("http://" if plain_http else "https://") + mirror_url
    elif plain_http and not mirror_url.startswith("http://"):
        raise ValueError(f"plain_http with a non-http URL: {mirror_url}")
    mirror_url = mirror_url.rstrip("/")
    if prefix:
        mirror_url = f"{mirror_url}/v2/{prefix.strip('/')}"
        override_path = True
    if server is None:
        server = UPSTREAM_SERVERS.get(upstream_host, f"https://{upstream_host}")
    if client_key is not None and client_cert is None:
        raise ValueError("client_key without client_cert")
    lines = [f"server = {_toml(server)}", "", f"[host.{_toml(mirror_url)}]",
             f"  capabilities = {_toml(list(capabilities))}"]
    if ca is not None:
        lines.append(f"  ca = {_toml(Path(ca).resolve())}")
    if client_cert is not None:
        pair = [str(Path(client_cert).resolve())]
        pair.append(str(Path(client_key).resolve()) if client_key is not None else "")
        lines.append(f"  client = [{_toml(pair)}]")
    if skip_verify is not None:
        lines.append(f"  skip_verify = {_toml(skip_verify)}")
    if override_path:
        lines.append("  override_path = true")
    if headers:
        lines.append(f"  [host.{_toml(mirror_url)}.header]")
        for key, value in headers.items():
            lines.append(f"    {_toml(key)} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def write_hosts_toml(hosts_dir: Path, upstream_host: str, mirror_url: str, ca=None,
                     client_cert=None, client_key=None, plain_http: bool = False,
                     **kw) -> Path:
    """Write hosts_dir/<upstream_host>/hosts.toml (see hosts_toml_text for the
    arguments) and return its path. hosts_dir is what `ctr --hosts-dir` and
    CRI's `config_path` take."""
    path = Path(hosts_dir) / upstream_host / "hosts.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hosts_toml_text(upstream_host, mirror_url, ca=ca, client_cert=client_cert,
                                    client_key=client_key, plain_http=plain_http, **kw))
    return path


def write_hosts_toml_for(hosts_dir: Path, upstream_host: str, registry, *,
                         prefix: str | None = None, client_cert: bool = True, **kw) -> Path:
    """write_hosts_toml for a testlib Registry: its URL, CA and (mTLS) client
    certificate. Credentials are not in hosts.toml: pass registry.creds as
    Containerd.pull(user=...)."""
    return write_hosts_toml(hosts_dir, upstream_host, registry.url,
                            ca=registry.ca_file if registry.tls else None,
                            client_cert=registry.client_cert if client_cert else None,
                            client_key=registry.client_key if client_cert else None,
                            prefix=prefix, **kw)
