"""Issue 15 acceptance: upstream provenance (cosign signatures, attestations and
SBOMs in cosign's tag scheme; OCI 1.1 referrers, sigstore bundles among them)
is verified by airlock-build against the spec's keys, recorded in the BOM and
carried into the site registry by airlock-load with the upstream digests.

The upstream registry is seeded once (airlock_testlib.cosign writes what cosign
and OCI 1.1 clients write; test_provenance_oracle.py tests that writer and the
verifier). Each spec is built once. The whole module runs air-gapped (a network
namespace with loopback only), like test_load_registry.py.

The contract (spec, BOM and exit codes) these tests hold the product to:

- spec: top-level `attachments: all | signatures | none` (default all), per
  image `{ref, attachments}`; top-level `verify: {keys: [PUB, ...]}`, per image
  `verify` replacing it.
- BOM `images[].attachments[]`: {kind signature|attestation|sbom|referrer,
  subject, digest, mediaType, artifactType (omitted when empty), tag (cosign
  tag scheme only)}; `images[].provenance[]`: {subject, signature, format
  cosign|sigstore-bundle, key (hex sha256 of the DER SPKI)}.
- verification fails closed: exit `signature` (12), no bundle written, the
  image named on stderr.
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from airlock_testlib import Registry, build_image, multiarch_image, push_image, random_layer, run
from airlock_testlib.cosign import (BUNDLE_V03, CosignKey, Upstream, bad_signature_layer,
                                    cosign_tag, verify_image)
from airlock_testlib.exit_codes import SIGNATURE
from airlock_testlib.netns import airgap, interfaces
from airlock_testlib.referrers import Writer, list_referrers, referrers_tag
from airlock_testlib.tools import airlock_build_bin, airlock_load_bin, digest_of
from build_helpers import bom_of, create, write_spec

KEY = CosignKey.generate(seed=15)        # the upstream publisher's cosign key
OTHER = CosignKey.generate(seed=16)      # someone else's
BAD = ("wrong-key", "signature-of-other", "payload-names-other", "tampered-payload",
       "tampered-annotation")
CONTRACT_FIELDS = ("kind", "subject", "digest", "mediaType", "artifactType", "tag")


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca, airgapped, airlock_bin_dir):
    """The upstream registry with every image and its provenance, the two key
    files, and caches of built bundles and loads."""
    root = tmp_path_factory.mktemp("provenance")
    source = Registry(root / "source", ca=ca).start()
    site = None
    try:
        keys = {"good": KEY.write(root / "keys", "upstream"),
                "other": OTHER.write(root / "keys", "other")}
        images, attached = {}, {}

        def image(name, item):
            info = push_image(source, item, f"prov/{name}:1.0", workdir=root / "seed")
            images[name] = info
            return info, Upstream(source, f"prov/{name}")

        seeds = iter(range(1500, 1600))

        def small():
            return build_image([random_layer(3000, next(seeds))], config={"Cmd": ["/bin/sh"]})

        info, up = image("signed", small())
        attached["signed"] = up.provenance(info["digest"], KEY)
        info, up = image("multi", multiarch_image(1515, layer_size=2500, layers=1))
        attached["multi"] = up.provenance(info["digest"], KEY,
                                          children=list(info["manifests"].values()))
        other_digest = images["signed"]["digest"]
        for how in BAD:
            info, up = image(f"bad-{how}", small())
            key = OTHER if how == "wrong-key" else KEY
            attached[f"bad-{how}"] = [up.push_signature_layers(
                info["digest"], [bad_signature_layer(how, up, info["digest"], key, other_digest)])]
        info, up = image("mixed", small())
        attached["mixed"] = [up.sign(info["digest"], OTHER), up.sign(info["digest"], KEY)][-1:]
        image("unsigned", small())
        attached["unsigned"] = []
        site = Registry(root / "site", ca=None).start()
        yield {"root": root, "source": source, "site": site, "keys": keys, "images": images,
               "attached": attached, "bundles": {}, "loads": {}}
    finally:
        if site is not None:
            site.stop()
        source.stop()


# --- helpers -------------------------------------------------------------------------
def ref(world, name: str) -> str:
    return f"{world['source'].host}/prov/{name}:1.0"


def key_path(world, name: str) -> str:
    """A key file as the spec names it: relative to the spec's directory."""
    return str(world["keys"][name].relative_to(world["root"]))


