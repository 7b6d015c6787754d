#!/usr/bin/python3
"""Throughput, memory and disk of `airlock-load load` into a registry, side by
side with the registry's own ingest ceiling and with the peer workflow
(`tar -x` + `skopeo copy`), plus `airlock-load verify --deep` against
`openssl dgst -sha256` over the same bundle.

    /usr/bin/python3 bench/load_bench.py [--size 1GiB] [--jobs 4] [--json]
    bench/load_bench.sh ...           # builds the release preset first

What it does, all on loopback, every registry a fresh Debian `docker-registry`
(airlock_testlib.Registry) with its storage under --work-dir (same disk):

0. Reuses build_bench.py's data set (cached in build/bench-data/<key>/: random
   incompressible layers, shared layers, a multi-arch index) and builds one
   bundle of it with `airlock-build create --key keys/dev/vendor.key` (cached
   next to the data, rebuilt when the airlock-build binary changes). The bundle
   is read once untimed, so every run reads from a warm page cache.
1. ceiling: the bundle's blob files are extracted (untimed), then every blob is
   uploaded once into a fresh registry by --jobs parallel streams of `curl`:
   POST /v2/<repo>/blobs/uploads/, then a monolithic PUT <location>&digest=
   with --data-binary @file, and again with -T file (curl streams the file
   rather than reading it into memory: the higher ceiling). Both are judged.
2. `airlock-load load BUNDLE --to registry://HOST --plain-http --state-dir S
   --jobs N --json` into a fresh registry with a fresh state dir.
3. the same command again (same registry, same state dir): everything present.
4. peer: `tar -x` of the bundle into a temp dir, then `skopeo copy --all
   --preserve-digests oci:DIR:REF docker://HOST/REPO:TAG` per image into a
   fresh registry; the total wall time of extract + copies.
5. `airlock-load verify BUNDLE --deep` and `openssl dgst -sha256 BUNDLE`,
   alternating, each twice; the better run of each is shown.

Every run is wrapped in /usr/bin/time -v (peak RSS, CPU), timed with
time.monotonic(), preceded by `sync`, and the directories it may write to
besides the registry (the state dir, a TMPDIR, the extraction dir) are polled
every 50 ms for allocated bytes; the file system's free space is read before
and after as a cross-check (noisy when anything else writes to the disk).
Registry storage is removed after each run. Targets are printed, not asserted:
the exit code is 0 unless something crashed.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.dont_write_bytecode = True     # importing build_bench leaves no __pycache__ in bench/
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench as bb  # noqa: E402  (also puts tests/integration on sys.path)
from airlock_testlib.proc import clean_env  # noqa: E402
from airlock_testlib.registry import Registry  # noqa: E402

ROOT = bb.ROOT
MiB, MB = bb.MiB, bb.MB
TIME_BIN, SKOPEO_BIN, CURL_BIN = bb.TIME_BIN, bb.SKOPEO_BIN, bb.CURL_BIN
OPENSSL_BIN = "/usr/bin/openssl"
TAR_BIN = "/bin/tar"
VENDOR_KEY = bb.VENDOR_KEY

TARGET_VS_CEILING = 0.95     # airlock load MB/s >= 95% of the curl PUT ceiling
TARGET_RELOAD = 0.05         # second load < 5% of the first's wall time
TARGET_VS_OPENSSL = 0.90     # verify --deep MB/s >= 90% of openssl dgst -sha256
TARGET_RSS_MIB = 64          # peak RSS < 64 MiB
STATE_SLACK = 1 * MiB        # "no extra disk": the state dir holds records, not blobs

log = bb.log


# --- the bundle ---------------------------------------------------------------------
@dataclass
class Bundle:
    path: Path
    file_bytes: int
    blobs: dict            # digest -> size (every blobs/sha256/* entry)
    images: list           # [{ref, repo_ref (path:tag, no host), digest}]

    @property
    def payload(self) -> int:
        return sum(self.blobs.values())


def strip_host(ref: str) -> str:
    """`127.0.0.1:5000/bench/app-a:1.0` -> `bench/app-a:1.0` (the loader's
    PREFIX/<upstream path> placement with an empty prefix)."""
    first, sep, rest = ref.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return rest
    return ref


def read_bundle(path: Path) -> Bundle:
    blobs, index = {}, None
    with tarfile.open(path, "r:") as tar:
        for m in tar:
            if m.name.startswith("blobs/sha256/") and m.isfile():
                blobs["sha256:" + m.name.rpartition("/")[2]] = m.size
            elif m.name == "index.json":
                index = json.loads(tar.extractfile(m).read())
    if index is None:
        raise RuntimeError(f"{path}: no index.json")
    images = []
    for d in index["manifests"]:
        ref = d.get("annotations", {}).get(bb.REF_NAME)
        if ref:
            images.append({"ref": ref, "repo_ref": strip_host(ref), "digest": d["digest"]})
    return Bundle(path, path.stat().st_size, blobs, images)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(4 * MiB):
            h.update(chunk)
    return h.hexdigest()


def make_bundle(data: Path, images: list[dict], build_bin: Path, load_bin: Path,
                work: Path) -> Path:
    """The bench bundle, cached in <data>/load-bench/ under the hash of the
    airlock-build binary (a new builder may write another format)."""
    cache = data / "load-bench"
    key = file_sha256(build_bin)[:12]
    bundle = cache / f"bench-{key}.airlock"
    if bundle.exists():
        # Still valid (signature window, format) for this loader?
        state = work / "verify-cached-state"
        r = subprocess.run([str(load_bin), "verify", str(bundle), "--state-dir", str(state),
                            "--quiet"], capture_output=True, text=True, env=clean_env())
        shutil.rmtree(state, ignore_errors=True)
        if r.returncode == 0:
            log(f"bundle: cached {bundle}")
            return bundle
        log(f"bundle: cached {bundle} no longer verifies ({r.returncode}); rebuilding")
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    log(f"bundle: airlock-build create into {bundle}")
    t = time.monotonic()
    with Registry(data / "registry") as reg:
        spec = cache / "bench-spec.yaml"
        spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                        "metadata: {name: airlock-load-bench, version: 1.0.0}\nimages:\n" +
                        "".join(f"  - {reg.ref(i['name'])}\n" for i in images))
        cmd = [str(build_bin), "create", str(spec), "-o", str(bundle), "--key", str(VENDOR_KEY),
               "--plain-http", reg.host, "--jobs", "4", "--json", "--quiet"]
        r = subprocess.run(cmd, capture_output=True, text=True, env=clean_env())
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr[-4000:]}")
    log(f"bundle: built in {time.monotonic() - t:.1f} s")
    return bundle


def warm(path: Path) -> None:
    with open(path, "rb") as f:
        while f.read(8 * MiB):
            pass


# --- measuring one run ------------------------------------------------------------------
@dataclass
class Run:
    label: str
    wall: float
    rss_kib: int = 0
    cpu: float = 0.0
    server_cpu: float = 0.0
    moved: int = 0                 # bytes the MB/s column divides by
    disk_peak: int = 0             # peak allocated in the watched dirs beyond what was there
    disk_final: int = 0
    stdout: str = ""
    stderr: str = ""
    extra: dict = field(default_factory=dict)
    dirs: dict = field(default_factory=dict)
    epoch: tuple = (0.0, 0.0)      # wall-clock start and end (to match registry logs)


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def measure(label: str, cmd: list, *, watch: list[Path], moved: int, server_pid: int | None = None,
            env_extra: dict | None = None, timeout: float = 3600) -> Run:
    """Run `cmd` under /usr/bin/time -v after a sync; poll `watch` for disk use
    every 50 ms; note the CPU the registry (server_pid) spent meanwhile."""
    for w in watch:
        w.mkdir(parents=True, exist_ok=True)
    timefile = watch[0].parent / f".time-{os.getpid()}"
    os.sync()

    def usage() -> list[int]:
        return [bb.disk_usage(w) for w in watch]

    base = usage()
    peak = list(base)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[:] = map(max, peak, usage())
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    argv = [TIME_BIN, "-v", "-o", str(timefile), *map(str, cmd)]
    sampler.start()
    cpu0 = bb.process_cpu(server_pid)
    t0, epoch0 = time.monotonic(), time.time()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=clean_env(env_extra), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        os.killpg(proc.pid, 9)
        proc.communicate()
        raise
    finally:
        wall = time.monotonic() - t0
        server_cpu = bb.process_cpu(server_pid) - cpu0
        stop.set()
        sampler.join()
    final = usage()
    peak[:] = map(max, peak, final)
    stats = bb.parse_time(timefile.read_text() if timefile.exists() else "")
    timefile.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: {' '.join(map(str, cmd))} exited {proc.returncode}\n"
                           f"{err[-4000:]}")
    run = Run(label, wall, stats.get("rss_kib", 0), stats.get("cpu", 0.0), server_cpu, moved,
              sum(peak) - sum(base), sum(final) - sum(base), out, err)
    # per watched dir: bytes allocated at the peak and at the end, beyond the start
    run.dirs = {str(w): (p - b, f - b) for w, b, p, f in zip(watch, base, peak, final)}
    run.epoch = (epoch0, epoch0 + wall)
    return run


# --- the registry's side ------------------------------------------------------------------
_DURATION = re.compile(r"([0-9.]+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def go_duration(text: str) -> float:
    return sum(float(v) * _UNITS[u] for v, u in _DURATION.findall(text))


def request_stats(log_text: str) -> dict:
    """Per HTTP method from the registry's "response completed" lines: count,
    summed and longest server-side duration (seconds)."""
    out: dict[str, dict] = {}
    for line in log_text.splitlines():
        if 'msg="response completed"' not in line:
            continue
        m = re.search(r"http\.request\.method=(\S+)", line)
        d = re.search(r"http\.response\.duration=(\S+)", line)
        if not m:
            continue
        s = out.setdefault(m.group(1), {"count": 0, "seconds": 0.0, "max_s": 0.0})
        s["count"] += 1
        if d:
            secs = go_duration(d.group(1))
            s["seconds"] = round(s["seconds"] + secs, 3)
            s["max_s"] = round(max(s["max_s"], secs), 3)
    return dict(sorted(out.items()))


_LOG_TIME = re.compile(r'time="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z"')


def timeline(log_text: str, epoch: tuple) -> dict:
    """Where a run's wall time went, from the registry's side: seconds from the
    process start to the first request the registry saw begin, the span of its
    requests, and from the last response to the process end."""
    spans = []
    for line in log_text.splitlines():
        if 'msg="response completed"' not in line:
            continue
        t, d = _LOG_TIME.search(line), re.search(r"http\.response\.duration=(\S+)", line)
        if not t:
            continue
        end = calendar.timegm(time.strptime(t.group(1), "%Y-%m-%dT%H:%M:%S")) + \
            float(t.group(2) or 0)
        begin = end - (go_duration(d.group(1)) if d else 0.0)
        if epoch[0] <= begin and end <= epoch[1] + 0.01:
            spans.append((begin, end))
    if not spans:
        return {}
    first, last = min(b for b, _ in spans), max(e for _, e in spans)
    return {"requests": len(spans), "before_first_request_s": round(first - epoch[0], 3),
            "requests_span_s": round(last - first, 3),
            "after_last_response_s": round(epoch[1] - last, 3)}


def fmt_requests(stats: dict) -> str:
    return ", ".join(f"{m} {s['count']}x {s['seconds']:.2f}s (max {s['max_s']:.2f}s)"
                     for m, s in stats.items())


class FreshRegistry:
    """A Registry under `workdir` whose storage (and the folder) is removed on
    exit; the log is kept for request_stats() first."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        if workdir.exists():
            shutil.rmtree(workdir)
        self.reg = Registry(workdir)
        self.requests: dict = {}

    def __enter__(self) -> Registry:
        return self.reg.start()

    def __exit__(self, *exc) -> None:
        self.reg.stop()
        text = self.reg.log_text()
        self.requests = request_stats(text)
        self.workdir.with_name(self.workdir.name + ".log").write_text(text)
        shutil.rmtree(self.workdir, ignore_errors=True)
        os.sync()


