#!/usr/bin/python3
"""`airlock-load serve` against Debian's `docker-registry`, the same content
served both ways in the same run, side by side with ratios serve/registry.

    /usr/bin/python3 bench/serve_bench.py                 # 256 MiB large layer, 2 to 3 minutes on 2 cores
    /usr/bin/python3 bench/serve_bench.py --size-mib 64 --seconds 2 --no-tls
    /usr/bin/python3 bench/serve_bench.py --bin-dir build/release --json-file serve.json

The data (generated once, cached in build/bench-data/serve-<size>mib-seed<seed>-<hash>/):
one image with a --size-mib MiB random layer (default 256) and two small
ones, --small-images images of --small-layers layers of 2 to 64 KiB each
(default 8 x 24: about 200 small blobs), and one linux/amd64 + linux/arm64
index; pushed once into a docker-registry storage with skopeo, then made into
one bundle by `airlock-build create --key keys/dev/vendor.key` (load_bench's
bundle builder, cached next to the data).

The two servers, each started fresh on loopback for its column:

- registry: a Debian `docker-registry` (airlock_testlib.Registry, plus the
  in-memory blob descriptor cache of Debian's config.yml) filled
  with `airlock-load load BUNDLE --to registry://127.0.0.1:PORT --plain-http`
  (the TLS column gets a copy of the same storage);
- serve: `airlock-load serve BUNDLE --listen 127.0.0.1:PORT --state-dir S
  --max-connections N` (N = --idle + 64; more --serve-arg flags may follow),
  ready when its stderr says `serving ... on http(s)://...`.

Both log every request to a file, as they do by default (the registry at
level info with its access log, as Debian's config.yml; serve its access log
on standard output); --no-access-log turns both off.

TLS (both servers, unless --no-tls): an RSA 2048 server certificate for
127.0.0.1 issued by a throw-away CA, both made with openssl; every client
verifies it against that CA.

Per server, in this order:

1. first blob GET: the large blob, once, by one curl right after start (serve
   hashes a blob's bytes the first time it serves it);
2. blob GET MB/s: the large blob by one curl --repeat times, then by 8 curl
   processes at once (MB/s = 10^6 B/s over the wall time);
3. small blobs: every small blob (configs and layers under 1 MiB) in turn
   by `wrk -c8` for --seconds (requests/s);
4. manifests: every manifest by tag and by digest in turn, with the OCI and
   Docker Accept types, by `wrk -c64` for --seconds (requests/s, p99);
5. `skopeo copy --all` of every image, one after another, into one oci: dir;
   the manifest digest of every image there is checked against the bundle's;
6. peak RSS so far (VmHWM of /proc/PID/status);
7. --idle (default 1000) keep-alive connections opened (one `GET /v2/` each,
   a TLS handshake first under TLS) and held; VmRSS then; the large blob by 8
   curl processes while they are held; VmHWM at the end, and how many of the
   held connections are still open.

Every request in steps 1 to 5 must succeed (wrk's non-2xx count is printed).
Client and servers share the machine's cores, so on 2 cores the MB/s figures
are as much curl's as the server's. Results are printed, not judged: the exit
code is 0 unless something failed. Scratch goes to build/bench-work-serve/,
removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import ssl
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.dont_write_bytecode = True     # importing the other benches leaves no __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench as bb  # noqa: E402  (also puts tests/integration on sys.path)
import load_bench as lb  # noqa: E402
from airlock_testlib.images import OCI_INDEX, REF_NAME, build_image, build_index  # noqa: E402
from airlock_testlib.proc import Server, clean_env, free_port  # noqa: E402
from airlock_testlib.registry import Registry  # noqa: E402

ROOT = bb.ROOT
MiB, MB = bb.MiB, bb.MB
log = bb.log
GENERATOR_VERSION = 1
CURL_BIN, WRK_BIN, OPENSSL_BIN = bb.CURL_BIN, "/usr/bin/wrk", "/usr/bin/openssl"
ACCEPT = ", ".join(["application/vnd.oci.image.index.v1+json",
                    "application/vnd.oci.image.manifest.v1+json",
                    "application/vnd.docker.distribution.manifest.list.v2+json",
                    "application/vnd.docker.distribution.manifest.v2+json"])
SMALL = 1 * MiB                    # blobs below this are "small"


# --- the data set ---------------------------------------------------------------------
def small_size(i: int, j: int) -> int:
    return 2048 * (1 + (i * 7 + j * 13) % 32)        # 2 to 64 KiB, deterministic


def generate(layout: Path, args) -> list[dict]:
    """Writes the OCI layout; returns [{name, digest, layout_tag}] as
    build_bench.push_layout takes them."""
    blob_dir = layout / "blobs" / "sha256"
    blob_dir.mkdir(parents=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')

    def layer(name: str, size: int) -> bb.GenLayer:
        return bb.GenLayer(**bb.write_layer(blob_dir, name, size, args.seed))

    def image(name: str, layers: list, arch: str = "amd64"):
        img = build_image(layers, arch=arch, config={"Cmd": ["/bin/sh"]},
                          labels={"airlock.bench": f"{name} {arch}"})
        for raw in (img.config, img.manifest):
            (blob_dir / hashlib.sha256(raw).hexdigest()).write_bytes(raw)
        return img

    tagged = []
    t = time.monotonic()
    big = layer("big", int(args.size_mib * MiB))
    log(f"  layer big {args.size_mib:g} MiB  {time.monotonic() - t:.1f} s")
    tagged.append(("bench/big:1.0", image("bench/big", [big, layer("big-1", MiB),
                                                         layer("big-2", 64 * 1024)])))
    for i in range(args.small_images):
        name = f"bench/small-{i:02d}"
        layers = [layer(f"small-{i}-{j}", small_size(i, j)) for j in range(args.small_layers)]
        tagged.append((f"{name}:1.0", image(name, layers)))
    per_arch = [image("bench/multi", [layer(f"multi-{a}", 4 * MiB), layer(f"multi-{a}-1", 16384)],
                      arch=a) for a in ("amd64", "arm64")]
    index = build_index(per_arch)
    (blob_dir / hashlib.sha256(index.raw).hexdigest()).write_bytes(index.raw)
    tagged.append(("bench/multi:1.0", index))

    out, manifests = [], []
    for name, obj in tagged:
        desc = obj.descriptor() if obj is index else obj.descriptor(with_platform=False)
        ref = "1.0-" + name.split("/")[-1].partition(":")[0]
        manifests.append({**desc, "annotations": {REF_NAME: ref}})
        out.append({"name": name, "digest": desc["digest"], "layout_tag": ref})
    (layout / "index.json").write_text(json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                                   "manifests": manifests}))
    return out


def prepare_data(args) -> tuple[Path, list[dict]]:
    params = {"generator": GENERATOR_VERSION, "layer_generator": bb.GENERATOR_VERSION,
              "size_mib": float(args.size_mib), "seed": args.seed,
              "small_images": args.small_images, "small_layers": args.small_layers}
    data, meta_file = bb.cache_folder(args, f"serve-{int(args.size_mib)}mib-seed{args.seed}",
                                      params)
    if meta_file.exists():
        log(f"data: cached in {data}")
        return data, json.loads(meta_file.read_text())["images"]
    log(f"data: generating into {data} (once; cached for reruns)")
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    t = time.monotonic()
    images = generate(data / "layout", args)
    log(f"data: generated in {time.monotonic() - t:.1f} s; pushing with skopeo")
    bb.push_layout(data, images)
    shutil.rmtree(data / "layout")      # the registry storage is the cache
    meta_file.write_text(json.dumps({"params": params, "images": images}, indent=2))
    return data, images


def bundle_inventory(path: Path) -> SimpleNamespace:
    """From the bundle file: its images (repo_ref as serve and load name them),
    every manifest (repo, digest), every other blob (digest -> (size, repo))."""
    b = lb.read_bundle(path)
    manifests, blobs = [], {}
    with tarfile.open(path, "r:") as tar:
        def doc(digest: str) -> dict:
            return json.loads(tar.extractfile(f"blobs/sha256/{digest[7:]}").read())
        for img in b.images:
            repo = img["repo_ref"].rpartition(":")[0]
            top = doc(img["digest"])
            manifests.append((repo, img["digest"]))
            children = [m["digest"] for m in top.get("manifests", [])]
            manifests += [(repo, d) for d in children]
            for m in ([doc(d) for d in children] if children else [top]):
                for d in [m["config"], *m["layers"]]:
                    blobs.setdefault(d["digest"], (d["size"], repo))
    big = max(blobs, key=lambda d: blobs[d][0])
    return SimpleNamespace(bundle=b, images=b.images, manifests=manifests, blobs=blobs,
                           big=(big, *blobs[big]),
                           small={d: v for d, v in blobs.items() if v[0] < SMALL})


# --- TLS material ------------------------------------------------------------------------
def make_ca(d: Path) -> SimpleNamespace:
    """A throw-away CA and a server certificate for 127.0.0.1/localhost (openssl)."""
    d.mkdir(parents=True, exist_ok=True)
    def ossl(*a):
        subprocess.run([OPENSSL_BIN, *map(str, a)], check=True, capture_output=True)
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d / "ca.key", "-out",
         d / "ca.crt", "-days", "30", "-subj", "/CN=airlock serve bench CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", d / "server.key", "-out",
         d / "server.csr", "-subj", "/CN=127.0.0.1")
    (d / "ext.cnf").write_text("basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                               "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    ossl("x509", "-req", "-in", d / "server.csr", "-CA", d / "ca.crt", "-CAkey", d / "ca.key",
         "-CAcreateserial", "-out", d / "server.crt", "-days", "30", "-extfile", d / "ext.cnf")
    return SimpleNamespace(ca_file=d / "ca.crt", cert_file=d / "server.crt",
                           key_file=d / "server.key")


class BenchRegistry(Registry):
    """testlib's Registry with the in-memory blob descriptor cache (both as
    Debian's config.yml; it logs every request);
    with `ca`, TLS with the certificate made by make_ca instead of testlib's
    own CA; `quiet`: warnings only, no access log."""

    def __init__(self, workdir: Path, ca: SimpleNamespace | None = None, quiet: bool = False,
                 **kw):
        super().__init__(workdir, tls=ca is not None, **kw)
        self._ca = ca
        self.quiet = quiet

    def _prepare_certs(self) -> None:
        self._server_cert = self._ca

    def config(self) -> dict:
        cfg = super().config()
        cfg["storage"]["cache"] = {"blobdescriptor": "inmemory"}     # as Debian's config.yml
        if self.quiet:
            cfg["log"] = {"level": "warn", "formatter": "text", "accesslog": {"disabled": True}}
        return cfg


# --- the servers ---------------------------------------------------------------------------
class Served:
    """What the measurements need of a server: pid, base URL, CA file, stop()."""

    def __init__(self, label: str, pid: int, url: str, ca_file: Path | None, stop, startup: float):
        self.label, self.pid, self.url, self.ca_file = label, pid, url, ca_file
        self.stop, self.startup = stop, startup
        self.port = int(url.rpartition(":")[2])
        self.tls = url.startswith("https:")

    def status(self, key: str) -> float:
        """VmHWM / VmRSS in MiB."""
        text = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(rf"{key}:\s+(\d+)", text).group(1)) / 1024


def start_registry(work: Path, storage: Path, ca, args) -> Served:
    t = time.monotonic()
    reg = BenchRegistry(work, ca, args.no_access_log, storage_from=storage).start()
    return Served("registry", reg.server.pid, reg.url, ca.ca_file if ca else None, reg.stop,
                  time.monotonic() - t)


def start_serve(load_bin: Path, bundle: Path, work: Path, ca, args) -> Served:
    work.mkdir(parents=True, exist_ok=True)
    cmd = [load_bin, "serve", bundle, "--listen", f"127.0.0.1:{free_port()}",
           "--state-dir", work / "state", "--max-connections", str(args.idle + 64)]
    if ca:
        cmd += ["--tls-cert", ca.cert_file, "--tls-key", ca.key_file]
    if args.no_access_log:
        cmd += ["--access-log", "/dev/null"]
    cmd += args.serve_arg
    log_file = work / ("serve-tls.log" if ca else "serve.log")
    log_file.unlink(missing_ok=True)
    t = time.monotonic()
    srv = Server(cmd, log_file)
    while True:
        m = re.search(r"serving .* on (https?://[0-9.:]+)", srv.log_text())
        if m:
            break
        if not srv.running() or time.monotonic() - t > 120:
            srv.stop()
            raise RuntimeError(f"airlock-load serve did not start ({srv.proc.returncode}):\n"
                               f"{' '.join(map(str, cmd))}\n{srv.log_text()[-3000:]}")
        time.sleep(0.02)
    startup = time.monotonic() - t

    def stop():
        # SIGTERM; if serve is still there after 10 s, its threads' stacks go to
        # hang-<pid>.txt (gdb) before SIGKILL, and the work dir is kept.
        os.killpg(srv.pid, signal.SIGTERM)
        try:
            srv.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            dump = work / f"hang-{srv.pid}.txt"
            with open(dump, "w") as f:
                for tid in sorted(os.listdir(f"/proc/{srv.pid}/task")):
                    f.write(f"{tid} {Path(f'/proc/{srv.pid}/task/{tid}/wchan').read_text()}\n")
                if shutil.which("gdb"):
                    subprocess.run(["gdb", "-p", str(srv.pid), "-batch", "-ex", "thread apply all bt"],
                                   stdout=f, stderr=subprocess.STDOUT, timeout=120)
            log(f"serve did not stop within 10 s of SIGTERM: stacks in {dump}")
            args.keep = True
        srv.stop(grace=5)
        served.exit_code = srv.proc.returncode

    served = Served("serve", srv.pid, m.group(1), ca.ca_file if ca else None, stop, startup)
    served.log_file = log_file
    return served


# --- clients ---------------------------------------------------------------------------------
def curl_blob(s: Served, repo: str, digest: str, parallel: int, repeat: int = 1) -> dict:
    """GET one blob to /dev/null: `parallel` curl processes at once, each
    fetching it `repeat` times over one connection; MB/s over the wall time."""
    url = f"{s.url}/v2/{repo}/blobs/{digest}"
    cmd = [CURL_BIN, "-sS", "--fail", "--noproxy", "*", "-w", "%{size_download}\\n"]
    if s.ca_file:
        cmd += ["--cacert", str(s.ca_file)]
    for _ in range(repeat):
        cmd += ["-o", "/dev/null", url]
    t = time.monotonic()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=clean_env()) for _ in range(parallel)]
    moved = 0
    for p in procs:
        out, err = p.communicate(timeout=600)
        if p.returncode != 0:
            raise RuntimeError(f"{s.label}: curl {url} exited {p.returncode}: {err}")
        moved += sum(int(x) for x in out.split())
    wall = time.monotonic() - t
    return {"MBps": moved / wall / MB, "wall": wall, "bytes": moved}


def unit(v: str, u: str) -> float:
    return float(v) * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[u]


def wrk(s: Served, paths: list[str], conns: int, secs: int, work: Path, accept: str = "*/*") -> dict:
    """wrk over `paths` in turn (a Lua script); requests/s, p99 ms, MB/s, non-2xx."""
    script = work / f"wrk-{conns}.lua"
    script.write_text("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
                      f"wrk.headers[\"Accept\"] = {json.dumps(accept)}\n"
                      "local i = 0\nrequest = function()\n  i = i % #paths + 1\n"
                      "  return wrk.format(\"GET\", paths[i])\nend\n")
    cmd = [WRK_BIN, f"-t{min(conns, 2)}", f"-c{conns}", f"-d{secs}s", "--latency",
           "--timeout", "10s", "-s", str(script), s.url]
    r = subprocess.run(cmd, capture_output=True, text=True, env=clean_env())
    if r.returncode != 0:
        raise RuntimeError(f"{s.label}: {' '.join(cmd)} exited {r.returncode}:\n{r.stdout}{r.stderr}")
    o = r.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", o)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", o)
    tr = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", o)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", o)
    errs = re.search(r"Socket errors: (.*)", o)
    scale = {"B": 1, "KB": 1024, "MB": MiB, "GB": 1 << 30}
    return {"rps": float(rps.group(1)) if rps else 0.0,
            "p99_ms": unit(*p99.groups()) if p99 else None,
            "MBps": float(tr.group(1)) * scale[tr.group(2)] / MB if tr else 0.0,
            "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errs.group(1) if errs else ""}


def connection(s: Served, timeout: float = 10) -> http.client.HTTPConnection:
    if s.tls:
        ctx = ssl.create_default_context(cafile=str(s.ca_file))
        return http.client.HTTPSConnection("127.0.0.1", s.port, context=ctx, timeout=timeout)
    return http.client.HTTPConnection("127.0.0.1", s.port, timeout=timeout)


def check_manifests(s: Served, inv) -> None:
    """Every manifest by digest (and each image by tag) answers 200 with the
    bytes of that digest; wrk would count a 404 only as non-2xx."""
    c = connection(s)
    todo = [(f"/v2/{r}/manifests/{d}", d) for r, d in inv.manifests]
    todo += [(f"/v2/{i['repo_ref'].replace(':', '/manifests/')}", i["digest"]) for i in inv.images]
    for path, digest in todo:
        c.request("GET", path, headers={"Accept": ACCEPT})
        r = c.getresponse()
        body = r.read()
        got = "sha256:" + hashlib.sha256(body).hexdigest()
        if r.status != 200 or got != digest:
            raise RuntimeError(f"{s.label}: GET {path}: {r.status}, {got} (want {digest})")
    c.close()


def skopeo_all(s: Served, inv, work: Path) -> dict:
    """`skopeo copy --all` of every image into one oci: dir; digests checked."""
    out = work / "skopeo-oci"
    shutil.rmtree(out, ignore_errors=True)
    host = s.url.partition("://")[2]
    if s.tls:
        cert_dir = work / "skopeo-certs"
        cert_dir.mkdir(exist_ok=True)
        shutil.copy(s.ca_file, cert_dir / "ca.crt")
        tls = ["--src-cert-dir", cert_dir]
    else:
        tls = ["--src-tls-verify=false"]
    t = time.monotonic()
    for img in inv.images:
        bb.skopeo(["copy", "-q", "--all", *tls, f"docker://{host}/{img['repo_ref']}",
                   f"oci:{out}:{img['repo_ref']}"], work)
    wall = time.monotonic() - t
    index = json.loads((out / "index.json").read_text())
    got = {m["annotations"][REF_NAME]: m["digest"] for m in index["manifests"]}
    want = {i["repo_ref"]: i["digest"] for i in inv.images}
    if got != want:
        raise RuntimeError(f"{s.label}: skopeo copied other digests: {got} != {want}")
    shutil.rmtree(out)
    return {"wall": wall}


def hold_idle(s: Served, n: int) -> tuple[list, int, float]:
    """n keep-alive connections, each after one GET /v2/; returns them, the
    number that failed and the seconds it took."""
    conns, failed = [], 0
    t = time.monotonic()
    for _ in range(n):
        c = connection(s, timeout=5)
        try:
            c.request("GET", "/v2/")
            r = c.getresponse()
            r.read()
            if r.status != 200 or r.getheader("Connection", "").lower() == "close":
                raise OSError(f"{r.status}, Connection: {r.getheader('Connection')}")
            conns.append(c)
        except (OSError, http.client.HTTPException):
            failed += 1
            c.close()
    return conns, failed, time.monotonic() - t


def still_open(conns: list) -> int:
    ok = 0
    for c in conns:
        try:
            c.sock.settimeout(0)
            if c.sock.recv(1) == b"":
                continue
        except (BlockingIOError, ssl.SSLWantReadError):
            pass
        except OSError:
            continue
        ok += 1
    return ok


def measure(s: Served, inv, work: Path, args) -> dict:
    big, big_size, big_repo = inv.big
    row = {"server": s.label, "tls": s.tls, "startup_s": s.startup}
    cpu0 = bb.process_cpu(s.pid)
    row["first_get_MBps"] = curl_blob(s, big_repo, big, 1)["MBps"]
    row["blob_MBps_c1"] = curl_blob(s, big_repo, big, 1, repeat=args.repeat)["MBps"]
    row["blob_MBps_c8"] = curl_blob(s, big_repo, big, 8)["MBps"]
    check_manifests(s, inv)
    small = wrk(s, [f"/v2/{r}/blobs/{d}" for d, (_, r) in sorted(inv.small.items())], 8,
                args.seconds, work)
    row["small_blobs_rps_c8"], row["small_non2xx"] = small["rps"], small["non2xx"]
    paths = [f"/v2/{r}/manifests/{d}" for r, d in inv.manifests]
    paths += [f"/v2/{i['repo_ref'].replace(':', '/manifests/')}" for i in inv.images]
    man = wrk(s, paths, 64, args.seconds, work, ACCEPT)
    row["manifest_rps_c64"], row["manifest_p99_ms_c64"] = man["rps"], man["p99_ms"]
    row["manifest_non2xx"] = man["non2xx"]
    row["skopeo_copy_all_s"] = skopeo_all(s, inv, work)["wall"]
    row["peak_rss_mib"] = s.status("VmHWM")
    conns, failed, took = hold_idle(s, args.idle)
    row["idle_open_s"], row["idle_failed"] = took, failed
    row["idle_rss_mib"] = s.status("VmRSS")
    row["idle_blob_MBps_c8"] = curl_blob(s, big_repo, big, 8)["MBps"]
    row["idle_peak_rss_mib"] = s.status("VmHWM")
    row["idle_still_open"] = still_open(conns)
    for c in conns:
        c.close()
    row["server_cpu_s"] = bb.process_cpu(s.pid) - cpu0
    return row


# --- the report --------------------------------------------------------------------------------
ROWS = [  # key, label, higher is better
    ("startup_s", "start to listening, s (registry: already filled)", False),
    ("first_get_MBps", "first GET of the large blob, MB/s", True),
    ("blob_MBps_c1", "blob GET, 1 client, MB/s", True),
    ("blob_MBps_c8", "blob GET, 8 clients, MB/s", True),
    ("small_blobs_rps_c8", "small blob GET, 8 conns, req/s", True),
    ("manifest_rps_c64", "manifest GET, 64 conns, req/s", True),
    ("manifest_p99_ms_c64", "manifest GET, 64 conns, p99 ms", False),
    ("skopeo_copy_all_s", "skopeo copy --all, every image, s", False),
    ("peak_rss_mib", "peak RSS after the above, MiB", False),
    ("idle_open_s", "opening the idle connections, s", False),
    ("idle_rss_mib", "RSS with the idle connections held, MiB", False),
    ("idle_blob_MBps_c8", "blob GET, 8 clients, idle held, MB/s", True),
    ("idle_peak_rss_mib", "peak RSS at the end, MiB", False),
    ("idle_still_open", "idle connections still open", True),
    ("server_cpu_s", "server CPU, s (whole column)", False),
]


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}" if abs(v) < 1 else f"{v:.1f}"
    return str(v)


def render(report: dict) -> str:
    """One row per figure; per kind (plain, TLS) registry, serve and serve/registry."""
    cols = report["columns"]
    paired = (len(cols) % 2 == 0 and all(c["name"].startswith("registry") for c in cols[::2])
              and all(c["name"].startswith("serve") for c in cols[1::2]))
    groups = [(i, i + 1) for i in range(0, len(cols), 2)] if paired else [(i,) for i in range(len(cols))]
    head = [" | ".join([cols[g[0]]["name"], cols[g[1]]["name"], "serve/registry"]) if len(g) == 2
            else cols[g[0]]["name"] for g in groups]
    width = sum(3 if len(g) == 2 else 1 for g in groups)
    lines = [f"machine: {report['machine']}", f"data: {report['data']}", "",
             "| | " + " | ".join(head) + " |", "|---" * (1 + width) + "|"]
    for key, label, _ in ROWS:
        cells = []
        for g in groups:
            vals = [cols[i]["row"].get(key) for i in g]
            cells += [fmt(v) for v in vals]
            if len(g) == 2:
                a, b = vals
                cells.append(f"{b / a:.2f}" if a and b is not None else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"registry filled by airlock-load load in {report['load_s']:.1f} s; "
                 f"idle connections: {report['idle']}; wrk {report['seconds']} s per figure")
    for c in cols:
        r = c["row"]
        notes = [f"{k}={r[k]}" for k in ("small_non2xx", "manifest_non2xx", "idle_failed",
                                         "exit_code") if r.get(k)]
        if notes:
            lines.append(f"{c['name']}: " + ", ".join(notes))
    return "\n".join(lines)


def find_load_bin(bin_dir: Path) -> Path:
    for p in (bin_dir / "loader" / "airlock-load", bin_dir / "airlock-load"):
        if p.exists():
            return p
    raise SystemExit(f"no airlock-load under {bin_dir}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mib", type=float, default=256, help="the large layer (default 256)")
    ap.add_argument("--small-images", type=int, default=8)
    ap.add_argument("--small-layers", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=int, default=3, help="each wrk figure (default 3)")
    ap.add_argument("--repeat", type=int, default=2, help="1-client GETs of the large blob")
    ap.add_argument("--idle", type=int, default=1000, help="idle keep-alive connections")
    ap.add_argument("--no-tls", action="store_true", help="plain HTTP only")
    ap.add_argument("--no-access-log", action="store_true",
                    help="neither server logs requests (default: both do, to a file)")
    ap.add_argument("--only", choices=["registry", "serve"], help="one server only (no ratios)")
    ap.add_argument("--serve-arg", action="append", default=[],
                    help="one more argument for airlock-load serve (repeat the option)")
    ap.add_argument("--wait-binary", type=float, default=0,
                    help="seconds to wait for an airlock-load that has `serve`")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--json-file", type=Path)
    bb.add_folder_args(ap, "bench-work-serve", "--bin-dir")
    args = ap.parse_args()

    want = args.idle * 2 + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    build_bin = args.bin_dir / "builder" / "airlock-build"
    load_bin = find_load_bin(args.bin_dir)
    deadline = time.monotonic() + args.wait_binary
    def has_serve() -> bool:      # (an unknown subcommand's --help prints the main help, exit 0)
        r = subprocess.run([load_bin, "serve", "--help"], capture_output=True, text=True)
        return r.returncode == 0 and "--listen" in r.stdout
    while args.only != "registry" and not has_serve():
        if time.monotonic() > deadline:
            raise SystemExit(f"{load_bin} has no `serve` command")
        time.sleep(10)
    for tool in (WRK_BIN, CURL_BIN, OPENSSL_BIN, bb.SKOPEO_BIN, "/usr/bin/docker-registry"):
        if not Path(tool).exists():
            raise SystemExit(f"{tool} is missing (see the header of this file)")

    work = args.work_dir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t_all = time.monotonic()
    machine = (f"{platform.node()}, nproc {os.cpu_count()}, load average before "
               f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    log(machine)
    data, images = prepare_data(args)
    bundle = lb.make_bundle(data, images, build_bin, load_bin, work)
    lb.warm(bundle)
    inv = bundle_inventory(bundle)
    log(f"bundle {bundle}: {inv.bundle.file_bytes / MiB:.1f} MiB, {len(inv.images)} images, "
        f"{len(inv.manifests)} manifests, {len(inv.blobs)} blobs ({len(inv.small)} small), "
        f"large blob {inv.big[1] / MiB:.1f} MiB")

    # The registry's storage, filled once by airlock-load load.
    storage = work / "filled" / "storage"
    with Registry(work / "filled") as reg:
        t = time.monotonic()
        r = subprocess.run([load_bin, "load", bundle, "--to", f"registry://{reg.host}",
                            "--plain-http", "--state-dir", work / "load-state", "--quiet"],
                           capture_output=True, text=True, env=clean_env())
        load_s = time.monotonic() - t
        if r.returncode != 0:
            raise RuntimeError(f"airlock-load load exited {r.returncode}:\n{r.stderr[-3000:]}")
    log(f"registry filled by airlock-load load in {load_s:.1f} s")

    ca = None if args.no_tls else make_ca(work / "tls")
    columns = []
    for tls_ca in ([None] if args.no_tls else [None, ca]):
        kind = "TLS" if tls_ca else "plain"
        for name in [args.only] if args.only else ("registry", "serve"):
            log(f"{name}, {kind}")
            d = work / f"{name}-{kind}"
            s = (start_registry(d, storage, tls_ca, args) if name == "registry"
                 else start_serve(load_bin, bundle, d, tls_ca, args))
            try:
                row = measure(s, inv, d, args)
            finally:
                s.stop()
            if name == "serve":
                row["exit_code"] = getattr(s, "exit_code", None)
            log("  " + json.dumps({k: round(v, 2) if isinstance(v, float) else v
                                   for k, v in row.items()}))
            columns.append({"name": f"{name} {kind}", "row": row})

    report = {"machine": machine + ", after " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
              "data": (f"{inv.bundle.file_bytes / MiB:.1f} MiB bundle, {len(inv.images)} images, "
                       f"large blob {inv.big[1] / MiB:.1f} MiB, {len(inv.small)} small blobs, "
                       f"{len(inv.manifests)} manifests"),
              "load_s": load_s, "idle": args.idle, "seconds": args.seconds,
              "binary": str(load_bin), "columns": columns,
              "wall_s": time.monotonic() - t_all}
    print(render(report))
    print(f"\n(whole run {report['wall_s']:.0f} s)")
    if args.json_file:
        args.json_file.write_text(json.dumps(report, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
