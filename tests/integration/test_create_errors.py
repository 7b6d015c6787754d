"""Bad input to airlock-build create: one line naming the culprit, a distinct
exit code, and no output file."""

from __future__ import annotations

import pytest

from airlock_testlib.proc import free_port
from build_helpers import create, write_spec


# Read-only tests share one seeded registry per module (seeding is the slow part).
@pytest.fixture
def registry(module_registry):
    return module_registry


@pytest.fixture
def standard_images(module_images):
    return module_images


def assert_refused(r, code, *needles, out):
    assert r.returncode == code, r.stderr
    errors = [line for line in r.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, r.stderr
    for n in needles:
        assert n in errors[0], errors[0]
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".airlock-tmp")]


def test_image_that_does_not_exist(tmp_path, registry, standard_images):
    out = tmp_path / "o.airlock"
    spec = write_spec(tmp_path / "s.yaml", [f"{registry.host}/airlock-test/nope:1.0"])
    assert_refused(create(spec, out, registry, check=False), 7, "airlock-test/nope", out=out)


def test_unknown_tag(tmp_path, registry, standard_images):
    out = tmp_path / "o.airlock"
    spec = write_spec(tmp_path / "s.yaml", [f"{registry.host}/airlock-test/single:9.9"])
    assert_refused(create(spec, out, registry, check=False), 7, "single:9.9", out=out)


def test_registry_serving_a_corrupt_blob(tmp_path, registry_factory):
    from airlock_testlib.images import seed_standard
    registry = registry_factory("corrupt")  # this test damages what the registry serves
    standard_images = seed_standard(registry, with_busybox=False)
    layer = standard_images["single"]["layers"][0]
    registry.corrupt_blob(layer)
    out = tmp_path / "o.airlock"
    spec = write_spec(tmp_path / "s.yaml", [f"{registry.host}/airlock-test/single:1.0"])
    assert_refused(create(spec, out, registry, check=False), 11, layer, "digest mismatch", out=out)


def test_unreachable_registry(tmp_path):
    host = f"127.0.0.1:{free_port()}"
    out = tmp_path / "o.airlock"
    spec = write_spec(tmp_path / "s.yaml", [f"{host}/x/y:1"])
    r = create(spec, out, None, "--plain-http", host, check=False)
    assert_refused(r, 5, host, out=out)


@pytest.mark.parametrize("extra,needle", [
    ("imagez: []\n", "s.yaml:6"),
    ("platforms: linux/amd64\n", "s.yaml:6"),
])
def test_bad_spec(tmp_path, extra, needle):
    out = tmp_path / "o.airlock"
    spec = write_spec(tmp_path / "s.yaml", ["127.0.0.1:1/x/y:1"], extra=extra)
    assert_refused(create(spec, out, None, check=False), 3, needle, out=out)


def test_missing_key_fails_before_network(tmp_path):
    out = tmp_path / "o.airlock"
    spec = write_spec(tmp_path / "s.yaml", ["127.0.0.1:1/x/y:1"])
    r = create(spec, out, None, check=False, key=tmp_path / "missing.key")
    assert r.returncode in (3, 4, 7) and "missing.key" in r.stderr
    assert not out.exists()
