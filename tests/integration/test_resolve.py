"""airlock-load resolve: the layered, fail-closed resolver. Layer 1 is the
mirror a bundle was loaded into; layer 2 the fallback registries named on the
command line, trusted only for digests a verified bundle recorded; layer 3 a
refusal. Everything runs in a network namespace with loopback only, so a
resolver that tried the public upstream would fail rather than pass.
"""

from __future__ import annotations

import json

import pytest

from airlock_testlib import Registry, run, seed_standard
from airlock_testlib.netns import airgap
from airlock_testlib.tools import airlock_load_bin, skopeo_copy
from build_helpers import bom_of, create, write_spec
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import INTEGRITY, NOT_FOUND

BUNDLED = ["single", "shared-a"]


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca, airgapped):
    root = tmp_path_factory.mktemp("resolve")
    source = Registry(root / "source").start()
    mirror = Registry(root / "mirror").start()
    empty = Registry(root / "empty").start()
    liar = Registry(root / "liar").start()
    try:
        seed_standard(source, root / "seed", with_busybox=False)
        refs = [f"{source.host}/airlock-test/{n}:1.0" for n in BUNDLED]
        spec = write_spec(root / "spec.yaml", refs, name="resolve")
        bundle = root / "resolve.airlock"
        create(spec, bundle, source)
        state = root / "state"
        loaded(run([str(airlock_load_bin()), "load", str(bundle), "--to",
                    f"registry://{mirror.host}/site", "--plain-http", "--state-dir", str(state)],
                   check=False))
        # The liar holds other content under a bundled name.
        skopeo_copy(source.docker_ref("airlock-test/shared-b:1.0"),
                    liar.docker_ref("airlock-test/single:1.0"),
                    src_registry=source, dest_registry=liar)
        yield {"source": source, "mirror": mirror, "empty": empty, "liar": liar,
               "state": state, "bom": bom_of(bundle), "refs": refs}
    finally:
        for r in (source, mirror, empty, liar):
            r.stop()


def resolve(world, *refs, registry=None, fallbacks=(), json_out=True):
    registry = registry or f"http://{world['mirror'].host}/site"
    cmd = [str(airlock_load_bin()), "resolve", *refs, "--registry", registry,
           "--state-dir", str(world["state"])]
    for f in fallbacks:
        cmd += ["--fallback", f]
    if json_out:
        cmd.append("--json")
    return run(cmd, check=False)


def results(r) -> list:
    return json.loads(r.stdout)["results"]


def recorded_digest(world, ref):
    return next(i["digest"] for i in world["bom"]["images"] if i["ref"] == ref)


def audit_events(world, event):
    lines = (world["state"] / "audit.jsonl").read_text().splitlines()
    return [e for e in map(json.loads, lines) if e["event"] == event]


def test_the_mirror_answers_at_layer_1_with_the_recorded_digest(world):
    r = resolve(world, *world["refs"])
    assert r.returncode == 0, r.stderr
    got = results(r)
    assert [g["layer"] for g in got] == [1, 1]
    for g, ref in zip(got, world["refs"]):
        assert g["digest"] == recorded_digest(world, ref)
        assert g["recorded"] is True
        assert g["source"] == f"{world['mirror'].host}/site/airlock-test/{ref.split('/')[-1].split(':')[0]}"
    by_digest = f"{world['refs'][0].rsplit(':', 1)[0]}@{recorded_digest(world, world['refs'][0])}"
    assert results(resolve(world, by_digest))[0]["layer"] == 1
    logged = audit_events(world, "resolve")
    assert {e["ref"] for e in logged if e["layer"] == 1} >= set(world["refs"])
    # The start line names every endpoint, and only those.
    assert f"network endpoints: http://{world['mirror'].host} " in r.stderr


def test_a_reference_nowhere_fails_closed_at_layer_3(world):
    r = resolve(world, "docker.io/library/not-bundled:1.0", json_out=False)
    refused(r, NOT_FOUND, "layer 3", "docker.io/library/not-bundled:1.0")
    assert "failed closed" in r.stdout and "no fallback configured" in r.stdout
    assert audit_events(world, "resolve")[-1]["outcome"] == "failed closed"


def test_a_fallback_is_trusted_only_for_what_a_bundle_recorded(world):
    source, empty = world["source"], world["empty"]
    # Bundled, absent from this mirror, held by the fallback with the recorded digest.
    r = resolve(world, world["refs"][0], registry=f"http://{empty.host}",
                fallbacks=[f"http://{source.host}"])
    assert r.returncode == 0, r.stderr
    got = results(r)[0]
    assert (got["layer"], got["digest"]) == (2, recorded_digest(world, world["refs"][0]))
    assert got["source"] == f"{source.host}/airlock-test/single"
    # Held by the fallback but in no verified bundle: not trusted, fails closed.
    unbundled = f"{source.host}/airlock-test/multiarch:1.0"
    r = resolve(world, unbundled, registry=f"http://{empty.host}",
                fallbacks=[f"http://{source.host}"])
    assert r.returncode == NOT_FOUND, r.stderr
    assert results(r)[0]["layer"] == 3
    assert "no verified bundle recorded" in " ".join(results(r)[0]["notes"])


def test_a_fallback_serving_another_digest_is_refused(world):
    liar, source, empty = world["liar"], world["source"], world["empty"]
    ref = world["refs"][0]
    r = resolve(world, ref, registry=f"http://{empty.host}", fallbacks=[f"http://{liar.host}"],
                json_out=False)
    refused(r, INTEGRITY, "layer 3")
    assert "refused" in r.stdout and recorded_digest(world, ref) in r.stdout
    # The next fallback in line still answers with the right content.
    r = resolve(world, ref, registry=f"http://{empty.host}",
                fallbacks=[f"http://{liar.host}", f"http://{source.host}"])
    got = results(r)[0]
    assert r.returncode == 0 and got["layer"] == 2
    assert got["source"].startswith(source.host)


def test_a_mirror_that_changed_behind_the_loader_is_refused(world):
    r = resolve(world, world["refs"][0], registry=f"http://{world['liar'].host}",
                fallbacks=[f"http://{world['source'].host}"])
    assert r.returncode == INTEGRITY, r.stderr
    assert "verified bundles recorded" in " ".join(results(r)[0]["notes"])


def test_bad_arguments_are_usage_errors(world):
    refused(resolve(world, "docker.io/x:1", registry="registry.example"), 2, "--registry")
    refused(resolve(world, "Not A Ref"), 2, "Not A Ref")
