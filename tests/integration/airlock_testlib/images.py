"""Test images built in Python, without docker.

Layers are gzip tars made here (deterministic for a given seed: fixed
mtimes, owners and gzip header); configs carry rootfs.diff_ids (sha256 of
the uncompressed tar); manifests and indexes are OCI (or Docker schema2 with
docker=True). Images are written as OCI image layouts and pushed with
`skopeo copy --all --preserve-digests oci:DIR:TAG docker://HOST/REPO:TAG`.

    img = build_image([random_layer(64 * 1024, seed=1)])
    info = push_image(registry, img, "airlock-test/x:1.0")
    images = seed_standard(registry)   # name -> info dict (see describe())
"""

from __future__ import annotations

import gzip
import io
import json
import random
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

from .tools import digest_of, skopeo, skopeo_inspect_raw

# --- media types ------------------------------------------------------------
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"
INDEX_TYPES = (OCI_INDEX, DOCKER_LIST)

REF_NAME = "org.opencontainers.image.ref.name"
SOURCE_DATE = 1704067200            # 2024-01-01T00:00:00Z, every mtime in layers
CREATED = "2024-01-01T00:00:00Z"
BUSYBOX = Path("/bin/busybox")      # Debian busybox-static


def _json(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":"), sort_keys=False).encode()


# --- layers -----------------------------------------------------------------
@dataclass(frozen=True)
class TarEntry:
    """One entry of a layer: a file (data), a directory, or a symlink."""
    path: str
    data: bytes | None = None          # None with no linkname: a directory
    mode: int = 0o644
    linkname: str | None = None        # set: a symlink to this target


@dataclass
class Layer:
    tar: bytes                          # uncompressed tar (docker-archive, diff_id)
    blob: bytes                         # gzip tar, what registries store
    media_type: str = OCI_LAYER_GZIP

    @property
    def digest(self) -> str:
        return digest_of(self.blob)

    @property
    def diff_id(self) -> str:
        return digest_of(self.tar)

    @property
    def size(self) -> int:
        return len(self.blob)

    def descriptor(self, docker: bool = False) -> dict:
        return {"mediaType": DOCKER_LAYER_GZIP if docker else self.media_type,
                "digest": self.digest, "size": self.size}


