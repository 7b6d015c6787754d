"""samples/serve: the systemd unit for `airlock-load serve` on first boot.

Checked for syntax (`systemd-analyze verify`, with its drop-in), for the
sandboxing it promises, for options that `airlock-load serve --help` lists,
and run: its ExecStart command line, paths moved under the test's folder,
serves a bundle over TLS, takes ExecReload's SIGHUP and exits 0 on SIGTERM.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from airlock_testlib import Registry, build_image, push_image, random_layer, source_dir
from airlock_testlib.proc import clean_env, free_port
from airlock_testlib.tools import airlock_load, airlock_load_bin
from build_helpers import create, write_spec

SAMPLE = source_dir() / "samples" / "serve"
UNIT = SAMPLE / "airlock-serve.service"
DROPIN = SAMPLE / "airlock-serve.service.d" / "listen-443.conf"
ENV_FILE = SAMPLE / "serve.env"


def unit_settings(path: Path, section: str = "Service") -> dict[str, list[str]]:
    """KEY -> every value it is given in `section`, in order (systemd's syntax:
    `#`/`;` comments, a trailing backslash continues the line with a space)."""
    out: dict[str, list[str]] = {}
    current, pending = None, ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line[0] in "#;"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line.startswith("["):
            current = line.strip("[]")
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=VALUE: {line!r}"
        if current == section:
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def env_file() -> dict[str, str]:
    out = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def exec_start() -> list[str]:
    (value,) = unit_settings(UNIT)["ExecStart"]
    return shlex.split(value)


def flags_of(argv: list[str]) -> set[str]:
    return {a.partition("=")[0] for a in argv if a.startswith("--")}


def documented_flags() -> set[str]:
    """The options serve.env's comments suggest: `#   --client-ca FILE   what it does`
    (the part before the description, which may name other commands' options)."""
    found = set()
    for line in ENV_FILE.read_text().splitlines():
        if re.match(r"#\s+--", line):
            usage = re.split(r"\s{2,}", line[1:].strip())[0]
            found |= flags_of(usage.split())
    return found


def test_unit_and_drop_in_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    root = tmp_path / "root"
    units = root / "etc" / "systemd" / "system"
    (units / "airlock-serve.service.d").mkdir(parents=True)
    # What ExecStart= and ExecReload= name must exist and be executable.
    for exe in (exec_start()[0], unit_settings(UNIT)["ExecReload"][0].split()[0]):
        stub = root / exe.lstrip("/")
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("#!/bin/sh\n")
        stub.chmod(0o755)
    shutil.copytree("/lib/systemd/system", root / "usr" / "lib" / "systemd" / "system",
                    symlinks=True)
    shutil.copy(UNIT, units / UNIT.name)
    shutil.copy(DROPIN, units / "airlock-serve.service.d" / DROPIN.name)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", f"--root={root}",
                        str(units / UNIT.name)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    # The drop-in is read: a misspelt key in it fails verification.
    (units / "airlock-serve.service.d" / "zz-broken.conf").write_text("[Service]\nNoSuchKey=1\n")
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", f"--root={root}",
                        str(units / UNIT.name)], capture_output=True, text=True)
    assert "NoSuchKey" in r.stderr, r.stderr


def test_unit_sandboxing():
    s = unit_settings(UNIT)
    one = {k: v[-1] for k, v in s.items()}
    for key, want in {"DynamicUser": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                      "PrivateTmp": "yes", "NoNewPrivileges": "yes",
                      "StateDirectory": "airlock-serve", "CapabilityBoundingSet": "",
                      "AmbientCapabilities": "", "Restart": "on-failure",
                      "ExecReload": "/bin/kill -HUP $MAINPID"}.items():
        assert one.get(key) == want, f"{key}={one.get(key)!r}, want {want!r}"
    assert set(one["RestrictAddressFamilies"].split()) == {"AF_INET", "AF_INET6", "AF_UNIX"}
    assert "@system-service" in s["SystemCallFilter"]
    argv = exec_start()
    assert argv[:2] == ["/usr/local/bin/airlock-load", "serve"]
    opt = {argv[i]: argv[i + 1] for i in range(2, len(argv) - 1) if argv[i].startswith("--")}
    # --state-dir is the StateDirectory=; the bundle folder is read-only.
    assert opt["--state-dir"] == "/var/lib/" + one["StateDirectory"]
    read_only = " ".join(s.get("ReadOnlyPaths", []) + s.get("BindReadOnlyPaths", [])).split()
    assert opt["--dir"] in [p.lstrip("-").split(":")[0] for p in read_only]
    # TLS files come in as credentials, the listen address from the environment.
    creds = dict(c.split(":", 1) for c in s["LoadCredential"])
    assert opt["--tls-cert"] == "${CREDENTIALS_DIRECTORY}/tls.crt" and "tls.crt" in creds
    assert opt["--tls-key"] == "${CREDENTIALS_DIRECTORY}/tls.key" and "tls.key" in creds
    assert opt["--listen"] == "${AIRLOCK_SERVE_LISTEN}"
    assert any(e.startswith("-") and e.lstrip("-") == "/etc/airlock/serve.env"
               for e in s["EnvironmentFile"])
    env = env_file()
    assert int(env["AIRLOCK_SERVE_LISTEN"].rpartition(":")[2]) >= 1024  # no capability needed
    # The drop-in for a port below 1024 adds that one capability, nothing else.
    d = unit_settings(DROPIN)
    assert d == {"CapabilityBoundingSet": ["CAP_NET_BIND_SERVICE"],
                 "AmbientCapabilities": ["CAP_NET_BIND_SERVICE"]}
    assert unit_settings(UNIT, "Install")["WantedBy"] == ["multi-user.target"]


