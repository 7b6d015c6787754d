#!/usr/bin/python3
"""Delta bundles (issue 16): what `airlock-build create --base` carries, builds
and loads for a patch release, against the bytes that changed, the full
bundle and an image-level delta.

    /usr/bin/python3 bench/delta_bench.py [--size-mib 1024] [--repeat 3] [--json]
    /usr/bin/python3 bench/delta_bench.py --quick          # smoke test: 128 MiB, one run each
    bench/delta_bench.sh ...                                # builds the release preset first

The data, all on loopback in a Debian `docker-registry` (airlock_testlib.Registry):

- v1 (tag 1.0): about --size-mib MiB (default 1024) in 20 layers of random
  (incompressible) bytes made by build_bench.py's layer generator: five images
  and one two-platform index, two layers shared between images (build_bench's
  own set has 37 layers, 20 of them 0.5 MiB layers of one image; the issue
  asks for about 20).
- v2 (tag 1.1, a patch release): the same images, except that the top layer
  of the middle-sized image (bench/app-c, ~10 MiB at 1 GiB) is replaced by a
  new random layer of the same size, plus one new small image (bench/tool-g:
  a ~4 MiB layer of its own on the ~40 MiB runtime layer of svc-d and svc-e).
  Unchanged images are the same manifests under the new tag.

What it measures, each build with `--jobs 4` under /usr/bin/time -v after a
sync, --repeat times round-robin (median wall time, worst peak RSS):

- Builds: full v1, full v2, the delta `v2 --base v1`, and an image-level
  delta (a full bundle of only the images whose digest changed or is new),
  each with `--sbom none` and with the default SBOM (cyclonedx). A delta with
  an SBOM still reads the layers it leaves out, so that case runs twice:
  without --cache (read from the registry) and with a --cache dir that the v1
  build filled (warm; a hard-linked copy per run, so every run starts with
  v1's blobs only).
- Bytes: "what changed" is the sum of the blobs v2 needs that v1 lacks
  (layers, configs, manifests, index), from the registry's manifests; the
  delta bundle's file size against it (target: at most 1.02x), against the
  full v2 bundle and against the image-level delta bundle. Every blob the
  delta carries is checked to be one that changed.
- Loads (default SBOM bundles, `airlock-load load --to registry://HOST
  --plain-http`, fresh registry and state dir each): full v1 into an empty
  registry, full v2 into an empty registry, the delta into a registry holding
  v1 (loaded just before, same state dir), and for context full v2 into a
  registry holding v1. After the delta load every v2 image is read back.

Targets are printed, not asserted: the exit code is 0 unless something
crashed. The data set is cached in build/bench-data/delta-<size>mib-seed<seed>-
<hash>/registry/ (the OCI layout it was pushed from is deleted after the
push); --regenerate starts over. Scratch goes to build/bench-work-delta/,
removed at the end unless --keep.
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
import time
from pathlib import Path

sys.dont_write_bytecode = True     # importing the other benches leaves no __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_bench as bb  # noqa: E402  (also puts tests/integration on sys.path)
import load_bench as lb  # noqa: E402
from airlock_testlib.images import OCI_INDEX, REF_NAME, build_image, build_index  # noqa: E402
from airlock_testlib.registry import Registry  # noqa: E402

ROOT = bb.ROOT
MiB, MB = bb.MiB, bb.MB
log = bb.log

GENERATOR_VERSION = 1
TARGET_DELTA_VS_CHANGED = 1.02    # delta bundle bytes <= 1.02 x the bytes that changed
BUILD_JOBS = 4
QUICK_SIZE_MIB = 128.0

# --- the data set ---------------------------------------------------------------
# MiB at the unscaled total (1013.76 MiB); everything scales with --size-mib.
# Layers are (name, MiB); a name used twice is the same blob (shared layer).
SHARED = {"base": 150.0, "runtime": 40.0}
V1_IMAGES = [
    ("bench/app-a", [("base", 0), ("a-big", 200.0), ("a-1", 1.0), ("a-2", 0.25), ("a-3", 0.01)]),
    ("bench/app-b", [("base", 0), ("b-big", 120.0), ("b-1", 2.0)]),
    ("bench/app-c", [("base", 0), ("c-big", 100.0), ("c-1", 10.0)]),
    ("bench/svc-d", [("runtime", 0), ("d-big", 180.0), ("d-1", 5.0)]),
    ("bench/svc-e", [("runtime", 0), ("e-big", 60.0), ("e-1", 0.5), ("e-2", 0.5), ("e-3", 0.5)]),
]
MULTI = ("bench/multi-f", {"amd64": [("f-amd64", 70.0), ("f-amd64-1", 2.0)],
                           "arm64": [("f-arm64", 70.0), ("f-arm64-1", 2.0)]})
# The patch release: app-c's top layer replaced (same size), tool-g added.
CHANGED_IMAGE, OLD_LAYER, NEW_LAYER = "bench/app-c", "c-1", "c-1-v2"
ADDED_IMAGE = ("bench/tool-g", [("runtime", 0), ("g-1", 4.0)])
V1_TAG, V2_TAG = "1.0", "1.1"


def v1_layer_sizes() -> dict[str, float]:
    sizes = dict(SHARED)
    for _, layers in V1_IMAGES:
        sizes.update({n: s for n, s in layers if n not in SHARED})
    for layers in MULTI[1].values():
        sizes.update(dict(layers))
    return sizes


def generate(layout: Path, size_mib: float, seed: int) -> dict[str, list[dict]]:
    """Writes one OCI layout holding v1 and v2; returns {"v1": [...], "v2": [...]},
    each [{name, digest, layout_tag}] as build_bench.push_layout takes them."""
    if layout.exists():
        shutil.rmtree(layout)
    blob_dir = layout / "blobs" / "sha256"
    blob_dir.mkdir(parents=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
    scale = size_mib / sum(v1_layer_sizes().values())
    made: dict[str, bb.GenLayer] = {}

    def layer(name: str, mib: float) -> bb.GenLayer:
        if name not in made:
            size = max(4096, int(SHARED.get(name, mib) * scale * MiB))
            t = time.monotonic()
            made[name] = bb.GenLayer(**bb.write_layer(blob_dir, name, size, seed))
            if size >= 8 * MiB:
                log(f"  layer {name:10} {size / MiB:8.1f} MiB  {time.monotonic() - t:5.1f} s")
        return made[name]

    def put_blob(data: bytes) -> None:
        (blob_dir / hashlib.sha256(data).hexdigest()).write_bytes(data)

    def image(name: str, layers: list, arch: str = "amd64"):
        img = build_image([layer(n, s) for n, s in layers], arch=arch, config={"Cmd": ["/bin/sh"]},
                          labels={"airlock.bench": f"{name} {arch}"})
        put_blob(img.config)
        put_blob(img.manifest)
        return img

    tagged: dict[str, list] = {"v1": [], "v2": []}
    for name, layers in V1_IMAGES:
        img = image(name, layers)
        tagged["v1"].append((f"{name}:{V1_TAG}", img.descriptor(with_platform=False)))
        if name == CHANGED_IMAGE:
            new_size = dict(layers)[OLD_LAYER]
            layers = [(NEW_LAYER, new_size) if n == OLD_LAYER else (n, s) for n, s in layers]
            img = image(name, layers)
        tagged["v2"].append((f"{name}:{V2_TAG}", img.descriptor(with_platform=False)))
    name, per_arch = MULTI
    index = build_index([image(name, layers, arch) for arch, layers in per_arch.items()])
    put_blob(index.raw)
    for version, tag in (("v1", V1_TAG), ("v2", V2_TAG)):
        tagged[version].append((f"{name}:{tag}", index.descriptor()))
    name, layers = ADDED_IMAGE
    tagged["v2"].append((f"{name}:{V2_TAG}", image(name, layers).descriptor(with_platform=False)))

    manifests, out = [], {}
    for version, items in tagged.items():
        out[version] = []
        for name, desc in items:
            ref = name.rpartition(":")[2] + "-" + name.split("/")[-1].partition(":")[0]
            manifests.append({**desc, "annotations": {REF_NAME: ref}})
            out[version].append({"name": name, "digest": desc["digest"], "layout_tag": ref})
    (layout / "index.json").write_text(json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                                   "manifests": manifests}))
    return out


def prepare_data(args) -> tuple[Path, dict]:
    """The cache folder holding registry/ (v1 and v2 pushed) and images.json."""
    params = {"generator": GENERATOR_VERSION, "layer_generator": bb.GENERATOR_VERSION,
              "size_mib": float(args.size_mib), "seed": args.seed}
    data, meta_file = bb.cache_folder(args, f"delta-{int(args.size_mib)}mib-seed{args.seed}", params)
    if meta_file.exists():
        log(f"data: cached in {data}")
        return data, json.loads(meta_file.read_text())["images"]
    log(f"data: generating ~{args.size_mib:g} MiB (v1) and v2 into {data} (once; cached)")
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    t = time.monotonic()
    images = generate(data / "layout", args.size_mib, args.seed)
    log(f"data: generated in {time.monotonic() - t:.1f} s; pushing with skopeo")
    t = time.monotonic()
    bb.push_layout(data, images["v1"] + images["v2"])
    log(f"data: pushed in {time.monotonic() - t:.1f} s")
    shutil.rmtree(data / "layout")      # the registry is the cache
    meta_file.write_text(json.dumps({"params": params, "images": images}, indent=2))
    return data, images


# --- what each release needs, from the registry ----------------------------------------
def needs(reg: Registry, images: list[dict]) -> dict[str, dict]:
    """{digest: {size, kind, image}} of every blob the images need: the tagged
    manifest or index, an index's manifests, configs, layers."""
    client = reg.client()
    out: dict[str, dict] = {}

    def add(digest: str, size: int, kind: str, name: str) -> None:
        out.setdefault(digest, {"size": size, "kind": kind, "image": name})

    for img in images:
        repo, tag = img["name"].rsplit(":", 1)
        raw = client.manifest_raw(repo, tag)
        top = json.loads(raw)
        docs = []
        if "manifests" in top:
            add("sha256:" + hashlib.sha256(raw).hexdigest(), len(raw), "index", img["name"])
            for m in top["manifests"]:
                docs.append(json.loads(client.manifest_raw(repo, m["digest"])))
                add(m["digest"], m["size"], "manifest", img["name"])
        else:
            docs.append(top)
            add("sha256:" + hashlib.sha256(raw).hexdigest(), len(raw), "manifest", img["name"])
        for doc in docs:
            add(doc["config"]["digest"], doc["config"]["size"], "config", img["name"])
            for layer in doc["layers"]:
                add(layer["digest"], layer["size"], "layer", img["name"])
    return out


