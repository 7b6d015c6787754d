"""Issue 18 item 1: `airlock-load load --sign-with SITE.key` signs every
manifest and index of the bundle's images with the site's key, in cosign's
format, in the registry it loads into.

The oracle below is written here with python3-cryptography and reads only
registry bytes and the site's public key: for every manifest reachable from
the bundle's tags in the target (each index and each child), the tag
`sha256-<hex>.sig` exists in the mirror repository, it is an OCI image
manifest with cosign's config, and one of its simple-signing layers carries a
signature (annotation dev.cosignproject.cosign/signature) that verifies with
the site key over the payload, whose docker-reference is the mirror
repository and whose docker-manifest-digest is that manifest. An image pushed
by other means (skopeo copy) has no .sig; a second load writes no signature
(every .sig manifest keeps its digest). An upstream cosign signature the
bundle carries stays in the .sig, with the site's layer appended. Both key
types `airlock-build keys generate` makes: ECDSA P-256 and Ed25519.

The whole module runs air-gapped (a network namespace with loopback only).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from airlock_testlib import Registry, build_image, multiarch_image, push_image, random_layer, run
from airlock_testlib.cosign import CosignKey, Upstream
from airlock_testlib.netns import airgap, interfaces
from airlock_testlib.referrers import Writer
from airlock_testlib.tools import airlock_build, airlock_load_bin, digest_of, skopeo_copy
from build_helpers import bom_of, create, write_spec
from load_helpers import loaded

SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json"
SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
INDEX_TYPES = ("application/vnd.oci.image.index.v1+json",
               "application/vnd.docker.distribution.manifest.list.v2+json")
VENDOR = CosignKey.generate(seed=18)     # an upstream publisher's cosign key


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca, airgapped, airlock_bin_dir):
    """A bundle of a multi-arch image, a single image, a Docker schema2 image
    and a multi-arch image whose index and children the vendor signed upstream."""
    root = tmp_path_factory.mktemp("site-signatures")
    source = Registry(root / "source", ca=ca).start()
    try:
        seeds = iter(range(1800, 1900))

        def push(name, item, **kw):
            return push_image(source, item, f"sitesig/{name}:1.0", workdir=root / "seed", **kw)

        push("multi", multiarch_image(1801, layer_size=3000, layers=1))
        push("single", build_image([random_layer(2500, next(seeds))], config={"Cmd": ["/bin/sh"]}))
        push("v2s2", build_image([random_layer(2000, next(seeds))]), fmt="v2s2")
        vendor = push("vendor", multiarch_image(1802, layer_size=2000, layers=1))
        up = Upstream(source, "sitesig/vendor")
        for digest in [vendor["digest"], *vendor["manifests"].values()]:
            up.sign(digest, VENDOR)
        names = ["multi", "single", "v2s2", "vendor"]
        spec = write_spec(root / "spec.yaml",
                          [f"{source.host}/sitesig/{n}:1.0" for n in names], name="sitesig")
        bundle = root / "sitesig.airlock"
        create(spec, bundle, source, "--sbom", "none")
        yield {"root": root, "source": source, "bundle": bundle, "bom": bom_of(bundle),
               "vendor": vendor}
    finally:
        source.stop()


# --- the oracle ------------------------------------------------------------------------
def load_site_public_key(path: Path):
    return serialization.load_pem_public_key(path.read_bytes())


def signature_verifies(public_key, signature: bytes, payload: bytes) -> bool:
    """cosign's rule: ECDSA P-256 DER over SHA-256 of the payload; Ed25519 over the payload."""
    try:
        if isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, payload, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, payload)
        else:
            return False
        return True
    except (InvalidSignature, ValueError):
        return False


def sig_tag(digest: str) -> str:
    alg, _, hexpart = digest.partition(":")
    return f"{alg}-{hexpart}.sig"


def reachable(writer: Writer, repo: str, tag: str) -> list:
    """Every manifest digest the tag reaches in `repo`: children, then the index."""
    raw = writer.get_manifest(repo, tag)
    assert raw is not None, f"{repo}:{tag} missing"
    out = []
    doc = json.loads(raw)
    if doc.get("mediaType") in INDEX_TYPES or "manifests" in doc:
        for child in doc["manifests"]:
            assert writer.get_manifest(repo, child["digest"]) is not None
            out.append(child["digest"])
    out.append(digest_of(raw))
    return out