def check_tags(reg: Registry, bundle: Bundle, who: str) -> None:
    """Every image of the bundle is tagged in `reg` with the bundle's digest."""
    for img in bundle.images:
        repo, _, tag = img["repo_ref"].rpartition(":")
        served = "sha256:" + hashlib.sha256(reg.manifest_raw(repo, tag)).hexdigest()
        if served != img["digest"]:
            raise RuntimeError(f"after {who}: {reg.host}/{img['repo_ref']} is {served}, "
                               f"the bundle has {img['digest']}")


# --- the contenders ---------------------------------------------------------------------------
# One stream: a curl process POSTs an upload session per blob (printing each
# Location), then a second curl process PUTs every blob into its session, each
# over one keep-alive connection; N streams run at once. Two processes per
# stream, not two per blob: a curl start costs ~50 ms of CPU here (OpenSSL
# initialisation), which would be measured instead of the registry. Per-transfer
# options are repeated in every block of a -K file (`next` resets them).
CEILING_SCRIPT = r"""
set -o pipefail
stream() {   # $1: POST config, $2: digests and files, $3: PUT config to write
  curl -sS -K "$1" > "$3.loc" || return 1
  [ "$(wc -l < "$3.loc")" = "$(wc -l < "$2")" ] || { echo "POSTs failed" >&2; return 1; }
  if [ "$MODE" = stream ]; then body='upload-file = "%s"'; else body='data-binary = "@%s"'; fi
  paste "$3.loc" "$2" | while IFS=$'\t' read -r loc dg f; do
    case "$loc" in /*) loc="$URL$loc";; esac
    case "$loc" in *\?*) sep='&';; *) sep='?';; esac
    [ -z "${more:-}" ] || echo next
    more=1
    printf "url = \"%s%sdigest=%s\"\n$body\n%s\n" "$loc" "$sep" "$dg" "$f" "$PUT_OPTS"
  done > "$3" || return 1
  curl -sS -K "$3" || return 1
}
i=0
while [ $# -gt 0 ]; do stream "$1" "$2" "$TMPDIR/put-$i.cfg" & shift 2; i=$((i + 1)); done
for p in $(jobs -p); do wait "$p" || exit 1; done
"""
# The registry spends about as long on a blob's POST and PUT as on this many
# bytes of payload (~30 ms each at ~150 MB/s per stream here). Balancing bytes
# alone gives one stream every small blob, and its requests then finish last.
CEILING_BLOB_COST = 8 * MB
CEILING_POST_BLOCK = ('url = "%s/v2/bench/ceiling/blobs/uploads/"\nrequest = "POST"\nfail\n'
                      'noproxy = "*"\noutput = "/dev/null"\nwrite-out = "%%header{location}\\n"\n')
