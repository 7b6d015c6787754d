"""airlock-load serve: a verified bundle served as a read-only OCI distribution
v1.1 registry straight from the bundle file.

One bundle is built per module (busybox under docker.io, a multi-arch index
under quay.io, a Docker schema2 image with three tags, an image with two OCI
1.1 referrers, a Helm chart), the source registry is stopped, and one
`serve --prefix mirror` is shared by the read-only tests. The oracle for
names is `airlock-load load` into a real docker-registry under the same
prefix: serve must give the same repositories, tags and digests.

- containerd, configured only with the hosts.toml `mirror-config` writes
  (plain HTTP, and HTTPS with a client certificate), pulls every image by its
  canonical name and runs busybox; skopeo copies every image into a
  docker-registry with the BOM's digests; --keep-host names; the chart;
- pull conformance, written from the distribution spec: manifests by tag and
  digest (GET, HEAD), blobs (GET, HEAD, Range 206/416), tags and catalog
  pagination (n, last, Link), referrers (artifactType filter,
  OCI-Filters-Applied), error codes and JSON bodies, writes 405; the access
  log and /metrics;
- TLS 1.2 and 1.3 (1.1 refused) and mTLS (no client certificate, or one of
  another CA: refused in the handshake; the subject in the access log);
- bundles that fail verification (signature, BOM, truncation, key, expiry,
  rollback, --trust, --deep): refused before anything listens;
- a byte flipped in a blob after start: that download is cut, the blob is
  gone (404, also for a Range asked first), counted in /metrics and audited;
- SIGHUP and --dir: a newer version replaces, an older one or the same
  version with another BOM is refused; a split bundle in --dir; SIGTERM
  exits 0 and lets a download under way finish;
- hostile requests, stalled connections (--idle-timeout), --max-connections,
  [::1] with port 0.

The module runs air-gapped (airlock_testlib.netns): everything listens on the
namespace's loopback only. No threads are started (airgap() needs one).
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import struct
import ssl
import subprocess
import tarfile
import time
import tomllib
import urllib.parse
import warnings
from pathlib import Path

import pytest

from airlock_testlib import (CertAuthority, Registry, build_image, busybox_image,
                             multiarch_image, push_image, random_layer, run, write_cert_dir)
from airlock_testlib.containerd import Containerd
from airlock_testlib.netns import airgap, interfaces
from airlock_testlib.proc import clean_env, free_port, wait_until
from airlock_testlib.referrers import Writer, add_referrer, artifact_manifest
from airlock_testlib.tools import (airlock_build, airlock_load_bin, at_clock, digest_of, skopeo,
                                   skopeo_inspect_raw)
from build_helpers import bom_of, create, write_spec
import bundle_surgery as surgery
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import (EXPIRED, INTEGRITY, MALFORMED_BUNDLE, ROLLBACK,
                                        SIGNATURE, UNTRUSTED_KEY)

BUSYBOX = "docker.io/library/busybox:1.36"
TOOL = "quay.io/airlock-test/tool:2.0"
PREFIX = "mirror"
HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
ACCEPT_ALL = ", ".join([OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST,
                        "application/vnd.docker.distribution.manifest.list.v2+json"])
SBOM_TYPE = "application/vnd.example.sbom.v1+json"
SIG_TYPE = "application/vnd.example.signature.v1+json"
TAGS = ["1.0", "1.1", "2.0"]
BIG = 12 * 1024 * 1024
# Every access log line has these; "subject" only under mTLS, "cut" only when
# the body was cut short.
ACCESS_FIELDS = {"time", "client", "method", "path", "status", "bytes", "seconds"}
# A referrers index in the tag schema (Distribution 2.8 has no referrers API):
# load writes it there, serve answers the referrers API instead.
REFERRERS_TAG = re.compile(r"^sha256-[0-9a-f]{64}$")


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


# --- the bundles -----------------------------------------------------------------------

def write_chart(root: Path) -> Path:
    d = root / "demo"
    (d / "templates").mkdir(parents=True)
    (d / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n"
                                  "appVersion: \"1.0\"\ndescription: served chart\n")
    (d / "values.yaml").write_text("greeting: hello\n")
    (d / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\n"
        "data:\n  greeting: {{ .Values.greeting }}\n")
    return d


@pytest.fixture(scope="module")
def world(tmp_path_factory, airgapped, airlock_bin_dir):
    """Every bundle the module serves, built from a source registry that is
    stopped before any test runs, and an oracle registry the main bundle was
    loaded into (under PREFIX and, with --keep-host, under kh)."""
    root = tmp_path_factory.mktemp("serve")
    source = Registry(root / "source", ca=None).start()
    oracle = None
    try:
        seed = root / "seed"
        src = source.host
        push_image(source, busybox_image(cmd=("echo", "served from the bundle")),
                   "library/busybox:1.36", workdir=seed)
        push_image(source, multiarch_image(11, layer_size=4096), "quay/airlock-test/tool:2.0",
                   workdir=seed)
        tagged = build_image([random_layer(5000, 81)], labels={"airlock.test": "tags"},
                             docker=True)
        for tag in TAGS:
            push_image(source, tagged, f"airlock-test/tags:{tag}", workdir=seed)
        # A layer of 300 KB: several writes, so a cut is visible mid-body.
        signed = build_image([random_layer(300_000, 82)], labels={"airlock.test": "signed"})
        info = push_image(source, signed, "airlock-test/signed:1.0", workdir=seed)
        subject = {"mediaType": OCI_MANIFEST, "digest": info["digest"],
                   "size": len(signed.manifest)}
        writer = Writer(source.client())
        referrers = {}
        for artifact_type, body in ((SBOM_TYPE, b'{"sbom": true}'), (SIG_TYPE, b"signature")):
            m = artifact_manifest(artifact_type, subject,
                                  [("application/octet-stream", body, None)],
                                  annotations={"org.example.kind": artifact_type})
            add_referrer(writer, "airlock-test/signed", m)
            referrers[artifact_type] = m
        for tag, n in (("0.9", 90), ("1.0", 91), ("2.0", 92)):
            push_image(source, build_image([random_layer(3000, n)], labels={"hup": tag}),
                       f"airlock-test/hup:{tag}", workdir=seed)

        chart = write_chart(root / "charts")
        images = [BUSYBOX, TOOL, *[f"{src}/airlock-test/tags:{t}" for t in TAGS],
                  f"{src}/airlock-test/signed:1.0"]
        spec = write_spec(root / "main.yaml", images, name="served",
                          extra=f"charts:\n  - {{path: {chart}}}\n")
        main = root / "served-1.0.0.airlock"
        create(spec, main, source, "--mirror", f"docker.io={src}", "--mirror",
               f"quay.io={src}/quay", "--sbom", "none")

        def small(name, version, tags, *args, key=None, stem=None):
            stem = stem or f"{name}-{version}"
            s = write_spec(root / f"{stem}.yaml",
                           [f"{src}/airlock-test/hup:{t}" for t in tags], name=name,
                           version=version)
            out = root / f"{stem}.airlock"
            kw = {"key": key} if key else {}
            create(s, out, source, "--sbom", "none", *args, **kw)
            return out

        hup = {"0.9.0": small("hup", "0.9.0", ["0.9"]),
               "1.0.0": small("hup", "1.0.0", ["1.0"]),
               "2.0.0": small("hup", "2.0.0", ["1.0", "2.0"]),
               # the same name and version, another BOM: equivocation
               "2.0.0-other": small("hup", "2.0.0", ["2.0"], stem="hup-2.0.0-other")}
        airlock_build("keys", "generate", "--out", str(root / "rogue"))
        rogue = small("rogue", "1.0.0", ["1.0"], key=root / "rogue.key")
        short = small("short", "1.0.0", ["1.0"], "--expires", "1h")
        # 12 MiB: more than the kernel buffers between serve and a slow reader.
        push_image(source, build_image([random_layer(BIG, 84)], labels={"airlock.test": "big"}),
                   "airlock-test/big:1.0", workdir=seed)
        big = root / "big-1.0.0.airlock"
        create(write_spec(root / "big.yaml", [f"{src}/airlock-test/big:1.0"], name="big"), big,
               source, "--sbom", "none")
        split_spec = write_spec(root / "split.yaml", [f"{src}/airlock-test/signed:1.0"],
                                name="split")
        (root / "split").mkdir()
        create(split_spec, root / "split" / "split-1.0.0.airlock", source, "--sbom", "none",
               "--split", "64KiB")
        source.stop()

        oracle = Registry(root / "oracle", ca=None).start()
        for prefix, extra in ((PREFIX, ()), ("kh", ("--keep-host",))):
            loaded(run([airlock_load_bin(), "load", main, "--to",
                        f"registry://{oracle.host}/{prefix}", "--plain-http", "--state-dir",
                        root / f"oracle-state-{prefix}", *extra], check=False))
        yield {"root": root, "source": source, "main": main, "bom": bom_of(main),
               "hup": hup, "rogue": rogue, "short": short, "oracle": oracle,
               "referrers": referrers, "signed": info, "big": big,
               "split": sorted((root / "split").glob("split-1.0.0.airlock.*"))}
    finally:
        if oracle is not None:
            oracle.stop()
        source.stop()


def repo_of(canonical: str, prefix: str = PREFIX) -> tuple:
    """What load maps `host/path:tag` to: (PREFIX/path, tag)."""
    path, tag = canonical.split("/", 1)[1].rsplit(":", 1)
    return (f"{prefix}/{path}" if prefix else path), tag


def bom_image(world, suffix: str) -> dict:
    [img] = [i for i in world["bom"]["images"] if i["ref"].endswith(suffix)]
    return img


# --- running serve ------------------------------------------------------------------------

class ServeStartError(AssertionError):
    pass


class Serve:
    """`airlock-load serve` on a free 127.0.0.1 port (or on `listen` as
    given, the port then read from its "serving ... on URL" line), in its own
    process group; stderr and stdout in files, the access log in
    `access_log` (stdout with access_log="-")."""

    def __init__(self, workdir: Path, bundles=(), *args, state: Path | None = None,
                 clock: str | None = None, listen: str | None = None,
                 access_log: str | None = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.bundles = [str(b) for b in bundles]
        self.args = [str(a) for a in args]
        self.state = Path(state) if state else self.workdir / "state"
        self.access_log = access_log or self.workdir / "access.jsonl"
        self.clock = clock
        self.listen = listen
        self.address = "127.0.0.1"
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.scheme = "https" if "--tls-cert" in self.args else "http"

    def argv(self, port: int) -> list:
        cmd = [airlock_load_bin(), "serve", *self.bundles, "--listen",
               self.listen or f"127.0.0.1:{port}",
               "--state-dir", self.state, "--access-log", self.access_log, *self.args]
        return at_clock(self.clock, cmd)

    def spawn(self, port: int) -> subprocess.Popen:
        self.port = port
        self.stderr_file = self.workdir / f"serve-{port}.stderr"
        self.stdout_file = self.workdir / f"serve-{port}.stdout"
        with open(self.stderr_file, "wb") as err, open(self.stdout_file, "wb") as out:
            self.proc = subprocess.Popen([str(a) for a in self.argv(port)],
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                         env=clean_env(), start_new_session=True)
        return self.proc

    def start(self, timeout: float = 60) -> "Serve":
        for attempt in range(3):
            self.spawn(free_port())
            try:
                self.wait_serving(timeout)
                return self
            except ServeStartError:
                if "in use" in self.stderr() and attempt < 2:
                    self.stop()
                    continue
                self.stop()
                raise
        raise AssertionError("unreachable")

    def wait_serving(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        want = f"on {self.scheme}://127.0.0.1:{self.port}"
        while True:
            if self.proc.poll() is not None:
                raise ServeStartError(f"serve exited with {self.proc.returncode}:\n"
                                      f"{self.stderr()}")
            if self.listen:
                m = re.search(r"serving .* on (https?)://(\[[0-9a-f:]+\]|[0-9.]+):(\d+)",
                              self.stderr())
                if m and m.group(1) == self.scheme:
                    self.address, self.port = m.group(2).strip("[]"), int(m.group(3))
                    want = m.group(0)
            if any("serving" in line and want in line for line in self.stderr().splitlines()):
                if port_accepts(self.port, self.address):
                    return
            if time.monotonic() > deadline:
                raise ServeStartError(f"no 'serving ... {want}' line within {timeout} s:\n"
                                      f"{self.stderr()}")
            time.sleep(0.05)

    @property
    def host(self) -> str:
        if ":" in self.address:
            return f"[{self.address}]:{self.port}"
        return f"{self.address}:{self.port}"

    def stderr(self) -> str:
        try:
            return self.stderr_file.read_text(errors="replace")
        except OSError:
            return ""

    def access(self) -> list:
        try:
            f = self.stdout_file if str(self.access_log) == "-" else Path(self.access_log)
            lines = f.read_text().splitlines()
        except OSError:
            return []
        return [json.loads(line) for line in lines if line.endswith("}")]

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def stop(self, grace: float = 10) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=grace)
            except ProcessLookupError:
                pass
        return self.proc.returncode

    def client(self, **kw) -> "Client":
        return Client(self.port, address=self.address, **kw)


def port_accepts(port: int, address: str = "127.0.0.1") -> bool:
    try:
        socket.create_connection((address, port), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def serve_factory(tmp_path, request):
    """make(name, bundles, *args, **kw) -> a started Serve (start=False: not
    started); each is stopped at teardown, its stderr printed if the test failed."""
    started: list[Serve] = []

    def make(name: str, bundles=(), *args, start: bool = True, **kw) -> Serve:
        s = Serve(tmp_path / name, bundles, *args, **kw)
        started.append(s)
        return s.start() if start else s

    yield make
    failed = any(getattr(getattr(request.node, "rep_" + w, None), "failed", False)
                 for w in ("setup", "call"))
    for s in started:
        s.stop()
        if failed:
            print(f"\n===== serve {s.workdir.name} stderr =====\n{s.stderr()}")


@pytest.fixture(scope="module")
def served(world):
    """The main bundle served under PREFIX, shared by the read-only tests."""
    s = Serve(world["root"] / "served", [world["main"]], "--prefix", PREFIX)
    s.start()
    yield s
    code = s.stop()
    assert code == 0, f"serve exited with {code} on SIGTERM:\n{s.stderr()}"


# --- an HTTP client on http.client ------------------------------------------------------

class Response:
    def __init__(self, status: int, headers, body: bytes, cut: bool = False):
        self.status = status
        self.headers = headers
        self.body = body
        self.cut = cut

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json(self):
        return json.loads(self.body)

    def error_codes(self) -> list:
        assert (self.header("Content-Type") or "").startswith("application/json"), \
            (self.status, self.header("Content-Type"), self.body[:200])
        return [e["code"] for e in self.json()["errors"]]

    def __repr__(self):
        return f"<{self.status} {dict(self.headers)} {self.body[:200]!r}>"


class Client:
    def __init__(self, port: int, *, context: ssl.SSLContext | None = None, timeout: float = 30,
                 address: str = "127.0.0.1"):
        self.port = port
        self.address = address
        self.context = context
        self.timeout = timeout

    def connection(self) -> http.client.HTTPConnection:
        if self.context is not None:
            return http.client.HTTPSConnection(self.address, self.port, context=self.context,
                                               timeout=self.timeout)
        return http.client.HTTPConnection(self.address, self.port, timeout=self.timeout)

    def request(self, method: str, path: str, headers: dict | None = None,
                body: bytes | None = None) -> Response:
        """One request on a fresh connection. A body cut short comes back
        with cut=True and the bytes that did arrive."""
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            try:
                data, cut = resp.read(), False
            except http.client.IncompleteRead as exc:
                data, cut = exc.partial, True
            except (ConnectionError, ssl.SSLError, socket.timeout):
                data, cut = b"", True
            return Response(resp.status, resp.headers, data, cut)
        finally:
            conn.close()

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def head(self, path: str, **kw) -> Response:
        return self.request("HEAD", path, **kw)

    def manifest(self, repo: str, ref: str, method: str = "GET") -> Response:
        return self.request(method, f"/v2/{repo}/manifests/{ref}", headers={"Accept": ACCEPT_ALL})

    def blob(self, repo: str, digest: str, method: str = "GET", headers=None) -> Response:
        return self.request(method, f"/v2/{repo}/blobs/{digest}", headers=headers)

    def tags(self, repo: str) -> list:
        r = self.get(f"/v2/{repo}/tags/list")
        assert r.status == 200, r
        return r.json()["tags"]

    def metrics(self) -> dict:
        r = self.get("/metrics")
        assert r.status == 200, r
        return parse_metrics(r.body.decode())


def parse_metrics(text: str) -> dict:
    """{'name{labels}': value} of a Prometheus text exposition."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, value = line.rpartition(" ")
        out[name.replace(" ", "")] = float(value)
    return out


