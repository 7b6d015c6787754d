"""The provenance oracle (airlock_testlib.cosign, .referrers) tested on its own:
what it writes into a real docker-registry is what cosign and OCI 1.1 clients
write, its signatures are ECDSA P-256 that openssl agrees with, and its
verifier accepts good signatures and rejects each kind of bad one. The
provenance tests (test_provenance.py) judge airlock with this verifier, so it
must be shown able to fail. Needs no airlock binary.
"""

from __future__ import annotations

import base64
import json

import pytest

from airlock_testlib import Registry, build_image, multiarch_image, push_image, random_layer, run
from airlock_testlib.cosign import (BAD_SIGNATURES, BUNDLE_V03, DSSE_ENVELOPE, OCI_CONFIG,
                                    SIGNATURE_ANNOTATION, SIMPLESIGNING, SPDX_ARTIFACT, SPDX_JSON,
                                    CosignKey, Upstream, attached_tags, bad_signature_layer,
                                    cosign_tag, key_id_of, pae, verify_image)
from airlock_testlib.referrers import (EMPTY_DESCRIPTOR, OCI_INDEX, OCI_MANIFEST, Writer,
                                       artifact_manifest, list_referrers, referrers_tag)
from airlock_testlib.tools import digest_of, skopeo_inspect_raw

KEY = CosignKey.generate(seed=1)
OTHER = CosignKey.generate(seed=2)


@pytest.fixture(scope="module")
def reg(tmp_path_factory, ca):
    r = Registry(tmp_path_factory.mktemp("oracle-registry"), ca=ca).start()
    yield r
    r.stop()


_seeds = iter(range(100, 10_000))


def new_image(reg, repo: str) -> str:
    """A distinct small image pushed as repo:1.0; returns its digest."""
    img = build_image([random_layer(2048, next(_seeds))])
    return push_image(reg, img, f"{repo}:1.0")["digest"]


@pytest.fixture(scope="module")
def signed(reg):
    """One image with the full upstream set, and what was attached."""
    repo = "oracle/signed"
    digest = new_image(reg, repo)
    attached = Upstream(reg, repo).provenance(digest, KEY)
    return {"repo": repo, "digest": digest, "attached": attached}


def test_keys_are_p256_pem_spki_and_key_id_is_sha256_of_der(tmp_path):
    pub = KEY.write(tmp_path, "upstream")
    text = pub.read_text()
    assert text.startswith("-----BEGIN PUBLIC KEY-----")
    out = run(["openssl", "pkey", "-pubin", "-in", pub, "-outform", "DER"], text=False).stdout
    assert KEY.key_id == digest_of(out).split(":", 1)[1] == key_id_of(KEY.public_key)
    assert "prime256v1" in run(["openssl", "pkey", "-pubin", "-in", pub, "-text", "-noout"]).stdout
    assert CosignKey.generate(seed=1).key_id == KEY.key_id != OTHER.key_id


def test_good_provenance_is_listed_and_every_signature_verifies(reg, signed):
    digest = signed["digest"]
    report = verify_image(reg.client(), signed["repo"], digest, [KEY])
    assert sorted(report.attachments, key=lambda a: a["digest"]) == sorted(
        (a.bom_entry() for a in signed["attached"]), key=lambda a: a["digest"])
    assert sorted(report.kinds()) == ["attestation", "referrer", "sbom", "signature"]
    assert [f.format for f in report.verified()] == ["cosign", "dsse", "sigstore-bundle"]
    assert all(f.key_id == KEY.key_id for f in report.verified())
    assert report.rejected() == []
    tags = reg.tags(signed["repo"])
    assert attached_tags(tags, digest) == sorted(
        [referrers_tag(digest)] + [cosign_tag(digest, s) for s in ("sig", "att", "sbom")])