def tar_layer(entries: Iterable[TarEntry]) -> Layer:
    """A deterministic gzip tar layer from entries (in the given order)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for e in entries:
            info = tarfile.TarInfo(e.path)
            info.mtime = SOURCE_DATE
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            info.mode = e.mode
            if e.linkname is not None:
                info.type = tarfile.SYMTYPE
                info.linkname = e.linkname
                info.mode = 0o777
                tar.addfile(info)
            elif e.data is None:
                info.type = tarfile.DIRTYPE
                info.mode = e.mode if e.mode != 0o644 else 0o755
                tar.addfile(info)
            else:
                info.size = len(e.data)
                tar.addfile(info, io.BytesIO(e.data))
    raw = buf.getvalue()
    return Layer(tar=raw, blob=gzip.compress(raw, compresslevel=6, mtime=0))


def random_layer(size: int, seed: int, *, files: int = 1, prefix: str = "data") -> Layer:
    """A layer of `files` files of random bytes, `size` bytes in total.

    Random content does not compress, so the blob is about `size` bytes.
    The same (size, seed, files, prefix) always gives the same digest.
    """
    rng = random.Random(seed)
    entries = [TarEntry(f"{prefix}/")]
    per_file = max(size // max(files, 1), 0)
    for i in range(files):
        n = per_file if i < files - 1 else size - per_file * (files - 1)
        entries.append(TarEntry(f"{prefix}/seed{seed}-{i}.bin", rng.randbytes(n)))
    return tar_layer(entries)


def busybox_layer(busybox: Path = BUSYBOX,
                  applets: Iterable[str] = ("sh", "echo", "cat", "ls", "sleep", "true",
                                            "false", "env", "id", "uname")) -> Layer:
    """/bin/busybox (static) with applet symlinks, /etc/passwd and /tmp."""
    data = Path(busybox).read_bytes()
    entries = [TarEntry("bin/"), TarEntry("bin/busybox", data, 0o755)]
    entries += [TarEntry(f"bin/{a}", linkname="busybox") for a in applets]
    entries += [TarEntry("etc/"),
                TarEntry("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"),
                TarEntry("etc/group", b"root:x:0:\n"),
                TarEntry("root/", mode=0o700), TarEntry("tmp/", mode=0o1777)]
    return tar_layer(entries)


# --- images and indexes -----------------------------------------------------
def platform_str(p: dict) -> str:
    return "/".join(x for x in (p["os"], p["architecture"], p.get("variant")) if x)


@dataclass
class Image:
    """A single-platform image: layers, config and manifest bytes."""
    layers: list
    config: bytes
    manifest: bytes
    platform: dict
    docker: bool = False

    @property
    def media_type(self) -> str:
        return DOCKER_MANIFEST if self.docker else OCI_MANIFEST

    @property
    def digest(self) -> str:
        return digest_of(self.manifest)

    @property
    def config_digest(self) -> str:
        return digest_of(self.config)

    def descriptor(self, with_platform: bool = True) -> dict:
        d = {"mediaType": self.media_type, "digest": self.digest, "size": len(self.manifest)}
        if with_platform:
            d["platform"] = dict(self.platform)
        return d

    def blobs(self) -> dict:
        """digest -> bytes of every blob, the manifest included."""
        out = {self.config_digest: self.config, self.digest: self.manifest}
        out.update({l.digest: l.blob for l in self.layers})
        return out

    @property
    def platforms(self) -> list:
        return [platform_str(self.platform)]


@dataclass
class Index:
    """A multi-platform index (OCI) or manifest list (docker=True)."""
    images: list
    raw: bytes
    docker: bool = False

    @property
    def media_type(self) -> str:
        return DOCKER_LIST if self.docker else OCI_INDEX

    @property
    def digest(self) -> str:
        return digest_of(self.raw)

    def descriptor(self, with_platform: bool = False) -> dict:
        return {"mediaType": self.media_type, "digest": self.digest, "size": len(self.raw)}

    def blobs(self) -> dict:
        out = {self.digest: self.raw}
        for img in self.images:
            out.update(img.blobs())
        return out

    @property
    def platforms(self) -> list:
        return [platform_str(i.platform) for i in self.images]


Artifact = Union[Image, Index]


def build_image(layers: list, *, os: str = "linux", arch: str = "amd64",
                variant: str | None = None, config: dict | None = None,
                labels: dict | None = None, annotations: dict | None = None,
                docker: bool = False) -> Image:
    """An image from layers. `config` is the container config (Entrypoint, Cmd, Env...)."""
    platform = {"architecture": arch, "os": os}
    if variant:
        platform["variant"] = variant
    container = dict(config or {})
    if labels:
        container["Labels"] = dict(labels)
    cfg = {
        "created": CREATED,
        "architecture": arch,
        "os": os,
        **({"variant": variant} if variant else {}),
        "config": container,
        "rootfs": {"type": "layers", "diff_ids": [l.diff_id for l in layers]},
        "history": [{"created": CREATED, "created_by": f"airlock testlib layer {i}"}
                    for i in range(len(layers))],
    }
    config_raw = _json(cfg)
    manifest = {
        "schemaVersion": 2,
        "mediaType": DOCKER_MANIFEST if docker else OCI_MANIFEST,
        "config": {"mediaType": DOCKER_CONFIG if docker else OCI_CONFIG,
                   "digest": digest_of(config_raw), "size": len(config_raw)},
        "layers": [l.descriptor(docker) for l in layers],
    }
    if annotations and not docker:
        manifest["annotations"] = dict(annotations)
    return Image(list(layers), config_raw, _json(manifest), platform, docker)


def build_index(images: list, *, annotations: dict | None = None,
                docker: bool = False) -> Index:
    """An OCI index (or Docker manifest list) over single-platform images."""
    idx = {
        "schemaVersion": 2,
        "mediaType": DOCKER_LIST if docker else OCI_INDEX,
        "manifests": [i.descriptor(with_platform=True) for i in images],
    }
    if annotations and not docker:
        idx["annotations"] = dict(annotations)
    return Index(list(images), _json(idx), docker)


def multiarch_image(seed: int, *, layer_size: int = 32 * 1024, layers: int = 2,
                    platforms=(("amd64", None), ("arm64", None)), docker: bool = False) -> Index:
    """An index with one image per platform, each with its own distinct layers."""
    images = []
    for n, (arch, variant) in enumerate(platforms):
        ls = [random_layer(layer_size + n * 1000 + i, seed * 1000 + n * 10 + i)
              for i in range(layers)]
        images.append(build_image(ls, arch=arch, variant=variant, docker=docker,
                                  config={"Cmd": ["/bin/sh"], "Env": ["PATH=/bin"]}))
    return build_index(images, docker=docker)


def busybox_image(busybox: Path = BUSYBOX, *, cmd=("echo", "airlock-busybox-ok")) -> Image:
    """A runnable linux/amd64 image: entrypoint /bin/busybox, default cmd `cmd`."""
    return build_image([busybox_layer(busybox)], arch="amd64",
                       config={"Entrypoint": ["/bin/busybox"], "Cmd": list(cmd),
                               "Env": ["PATH=/bin"], "WorkingDir": "/"})


# --- OCI layout, archives ----------------------------------------------------
class OciLayout:
    """An OCI image layout directory we write into."""

    def __init__(self, path: Path):
        self.path = Path(path)
        (self.path / "blobs" / "sha256").mkdir(parents=True, exist_ok=True)
        (self.path / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}')
        self._manifests: list = []
        index = self.path / "index.json"
        if index.exists():
            self._manifests = json.loads(index.read_text()).get("manifests", [])
        self._write_index()

    def write_blob(self, data: bytes) -> str:
        digest = digest_of(data)
        path = self.path / "blobs" / "sha256" / digest.split(":", 1)[1]
        if not path.exists():
            path.write_bytes(data)
        return digest

    def add(self, item: Artifact, tag: str | None = None) -> dict:
        """Write all blobs of an image or index; list it in index.json (named `tag`)."""
        for data in item.blobs().values():
            self.write_blob(data)
        desc = item.descriptor(with_platform=False)
        if tag is not None:
            desc["annotations"] = {REF_NAME: tag}
            self._manifests = [m for m in self._manifests
                               if m.get("annotations", {}).get(REF_NAME) != tag]
        self._manifests.append(desc)
        self._write_index()
        return desc

    def _write_index(self) -> None:
        (self.path / "index.json").write_bytes(_json({"schemaVersion": 2,
                                                      "mediaType": OCI_INDEX,
                                                      "manifests": self._manifests}))

    def ref(self, tag: str) -> str:
        return f"oci:{self.path}:{tag}"


def write_oci_layout(path: Path, items: dict) -> OciLayout:
    """An OCI layout at `path` holding {tag: Image|Index}."""
    layout = OciLayout(path)
    for tag, item in items.items():
        layout.add(item, tag)
    return layout


def write_dir_image(path: Path, item: Artifact) -> str:
    """containers/image's `dir:` layout of one image or index; returns "dir:PATH".

    skopeo's oci: transport only lists OCI media types in index.json, so
    Docker schema2 images and manifest lists are pushed from a dir: instead:
    manifest.json (top level), <hex>.manifest.json per child, <hex> per blob.
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / "version").write_text("Directory Transport Version: 1.1\n")
    images = item.images if isinstance(item, Index) else [item]
    for img in images:
        for digest, data in img.blobs().items():
            if digest != img.digest:
                (path / digest.split(":", 1)[1]).write_bytes(data)
        if isinstance(item, Index):
            (path / (img.digest.split(":", 1)[1] + ".manifest.json")).write_bytes(img.manifest)
    top = item.raw if isinstance(item, Index) else item.manifest
    (path / "manifest.json").write_bytes(top)
    return f"dir:{path}"


