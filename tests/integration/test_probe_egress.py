"""airlock-load probe-egress: the air gap checked from inside.

- in a network namespace with loopback only (`unshare -n`), the default run
  names every public registry in its start line, reports how each failed and
  exits 0, in about --timeout rather than once per host;
- a plain TCP listener on 127.0.0.1 is a leak (exit 2, a LEAK line): the path
  is open even though TLS fails; a TLS listener is "reached";
- a closed port is "refused", a non-routable address "unreachable" or
  "timeout" within the timeout;
- proxy variables in the environment are not used;
- --json and --prometheus content;
- --format cronjob prints a NetworkPolicy and a CronJob that parse, with the
  image pinned by digest (a tag alone is refused).
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time

import pytest
import yaml

from airlock_testlib import free_port, run
from airlock_testlib.exit_codes import USAGE
from airlock_testlib.tools import airlock_load_bin

DEFAULT_HOSTS = ["registry-1.docker.io", "quay.io", "gcr.io", "ghcr.io", "registry.k8s.io",
                 "us-docker.pkg.dev", "public.ecr.aws", "mcr.microsoft.com"]
LEAK = 2  # probe-egress's own code for "a host was reachable"


def probe(*args, netns=False, env=None):
    cmd = [airlock_load_bin(), "probe-egress", *args]
    if netns:
        cmd = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return run(cmd, check=False, env=env, timeout=60)


class Listener:
    """A TCP listener on 127.0.0.1 that accepts (optionally TLS) and counts
    connections; plain connections are held open without a byte sent."""

    def __init__(self, tls_context: ssl.SSLContext | None = None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.tls = tls_context
        self.accepted = 0
        self.held: list[socket.socket] = []
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            if self.tls is not None:
                conn.settimeout(5)
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    pass
            self.held.append(conn)

    def close(self):
        self.stopping = True
        self.thread.join()
        for c in self.held:
            c.close()
        self.sock.close()


@pytest.fixture
def listener():
    made = []

    def make(**kw):
        made.append(Listener(**kw))
        return made[-1]

    yield make
    for lst in made:
        lst.close()


def outcomes(result) -> dict:
    return {h["host"] + ":" + str(h["port"]): h for h in json.loads(result.stdout)["hosts"]}


def test_default_run_in_airgap_reaches_nothing_and_names_each_failure():
    start = time.monotonic()
    r = probe("--timeout", "3s", netns=True)
    took = time.monotonic() - start
    assert r.returncode == 0, r.stderr + r.stdout
    first = r.stderr.splitlines()[0]
    assert first.startswith("probing 8 hosts: ")
    assert "nothing else is contacted" in first
    for host in DEFAULT_HOSTS:
        assert f"{host}:443" in first
        line = next(l for l in r.stdout.splitlines() if l.startswith(f"{host}:443 "))
        # No route, no resolver: most likely "dns"; never a connection.
        assert line.split()[1] in ("dns", "unreachable", "timeout", "refused"), line
    assert "LEAK" not in r.stdout
    assert "no host reachable (8 probed)" in r.stdout
    assert took < 3 + 3, f"hosts are probed at once: {took:.1f}s"


def test_default_run_json_in_airgap():
    r = probe("--timeout", "2s", "--json", netns=True)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert [h["host"] for h in doc["hosts"]] == DEFAULT_HOSTS
    assert doc["leaks"] == []
    for h in doc["hosts"]:
        assert set(h) == {"host", "port", "outcome", "detail", "seconds"}
        assert h["port"] == 443
        assert h["outcome"] in ("dns", "unreachable", "timeout", "refused")
        assert h["detail"]


def test_tcp_listener_is_a_leak_even_without_tls(listener):
    lst = listener()
    closed = free_port()
    r = probe("--hosts", f"127.0.0.1:{lst.port},127.0.0.1:{closed}", "--timeout", "2s")
    assert r.returncode == LEAK, r.stderr + r.stdout
    assert f"probing 2 hosts: 127.0.0.1:{lst.port}, 127.0.0.1:{closed};" in r.stderr
    leaks = [l for l in r.stdout.splitlines() if l.startswith("LEAK:")]
    assert len(leaks) == 1
    assert leaks[0].startswith(f"LEAK: 127.0.0.1:{lst.port} reachable (TCP connected")
    assert lst.accepted == 1


def test_tls_listener_is_reached(listener, ca, tmp_path):
    pair = ca.issue_server("egress", directory=tmp_path)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pair.cert_file, pair.key_file)
    lst = listener(tls_context=ctx)
    r = probe("--hosts", f"localhost:{lst.port}", "--timeout", "3s", "--json")
    assert r.returncode == LEAK, r.stderr + r.stdout
    doc = json.loads(r.stdout)
    (host,) = doc["hosts"]
    # localhost may resolve to ::1 first; the IPv4 listener is what answers.
    assert host["outcome"] == "reached", host
    assert "TLS handshake completed" in host["detail"]
    assert doc["leaks"] == [f"localhost:{lst.port}"]


def test_closed_port_is_refused():
    closed = free_port()
    r = probe("--hosts", f"127.0.0.1:{closed}", "--json")
    assert r.returncode == 0, r.stderr
    (host,) = json.loads(r.stdout)["hosts"]
    assert host["outcome"] == "refused", host
    assert host["seconds"] < 2


def test_non_routable_address_fails_within_the_timeout():
    start = time.monotonic()
    r = probe("--hosts", "10.255.255.1:443,192.0.2.1", "--timeout", "2s", "--json", netns=True)
    took = time.monotonic() - start
    assert r.returncode == 0, r.stderr
    for host in json.loads(r.stdout)["hosts"]:
        assert host["outcome"] in ("unreachable", "timeout"), host
    assert took < 2 + 2


def test_proxy_variables_are_not_used(listener):
    proxy = listener()
    closed = free_port()
    env = {"PATH": "/usr/bin:/bin"}
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        env[var] = f"http://127.0.0.1:{proxy.port}"
    r = probe("--hosts", f"127.0.0.1:{closed}", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert outcomes(r)[f"127.0.0.1:{closed}"]["outcome"] == "refused"
    assert proxy.accepted == 0


def test_prometheus_file(listener, tmp_path):
    lst = listener()
    closed = free_port()
    prom = tmp_path / "textfile" / "egress.prom"
    prom.parent.mkdir()
    before = int(time.time())
    r = probe("--hosts", f"127.0.0.1:{lst.port},127.0.0.1:{closed}", "--timeout", "1s",
              "--prometheus", prom)
    assert r.returncode == LEAK, r.stderr
    text = prom.read_text()
    assert "# TYPE airlock_egress_reachable gauge" in text
    assert f'airlock_egress_reachable{{host="127.0.0.1",port="{lst.port}"}} 1' in text
    assert f'airlock_egress_reachable{{host="127.0.0.1",port="{closed}"}} 0' in text
    stamp = [l for l in text.splitlines()
             if l.startswith("airlock_egress_probe_timestamp_seconds ")]
    assert len(stamp) == 1
    assert before - 1 <= int(stamp[0].split()[1]) <= time.time() + 1
    assert [p.name for p in prom.parent.iterdir()] == ["egress.prom"]  # no temporary left


def test_bad_hosts_are_a_usage_error():
    r = probe("--hosts", "https://quay.io/v2")
    assert r.returncode == USAGE
    assert "LEAK" not in r.stdout


def test_cronjob_yaml_pins_the_image(tmp_path):
    digest = "sha256:" + "b" * 64
    image = f"registry.local:5000/airlock/airlock-load@{digest}"
    r = probe("--format", "cronjob", "--image", image, "--namespace", "shop",
              "--schedule", "*/30 * * * *", "--hosts", "quay.io,ghcr.io", "--timeout", "4s")
    assert r.returncode == 0, r.stderr
    policy, cronjob = list(yaml.safe_load_all(r.stdout))
    assert policy["kind"] == "NetworkPolicy"
    assert policy["metadata"]["namespace"] == "shop"
    assert policy["spec"]["podSelector"] == {}
    assert policy["spec"]["policyTypes"] == ["Egress"]
    (dns,) = policy["spec"]["egress"]
    assert {p["port"] for p in dns["ports"]} == {53}
    assert cronjob["kind"] == "CronJob"
    assert cronjob["metadata"]["namespace"] == "shop"
    assert cronjob["spec"]["schedule"] == "*/30 * * * *"
    (container,) = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["image"] == image
    assert container["command"] == ["airlock-load", "probe-egress", "--timeout", "4s",
                                    "--hosts", "quay.io:443,ghcr.io:443"]


def test_cronjob_refuses_a_tag():
    r = probe("--format", "cronjob", "--image", "registry.local:5000/airlock/airlock-load:1.0")
    assert r.returncode == USAGE
    assert "pinned by digest" in r.stderr
    r = probe("--format", "cronjob")
    assert r.returncode == USAGE
    r = probe("--image", f"registry.local:5000/airlock/airlock-load@sha256:{'c' * 64}")
    assert r.returncode == USAGE  # --image goes with --format cronjob