def spec_extra(world, *, attachments: str | None = None, keys: list | None = None) -> str:
    lines = []
    if attachments is not None:
        lines.append(f"attachments: {attachments}")
    if keys is not None:
        lines.append("verify: " + json.dumps({"keys": [key_path(world, k) for k in keys]}))
    return "".join(line + "\n" for line in lines)


def per_image(world, name: str, *, attachments: str | None = None, keys: list | None = None):
    entry = {"ref": ref(world, name)}
    if attachments is not None:
        entry["attachments"] = attachments
    if keys is not None:
        entry["verify"] = {"keys": [key_path(world, k) for k in keys]}
    return entry


def build(world, label: str, images: list, extra: str = "", check: bool = True):
    """Build a spec once (cached by label); returns (CompletedProcess, bundle path)."""
    if label not in world["bundles"]:
        spec = write_spec(world["root"] / f"{label}.yaml",
                          [ref(world, i) if isinstance(i, str) else i for i in images],
                          name=f"prov-{label}", extra=extra)
        out = world["root"] / f"{label}.airlock"
        r = create(spec, out, world["source"], check=False)
        world["bundles"][label] = (r, out)
    r, out = world["bundles"][label]
    if check:
        assert r.returncode == 0, r.stderr
    return r, out


def load(world, label: str, prefix: str):
    """Load a built bundle into the site registry under PREFIX (once)."""
    key = (label, prefix)
    if key not in world["loads"]:
        _, bundle = build(world, label, [])
        state = world["root"] / f"state-{label}-{prefix}"
        r = run([airlock_load_bin(), "load", bundle, "--to",
                 f"registry://{world['site'].host}/{prefix}", "--state-dir", state,
                 "--plain-http"], check=False)
        world["loads"][key] = r
    r = world["loads"][key]
    assert r.returncode == 0, r.stderr
    return r


def bom_image(bom: dict, name: str) -> dict:
    [img] = [i for i in bom["images"] if i["ref"].endswith(f"/prov/{name}:1.0")]
    return img


def contract_view(entry: dict) -> str:
    """A BOM attachment reduced to the contract's fields, as a sortable key."""
    return json.dumps({k: entry[k] for k in CONTRACT_FIELDS if k in entry}, sort_keys=True)


def expected_attachments(world, name: str, only=None) -> list:
    atts = [a for a in world["attached"][name] if only is None or only(a)]
    return sorted(contract_view(a.bom_entry()) for a in atts)


def is_signature(a) -> bool:
    """What `attachments: signatures` carries: .sig tags and sigstore bundles."""
    return a.kind == "signature" or (a.kind == "referrer" and a.artifact_type == BUNDLE_V03)


def bundle_blobs(bundle: Path) -> set:
    with tarfile.open(bundle, "r:") as tar:
        return {"sha256:" + m.name.rsplit("/", 1)[1] for m in tar.getmembers()
                if m.name.startswith("blobs/sha256/")}


def site_repo(prefix: str, name: str) -> str:
    return f"{prefix}/prov/{name}"


def assert_carried(world, prefix: str, name: str, attached: list) -> None:
    """Every attachment is at the site under the mapped repository with the
    upstream bytes (tags for the cosign scheme, digests for referrers), with
    all its blobs; the referrers index lists exactly the carried referrers."""
    site, repo = world["site"], site_repo(prefix, name)
    writer = Writer(site.client())
    for a in attached:
        ref_ = a.tag if a.tag else a.digest
        raw = writer.get_manifest(repo, ref_)
        assert raw is not None, f"{repo}:{ref_} ({a.kind}) missing at the site"
        assert raw == a.manifest.raw, f"{repo}:{ref_} differs from upstream"
        for blob in a.manifest.blobs:
            writer.get_blob(repo, blob)
    subjects = {a.subject for a in world["attached"][name]}
    for subject in subjects:
        want = sorted((a.digest, a.artifact_type, len(a.manifest.raw)) for a in attached
                      if a.kind == "referrer" and a.subject == subject)
        got = sorted((d["digest"], d.get("artifactType"), d["size"])
                     for d in list_referrers(writer, repo, subject))
        assert got == want, f"{repo}: referrers index of {subject}"