def metric(metrics: dict, name: str, **labels) -> float:
    """The sum over series of `name` whose labels include `labels`."""
    total, found = 0.0, False
    for key, value in metrics.items():
        base, _, rest = key.partition("{")
        if base != name:
            continue
        have = dict(re.findall(r'(\w+)="([^"]*)"', rest))
        if all(have.get(k) == v for k, v in labels.items()):
            total += value
            found = True
    assert found, f"no series {name}{labels} in {sorted(metrics)}"
    return total


def manifest_doc(client: Client, repo: str, ref: str) -> dict:
    r = client.manifest(repo, ref)
    assert r.status == 200, r
    return r.json()


def all_pages(client: Client, first: str, key: str) -> tuple:
    """Follow Link rel="next" from `first`; returns (entries, pages)."""
    entries, pages, path = [], 0, first
    while path:
        r = client.get(path)
        assert r.status == 200, (path, r)
        entries += r.json()[key] or []
        pages += 1
        assert pages < 100, "Link loops"
        link = r.header("Link")
        path = None
        if link:
            m = re.match(r'^<([^>]+)>;\s*rel="next"$', link.strip())
            assert m, link
            target = urllib.parse.urlsplit(m.group(1))
            path = target.path + ("?" + target.query if target.query else "")
    return entries, pages


