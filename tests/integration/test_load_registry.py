"""airlock-load load --to registry://: a bundle built by airlock-build from a
real registry goes into a second real docker-registry (plain HTTP; TLS with
client certificates and htpasswd; token auth), and skopeo reads back the
same digests. Hostile and corrupt bundles leave the registry untouched.

The whole module runs air-gapped: the test process moves into a network
namespace with loopback only (airlock_testlib.netns) before any registry
starts, so every registry, build and load below runs with no way out.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

from airlock_testlib import HTTPStatusError, Registry, run, seed_standard
from airlock_testlib.netns import airgap, interfaces
from airlock_testlib.tools import (airlock_build, airlock_load_bin, at_clock, digest_of,
                                   skopeo_inspect_raw)
from build_helpers import bom_of, create, write_spec
import bundle_surgery as surgery
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import AUTH, EXPIRED, INTEGRITY, MALFORMED_BUNDLE, SIGNATURE


IMAGES = ["multiarch", "single", "shared-a", "shared-b", "v2s2", "v2s2-list"]


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca, airgapped):
    root = tmp_path_factory.mktemp("load-registry")
    source = Registry(root / "source", ca=ca).start()
    try:
        images = seed_standard(source, root / "seed", with_busybox=False)
        spec = write_spec(root / "full.yaml", [ref(source, n) for n in IMAGES], name="full")
        full = root / "full.airlock"
        # Without the bundle's SBOM, so the registry holds exactly the images
        # (the SBOM artifact has a test of its own, with the files artifact).
        create(spec, full, source, "--sbom", "none")
        yield {"root": root, "source": source, "images": images, "full": full, "cache": {}}
    finally:
        source.stop()


def ref(registry, name: str) -> str:
    return f"{registry.host}/airlock-test/{name}:1.0"


def small_bundle(world, name: str, *images: str, version: str = "1.0.0", args=()) -> Path:
    key = (name, images, version, args)
    if key not in world["cache"]:
        stem = f"{name}-{version}-{len(world['cache'])}"
        spec = write_spec(world["root"] / f"{stem}.yaml",
                          [ref(world["source"], n) for n in images], name=name, version=version)
        out = world["root"] / f"{stem}.airlock"
        create(spec, out, world["source"], "--sbom", "none", *args)
        world["cache"][key] = out
    return world["cache"][key]


def storage_snapshot(registry: Registry) -> dict:
    """Every file of the registry's storage with its size and mtime."""
    return {str(p.relative_to(registry.root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in registry.root.rglob("*") if p.is_file()}


def target_flags(target: Registry) -> list:
    if target.scheme == "http":
        return ["--plain-http"]
    flags = ["--cert-dir", str(target.cert_dir)]
    if target.username:
        flags += ["--authfile", str(target.authfile)]
    return flags


def load_cmd(bundle, target, state, *args, prefix="", flags=None, faketime=None) -> list:
    """argv of `airlock-load load` into `target` (a Registry, or a relay in
    front of a plain one: anything with .host), with its TLS/auth flags."""
    to = f"registry://{target.host}" + (f"/{prefix}" if prefix else "")
    if flags is None:
        flags = target_flags(target) if isinstance(target, Registry) else ["--plain-http"]
    cmd = [str(airlock_load_bin()), "load", str(bundle), "--to", to, "--state-dir", str(state),
           *flags, *args]
    return at_clock(faketime, cmd)


def load(bundle, target, state, *args, env=None, **kw):
    return run(load_cmd(bundle, target, state, *args, **kw), check=False, env=env)


def audit(state: Path) -> list:
    return [json.loads(line) for line in (state / "audit.jsonl").read_text().splitlines()]


def repo_of(canonical: str, prefix: str = "") -> tuple:
    """What the loader maps `host/path:tag` to: (PREFIX/path, tag)."""
    path, tag = canonical.split("/", 1)[1].rsplit(":", 1)
    return (f"{prefix}/{path}" if prefix else path), tag


def assert_same_as_source(world, target: Registry, bundle: Path, prefix: str = ""):
    """For every image of the bundle: the tag on the target serves the BOM's
    digest, skopeo reads the same bytes from source and target, and every
    child of an index is there too."""
    source = world["source"]
    bom = bom_of(bundle)
    for img in bom["images"]:
        repo, tag = repo_of(img["ref"], prefix)
        got = skopeo_inspect_raw(f"{target.host}/{repo}:{tag}", registry=target)
        assert digest_of(got) == img["digest"], img["ref"]
        assert got == skopeo_inspect_raw(img["ref"], registry=source)
        doc = json.loads(got)
        for child in doc.get("manifests", []):
            raw = skopeo_inspect_raw(f"{target.host}/{repo}@{child['digest']}", registry=target)
            assert digest_of(raw) == child["digest"]
            for blob in [json.loads(raw)["config"], *json.loads(raw)["layers"]]:
                assert digest_of(target.blob_bytes(repo, blob["digest"])) == blob["digest"]


def test_round_trip_plain_http_in_the_air_gap(world, tmp_path):
    assert interfaces() == ["lo"]
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        # A proxy in the environment must not be used: there is no proxy here.
        env = dict(os.environ, https_proxy="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
                   all_proxy="http://127.0.0.1:9")
        r = load(world["full"], target, state, "--json", env=env)
        summary = loaded(r)
        assert (f"target registry://{target.host}; network endpoints: http://{target.host}; "
                f"state: {state}") in r.stderr
        assert_same_as_source(world, target, world["full"])
        assert sorted(target.catalog()) == sorted(f"airlock-test/{n}" for n in IMAGES)
        # shared-a and shared-b share a layer: sent once, mounted into the other.
        assert summary["blobs"]["mounted"] == 1
        assert summary["tags"] == len(IMAGES)

        kinds = [e["event"] for e in audit(state)]
        assert max(i for i, k in enumerate(kinds) if k == "blob") < kinds.index("manifest")
        assert max(i for i, k in enumerate(kinds) if k == "manifest") < kinds.index("tag")
        mounted = [e for e in audit(state) if e["event"] == "blob" and e["mountedInto"]]
        assert len(mounted) == 1 and mounted[0]["repos"] == ["airlock-test/shared-a"]
        assert mounted[0]["mountedInto"] == ["airlock-test/shared-b"]

        # A second load sends nothing: every blob and manifest is found by HEAD.
        again = loaded(load(world["full"], target, state, "--json"))
        assert again["blobs"]["written"] == 0 and again["bytes"] == 0
        assert again["blobs"]["skipped"] == summary["blobs"]["written"]
        assert again["manifests"]["written"] == 0
        assert again["manifests"]["skipped"] == summary["manifests"]["written"]
        assert again["tags"] == 0  # every tag already names the right digest
        assert_same_as_source(world, target, world["full"])
    finally:
        target.stop()


def test_round_trip_tls_client_certificates_and_htpasswd(world, tmp_path, ca):
    target = Registry(tmp_path / "target", ca=ca, mtls=True, htpasswd=True).start()
    try:
        state = tmp_path / "state"
        # Without credentials: refused at the first request, nothing written.
        no_creds = ["--cert-dir", str(target.cert_dir)]
        refused(load(world["full"], target, state, flags=no_creds), AUTH, target.host)
        assert target.catalog() == []
        loaded(load(world["full"], target, state, "--chunk-size", "16KiB", "--jobs", "3"))
        assert_same_as_source(world, target, world["full"])
    finally:
        target.stop()


def test_token_auth_and_the_token_service_endpoint(world, tmp_path, ca):
    target = Registry(tmp_path / "target", ca=ca, tls=True, token=True).start()
    try:
        state = tmp_path / "state"
        bundle = small_bundle(world, "tok", "single")
        token_host = f"127.0.0.1:{target.token_server.port}"
        # The token service is another endpoint (its own port): not contacted unless allowed.
        refused(load(bundle, target, state), AUTH, "--token-service " + token_host)
        assert target.catalog() == []
        r = load(bundle, target, state, "--token-service", token_host)
        loaded(r)
        assert f"token service {token_host}" in r.stderr
        assert_same_as_source(world, target, bundle)
    finally:
        target.stop()


def test_prefix_and_keep_host(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        bundle = small_bundle(world, "pfx", "single", "multiarch")
        loaded(load(bundle, target, tmp_path / "s1", prefix="site/mirror"))
        assert_same_as_source(world, target, bundle, prefix="site/mirror")
        loaded(load(bundle, target, tmp_path / "s2", "--keep-host", prefix="kh"))
        host = world["source"].host.replace(":", "_")
        assert_same_as_source(world, target, bundle, prefix=f"kh/{host}")
        assert sorted(target.catalog()) == sorted(
            [f"site/mirror/airlock-test/{n}" for n in ("multiarch", "single")] +
            [f"kh/{host}/airlock-test/{n}" for n in ("multiarch", "single")])
    finally:
        target.stop()


def hostile_unsigned(b):
    surgery.set_envelopes(b, [])


def hostile_bom_edit(b):
    bom = surgery.entry(b, "airlock/bom.json")
    pos = b.read_bytes().index(b'"created"', bom["data"]) + len('"created": "20')
    surgery.flip_byte(b, pos)


def hostile_truncated(b):
    with open(b, "r+b") as f:
        f.truncate(b.stat().st_size - 4096)


@pytest.mark.parametrize("edit,code,needle", [
    (hostile_unsigned, SIGNATURE, "unsigned"),
    (hostile_bom_edit, SIGNATURE, "another BOM"),
    (hostile_truncated, MALFORMED_BUNDLE, "truncated"),
], ids=["unsigned", "tampered-bom", "truncated"])
def test_hostile_bundle_leaves_the_registry_empty(world, tmp_path, edit, code, needle):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        b = surgery.copy(small_bundle(world, "hostile", "single"), tmp_path / "h.airlock")
        edit(b)
        state = tmp_path / "state"
        refused(load(b, target, state), code, needle)
        assert target.catalog() == []
        assert not (state / "state.json").exists()
        assert [e["event"] for e in audit(state)] == ["verify", "load.failed"]
    finally:
        target.stop()


def test_rollback_equivocation_and_clock_set_back_leave_the_registry_untouched(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        v11 = small_bundle(world, "rb", "single", "shared-a", version="1.1.0")
        loaded(load(v11, target, state))
        before = storage_snapshot(target)
        refused(load(small_bundle(world, "rb", "single", version="1.0.0"), target, state),
                15, "older than 1.1.0")
        refused(load(small_bundle(world, "rb", "single", "shared-b", version="1.1.0"), target,
                     state), 15, "differs from")
        assert storage_snapshot(target) == before

        # The clock set back after a newer bundle was loaded: a bundle that
        # expired before the loader's trusted-time mark stays expired.
        short = small_bundle(world, "tt", "single", args=("--expires", "1h"))
        later = small_bundle(world, "tt-later", "multiarch")
        tstate = tmp_path / "tstate"
        loaded(load(later, target, tstate, faketime="+2h"))
        before = storage_snapshot(target)
        refused(load(short, target, tstate), EXPIRED, "expired at")
        refused(load(short, target, tstate, faketime="-1d"), EXPIRED, "expired at")
        assert storage_snapshot(target) == before
    finally:
        target.stop()


def test_flipped_bit_in_a_layer_names_nothing(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        layer = world["images"]["single"]["layers"][1]
        b = surgery.copy(small_bundle(world, "bitflip", "multiarch", "single"),
                         tmp_path / "bit.airlock")
        e = surgery.entry(b, f"blobs/sha256/{layer[7:]}")
        surgery.flip_byte(b, e["data"] + e["size"] // 2)
        state = tmp_path / "state"
        # Small chunks: the bad blob streams in several PATCHes before the digest is known.
        refused(load(b, target, state, "--chunk-size", "4KiB"), INTEGRITY, layer)
        for name in ("single", "multiarch"):
            for tag in ("1.0",):
                with pytest.raises(HTTPStatusError):
                    target.manifest_raw(f"airlock-test/{name}", tag)
        bom = bom_of(b)
        for img in bom["images"]:
            repo, _ = repo_of(img["ref"])
            for digest in [img["digest"], *img.get("manifests", [])]:
                with pytest.raises(HTTPStatusError):
                    target.manifest_raw(repo, digest)
        with pytest.raises(HTTPStatusError):
            target.blob_bytes("airlock-test/single", layer)
        assert not (state / "state.json").exists()
    finally:
        target.stop()


# --- kill -9 at several points, then run again -------------------------------

BIG_LAYER = 12 * 1024 * 1024


@pytest.fixture(scope="module")
def kill_bundle(world):
    """A bundle with one large layer (chunked at 1 MiB) among small images."""
    from airlock_testlib import build_image, push_image, random_layer
    source = world["source"]
    big = build_image([random_layer(BIG_LAYER, 90)], labels={"airlock.test": "big"})
    push_image(source, big, "airlock-test/big:1.0", workdir=world["root"] / "seed-big")
    spec = write_spec(world["root"] / "kill.yaml",
                      [ref(source, n) for n in ("single", "multiarch", "big", "shared-a")],
                      name="kill")
    out = world["root"] / "kill.airlock"
    create(spec, out, source)
    return out


def journal_of(state: Path) -> dict:
    files = list((state / "journal").glob("*.json")) if (state / "journal").exists() else []
    try:
        return json.loads(files[0].read_text()) if files else {}
    except (OSError, ValueError):
        return {}  # caught mid-rename


def events(state: Path) -> list:
    try:
        return [json.loads(line)["event"] for line in
                (state / "audit.jsonl").read_text().splitlines() if line.endswith("}")]
    except OSError:
        return []


KILL_POINTS = {
    # some blobs committed, others not yet sent
    "after-blobs": lambda st: events(st).count("blob") >= 2,
    # an upload session is open with part of the large layer in it
    "mid-chunked-upload": lambda st: bool(journal_of(st).get("sessions")),
    # every manifest is in, no tag yet
    "between-manifests-and-tags": lambda st: journal_of(st).get("phase") == "tags"
    and "tag" not in events(st),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_then_run_again_matches_a_clean_load(world, kill_bundle, tmp_path, point):
    import signal
    import subprocess
    import time
    from airlock_testlib.slowproxy import RelayServer

    clean = Registry(tmp_path / "clean", ca=None).start()
    target = Registry(tmp_path / "target", ca=None).start()
    relay = RelayServer(target, tmp_path, delay_ms=25)
    try:
        loaded(load(kill_bundle, clean, tmp_path / "clean-state"))

        state = tmp_path / "state"
        cmd = load_cmd(kill_bundle, relay, state, "--jobs", "1", "--chunk-size", "1MiB",
                       "--json")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reached = False
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if KILL_POINTS[point](state):
                proc.send_signal(signal.SIGKILL)
                reached = True
                break
            time.sleep(0.002)
        out, err = proc.communicate()
        assert reached, f"the load ended before reaching {point}: {err.decode()}"
        committed = events(state).count("blob")
        assert journal_of(state), "the killed run left no journal"
        assert not (state / "state.json").exists()

        r = run(cmd, check=False)
        again = loaded(r)
        assert "resuming: an earlier load of kill 1.0.0" in r.stderr
        resume = [e for e in audit(state) if e["event"] == "resume"]
        assert len(resume) == 1
        if point == "mid-chunked-upload":
            assert resume[0]["sessionsCancelled"] >= 1
        # What the killed run committed is not sent again.
        assert again["blobs"]["skipped"] + again["blobs"]["mounted"] >= committed
        assert journal_of(state) == {}

        # Same repositories, tags and digests as a load that was never interrupted.
        assert sorted(target.catalog()) == sorted(clean.catalog())
        for repo in clean.catalog():
            assert target.tags(repo) == clean.tags(repo)
            for tag in clean.tags(repo):
                assert target.manifest_raw(repo, tag) == clean.manifest_raw(repo, tag)
        assert_same_as_source(world, target, kill_bundle)
    finally:
        relay.stop()
        target.stop()
        clean.stop()


# --- containerd pulls the hydrated image by its upstream name ----------------

def test_containerd_pulls_by_upstream_name_and_runs_it(world, tmp_path, ca):
    """Built through a connected-side mirror (the BOM keeps docker.io/...),
    loaded into a TLS + client-certificate + htpasswd registry under a
    prefix, pulled by containerd as docker.io/library/busybox:1.36 through a
    hosts.toml mirror, and run. Only loopback exists, so the pull cannot have
    gone anywhere else."""
    from airlock_testlib import busybox_image, push_image
    from airlock_testlib.containerd import Containerd, write_hosts_toml_for

    upstream = "docker.io/library/busybox:1.36"
    source = world["source"]
    pushed = push_image(source, busybox_image(cmd=("echo", "hydrated")), "library/busybox:1.36",
                        workdir=tmp_path / "seed")
    spec = write_spec(tmp_path / "bb.yaml", [upstream], name="busybox")
    bundle = tmp_path / "bb.airlock"
    create(spec, bundle, source, "--mirror", f"docker.io={source.host}")
    assert bom_of(bundle)["images"][0]["ref"] == upstream

    target = Registry(tmp_path / "target", ca=ca, mtls=True, htpasswd=True).start()
    ctrd = Containerd(tmp_path / "containerd")
    try:
        loaded(load(bundle, target, tmp_path / "state", prefix="mirror"))
        hosts = tmp_path / "hosts.d"
        write_hosts_toml_for(hosts, "docker.io", target, prefix="mirror")
        ctrd.start()
        ctrd.pull(upstream, hosts, user=target.creds)
        assert ctrd.image_digest(upstream) == pushed["digest"]
        assert ctrd.run(upstream, "airlock-run", ["echo", "hello from the air gap"]) == \
            "hello from the air gap\n"
        assert ctrd.run(upstream, "airlock-default") == "hydrated\n"
    finally:
        ctrd.stop()
        target.stop()


def test_bundle_files_arrive_as_one_oci_artifact(world, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "runbook.md").write_text("# Runbook\nrestart the pump\n")
    (docs / "notes.txt").write_bytes(os.urandom(3000))
    spec = write_spec(tmp_path / "files.yaml", [ref(world["source"], "single")], name="edge-stack",
                      version="2.0.0+build.7",
                      extra="files:\n  - {path: docs/runbook.md}\n  - {path: docs/notes.txt}\n")
    bundle = tmp_path / "files.airlock"
    create(spec, bundle, world["source"], "--sbom", "all")
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        r = load(bundle, target, tmp_path / "state", prefix="site")
        loaded(r)
        assert "belong to no image" not in r.stderr
        repo = "site/airlock/edge-stack/files"
        assert target.tags(repo) == ["2.0.0_build.7"]
        manifest = json.loads(target.manifest_raw(repo, "2.0.0_build.7"))
        assert manifest["artifactType"] == "application/vnd.airlock.bundle.files.v1"
        assert manifest["config"]["mediaType"] == "application/vnd.oci.empty.v1+json"
        assert target.blob_bytes(repo, manifest["config"]["digest"]) == b"{}"
        by_title = {layer["annotations"]["org.opencontainers.image.title"]: layer
                    for layer in manifest["layers"]}
        assert set(by_title) == {"runbook.md", "notes.txt"}  # the names the BOM gives
        for title, layer in by_title.items():
            data = (docs / title).read_bytes()
            assert target.blob_bytes(repo, layer["digest"]) == data
        # skopeo, an independent client, reads the artifact's manifest too.
        raw = skopeo_inspect_raw(f"{target.host}/{repo}:2.0.0_build.7", registry=target)
        assert digest_of(raw) == digest_of(target.manifest_raw(repo, "2.0.0_build.7"))

        # The bundle's SBOMs arrive the same way, next to the files.
        sbom_repo = "site/airlock/edge-stack/sbom"
        assert target.tags(sbom_repo) == ["2.0.0_build.7"]
        sbom = json.loads(target.manifest_raw(sbom_repo, "2.0.0_build.7"))
        assert sbom["artifactType"] == "application/vnd.airlock.bundle.sbom.v1"
        titles = {layer["annotations"]["org.opencontainers.image.title"]: layer
                  for layer in sbom["layers"]}
        assert set(titles) == {"sbom/cyclonedx.json", "sbom/spdx.json"}
        bom = bom_of(bundle)
        assert sorted(layer["digest"] for layer in sbom["layers"]) == sorted(
            s["digest"] for s in bom["sboms"])
        for fmt, title in (("cyclonedx", "sbom/cyclonedx.json"), ("spdx", "sbom/spdx.json")):
            printed = airlock_build("sbom", str(bundle), "--format", fmt,
                                    text=False).stdout
            assert target.blob_bytes(sbom_repo, titles[title]["digest"]) == printed
        assert json.loads(printed)["spdxVersion"] == "SPDX-2.3"
    finally:
        target.stop()


# --- a registry (or a proxy in front of it) that pushes back -----------------

@contextlib.contextmanager
def gated_registry(tmp_path, rules):
    """A fresh plain registry behind a gate that answers `rules` itself."""
    from airlock_testlib.gate import GateServer
    target = Registry(tmp_path / "target", ca=None).start()
    gate = None
    try:
        gate = GateServer(target, tmp_path, rules)
        yield target, gate
    finally:
        if gate is not None:
            gate.stop()
        target.stop()


def test_429_with_retry_after_is_waited_out(world, tmp_path):
    rules = [
        {"method": "POST", "path_contains": "/blobs/uploads/", "times": 2, "status": 429,
         "headers": {"Retry-After": "1"}},
        {"method": "PUT", "path_contains": "/manifests/", "times": 1, "status": 429,
         "headers": {"Retry-After": "1"}},
        {"method": "PATCH", "path_contains": "/blobs/uploads/", "times": 1, "status": 503},
    ]
    with gated_registry(tmp_path, rules) as (target, gate):
        bundle = small_bundle(world, "throttled", "single", "multiarch")
        r = load(bundle, gate, tmp_path / "state", "--chunk-size", "8KiB", "--jobs", "2")
        loaded(r)
        served = [line for line in gate.requests() if "(gate)" in line]
        assert len(served) == 4, served
        assert r.stderr.count("retry") >= 3, r.stderr
        assert "again in" in r.stderr  # the PATCH answered 503: the blob was sent again
        # Through the gate, what landed is what a direct load gives.
        for img in bom_of(bundle)["images"]:
            repo, tag = repo_of(img["ref"])
            assert digest_of(target.manifest_raw(repo, tag)) == img["digest"]


def test_a_redirect_to_another_endpoint_is_refused(world, tmp_path):
    rules = [{"method": "HEAD", "path_contains": "/blobs/sha256:", "times": 1000, "status": 307,
              "headers": {"Location": "http://127.0.0.1:9/elsewhere"}}]
    with gated_registry(tmp_path, rules) as (target, gate):
        bundle = small_bundle(world, "redirected", "single")
        refused(load(bundle, gate, tmp_path / "state"), 5, "http://127.0.0.1:9/elsewhere",
                "not an endpoint of this run")
        assert target.catalog() == []


def test_two_upstreams_claiming_one_name_need_keep_host(world, tmp_path, ca):
    from airlock_testlib import build_image, push_image, random_layer
    other = Registry(tmp_path / "other-upstream", ca=None).start()
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        img = build_image([random_layer(4096, 77)], labels={"airlock.test": "other"})
        push_image(other, img, "airlock-test/single:1.0", workdir=tmp_path / "seed")
        spec = write_spec(tmp_path / "two.yaml", [ref(world["source"], "single"),
                                                  f"{other.host}/airlock-test/single:1.0"],
                          name="two")
        bundle = tmp_path / "two.airlock"
        create(spec, bundle, world["source"], "--plain-http", other.host, "--sbom", "none")
        refused(load(bundle, target, tmp_path / "state"), 2, "--keep-host",
                "airlock-test/single:1.0")
        assert target.catalog() == []
        loaded(load(bundle, target, tmp_path / "state", "--keep-host"))
        assert len(target.catalog()) == 2
    finally:
        target.stop()
        other.stop()