def _tar_add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = SOURCE_DATE
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def write_oci_archive(path: Path, items: dict) -> Path:
    """An oci-archive: a tar of an OCI layout holding {tag: Image|Index}."""
    with tempfile.TemporaryDirectory() as tmp:
        layout = write_oci_layout(Path(tmp) / "layout", items)
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
            for f in sorted(layout.path.rglob("*")):
                rel = f.relative_to(layout.path).as_posix()
                if f.is_dir():
                    info = tarfile.TarInfo(rel)
                    info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, SOURCE_DATE
                    tar.addfile(info)
                else:
                    _tar_add(tar, rel, f.read_bytes())
    return Path(path)


def write_docker_archive(path: Path, image: Image, repo_tags=("airlock-test/archive:1.0",)) -> Path:
    """A `docker save` style tar: manifest.json, <config hex>.json, <id>/layer.tar."""
    config_name = image.config_digest.split(":", 1)[1] + ".json"
    layer_names = [l.diff_id.split(":", 1)[1] + "/layer.tar" for l in image.layers]
    manifest = [{"Config": config_name, "RepoTags": list(repo_tags), "Layers": layer_names}]
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        _tar_add(tar, config_name, image.config)
        for name, layer in zip(layer_names, image.layers):
            _tar_add(tar, name, layer.tar)
        _tar_add(tar, "manifest.json", _json(manifest))
    return Path(path)