# === 1. containerd and skopeo, unmodified clients =========================================

def test_containerd_pulls_every_image_with_only_mirror_config_hosts_toml_and_runs_one(
        world, served, tmp_path):
    assert interfaces() == ["lo"]
    hosts = tmp_path / "hosts.d"
    r = run([airlock_load_bin(), "mirror-config", "--registry", f"http://{served.host}/{PREFIX}",
             "--format", "containerd", "--out", hosts, "--state-dir", tmp_path / "mc-state",
             "--json", world["main"]], check=False)
    assert r.returncode == 0, r.stderr
    for f in json.loads(r.stdout)["files"]:
        doc = tomllib.loads(Path(f).read_text())
        assert doc["server"] == f"http://{served.host}/v2/{PREFIX}", f
    ctrd = Containerd(tmp_path / "containerd")
    try:
        ctrd.start()
        for img in world["bom"]["images"]:
            ctrd.pull(img["ref"], hosts)
            assert ctrd.image_digest(img["ref"]) == img["digest"], img["ref"]
        assert ctrd.run(BUSYBOX, "served") == "served from the bundle\n"
        assert ctrd.run(BUSYBOX, "echo", ["echo", "hello from serve"]) == "hello from serve\n"
    finally:
        ctrd.stop()
    # Everything containerd asked for was answered by serve, in the access log.
    pulls = [e for e in served.access() if e["path"].startswith(f"/v2/{PREFIX}/library/busybox/")]
    assert pulls and all(e["status"] in (200, 404) for e in pulls), pulls


def test_skopeo_copy_all_into_a_registry_keeps_the_bom_digests(world, served):
    target = world["oracle"]
    src_flags = ["--src-tls-verify=false"]
    for img in world["bom"]["images"]:
        repo, tag = repo_of(img["ref"])
        dest_repo = "copied/" + repo
        skopeo("copy", "-q", "--all", *src_flags, *target.skopeo_args("dest"),
               f"docker://{served.host}/{repo}:{tag}", target.docker_ref(f"{dest_repo}:{tag}"))
        from_serve = skopeo_inspect_raw(f"{served.host}/{repo}:{tag}", tls_verify=False)
        copied = target.manifest_raw(dest_repo, tag)
        assert digest_of(from_serve) == img["digest"], img["ref"]
        assert copied == from_serve, img["ref"]
        doc = json.loads(copied)
        for child in doc.get("manifests", []):
            raw = target.manifest_raw(dest_repo, child["digest"])
            assert digest_of(raw) == child["digest"]
            for blob in [json.loads(raw)["config"], *json.loads(raw)["layers"]]:
                assert digest_of(target.blob_bytes(dest_repo, blob["digest"])) == blob["digest"]
    # skopeo sees the same tags as load published.
    tags = json.loads(skopeo("list-tags", *["--tls-verify=false"],
                             f"docker://{served.host}/{PREFIX}/airlock-test/tags").stdout)
    assert tags["Tags"] == TAGS


def test_names_and_tags_are_the_ones_load_publishes(world, served):
    c = served.client()
    oracle = world["oracle"]
    want = sorted(r for r in oracle.catalog() if r.startswith(PREFIX + "/"))
    got, _ = all_pages(c, "/v2/_catalog", "repositories")
    assert got == want
    for repo in want:
        loaded_tags = sorted(t for t in oracle.tags(repo) if not REFERRERS_TAG.match(t))
        assert sorted(c.tags(repo)) == loaded_tags, repo
        for tag in loaded_tags:
            r = c.manifest(repo, tag)
            assert r.status == 200, (repo, tag, r)
            assert r.body == oracle.manifest_raw(repo, tag), (repo, tag)


def test_keep_host_names_are_the_ones_load_publishes(world, serve_factory):
    s = serve_factory("keep-host", [world["main"]], "--prefix", "kh", "--keep-host",
                      access_log="-")
    c = s.client()
    want = sorted(r for r in world["oracle"].catalog() if r.startswith("kh/"))
    got, _ = all_pages(c, "/v2/_catalog", "repositories")
    assert got == want
    src = world["bom"]["images"]
    for img in src:
        host, rest = img["ref"].split("/", 1)
        path, tag = rest.rsplit(":", 1)
        r = c.manifest(f"kh/{host.replace(':', '_')}/{path}", tag)
        assert r.status == 200 and digest_of(r.body) == img["digest"], img["ref"]
    # --access-log - : the lines on standard output.
    wait_until(lambda: any(e["path"].startswith("/v2/kh/docker.io/library/busybox/")
                           for e in s.access()), 10, what="access log lines on stdout")


def test_the_chart_reads_back_with_helm_media_types(world, served):
    c = served.client()
    [chart] = world["bom"]["charts"]
    repo = f"{PREFIX}/{chart['repository']}"
    r = c.request("GET", f"/v2/{repo}/manifests/{chart['tag']}", headers={"Accept": OCI_MANIFEST})
    assert r.status == 200, r
    assert r.header("Content-Type") == OCI_MANIFEST
    assert digest_of(r.body) == chart["digest"]
    m = r.json()
    assert m["config"]["mediaType"] == HELM_CONFIG
    assert [layer["mediaType"] for layer in m["layers"]] == [HELM_CHART]
    config = c.blob(repo, m["config"]["digest"])
    assert config.status == 200 and digest_of(config.body) == m["config"]["digest"]
    assert (config.json()["name"], config.json()["version"]) == ("demo", "0.1.0")
    archive = c.blob(repo, m["layers"][0]["digest"])
    assert archive.status == 200 and digest_of(archive.body) == m["layers"][0]["digest"]
    with tarfile.open(fileobj=io.BytesIO(archive.body), mode="r:gz") as tar:
        assert "demo/Chart.yaml" in tar.getnames()
        assert b"name: demo" in tar.extractfile("demo/Chart.yaml").read()


# === 2. pull conformance (OCI distribution spec v1.1) ====================================

def test_api_version_check(served):
    r = served.client().get("/v2/")
    assert r.status == 200, r


def test_manifest_by_tag_and_by_digest_get_and_head(world, served):
    c = served.client()
    for suffix, media_type in (("/library/busybox:1.36", OCI_MANIFEST),
                               ("/airlock-test/tool:2.0", OCI_INDEX),
                               ("/airlock-test/tags:1.1", DOCKER_MANIFEST)):
        img = bom_image(world, suffix)
        repo, tag = repo_of(img["ref"])
        by_tag = c.manifest(repo, tag)
        assert by_tag.status == 200, by_tag
        assert digest_of(by_tag.body) == img["digest"]
        assert by_tag.header("Docker-Content-Digest") == img["digest"]
        assert by_tag.header("Content-Type") == media_type
        assert int(by_tag.header("Content-Length")) == len(by_tag.body)
        by_digest = c.manifest(repo, img["digest"])
        assert by_digest.status == 200 and by_digest.body == by_tag.body
        assert by_digest.header("Docker-Content-Digest") == img["digest"]
        assert by_digest.header("Content-Type") == media_type
        for ref in (tag, img["digest"]):
            head = c.manifest(repo, ref, method="HEAD")
            assert head.status == 200, head
            assert head.body == b""
            assert int(head.header("Content-Length")) == len(by_tag.body)
            assert head.header("Docker-Content-Digest") == img["digest"]
            assert head.header("Content-Type") == media_type
    # An index's children by digest.
    tool = bom_image(world, "/airlock-test/tool:2.0")
    repo, _ = repo_of(tool["ref"])
    for child in manifest_doc(c, repo, tool["digest"])["manifests"]:
        r = c.manifest(repo, child["digest"])
        assert r.status == 200 and digest_of(r.body) == child["digest"]
        assert r.header("Content-Type") == child["mediaType"]


