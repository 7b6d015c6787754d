"""airlock-load mirror-config: node configuration that sends pulls of the
upstream registries named by a bundle (or by everything the loader state
recorded) to the hydrated mirror, checked with the runtimes' own clients.

One bundle names images of three upstream registries: docker.io and quay.io
(built through --mirror from the source registry; the BOM keeps the canonical
names) and the source registry's own 127.0.0.1:PORT. It is loaded into real
docker-registry mirrors (plain HTTP under a prefix, --keep-host, and TLS with
client certificates and htpasswd); containerd, configured with nothing but the
generated hosts.toml files, pulls every image by its canonical name and runs
one. skopeo resolves through the generated registries.conf; the k3s and
OpenShift files are checked against their published field names.

The module runs air-gapped (airlock_testlib.netns) and the source registry is
stopped once the bundle is built, so no upstream is reachable: whatever
containerd or skopeo gets came from the mirror.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
import yaml

from airlock_testlib import (Registry, build_image, busybox_image, multiarch_image, push_image,
                             random_layer, run)
from airlock_testlib.containerd import Containerd
from airlock_testlib.netns import airgap, interfaces
from airlock_testlib.tools import airlock_load_bin, digest_of, skopeo
from build_helpers import bom_of, create, write_spec
import bundle_surgery as surgery
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import INVALID_INPUT, NOT_FOUND, SIGNATURE, USAGE


BUSYBOX = "docker.io/library/busybox:1.36"
QUAY = "quay.io/airlock-test/tool:2.0"


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca, airgapped):
    """The bundle, and three mirrors it was loaded into (each with its own
    loader state). The source registry is stopped before any test runs."""
    root = tmp_path_factory.mktemp("mirror-config")
    source = Registry(root / "source", ca=None).start()
    mirrors = []
    try:
        seed = root / "seed"
        push_image(source, busybox_image(cmd=("echo", "from the mirror")),
                   "library/busybox:1.36", workdir=seed)
        push_image(source, multiarch_image(7, layer_size=4096), "quay/airlock-test/tool:2.0",
                   workdir=seed)
        own = build_image([random_layer(4096, 71)], labels={"airlock.test": "own-host"})
        push_image(source, own, "airlock-test/own:1.0", workdir=seed)
        own_ref = f"{source.host}/airlock-test/own:1.0"
        spec = write_spec(root / "three.yaml", [BUSYBOX, QUAY, own_ref], name="three")
        bundle = root / "three.airlock"
        create(spec, bundle, source, "--mirror", f"docker.io={source.host}",
               "--mirror", f"quay.io={source.host}/quay")
        source.stop()

        plain = Registry(root / "plain", ca=None).start()
        mirrors.append(plain)
        mtls = Registry(root / "mtls", ca=ca, mtls=True, htpasswd=True).start()
        mirrors.append(mtls)
        states = {"plain": root / "state-plain", "keep": root / "state-keep",
                  "mtls": root / "state-mtls"}
        load_into(bundle, f"registry://{plain.host}/mirror", states["plain"], "--plain-http")
        load_into(bundle, f"registry://{plain.host}/kh", states["keep"], "--plain-http",
                  "--keep-host")
        load_into(bundle, f"registry://{mtls.host}/site", states["mtls"],
                  "--cert-dir", mtls.cert_dir, "--authfile", mtls.authfile)
        yield {"root": root, "source": source, "bundle": bundle, "bom": bom_of(bundle),
               "own": own_ref, "plain": plain, "mtls": mtls, "states": states}
    finally:
        for m in mirrors:
            m.stop()
        source.stop()


@pytest.fixture
def ctrd(tmp_path):
    daemon = Containerd(tmp_path / "containerd")
    try:
        yield daemon.start()
    finally:
        daemon.stop()


def load_into(bundle: Path, to: str, state: Path, *flags):
    loaded(run([airlock_load_bin(), "load", bundle, "--to", to, "--state-dir", state, *flags],
               check=False))


def mirror_config(*args):
    return run([airlock_load_bin(), "mirror-config", *args], check=False)


def written(r) -> dict:
    """The --json summary of a mirror-config run that must succeed."""
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def upstream_hosts(world) -> list:
    return sorted(["docker.io", "quay.io", world["source"].host])


def pull_every_image(world, ctrd: Containerd, hosts: Path, user: str | None = None):
    """containerd pulls each image of the bundle by its canonical name with
    only `hosts` as registry configuration, and gets the BOM's digest."""
    for img in world["bom"]["images"]:
        ctrd.pull(img["ref"], hosts, user=user)
        assert ctrd.image_digest(img["ref"]) == img["digest"], img["ref"]
    assert ctrd.run(BUSYBOX, "mirrored") == "from the mirror\n"