def site_signature(writer: Writer, host: str, repo: str, digest: str, public_key) -> dict:
    """Checks the .sig of repo@digest; returns what was found:
    {"manifest": digest of the .sig manifest, "layers": n, "site": n verified}."""
    raw = writer.get_manifest(repo, sig_tag(digest))
    assert raw is not None, f"{repo}@{digest}: no {sig_tag(digest)}"
    doc = json.loads(raw)
    assert doc["schemaVersion"] == 2
    assert doc["mediaType"] == OCI_MANIFEST
    assert doc["config"]["mediaType"] == OCI_CONFIG
    config = json.loads(writer.get_blob(repo, doc["config"]["digest"]))
    # The config go-containerregistry makes for an empty image with the layers appended.
    assert config["rootfs"] == {"type": "layers",
                                "diff_ids": [layer["digest"] for layer in doc["layers"]]}
    assert config["architecture"] == "" and config["os"] == "" and config["config"] == {}
    assert len(config["history"]) == len(doc["layers"])
    verified = 0
    for layer in doc["layers"]:
        assert layer["mediaType"] == SIMPLESIGNING
        payload = writer.get_blob(repo, layer["digest"])
        signature = base64.b64decode(layer["annotations"][SIGNATURE_ANNOTATION], validate=True)
        if not signature_verifies(public_key, signature, payload):
            continue
        claim = json.loads(payload)
        assert claim == {"critical": {"identity": {"docker-reference": f"{host}/{repo}"},
                                      "image": {"docker-manifest-digest": digest},
                                      "type": "cosign container image signature"},
                         "optional": None}, claim
        verified += 1
    assert verified == 1, f"{repo}@{digest}: {verified} site signature(s) verify"
    return {"manifest": digest_of(raw), "layers": len(doc["layers"])}


def check_every_manifest(world, target: Registry, public_key) -> dict:
    """{(repo, digest): site_signature(...)} over every manifest the bundle's tags reach."""
    writer = Writer(target.client())
    found = {}
    for img in world["bom"]["images"]:
        path, tag = img["ref"].split("/", 1)[1].rsplit(":", 1)
        for digest in reachable(writer, path, tag):
            found[(path, digest)] = site_signature(writer, target.host, path, digest, public_key)
    return found


def audit(state: Path) -> list:
    return [json.loads(line) for line in (state / "audit.jsonl").read_text().splitlines()]


def load(world, target: Registry, state: Path, key: Path):
    return run([str(airlock_load_bin()), "load", str(world["bundle"]), "--to",
                f"registry://{target.host}", "--plain-http", "--state-dir", str(state),
                "--sign-with", str(key), "--json"], check=False)


# --- tests -----------------------------------------------------------------------------
@pytest.mark.parametrize("key_type", ["ecdsa-p256", "ed25519"])
def test_every_loaded_manifest_carries_a_site_signature(world, tmp_path, key_type):
    assert interfaces() == ["lo"]
    airlock_build("keys", "generate", "--out", str(tmp_path / "site"), "--type", key_type)
    key, pub = tmp_path / "site.key", tmp_path / "site.pub"
    public_key = load_site_public_key(pub)
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        r = load(world, target, state, key)
        summary = loaded(r)
        found = check_every_manifest(world, target, public_key)
        # multi: index + 2, single: 1, v2s2: 1, vendor: index + 2.
        assert len(found) == 8
        assert summary["signatures"]["written"] == 8
        assert summary["signatures"]["skipped"] == 0
        assert len(summary["signatures"]["keyId"]) == 64
        # The vendor's upstream signatures stay, the site's layer appended after them.
        vendor_writer = Writer(target.client())
        for digest in [world["vendor"]["digest"], *world["vendor"]["manifests"].values()]:
            assert found[("sitesig/vendor", digest)]["layers"] == 2
            doc = json.loads(vendor_writer.get_manifest("sitesig/vendor", sig_tag(digest)))
            first = vendor_writer.get_blob("sitesig/vendor", doc["layers"][0]["digest"])
            assert json.loads(first)["critical"]["image"]["docker-manifest-digest"] == digest
            upstream_sig = base64.b64decode(doc["layers"][0]["annotations"][SIGNATURE_ANNOTATION])
            assert signature_verifies(VENDOR.public_key, upstream_sig, first)

        # Audited, one event per signature, all before the first image tag.
        events = audit(state)
        kinds = [e["event"] for e in events]
        signed = [e for e in events if e["event"] == "signature"]
        assert len(signed) == 8 and all(e["outcome"] == "written" for e in signed)
        assert {(e["repo"], e["subject"]) for e in signed} == set(found)
        image_tags = [i for i, e in enumerate(events)
                      if e["event"] == "tag" and not e["name"].startswith("sha256-")]
        assert max(i for i, k in enumerate(kinds) if k == "signature") < min(image_tags)

        # An image pushed by other means has no site signature.
        skopeo_copy(f"docker://{world['source'].host}/sitesig/single:1.0",
                    f"docker://{target.host}/other/copied:1.0", "--preserve-digests",
                    src_registry=world["source"], dest_registry=target)
        writer = Writer(target.client())
        copied = digest_of(writer.get_manifest("other/copied", "1.0"))
        assert writer.get_manifest("other/copied", sig_tag(copied)) is None
        assert not [t for t in target.tags("other/copied") if t.endswith(".sig")]

        # A second load signs nothing again: every .sig manifest is unchanged.
        again = loaded(load(world, target, state, key))
        assert again["signatures"] == {"keyId": summary["signatures"]["keyId"], "written": 0,
                                       "skipped": 8}
        assert check_every_manifest(world, target, public_key) == found
        # The vendor's .sig tags were not put back over the appended ones.
        assert again["tags"] == 0
        assert len([e for e in audit(state) if e["event"] == "signature"]) == 16
    finally:
        target.stop()