def test_every_option_the_sample_passes_is_one_serve_accepts(airlock_bin_dir):
    help_text = airlock_load("serve", "--help").stdout
    accepted = set(re.findall(r"(?m)^\s+(?:-\w,)?(--[a-z][a-z-]*)", help_text))
    assert "--listen" in accepted, help_text
    used = flags_of(exec_start()) | flags_of(env_file()["AIRLOCK_SERVE_FLAGS"].split())
    used |= documented_flags()
    assert used - accepted == set(), help_text


def test_the_unit_command_line_serves_reloads_and_stops(tmp_path, airlock_bin_dir, ca):
    """ExecStart as systemd would run it: unit defaults, then serve.env, the
    fixed paths moved under tmp_path."""
    source = Registry(tmp_path / "source", ca=None).start()
    try:
        image = build_image([random_layer(64 * 1024, 31)])
        push_image(source, image, "sample/app:1.0", workdir=tmp_path / "images")
        spec = write_spec(tmp_path / "spec.yaml", [f"{source.host}/sample/app:1.0"],
                          name="serve-sample", version="1.0.0")
        bundles = tmp_path / "srv" / "airlock" / "bundles"
        bundles.mkdir(parents=True)
        create(spec, bundles / "serve-sample-1.0.0.airlock", source)
    finally:
        source.stop()
    creds = tmp_path / "credentials"
    server = ca.issue_server("serve", directory=creds)
    shutil.copy(server.cert_file, creds / "tls.crt")
    shutil.copy(server.key_file, creds / "tls.key")
    port = free_port()
    env = {k.partition("=")[0]: k.partition("=")[2]
           for k in unit_settings(UNIT)["Environment"]}
    env.update(env_file())
    env.update({"AIRLOCK_SERVE_LISTEN": f"127.0.0.1:{port}",
                "CREDENTIALS_DIRECTORY": str(creds)})
    state = tmp_path / "var" / "lib" / "airlock-serve"
    argv = []
    for a in exec_start():
        if a == "$AIRLOCK_SERVE_FLAGS":            # unbraced: split into words
            argv += env[a[1:]].split()
            continue
        a = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], a)
        a = {"/usr/local/bin/airlock-load": str(airlock_load_bin()), "/srv/airlock/bundles":
             str(bundles), "/var/lib/airlock-serve": str(state)}.get(a, a)
        argv.append(a)
    assert "$" not in " ".join(argv)
    log = tmp_path / "serve.stderr"
    with open(log, "wb") as err:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, env=clean_env(), start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not re.search(rf"serving .* on https://127\.0\.0\.1:{port}", log.read_text()):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        ctx = ssl.create_default_context(cafile=str(ca.ca_file))

        def get(path: str):
            req = urllib.request.Request(f"https://127.0.0.1:{port}{path}", headers={
                "Accept": "application/vnd.oci.image.manifest.v1+json"})
            with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
                return r.status, r.headers.get("Docker-Content-Digest")

        assert get("/v2/")[0] == 200
        assert get("/v2/sample/app/manifests/1.0") == (200, image.digest)
        os.kill(proc.pid, signal.SIGHUP)           # ExecReload=
        deadline = time.monotonic() + 30
        while "SIGHUP" not in log.read_text():     # "SIGHUP: reading the bundles again"
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        assert get("/v2/sample/app/manifests/1.0") == (200, image.digest)
        os.kill(proc.pid, signal.SIGTERM)          # systemctl stop
        assert proc.wait(timeout=30) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