def test_containerd_from_the_bundle_and_from_the_state(world, ctrd, tmp_path):
    assert interfaces() == ["lo"]
    plain, state = world["plain"], world["states"]["plain"]
    url = f"http://{plain.host}/mirror"
    from_bundle = written(mirror_config("--registry", url, "--format", "containerd", "--out",
                                        tmp_path / "b", "--state-dir", state, "--json",
                                        world["bundle"]))
    from_state = written(mirror_config("--registry", url, "--format", "containerd", "--out",
                                       tmp_path / "s", "--state-dir", state, "--json"))
    # Fail closed by default: the upstream is not a server of the configuration.
    assert from_bundle["format"] == "containerd"
    assert from_bundle["upstreams"] == from_state["upstreams"] == upstream_hosts(world)
    assert from_bundle["files"] == [str(tmp_path / "b" / h / "hosts.toml")
                                    for h in upstream_hosts(world)]
    for host in upstream_hosts(world):
        text = (tmp_path / "b" / host / "hosts.toml").read_text()
        assert text == (tmp_path / "s" / host / "hosts.toml").read_text()
        doc = tomllib.loads(text)
        assert doc["host"] == {f"{url[:-len('/mirror')]}/v2/mirror": {
            "capabilities": ["pull", "resolve"], "override_path": True}}
        assert "skip_verify" not in text
        assert (tmp_path / "b" / host / "hosts.toml").stat().st_mode & 0o777 == 0o644
    assert tomllib.loads((tmp_path / "b/docker.io/hosts.toml").read_text())["server"] == \
        f"{url[:-len('/mirror')]}/v2/mirror"

    pull_every_image(world, ctrd, tmp_path / "s")


def test_containerd_with_keep_host(world, ctrd, tmp_path):
    plain = world["plain"]
    out = tmp_path / "hosts"
    r = written(mirror_config("--registry", f"http://{plain.host}/kh", "--keep-host",
                              "--format", "containerd", "--out", out, "--json",
                              "--state-dir", world["states"]["keep"]))
    own_host = world["source"].host
    assert r["mirrors"][own_host] == f"{plain.host}/kh/{own_host.replace(':', '_')}"
    doc = tomllib.loads((out / own_host / "hosts.toml").read_text())
    assert list(doc["host"]) == [f"http://{plain.host}/v2/kh/{own_host.replace(':', '_')}"]
    pull_every_image(world, ctrd, out)


def test_containerd_with_tls_and_client_certificates(world, ctrd, tmp_path):
    mtls = world["mtls"]
    out = tmp_path / "hosts"
    written(mirror_config("--registry", f"https://{mtls.host}/site", "--format", "containerd",
                          "--ca", mtls.ca_file, "--client-cert", mtls.client_cert,
                          "--client-key", mtls.client_key, "--out", out, "--json",
                          "--state-dir", world["states"]["mtls"], world["bundle"]))
    doc = tomllib.loads((out / "quay.io" / "hosts.toml").read_text())
    assert doc["host"][f"https://{mtls.host}/v2/site"] == {
        "capabilities": ["pull", "resolve"], "override_path": True,
        "ca": os.path.abspath(mtls.ca_file),
        "client": [[os.path.abspath(mtls.client_cert), os.path.abspath(mtls.client_key)]]}
    pull_every_image(world, ctrd, out, user=mtls.creds)


def test_containerd_fails_closed_for_what_the_mirror_lacks(world, ctrd, tmp_path):
    plain, state = world["plain"], world["states"]["plain"]
    url = f"http://{plain.host}/mirror"
    open_ = tmp_path / "open"
    blocked = tmp_path / "blocked"
    written(mirror_config("--registry", url, "--format", "containerd", "--out", open_,
                          "--state-dir", state, "--json", "--allow-upstream"))
    assert tomllib.loads((open_ / "docker.io" / "hosts.toml").read_text())["server"] == \
        "https://registry-1.docker.io"
    written(mirror_config("--registry", url, "--format", "containerd", "--out", blocked,
                          "--state-dir", state, "--json"))
    doc = tomllib.loads((blocked / "docker.io" / "hosts.toml").read_text())
    assert doc["server"] == f"http://{plain.host}/v2/mirror" and doc["override_path"] is True
    missing = [BUSYBOX.replace(":1.36", ":9.9"), f"{world['source'].host}/airlock-test/absent:1"]
    for hosts in (open_, blocked):
        for ref in missing:
            r = ctrd.pull(ref, hosts, check=False)
            assert r.returncode != 0, ref
            assert ref not in ctrd.images()
    # With the upstream blocked, what the mirror holds still comes from it.
    pull_every_image(world, ctrd, blocked)


