#!/usr/bin/python3
"""Throughput, memory and temporary disk of `airlock-build create`, side by side
with `skopeo copy --all` and with the registry's own serving ceiling.

    /usr/bin/python3 bench/build_bench.py [--size-mib 1024] [--jobs 1,4,8] [--json]
    bench/build_bench.sh ...          # builds the release preset first

What it does, all on loopback:

1. Generates about --size-mib MiB of images (cached, see below): six images of
   random (incompressible) layers from a few KiB to ~200 MiB, two layers shared
   between images, one multi-arch index (linux/amd64 + linux/arm64).
2. Starts a Debian `docker-registry` (airlock_testlib.Registry) and pushes the
   images once with `skopeo copy --all --preserve-digests`.
3. Lists every blob from the registry's manifests and fetches all of them with
   parallel `curl` GETs to /dev/null: an untimed warm-up (so every tool below
   reads from a warm page cache), then the timed ceiling, then one stream.
4. `skopeo copy --all docker://... dir:...` per image, one after another, as a
   user would run it.
5. `airlock-build create` of the same images, for each --jobs value.

Every run is wrapped in /usr/bin/time -v (peak RSS), timed with
time.monotonic(), and its output directory is polled every 50 ms for the bytes
allocated on disk (TMPDIR points into it too), so "temp" is the peak beyond
what the run leaves behind. Targets are printed, not asserted: the exit code is
0 unless something crashed.

Cache: generated data lives in build/bench-data/<key>/ where <key> hashes the
generator parameters (--size-mib, --seed, generator version): `layout/` (the OCI
layout) and `registry/` (the registry's storage after the push). A rerun with
the same parameters skips generation and the push. Delete the folder (or pass
--regenerate) to start over. Scratch outputs go to build/bench-work/ and are
removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from airlock_testlib.images import (OCI_INDEX, OCI_LAYER_GZIP, REF_NAME, SOURCE_DATE,  # noqa: E402
                                    build_image, build_index)
from airlock_testlib.proc import clean_env  # noqa: E402
from airlock_testlib.registry import Registry  # noqa: E402

GENERATOR_VERSION = 1
MiB = 1024 * 1024
MB = 1000 * 1000
TIME_BIN = "/usr/bin/time"
SKOPEO_BIN = "/usr/bin/skopeo"
CURL_BIN = "/usr/bin/curl"
VENDOR_KEY = ROOT / "keys" / "dev" / "vendor.key"

TARGET_VS_SKOPEO = 1.5       # airlock MB/s >= 1.5 x skopeo
TARGET_VS_CEILING = 0.85     # airlock MB/s >= 85% of the registry's ceiling
TARGET_RSS_MIB = 64          # peak RSS < 64 MiB


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- the data set -------------------------------------------------------------
# Sizes in MiB for the default 1024 MiB; everything scales with --size-mib.
# Layers are (name, MiB); a name used twice is the same blob (shared layer).
SHARED = {"base": 150.0, "runtime": 40.0}
IMAGES = [
    ("bench/app-a:1.0", [("base", 0), ("a-big", 200.0), ("a-1", 1.0), ("a-2", 0.25), ("a-3", 0.01)]),
    ("bench/app-b:1.0", [("base", 0), ("b-big", 120.0), ("b-1", 2.0)]),
    ("bench/app-c:1.0", [("base", 0), ("c-big", 100.0), ("c-1", 10.0)]),
    ("bench/svc-d:1.0", [("runtime", 0), ("d-big", 180.0), ("d-1", 5.0)]),
    ("bench/svc-e:1.0", [("runtime", 0), ("e-big", 60.0)] + [(f"e-s{i}", 0.5) for i in range(20)]),
]
MULTI = ("bench/multi-f:1.0", {"amd64": [("f-amd64", 70.0), ("f-amd64-1", 2.0)],
                               "arm64": [("f-arm64", 70.0), ("f-arm64-1", 2.0)]})


def _base_total_mib() -> float:
    sizes = dict(SHARED)
    for _, layers in IMAGES:
        sizes.update({n: s for n, s in layers if n not in SHARED})
    for layers in MULTI[1].values():
        sizes.update(dict(layers))
    return sum(sizes.values())


class KeyStream:
    """Deterministic incompressible bytes: AES-128-CTR keystream keyed by the seed
    (fast, via python3-cryptography); random.Random.randbytes if that is absent."""

    def __init__(self, seed: str):
        key = hashlib.sha256(seed.encode()).digest()
        try:
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
            self._enc = Cipher(algorithms.AES(key[:16]), modes.CTR(key[16:])).encryptor()
            self._rng = None
        except ImportError:  # pragma: no cover - python3-cryptography is a dependency
            import random
            self._enc = None
            self._rng = random.Random(key)
        self._zeros = bytes(MiB)

    def read(self, n: int) -> bytes:
        if self._enc is not None:
            return self._enc.update(self._zeros[:n])
        return self._rng.randbytes(n)


def write_layer(blob_dir: Path, name: str, size: int, seed: int) -> dict:
    """One layer: a tar with one file of `size` random bytes, gzip-wrapped with
    stored deflate blocks (level 0: a valid gzip, generated at disk speed; random
    data would not shrink at any level). Streams to blobs/sha256/<hex>."""
    info = tarfile.TarInfo(f"bench/{name}.bin")
    info.size, info.mtime, info.mode = size, SOURCE_DATE, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    header = info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "surrogateescape")
    tar_sha, blob_sha = hashlib.sha256(), hashlib.sha256()
    gz = zlib.compressobj(0, zlib.DEFLATED, 31)   # wbits 31: gzip wrapper, mtime 0
    tmp = blob_dir / f".tmp-{name}"
    blob_size = 0
    stream = KeyStream(f"airlock-bench/{seed}/{name}")
    with open(tmp, "wb") as out:
        def put(chunk: bytes) -> None:
            nonlocal blob_size
            tar_sha.update(chunk)
            z = gz.compress(chunk)
            if z:
                blob_sha.update(z)
                out.write(z)
                blob_size += len(z)
        put(header)
        left = size
        while left:
            n = min(left, MiB)
            put(stream.read(n))
            left -= n
        put(bytes((512 - size % 512) % 512) + bytes(1024))
        z = gz.flush()
        blob_sha.update(z)
        out.write(z)
        blob_size += len(z)
    digest = "sha256:" + blob_sha.hexdigest()
    tmp.rename(blob_dir / digest[7:])
    return {"digest": digest, "size": blob_size, "diff_id": "sha256:" + tar_sha.hexdigest()}


@dataclass
class GenLayer:
    """What build_image needs of a layer, for a blob already on disk."""
    digest: str
    size: int
    diff_id: str

    def descriptor(self, docker: bool = False) -> dict:
        return {"mediaType": OCI_LAYER_GZIP, "digest": self.digest, "size": self.size}


def generate(layout: Path, size_mib: float, seed: int) -> list[dict]:
    """Writes the OCI layout; returns [{name, digest}] of the tagged images."""
    if layout.exists():
        shutil.rmtree(layout)
    blob_dir = layout / "blobs" / "sha256"
    blob_dir.mkdir(parents=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
    scale = size_mib / _base_total_mib()
    made: dict[str, GenLayer] = {}

    def layer(name: str, mib: float) -> GenLayer:
        if name not in made:
            mib = SHARED.get(name, mib)
            size = max(4096, int(mib * scale * MiB))
            t = time.monotonic()
            made[name] = GenLayer(**write_layer(blob_dir, name, size, seed))
            if size >= 8 * MiB:
                log(f"  layer {name:10} {size / MiB:8.1f} MiB  {time.monotonic() - t:5.1f} s")
        return made[name]

    def put_blob(data: bytes) -> None:
        (blob_dir / hashlib.sha256(data).hexdigest()).write_bytes(data)

    tagged, manifests = [], []
    for name, layers in IMAGES:
        img = build_image([layer(n, s) for n, s in layers], config={"Cmd": ["/bin/sh"]},
                          labels={"airlock.bench": name})
        put_blob(img.config)
        put_blob(img.manifest)
        tagged.append((name, img.descriptor(with_platform=False)))
    name, per_arch = MULTI
    images = []
    for arch, layers in per_arch.items():
        img = build_image([layer(n, s) for n, s in layers], arch=arch, config={"Cmd": ["/bin/sh"]},
                          labels={"airlock.bench": f"{name} {arch}"})
        put_blob(img.config)
        put_blob(img.manifest)
        images.append(img)
    index = build_index(images)
    put_blob(index.raw)
    tagged.append((name, index.descriptor()))
    for name, desc in tagged:
        manifests.append({**desc, "annotations": {REF_NAME: name.rpartition(":")[2] + "-" +
                                                  name.split("/")[-1].partition(":")[0]}})
    (layout / "index.json").write_text(json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                                   "manifests": manifests}))
    return [{"name": n, "digest": d["digest"], "layout_tag": m["annotations"][REF_NAME]}
            for (n, d), m in zip(tagged, manifests)]


def cache_folder(args, name: str, params: dict) -> tuple[Path, Path]:
    """The cache folder for a data set made from `params` (--data-dir/<name>-<key
    of params>) and its images.json; --regenerate removes the folder first."""
    key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    data = args.data_dir.resolve() / f"{name}-{key}"
    if args.regenerate and data.exists():
        shutil.rmtree(data)
    return data, data / "images.json"


def push_layout(data: Path, images: list[dict]) -> None:
    """Pushes every image of data/layout with skopeo into the registry stored in
    data/registry, and checks the registry serves each manifest as pushed."""
    with Registry(data / "registry") as reg:
        for img in images:
            skopeo(["copy", "-q", "--all", "--preserve-digests", "--dest-tls-verify=false",
                    f"oci:{data / 'layout'}:{img['layout_tag']}", f"docker://{reg.ref(img['name'])}"],
                   data, timeout=1800)
            served = hashlib.sha256(reg.manifest_raw(*img["name"].rsplit(":", 1))).hexdigest()
            if "sha256:" + served != img["digest"]:
                raise RuntimeError(f"{img['name']}: registry serves sha256:{served}, "
                                   f"pushed {img['digest']}")


def add_folder_args(ap: argparse.ArgumentParser, work_name: str, build_option: str = "--build-dir",
                    regenerate_help: str = "ignore cached data") -> None:
    """The options every benchmark takes for its folders: the build to run
    (build/release), the shared data cache, its own work folder; --regenerate."""
    ap.add_argument(build_option, type=Path, default=ROOT / "build" / "release")
    ap.add_argument("--data-dir", type=Path, default=ROOT / "build" / "bench-data")
    ap.add_argument("--work-dir", type=Path, default=ROOT / "build" / work_name)
    ap.add_argument("--regenerate", action="store_true", help=regenerate_help)


def prepare_data(args) -> tuple[Path, list[dict]]:
    """The cache folder holding layout/ and registry/ (storage already pushed)."""
    params = {"generator": GENERATOR_VERSION, "size_mib": float(args.size_mib), "seed": args.seed}
    data, meta_file = cache_folder(args, f"{int(args.size_mib)}mib-seed{args.seed}", params)
    if meta_file.exists():
        log(f"data: cached in {data}")
        return data, json.loads(meta_file.read_text())["images"]
    log(f"data: generating ~{args.size_mib:g} MiB into {data} (once; cached for reruns)")
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    (data / "params.json").write_text(json.dumps(params, indent=2))
    t = time.monotonic()
    images = generate(data / "layout", args.size_mib, args.seed)
    log(f"data: generated in {time.monotonic() - t:.1f} s; pushing with skopeo")
    t = time.monotonic()
    push_layout(data, images)
    log(f"data: pushed in {time.monotonic() - t:.1f} s")
    meta_file.write_text(json.dumps({"params": params, "images": images}, indent=2))
    return data, images


def skopeo_policy(work: Path) -> Path:
    path = work / "policy.json"
    if not path.exists():
        work.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"default": [{"type": "insecureAcceptAnything"}]}))
    return path


def skopeo(argv: list, work: Path, timeout: float = 600) -> str:
    cmd = [SKOPEO_BIN, "--policy", str(skopeo_policy(work)), *map(str, argv)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(), timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


# --- what the registry serves ----------------------------------------------------
def inventory(reg: Registry, images: list[dict]) -> tuple[dict, dict]:
    """From the registry's manifests: {digest: (size, repo)} of every blob (configs
    and layers, each once) and {image name: bytes of its blobs, duplicates in}."""
    client = reg.client()
    blobs: dict[str, tuple[int, str]] = {}
    per_image: dict[str, int] = {}
    for img in images:
        repo, tag = img["name"].rsplit(":", 1)
        top = json.loads(client.manifest_raw(repo, tag))
        docs = ([json.loads(client.manifest_raw(repo, m["digest"])) for m in top["manifests"]]
                if "manifests" in top else [top])
        seen: set[str] = set()
        for doc in docs:
            for d in [doc["config"], *doc["layers"]]:
                blobs.setdefault(d["digest"], (d["size"], repo))
                seen.add(d["digest"])
        per_image[img["name"]] = sum(blobs[d][0] for d in seen)
    return blobs, per_image


# --- measuring one run ----------------------------------------------------------------
def disk_usage(path: Path) -> int:
    """Bytes allocated under `path` (st_blocks), each inode once (a file renamed
    while we walk is not counted twice)."""
    total, seen, stack = 0, set(), [str(path)]
    while stack:
        d = stack.pop()
        try:
            entries = list(os.scandir(d))
        except OSError:
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                    continue
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


@dataclass
class Run:
    label: str
    wall: float
    rss_kib: int
    cpu: float
    disk_peak: int
    disk_final: int
    moved: int
    returncode: int
    stdout: str = ""
    server_cpu: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def temp(self) -> int:
        return max(0, self.disk_peak - self.disk_final)


def process_cpu(pid: int | None) -> float:
    """User + system CPU seconds a process (all its threads) has used so far."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SERVER_PID: int | None = None      # the registry's pid: its CPU is charged per run


