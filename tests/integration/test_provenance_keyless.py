"""Keyless upstream verification end to end: `airlock-build create` with a
spec `verify: {identity: {issuer, subject | subjectRegExp}, trustedRoot}`
against cosign keyless signatures (tag scheme `sha256-<hex>.sig`: certificate,
chain and Rekor bundle annotations) in a real registry.

The test sigstore (airlock_testlib.keyless, built on
tests/fixtures/sigstore/make_fixtures.py) is a Fulcio CA, a CT log that
issues real precertificate SCTs and a Rekor log, named by a trusted_root.json
written next to the specs. Each image of the one upstream registry carries a
single .sig layer, right or wrong in exactly one way.

The contract:
- verified: the BOM's `images[].provenance[]` is {subject, signature,
  format "cosign", issuer, identity} (no key);
- the signer is not trusted (a CA the trusted root does not list, another
  subject or issuer): exit `untrusted-key` (13);
- the signature or its proofs are bad (certificate expired at the entry's
  integrated time, no Rekor bundle, SET not by the log, the entry about
  another payload, no SCT): exit `signature` (12);
- either way no bundle is written and the image is named on stderr.
"""

from __future__ import annotations

import json

import pytest

from airlock_testlib import Registry, build_image, push_image, random_layer
from airlock_testlib.cosign import Upstream
from airlock_testlib.exit_codes import SIGNATURE, UNTRUSTED_KEY
from airlock_testlib.keyless import (AFTER_EXPIRY, ISSUER, SUBJECT, TestSigstore,
                                     keyless_signature_layer)
from build_helpers import bom_of, create, write_spec

OTHER_SUBJECT = "https://github.com/mallory/app/.github/workflows/release.yml@refs/heads/main"
OTHER_ISSUER = "https://accounts.mallory.example"
SUBJECT_REGEXP = r"https://github\.com/example/[a-z]+/\.github/workflows/.*@refs/heads/main"

# name -> (how the one .sig layer is made, expected exit code, what stderr must say)
REFUSED = {
    "untrusted-ca": (dict(leaf=dict(untrusted=True)), UNTRUSTED_KEY, "untrusted CA"),
    "other-subject": (dict(leaf=dict(san=OTHER_SUBJECT)), UNTRUSTED_KEY, "does not match"),
    "other-issuer": (dict(leaf=dict(issuer=OTHER_ISSUER)), UNTRUSTED_KEY, "does not match"),
    "expired": (dict(layer=dict(integrated_time=AFTER_EXPIRY)), SIGNATURE, "expired"),
    "no-bundle": (dict(layer=dict(bundle=False)), SIGNATURE, "proof missing"),
    "forged-set": (dict(layer=dict(set_key="forger")), SIGNATURE, "SET does not verify"),
    "set-other-payload": (dict(layer=dict(logged_payload=b'{"another":"payload"}')), SIGNATURE,
                          "another artifact digest"),
    "no-sct": (dict(leaf=dict(sct="none")), SIGNATURE, "no embedded SCT"),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca, airlock_bin_dir):
    """The upstream registry: "good" signed keylessly as it should be, and one
    image per way of being wrong; the trusted root file; a cache of builds."""
    root = tmp_path_factory.mktemp("keyless")
    store = TestSigstore()
    (root / "trusted_root.json").write_text(store.trusted_root_json())
    source = Registry(root / "source", ca=ca).start()
    try:
        images, sigs = {}, {}
        for seed, name in enumerate(["good", *REFUSED], start=1700):
            image = build_image([random_layer(2000, seed)], config={"Cmd": ["/bin/sh"]})
            info = push_image(source, image, f"kl/{name}:1.0", workdir=root / "seed")
            how = REFUSED.get(name, ({}, 0, ""))[0]
            layer_args = dict(how.get("layer", {}))
            if layer_args.get("set_key") == "forger":
                layer_args["set_key"] = store.forger_key
            up = Upstream(source, f"kl/{name}")
            leaf = store.leaf(**how.get("leaf", {}))
            layer = keyless_signature_layer(store, leaf, up.reference, info["digest"],
                                            **layer_args)
            sigs[name] = up.push_signature_layers(info["digest"], [layer])
            images[name] = info
        yield {"root": root, "source": source, "images": images, "sigs": sigs, "builds": {}}
    finally:
        source.stop()