def test_crio_registries_conf_resolves_through_the_mirror(world, tmp_path):
    plain, state = world["plain"], world["states"]["plain"]
    url = f"http://{plain.host}/mirror"
    by_ref = {img["ref"]: img["digest"] for img in world["bom"]["images"]}
    for block in (False, True):
        out = tmp_path / ("blocked" if block else "open")
        r = written(mirror_config("--registry", url, "--format", "crio", "--out", out,
                                  "--state-dir", state, "--json",
                                  *([] if block else ["--allow-upstream"])))
        conf = out / "registries.conf"
        assert r["files"] == [str(conf)]
        doc = tomllib.loads(conf.read_text())
        entries = {e["prefix"]: e for e in doc["registry"]}
        assert sorted(entries) == upstream_hosts(world)
        for host, e in entries.items():
            assert e["location"] == host
            assert e.get("blocked", False) is block
            assert e["mirror"] == [{"location": f"{plain.host}/mirror", "insecure": True}]
        for ref, digest in by_ref.items():
            raw = skopeo("--registries-conf", conf, "inspect", "--raw", "docker://" + ref).stdout
            assert digest_of(raw.encode()) == digest, ref
        absent = skopeo("--registries-conf", conf, "inspect", "--raw",
                        "docker://" + BUSYBOX.replace(":1.36", ":9.9"), check=False)
        assert absent.returncode != 0
        assert f"{plain.host}/mirror/library/busybox:9.9" in absent.stderr
        if block:
            assert "registry docker.io is blocked" in absent.stderr, absent.stderr
        else:   # the upstream is tried and (air gap) unreachable
            assert "registry-1.docker.io" in absent.stderr, absent.stderr


def test_k3s_and_openshift_files_have_the_published_fields(world, tmp_path):
    mtls = world["mtls"]
    flags = ["--registry", f"https://{mtls.host}/site", "--ca", mtls.ca_file,
             "--client-cert", mtls.client_cert, "--client-key", mtls.client_key,
             "--state-dir", world["states"]["mtls"], "--json"]
    k3s = written(mirror_config("--format", "k3s", "--out", tmp_path / "k3s", *flags))
    assert k3s["files"] == [str(tmp_path / "k3s" / "registries.yaml")]
    doc = yaml.safe_load((tmp_path / "k3s" / "registries.yaml").read_text())
    assert set(doc) == {"mirrors", "configs"}
    assert sorted(doc["mirrors"]) == upstream_hosts(world)
    for entry in doc["mirrors"].values():
        assert entry == {"endpoint": [f"https://{mtls.host}"], "rewrite": {"^(.*)$": "site/$1"}}
    assert doc["configs"] == {mtls.host: {"tls": {
        "ca_file": os.path.abspath(mtls.ca_file),
        "cert_file": os.path.abspath(mtls.client_cert),
        "key_file": os.path.abspath(mtls.client_key)}}}

    k3s_kh = written(mirror_config("--format", "k3s", "--out", tmp_path / "k3s-kh", "--keep-host",
                                   *flags))
    doc = yaml.safe_load((tmp_path / "k3s-kh" / "registries.yaml").read_text())
    assert doc["mirrors"]["docker.io"]["rewrite"] == {"^(.*)$": "site/docker.io/$1"}
    assert any("--disable-default-registry-endpoint" in n for n in k3s_kh["notes"])

    os_ = written(mirror_config("--format", "openshift", "--out", tmp_path / "os", *flags))
    assert os_["files"] == [str(tmp_path / "os" / "imagedigestmirrorset.yaml"),
                            str(tmp_path / "os" / "imagetagmirrorset.yaml")]
    sets = (("imagedigestmirrorset", "ImageDigestMirrorSet", "imageDigestMirrors"),
            ("imagetagmirrorset", "ImageTagMirrorSet", "imageTagMirrors"))
    for name, kind, field in sets:
        doc = yaml.safe_load((tmp_path / "os" / f"{name}.yaml").read_text())
        assert doc["apiVersion"] == "config.openshift.io/v1"
        assert doc["kind"] == kind
        assert doc["metadata"]["name"]
        assert set(doc["spec"]) == {field}
        assert doc["spec"][field] == [{"source": h, "mirrors": [f"{mtls.host}/site"],
                                       "mirrorSourcePolicy": "NeverContactSource"}
                                      for h in upstream_hosts(world)]
    assert any("additionalTrustedCA" in n for n in os_["notes"])


def test_refusals_name_the_problem_and_write_nothing(world, tmp_path):
    plain, state = world["plain"], world["states"]["plain"]
    out = tmp_path / "out"
    base = ["--format", "containerd", "--out", out, "--state-dir", state]
    refused(mirror_config("--registry", f"registry://{plain.host}", *base), USAGE,
            "--registry", "https://HOST")
    refused(mirror_config("--registry", f"https://{plain.host}/UP", *base), USAGE, "lower-case")
    r = mirror_config("--registry", f"https://{plain.host}", "--client-cert", tmp_path / "c.pem",
                      *base)
    assert r.returncode == USAGE and "--client-key" in r.stderr, r.stderr
    refused(mirror_config("--registry", f"https://{plain.host}", "--ca", tmp_path / "none.pem",
                          *base), INVALID_INPUT, str(tmp_path / "none.pem"), "no such file")
    refused(mirror_config("--registry", f"http://{plain.host}", "--format", "crio", "--out", out,
                          "--state-dir", tmp_path / "empty-state"),
            NOT_FOUND, "load a bundle first", "BUNDLE")
    assert not (tmp_path / "empty-state").exists()  # reading the state creates nothing

    unsigned = surgery.copy(world["bundle"], tmp_path / "unsigned.airlock")
    surgery.set_envelopes(unsigned, [])
    refused(mirror_config("--registry", f"http://{plain.host}", *base, unsigned), SIGNATURE,
            "unsigned")
    assert not out.exists()