def measure(label: str, cmd: list, watch: Path, moved: int, *, timeout: float = 1800) -> Run:
    """Run `cmd` under /usr/bin/time -v; poll `watch` for disk use every 50 ms;
    note the CPU the registry spent serving it."""
    watch.mkdir(parents=True, exist_ok=True)
    tmpdir = watch / ".tmp"
    tmpdir.mkdir(exist_ok=True)
    timefile = watch.parent / f".time-{os.getpid()}"
    os.sync()                      # earlier runs' dirty pages are not this run's to write
    base = disk_usage(watch)
    peak = [base]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], disk_usage(watch))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    env = clean_env({"TMPDIR": str(tmpdir)})
    argv = [TIME_BIN, "-v", "-o", str(timefile), *map(str, cmd)]
    sampler.start()
    server_cpu0 = process_cpu(SERVER_PID)
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise
    finally:
        wall = time.monotonic() - t0
        server_cpu = process_cpu(SERVER_PID) - server_cpu0
        stop.set()
        sampler.join()
    final = disk_usage(watch)
    peak[0] = max(peak[0], final)
    stats = parse_time(timefile.read_text() if timefile.exists() else "")
    timefile.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: {' '.join(map(str, cmd))} exited {proc.returncode}\n"
                           f"{err[-4000:]}")
    return Run(label, wall, stats.get("rss_kib", 0), stats.get("cpu", 0.0),
               peak[0] - base, final - base, moved, proc.returncode, out, server_cpu)