def test_blobs_get_head_and_ranges(world, served):
    c = served.client()
    img = bom_image(world, "/airlock-test/signed:1.0")
    repo, _ = repo_of(img["ref"])
    m = manifest_doc(c, repo, img["digest"])
    for desc in (m["config"], *m["layers"]):
        digest, size = desc["digest"], desc["size"]
        head = c.blob(repo, digest, method="HEAD")
        assert head.status == 200, head
        assert head.body == b""
        assert int(head.header("Content-Length")) == size
        assert head.header("Docker-Content-Digest") == digest
        assert head.header("Content-Type"), head
        got = c.blob(repo, digest)
        assert got.status == 200 and not got.cut, got
        assert len(got.body) == size and digest_of(got.body) == digest
        assert int(got.header("Content-Length")) == size
        assert got.header("Docker-Content-Digest") == digest
    layer = m["layers"][0]
    digest, size = layer["digest"], layer["size"]
    whole = c.blob(repo, digest).body
    for spec, lo, hi in (("bytes=0-0", 0, 0), ("bytes=100-1099", 100, 1099),
                         (f"bytes={size - 10}-", size - 10, size - 1),
                         ("bytes=-25", size - 25, size - 1),
                         (f"bytes=1000-{size + 5000}", 1000, size - 1)):
        r = c.blob(repo, digest, headers={"Range": spec})
        assert r.status == 206, (spec, r)
        assert r.body == whole[lo:hi + 1], spec
        assert r.header("Content-Range") == f"bytes {lo}-{hi}/{size}", spec
        assert int(r.header("Content-Length")) == hi - lo + 1, spec
    for spec in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}"):
        r = c.blob(repo, digest, headers={"Range": spec})
        assert r.status == 416, (spec, r)
        assert r.header("Content-Range") in (None, f"bytes */{size}"), (spec, r)


def test_a_blob_is_served_only_in_repositories_that_reference_it(world, served):
    c = served.client()
    busybox = bom_image(world, "/library/busybox:1.36")
    bb_repo, _ = repo_of(busybox["ref"])
    layer = manifest_doc(c, bb_repo, busybox["digest"])["layers"][0]["digest"]
    assert c.blob(bb_repo, layer, method="HEAD").status == 200
    tool_repo, _ = repo_of(TOOL)
    r = c.blob(tool_repo, layer)
    assert r.status == 404 and r.error_codes() == ["BLOB_UNKNOWN"], r
    # Manifests too: busybox's is not in the tool repository.
    r = c.manifest(tool_repo, busybox["digest"])
    assert r.status == 404 and r.error_codes() == ["MANIFEST_UNKNOWN"], r


def test_tags_list_paginates_with_n_last_and_link(world, served):
    c = served.client()
    repo = f"{PREFIX}/airlock-test/tags"
    full = c.get(f"/v2/{repo}/tags/list")
    assert full.status == 200 and full.json() == {"name": repo, "tags": TAGS}, full
    assert full.header("Link") is None
    assert (full.header("Content-Type") or "").startswith("application/json")
    one = c.get(f"/v2/{repo}/tags/list?n=1")
    assert one.json()["tags"] == ["1.0"]
    assert one.header("Link") is not None
    link = urllib.parse.urlsplit(re.match(r'^<([^>]+)>', one.header("Link")).group(1))
    assert link.path == f"/v2/{repo}/tags/list"
    assert urllib.parse.parse_qs(link.query) == {"n": ["1"], "last": ["1.0"]}
    entries, pages = all_pages(c, f"/v2/{repo}/tags/list?n=1", "tags")
    assert entries == TAGS and pages == 3
    entries, pages = all_pages(c, f"/v2/{repo}/tags/list?n=2", "tags")
    assert entries == TAGS and pages == 2
    after = c.get(f"/v2/{repo}/tags/list?last=1.0")
    assert after.json()["tags"] == ["1.1", "2.0"]
    # `last` need not be a tag: the tags after it in lexical order.
    assert c.get(f"/v2/{repo}/tags/list?last=1.05").json()["tags"] == ["1.1", "2.0"]
    assert c.get(f"/v2/{repo}/tags/list?n=5&last=1.1").json()["tags"] == ["2.0"]
    last_page = c.get(f"/v2/{repo}/tags/list?n=1&last=1.1")
    assert last_page.json()["tags"] == ["2.0"]
    assert last_page.header("Link") is None
    assert c.get(f"/v2/{repo}/tags/list?last=2.0").json()["tags"] in ([], None)


def test_catalog_paginates(world, served):
    c = served.client()
    full = c.get("/v2/_catalog")
    assert full.status == 200, full
    repos = full.json()["repositories"]
    assert repos == sorted(repos) and len(repos) >= 5
    assert f"{PREFIX}/library/busybox" in repos and f"{PREFIX}/airlock-test/tags" in repos
    entries, pages = all_pages(c, "/v2/_catalog?n=2", "repositories")
    assert entries == repos and pages == (len(repos) + 1) // 2
    after = c.get(f"/v2/_catalog?last={urllib.parse.quote(repos[1], safe='')}")
    assert after.json()["repositories"] == repos[2:]


def test_referrers_with_and_without_an_artifact_type_filter(world, served):
    c = served.client()
    img = bom_image(world, "/airlock-test/signed:1.0")
    repo, _ = repo_of(img["ref"])
    carried = sorted(a["digest"] for a in img.get("attachments", []) if a["kind"] == "referrer")
    want = {m.digest: m for m in world["referrers"].values()}
    assert carried == sorted(want), img.get("attachments")
    r = c.get(f"/v2/{repo}/referrers/{img['digest']}")
    assert r.status == 200, r
    assert r.header("Content-Type") == OCI_INDEX
    assert r.header("OCI-Filters-Applied") is None
    index = r.json()
    assert index["schemaVersion"] == 2 and index["mediaType"] == OCI_INDEX
    got = {d["digest"]: d for d in index["manifests"]}
    assert sorted(got) == sorted(want)
    for digest, m in want.items():
        assert got[digest]["mediaType"] == OCI_MANIFEST
        assert got[digest]["size"] == len(m.raw)
        assert got[digest]["artifactType"] == m.artifact_type
        assert got[digest]["annotations"] == {"org.example.kind": m.artifact_type}
        # Each referrer is a manifest of the repository, its blobs too.
        assert c.manifest(repo, digest).body == m.raw
        for blob in m.blobs:
            assert c.blob(repo, blob, method="HEAD").status == 200
    q = urllib.parse.quote(SBOM_TYPE, safe="")
    f = c.get(f"/v2/{repo}/referrers/{img['digest']}?artifactType={q}")
    assert f.status == 200, f
    assert f.header("OCI-Filters-Applied") == "artifactType"
    assert [d["digest"] for d in f.json()["manifests"]] == [world["referrers"][SBOM_TYPE].digest]
    none = c.get(f"/v2/{repo}/referrers/{img['digest']}?artifactType=application%2Fnone")
    assert none.status == 200 and none.json()["manifests"] == []
    # A subject without referrers, even an unknown one: an empty index, not 404.
    for subject in (bom_image(world, "/airlock-test/tags:1.0")["digest"], "sha256:" + "0" * 64):
        e = c.get(f"/v2/{repo}/referrers/{subject}")
        assert e.status == 200, (subject, e)
        assert e.json()["manifests"] == [] and e.header("Content-Type") == OCI_INDEX
    bad = c.get(f"/v2/{repo}/referrers/sha256:zz")
    assert bad.status == 400 and bad.error_codes() == ["DIGEST_INVALID"], bad


def test_errors_carry_distribution_codes_in_json_bodies(world, served):
    c = served.client()
    busybox = bom_image(world, "/library/busybox:1.36")
    repo, _ = repo_of(busybox["ref"])
    absent = "sha256:" + hashlib.sha256(b"not in any bundle").hexdigest()
    cases = [
        ("GET", f"/v2/{PREFIX}/library/nope/manifests/1.0", 404, "NAME_UNKNOWN"),
        ("GET", f"/v2/{PREFIX}/library/nope/blobs/{absent}", 404, "NAME_UNKNOWN"),
        ("GET", f"/v2/{PREFIX}/library/nope/tags/list", 404, "NAME_UNKNOWN"),
        ("GET", f"/v2/{repo}/manifests/9.9", 404, "MANIFEST_UNKNOWN"),
        ("GET", f"/v2/{repo}/manifests/{absent}", 404, "MANIFEST_UNKNOWN"),
        ("GET", f"/v2/{repo}/blobs/{absent}", 404, "BLOB_UNKNOWN"),
        ("GET", f"/v2/{repo}/blobs/sha256:1234", 400, "DIGEST_INVALID"),
        ("GET", f"/v2/{repo}/blobs/sha256:{'A' * 64}", 400, "DIGEST_INVALID"),
        ("GET", f"/v2/{repo}/blobs/not-a-digest", 400, "DIGEST_INVALID"),
        ("GET", f"/v2/{repo}/manifests/sha256:xyz", 400, "DIGEST_INVALID"),
        ("GET", f"/v2/{PREFIX}/Library/BusyBox/manifests/1.0", 400, "NAME_INVALID"),
    ]
    for method, path, status, code in cases:
        r = c.request(method, path, headers={"Accept": ACCEPT_ALL})
        assert r.status == status, (path, r)
        assert r.error_codes() == [code], (path, r)
        assert all(e.get("message") for e in r.json()["errors"]), (path, r)
    # HEAD: the status, no body.
    for path in (f"/v2/{repo}/manifests/9.9", f"/v2/{repo}/blobs/{absent}"):
        r = c.head(path)
        assert r.status == 404 and r.body == b"", (path, r)