def test_what_is_written_has_cosign_and_oci_shapes(reg, signed):
    """Read back with skopeo (an independent client): media types, annotations,
    config, subject and the referrers index as the cosign and OCI specs say."""
    repo, digest = signed["repo"], signed["digest"]
    by_kind = {}
    for a in signed["attached"]:
        by_kind.setdefault((a.kind, a.artifact_type), a)
    sig = by_kind[("signature", None)]
    raw = skopeo_inspect_raw(f"{reg.host}/{repo}:{cosign_tag(digest, 'sig')}", registry=reg)
    assert raw == sig.manifest.raw
    doc = json.loads(raw)
    assert doc["mediaType"] == OCI_MANIFEST and doc["config"]["mediaType"] == OCI_CONFIG
    config = json.loads(reg.blob_bytes(repo, doc["config"]["digest"]))
    assert config["rootfs"]["diff_ids"] == [doc["layers"][0]["digest"]]
    layer = doc["layers"][0]
    assert layer["mediaType"] == SIMPLESIGNING
    payload = json.loads(reg.blob_bytes(repo, layer["digest"]))
    assert payload == {"critical": {"identity": {"docker-reference": f"{reg.host}/{repo}"},
                                    "image": {"docker-manifest-digest": digest},
                                    "type": "cosign container image signature"},
                       "optional": None}
    base64.b64decode(layer["annotations"][SIGNATURE_ANNOTATION], validate=True)

    att = json.loads(by_kind[("attestation", None)].manifest.raw)["layers"][0]
    assert att["mediaType"] == DSSE_ENVELOPE and att["annotations"]["predicateType"]
    sbom = json.loads(by_kind[("sbom", None)].manifest.raw)["layers"][0]
    assert sbom["mediaType"] == SPDX_JSON

    index = json.loads(reg.manifest_raw(repo, referrers_tag(digest)))
    assert index["mediaType"] == OCI_INDEX
    listed = {m["digest"]: m for m in index["manifests"]}
    for art in (by_kind[("referrer", SPDX_ARTIFACT)], by_kind[("referrer", BUNDLE_V03)]):
        m = json.loads(skopeo_inspect_raw(f"{reg.host}/{repo}@{art.digest}", registry=reg))
        assert m["subject"]["digest"] == digest and m["config"] == EMPTY_DESCRIPTOR
        assert listed[art.digest]["artifactType"] == m["artifactType"] == art.artifact_type
        assert listed[art.digest]["size"] == len(art.manifest.raw)
        assert listed[art.digest]["annotations"] == m["annotations"]
    bundle = json.loads(reg.blob_bytes(repo, json.loads(
        by_kind[("referrer", BUNDLE_V03)].manifest.raw)["layers"][0]["digest"]))
    assert bundle["mediaType"] == BUNDLE_V03
    assert base64.b64decode(bundle["messageSignature"]["messageDigest"]["digest"]).hex() == \
        digest.split(":", 1)[1]


def test_openssl_agrees_with_the_signatures(reg, signed, tmp_path):
    """Each signature the oracle makes verifies with `openssl dgst -sha256
    -verify` over what it claims to sign, and fails when one byte changes."""
    repo, digest = signed["repo"], signed["digest"]
    pub = KEY.write(tmp_path, "k")

    def openssl_ok(message: bytes, signature: bytes) -> bool:
        (tmp_path / "msg").write_bytes(message)
        (tmp_path / "sig").write_bytes(signature)
        r = run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", tmp_path / "sig",
                 tmp_path / "msg"], check=False)
        return r.returncode == 0 and "Verified OK" in r.stdout

    by_kind = {(a.kind, a.artifact_type): a for a in signed["attached"]}
    layer = by_kind[("signature", None)].manifest.doc["layers"][0]
    payload = reg.blob_bytes(repo, layer["digest"])
    sig = base64.b64decode(layer["annotations"][SIGNATURE_ANNOTATION])
    assert openssl_ok(payload, sig)
    assert not openssl_ok(payload + b" ", sig)

    env = json.loads(reg.blob_bytes(repo, by_kind[("attestation", None)].manifest.doc["layers"][0]["digest"]))
    statement = base64.b64decode(env["payload"])
    assert json.loads(statement)["subject"][0]["digest"]["sha256"] == digest.split(":", 1)[1]
    dsse_sig = base64.b64decode(env["signatures"][0]["sig"])
    assert openssl_ok(pae(env["payloadType"], statement), dsse_sig)
    assert not openssl_ok(statement, dsse_sig)

    bundle = json.loads(reg.blob_bytes(repo, by_kind[("referrer", BUNDLE_V03)].manifest.doc["layers"][0]["digest"]))
    image_manifest = reg.manifest_raw(repo, digest)
    assert digest_of(image_manifest) == digest
    bundle_sig = base64.b64decode(bundle["messageSignature"]["signature"])
    assert openssl_ok(image_manifest, bundle_sig)   # messageSignature: over the manifest bytes
    assert not openssl_ok(image_manifest + b"\n", bundle_sig)


