"""airlock-load receipt and airlock-build create --base SITE.json (issue 16).

A site loads bundle v1 into a real docker-registry; someone also pushes an
image there by other means (skopeo), which the loader state knows nothing
of. The receipt without --registry lists what the state recorded; with
--registry it lists what the registry really holds, so a v2 built from it
leaves that image out too, and still loads. A receipt that claims a blob the
site lacks only makes a delta the site refuses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airlock_testlib import (Registry, build_image, push_image, random_layer, run,
                             skopeo_copy, skopeo_inspect_raw)
from airlock_testlib.exit_codes import AUTH, MISSING_BASE, NETWORK, USAGE
from airlock_testlib.tools import airlock_load, airlock_load_bin, digest_of
from build_helpers import bom_of, create, write_spec
from load_helpers import loaded, refused

KB = 1024


@pytest.fixture(scope="module")
def connected(tmp_path_factory, airlock_bin_dir):
    """The connected side: a source registry with the images, and bundle v1."""
    root = tmp_path_factory.mktemp("receipt")
    source = Registry(root / "source", ca=None).start()
    try:
        work = root / "images"
        images = {
            "app": build_image([random_layer(24 * KB, 1), random_layer(8 * KB, 2)],
                               labels={"airlock.test": "app"}),
            "db": build_image([random_layer(24 * KB, 3)], labels={"airlock.test": "db-1"}),
            "db2": build_image([random_layer(24 * KB, 3), random_layer(12 * KB, 4)],
                               labels={"airlock.test": "db-2"}),
            "extra": build_image([random_layer(20 * KB, 5), random_layer(6 * KB, 6)],
                                 labels={"airlock.test": "extra"}),
        }
        names = {"app": "airlock-test/app:1.0", "db": "airlock-test/db:1.0",
                 "db2": "airlock-test/db:2.0", "extra": "airlock-test/extra:1.0"}
        for key, image in images.items():
            push_image(source, image, names[key], workdir=work)
        refs = {key: f"{source.host}/{name}" for key, name in names.items()}
        v1 = root / "site-1.0.0.airlock"
        create(write_spec(root / "v1.yaml", [refs["app"], refs["db"]], name="site",
                          version="1.0.0"), v1, source)
        yield {"root": root, "source": source, "images": images, "refs": refs, "v1": v1}
    finally:
        source.stop()


@pytest.fixture
def site(connected, tmp_path):
    """A site that loaded v1, and to whose registry an image was pushed by
    other means (at the path the loader would give it)."""
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        loaded(load(connected["v1"], f"registry://{target.host}", state))
        skopeo_copy("docker://" + connected["refs"]["extra"],
                    target.docker_ref("airlock-test/extra:1.0"), "--all", "--preserve-digests",
                    src_registry=connected["source"], dest_registry=target)
        yield {"target": target, "state": state, "dir": tmp_path}
    finally:
        target.stop()


def load(bundle: Path, to: str, state: Path, *args, plain_http: bool = True):
    flags = ["--plain-http"] if plain_http and to.startswith("registry://") else []
    return airlock_load("load", str(bundle), "--to", to, "--state-dir", str(state), "--json",
                        *flags, *args, check=False)


def receipt(state: Path, out: Path, *args, check: bool = True):
    return airlock_load("receipt", "--out", str(out), "--state-dir", str(state), *args,
                        check=check)


def registry_receipt(site, name: str = "site.json") -> tuple[Path, dict]:
    out = site["dir"] / name
    r = receipt(site["state"], out, "--registry", f"registry://{site['target'].host}",
                "--plain-http", "--json")
    return out, json.loads(r.stdout)


def blob_digests(items) -> set:
    return {b["digest"] for b in items}


def image_blobs(image) -> set:
    """Manifest, config and layers of a single-platform test image."""
    return {image.digest, image.config_digest, *(layer.digest for layer in image.layers)}


def build_v2(connected, base: Path, out: Path) -> dict:
    refs = connected["refs"]
    spec = write_spec(out.with_suffix(".yaml"), [refs["app"], refs["db2"], refs["extra"]],
                      name="site", version="2.0.0")
    create(spec, out, connected["source"], "--base", str(base))
    return bom_of(out)


def test_receipt_from_the_state(connected, site):
    out = site["dir"] / "state.json"
    r = receipt(site["state"], out, "--json")
    assert f"network endpoints: none; state: {site['state']}" in r.stderr
    summary = json.loads(r.stdout)
    doc = json.loads(out.read_text())
    v1 = bom_of(connected["v1"])
    assert doc["apiVersion"] == "airlock.dev/v1" and doc["kind"] == "SiteReceipt"
    assert doc["checked"] is False and "target" not in doc
    assert [(b["name"], b["version"]) for b in doc["bundles"]] == [("site", "1.0.0")]
    status = json.loads(airlock_load("status", "--state-dir", str(site["state"]),
                                     "--json").stdout)
    assert doc["bundles"][0]["bomDigest"] == status["bundles"][0]["bomDigest"]
    assert doc["bundles"][0]["loadedAt"]
    # The state knows v1's blobs and nothing of the image pushed by other means.
    assert blob_digests(doc["blobs"]) == blob_digests(v1["blobs"])
    assert not image_blobs(connected["images"]["extra"]) & blob_digests(doc["blobs"])
    assert summary == {"out": str(out), "checked": False, "bundles": 1,
                       "blobs": len(doc["blobs"]), "bytes": sum(b["size"] for b in doc["blobs"]),
                       "notes": [], "leftOut": []}
    assert (out.stat().st_mode & 0o777) == 0o644


def test_receipt_from_the_registry_lists_what_it_really_holds(connected, site):
    target = site["target"]
    out, summary = registry_receipt(site)
    doc = json.loads(out.read_text())
    assert doc["checked"] is True and doc["target"] == f"registry://{target.host}"
    assert [(b["name"], b["version"]) for b in doc["bundles"]] == [("site", "1.0.0")]
    held = blob_digests(doc["blobs"])
    assert blob_digests(bom_of(connected["v1"])["blobs"]) <= held
    assert image_blobs(connected["images"]["extra"]) <= held
    assert summary["checked"] and summary["leftOut"] == []
    assert summary["blobs"] == len(doc["blobs"]) and summary["manifests"] >= 3
    # Every tag of every repository was read, and each blob listed once.
    assert summary["roots"] == sum(len(target.tags(repo)) for repo in target.catalog())
    assert len(held) == len(doc["blobs"])
    extra = connected["images"]["extra"]
    sizes = {b["digest"]: (b["size"], b["mediaType"]) for b in doc["blobs"]}
    assert sizes[extra.digest] == (len(extra.manifest), extra.media_type)
    assert sizes[extra.layers[0].digest] == (extra.layers[0].size, extra.layers[0].media_type)

    # Under a prefix that holds nothing, nothing is listed.
    empty = site["dir"] / "empty.json"
    r = receipt(site["state"], empty, "--registry", f"registry://{target.host}/nothing/here",
                "--plain-http", "--json")
    assert json.loads(r.stdout)["blobs"] == 0 and json.loads(empty.read_text())["blobs"] == []


def test_a_delta_from_the_registry_receipt_carries_less_and_loads(connected, site):
    target, state = site["target"], site["state"]
    state_receipt = site["dir"] / "state.json"
    receipt(state, state_receipt)
    registry_receipt_path, _ = registry_receipt(site)

    from_state = build_v2(connected, state_receipt, site["dir"] / "v2-state.airlock")
    from_registry = build_v2(connected, registry_receipt_path, site["dir"] / "v2-reg.airlock")
    images = connected["images"]
    extra = image_blobs(images["extra"])
    # Both build on v1 and leave app (unchanged since v1) out.
    for bom in (from_state, from_registry):
        assert [(b["name"], b["version"]) for b in bom["base"]["bundles"]] == [("site", "1.0.0")]
        assert image_blobs(images["app"]) <= blob_digests(bom["base"]["blobs"])
        assert images["db2"].layers[1].digest in blob_digests(bom["blobs"])
    # The state does not know the extra image: that delta carries it.
    assert extra <= blob_digests(from_state["blobs"])
    # The registry holds it: that delta leaves it out, and carries less.
    assert not extra & blob_digests(from_registry["blobs"])
    assert extra <= blob_digests(from_registry["base"]["blobs"])
    assert len(from_registry["blobs"]) == len(from_state["blobs"]) - len(extra)
    assert (sum(b["size"] for b in from_registry["blobs"]) <
            sum(b["size"] for b in from_state["blobs"]))

    # And it loads: every image of v2 is at the site, by digest.
    summary = loaded(load(site["dir"] / "v2-reg.airlock", f"registry://{target.host}", state))
    assert summary
    for img in from_registry["images"]:
        repo = img["ref"].split("/", 1)[1].rsplit(":", 1)[0]
        raw = skopeo_inspect_raw(f"{target.host}/{repo}@{img['digest']}", registry=target)
        assert digest_of(raw) == img["digest"]
    status = json.loads(airlock_load("status", "--state-dir", str(state), "--json").stdout)
    assert [(b["name"], b["version"]) for b in status["bundles"]] == [("site", "2.0.0")]


def test_a_lying_receipt_makes_a_delta_the_site_refuses(connected, site):
    target, state = site["target"], site["state"]
    path, _ = registry_receipt(site)
    doc = json.loads(path.read_text())
    # Claim db 2.0's new layer, which the site never received.
    layer = connected["images"]["db2"].layers[1]
    doc["blobs"].append({"digest": layer.digest, "size": layer.size,
                         "mediaType": layer.media_type})
    path.write_text(json.dumps(doc))
    bom = build_v2(connected, path, site["dir"] / "v2-lie.airlock")
    assert layer.digest in blob_digests(bom["base"]["blobs"])
    before = {repo: target.tags(repo) for repo in target.catalog()}
    r = load(site["dir"] / "v2-lie.airlock", f"registry://{target.host}", state)
    refused(r, MISSING_BASE, layer.digest)
    assert {repo: target.tags(repo) for repo in target.catalog()} == before


def test_receipt_of_an_oci_layout(connected, tmp_path):
    layout = tmp_path / "layout"
    state = tmp_path / "state"
    loaded(load(connected["v1"], f"oci:{layout}", state))
    out = tmp_path / "site.json"
    r = receipt(state, out, "--registry", f"oci:{layout}", "--json")
    doc = json.loads(out.read_text())
    assert doc["checked"] is True and doc["target"] == f"oci:{layout}"
    assert blob_digests(bom_of(connected["v1"])["blobs"]) <= blob_digests(doc["blobs"])
    assert json.loads(r.stdout)["leftOut"] == []


def test_receipt_through_tls_client_certificates_and_htpasswd(connected, tmp_path, ca):
    target = Registry(tmp_path / "target", ca=ca, mtls=True, htpasswd=True).start()
    try:
        state = tmp_path / "state"
        tls = ["--cert-dir", str(target.cert_dir)]
        to = f"registry://{target.host}"
        loaded(load(connected["v1"], to, state, *tls, "--authfile", str(target.authfile),
                    plain_http=False))
        out = tmp_path / "site.json"
        # Without credentials the catalog is refused: nothing is written.
        refused(receipt(state, out, "--registry", to, *tls, check=False), AUTH, target.host)
        assert not out.exists()
        r = receipt(state, out, "--registry", to, *tls, "--authfile", str(target.authfile),
                    "--json")
        assert f"network endpoints: https://{target.host};" in r.stderr
        doc = json.loads(out.read_text())
        assert doc["checked"] is True
        assert blob_digests(bom_of(connected["v1"])["blobs"]) <= blob_digests(doc["blobs"])
    finally:
        target.stop()


def test_receipt_refusals(tmp_path, registry_factory):
    state = tmp_path / "state"
    out = tmp_path / "site.json"
    r = receipt(state, out, "--registry", "ftp://example", check=False)
    refused(r, USAGE, "--registry 'ftp://example'")
    r = run([airlock_load_bin(), "receipt", "--state-dir", str(state)], check=False)
    assert r.returncode == USAGE and "--out" in r.stderr
    # A registry that does not answer: nothing is written, and only it was contacted.
    gone = registry_factory("gone", ca=None)
    host = gone.host
    gone.stop()
    r = receipt(state, out, "--registry", f"registry://{host}", "--plain-http", check=False)
    refused(r, NETWORK, host)
    assert f"network endpoints: http://{host};" in r.stderr
    assert not out.exists()