CEILING_PUT_OPTS = ('request = "PUT"\nfail\nnoproxy = "*"\noutput = "/dev/null"\n'
                    'header = "Expect:"\nheader = "Content-Type: application/octet-stream"')


def curl_ceiling(label: str, src: Path, bundle: Bundle, work: Path, parallel: int,
                 mode: str) -> tuple[Run, dict]:
    """Every blob of the bundle POST+PUT once (monolithic) into a fresh registry by
    `parallel` curl streams; blobs dealt largest first to the least-loaded stream,
    a blob's load being its size plus CEILING_BLOB_COST.
    mode "data-binary": PUT --data-binary @file (curl reads the file into memory
    first); "stream": PUT -T file (curl streams it)."""
    streams: list[list] = [[] for _ in range(parallel)]
    loads = [0] * parallel
    for d, size in sorted(bundle.blobs.items(), key=lambda kv: -kv[1]):
        i = loads.index(min(loads))
        streams[i].append(d)
        loads[i] += size + CEILING_BLOB_COST
    scratch = work / "ceiling-tmp"
    fresh = FreshRegistry(work / f"reg-ceiling-{mode}")
    with fresh as reg:
        args = []
        for i, digests in enumerate(s for s in streams if s):
            post = work / f"ceiling-{mode}-{i}-post.cfg"
            post.write_text("next\n".join(CEILING_POST_BLOCK % reg.url for _ in digests))
            files = work / f"ceiling-{mode}-{i}.list"
            files.write_text("".join(f"{d}\t{src / 'blobs' / 'sha256' / d[7:]}\n"
                                     for d in digests))
            args += [post, files]
        script = work / "ceiling.sh"
        script.write_text(CEILING_SCRIPT)
        run = measure(label, ["/bin/bash", script, *args], watch=[scratch], moved=bundle.payload,
                      server_pid=reg.server.pid,
                      env_extra={"URL": reg.url, "MODE": mode, "TMPDIR": str(scratch),
                                 "PUT_OPTS": CEILING_PUT_OPTS})
        check_blobs(reg, bundle, "bench/ceiling")
    shutil.rmtree(scratch, ignore_errors=True)
    return run, fresh.requests