# --- all (the default) -------------------------------------------------------------------
def build_all(world):
    return build(world, "all", ["signed", "multi"], spec_extra(world, keys=["good"]))


def test_bom_records_every_upstream_attachment(world):
    _, bundle = build_all(world)
    bom = bom_of(bundle)
    blobs = bundle_blobs(bundle)
    for name in ("signed", "multi"):
        img = bom_image(bom, name)
        assert img["digest"] == world["images"][name]["digest"]
        got = sorted(contract_view(a) for a in img["attachments"])
        assert got == expected_attachments(world, name), name
        for entry in img["attachments"]:
            [a] = [x for x in world["attached"][name] if x.digest == entry["digest"]]
            assert entry.get("size", len(a.manifest.raw)) == len(a.manifest.raw)
            assert {a.digest, *a.manifest.blobs} <= blobs, f"{name}: {a.kind} not all in the bundle"
    multi = world["images"]["multi"]
    subjects = {a["subject"] for a in bom_image(bom, "multi")["attachments"]}
    assert subjects == {multi["digest"], *multi["manifests"].values()}


def test_bom_provenance_names_the_key_that_verified(world):
    _, bundle = build_all(world)
    bom = bom_of(bundle)
    signed = world["attached"]["signed"]
    sig = next(a for a in signed if a.kind == "signature")
    prov = bom_image(bom, "signed")["provenance"]
    view = {(p["subject"], p["signature"], p["format"], p.get("key")) for p in prov}
    subject = world["images"]["signed"]["digest"]
    assert (subject, sig.digest, "cosign", KEY.key_id) in view
    multi = world["images"]["multi"]
    multi_prov = bom_image(bom, "multi")["provenance"]
    index_sig = next(a for a in world["attached"]["multi"]
                     if a.kind == "signature" and a.subject == multi["digest"])
    assert {"subject": multi["digest"], "signature": index_sig.digest, "format": "cosign",
            "key": KEY.key_id} in multi_prov
    for name, entries in (("signed", prov), ("multi", multi_prov)):
        digests = {a.digest for a in world["attached"][name]}
        for p in entries:
            assert p["key"] == KEY.key_id and p["signature"] in digests, (name, p)
            assert p["format"] in ("cosign", "sigstore-bundle") and "issuer" not in p


def test_bom_provenance_includes_the_verified_sigstore_bundle(world):
    """The sigstore bundle referrer (messageSignature by the same key over the
    image manifest) verified too: provenance format "sigstore-bundle"."""
    _, bundle = build_all(world)
    bundle_ref = next(a for a in world["attached"]["signed"] if a.artifact_type == BUNDLE_V03)
    subject = world["images"]["signed"]["digest"]
    assert {"subject": subject, "signature": bundle_ref.digest, "format": "sigstore-bundle",
            "key": KEY.key_id} in bom_image(bom_of(bundle), "signed")["provenance"]


def test_load_carries_every_attachment_with_upstream_digests(world):
    assert interfaces() == ["lo"]
    build_all(world)
    load(world, "all", "site")
    for name in ("signed", "multi"):
        assert_carried(world, "site", name, world["attached"][name])
        tags = world["site"].tags(site_repo("site", name))
        assert sorted(tags) == sorted({"1.0", *(a.tag for a in world["attached"][name] if a.tag),
                                       *(referrers_tag(a.subject) for a in world["attached"][name]
                                         if a.kind == "referrer")})


def test_carried_signatures_verify_at_the_site(world):
    build_all(world)
    load(world, "all", "site")
    client = world["site"].client()
    subject = world["images"]["signed"]["digest"]
    report = verify_image(client, site_repo("site", "signed"), subject, [world["keys"]["good"]])
    assert report.rejected() == []
    assert sorted(f.format for f in report.verified()) == ["cosign", "dsse", "sigstore-bundle"]
    assert {f.key_id for f in report.verified()} == {KEY.key_id}
    assert sorted(contract_view(a) for a in report.attachments) == \
        expected_attachments(world, "signed")
    multi = world["images"]["multi"]
    for subject in (multi["digest"], *multi["manifests"].values()):
        report = verify_image(client, site_repo("site", "multi"), subject, [KEY])
        assert report.rejected() == [] and report.verified("cosign"), subject
    # And the oracle is not fooled by the site: another key verifies nothing there.
    assert verify_image(client, site_repo("site", "signed"),
                        world["images"]["signed"]["digest"], [OTHER]).verified() == []