def test_a_second_site_key_signs_beside_the_first(world, tmp_path):
    for name, key_type in (("one", "ecdsa-p256"), ("two", "ed25519")):
        airlock_build("keys", "generate", "--out", str(tmp_path / name), "--type", key_type)
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        state = tmp_path / "state"
        loaded(load(world, target, state, tmp_path / "one.key"))
        second = loaded(load(world, target, state, tmp_path / "two.key"))
        assert second["signatures"]["written"] == 8
        for name in ("one", "two"):
            found = check_every_manifest(world, target,
                                         load_site_public_key(tmp_path / f"{name}.pub"))
            assert {v["layers"] for (repo, _), v in found.items() if repo != "sitesig/vendor"} \
                == {2}
    finally:
        target.stop()


def test_an_unreadable_key_stops_the_load_before_any_write(world, tmp_path):
    target = Registry(tmp_path / "target", ca=None).start()
    try:
        bad = tmp_path / "bad.key"
        bad.write_text("not a key\n")
        r = load(world, target, tmp_path / "state", bad)
        assert r.returncode != 0
        assert "bad.key" in r.stderr
        assert target.catalog() == []
    finally:
        target.stop()


def test_an_oci_layout_target_gets_the_signatures_in_its_index(world, tmp_path):
    """oci: targets name images by their canonical references: each .sig is
    the entry `<canonical repository>:sha256-<hex>.sig` of index.json, and its
    payload names the canonical repository."""
    airlock_build("keys", "generate", "--out", str(tmp_path / "site"), "--type", "ed25519")
    public_key = load_site_public_key(tmp_path / "site.pub")
    layout = tmp_path / "layout"
    cmd = [str(airlock_load_bin()), "load", str(world["bundle"]), "--to", f"oci:{layout}",
           "--state-dir", str(tmp_path / "state"), "--sign-with", str(tmp_path / "site.key"),
           "--json"]
    summary = loaded(run(cmd, check=False))
    assert summary["signatures"]["written"] == 8

    def blob(digest: str) -> bytes:
        data = (layout / "blobs" / "sha256" / digest.split(":", 1)[1]).read_bytes()
        assert digest_of(data) == digest
        return data

    names = {m["annotations"]["org.opencontainers.image.ref.name"]: m["digest"]
             for m in json.loads((layout / "index.json").read_text())["manifests"]}
    checked = 0
    for img in world["bom"]["images"]:
        repository = img["ref"].rsplit(":", 1)[0]
        top = json.loads(blob(names[img["ref"]]))
        subjects = [c["digest"] for c in top.get("manifests", [])] + [names[img["ref"]]]
        for digest in subjects:
            sig = json.loads(blob(names[f"{repository}:{sig_tag(digest)}"]))
            payloads = [blob(layer["digest"]) for layer in sig["layers"]]
            good = [p for p, layer in zip(payloads, sig["layers"]) if signature_verifies(
                public_key, base64.b64decode(layer["annotations"][SIGNATURE_ANNOTATION]), p)]
            assert len(good) == 1
            claim = json.loads(good[0])["critical"]
            assert claim["identity"]["docker-reference"] == repository
            assert claim["image"]["docker-manifest-digest"] == digest
            checked += 1
    assert checked == 8
    again = loaded(run(cmd, check=False))
    assert again["signatures"]["written"] == 0 and again["signatures"]["skipped"] == 8