def check_blobs(reg: Registry, bundle: Bundle, repo: str) -> None:
    """Every blob of the bundle is in `repo` (HEAD), with its size."""
    client = reg.client()
    for d, size in bundle.blobs.items():
        r = client.request("HEAD", f"/v2/{repo}/blobs/{d}", check=False)
        length = {k.lower(): v for k, v in r.headers.items()}.get("content-length")
        if r.status != 200 or length is None or int(length) != size:
            raise RuntimeError(f"ceiling: {repo}@{d} is HTTP {r.status}, "
                               f"{length} bytes; expected {size}")


def airlock_loads(load_bin: Path, bundle: Bundle, work: Path, jobs: int,
                  chunk_size: str | None) -> tuple[Run, Run, dict]:
    """Load into a fresh registry with a fresh state dir, then again into both."""
    state = work / "airlock-state"
    tmp = work / "airlock-tmp"
    for d in (state, tmp):
        if d.exists():
            shutil.rmtree(d)
    fresh = FreshRegistry(work / "reg-airlock")
    runs = []
    with fresh as reg:
        cmd = [load_bin, "load", bundle.path, "--to", f"registry://{reg.host}", "--plain-http",
               "--state-dir", state, "--jobs", jobs, "--json"]
        if chunk_size:
            cmd += ["--chunk-size", chunk_size]
        storage = reg.root
        for n, label in ((1, "airlock-load load (fresh registry)"),
                         (2, "airlock-load load again (same registry)")):
            free0 = free_bytes(work)
            store0 = bb.disk_usage(storage)
            run = measure(label, cmd, watch=[state, tmp], moved=bundle.payload,
                          server_pid=reg.server.pid, env_extra={"TMPDIR": str(tmp)})
            os.sync()
            store_growth = bb.disk_usage(storage) - store0
            df_used = free0 - free_bytes(work)
            summary = json.loads(run.stdout)
            run.extra = {
                "summary": summary,
                "stateDirBytes": bb.disk_usage(state),
                "stateDirPeakGrowthBytes": run.dirs[str(state)][0],
                "tmpDirPeakBytes": run.dirs[str(tmp)][0],
                "registryStorageGrowthBytes": store_growth,
                "dfUsedBytes": df_used,
                "dfBeyondRegistryAndStateBytes": df_used - store_growth - run.disk_final,
                "stderrTail": run.stderr.strip().splitlines()[-8:],
                "timeline": timeline(reg.log_text(), run.epoch),
            }
            runs.append(run)
            (work / f"airlock-load-{n}.stderr").write_text(run.stderr)
            check_tags(reg, bundle, label)
    requests = fresh.requests
    (work / "airlock-state-listing.txt").write_text(
        "\n".join(str(p.relative_to(state)) for p in sorted(state.rglob("*"))) if state.exists() else "")
    return runs[0], runs[1], requests