# --- builds -------------------------------------------------------------------------
def write_spec(path: Path, reg: Registry, version: str, images: list[dict]) -> Path:
    path.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    f"metadata: {{name: airlock-delta-bench, version: {version}}}\nimages:\n" +
                    "".join(f"  - {reg.ref(i['name'])}\n" for i in images))
    return path


def create(airlock: Path, reg: Registry, spec: Path, out_dir: Path, label: str, *, sbom: str,
           base: Path | None = None, cache: Path | None = None, keep_as: Path | None = None,
           timed: bool = True) -> bb.Run:
    """One `airlock-build create` measured with build_bench.measure (watching
    out_dir); the bundle is moved to keep_as, out_dir removed."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    bundle = out_dir / "bundle.airlock"
    cmd = [airlock, "create", spec, "-o", bundle, "--key", bb.VENDOR_KEY, "--plain-http", reg.host,
           "--jobs", BUILD_JOBS, "--sbom", sbom, "--json", "--quiet"]
    if base is not None:
        cmd += ["--base", base]
    if cache is not None:
        cmd += ["--cache", cache]
    if not timed:
        log(f"  {label} (untimed)")
    run = bb.measure(label, cmd, out_dir, 0)
    summary = json.loads(run.stdout)
    run.moved = int(summary.get("fetchedBytes", 0))
    run.extra = {"bundleBytes": bundle.stat().st_size, "summary": summary}
    if keep_as is not None:
        shutil.move(str(bundle), keep_as)
    shutil.rmtree(out_dir, ignore_errors=True)
    return run


def fresh_cache(template: Path, dest: Path) -> Path:
    """A hard-linked copy of the v1 build's blob cache: v1's blobs, nothing else."""
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["cp", "-al", str(template), str(dest)], check=True)
    return dest


def round_robin(variants: list, repeat: int, what: str) -> dict:
    """Each variant (key, fn(last)) `repeat` times, the first variant rotating per
    round; {key: [result]}."""
    runs: dict = {k: [] for k, _ in variants}
    for rep in range(repeat):
        shift = rep % len(variants)
        for k, fn in variants[shift:] + variants[:shift]:
            log(f"{what} {k} ({rep + 1}/{repeat})")
            runs[k].append(fn(rep == repeat - 1))
    return runs


BUILDS = [
    # key, label, spec, sbom, delta, cache
    ("v1-none", "full v1 --sbom none", "v1", "none", False, False),
    ("v2-none", "full v2 --sbom none", "v2", "none", False, False),
    ("delta-none", "delta v2 --base v1 --sbom none", "v2", "none", True, False),
    ("image-none", "image-level delta (2 images) --sbom none", "image", "none", False, False),
    ("v1-cdx", "full v1 (cyclonedx)", "v1", "cyclonedx", False, False),
    ("v2-cdx", "full v2 (cyclonedx)", "v2", "cyclonedx", False, False),
    ("delta-cdx", "delta v2 --base v1 (cyclonedx, no --cache)", "v2", "cyclonedx", True, False),
    ("delta-cdx-warm", "delta v2 --base v1 (cyclonedx, --cache warm)", "v2", "cyclonedx", True, True),
    ("image-cdx", "image-level delta (2 images) (cyclonedx)", "image", "cyclonedx", False, False),
]


def run_builds(airlock: Path, reg: Registry, images: dict, changed_images: list[dict],
               work: Path, keep: Path, repeat: int) -> tuple[dict, Path]:
    """Warm-up (v1 with --cache: the base bundle and the warm cache; full v2),
    then every BUILDS variant `repeat` times; the last run's bundles go to keep/."""
    specs = {"v1": write_spec(work / "v1.yaml", reg, "1.0.0", images["v1"]),
             "v2": write_spec(work / "v2.yaml", reg, "1.1.0", images["v2"]),
             "image": write_spec(work / "image-level.yaml", reg, "1.1.0", changed_images)}
    base = keep / "v1-base.airlock"
    cache_v1 = work / "cache-v1"
    log("builds: warm-up (page cache), the base bundle and the v1 blob cache")
    create(airlock, reg, specs["v1"], work / "out-warm", "v1 with --cache (base)", sbom="cyclonedx",
           cache=cache_v1, keep_as=base, timed=False)
    create(airlock, reg, specs["v2"], work / "out-warm", "full v2", sbom="none", timed=False)

    def variant(key, label, spec, sbom, delta, cached):
        def fn(last: bool) -> bb.Run:
            cache = fresh_cache(cache_v1, work / "cache-run") if cached else None
            run = create(airlock, reg, specs[spec], work / f"out-{key}", label, sbom=sbom,
                         base=base if delta else None, cache=cache,
                         keep_as=keep / f"{key}.airlock" if last else None)
            if cache is not None:
                shutil.rmtree(cache, ignore_errors=True)
            return run
        return key, fn

    runs = round_robin([variant(*b) for b in BUILDS], repeat, "build:")
    return {k: bb.median_run(v) for k, v in runs.items()}, base