def test_writes_are_405_unsupported(world, served):
    c = served.client()
    busybox = bom_image(world, "/library/busybox:1.36")
    repo, tag = repo_of(busybox["ref"])
    layer = manifest_doc(c, repo, busybox["digest"])["layers"][0]["digest"]
    raw = c.manifest(repo, tag).body
    writes = [
        ("POST", f"/v2/{repo}/blobs/uploads/", b""),
        ("POST", f"/v2/{repo}/blobs/uploads/?digest={layer}", b"x"),
        ("POST", f"/v2/{repo}/blobs/uploads/?mount={layer}&from={repo}", b""),
        ("PATCH", f"/v2/{repo}/blobs/uploads/some-session", b"chunk"),
        ("PUT", f"/v2/{repo}/blobs/uploads/some-session?digest={layer}", b"x"),
        ("PUT", f"/v2/{repo}/manifests/{tag}", raw),
        ("PUT", f"/v2/{repo}/manifests/new-tag", raw),
        ("DELETE", f"/v2/{repo}/manifests/{busybox['digest']}", None),
        ("DELETE", f"/v2/{repo}/blobs/{layer}", None),
    ]
    for method, path, body in writes:
        r = c.request(method, path, body=body, headers={"Content-Type": OCI_MANIFEST})
        assert r.status == 405, (method, path, r)
        assert r.error_codes() == ["UNSUPPORTED"], (method, path, r)
    assert c.manifest(repo, tag).body == raw
    assert c.blob(repo, layer, method="HEAD").status == 200
    assert c.tags(repo) == ["1.36"]


def test_access_log_and_metrics(world, served):
    c = served.client()
    img = bom_image(world, "/airlock-test/tags:2.0")
    repo, tag = repo_of(img["ref"])
    before = c.metrics()
    path = f"/v2/{repo}/manifests/{tag}"

    def logged():
        return [e for e in served.access() if e["path"] == path]
    earlier = len(logged())
    assert c.manifest(repo, tag, method="HEAD").status == 200
    got = c.manifest(repo, tag)
    missing = c.manifest(repo, "no-such-tag")
    assert missing.status == 404
    lines = wait_until(lambda: logged()[earlier:] if len(logged()) >= earlier + 2 else None,
                       10, what="two access log lines")
    head, get = lines
    for e in lines:
        assert ACCESS_FIELDS <= set(e), e
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", e["time"]), e
        assert e["client"].startswith("127.0.0.1:"), e
        assert not e.get("subject"), e
        assert e["status"] == 200 and not e.get("cut"), e
        assert e["seconds"] >= 0
    assert (head["method"], head["bytes"]) == ("HEAD", 0)
    assert (get["method"], get["bytes"]) == ("GET", len(got.body))
    # An exchange is logged and counted once its last byte is sent, which
    # the client may see first.
    wait_until(lambda: any(e["path"] == f"/v2/{repo}/manifests/no-such-tag"
                           and e["status"] == 404 for e in served.access()),
               10, what="the 404's access log line")

    def count(series, code):
        try:
            return metric(series, "airlock_serve_requests_total", code=code)
        except AssertionError:   # no request with that status yet
            return 0

    def counted():
        r = c.get("/metrics")
        assert r.status == 200 and (r.header("Content-Type") or "").startswith("text/plain"), r
        after = parse_metrics(r.body.decode())
        done = count(after, "200") >= count(before, "200") + 2 and count(after, "404") >= 1
        return after if done else None
    after = wait_until(counted, 10, what="the requests counted in /metrics")
    assert metric(after, "airlock_serve_blob_hash_failures_total") == 0
    assert metric(after, "airlock_serve_open_connections") >= 1


# === 3. TLS and client certificates ===============================================

def tls_context(ca: CertAuthority, client=None, **kw) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(ca.ca_file))
    for k, v in kw.items():
        setattr(ctx, k, v)
    if client is not None:
        ctx.load_cert_chain(str(client.cert_file), str(client.key_file))
    return ctx


def test_tls_with_the_test_ca(world, ca, serve_factory, tmp_path):
    server = ca.issue_server("serve-tls", directory=tmp_path / "certs")
    s = serve_factory("tls", [world["main"]], "--prefix", PREFIX,
                      "--tls-cert", server.cert_file, "--tls-key", server.key_file)
    assert f"on https://{s.host}" in s.stderr()
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        c = s.client(context=tls_context(ca, minimum_version=version, maximum_version=version))
        assert c.get("/v2/").status == 200, version
    # TLS below 1.2 is not offered.
    old = tls_context(ca)
    old.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old.maximum_version = ssl.TLSVersion.TLSv1_1
    old.set_ciphers("DEFAULT:@SECLEVEL=0")   # so that the client does offer TLS 1.1
    with pytest.raises((ssl.SSLError, ConnectionError)) as refused_old:
        s.client(context=old).get("/v2/")
    print("TLS 1.1 ->", repr(refused_old.value))
    # Plain HTTP to the TLS port gets no registry answer.
    try:
        plain = Client(s.port, timeout=5).get("/v2/")
        assert plain.status == 400, plain
    except (OSError, http.client.HTTPException):
        pass
    # skopeo with the CA in a cert dir reads the BOM's digests.
    certs = write_cert_dir(tmp_path / "certs.d", s.host, ca.ca_file)
    for img in world["bom"]["images"][:2]:
        repo, tag = repo_of(img["ref"])
        raw = skopeo_inspect_raw(f"{s.host}/{repo}:{tag}", cert_dir=certs)
        assert digest_of(raw) == img["digest"]
    assert s.running()


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_clients_hanging_up_mid_download_leave_the_server_up(world, ca, serve_factory, tmp_path,
                                                             scheme):
    """A client that closes its socket while a 12 MiB blob is on its way must
    cost that connection an error, never the server (SIGPIPE)."""
    args = []
    ctx = None
    if scheme == "https":
        server = ca.issue_server("serve-hangup", directory=tmp_path / "certs")
        args = ["--tls-cert", server.cert_file, "--tls-key", server.key_file]
        ctx = tls_context(ca)
    s = serve_factory(f"hangup-{scheme}", [world["big"]], *args)
    c = s.client(context=ctx)
    [img] = bom_of(world["big"])["images"]
    repo, _ = repo_of(img["ref"], prefix="")
    layer = manifest_doc(c, repo, img["digest"])["layers"][0]
    request = (f"GET /v2/{repo}/blobs/{layer['digest']} HTTP/1.1\r\nHost: {s.host}\r\n"
               "\r\n").encode()
    for n in range(8):
        # 12 MiB is more than the kernel buffers hold: the server is mid-write.
        raw = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        sock = ctx.wrap_socket(raw, server_hostname="127.0.0.1") if ctx else raw
        try:
            sock.sendall(request)
            got = 0
            while got < 65536 * (n + 1):
                chunk = sock.recv(65536)
                assert chunk, "the server closed first"
                got += len(chunk)
            # RST on close for half the clients, FIN for the others.
            if n % 2:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        finally:
            sock.close()
        time.sleep(0.2)
        assert s.running(), s.stderr()
    if ctx is not None:
        # Clients gone right after the handshake: OpenSSL then writes TLS
        # 1.3's session tickets, one write each, to a socket the peer closed.
        for _ in range(40):
            with ctx.wrap_socket(socket.create_connection(("127.0.0.1", s.port), timeout=20),
                                 server_hostname="127.0.0.1"):
                pass
        time.sleep(0.5)
        assert s.running(), s.stderr()
    assert s.client(context=ctx).get("/v2/").status == 200
    whole = s.client(context=ctx).blob(repo, layer["digest"])
    assert whole.status == 200 and digest_of(whole.body) == layer["digest"]


def test_containerd_pulls_over_mtls_with_mirror_config_hosts_toml(world, ca, serve_factory,
                                                                  tmp_path):
    certs = tmp_path / "certs"
    server = ca.issue_server("serve-mtls", directory=certs)
    client = ca.issue_client("node", cn="node-1", directory=certs)
    s = serve_factory("mtls-ctrd", [world["main"]], "--prefix", PREFIX,
                      "--tls-cert", server.cert_file, "--tls-key", server.key_file,
                      "--client-ca", ca.ca_file)
    hosts = tmp_path / "hosts.d"
    r = run([airlock_load_bin(), "mirror-config", "--registry", f"https://{s.host}/{PREFIX}",
             "--format", "containerd", "--ca", ca.ca_file, "--client-cert", client.cert_file,
             "--client-key", client.key_file, "--out", hosts, "--state-dir",
             tmp_path / "mc-state", world["main"]], check=False)
    assert r.returncode == 0, r.stderr
    ctrd = Containerd(tmp_path / "containerd")
    try:
        ctrd.start()
        for ref in (BUSYBOX, TOOL):
            ctrd.pull(ref, hosts)
            assert ctrd.image_digest(ref) == bom_image(world, ref.split("/", 1)[1])["digest"]
        assert ctrd.run(BUSYBOX, "over-mtls") == "served from the bundle\n"
    finally:
        ctrd.stop()
    lines = wait_until(s.access, 10, what="access log lines")
    assert all("CN=node-1" in e["subject"] for e in lines), lines[:3]