def test_a_key_that_did_not_sign_verifies_nothing(reg, signed):
    report = verify_image(reg.client(), signed["repo"], signed["digest"], [OTHER])
    assert report.verified() == []
    assert sorted(f.format for f in report.rejected()) == ["cosign", "dsse", "sigstore-bundle"]
    # Both keys given: the right one is named.
    both = verify_image(reg.client(), signed["repo"], signed["digest"], [OTHER, KEY])
    assert {f.key_id for f in both.verified()} == {KEY.key_id}


EXPECTED_WHY = {
    "wrong-key": "no given key verifies",
    "signature-of-other": "no given key verifies",
    "payload-names-other": "payload names sha256:",
    "tampered-payload": "no given key verifies",
    "tampered-annotation": "no given key verifies",
    "not-base64": "not base64",
    "no-annotation": "missing",
}


@pytest.mark.parametrize("how", BAD_SIGNATURES)
def test_each_bad_cosign_signature_is_rejected(reg, how):
    repo = f"oracle/bad-{how}"
    digest = new_image(reg, repo)
    other = new_image(reg, "oracle/other")
    up = Upstream(reg, repo)
    key = OTHER if how == "wrong-key" else KEY
    up.push_signature_layers(digest, [bad_signature_layer(how, up, digest, key, other)])
    report = verify_image(reg.client(), repo, digest, [KEY])
    assert [a["kind"] for a in report.attachments] == ["signature"]
    assert report.verified() == []
    [finding] = report.rejected()
    assert finding.format == "cosign" and EXPECTED_WHY[how] in finding.why, finding
    if how == "payload-names-other":
        assert other in finding.why and finding.key_id == KEY.key_id


def test_a_good_signature_next_to_a_bad_one_counts_alone(reg):
    """cosign appends signatures to one .sig manifest: each layer is judged alone."""
    repo = "oracle/mixed"
    digest = new_image(reg, repo)
    up = Upstream(reg, repo)
    first = up.sign(digest, OTHER)
    second = up.sign(digest, KEY)
    assert len(second.manifest.doc["layers"]) == 2 and first.digest != second.digest
    report = verify_image(reg.client(), repo, digest, [KEY])
    assert [a["digest"] for a in report.attachments] == [second.digest]
    assert [(f.ok, f.key_id) for f in report.findings] == [(False, None), (True, KEY.key_id)]
    assert {f.key_id for f in verify_image(reg.client(), repo, digest, [KEY, OTHER]).verified()} \
        == {KEY.key_id, OTHER.key_id}


def test_no_provenance_lists_nothing(reg):
    repo = "oracle/unsigned"
    digest = new_image(reg, repo)
    report = verify_image(reg.client(), repo, digest, [KEY])
    assert report.attachments == [] and report.findings == [] and report.referrers_index == []


@pytest.mark.parametrize("how", ["message-digest-of-other", "signature-of-other", "wrong-key"])
def test_bad_sigstore_bundles_are_rejected(reg, how):
    repo = f"oracle/bundle-{how}"
    digest = new_image(reg, repo)
    other = new_image(reg, "oracle/other")
    up = Upstream(reg, repo)
    if how == "message-digest-of-other":
        up.add_bundle_referrer(digest, KEY, message_digest=other,
                               signature=KEY.sign_digest(other))
    elif how == "signature-of-other":
        up.add_bundle_referrer(digest, KEY, signature=KEY.sign_digest(other))
    else:
        up.add_bundle_referrer(digest, OTHER)
    report = verify_image(reg.client(), repo, digest, [KEY])
    assert [a["artifactType"] for a in report.attachments] == [BUNDLE_V03]
    assert report.verified() == []
    [finding] = report.rejected()
    assert finding.format == "sigstore-bundle"
    assert ("messageDigest" in finding.why) == (how == "message-digest-of-other"), finding


