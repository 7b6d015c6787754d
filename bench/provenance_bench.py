#!/usr/bin/python3
"""What upstream provenance and the bundle's own SBOM cost `airlock-build create`
(issue 15), measured against the same build without them in the same run.

    /usr/bin/python3 bench/provenance_bench.py [--size-mib 1024] [--repeat 5] [--json]
    /usr/bin/python3 bench/provenance_bench.py --quick        # smoke test, under 2 minutes

Two parts, both on loopback against a Debian `docker-registry`
(airlock_testlib.Registry), every create under /usr/bin/time -v:

1. Attachments. The build benchmark's bulk image set (build_bench.py's own
   generator and cache, --attach-size-mib, default 1024: six images of random
   layers, one a two-platform index) in a copy of its registry storage (hard
   links, so build_bench's registry stays without attachments) to which
   airlock_testlib.cosign adds, per image, one cosign signature (.sig), one
   DSSE attestation (.att) and one SBOM attachment (.sbom). Then
   `create --sbom none` with `attachments: all` against `attachments: none`,
   --repeat times round-robin; median wall time, bundle bytes, the ratio.
   Target: `all` under 5% more time than `none`.

2. SBOM. About --size-mib MiB (default 1024) of gzip layers holding this
   machine's real Debian files: a shared base layer (/var/lib/dpkg with the
   status database, /usr/lib/os-release, /etc/os-release, /etc/debian_version)
   and the files of /usr/lib, /usr/share, /usr/bin and /usr/sbin (sorted,
   __pycache__ left out) cut into 4 images x 3 layers of equal compressed
   size. Then `create --sbom none`, `--sbom cyclonedx` and `--sbom all`,
   --sbom-repeat times round-robin: MB/s, median wall time, CPU, peak RSS, the
   ratio to `none`. Target: under 1.2x. Also a rebuild: `none` and
   `cyclonedx` with a warm `--cache` (blobs and layer scans kept by an
   untimed build), compared with each other. `airlock-build sbom` of the kept
   bundles counts the Debian packages found (a sanity check: the host's dpkg
   status lists the same set).

Before the timed runs each registry serves one untimed create (warm page
cache); `sync` runs before every timed run (build_bench.measure). Targets are
printed, not enforced: the exit code is 0 unless something crashed.

Cache: part 1 keeps its registry copy in build/bench-data/<bulk set>/provenance/;
part 2 keeps its registry in build/bench-data/rootfs-<size>mib-<hash>/ (the
layers are deterministic for the host's files; they are made once, pushed with
`skopeo copy --all --preserve-digests`, and the OCI layout is then deleted).
--regenerate starts over. Scratch bundles go to build/bench-work-provenance/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import stat
import subprocess
import sys
import tarfile
import time
import types
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_bench as bb  # noqa: E402  (also puts tests/integration on sys.path)

from airlock_testlib.cosign import CosignKey, Upstream  # noqa: E402
from airlock_testlib.images import (OCI_INDEX, REF_NAME, SOURCE_DATE,  # noqa: E402
                                    build_image)
from airlock_testlib.registry import Registry  # noqa: E402

ROOT = bb.ROOT
MiB, MB = bb.MiB, bb.MB
log = bb.log

TARGET_ATTACH_OVERHEAD = 0.05   # attachments: all < 5% more time than none
TARGET_SBOM_RATIO = 1.2         # --sbom cyclonedx|all < 1.2x --sbom none

ROOTFS_VERSION = 2
GZIP_LEVEL = 6                  # what docker/buildkit use (Go's DefaultCompression)
ROOTFS_IMAGES = 4
LAYERS_PER_IMAGE = 3
BASE_PATHS = ["/var/lib/dpkg", "/usr/lib/os-release", "/etc/os-release", "/etc/debian_version"]
CONTENT_ROOTS = ["/usr/lib", "/usr/share", "/usr/bin", "/usr/sbin"]
SKIP_DIRS = {"__pycache__"}


# --- the binary: another build may replace it while we run --------------------------
def binary_id(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def wait_for_binary(path: Path, timeout: float = 900) -> None:
    """Until `path` exists, is executable and has not changed for 3 s."""
    t0, said = time.monotonic(), False
    while True:
        a = binary_id(path)
        if a is not None and os.access(path, os.X_OK):
            time.sleep(0 if not said else 3)
            if binary_id(path) == a:
                return
        if time.monotonic() - t0 > timeout:
            raise RuntimeError(f"{path} missing for {timeout:.0f} s")
        if not said:
            log(f"  {path} is missing or changing (a rebuild?); waiting")
            said = True
        time.sleep(3)


def measure(label: str, airlock: Path, cmd: list, watch: Path, moved: int) -> bb.Run:
    """build_bench.measure, retried (up to 3 times) when the binary vanished or
    changed under the run."""
    for attempt in range(3):
        wait_for_binary(airlock)
        before = binary_id(airlock)
        try:
            return bb.measure(label, cmd, watch, moved)
        except RuntimeError:
            if attempt == 2 or binary_id(airlock) == before:
                raise
            log(f"  {label}: the binary changed during the run; retrying")
            shutil.rmtree(watch, ignore_errors=True)
    raise AssertionError("unreachable")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MiB), b""):
            h.update(chunk)
    return h.hexdigest()


# --- part 1: the bulk set with cosign attachments ------------------------------------
def attached_registry(data: Path, images: list[dict], regenerate: bool) -> tuple[Path, dict]:
    """A registry dir whose storage is the bulk set's (hard links) plus a .sig, an
    .att and a .sbom per image; cached next to the bulk set."""
    prov = data / "provenance"
    done = prov / "attached.json"
    if regenerate and prov.exists():
        shutil.rmtree(prov)
    if done.exists():
        log(f"attachments: cached in {prov}")
        return prov / "registry", json.loads(done.read_text())
    if prov.exists():
        shutil.rmtree(prov)
    (prov / "registry").mkdir(parents=True)
    subprocess.run(["cp", "-al", str(data / "registry" / "storage"),
                    str(prov / "registry" / "storage")], check=True)
    key = CosignKey.generate(seed=15)
    key.write(prov, "cosign")
    made = []
    with Registry(prov / "registry") as reg:
        for img in images:
            up = Upstream(reg, img["name"].rsplit(":", 1)[0])
            for a in (up.sign(img["digest"], key), up.attest(img["digest"], key),
                      up.attach_sbom(img["digest"])):
                made.append({"image": img["name"], **a.bom_entry()})
    meta = {"attachments": made, "key_id": key.key_id}
    done.write_text(json.dumps(meta, indent=2))
    log(f"attachments: {len(made)} pushed into {prov / 'registry'}")
    return prov / "registry", meta


# --- part 2: Debian root file systems from this machine's files -------------------------
class GzipSink:
    """A file object for tarfile: hashes the tar (diff_id), gzips it into `path`
    and hashes the blob."""

    def __init__(self, path: Path):
        self.out = open(path, "wb")
        self.tar_sha, self.blob_sha = hashlib.sha256(), hashlib.sha256()
        self.gz = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)   # gzip wrapper, mtime 0
        self.size = 0           # gzip bytes written
        self.tar_size = 0

    def tell(self) -> int:
        return self.tar_size

    def _emit(self, z: bytes) -> None:
        if z:
            self.blob_sha.update(z)
            self.out.write(z)
            self.size += len(z)

    def write(self, data) -> int:
        self.tar_sha.update(data)
        self.tar_size += len(data)
        self._emit(self.gz.compress(data))
        return len(data)

    def finish(self) -> dict:
        self._emit(self.gz.flush())
        self.out.close()
        return {"digest": "sha256:" + self.blob_sha.hexdigest(), "size": self.size,
                "diff_id": "sha256:" + self.tar_sha.hexdigest()}


def host_entries(roots: list[str], exclude: set[str]):
    """(host path, path in the layer, lstat) of regular files, folders and
    symbolic links under `roots`, sorted, each folder before its content."""
    for root in roots:
        try:
            st = os.lstat(root)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            if root not in exclude:
                yield root, root.lstrip("/"), st
            continue
        stack = [root]
        while stack:
            d = stack.pop()
            try:
                names = sorted(os.listdir(d))
            except OSError:
                continue
            st = os.lstat(d)
            yield d, d.lstrip("/"), st
            subdirs = []
            for n in names:
                p = os.path.join(d, n)
                if p in exclude:
                    continue
                try:
                    st = os.lstat(p)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if n not in SKIP_DIRS:
                        subdirs.append(p)
                elif stat.S_ISLNK(st.st_mode) or (stat.S_ISREG(st.st_mode) and os.access(p, os.R_OK)):
                    yield p, p.lstrip("/"), st
            stack.extend(reversed(subdirs))


class LayerTar:
    """One layer being written: a PAX tar (deterministic: fixed mtime, owner
    root) of host entries, parent folders added as needed."""

    def __init__(self, path: Path):
        self.sink = GzipSink(path)
        self.tar = tarfile.open(fileobj=self.sink, mode="w", format=tarfile.PAX_FORMAT)
        self.dirs: set[str] = set()

    def _info(self, name: str, st) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.mtime, info.uid, info.gid = SOURCE_DATE, 0, 0
        info.uname = info.gname = "root"
        info.mode = stat.S_IMODE(st.st_mode) if st is not None else 0o755
        return info

    def _dir(self, name: str, st) -> None:
        if name in self.dirs:
            return
        parent = name.rpartition("/")[0]
        if parent:
            self._dir(parent, None)
        info = self._info(name, st)       # a parent folder not listed itself: 0755
        info.type = tarfile.DIRTYPE
        self.tar.addfile(info)
        self.dirs.add(name)

    def add(self, host: str, name: str, st) -> None:
        parent = name.rpartition("/")[0]
        if parent:
            self._dir(parent, None)
        if stat.S_ISDIR(st.st_mode):
            self._dir(name, st)
            return
        info = self._info(name, st)
        if stat.S_ISLNK(st.st_mode):
            info.type, info.linkname, info.mode = tarfile.SYMTYPE, os.readlink(host), 0o777
            self.tar.addfile(info)
            return
        with open(host, "rb") as f:
            info.size = os.fstat(f.fileno()).st_size
            self.tar.addfile(info, f)

    @property
    def compressed(self) -> int:
        return self.sink.size

    def finish(self) -> bb.GenLayer:
        self.tar.close()
        return bb.GenLayer(**self.sink.finish())


def generate_rootfs(layout: Path, size_mib: float) -> list[dict]:
    """The OCI layout of ROOTFS_IMAGES images: [base, 3 content layers] each.
    Content layers are cut when their gzip output reaches an equal share of
    what is left of size_mib after the base layer. Returns [{name, digest, layout_tag}]."""
    if layout.exists():
        shutil.rmtree(layout)
    blob_dir = layout / "blobs" / "sha256"
    blob_dir.mkdir(parents=True)
    (layout / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')

    def close(lt: LayerTar, tmp: Path) -> bb.GenLayer:
        g = lt.finish()
        tmp.rename(blob_dir / g.digest[7:])
        return g

    tmp = blob_dir / ".tmp-base"
    lt = LayerTar(tmp)
    for host, name, st in host_entries(BASE_PATHS, set()):
        lt.add(host, name, st)
    base = close(lt, tmp)
    log(f"  base layer (dpkg database, os-release) {base.size / MiB:.1f} MiB")
    n_layers = ROOTFS_IMAGES * LAYERS_PER_IMAGE
    target = size_mib * MiB

    def entries():
        exclude = set(BASE_PATHS)
        copy = 0
        while True:       # past the end of the host's files: again, under another folder
            prefix = f"opt/airlock-bench/copy{copy}/" if copy else ""
            for host, name, st in host_entries(CONTENT_ROOTS, exclude):
                yield host, prefix + name, st
            copy += 1

    it = entries()
    content = []
    for i in range(n_layers):
        # An equal share of what is left, so one layer's overshoot is taken from
        # the next; files larger (uncompressed) than a share are left out.
        share = max(256 * 1024, int((target - base.size - sum(c.size for c in content))
                                    / (n_layers - i)))
        t = time.monotonic()
        tmp = blob_dir / f".tmp-{i}"
        lt = LayerTar(tmp)
        while lt.compressed < share:
            host, name, st = next(it)
            if not stat.S_ISREG(st.st_mode) or st.st_size <= share:
                lt.add(host, name, st)
        content.append(close(lt, tmp))
        log(f"  layer {i + 1:2}/{n_layers} {content[-1].size / MiB:7.1f} MiB gzip "
            f"{time.monotonic() - t:5.1f} s")

    def put_blob(raw: bytes) -> None:
        (blob_dir / hashlib.sha256(raw).hexdigest()).write_bytes(raw)

    made, manifests = [], []
    for k in range(ROOTFS_IMAGES):
        name = f"bench/debian-rootfs-{k + 1}:12"
        layers = [base] + content[k * LAYERS_PER_IMAGE:(k + 1) * LAYERS_PER_IMAGE]
        img = build_image(layers, config={"Cmd": ["/bin/bash"], "Env": ["PATH=/usr/bin:/bin"]},
                          labels={"airlock.bench": name})
        put_blob(img.config)
        put_blob(img.manifest)
        tag = f"{k + 1}-debian-rootfs"
        manifests.append({**img.descriptor(with_platform=False), "annotations": {REF_NAME: tag}})
        made.append({"name": name, "digest": img.digest, "layout_tag": tag})
    (layout / "index.json").write_text(json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                                   "manifests": manifests}))
    return made


def host_fingerprint() -> str:
    """What the generated layers depend on besides the parameters: the host's
    package set (dpkg status)."""
    return hashlib.sha256(Path("/var/lib/dpkg/status").read_bytes()).hexdigest()[:16]


def prepare_rootfs(args) -> tuple[Path, list[dict]]:
    params = {"rootfs": ROOTFS_VERSION, "size_mib": float(args.size_mib), "gzip": GZIP_LEVEL,
              "images": ROOTFS_IMAGES, "layers": LAYERS_PER_IMAGE, "host": host_fingerprint()}
    data, meta_file = bb.cache_folder(args, f"rootfs-{int(args.size_mib)}mib", params)
    if meta_file.exists():
        log(f"rootfs data: cached in {data}")
        return data, json.loads(meta_file.read_text())["images"]
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    log(f"rootfs data: ~{args.size_mib:g} MiB of gzip layers from this machine's files "
        f"into {data} (once; cached)")
    t = time.monotonic()
    images = generate_rootfs(data / "layout", args.size_mib)
    log(f"rootfs data: generated in {time.monotonic() - t:.1f} s; pushing with skopeo")
    t = time.monotonic()
    bb.push_layout(data, images)
    log(f"rootfs data: pushed in {time.monotonic() - t:.1f} s")
    shutil.rmtree(data / "layout")       # the registry holds every blob
    meta_file.write_text(json.dumps({"params": params, "images": images}, indent=2))
    return data, images


# --- the create runs -------------------------------------------------------------------
def create(airlock: Path, reg: Registry, images: list[dict], work: Path, label: str, *,
           attachments: str, sbom: str, jobs: int, unique: int, keep_as: Path | None = None,
           cache: Path | None = None) -> bb.Run:
    out = work / ("out-" + "".join(c if c.isalnum() else "-" for c in label))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    spec = work / f"spec-{attachments}.yaml"
    spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    "metadata: {name: airlock-provenance-bench, version: 1.0.0}\n"
                    f"attachments: {attachments}\nimages:\n" +
                    "".join(f"  - {reg.ref(i['name'])}\n" for i in images))
    bundle = out / "bench.airlock"
    cmd = [airlock, "create", spec, "-o", bundle, "--key", bb.VENDOR_KEY, "--plain-http", reg.host,
           "--jobs", jobs, "--sbom", sbom, "--json", "--quiet"]
    if cache is not None:
        cmd += ["--cache", cache]
    run = measure(label, airlock, cmd, out, unique)
    result = json.loads(run.stdout)
    run.extra = {"bundleBytes": bundle.stat().st_size, "blobs": result.get("blobs"),
                 "fetchedBytes": result.get("fetchedBytes"),
                 "layersScanned": result.get("layersScanned"),
                 "scansFromCache": result.get("scansFromCache"),
                 "selfReportedSeconds": result.get("seconds")}
    if keep_as is not None:
        shutil.move(str(bundle), keep_as)
    shutil.rmtree(out, ignore_errors=True)
    return run


def round_robin(variants: list, repeat: int, what: str) -> dict:
    """Each variant (key, fn) `repeat` times, the starting variant rotating per
    round; {key: [Run]}."""
    runs: dict = {k: [] for k, _ in variants}
    for rep in range(repeat):
        order = variants[rep % len(variants):] + variants[:rep % len(variants)]
        for k, fn in order:
            log(f"{what} {k} ({rep + 1}/{repeat})")
            runs[k].append(fn(rep == repeat - 1))
    return runs


def run_attachments(args, airlock: Path, work: Path) -> dict:
    ns = types.SimpleNamespace(size_mib=args.attach_size_mib, seed=args.seed,
                               data_dir=args.data_dir, regenerate=args.regenerate)
    data, images = bb.prepare_data(ns)
    reg_dir, meta = attached_registry(data, images, args.regenerate)
    with Registry(reg_dir) as reg:
        bb.SERVER_PID = reg.server.pid
        blobs, _ = bb.inventory(reg, images)
        unique = sum(s for s, _ in blobs.values())
        log(f"part 1: {len(images)} images, {len(blobs)} blobs, {unique / MB:.1f} MB, "
            f"{len(meta['attachments'])} attachments; warm-up create")
        kw = dict(sbom="none", jobs=args.jobs, unique=unique)
        for a in ("all", "none"):
            create(airlock, reg, images, work, f"warm-up {a}", attachments=a, **kw)
        runs = round_robin(
            [(a, lambda last, a=a: create(airlock, reg, images, work,
                                          f"create attachments: {a} --sbom none",
                                          attachments=a, **kw))
             for a in ("none", "all")], args.repeat, "part 1: attachments:")
    med = {k: bb.median_run(v) for k, v in runs.items()}
    none, all_ = med["none"], med["all"]
    ratio = all_.wall / none.wall
    return {
        "data": {"dir": str(data), "images": len(images), "blobs": len(blobs), "unique_bytes": unique,
                 "attachments": len(meta["attachments"]), "size_mib": args.attach_size_mib},
        "rows": [row(none, unique), row(all_, unique)],
        "ratio_time": round(ratio, 4),
        "bundle_bytes_delta": all_.extra["bundleBytes"] - none.extra["bundleBytes"],
        "target": {"name": "attachments all / none (time)", "value": f"{(ratio - 1) * 100:+.1f}%",
                   "target": f"< +{TARGET_ATTACH_OVERHEAD * 100:.0f}%",
                   "pass": ratio < 1 + TARGET_ATTACH_OVERHEAD},
    }


def count_packages(airlock: Path, bundle: Path, fmt: str) -> dict:
    r = subprocess.run([str(airlock), "sbom", str(bundle), "--format", fmt], capture_output=True,
                       text=True, env=bb.clean_env(), timeout=600)
    if r.returncode != 0:
        return {"error": f"airlock-build sbom exited {r.returncode}: {r.stderr.strip()[-500:]}"}
    doc = json.loads(r.stdout)
    purls: list[str] = []
    if fmt == "cyclonedx":
        stack = list(doc.get("components", []))
        while stack:
            c = stack.pop()
            stack.extend(c.get("components", []))
            if c.get("purl"):
                purls.append(c["purl"])
        total = len(doc.get("components", []))
    else:
        for p in doc.get("packages", []):
            for ref in p.get("externalRefs", []):
                if ref.get("referenceType") == "purl":
                    purls.append(ref["referenceLocator"])
        total = len(doc.get("packages", []))
    deb = [p for p in purls if p.startswith("pkg:deb/")]
    names = {p.split("@")[0] for p in deb}
    return {"format": fmt, "top_level": total, "deb_purls": len(deb), "deb_unique": len(set(deb)),
            "deb_names": len(names), "sbom_bytes": len(r.stdout)}


def host_packages() -> int:
    """Packages dpkg lists as installed on this machine."""
    n = 0
    for para in Path("/var/lib/dpkg/status").read_text(errors="replace").split("\n\n"):
        for line in para.splitlines():
            if line.startswith("Status:") and line.split()[-1] == "installed":
                n += 1
    return n


def run_sbom(args, airlock: Path, work: Path) -> dict:
    data, images = prepare_rootfs(args)
    keep = {m: work / f"kept-{m}.airlock" for m in ("cyclonedx", "all")}
    with Registry(data / "registry") as reg:
        bb.SERVER_PID = reg.server.pid
        blobs, _ = bb.inventory(reg, images)
        unique = sum(s for s, _ in blobs.values())
        log(f"part 2: {len(images)} images, {len(blobs)} blobs, {unique / MB:.1f} MB; warm-up create")
        kw = dict(attachments="none", jobs=args.jobs, unique=unique)
        create(airlock, reg, images, work, "warm-up sbom", sbom="none", **kw)
        # A rebuild: blobs and layer scans kept by an earlier build (untimed).
        cache = work / "warm-cache"
        create(airlock, reg, images, work, "fill --cache", sbom="all", cache=cache, **kw)
        variants = [(m, lambda last, m=m: create(airlock, reg, images, work, f"create --sbom {m}",
                                                 sbom=m, keep_as=keep.get(m) if last else None,
                                                 **kw))
                    for m in ("none", "cyclonedx", "all")]
        variants += [(f"{m} warm", lambda last, m=m: create(
            airlock, reg, images, work, f"create --sbom {m} --cache (warm)", sbom=m, cache=cache,
            **kw)) for m in ("none", "cyclonedx")]
        runs = round_robin(variants, args.sbom_repeat, "part 2: --sbom")
    med = {k: bb.median_run(v) for k, v in runs.items()}
    scans = {k: (r.extra.get("layersScanned"), r.extra.get("scansFromCache")) for k, r in med.items()}
    packages = [count_packages(airlock, keep["cyclonedx"], "cyclonedx"),
                count_packages(airlock, keep["all"], "spdx")]
    for p in keep.values():
        p.unlink(missing_ok=True)
    targets = []
    for m, base, name in (("cyclonedx", "none", "--sbom cyclonedx / none"),
                          ("all", "none", "--sbom all / none"),
                          ("cyclonedx warm", "none warm", "cyclonedx / none, warm --cache")):
        ratio = med[m].wall / med[base].wall
        targets.append({"name": f"{name} (time)", "value": f"{ratio:.3f}x",
                        "ratio": round(ratio, 4), "target": f"< {TARGET_SBOM_RATIO}x",
                        "pass": ratio < TARGET_SBOM_RATIO})
    layer_sizes = sorted(s for s, _ in blobs.values())
    return {
        "data": {"dir": str(data), "images": len(images), "blobs": len(blobs), "unique_bytes": unique,
                 "size_mib": args.size_mib, "largest_blob": layer_sizes[-1],
                 "host_packages_installed": host_packages()},
        "rows": [row(med[m], unique) for m in ("none", "cyclonedx", "all", "none warm",
                                                "cyclonedx warm")],
        "scans": {k: {"layersScanned": v[0], "scansFromCache": v[1]} for k, v in scans.items()},
        "packages": packages,
        "targets": targets,
    }


def row(r: bb.Run, unique: int) -> dict:
    return {"label": r.label, "wall_s": round(r.wall, 3), "mb_per_s": round(unique / r.wall / MB, 1),
            "cpu_s": round(r.cpu, 2), "registry_cpu_s": round(r.server_cpu, 2),
            "peak_rss_mib": round(r.rss_kib / 1024, 1), "bundle_bytes": r.extra.get("bundleBytes"),
            "walls": r.extra.get("walls")}


# --- report -------------------------------------------------------------------------------------
def table(rows: list[dict], ratio_to: dict | None = None) -> list[str]:
    head = ("build", "wall s", "MB/s", "cpu s", "reg cpu s", "peak RSS MiB", "bundle MB",
            "x none", "runs (s, sorted)")
    out = [head]
    for r in rows:
        x = f"{r['wall_s'] / ratio_to['wall_s']:.3f}" if ratio_to else ""
        out.append((r["label"], f"{r['wall_s']:.2f}", f"{r['mb_per_s']:.1f}", f"{r['cpu_s']:.2f}",
                    f"{r['registry_cpu_s']:.2f}", f"{r['peak_rss_mib']:.1f}",
                    f"{r['bundle_bytes'] / MB:.1f}", x, " ".join(f"{w:.2f}" for w in r["walls"])))
    widths = [max(len(t[i]) for t in out) for i in range(len(head))]
    lines = []
    for n, t in enumerate(out):
        lines.append("  ".join(c.ljust(widths[i]) if i in (0, len(head) - 1) else c.rjust(widths[i])
                               for i, c in enumerate(t)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def render(report: dict) -> str:
    p = report["params"]
    lines = [f"airlock-build create provenance benchmark ({report['when']})",
             f"machine: {report['machine']}; nproc {report['nproc']}; load average "
             f"before/after: {report['load_before']} / {report['load_after']}",
             f"binary: {report['binary']}{'  WARNING: ' + report['binary_changed'] if report.get('binary_changed') else ''}",
             f"--jobs {p['jobs']}; every create under /usr/bin/time -v after sync, warm page cache; "
             "median wall time shown (every run's on the right), worst peak RSS; "
             "MB = 10^6 B, MB/s = unique blob bytes / wall",
             ""]
    a = report.get("attachments")
    if a:
        d = a["data"]
        lines += [f"1. attachments: bulk set ~{d['size_mib']:g} MiB: {d['images']} images, "
                  f"{d['blobs']} blobs, {d['unique_bytes'] / MB:.1f} MB, {d['attachments']} attachments "
                  f"(.sig, .att, .sbom per image); {p['repeat']} runs each, --sbom none", ""]
        lines += table(a["rows"], a["rows"][0])
        t = a["target"]
        lines += ["", f"  bundle bytes: all - none = {a['bundle_bytes_delta']:+,} B",
                  f"  {t['name']:<34} {t['value']:>10}   target {t['target']:<8} "
                  f"{'PASS' if t['pass'] else 'FAIL'}", ""]
    s = report.get("sbom")
    if s:
        d = s["data"]
        lines += [f"2. SBOM: ~{d['size_mib']:g} MiB of this host's Debian files, gzip -{GZIP_LEVEL}: "
                  f"{d['images']} images, {d['blobs']} blobs, {d['unique_bytes'] / MB:.1f} MB "
                  f"(largest {d['largest_blob'] / MiB:.1f} MiB); attachments: none; "
                  f"{p['sbom_repeat']} runs each", ""]
        lines += table(s["rows"], s["rows"][0])
        lines.append("")
        for t in s["targets"]:
            lines.append(f"  {t['name']:<34} {t['value']:>10}   target {t['target']:<8} "
                         f"{'PASS' if t['pass'] else 'FAIL'}")
        lines.append("  layers scanned / scans from --cache: " + ", ".join(
            f"{k} {v['layersScanned']}/{v['scansFromCache']}" for k, v in s["scans"].items()))
        for pk in s["packages"]:
            if "error" in pk:
                lines.append(f"  packages ({pk.get('format', '?')}): {pk['error']}")
            else:
                lines.append(f"  airlock-build sbom --format {pk['format']}: {pk['deb_purls']} pkg:deb "
                             f"entries, {pk['deb_unique']} distinct, {pk['deb_names']} package names "
                             f"({pk['top_level']} top-level entries); host dpkg: "
                             f"{d['host_packages_installed']} installed")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mib", type=float, default=1024.0,
                    help="part 2: gzip layers of the host's files (default 1024)")
    ap.add_argument("--attach-size-mib", type=float, default=1024.0,
                    help="part 1: build_bench's bulk set size (default 1024, build_bench's default)")
    ap.add_argument("--seed", type=int, default=1, help="part 1: build_bench's seed")
    ap.add_argument("--repeat", type=int, default=5, help="part 1: runs per variant (default 5)")
    ap.add_argument("--sbom-repeat", type=int, default=3, help="part 2: runs per variant (default 3)")
    ap.add_argument("--jobs", type=int, default=4, help="create --jobs (default 4, as build_bench judges)")
    ap.add_argument("--only", choices=("attachments", "sbom"), help="run one part")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 64 MiB bulk set, 96 MiB of layers, 2 runs each")
    bb.add_folder_args(ap, "bench-work-provenance", build_option="--bin-dir")
    ap.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    ap.add_argument("--json-file", type=Path, help="also write the JSON report to this file")
    args = ap.parse_args()
    if args.quick:
        args.attach_size_mib, args.size_mib = 64.0, 96.0
        args.repeat, args.sbom_repeat = 2, 2

    airlock = args.bin_dir / "builder" / "airlock-build"
    for tool in (Path(bb.TIME_BIN), Path(bb.SKOPEO_BIN)):
        if not tool.exists():
            log(f"error: {tool} not found (scripts/install-deps.sh)")
            return 2
    wait_for_binary(airlock)
    binary = f"{airlock} sha256:{sha256_file(airlock)[:16]}"
    bin_before = binary_id(airlock)
    work = args.work_dir.resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    report = {"when": time.strftime("%Y-%m-%d %H:%M:%S"),
              "machine": f"{platform.machine()}, "
                         f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // (1 << 30)} GiB RAM",
              "nproc": os.cpu_count(), "load_before": load_before, "binary": binary,
              "params": {"jobs": args.jobs, "repeat": args.repeat, "sbom_repeat": args.sbom_repeat,
                         "quick": args.quick}}
    t0 = time.monotonic()
    try:
        if args.only in (None, "attachments"):
            report["attachments"] = run_attachments(args, airlock, work)
        if args.only in (None, "sbom"):
            report["sbom"] = run_sbom(args, airlock, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    report["seconds"] = round(time.monotonic() - t0, 1)
    if binary_id(airlock) != bin_before:
        report["binary_changed"] = "airlock-build was replaced during the run: figures mix builds"
    bb.emit_report(report, args, render)
    return 0


if __name__ == "__main__":
    sys.exit(main())