def test_mtls_refuses_a_client_without_a_certificate_in_the_handshake(world, ca, serve_factory,
                                                                      tmp_path):
    certs = tmp_path / "certs"
    server = ca.issue_server("serve-mtls", directory=certs)
    client = ca.issue_client("client", directory=certs)
    stranger_ca = CertAuthority(tmp_path / "stranger-ca", name="stranger CA")
    stranger = stranger_ca.issue_client("stranger", cn="stranger", directory=certs)
    s = serve_factory("mtls", [world["main"]], "--prefix", PREFIX,
                      "--tls-cert", server.cert_file, "--tls-key", server.key_file,
                      "--client-ca", ca.ca_file)
    for who, ctx in (("no certificate", tls_context(ca)),
                     ("no certificate, TLS 1.2", tls_context(
                         ca, maximum_version=ssl.TLSVersion.TLSv1_2)),
                     ("another CA's certificate", tls_context(ca, stranger))):
        with pytest.raises((ssl.SSLError, ConnectionError)) as exc:
            r = s.client(context=ctx).get("/v2/")
            pytest.fail(f"{who}: got an HTTP response {r}")
        print(who, "->", repr(exc.value))
    assert s.access() == [], "a refused handshake reached HTTP"
    c = s.client(context=tls_context(ca, client))
    assert c.get("/v2/").status == 200
    img = bom_image(world, "/library/busybox:1.36")
    repo, tag = repo_of(img["ref"])
    assert digest_of(c.manifest(repo, tag).body) == img["digest"]
    entries = wait_until(lambda: s.access() if len(s.access()) >= 2 else None, 10,
                         what="access log lines")
    for e in entries:
        assert "CN=airlock-test-client" in e["subject"], e
    # skopeo with a docker-style cert dir (ca.crt, client.cert, client.key).
    cert_dir = write_cert_dir(tmp_path / "certs.d", s.host, ca.ca_file, client)
    raw = skopeo_inspect_raw(f"{s.host}/{repo}:{tag}", cert_dir=cert_dir)
    assert digest_of(raw) == img["digest"]


# === 4. refused before listening ==================================================

def serve_refused(world, tmp_path, bundles, *args, state=None, clock=None, timeout=60):
    """Run serve that must not start: returns its CompletedProcess after
    checking that nothing ever accepted on its port."""
    s = Serve(tmp_path / "refused", bundles, *args, state=state, clock=clock)
    proc = s.spawn(free_port())
    accepted = False
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            accepted = accepted or port_accepts(s.port)
            time.sleep(0.02)
    finally:
        s.stop()
    accepted = accepted or port_accepts(s.port)
    r = subprocess.CompletedProcess(proc.args, proc.returncode, s.stdout_file.read_text(),
                                    s.stderr())
    assert not accepted, f"port {s.port} accepted a connection:\n{r.stderr}"
    assert "serving" not in r.stderr, r.stderr
    return r


def tampered_bom(b: Path) -> None:
    bom = surgery.entry(b, "airlock/bom.json")
    pos = b.read_bytes().index(b'"created"', bom["data"]) + len('"created": "20')
    surgery.flip_byte(b, pos)


def truncated(b: Path) -> None:
    with open(b, "r+b") as f:
        f.truncate(b.stat().st_size - 4096)


@pytest.mark.parametrize("case", ["unsigned", "tampered-bom", "truncated", "untrusted-key",
                                  "expired", "rollback", "one-bad-of-two", "deep-flipped-layer",
                                  "trust-requires-customer"])