# --- pushing and describing -----------------------------------------------------
def describe(registry, name: str) -> dict:
    """What the registry serves for `repo:tag` (or `repo@digest`), as a dict:

    ref, repo, tag, digest (sha256 of `skopeo inspect --raw`), digest_ref,
    media_type, platforms ["linux/amd64", ...], manifests {platform: digest},
    configs {platform: digest}, layers [every layer digest, in order, unique].
    """
    ref = registry.ref(name)
    raw = skopeo_inspect_raw(ref, registry=registry)
    doc = json.loads(raw)
    repo, tag = _split_name(name)
    digest = digest_of(raw)
    info = {"ref": ref, "repo": repo, "tag": tag, "digest": digest,
            "digest_ref": f"{registry.host}/{repo}@{digest}",
            "media_type": doc.get("mediaType"), "platforms": [], "manifests": {},
            "configs": {}, "layers": []}
    children = []
    if doc.get("mediaType") in INDEX_TYPES or "manifests" in doc:
        for m in doc["manifests"]:
            child = json.loads(skopeo_inspect_raw(f"{registry.host}/{repo}@{m['digest']}",
                                                  registry=registry))
            children.append((platform_str(m["platform"]), m["digest"], child))
    else:
        cfg = json.loads(registry.blob_bytes(repo, doc["config"]["digest"]))
        children.append((platform_str(cfg), digest, doc))
    for plat, mdigest, manifest in children:
        info["platforms"].append(plat)
        info["manifests"][plat] = mdigest
        info["configs"][plat] = manifest["config"]["digest"]
        for layer in manifest["layers"]:
            if layer["digest"] not in info["layers"]:
                info["layers"].append(layer["digest"])
    return info


def _split_name(name: str) -> tuple[str, str]:
    if "@" in name:
        repo, _, ref = name.partition("@")
        return repo, ref
    repo, _, tag = name.rpartition(":")
    if not repo or "/" in tag:
        return name, "latest"
    return repo, tag


def push_image(registry, item: Artifact, name: str, *, workdir: Path | None = None,
               fmt: str | None = None) -> dict:
    """Push an image or index to `registry` as `name` (repo:tag); return describe().

    Without `fmt`: `skopeo copy --all --preserve-digests` (from an OCI layout,
    or a dir: for Docker media types), and the registry's digest is checked
    to equal ours. fmt="v2s2" (or "oci") lets skopeo convert instead.
    """
    workdir = Path(workdir or registry.workdir / "images")
    repo, tag = _split_name(name)
    layout_dir = workdir / repo.replace("/", "_") / tag
    if layout_dir.exists():
        shutil.rmtree(layout_dir)
    if item.docker:
        src = write_dir_image(layout_dir, item)
    else:
        src = write_oci_layout(layout_dir, {tag: item}).ref(tag)
    args = ["--all", "--preserve-digests"] if fmt is None else ["--format", fmt]
    skopeo("copy", "-q", *args, *registry.skopeo_args("dest"), src, registry.docker_ref(name))
    info = describe(registry, name)
    if fmt is None:
        assert info["digest"] == item.digest, (
            f"{name}: registry serves {info['digest']}, pushed {item.digest}")
    return info


def seed_standard(registry, workdir: Path | None = None, *, layer_size: int = 32 * 1024,
                  with_busybox: bool = True) -> dict:
    """Push the standard test set and return {name: describe() dict}:

    - multiarch: OCI index, linux/amd64 + linux/arm64, distinct layers each
    - single:    one linux/amd64 OCI image, two layers
    - shared-a, shared-b: two images whose first layer is the same blob
    - busybox:   runnable linux/amd64 image from /bin/busybox (entrypoint)
    - v2s2:      a Docker schema2 image (skopeo copy --format v2s2)
    - v2s2-list: a Docker manifest list over two schema2 images
    """
    kw = {"workdir": workdir}
    out = {}
    out["multiarch"] = push_image(registry, multiarch_image(1, layer_size=layer_size),
                                  "airlock-test/multiarch:1.0", **kw)
    single = build_image([random_layer(layer_size, 20), random_layer(layer_size // 2, 21)],
                         config={"Cmd": ["/bin/sh"]}, labels={"airlock.test": "single"})
    out["single"] = push_image(registry, single, "airlock-test/single:1.0", **kw)
    shared = random_layer(layer_size, 30)
    for suffix, seed in (("a", 31), ("b", 32)):
        img = build_image([shared, random_layer(layer_size // 4, seed)],
                          labels={"airlock.test": f"shared-{suffix}"})
        out[f"shared-{suffix}"] = push_image(registry, img, f"airlock-test/shared-{suffix}:1.0", **kw)
    if with_busybox:
        out["busybox"] = push_image(registry, busybox_image(), "airlock-test/busybox:1.0", **kw)
    v2 = build_image([random_layer(layer_size, 40)], labels={"airlock.test": "v2s2"})
    out["v2s2"] = push_image(registry, v2, "airlock-test/v2s2:1.0", fmt="v2s2", **kw)
    out["v2s2-list"] = push_image(registry, multiarch_image(5, layer_size=layer_size // 2,
                                                            docker=True),
                                  "airlock-test/v2s2-list:1.0", **kw)
    return out