def peer_workflow(bundle: Bundle, work: Path) -> tuple[list[Run], dict]:
    """tar -x the bundle, then skopeo copy --all --preserve-digests per image."""
    extract = work / "peer-extract"
    if extract.exists():
        shutil.rmtree(extract)
    extract.mkdir(parents=True)
    policy = bb.skopeo_policy(work)
    runs = []
    fresh = FreshRegistry(work / "reg-peer")
    with fresh as reg:
        runs.append(measure("tar -x bundle", [TAR_BIN, "-xf", bundle.path, "-C", extract],
                            watch=[extract], moved=bundle.file_bytes, server_pid=reg.server.pid))
        extracted = runs[-1].disk_final
        for img in bundle.images:
            cmd = [SKOPEO_BIN, "--policy", policy, "copy", "-q", "--all", "--preserve-digests",
                   f"oci:{extract}:{img['ref']}", f"docker://{reg.host}/{img['repo_ref']}",
                   "--dest-tls-verify=false"]
            runs.append(measure(f"  skopeo copy --all {img['repo_ref']}", cmd, watch=[extract],
                                moved=0, server_pid=reg.server.pid,
                                env_extra={"TMPDIR": str(work / "peer-tmp")}))
        check_tags(reg, bundle, "skopeo")
    shutil.rmtree(extract, ignore_errors=True)
    shutil.rmtree(work / "peer-tmp", ignore_errors=True)
    copies = runs[1:]
    total = Run("peer: tar -x + skopeo copy (total)", sum(r.wall for r in runs),
                max(r.rss_kib for r in runs), sum(r.cpu for r in runs),
                sum(r.server_cpu for r in runs), bundle.payload,
                extracted + max(r.disk_peak for r in copies), extracted)
    total.extra = {"extractSeconds": round(runs[0].wall, 3),
                   "copySeconds": round(sum(r.wall for r in copies), 3)}
    return runs + [total], fresh.requests


def hash_runs(load_bin: Path, bundle: Bundle, work: Path, repeat: int) -> tuple[Run, Run]:
    """verify --deep and openssl dgst -sha256, alternating, `repeat` times each;
    the faster run of each."""
    state = work / "verify-state"
    tmp = work / "verify-tmp"
    v_runs, o_runs = [], []
    for _ in range(repeat):
        o_runs.append(measure("openssl dgst -sha256 BUNDLE", [OPENSSL_BIN, "dgst", "-sha256",
                                                              bundle.path],
                              watch=[tmp], moved=bundle.file_bytes))
        if state.exists():
            shutil.rmtree(state)
        v_runs.append(measure("airlock-load verify --deep", [load_bin, "verify", bundle.path,
                                                              "--deep", "--state-dir", state,
                                                              "--json"],
                              watch=[tmp, state], moved=bundle.file_bytes,
                              env_extra={"TMPDIR": str(tmp)}))
    best = []
    for runs in (v_runs, o_runs):
        b = min(runs, key=lambda r: r.wall)
        b.extra["walls"] = [round(r.wall, 3) for r in runs]
        b.rss_kib = max(r.rss_kib for r in runs)
        best.append(b)
    return best[0], best[1]