# --- the bundles' bytes ----------------------------------------------------------------
def bundle_members(path: Path) -> dict:
    """Blobs (digest -> size) and the other members (name -> size) of a bundle."""
    blobs, other = {}, {}
    with tarfile.open(path, "r:") as tar:
        for m in tar:
            if m.name.startswith("blobs/sha256/") and m.isfile():
                blobs["sha256:" + m.name.rpartition("/")[2]] = m.size
            elif m.isfile():
                other[m.name] = m.size
    return {"blobs": blobs, "other": other}


def inspect_json(airlock: Path, bundle: Path) -> dict:
    r = subprocess.run([str(airlock), "inspect", str(bundle), "--json"], capture_output=True,
                       text=True, env=lb.clean_env())
    if r.returncode != 0:
        raise RuntimeError(f"inspect {bundle} exited {r.returncode}:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout)


def analyse_delta(airlock: Path, delta: Path, changed: dict, v1_needs: dict,
                  v2_needs: dict) -> dict:
    """What the delta carries against what changed; the odd findings as text."""
    members = bundle_members(delta)
    carried = members["blobs"]
    payload_changed = {d: s for d, s in carried.items() if d in changed}
    in_v1 = {d: s for d, s in carried.items() if d in v1_needs}
    other = {d: s for d, s in carried.items() if d not in changed and d not in v1_needs}
    missing = {d: v["size"] for d, v in changed.items() if d not in carried}
    info = inspect_json(airlock, delta)
    base = info.get("base") or {}
    left_out = sum(v["size"] for d, v in v2_needs.items() if d in v1_needs)
    odd = []
    if in_v1:
        odd.append(f"{delta.name}: carries {len(in_v1)} blob(s) v1 already has "
                   f"({sum(in_v1.values())} B): {', '.join(sorted(in_v1))}")
    sboms = {s["digest"] for s in info.get("sboms") or []}
    if set(other) - sboms:
        odd.append(f"{delta.name}: carries blob(s) that are neither new in v2 nor its SBOM: "
                   f"{', '.join(sorted(set(other) - sboms))}")
    if missing:
        odd.append(f"{delta.name}: lacks {len(missing)} changed blob(s): {', '.join(sorted(missing))}")
    if base.get("bytes") is not None and base["bytes"] != left_out:
        odd.append(f"{delta.name}: inspect says {base['bytes']} B left to the base; v2 needs "
                   f"{left_out} B that v1 has")
    file_bytes = delta.stat().st_size
    framing = file_bytes - sum(carried.values()) - sum(members["other"].values())
    return {"file_bytes": file_bytes, "carried_blobs": len(carried),
            "carried_changed_bytes": sum(payload_changed.values()),
            "carried_v1_bytes": sum(in_v1.values()), "carried_other": other,
            "carried_other_bytes": sum(other.values()),
            "other_members": members["other"],
            "overhead_bytes": file_bytes - sum(carried.values()),
            "tar_framing_bytes": framing,
            "inspect_base": {k: base.get(k) for k in ("blobCount", "bytes")},
            "odd": odd}


# --- loads ----------------------------------------------------------------------------
def requests_since(log_text: str, since: float) -> dict:
    """Per HTTP method, the requests the registry completed at or after `since`
    (epoch seconds); cross-repository mounts counted apart."""
    out: dict[str, int] = {}
    for line in log_text.splitlines():
        if 'msg="response completed"' not in line:
            continue
        t = lb._LOG_TIME.search(line)
        m = re.search(r"http\.request\.method=(\S+)", line)
        if not t or not m:
            continue
        end = calendar.timegm(time.strptime(t.group(1), "%Y-%m-%dT%H:%M:%S")) + float(t.group(2) or 0)
        if end < since:
            continue
        method = m.group(1)
        if method == "POST" and "mount=" in line:
            method = "POST mount"
        out[method] = out.get(method, 0) + 1
    return dict(sorted(out.items()))


def load(load_bin: Path, bundle: Path, reg: Registry, state: Path, tmp: Path, label: str) -> lb.Run:
    cmd = [load_bin, "load", bundle, "--to", f"registry://{reg.host}", "--plain-http",
           "--state-dir", state, "--json"]
    run = lb.measure(label, cmd, watch=[state, tmp], moved=0, server_pid=reg.server.pid,
                     env_extra={"TMPDIR": str(tmp)})
    summary = json.loads(run.stdout)
    run.moved = int(summary.get("bytes", 0))
    run.extra = {"summary": summary, "requests": requests_since(reg.log_text(), run.epoch[0])}
    return run


def read_back(reg: Registry, images: list[dict], per_image: dict) -> list[str]:
    """Every image tagged with its digest, every config and layer it needs in its
    repository (per_image: {name: needs()}); the problems as text."""
    client, problems = reg.client(), []
    for img in images:
        repo, tag = img["name"].rsplit(":", 1)
        try:
            raw = client.manifest_raw(repo, tag)
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            problems.append(f"{img['name']}: {e}")
            continue
        if "sha256:" + hashlib.sha256(raw).hexdigest() != img["digest"]:
            problems.append(f"{img['name']}: tagged with another digest")
        for d, v in per_image[img["name"]].items():
            if v["kind"] in ("config", "layer") and not client.has_blob(repo, d):
                problems.append(f"{img['name']}: blob {d} missing in {repo}")
    return problems


def run_loads(load_bin: Path, bundles: dict, images: dict, per_image: dict, work: Path,
              repeat: int) -> tuple[dict, list[str]]:
    """Each load into a fresh registry with a fresh state dir; v1 first where the
    row says the registry holds it."""
    problems: list[str] = []

    def one(key: str, bundle: Path, label: str, preload: bool, check: bool):
        def fn(last: bool) -> dict:
            state, tmp = work / "load-state", work / "load-tmp"
            for d in (state, tmp):
                shutil.rmtree(d, ignore_errors=True)
            fresh = lb.FreshRegistry(work / f"reg-{key}")
            out = {}
            with fresh as reg:
                if preload:
                    out["v1"] = load(load_bin, bundles["v1"], reg, state, tmp,
                                     "full v1 into an empty registry")
                out["run"] = load(load_bin, bundle, reg, state, tmp, label)
                if check:
                    problems.extend(read_back(reg, images["v2"], per_image))
            return out
        return key, fn

    variants = [one("full-v2", bundles["v2"], "full v2 into an empty registry", False, False),
                one("delta", bundles["delta"], "delta v2 into a registry holding v1", True, True),
                one("full-v2-over-v1", bundles["v2"], "full v2 into a registry holding v1 (info)",
                    True, False)]
    runs = round_robin(variants, repeat, "load:")
    v1_runs = [r["v1"] for k in ("delta", "full-v2-over-v1") for r in runs[k]]
    med = {"full-v1": lb_median(v1_runs)}
    for k, rs in runs.items():
        med[k] = lb_median([r["run"] for r in rs])
    return med, sorted(set(problems))


def lb_median(runs: list) -> lb.Run:
    runs = sorted(runs, key=lambda r: r.wall)
    m = runs[(len(runs) - 1) // 2]
    m.rss_kib = max(r.rss_kib for r in runs)
    m.extra["walls"] = [round(r.wall, 3) for r in runs]
    return m


# --- report ---------------------------------------------------------------------------------
def build_row(key: str, r: bb.Run) -> dict:
    s = r.extra["summary"]
    return {"key": key, "label": r.label, "wall_s": round(r.wall, 3), "walls": r.extra.get("walls"),
            "cpu_s": round(r.cpu, 2), "registry_cpu_s": round(r.server_cpu, 2),
            "peak_rss_mib": round(r.rss_kib / 1024, 1), "bundle_bytes": r.extra["bundleBytes"],
            "blobs": s.get("blobs"), "fetched_bytes": s.get("fetchedBytes"),
            "cached_bytes": s.get("cachedBytes"), "base": s.get("base")}


def load_row(key: str, r: lb.Run) -> dict:
    s = r.extra["summary"]
    return {"key": key, "label": r.label, "wall_s": round(r.wall, 3), "walls": r.extra.get("walls"),
            "cpu_s": round(r.cpu, 2), "registry_cpu_s": round(r.server_cpu, 2),
            "peak_rss_mib": round(r.rss_kib / 1024, 1), "bytes_written": s.get("bytes"),
            "blobs": s.get("blobs"), "manifests": s.get("manifests"),
            "requests": r.extra.get("requests")}


def table(head: tuple, rows: list[tuple]) -> list[str]:
    t = [head, *rows]
    widths = [max(len(r[i]) for r in t) for i in range(len(head))]
    lines = []
    for n, r in enumerate(t):
        lines.append("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                               for i, c in enumerate(r)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def render(report: dict) -> str:
    p, b = report["params"], report["bytes"]
    lines = [
        f"delta bundle benchmark ({report['when']}, {report['machine']})",
        f"machine: {p['note']}; load average before/after: {report['load_before']} / "
        f"{report['load_after']}",
        f"data: v1 {p['v1_images']} images (one a 2-platform index), {p['v1_layers']} layers, "
        f"{p['v1_bytes'] / MB:.1f} MB of blobs; v2: {CHANGED_IMAGE}'s top layer replaced "
        f"({p['replaced_layer_bytes'] / MB:.2f} MB), {ADDED_IMAGE[0]} added "
        f"({p['added_layer_bytes'] / MB:.2f} MB layer on the shared runtime layer)",
        f"registry: docker-registry {p['registry']} on loopback, plain HTTP; builds --jobs "
        f"{BUILD_JOBS}; median of {p['repeat']} run(s), worst peak RSS; MB = 10^6 B",
        "",
        "What changed (blobs v2 needs that v1 lacks): " +
        f"{b['changed_blobs']} blobs, {b['changed_bytes']:,} B (" +
        ", ".join(f"{k} {v:,}" for k, v in b["changed_by_kind"].items()) + ")",
        "",
    ]
    head = ("bundle", "bytes", "/ changed", "/ full v2", "/ image-level")
    rows = []
    for r in b["bundles"]:
        rows.append((r["label"], f"{r['bytes']:,}", f"{r['vs_changed']:.4f}x",
                     f"{r['vs_full']:.4f}x" if r.get("vs_full") else "",
                     f"{r['vs_image']:.4f}x" if r.get("vs_image") else ""))
    lines += table(head, rows)
    lines.append(f"image-level delta estimate (sum of the changed/new images' blobs, each once): "
                 f"{b['image_level_estimate']:,} B")
    for d in b["deltas"]:
        files = ", ".join(f"{n.rpartition('/')[2]} {v:,}" for n, v in d["other_members"].items())
        lines.append(f"{d['label']}: {d['carried_blobs']} blobs carried ({d['carried_changed_bytes']:,} B "
                     f"that changed, {d['carried_v1_bytes']:,} B v1 has, {d['carried_other_bytes']:,} B "
                     f"other: the bundle's own SBOM); {d['overhead_bytes']:,} B besides blobs "
                     f"({files}, tar headers and padding {d['tar_framing_bytes']:,}); inspect base: "
                     f"{d['inspect_base']['blobCount']} blobs, {d['inspect_base']['bytes']:,} B")
    lines.append("checks: every carried blob is one that changed or the bundle's SBOM, every "
                 "changed blob is carried, inspect's base bytes = what v2 needs of v1, every v2 "
                 "image reads back after the delta load: " + ("see odd: below" if report["odd"]
                                                              else "all OK"))
    lines.append("")
    lines.append("[build]")
    head = ("create", "wall s", "cpu s", "reg cpu s", "RSS MiB", "bundle MB", "fetched MB",
            "cache MB", "runs")
    rows = [(r["label"], f"{r['wall_s']:.2f}", f"{r['cpu_s']:.2f}", f"{r['registry_cpu_s']:.2f}",
             f"{r['peak_rss_mib']:.1f}", f"{r['bundle_bytes'] / MB:.1f}",
             f"{(r['fetched_bytes'] or 0) / MB:.1f}", f"{(r['cached_bytes'] or 0) / MB:.1f}",
             " ".join(f"{w:.2f}" for w in r["walls"] or [])) for r in report["builds"]]
    lines += table(head, rows)
    lines.append("--cache warm: a hard-linked copy, per run, of the cache the untimed v1 build "
                 "filled (v1's blobs and layer scans); an omitted layer v1 scanned is not read again")
    lines.append("")
    lines.append("[load]  fresh registry and state dir per run; 'holding v1': v1 loaded just "
                 "before, untimed, same state dir")
    head = ("airlock-load load", "wall s", "cpu s", "reg cpu s", "RSS MiB", "written MB",
            "blobs w/m/p", "registry requests", "runs")
    rows = []
    for r in report["loads"]:
        bl = r["blobs"] or {}
        rows.append((r["label"], f"{r['wall_s']:.2f}", f"{r['cpu_s']:.2f}",
                     f"{r['registry_cpu_s']:.2f}", f"{r['peak_rss_mib']:.1f}",
                     f"{(r['bytes_written'] or 0) / MB:.1f}",
                     f"{bl.get('written')}/{bl.get('mounted')}/{bl.get('skipped')}",
                     " ".join(f"{k} {v}" for k, v in (r["requests"] or {}).items()),
                     " ".join(f"{w:.2f}" for w in r["walls"] or [])))
    lines += table(head, rows)
    lines.append("blobs w/m/p: the loader's count of blobs written / mounted from another "
                 "repository / already present; registry requests from its log (POST mount: "
                 "cross-repository mount requests, one per repository)")
    lines.append("")
    for t in report["targets"]:
        verdict = {True: "PASS", False: "FAIL", None: "info"}[t["pass"]]
        lines.append(f"  {t['name']:<58} {t['value']:>22}   target {t['target']:<9} {verdict}")
    if report["odd"]:
        lines.append("")
        lines.append("odd:")
        lines += [f"  {o}" for o in report["odd"]]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mib", type=float, help="approximate size of v1 (default 1024; "
                    f"{QUICK_SIZE_MIB:g} with --quick)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, help="runs per build and load, round-robin; the median "
                    "is shown (default 3; 1 with --quick)")
    ap.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_SIZE_MIB:g} MiB, one run each")
    bb.add_folder_args(ap, "bench-work-delta")
    ap.add_argument("--keep", action="store_true", help="keep --work-dir (bundles, registry logs)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    ap.add_argument("--json-file", type=Path, help="also write the JSON report to this file")
    args = ap.parse_args()
    if args.size_mib is None:
        args.size_mib = QUICK_SIZE_MIB if args.quick else 1024.0
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3

    airlock = args.build_dir / "builder" / "airlock-build"
    load_bin = args.build_dir / "loader" / "airlock-load"
    for tool in (airlock, load_bin, Path(bb.TIME_BIN), Path(bb.SKOPEO_BIN)):
        if not tool.exists():
            log(f"error: {tool} not found (build the release preset; scripts/install-deps.sh)")
            return 2
    data, images = prepare_data(args)
    work = args.work_dir.resolve()
    if work.exists():
        shutil.rmtree(work)
    keep = work / "bundles"
    keep.mkdir(parents=True)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    changed_names = {f"{CHANGED_IMAGE}:{V2_TAG}", f"{ADDED_IMAGE[0]}:{V2_TAG}"}
    changed_images = [i for i in images["v2"] if i["name"] in changed_names]

    try:
        with Registry(data / "registry") as reg:
            bb.SERVER_PID = reg.server.pid
            v1_needs, v2_needs = needs(reg, images["v1"]), needs(reg, images["v2"])
            image_level = needs(reg, changed_images)
            per_image = {i["name"]: needs(reg, [i]) for i in images["v2"]}
            builds, base = run_builds(airlock, reg, images, changed_images, work, keep, args.repeat)
            registry_version = subprocess.run(["/usr/bin/docker-registry", "--version"],
                                              capture_output=True, text=True).stdout.split()[-1]
        bb.SERVER_PID = None
        changed = {d: v for d, v in v2_needs.items() if d not in v1_needs}
        changed_bytes = sum(v["size"] for v in changed.values())
        by_kind: dict[str, int] = {}
        for v in changed.values():
            by_kind[v["kind"]] = by_kind.get(v["kind"], 0) + v["size"]

        deltas = [dict(label=builds[k].label, **analyse_delta(airlock, keep / f"{k}.airlock", changed,
                                                                 v1_needs, v2_needs))
                  for k in ("delta-none", "delta-cdx")]
        odd = [o for d in deltas for o in d.pop("odd")]
        size = {k: (keep / f"{k}.airlock").stat().st_size
                for k in ("v2-none", "v2-cdx", "delta-none", "delta-cdx", "image-none", "image-cdx")}
        size["v1-cdx"] = base.stat().st_size
        bundle_rows = []
        for sbom, sfx in (("--sbom none", "none"), ("cyclonedx", "cdx")):
            full, image = size[f"v2-{sfx}"], size[f"image-{sfx}"]
            for k, label in ((f"delta-{sfx}", f"delta v2 --base v1 ({sbom})"),
                             (f"image-{sfx}", f"image-level delta ({sbom})"),
                             (f"v2-{sfx}", f"full v2 ({sbom})")):
                bundle_rows.append({"key": k, "label": label, "bytes": size[k],
                                    "vs_changed": size[k] / changed_bytes,
                                    "vs_full": size[k] / full if k != f"v2-{sfx}" else None,
                                    "vs_image": size[k] / image if k.startswith("delta") else None})

        log("loads")
        bundles = {"v1": base, "v2": keep / "v2-cdx.airlock", "delta": keep / "delta-cdx.airlock"}
        loads, problems = run_loads(load_bin, bundles, images, per_image, work, args.repeat)
        odd += [f"after the delta load: {p}" for p in problems]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    b_rows = [build_row(k, builds[k]) for k, *_ in BUILDS]
    l_rows = [load_row(k, loads[k]) for k in ("full-v1", "full-v2", "delta", "full-v2-over-v1")]
    d_none, d_cdx = size["delta-none"] / changed_bytes, size["delta-cdx"] / changed_bytes
    w = {k: builds[k].wall for k in builds}
    targets = [
        {"name": "delta bytes / changed bytes (--sbom none)", "value": f"{d_none:.4f}x",
         "ratio": round(d_none, 5), "target": f"<= {TARGET_DELTA_VS_CHANGED}x",
         "pass": d_none <= TARGET_DELTA_VS_CHANGED},
        {"name": "delta bytes / changed bytes (cyclonedx)", "value": f"{d_cdx:.4f}x",
         "ratio": round(d_cdx, 5), "target": f"<= {TARGET_DELTA_VS_CHANGED}x",
         "pass": d_cdx <= TARGET_DELTA_VS_CHANGED},
        {"name": "delta bytes / full v2 bytes (cyclonedx)",
         "value": f"{size['delta-cdx'] / size['v2-cdx'] * 100:.2f}%", "target": "-", "pass": None},
        {"name": "delta bytes / image-level delta bytes (cyclonedx)",
         "value": f"{size['delta-cdx'] / size['image-cdx'] * 100:.2f}%", "target": "-", "pass": None},
        {"name": "delta build / full v2 build, wall (--sbom none)",
         "value": f"{w['delta-none']:.2f} / {w['v2-none']:.2f} s = {w['delta-none'] / w['v2-none']:.2f}x",
         "target": "-", "pass": None},
        {"name": "delta build / full v2 build, wall (cyclonedx, no cache)",
         "value": f"{w['delta-cdx']:.2f} / {w['v2-cdx']:.2f} s = {w['delta-cdx'] / w['v2-cdx']:.2f}x",
         "target": "-", "pass": None},
        {"name": "delta build / full v2 build, wall (cyclonedx, warm cache)",
         "value": f"{w['delta-cdx-warm']:.2f} / {w['v2-cdx']:.2f} s = "
                  f"{w['delta-cdx-warm'] / w['v2-cdx']:.2f}x", "target": "-", "pass": None},
        {"name": "delta load (onto v1) / full v2 load (empty), wall",
         "value": f"{loads['delta'].wall:.2f} / {loads['full-v2'].wall:.2f} s = "
                  f"{loads['delta'].wall / loads['full-v2'].wall:.2f}x", "target": "-", "pass": None},
        {"name": "delta load / full v2 load, both onto v1, wall",
         "value": f"{loads['delta'].wall:.2f} / {loads['full-v2-over-v1'].wall:.2f} s = "
                  f"{loads['delta'].wall / loads['full-v2-over-v1'].wall:.2f}x",
         "target": "-", "pass": None},
    ]
    v1_layers = {d for d, v in v1_needs.items() if v["kind"] == "layer"}
    report = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, "
                   f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // (1 << 30)} GiB RAM",
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "params": {"size_mib": args.size_mib, "seed": args.seed, "repeat": args.repeat,
                   "note": f"{os.cpu_count()} cores shared with other work (timings are noisy)",
                   "v1_images": len(images["v1"]), "v1_layers": len(v1_layers),
                   "v1_bytes": sum(v["size"] for v in v1_needs.values()),
                   "replaced_layer_bytes": next(v["size"] for v in changed.values()
                                                if v["kind"] == "layer"
                                                and v["image"] == f"{CHANGED_IMAGE}:{V2_TAG}"),
                   "added_layer_bytes": next(v["size"] for v in changed.values()
                                             if v["kind"] == "layer"
                                             and v["image"] == f"{ADDED_IMAGE[0]}:{V2_TAG}"),
                   "registry": registry_version, "data_dir": str(data),
                   "build_dir": str(args.build_dir)},
        "bytes": {"changed_blobs": len(changed), "changed_bytes": changed_bytes,
                  "changed_by_kind": dict(sorted(by_kind.items())),
                  "image_level_estimate": sum(v["size"] for v in image_level.values()),
                  "bundles": bundle_rows, "deltas": deltas, "sizes": size},
        "builds": b_rows,
        "loads": l_rows,
        "targets": targets,
        "odd": odd,
    }
    bb.emit_report(report, args, render)
    return 0


if __name__ == "__main__":
    sys.exit(main())