def parse_time(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key == "Maximum resident set size (kbytes)":
            out["rss_kib"] = int(value)
        elif key in ("User time (seconds)", "System time (seconds)"):
            out["cpu"] = out.get("cpu", 0.0) + float(value)
    return out


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time; peak RSS and disk are the worst seen."""
    runs = sorted(runs, key=lambda r: r.wall)
    m = runs[(len(runs) - 1) // 2]
    m.rss_kib = max(r.rss_kib for r in runs)
    m.disk_peak = max(r.disk_peak for r in runs)
    m.extra["walls"] = [round(r.wall, 3) for r in runs]
    return m


# --- the three contenders ---------------------------------------------------------------
def curl_fetch(label: str, reg: Registry, blobs: dict, work: Path, parallel: int,
               to_files: bool = False) -> Run:
    """Every blob GET once to /dev/null by `parallel` curl processes at a time.

    The blobs are dealt largest first to whichever stream has the fewest bytes so
    far, and each stream is one curl process fetching its list over one
    keep-alive connection (a process per blob would measure process start-up).
    to_files: write each blob to a file instead and fsync them all at the end
    (`sync FILE...`), as a tool that keeps the bytes durably must."""
    out = work / ("curl-files" if to_files else "curl-out")
    if out.exists():
        shutil.rmtree(out)
    streams: list[list] = [[] for _ in range(parallel)]
    loads = [0] * parallel
    for d, (size, repo) in sorted(blobs.items(), key=lambda kv: -kv[1][0]):
        i = loads.index(min(loads))
        streams[i].append(f"{reg.url}/v2/{repo}/blobs/{d}")
        loads[i] += size
    configs = []
    for i, urls in enumerate(s for s in streams if s):
        cfg = work / f"curl-{parallel}-{i}.cfg"
        dests = [out / u.rpartition(":")[2] if to_files else "/dev/null" for u in urls]
        cfg.write_text("".join(f'url = "{u}"\noutput = "{d}"\n' for u, d in zip(urls, dests)))
        configs.append(cfg)
    script = " ".join(f"{CURL_BIN} -s -f --noproxy '*' -K '{c}' & " for c in configs)
    script += 'for p in $(jobs -p); do wait "$p" || exit 1; done'
    if to_files:
        script += f"; sync '{out}'/*"
    run = measure(label, ["/bin/bash", "-c", script], out, sum(s for s, _ in blobs.values()))
    shutil.rmtree(out, ignore_errors=True)
    return run


def skopeo_images(reg: Registry, images: list[dict], per_image: dict, work: Path,
                  keep: bool = False) -> list[Run]:
    """`skopeo copy --all` of each image into its own dir:, one after another."""
    out = work / "skopeo-out"
    if out.exists():
        shutil.rmtree(out)
    runs = []
    for img in images:
        dest = out / img["name"].replace("/", "_").replace(":", "_")
        cmd = [SKOPEO_BIN, "--policy", skopeo_policy(work), "copy", "-q", "--all",
               "--src-tls-verify=false", f"docker://{reg.ref(img['name'])}", f"dir:{dest}"]
        runs.append(measure(f"skopeo copy --all {img['name']}", cmd, out, per_image[img["name"]]))
    total = Run("skopeo total (sequential)", sum(r.wall for r in runs),
                max(r.rss_kib for r in runs), sum(r.cpu for r in runs),
                0, sum(r.disk_final for r in runs), sum(r.moved for r in runs), 0,
                server_cpu=sum(r.server_cpu for r in runs))
    # The disk peak of the sequence: what was already there plus each run's peak.
    before = 0
    for r in runs:
        total.disk_peak = max(total.disk_peak, before + r.disk_peak)
        before += r.disk_final
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    return runs + [total]


def airlock_create(airlock: Path, reg: Registry, images: list[dict], work: Path, jobs: int,
                   unique: int, keep: bool = False) -> Run:
    out = work / f"airlock-out-j{jobs}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    spec = work / "bench-spec.yaml"
    spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    "metadata: {name: airlock-bench, version: 1.0.0}\nimages:\n" +
                    "".join(f"  - {reg.ref(i['name'])}\n" for i in images))
    cmd = [airlock, "create", spec, "-o", out / "bench.airlock", "--key", VENDOR_KEY,
           "--plain-http", reg.host, "--jobs", jobs, "--json", "--quiet"]
    run = measure(f"airlock-build create --jobs {jobs}", cmd, out, unique)
    result = json.loads(run.stdout)
    run.moved = int(result.get("fetchedBytes", unique))
    run.extra = {"bundleBytes": result.get("bytes"), "blobs": result.get("blobs"),
                 "selfReportedSeconds": result.get("seconds")}
    if not keep:
        shutil.rmtree(out, ignore_errors=True)
    return run


# --- report ---------------------------------------------------------------------------------
def row(r: Run, unique: int, primary: bool = False) -> dict:
    return {"label": r.label + (" *" if primary else ""), "moved_bytes": r.moved,
            "wall_s": round(r.wall, 3), "mb_per_s": round(r.moved / r.wall / MB, 1),
            "job_mb_per_s": round(unique / r.wall / MB, 1) if unique else None,
            "cpu_s": round(r.cpu, 2), "registry_cpu_s": round(r.server_cpu, 2), "peak_rss_mib": round(r.rss_kib / 1024, 1),
            "disk_peak_mib": round(r.disk_peak / MiB, 1),
            "disk_final_mib": round(r.disk_final / MiB, 1),
            "temp_disk_mib": round(r.temp / MiB, 1), **({"extra": r.extra} if r.extra else {})}


def render(report: dict) -> str:
    p, rows = report["params"], report["rows"]
    lines = [
        f"airlock-build create benchmark ({report['when']}, {report['machine']})",
        f"data: {p['images']} images (one a {p['platforms']}-platform index), {p['blobs']} unique blobs, "
        f"{p['unique_bytes'] / MB:.1f} MB unique ({p['per_image_bytes'] / MB:.1f} MB if each image "
        f"is copied on its own: shared layers); largest blob {p['largest_blob'] / MiB:.1f} MiB",
        f"registry: docker-registry {p['registry']} on loopback, plain HTTP; every blob was "
        f"fetched once untimed first, so all runs read from a warm page cache",
        f"load average before/after: {report['load_before']} / {report['load_after']}"
        f"; repeats per row: {p['repeat']} (median wall shown, worst RSS/disk)",
        "MB = 10^6 bytes. moved = bytes the tool transferred; MB/s = moved / wall; "
        "job MB/s = unique payload / wall (the same job for everyone: every image once).",
        "cpu s = user+sys CPU of the tool; reg cpu s = CPU the registry used meanwhile.",
        "",
    ]
    head = ("tool", "moved MB", "wall s", "MB/s", "job MB/s", "cpu s", "reg cpu s", "peak RSS MiB",
            "disk peak MiB", "temp MiB")
    table = [head]
    for r in rows:
        job = "" if r.get("per_image") else f"{r['job_mb_per_s']:.1f}"
        table.append((r["label"], f"{r['moved_bytes'] / MB:.1f}", f"{r['wall_s']:.2f}",
                      f"{r['mb_per_s']:.1f}", job, f"{r['cpu_s']:.2f}", f"{r['registry_cpu_s']:.2f}",
                      f"{r['peak_rss_mib']:.1f}",
                      f"{r['disk_peak_mib']:.1f}", f"{r['temp_disk_mib']:.1f}"))
    widths = [max(len(t[i]) for t in table) for i in range(len(head))]
    for n, t in enumerate(table):
        lines.append("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                               for i, c in enumerate(t)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"* primary airlock run (--jobs {p['primary_jobs']}); ratios and targets use it")
    for t in report["targets"]:
        lines.append(f"  {t['name']:<34} {t['value']:>10}   target {t['target']:<10} "
                     f"{'PASS' if t['pass'] else 'FAIL'}")
    lines.append("  temp disk: airlock = peak allocated in its output dir minus the final bundle; "
                 "skopeo = the same for its dir: outputs (TMPDIR inside both)")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mib", type=float, default=1024.0, help="approximate data size (default 1024)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", default="1,4,8", help="airlock --jobs values to run (default 1,4,8)")
    ap.add_argument("--primary-jobs", type=int, default=4, help="the --jobs run judged against the targets")
    ap.add_argument("--ceiling-parallel", type=int, default=4, help="parallel curl GETs for the ceiling")
    ap.add_argument("--repeat", type=int, default=1, help="runs per row, round-robin; the median is shown")
    add_folder_args(ap, "bench-work")
    ap.add_argument("--skip-skopeo", action="store_true")
    ap.add_argument("--disk-ceiling", action="store_true",
                    help="also time curl writing every blob to a file and fsyncing it (informative: "
                         "what storing the bytes costs over /dev/null)")
    ap.add_argument("--keep", action="store_true", help="keep the skopeo dirs and airlock bundles in --work-dir")
    ap.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    ap.add_argument("--json-file", type=Path, help="also write the JSON report to this file")
    args = ap.parse_args()

    jobs = sorted({int(j) for j in args.jobs.split(",")} | {args.primary_jobs})
    airlock = args.build_dir / "builder" / "airlock-build"
    for tool in (airlock, Path(TIME_BIN), Path(SKOPEO_BIN), Path(CURL_BIN)):
        if not tool.exists():
            log(f"error: {tool} not found (build the release preset; scripts/install-deps.sh)")
            return 2
    data, images = prepare_data(args)
    work = args.work_dir.resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())

    try:
        with Registry(data / "registry") as reg:
            global SERVER_PID
            SERVER_PID = reg.server.pid
            blobs, per_image = inventory(reg, images)
            unique = sum(s for s, _ in blobs.values())
            log(f"registry {reg.host}: {len(images)} images, {len(blobs)} blobs, "
                f"{unique / MB:.1f} MB; warm-up fetch")
            curl_fetch("warm-up", reg, blobs, work, args.ceiling_parallel)
            results: dict[str, list] = {}
            for rep in range(args.repeat):
                sfx = f" ({rep + 1}/{args.repeat})" if args.repeat > 1 else ""
                log(f"curl ceiling{sfx}")
                results.setdefault("ceiling", []).append(
                    curl_fetch(f"curl ceiling ({args.ceiling_parallel} parallel GETs)",
                               reg, blobs, work, args.ceiling_parallel))
                results.setdefault("single", []).append(
                    curl_fetch("curl single stream", reg, blobs, work, 1))
                if args.disk_ceiling:
                    results.setdefault("files", []).append(
                        curl_fetch(f"curl to files + fsync ({args.ceiling_parallel} GETs, info)",
                                   reg, blobs, work, args.ceiling_parallel, to_files=True))
                if not args.skip_skopeo:
                    log(f"skopeo copy --all, per image{sfx}")
                    for i, r in enumerate(skopeo_images(reg, images, per_image, work, args.keep)):
                        results.setdefault(f"skopeo{i}", []).append(r)
                for j in jobs:
                    log(f"airlock-build create --jobs {j}{sfx}")
                    results.setdefault(f"airlock{j}", []).append(
                        airlock_create(airlock, reg, images, work, j, unique, args.keep))
            registry_version = subprocess.run(["/usr/bin/docker-registry", "--version"],
                                              capture_output=True, text=True).stdout.split()[-1]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    med = {k: median_run(v) for k, v in results.items()}
    rows = [row(med["ceiling"], unique), row(med["single"], unique)]
    if args.disk_ceiling:
        rows.append(row(med["files"], unique))
    n_skopeo = 0 if args.skip_skopeo else len(images) + 1
    for i in range(n_skopeo):
        r = row(med[f"skopeo{i}"], unique)
        r["per_image"] = i < len(images)
        rows.append(r)
    for j in jobs:
        rows.append(row(med[f"airlock{j}"], unique, primary=(j == args.primary_jobs)))

    a = med[f"airlock{args.primary_jobs}"]
    ceiling = med["ceiling"]
    targets = []
    if not args.skip_skopeo:
        s = med[f"skopeo{len(images)}"]
        ratio = s.wall / a.wall
        targets.append({"name": "airlock / skopeo (job MB/s)", "value": f"{ratio:.2f}x",
                        "ratio": round(ratio, 3), "target": f">= {TARGET_VS_SKOPEO}x",
                        "pass": ratio >= TARGET_VS_SKOPEO})
    ratio = ceiling.wall / a.wall
    targets.append({"name": "airlock / ceiling (job MB/s)", "value": f"{ratio * 100:.1f}%",
                    "ratio": round(ratio, 3), "target": f">= {TARGET_VS_CEILING * 100:.0f}%",
                    "pass": ratio >= TARGET_VS_CEILING})
    worst_rss = max(med[f"airlock{j}"].rss_kib for j in jobs) / 1024
    targets.append({"name": f"airlock peak RSS (--jobs {args.primary_jobs})",
                    "value": f"{a.rss_kib / 1024:.1f} MiB", "target": f"< {TARGET_RSS_MIB} MiB",
                    "pass": a.rss_kib / 1024 < TARGET_RSS_MIB})
    targets.append({"name": "airlock peak RSS (any --jobs)", "value": f"{worst_rss:.1f} MiB",
                    "target": f"< {TARGET_RSS_MIB} MiB", "pass": worst_rss < TARGET_RSS_MIB})

    report = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, "
                   f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // (1 << 30)} GiB RAM",
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "params": {"size_mib": args.size_mib, "seed": args.seed, "images": len(images),
                   "platforms": len(MULTI[1]), "blobs": len(blobs), "unique_bytes": unique,
                   "per_image_bytes": sum(per_image.values()),
                   "largest_blob": max(s for s, _ in blobs.values()), "repeat": args.repeat,
                   "primary_jobs": args.primary_jobs, "ceiling_parallel": args.ceiling_parallel,
                   "registry": registry_version, "data_dir": str(data)},
        "rows": rows,
        "targets": targets,
    }
    emit_report(report, args, render)
    return 0


def emit_report(report: dict, args, render) -> None:
    """--json-file F, then --json on stdout or the rendered table."""
    if args.json_file:
        args.json_file.write_text(json.dumps(report, indent=2) + "\n")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report))


if __name__ == "__main__":
    sys.exit(main())