# --- report ---------------------------------------------------------------------------------
def row(r: Run, section: str, primary: bool = False) -> dict:
    return {"section": section, "label": r.label + (" *" if primary else ""),
            "moved_bytes": r.moved, "wall_s": round(r.wall, 3),
            "mb_per_s": round(r.moved / r.wall / MB, 1) if r.moved else None,
            "cpu_s": round(r.cpu, 2), "registry_cpu_s": round(r.server_cpu, 2),
            "peak_rss_mib": round(r.rss_kib / 1024, 1),
            "disk_peak_mib": round(r.disk_peak / MiB, 1),
            "disk_final_mib": round(r.disk_final / MiB, 1),
            **({"extra": r.extra} if r.extra else {})}


def render(report: dict) -> str:
    p = report["params"]
    lines = [
        f"airlock-load benchmark ({report['when']}, {report['machine']})",
        f"bundle: {p['bundle']} ({p['bundle_bytes'] / MB:.1f} MB file, {p['blobs']} blobs, "
        f"payload {p['payload_bytes'] / MB:.1f} MB, {p['images']} images; largest blob "
        f"{p['largest_blob'] / MiB:.1f} MiB); read once untimed: warm page cache",
        f"registries: docker-registry {p['registry']}, fresh per contender, loopback, plain HTTP, "
        f"storage under {p['work_dir']} ({p['df']})",
        f"load average before/after: {report['load_before']} / {report['load_after']}",
        f"airlock-load --jobs {p['jobs']}" + (f" --chunk-size {p['chunk_size']}" if p['chunk_size']
                                              else " (default --chunk-size)") +
        f"; curl ceiling: {p['jobs']} parallel streams of POST + monolithic PUT",
        "MB = 10^6 bytes; MB/s = payload bytes (every blob once) / wall; hashing rows: bundle "
        "file bytes / wall.",
        "cpu s = user+sys CPU of the tool; reg cpu s = CPU the registry used meanwhile; "
        "disk MiB = peak allocated beyond the start in the dirs the run may use besides the "
        "registry (state dir + TMPDIR; the extraction dir for the peer).",
        "",
    ]
    head = ("run", "wall s", "MB/s", "cpu s", "reg cpu s", "peak RSS MiB", "disk MiB")
    table = [head]
    section = None
    for r in report["rows"]:
        if r["section"] != section:
            section = r["section"]
            table.append((f"[{section}]", "", "", "", "", "", ""))
        table.append((r["label"], f"{r['wall_s']:.2f}",
                      "" if r["mb_per_s"] is None else f"{r['mb_per_s']:.1f}",
                      f"{r['cpu_s']:.2f}", f"{r['registry_cpu_s']:.2f}",
                      f"{r['peak_rss_mib']:.1f}", f"{r['disk_peak_mib']:.1f}"))
    widths = [max(len(t[i]) for t in table) for i in range(len(head))]
    for n, t in enumerate(table):
        lines.append("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                               for i, c in enumerate(t)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    for note in report["notes"]:
        lines.append(note)
    lines.append("")
    lines.append("* the rows the targets compare")
    for t in report["targets"]:
        lines.append(f"  {t['name']:<50} {t['value']:>20}   target {t['target']:<9} "
                     f"{'PASS' if t['pass'] else 'FAIL'}")
    return "\n".join(lines)


def parse_size_mib(text: str) -> float:
    m = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]i?B?|[kmgt])?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 256MiB, 1GiB, 512)")
    value, unit = float(m.group(1)), (m.group(2) or "M")[0].upper()
    return value * {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}[unit]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", dest="size_mib", type=parse_size_mib, default=1024.0, metavar="SIZE",
                    help="approximate data size: 256MiB, 1GiB, or MiB as a number (default 1GiB)")
    ap.add_argument("--size-mib", dest="size_mib", type=float, default=argparse.SUPPRESS,
                    help=argparse.SUPPRESS)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=4,
                    help="airlock-load --jobs, and the curl ceiling's parallel streams (default 4)")
    ap.add_argument("--chunk-size", help="airlock-load --chunk-size (default: the loader's)")
    ap.add_argument("--hash-repeat", type=int, default=2,
                    help="runs of verify --deep and of openssl each; the best is shown (default 2)")
    bb.add_folder_args(ap, "bench-work-load", regenerate_help="ignore cached data and bundle")
    ap.add_argument("--skip-skopeo", action="store_true", help="leave out the peer workflow")
    ap.add_argument("--keep", action="store_true",
                    help="keep --work-dir (state dir, logs; registry storage is always removed)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    ap.add_argument("--json-file", type=Path, help="also write the JSON report to this file")
    args = ap.parse_args()

    build_bin = args.build_dir / "builder" / "airlock-build"
    load_bin = args.build_dir / "loader" / "airlock-load"
    for tool in (build_bin, load_bin, Path(TIME_BIN), Path(SKOPEO_BIN), Path(CURL_BIN),
                 Path(OPENSSL_BIN), Path(TAR_BIN)):
        if not tool.exists():
            log(f"error: {tool} not found (build the release preset; scripts/install-deps.sh)")
            return 2
    data, images = bb.prepare_data(args)
    work = args.work_dir.resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    if args.regenerate:
        shutil.rmtree(data / "load-bench", ignore_errors=True)

    try:
        bundle = read_bundle(make_bundle(data, images, build_bin, load_bin, work))
        log(f"bundle: {bundle.file_bytes / MB:.1f} MB, {len(bundle.blobs)} blobs, "
            f"{len(bundle.images)} images; warming the page cache")
        warm(bundle.path)
        df = subprocess.run(["df", "-h", "--output=source,size,used,avail,pcent", str(work)],
                            capture_output=True, text=True).stdout.splitlines()[-1].split()
        df_text = f"{df[0]}: {df[1]} size, {df[3]} free"
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())

        # 1. the registry's ingest ceiling, from blob files extracted untimed
        src = work / "ceiling-src"
        src.mkdir()
        subprocess.run([TAR_BIN, "-xf", str(bundle.path), "-C", str(src), "blobs"], check=True)
        log(f"curl ceiling: {args.jobs} parallel POST + PUT --data-binary")
        ceiling, ceiling_req = curl_ceiling(
            f"curl POST+PUT --data-binary @file, {args.jobs} parallel", src, bundle, work,
            args.jobs, "data-binary")
        log(f"curl ceiling: {args.jobs} parallel POST + PUT -T (streamed)")
        ceiling_t, ceiling_t_req = curl_ceiling(
            f"curl POST+PUT -T file (streamed), {args.jobs} parallel", src, bundle, work,
            args.jobs, "stream")
        shutil.rmtree(src)
        os.sync()

        # 2 + 4. airlock-load load, twice
        log(f"airlock-load load --jobs {args.jobs}, twice")
        load1, load2, load_req = airlock_loads(load_bin, bundle, work, args.jobs, args.chunk_size)

        # 3. the peer workflow
        peer_runs, peer_req = ([], {})
        if not args.skip_skopeo:
            log("peer: tar -x + skopeo copy --all --preserve-digests per image")
            peer_runs, peer_req = peer_workflow(bundle, work)

        # 5. hashing
        log(f"verify --deep vs openssl dgst -sha256, {args.hash_repeat}x each")
        verify, openssl = hash_runs(load_bin, bundle, work, args.hash_repeat)
        registry_version = subprocess.run(["/usr/bin/docker-registry", "--version"],
                                          capture_output=True, text=True).stdout.split()[-1]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    rows = [row(ceiling, "registry ingest ceiling", primary=True),
            row(ceiling_t, "registry ingest ceiling", primary=True),
            row(load1, "airlock-load", primary=True), row(load2, "airlock-load", primary=True)]
    for r in peer_runs:
        rows.append(row(r, "peer workflow", primary=r is peer_runs[-1]))
    rows += [row(verify, "hashing the bundle (best of %d)" % args.hash_repeat, primary=True),
             row(openssl, "hashing the bundle (best of %d)" % args.hash_repeat, primary=True)]

    s1 = load1.extra["summary"]
    s2 = load2.extra["summary"]
    notes = [
        f"airlock run 1: {s1['blobs']['written']} blobs written, {s1['blobs']['mounted']} mounted, "
        f"{s1['blobs']['skipped']} present, {s1['manifests']['written']} manifests, {s1['tags']} tags; "
        f"self-reported {s1['seconds']:.2f} s of {load1.wall:.2f} s wall",
        f"airlock run 2: {s2['blobs']['written']} written, {s2['blobs']['skipped']} present, "
        f"{s2['manifests']['skipped']} manifests present; self-reported {s2['seconds']:.2f} s",
        *(f"airlock run {n} timeline (registry log): {t['before_first_request_s']:.2f} s to the first "
          f"request, {t['requests']} requests over {t['requests_span_s']:.2f} s, "
          f"{t['after_last_response_s']:.2f} s after the last response"
          for n, t in ((1, load1.extra["timeline"]), (2, load2.extra["timeline"])) if t),
        f"airlock disk: state dir {load1.extra['stateDirBytes'] / 1024:.0f} KiB after run 1, "
        f"{load2.extra['stateDirBytes'] / 1024:.0f} KiB after run 2; TMPDIR "
        f"{load1.extra['tmpDirPeakBytes'] / 1024:.0f} KiB; free-space cross-check: "
        f"{load1.extra['dfUsedBytes'] / MiB:.1f} MiB used during run 1 vs "
        f"{load1.extra['registryStorageGrowthBytes'] / MiB:.1f} MiB registry storage growth "
        f"(difference {load1.extra['dfBeyondRegistryAndStateBytes'] / MiB:+.1f} MiB, noisy)",
        f"registry requests, ceiling: {fmt_requests(ceiling_req)}",
        f"registry requests, airlock (both runs): {fmt_requests(load_req)}",
    ]
    if peer_runs:
        total = peer_runs[-1]
        notes.insert(next(i for i, n in enumerate(notes) if n.startswith("registry requests")),
                     f"peer: tar -x {total.extra['extractSeconds']:.2f} s + skopeo copies "
                     f"{total.extra['copySeconds']:.2f} s; extraction needs "
                     f"{total.disk_final / MiB:.0f} MiB of temporary disk")
        notes.append(f"registry requests, skopeo: {fmt_requests(peer_req)}")

    targets = []
    for c, what in ((ceiling, "--data-binary"), (ceiling_t, "-T")):
        ratio = c.wall / load1.wall
        targets.append({"name": f"airlock load MB/s / curl PUT {what} ceiling",
                        "value": f"{ratio * 100:.1f}%", "ratio": round(ratio, 3),
                        "target": f">= {TARGET_VS_CEILING * 100:.0f}%",
                        "pass": ratio >= TARGET_VS_CEILING})
    if peer_runs:
        pw = peer_runs[-1].wall
        targets.append({"name": "airlock load wall vs tar -x + skopeo", "value":
                        f"{load1.wall:.2f} s vs {pw:.2f} s", "ratio": round(load1.wall / pw, 3),
                        "target": "below", "pass": load1.wall < pw})
    ratio = load2.wall / load1.wall
    targets.append({"name": "second load wall / first", "value": f"{ratio * 100:.1f}%",
                    "ratio": round(ratio, 4), "target": f"< {TARGET_RELOAD * 100:.0f}%",
                    "pass": ratio < TARGET_RELOAD})
    ratio = openssl.wall / verify.wall
    targets.append({"name": "verify --deep MB/s / openssl dgst -sha256", "value":
                    f"{ratio * 100:.1f}%", "ratio": round(ratio, 3),
                    "target": f">= {TARGET_VS_OPENSSL * 100:.0f}%", "pass": ratio >= TARGET_VS_OPENSSL})
    for r in (load1, load2, verify):
        targets.append({"name": f"peak RSS: {r.label}", "value": f"{r.rss_kib / 1024:.1f} MiB",
                        "target": f"< {TARGET_RSS_MIB} MiB", "pass": r.rss_kib / 1024 < TARGET_RSS_MIB})
    tmp_peak = max(r.extra["tmpDirPeakBytes"] for r in (load1, load2))
    transient = max(r.disk_peak - r.disk_final for r in (load1, load2))
    state_bytes = max(load1.extra["stateDirBytes"], load2.extra["stateDirBytes"])
    targets.append({"name": "extra disk: TMPDIR / transient / state dir",
                    "value": f"{tmp_peak / MiB:.1f} / {transient / MiB:.1f} MiB / "
                             f"{state_bytes / 1024:.0f} KiB",
                    "target": "none", "pass": tmp_peak == 0 and transient < STATE_SLACK
                    and state_bytes < STATE_SLACK})

    report = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, "
                   f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // (1 << 30)} GiB RAM",
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "params": {"size_mib": args.size_mib, "seed": args.seed, "jobs": args.jobs,
                   "chunk_size": args.chunk_size, "bundle": str(bundle.path),
                   "bundle_bytes": bundle.file_bytes, "payload_bytes": bundle.payload,
                   "blobs": len(bundle.blobs), "images": len(bundle.images),
                   "largest_blob": max(bundle.blobs.values()), "registry": registry_version,
                   "work_dir": str(work), "df": df_text, "hash_repeat": args.hash_repeat},
        "rows": rows,
        "registry_requests": {"ceiling": ceiling_req, "ceiling_stream": ceiling_t_req,
                              "airlock": load_req, "peer": peer_req},
        "notes": notes,
        "targets": targets,
    }
    bb.emit_report(report, args, render)
    return 0


if __name__ == "__main__":
    sys.exit(main())