# --- signatures, none, per image -------------------------------------------------------------
def test_attachments_signatures_carries_only_signatures(world):
    _, bundle = build(world, "signatures", ["signed", "multi"],
                      spec_extra(world, attachments="signatures", keys=["good"]))
    bom = bom_of(bundle)
    for name in ("signed", "multi"):
        got = sorted(contract_view(a) for a in bom_image(bom, name)["attachments"])
        assert got == expected_attachments(world, name, is_signature), name
    load(world, "signatures", "sigonly")
    for name in ("signed", "multi"):
        carried = [a for a in world["attached"][name] if is_signature(a)]
        assert_carried(world, "sigonly", name, carried)
        tags = world["site"].tags(site_repo("sigonly", name))
        assert not [t for t in tags if t.endswith((".att", ".sbom"))], tags
    subject = world["images"]["signed"]["digest"]
    report = verify_image(world["site"].client(), site_repo("sigonly", "signed"), subject, [KEY])
    assert sorted(f.format for f in report.verified()) == ["cosign", "sigstore-bundle"]
    assert report.rejected() == []


def test_attachments_none_carries_nothing_attached(world):
    _, bundle = build(world, "none", ["signed", "multi"], spec_extra(world, attachments="none"))
    bom = bom_of(bundle)
    blobs = bundle_blobs(bundle)
    for name in ("signed", "multi"):
        img = bom_image(bom, name)
        assert img.get("attachments", []) == [] and img.get("provenance", []) == []
        for a in world["attached"][name]:
            assert a.digest not in blobs, f"{name}: {a.kind} {a.digest} carried"
    load(world, "none", "bare")
    for name in ("signed", "multi"):
        assert world["site"].tags(site_repo("bare", name)) == ["1.0"]


def test_per_image_attachments_override_the_default(world):
    images = [per_image(world, "signed", attachments="signatures"), "multi"]
    _, bundle = build(world, "override", images, spec_extra(world, attachments="none"))
    bom = bom_of(bundle)
    got = sorted(contract_view(a) for a in bom_image(bom, "signed")["attachments"])
    assert got == expected_attachments(world, "signed", is_signature)
    assert bom_image(bom, "multi").get("attachments", []) == []


# --- verification fails closed ----------------------------------------------------------------
def assert_refused(world, label: str, image: str) -> None:
    r, out = build(world, label, [], check=False)   # built by the caller's first call
    assert r.returncode == SIGNATURE, (r.returncode, r.stderr)
    assert f"prov/{image}" in r.stderr, r.stderr
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".airlock-tmp")]


@pytest.mark.parametrize("how", BAD)
def test_a_bad_signature_fails_the_build(world, how):
    name = f"bad-{how}"
    build(world, name, [name], spec_extra(world, keys=["good"]), check=False)
    assert_refused(world, name, name)


def test_no_signature_at_all_fails_the_build(world):
    build(world, "unsigned", ["unsigned"], spec_extra(world, keys=["good"]), check=False)
    assert_refused(world, "unsigned", "unsigned")


def test_the_wrong_key_fails_a_signed_image(world):
    build(world, "wrong-key", ["signed"], spec_extra(world, keys=["other"]), check=False)
    assert_refused(world, "wrong-key", "signed")


def test_verification_failure_names_the_failing_image_only_among_good_ones(world):
    build(world, "one-bad", ["signed", "bad-tampered-payload"], spec_extra(world, keys=["good"]),
          check=False)
    assert_refused(world, "one-bad", "bad-tampered-payload")


def test_per_image_verify_replaces_the_default(world):
    # The default key (other) would fail; the image's own key (good) passes.
    images = [per_image(world, "signed", keys=["good"])]
    _, bundle = build(world, "verify-override", images, spec_extra(world, keys=["other"]))
    prov = bom_image(bom_of(bundle), "signed")["provenance"]
    assert prov and {p["key"] for p in prov} == {KEY.key_id}
    # And the other way round: a good default, a wrong per-image key.
    images = [per_image(world, "signed", keys=["other"])]
    build(world, "verify-override-bad", images, spec_extra(world, keys=["good"]), check=False)
    assert_refused(world, "verify-override-bad", "signed")