def ref(world, name: str) -> str:
    return f"{world['source'].host}/kl/{name}:1.0"


def keyless_verify(*, subject: str | None = SUBJECT, regexp: str | None = None,
                   issuer: str = ISSUER) -> dict:
    identity = {"issuer": issuer}
    if regexp is not None:
        identity["subjectRegExp"] = regexp
    else:
        identity["subject"] = subject
    return {"identity": identity, "trustedRoot": "trusted_root.json"}


def build(world, label: str, images: list, verify: dict | None = None):
    """Build a spec once (cached by label); `verify` is the top-level one.
    Returns (CompletedProcess, bundle path)."""
    if label not in world["builds"]:
        extra = "verify: " + json.dumps(verify) + "\n" if verify is not None else ""
        spec = write_spec(world["root"] / f"{label}.yaml",
                          [ref(world, i) if isinstance(i, str) else i for i in images],
                          name=f"kl-{label}", extra=extra)
        out = world["root"] / f"{label}.airlock"
        world["builds"][label] = (create(spec, out, world["source"], check=False), out)
    return world["builds"][label]


def bom_image(bom: dict, name: str) -> dict:
    [img] = [i for i in bom["images"] if i["ref"].endswith(f"/kl/{name}:1.0")]
    return img


def expected_provenance(world, name: str) -> list:
    return [{"subject": world["images"][name]["digest"], "signature": world["sigs"][name].digest,
             "format": "cosign", "issuer": ISSUER, "identity": SUBJECT}]


def assert_refused(r, out, image: str, code: int, why: str) -> None:
    assert r.returncode == code, (r.returncode, r.stderr)
    assert f"kl/{image}" in r.stderr, r.stderr
    assert why in r.stderr, r.stderr
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".airlock-tmp")]


# --- verified ----------------------------------------------------------------------------
def test_exact_identity_verifies_and_is_recorded(world):
    r, out = build(world, "exact", ["good"], keyless_verify())
    assert r.returncode == 0, r.stderr
    img = bom_image(bom_of(out), "good")
    assert img["digest"] == world["images"]["good"]["digest"]
    assert img["provenance"] == expected_provenance(world, "good")


def test_subject_regexp_verifies_per_image(world):
    """subjectRegExp (matched against the whole SAN) in a per-image verify."""
    entry = {"ref": ref(world, "good"), "verify": keyless_verify(regexp=SUBJECT_REGEXP)}
    r, out = build(world, "regexp", [entry])
    assert r.returncode == 0, r.stderr
    assert bom_image(bom_of(out), "good")["provenance"] == expected_provenance(world, "good")


# --- refused -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(REFUSED))
def test_a_bad_keyless_signature_fails_closed(world, name):
    _, code, why = REFUSED[name]
    r, out = build(world, name, [name], keyless_verify())
    assert_refused(r, out, name, code, why)


@pytest.mark.parametrize("label, verify", [
    ("policy-subject", keyless_verify(subject=OTHER_SUBJECT)),
    ("policy-issuer", keyless_verify(issuer=OTHER_ISSUER)),
    ("policy-regexp-partial", keyless_verify(regexp="https://github\\.com/example/app")),
])
def test_a_good_signature_by_another_identity_than_asked_is_untrusted(world, label, verify):
    """The policy names someone else: the good image's signer is not trusted.
    A pattern matching only a prefix of the SAN does not match (anchored)."""
    r, out = build(world, label, ["good"], verify)
    assert_refused(r, out, "good", UNTRUSTED_KEY, "does not match")
