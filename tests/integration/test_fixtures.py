"""The test library itself works: registries in every mode, images, archives."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile

import pytest

from airlock_testlib import (OciLayout, Registry, airlock_build, airlock_load, build_image,
                             busybox_layer, digest_of, random_layer, run, skopeo,
                             skopeo_inspect, skopeo_inspect_raw, write_docker_archive,
                             write_oci_archive)
from airlock_testlib.images import DOCKER_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST


@pytest.fixture(scope="module")
def small_image():
    return build_image([random_layer(4096, 7), random_layer(2048, 8)])


@pytest.fixture
def small_layout(tmp_path, small_image) -> str:
    layout = OciLayout(tmp_path / "small-layout")
    layout.add(small_image, "1.0")
    return layout.ref("1.0")


def push(reg: Registry, src: str, *flags: str, name: str = "fixture/small:1.0", **kw):
    """skopeo copy src -> reg/name with explicit flags (check=False by default)."""
    return skopeo("copy", "-q", "--preserve-digests", *flags, src, reg.docker_ref(name),
                  check=kw.get("check", False))


def assert_refused(result, *needles: str):
    assert result.returncode != 0, f"push should have been refused:\n{result.stderr}"
    print("refused as expected:", result.stderr.strip()[-300:])
    text = result.stderr.lower()
    assert any(n.lower() in text for n in needles), result.stderr


# --- registry modes ----------------------------------------------------------

def test_plain_registry_round_trip(registry, small_layout, small_image):
    assert registry.scheme == "http" and registry.host.startswith("127.0.0.1:")
    assert push(registry, small_layout, *registry.skopeo_args("dest")).returncode == 0
    raw = skopeo_inspect_raw(registry.ref("fixture/small:1.0"), registry=registry)
    assert digest_of(raw) == small_image.digest
    assert registry.manifest_raw("fixture/small", "1.0") == raw
    assert registry.catalog() == ["fixture/small"]
    assert registry.tags("fixture/small") == ["1.0"]
    layer = small_image.layers[0]
    assert digest_of(registry.blob_bytes("fixture/small", layer.digest)) == layer.digest
    assert registry.blob_path(layer.digest).stat().st_size == layer.size
    config = registry.config()
    assert config["http"]["addr"] == f"127.0.0.1:{registry.port}"
    assert config["storage"]["delete"]["enabled"] is True
    assert not {"notifications", "proxy"} & set(config)


def test_registry_process_is_gone_after_stop(tmp_path, small_layout):
    with Registry(tmp_path / "r") as reg:
        proc = reg.server.proc
        assert reg.client().request("GET", "/v2/").status == 200
    assert proc.poll() is not None
    with pytest.raises(OSError):
        reg.client().request("GET", "/v2/")


def test_tls_registry_needs_the_test_ca(tls_registry, small_layout):
    reg = tls_registry
    assert reg.url.startswith("https://127.0.0.1:")
    assert (reg.cert_dir / reg.host / "ca.crt").read_bytes() == reg.ca_file.read_bytes()
    assert_refused(push(reg, small_layout, "--dest-tls-verify=true"),
                   "x509", "certificate", "unknown authority")
    assert push(reg, small_layout, *reg.skopeo_args("dest")).returncode == 0
    assert reg.catalog() == ["fixture/small"]


def test_mtls_registry_needs_a_client_cert(mtls_registry, small_layout):
    reg = mtls_registry
    assert sorted(p.name for p in reg.host_cert_dir.iterdir()) == \
        ["ca.crt", "client.cert", "client.key"]
    assert_refused(push(reg, small_layout, *reg.skopeo_args("dest", client_cert=False)),
                   "certificate", "tls", "bad certificate")
    assert push(reg, small_layout, *reg.skopeo_args("dest")).returncode == 0
    assert reg.catalog() == ["fixture/small"]


def test_htpasswd_registry_needs_credentials(htpasswd_registry, small_layout):
    reg = htpasswd_registry
    tls = reg.skopeo_args("dest", creds=False)
    assert_refused(push(reg, small_layout, *tls), "unauthorized", "authentication required")
    assert_refused(push(reg, small_layout, *tls, "--dest-creds", f"{reg.username}:wrong"),
                   "unauthorized", "authentication required")
    assert push(reg, small_layout, *reg.skopeo_args("dest")).returncode == 0
    # The docker config.json works in place of --creds.
    auths = json.loads(reg.authfile.read_text())["auths"]
    assert list(auths) == [reg.host]
    assert push(reg, small_layout, *tls, "--dest-authfile", str(reg.authfile),
                name="fixture/authfile:1.0").returncode == 0
    assert reg.catalog() == ["fixture/authfile", "fixture/small"]


def test_mtls_and_htpasswd_combined(registry_factory, small_layout):
    reg = registry_factory(mtls=True, htpasswd=True)
    assert_refused(push(reg, small_layout, *reg.skopeo_args("dest", client_cert=False)),
                   "certificate", "tls")
    assert_refused(push(reg, small_layout, *reg.skopeo_args("dest", creds=False)),
                   "unauthorized", "authentication required")
    assert push(reg, small_layout, *reg.skopeo_args("dest")).returncode == 0


@pytest.mark.parametrize("alg, tls", [("ES256", True), ("RS256", False)])
def test_token_registry(registry_factory, small_layout, small_image, alg, tls):
    reg = registry_factory(tls=tls, token=True, token_alg=alg,
                           extra_users={"reader": ("reader-pw", {"pull"})})
    ts = reg.token_server
    assert ts.realm.startswith(("https" if tls else "http") + "://127.0.0.1:")
    no_creds = reg.skopeo_args("dest", creds=False)

    assert_refused(push(reg, small_layout, *no_creds), "unauthorized", "authentication required",
                   "denied")
    assert_refused(push(reg, small_layout, *no_creds, "--dest-creds", f"{reg.username}:bad"),
                   "unauthorized", "401", "authentication required")
    assert any(r.status == 401 and r.account is None for r in ts.requests)

    assert push(reg, small_layout, *reg.skopeo_args("dest")).returncode == 0
    assert any(r.status == 200 and r.account == reg.username and
               any("push" in g["actions"] for g in r.granted) for r in ts.requests)

    # A pull-only user can read but not write.
    raw = skopeo_inspect_raw(reg.ref("fixture/small:1.0"),
                             **{"tls_verify": tls, "cert_dir": reg.host_cert_dir if tls else None,
                                "creds": "reader:reader-pw"})
    assert digest_of(raw) == small_image.digest
    assert_refused(push(reg, small_layout, *no_creds, "--dest-creds", "reader:reader-pw",
                        name="fixture/other:1.0"), "denied", "unauthorized", "authentication")

    # The urllib client does the bearer dance too.
    assert reg.catalog() == ["fixture/small"]
    with pytest.raises(AssertionError):
        reg.client(anonymous=True).catalog()


# --- storage tricks ----------------------------------------------------------

def test_corrupt_blob_makes_pulls_fail(registry, small_layout, small_image, tmp_path):
    assert push(registry, small_layout, *registry.skopeo_args("dest")).returncode == 0
    layer = small_image.layers[0]
    registry.corrupt_blob(layer.digest)
    served = registry.blob_bytes("fixture/small", layer.digest)
    assert len(served) == layer.size and digest_of(served) != layer.digest
    result = skopeo("copy", *registry.skopeo_args("src"), registry.docker_ref("fixture/small:1.0"),
                    f"oci:{tmp_path / 'out'}:1.0", check=False)
    assert_refused(result, "digest")


def test_registry_with_copied_storage(registry, registry_factory, small_layout, small_image):
    assert push(registry, small_layout, *registry.skopeo_args("dest")).returncode == 0
    twin = registry_factory("twin", storage_from=registry)
    assert twin.port != registry.port and twin.root != registry.root
    assert digest_of(twin.manifest_raw("fixture/small", "1.0")) == small_image.digest
    twin.corrupt_blob(small_image.layers[1].digest)       # the copy is independent
    blob = registry.blob_bytes("fixture/small", small_image.layers[1].digest)
    assert digest_of(blob) == small_image.layers[1].digest


# --- images -------------------------------------------------------------------

def test_seed_standard(registry, standard_images):
    imgs = standard_images
    assert set(imgs) == {"multiarch", "single", "shared-a", "shared-b", "busybox",
                         "v2s2", "v2s2-list"}
    for name, info in imgs.items():
        raw = skopeo_inspect_raw(info["ref"], registry=registry)
        assert digest_of(raw) == info["digest"], name
        assert json.loads(raw)["mediaType"] == info["media_type"], name
        assert info["digest_ref"].endswith("@" + info["digest"])
        for layer in info["layers"]:
            assert registry.client().has_blob(info["repo"], layer), (name, layer)

    assert imgs["multiarch"]["media_type"] == OCI_INDEX
    assert imgs["multiarch"]["platforms"] == ["linux/amd64", "linux/arm64"]
    assert len(imgs["multiarch"]["layers"]) == 4                      # distinct per platform
    assert imgs["single"]["media_type"] == OCI_MANIFEST
    assert imgs["single"]["platforms"] == ["linux/amd64"]
    assert imgs["shared-a"]["layers"][0] == imgs["shared-b"]["layers"][0]
    assert imgs["shared-a"]["layers"][1] != imgs["shared-b"]["layers"][1]
    assert imgs["v2s2"]["media_type"] == DOCKER_MANIFEST
    assert imgs["v2s2-list"]["media_type"] == DOCKER_LIST
    assert imgs["v2s2-list"]["platforms"] == ["linux/amd64", "linux/arm64"]

    config = skopeo_inspect(imgs["busybox"]["ref"], registry=registry, config=True)
    assert config["config"]["Entrypoint"] == ["/bin/busybox"]
    assert config["architecture"] == "amd64" and config["os"] == "linux"
    assert config["rootfs"]["diff_ids"][0].startswith("sha256:")


def test_layers_are_deterministic_and_busybox_runs(tmp_path):
    assert random_layer(1000, 3).digest == random_layer(1000, 3).digest
    assert random_layer(1000, 3).digest != random_layer(1000, 4).digest
    layer = busybox_layer()
    assert layer.digest == busybox_layer().digest
    root = tmp_path / "rootfs"
    with tarfile.open(fileobj=io.BytesIO(layer.tar)) as tar:
        tar.extractall(root)  # our own layer: trusted (no filter= on 3.11.2)
    assert (root / "bin/sh").is_symlink()
    out = subprocess.run([root / "bin/busybox", "echo", "airlock"], capture_output=True,
                         text=True, check=True, env={})
    assert out.stdout.strip() == "airlock"


def test_archives_are_readable_by_skopeo(tmp_path, small_image):
    docker_tar = write_docker_archive(tmp_path / "image.tar", small_image, ["fixture/arch:1.0"])
    info = skopeo_inspect(f"docker-archive:{docker_tar}", config=True)
    assert info["rootfs"]["diff_ids"] == [l.diff_id for l in small_image.layers]
    oci_tar = write_oci_archive(tmp_path / "image-oci.tar", {"1.0": small_image})
    raw = skopeo_inspect_raw(f"oci-archive:{oci_tar}:1.0")
    assert digest_of(raw) == small_image.digest


def test_run_shows_output_on_failure():
    with pytest.raises(AssertionError, match=r"(?s)exit code: 3.*to-stderr"):
        run(["/bin/sh", "-c", "echo to-stderr >&2; exit 3"])


def test_airlock_binaries_are_found(airlock_bin_dir):
    assert "airlock-build" in airlock_build("--help").stdout
    assert "airlock-load" in airlock_load("--help").stdout