def test_any_listed_key_may_verify(world):
    _, bundle = build(world, "two-keys", ["signed"], spec_extra(world, keys=["other", "good"]))
    prov = bom_image(bom_of(bundle), "signed")["provenance"]
    assert prov and {p["key"] for p in prov} == {KEY.key_id}


def test_a_good_signature_beside_a_bad_one_verifies(world):
    _, bundle = build(world, "mixed", ["mixed"], spec_extra(world, keys=["good"]))
    img = bom_image(bom_of(bundle), "mixed")
    [sig] = world["attached"]["mixed"]          # one .sig manifest, two layers
    assert len(sig.manifest.doc["layers"]) == 2
    assert [contract_view(a) for a in img["attachments"]] == [contract_view(sig.bom_entry())]
    assert img["provenance"] == [{"subject": world["images"]["mixed"]["digest"],
                                  "signature": sig.digest, "format": "cosign",
                                  "key": KEY.key_id}]


def test_an_oci_layout_target_names_attachments_and_referrers_in_its_index(world):
    """An oci: target gets the same: the cosign tags and the referrers tag
    schema index are names in index.json, next to the image's own."""
    _, bundle = build_all(world)
    dest = world["root"] / "site-layout"
    r = run([airlock_load_bin(), "load", bundle, "--to", f"oci:{dest}", "--state-dir",
             world["root"] / "state-layout"], check=False)
    assert r.returncode == 0, r.stderr
    index = json.loads((dest / "index.json").read_text())
    by_name = {e["annotations"]["org.opencontainers.image.ref.name"]: e
               for e in index["manifests"]}
    img = bom_image(bom_of(bundle), "signed")
    repo = img["ref"].rsplit(":", 1)[0]
    attached = world["attached"]["signed"]
    for a in attached:
        if a.tag:
            assert by_name[f"{repo}:{a.tag}"]["digest"] == a.digest
        blob = dest / "blobs" / "sha256" / a.digest[7:]
        assert blob.read_bytes() == a.manifest.raw
    subject = world["images"]["signed"]["digest"]
    listed = json.loads((dest / "blobs" / "sha256" /
                         by_name[f"{repo}:{referrers_tag(subject)}"]["digest"][7:]).read_bytes())
    assert sorted(d["digest"] for d in listed["manifests"]) == sorted(
        a.digest for a in attached if a.kind == "referrer" and a.subject == subject)


def test_inspect_verify_and_status_show_provenance(world):
    """inspect (builder side), verify and status (site side) all say what was
    attached to each image and which upstream key verified it."""
    _, bundle = build_all(world)
    bom = bom_of(bundle)
    signed = bom_image(bom, "signed")
    report = json.loads(run([airlock_build_bin(), "inspect", bundle, "--json"]).stdout)
    [img] = [i for i in report["images"] if i["ref"] == signed["ref"]]
    assert img["attachments"] == signed["attachments"]
    assert img["provenance"] == signed["provenance"]
    text = run([airlock_build_bin(), "inspect", bundle]).stdout
    assert "verified upstream: cosign signature" in text and KEY.key_id[:16] in text

    state = world["root"] / "state-all-site"  # where load(world, "all", "site") keeps it
    load(world, "all", "site")
    verified = json.loads(run([airlock_load_bin(), "verify", bundle, "--json", "--state-dir",
                               world["root"] / "state-verify"]).stdout)
    [v] = [i for i in verified["images"] if i["ref"] == signed["ref"]]
    assert v["attachments"]["signature"] >= 1
    assert any(KEY.key_id[:16] in by for by in v["verifiedBy"])
    status = json.loads(run([airlock_load_bin(), "status", "--json", "--state-dir",
                             state]).stdout)
    [b] = [b for b in status["bundles"] if b["name"] == "prov-all"]
    assert b["imagesVerifiedUpstream"] == sum(1 for i in bom["images"] if i["provenance"])
    assert b["attachments"] == sum(len(i["attachments"]) for i in bom["images"])