def test_bad_attestation_is_rejected(reg):
    repo = "oracle/att-bad"
    digest = new_image(reg, repo)
    other = new_image(reg, "oracle/other")
    up = Upstream(reg, repo)
    up.attest(digest, OTHER)
    assert verify_image(reg.client(), repo, digest, [KEY]).verified() == []
    # A statement about another image, under this image's .att tag, validly signed.
    repo2 = "oracle/att-other"
    digest2 = new_image(reg, repo2)
    up2 = Upstream(reg, repo2)
    att = up2.attest(other, KEY)
    up2.push_signature_layers(digest2, [(l["mediaType"], att.manifest.blobs[l["digest"]],
                                         l["annotations"]) for l in att.manifest.doc["layers"]],
                              suffix="att")
    [finding] = verify_image(reg.client(), repo2, digest2, [KEY]).rejected()
    assert "do not include" in finding.why


def test_referrers_tag_schema_index_is_maintained(reg):
    """404 is an empty list; each push adds one descriptor and keeps the others;
    pushing the same referrer again does not list it twice; a referrer listed
    under a subject it does not name is reported, not verified."""
    repo = "oracle/referrers"
    digest = new_image(reg, repo)
    writer = Writer(reg.client())
    assert list_referrers(writer, repo, digest) == []
    up = Upstream(reg, repo)
    a = up.add_artifact_referrer(digest, artifact_type="application/vnd.airlock.test+json",
                                 data=b'{"n":1}')
    b = up.add_bundle_referrer(digest, KEY)
    up.add_referrer(b.manifest)               # pushed again: listed once
    listed = list_referrers(writer, repo, digest)
    assert [m["digest"] for m in listed] == [a.digest, b.digest]
    assert [m["artifactType"] for m in listed] == ["application/vnd.airlock.test+json", BUNDLE_V03]
    assert all(m["mediaType"] == OCI_MANIFEST for m in listed)

    # A referrer about another image, listed in this image's index.
    other = new_image(reg, repo.replace("referrers", "referrers-x"))
    stray = artifact_manifest("application/vnd.airlock.test+json",
                              {"mediaType": OCI_MANIFEST, "digest": digest, "size": 1},
                              [("application/vnd.airlock.test+json", b'{"n":2}', None)])
    doc = stray.doc
    doc["subject"]["digest"] = other
    stray.raw = json.dumps(doc).encode()
    stray.push(writer, repo)
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX,
             "manifests": listed + [stray.descriptor()]}
    writer.push_manifest(repo, referrers_tag(digest), json.dumps(index).encode(), OCI_INDEX)
    report = verify_image(reg.client(), repo, digest, [KEY])
    assert [f.why for f in report.rejected()] == ["referrer's subject is another manifest"]
    assert len(report.verified("sigstore-bundle")) == 1


def test_multiarch_index_and_children_are_signed(reg):
    repo = "oracle/multi"
    idx = multiarch_image(77, layer_size=2048, layers=1)
    info = push_image(reg, idx, f"{repo}:1.0")
    children = list(info["manifests"].values())
    attached = Upstream(reg, repo).provenance(info["digest"], KEY, children=children)
    assert sorted(a.subject for a in attached if a.kind == "signature") == sorted(
        [info["digest"], *children])
    for subject in [info["digest"], *children]:
        report = verify_image(reg.client(), repo, subject, [KEY])
        assert report.verified("cosign") and not report.rejected()
    # A child's signature does not verify for the index, nor the other way round.
    moved = Upstream(reg, "oracle/multi-moved")
    push_image(reg, idx, "oracle/multi-moved:1.0")
    sig_of_child = [a for a in attached if a.kind == "signature" and a.subject == children[0]][0]
    layers = [(l["mediaType"], sig_of_child.manifest.blobs[l["digest"]], l["annotations"])
              for l in sig_of_child.manifest.doc["layers"]]
    moved.push_signature_layers(info["digest"], layers)
    [finding] = verify_image(reg.client(), "oracle/multi-moved", info["digest"], [KEY]).findings
    assert not finding.ok and children[0] in finding.why