def test_a_bundle_failing_verification_is_refused_before_listening(world, tmp_path, case):
    state = tmp_path / "state"
    clock = None
    bundles = []
    args = []
    if case in ("unsigned", "tampered-bom", "truncated", "one-bad-of-two"):
        b = surgery.copy(world["hup"]["1.0.0"], tmp_path / "hostile.airlock")
        if case == "unsigned":
            surgery.set_envelopes(b, [])
            code, needle = SIGNATURE, "unsigned"
        elif case == "truncated":
            truncated(b)
            code, needle = MALFORMED_BUNDLE, "truncated"
        else:
            tampered_bom(b)
            code, needle = SIGNATURE, "another BOM"
        bundles = [world["main"], b] if case == "one-bad-of-two" else [b]
    elif case == "deep-flipped-layer":
        b = surgery.copy(world["hup"]["1.0.0"], tmp_path / "flipped.airlock")
        [layer] = [x for x in bom_of(b)["blobs"] if "layer" in x["mediaType"]]
        e = surgery.entry(b, f"blobs/sha256/{layer['digest'][7:]}")
        surgery.flip_byte(b, e["data"] + e["size"] // 2)
        bundles, code, needle, args = [b], INTEGRITY, layer["digest"], ["--deep"]
    elif case == "trust-requires-customer":
        from airlock_testlib.tools import source_dir
        policy = json.loads((source_dir() / "keys" / "dev" / "trust-policy.json").read_text())
        policy["require"] = {"vendor": 1, "customer": 1}
        (tmp_path / "policy.json").write_text(json.dumps(policy))
        bundles, code, needle = [world["hup"]["1.0.0"]], SIGNATURE, "role 'customer' needs 1"
        args = ["--trust", tmp_path / "policy.json"]
    elif case == "untrusted-key":
        bundles, code, needle = [world["rogue"]], UNTRUSTED_KEY, "not a key of the trust policy"
    elif case == "expired":
        bundles, code, needle, clock = [world["short"]], EXPIRED, "expired at", "+2h"
    else:
        loaded(run([airlock_load_bin(), "load", world["hup"]["2.0.0"], "--to",
                    f"oci:{tmp_path / 'layout'}", "--state-dir", state], check=False))
        bundles, code, needle = [world["hup"]["1.0.0"]], ROLLBACK, "older than 2.0.0"
    r = serve_refused(world, tmp_path, bundles, *args, state=state, clock=clock)
    refused(r, code, needle)


# === 5. a blob changed in the bundle file after start ===========================

def serve_a_copy(world, serve_factory, tmp_path, name: str):
    """serve of a copy of the main bundle (to change in place), its state
    folder, a client, and the signed image's first layer: (bundle, state,
    served, client, repo, digest, size)."""
    b = surgery.copy(world["main"], tmp_path / f"{name}.airlock")
    state = tmp_path / f"{name}-state"
    s = serve_factory(name, [b], "--prefix", PREFIX, state=state)
    c = s.client()
    img = bom_image(world, "/airlock-test/signed:1.0")
    repo, _ = repo_of(img["ref"])
    layer = manifest_doc(c, repo, img["digest"])["layers"][0]
    return b, state, s, c, repo, layer["digest"], layer["size"]


def test_a_flipped_byte_in_a_blob_cuts_the_download_and_the_blob_is_gone(world, serve_factory,
                                                                          tmp_path):
    b, state, s, c, repo, digest, size = serve_a_copy(world, serve_factory, tmp_path, "flip")
    e = surgery.entry(b, f"blobs/sha256/{digest[7:]}")
    assert e["size"] == size
    surgery.flip_byte(b, e["data"] + size // 2)
    # Another blob changed, asked for by Range first: a range cannot be
    # checked alone, so it must not come out of the changed file either.
    busybox = bom_image(world, "/library/busybox:1.36")
    bb_repo, _ = repo_of(busybox["ref"])
    bb_layer = manifest_doc(c, bb_repo, busybox["digest"])["layers"][0]
    bb = surgery.entry(b, f"blobs/sha256/{bb_layer['digest'][7:]}")
    surgery.flip_byte(b, bb["data"] + 1000)
    ranged = c.blob(bb_repo, bb_layer["digest"], headers={"Range": "bytes=990-1009"})
    assert ranged.status == 404 and ranged.error_codes() == ["BLOB_UNKNOWN"], ranged
    # An unchanged blob never sent before, asked for by Range first: served.
    tool = bom_image(world, "/airlock-test/tool:2.0")
    tool_repo, _ = repo_of(tool["ref"])
    child = manifest_doc(c, tool_repo, tool["digest"])["manifests"][-1]["digest"]
    tl = manifest_doc(c, tool_repo, child)["layers"][0]
    te = surgery.entry(b, f"blobs/sha256/{tl['digest'][7:]}")
    with open(b, "rb") as f:
        f.seek(te["data"] + 100)
        want = f.read(50)
    part = c.blob(tool_repo, tl["digest"], headers={"Range": "bytes=100-149"})
    assert part.status == 206 and part.body == want, part

    first = None
    try:
        first = c.blob(repo, digest)
        assert first.cut or first.status != 200, "the changed blob was served whole"
        assert len(first.body) < size
        assert digest_of(first.body) != digest
    except (ConnectionError, http.client.HTTPException):
        pass   # cut before the status line: as good
    for method in ("GET", "HEAD"):
        again = c.blob(repo, digest, method=method)
        assert again.status == 404, (method, again)
        if method == "GET":
            assert again.error_codes() == ["BLOB_UNKNOWN"]
    assert c.blob(repo, digest, headers={"Range": "bytes=0-9"}).status == 404
    # Other content is still served.
    assert c.get("/v2/").status == 200
    assert c.manifest(repo, bom_image(world, "/airlock-test/signed:1.0")["digest"]).status == 200
    assert metric(c.metrics(), "airlock_serve_blob_hash_failures_total") == 2
    for d in (digest, bb_layer["digest"]):
        wait_until(lambda: [e for e in audit_of(state)
                            if e["event"] == "serve.blob-mismatch" and e["digest"] == d], 10,
                   what=f"an audit entry for {d}")
    assert digest in s.stderr(), s.stderr()
    path = f"/v2/{repo}/blobs/{digest}"
    log = wait_until(lambda: [x for x in s.access() if x["path"] == path] or None, 10,
                     what="access log line of the cut download")
    assert log[0].get("cut") is True and log[0]["bytes"] < size, log
    assert s.running()


def test_a_blob_checked_good_is_checked_again_once_its_file_is_written(world, serve_factory,
                                                                       tmp_path):
    """A good blob goes out unseen (sendfile) only while the bundle file is as
    it was when the blob was checked; a write in place makes it checked again."""
    b, state, s, c, repo, digest, size = serve_a_copy(world, serve_factory, tmp_path, "late")
    good = c.blob(repo, digest)
    assert good.status == 200 and digest_of(good.body) == digest
    assert c.blob(repo, digest).status == 200  # sent unseen now
    e = surgery.entry(b, f"blobs/sha256/{digest[7:]}")
    surgery.flip_byte(b, e["data"] + size // 3)
    try:
        late = c.blob(repo, digest)
        assert late.cut or late.status != 200, "the changed blob was served whole"
        assert digest_of(late.body) != digest
    except (ConnectionError, http.client.HTTPException):
        pass   # cut before the status line: as good
    assert c.blob(repo, digest).status == 404
    assert metric(c.metrics(), "airlock_serve_blob_hash_failures_total") == 1
    wait_until(lambda: [x for x in audit_of(state) if x["event"] == "serve.blob-mismatch"
                        and x["digest"] == digest], 10, what="an audit entry")


# === 6. SIGHUP and SIGTERM =======================================================

def drop(bundle: Path, directory: Path) -> Path:
    """Put a bundle into a watched directory the way an operator should: a
    temporary name, then an atomic rename."""
    tmp = directory / (".incoming-" + bundle.name + ".part")
    shutil.copyfile(bundle, tmp)
    final = directory / bundle.name
    os.rename(tmp, final)
    return final


def said_on_stderr(s: Serve, *needles: str, timeout: float = 30) -> str:
    """Wait for a line of serve's stderr naming every needle; return it."""
    def line():
        return next((x for x in s.stderr().splitlines() if all(n in x for n in needles)), None)
    try:
        return wait_until(line, timeout)
    except TimeoutError:
        pytest.fail(f"no stderr line with {needles} within {timeout} s:\n{s.stderr()}")


def sigterm(s: Serve) -> int:
    s.signal(signal.SIGTERM)
    try:
        return s.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve still running 15 s after SIGTERM:\n{s.stderr()}")


def test_sighup_takes_a_newer_version_and_refuses_an_older_one(world, serve_factory, tmp_path):
    d = tmp_path / "bundles"
    d.mkdir()
    hup = world["hup"]
    drop(hup["1.0.0"], d)
    s = serve_factory("hup", [], "--dir", d, "--dir-interval", "3600")
    c = s.client()
    repo = "airlock-test/hup"
    assert c.tags(repo) == ["1.0"]
    v1_digest = c.manifest(repo, "1.0").header("Docker-Content-Digest")

    drop(hup["2.0.0"], d)
    s.signal(signal.SIGHUP)
    wait_until(lambda: c.tags(repo) == ["1.0", "2.0"], 20, what="v2's tag after SIGHUP")
    v2 = {i["ref"].rsplit(":", 1)[1]: i["digest"] for i in bom_of(hup["2.0.0"])["images"]}
    for tag, digest in v2.items():
        r = c.manifest(repo, tag)
        assert r.status == 200 and digest_of(r.body) == digest, tag
    assert v2["1.0"] == v1_digest

    old = drop(hup["0.9.0"], d)
    s.signal(signal.SIGHUP)
    # The refusal is said on stderr and audited, with load's words for it.
    said_on_stderr(s, str(old), "older than hup 2.0.0")
    assert any(e["event"] == "serve.refused" and e["bundle"] == str(old)
               and e["code"] == "rollback" for e in audit_of(s.state)), audit_of(s.state)
    assert s.running(), s.stderr()
    assert c.tags(repo) == ["1.0", "2.0"]
    r = c.manifest(repo, "0.9")
    assert r.status == 404 and r.error_codes() == ["MANIFEST_UNKNOWN"], r

    # The same version with another BOM is refused too; 2.0.0 as first seen stays.
    other = drop(hup["2.0.0-other"], d)
    s.signal(signal.SIGHUP)
    said_on_stderr(s, str(other), "differs from")
    assert any(e["event"] == "serve.refused" and e["bundle"] == str(other)
               for e in audit_of(s.state)), audit_of(s.state)
    assert s.running(), s.stderr()
    assert c.tags(repo) == ["1.0", "2.0"]
    for tag, digest in v2.items():
        assert digest_of(c.manifest(repo, tag).body) == digest, tag


def audit_of(state: Path) -> list:
    return [json.loads(line) for line in (state / "audit.jsonl").read_text().splitlines()]


def test_a_bundle_path_is_read_again_on_sighup(world, serve_factory, tmp_path):
    path = tmp_path / "current.airlock"
    shutil.copyfile(world["hup"]["1.0.0"], path)
    s = serve_factory("path-hup", [path])
    c = s.client()
    assert c.tags("airlock-test/hup") == ["1.0"]
    tmp = tmp_path / "incoming.part"
    shutil.copyfile(world["hup"]["2.0.0"], tmp)
    os.rename(tmp, path)
    s.signal(signal.SIGHUP)
    wait_until(lambda: c.tags("airlock-test/hup") == ["1.0", "2.0"], 20,
               what="v2's tag after SIGHUP")
    code = sigterm(s)
    assert code == 0, f"exit {code} on SIGTERM after a replacement:\n{s.stderr()}"


def test_sigterm_exits_0_after_the_dir_brought_a_newer_version(world, serve_factory, tmp_path):
    d = tmp_path / "bundles"
    d.mkdir()
    drop(world["hup"]["1.0.0"], d)
    s = serve_factory("term", [], "--dir", d, "--dir-interval", "1")
    c = s.client()
    assert c.tags("airlock-test/hup") == ["1.0"]
    drop(world["hup"]["2.0.0"], d)   # no SIGHUP: the directory is looked at every second
    wait_until(lambda: c.tags("airlock-test/hup") == ["1.0", "2.0"], 20,
               what="v2's tag without SIGHUP")
    code = sigterm(s)
    assert code == 0, f"exit {code} on SIGTERM after a replacement:\n{s.stderr()}"
    assert not port_accepts(s.port)
    events = [e["event"] for e in audit_of(s.state)]
    assert events[0] == "serve.start" and events[-1] == "serve.stop", events


def test_dir_serves_a_split_bundle_and_a_blob_across_its_volumes(world, serve_factory,
                                                                 tmp_path):
    volumes = world["split"]
    assert len(volumes) >= 3, volumes
    d = tmp_path / "dir"
    d.mkdir()
    for v in volumes:
        shutil.copyfile(v, d / v.name)
    s = serve_factory("split", [], "--dir", d)
    c = s.client()
    img = bom_image(world, "/airlock-test/signed:1.0")
    repo, tag = repo_of(img["ref"], prefix="")
    r = c.manifest(repo, tag)
    assert r.status == 200 and digest_of(r.body) == img["digest"], r
    layer = r.json()["layers"][0]
    assert layer["size"] > 2 * 64 * 1024   # spans at least two volume boundaries
    got = c.blob(repo, layer["digest"])
    assert got.status == 200 and not got.cut and digest_of(got.body) == layer["digest"]
    mid = layer["size"] // 2
    part = c.blob(repo, layer["digest"], headers={"Range": f"bytes={mid}-{mid + 70000}"})
    assert part.status == 206 and part.body == got.body[mid:mid + 70001]


# === 7. hostile requests ========================================================

def raw_exchange(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Send bytes, read until the server closes or goes quiet; the answer."""
    out = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
    return out


def status_of(answer: bytes) -> int | None:
    m = re.match(rb"^HTTP/1\.[01] (\d{3}) ", answer)
    return int(m.group(1)) if m else None


def test_hostile_requests_do_not_crash_the_server(world, serve_factory):
    s = serve_factory("hostile", [world["main"]], "--prefix", PREFIX)
    c = s.client()
    repo = f"{PREFIX}/library/busybox"

    def get(target: str, headers: str = "") -> bytes:
        return (f"GET {target} HTTP/1.1\r\nHost: {s.host}\r\n{headers}"
                "Connection: close\r\n\r\n").encode()

    cases = {
        "long path": get("/v2/" + "a/" * 40000 + "manifests/1"),
        "long repo": get(f"/v2/{'x' * 5000}/manifests/1"),
        "dot-dot": get("/v2/../../../../etc/passwd"),
        "dot-dot in a repo": get(f"/v2/{repo}/../../../../../etc/passwd/manifests/1"),
        "encoded dot-dot": get(f"/v2/{repo}/blobs/..%2f..%2f..%2f..%2fetc%2fpasswd"),
        "encoded dot-dot 2": get("/v2/%2e%2e/%2e%2e/etc/passwd/manifests/x"),
        "bad percent": get("/v2/%zz/manifests/1.0"),
        "truncated percent": get(f"/v2/{repo}/manifests/1.36%"),
        "percent nul": get(f"/v2/{repo}/manifests/%00"),
        "absolute-form": get(f"http://evil.example/v2/{repo}/manifests/1.36"),
        "no slash": get("v2/"),
        "huge header": get("/v2/", "X-Junk: " + "j" * 200_000 + "\r\n"),
        "many headers": get("/v2/", "".join(f"X-{i}: {i}\r\n" for i in range(5000))),
        "bad range": get(f"/v2/{repo}/blobs/sha256:{'0' * 64}", "Range: bytes=zz-\r\n"),
        "bad method": b"FROB /v2/ HTTP/1.1\r\nHost: x\r\n\r\n",
        "http/0.9": b"GET /v2/\r\n",
        "bad version": b"GET /v2/ HTTP/9.9\r\nHost: x\r\n\r\n",
        "junk": bytes(range(256)) * 8 + b"\r\n\r\n",
        "tls hello on plain": bytes.fromhex("160301020001") + b"\x00" * 600,
        "chunked junk body": (f"POST /v2/{repo}/blobs/uploads/ HTTP/1.1\r\nHost: x\r\n"
                              "Transfer-Encoding: chunked\r\n\r\nzzzz\r\n").encode(),
        "content-length lie": (f"PUT /v2/{repo}/manifests/x HTTP/1.1\r\nHost: x\r\n"
                               "Content-Length: 99999999999\r\n\r\nabc").encode(),
        "te and cl": (f"POST /v2/{repo}/blobs/uploads/ HTTP/1.1\r\nHost: x\r\n"
                      "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "0\r\n\r\nGET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n").encode(),
        "n not a number": get(f"/v2/{repo}/tags/list?n=abc"),
        "n negative": get(f"/v2/{repo}/tags/list?n=-1"),
        "n huge": get(f"/v2/{repo}/tags/list?n=99999999999999999999999"),
        "last huge": get(f"/v2/_catalog?last={'z' * 20000}"),
        "artifactType junk": get(f"/v2/{repo}/referrers/sha256:{'0' * 64}?artifactType=%ff%fe"),
        "nothing": b"",
    }
    for name, data in cases.items():
        answer = raw_exchange(s.port, data)
        code = status_of(answer)
        print(f"{name}: {code if code else answer[:40]!r}")
        if name not in ("absolute-form", "n huge", "artifactType junk", "last huge"):
            assert code is None or 400 <= code < 600, (name, answer[:300])
        if name not in ("bad method", "bad version"):
            assert code is None or code < 500, (name, answer[:300])
        assert b"root:" not in answer, name
        assert s.running(), f"serve died on {name!r}:\n{s.stderr()}"
        assert c.get("/v2/").status == 200, name
    # Two requests in one write (pipelining): two answers, in order.
    both = raw_exchange(s.port, get("/v2/").replace(b"Connection: close\r\n", b"")
                        + get(f"/v2/{repo}/manifests/nope"))
    assert [int(x) for x in re.findall(rb"HTTP/1\.1 (\d{3}) ", both)] == [200, 404], both[:500]
    # A client that opens and sends half a request, then vanishes.
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", s.port)) as sock:
            sock.sendall(b"GET /v2/ HTTP/1.1\r\nHost: x\r\n")
    assert s.running() and c.get("/v2/").status == 200
    img = bom_image(world, "/library/busybox:1.36")
    assert digest_of(c.manifest(repo, "1.36").body) == img["digest"]


def test_stalled_connections_are_closed_by_the_timeouts(world, serve_factory):
    s = serve_factory("timeouts", [world["main"]], "--prefix", PREFIX, "--idle-timeout", "1",
                      "--io-timeout", "1")
    stalled = {"idle": b"", "half a request": b"GET /v2/ HTTP/1.1\r\nHost: x\r\n"}
    for name, data in stalled.items():
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
            sock.sendall(data)
            start = time.monotonic()
            try:
                while sock.recv(4096):
                    pass
            except ConnectionResetError:
                pass
            except socket.timeout:
                pytest.fail(f"{name}: still open after 10 s")
            assert time.monotonic() - start < 6, name
    c = s.client()
    assert c.get("/v2/").status == 200
    # A keep-alive connection is closed once idle, after its answers.
    with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
        sock.sendall(f"GET /v2/ HTTP/1.1\r\nHost: {s.host}\r\n\r\n".encode())
        first = sock.recv(65536)
        assert status_of(first) == 200, first
        start = time.monotonic()
        try:
            while sock.recv(4096):
                pass
        except ConnectionResetError:
            pass
        except socket.timeout:
            pytest.fail("an idle keep-alive connection is still open after 10 s")
        assert time.monotonic() - start < 6
    assert s.running()


def test_ipv6_loopback_and_port_0(world, serve_factory):
    if not port_accepts_v6_capable():
        pytest.skip("no IPv6 loopback here")
    s = serve_factory("v6", [world["main"]], "--prefix", PREFIX, listen="[::1]:0")
    assert s.address == "::1" and s.port > 0, s.stderr()
    c = s.client()
    assert c.get("/v2/").status == 200
    img = bom_image(world, "/library/busybox:1.36")
    repo, tag = repo_of(img["ref"])
    assert digest_of(c.manifest(repo, tag).body) == img["digest"]
    # Access log lines are written as exchanges complete: wait for them.
    lines = wait_until(lambda: s.access() if len(s.access()) >= 2 else None, 10,
                       what="two access log lines")
    assert all(e["client"].startswith("[::1]:") for e in lines), lines


def port_accepts_v6_capable() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_max_connections_gives_an_idle_connection_s_place_to_the_next_client(world,
                                                                            serve_factory):
    """At the bound, the next client waits in the queue until a keep-alive
    connection has been idle for a second; that one is closed for it."""
    s = serve_factory("maxconn", [world["main"]], "--prefix", PREFIX, "--max-connections", "2")
    request = f"GET /v2/ HTTP/1.1\r\nHost: {s.host}\r\n\r\n".encode()
    held = []
    for _ in range(2):   # two keep-alive connections, each answered once, then idle
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        sock.sendall(request)
        assert status_of(sock.recv(65536)) == 200
        held.append(sock)
    started = time.monotonic()
    third = socket.create_connection(("127.0.0.1", s.port), timeout=0.3)
    try:
        third.sendall(request)
        with pytest.raises(socket.timeout):
            third.recv(65536)   # queued: not answered at once while two are open
        third.settimeout(10)
        assert status_of(third.recv(65536)) == 200
        assert time.monotonic() - started < 8
        closed = 0
        for sock in held:
            sock.settimeout(5)
            try:
                closed += sock.recv(65536) == b""
            except socket.timeout:
                pass
        assert closed == 1, "exactly one idle connection gives way"
    finally:
        third.close()
        for sock in held:
            sock.close()
    assert s.running()


def test_sigterm_lets_a_download_under_way_finish(world, serve_factory):
    s = serve_factory("drain", [world["big"]])
    c = s.client()
    [img] = bom_of(world["big"])["images"]
    repo, _ = repo_of(img["ref"], prefix="")
    layer = manifest_doc(c, repo, img["digest"])["layers"][0]
    assert layer["size"] > BIG
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)   # the server must wait for us
    sock.settimeout(20)
    try:
        sock.connect(("127.0.0.1", s.port))
        sock.sendall(f"GET /v2/{repo}/blobs/{layer['digest']} HTTP/1.1\r\nHost: {s.host}\r\n"
                     "Connection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data or len(data) < 32768:
            data += sock.recv(8192)
        head, _, body = data.partition(b"\r\n\r\n")
        assert status_of(head) == 200, head
        s.signal(signal.SIGTERM)
        time.sleep(0.5)
        assert s.running(), "serve did not wait for the body under way"
        assert not port_accepts(s.port), "still accepting new connections after SIGTERM"
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    finally:
        sock.close()
    assert len(body) == layer["size"] and digest_of(body) == layer["digest"]
    try:
        assert s.proc.wait(timeout=15) == 0, s.stderr()
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve still running 15 s after SIGTERM:\n{s.stderr()}")
