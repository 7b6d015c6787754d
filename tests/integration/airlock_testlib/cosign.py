"""Upstream provenance as cosign and OCI 1.1 clients leave it in a registry,
made here with python3-cryptography (Debian's skopeo has sigstore compiled
out, and cosign itself is not a test dependency), and an independent verifier
for it: the oracle the provenance tests judge airlock by.

Writing (`Upstream(registry, repo)`):

- `sign(digest, key)`: cosign's tag scheme `sha256-<hex>.sig`: an OCI image
  manifest whose config is the small image config cosign writes
  (application/vnd.oci.image.config.v1+json) and whose layers are simple-signing
  payloads (application/vnd.dev.cosign.simplesigning.v1+json), each with the
  base64 DER ECDSA P-256 signature over the payload's SHA-256 in the layer
  annotation `dev.cosignproject.cosign/signature`. A second signature of the
  same image is appended to the same manifest, as cosign does.
- `attest(digest, key)`: `sha256-<hex>.att`: a DSSE envelope (payloadType
  application/vnd.in-toto+json, an in-toto Statement v1 about the image) as a
  layer application/vnd.dsse.envelope.v1+json with annotation predicateType.
- `attach_sbom(digest)`: `sha256-<hex>.sbom`: an SPDX JSON document, layer
  text/spdx+json.
- `add_artifact_referrer(...)`, `add_bundle_referrer(digest, key)`: OCI 1.1
  referrers (artifactType, subject, empty config), the second a sigstore
  bundle v0.3 whose messageSignature is over the image manifest; both listed
  in the referrers tag schema index `sha256-<hex>` (see referrers.py).
- The low-level pieces (`signature_layer`, `push_signature_layers`,
  `simple_signing_payload`, ...) let a test build signatures that must fail.

Verifying (`verify_image(client, repo, digest, keys)` -> `Report`): lists what
is attached to `digest` (the three cosign tags and the referrers index), then
checks every cosign signature (ECDSA with one of `keys` over the payload, then
the payload names exactly `digest`), every DSSE attestation (signature over
PAE, statement subject is `digest`) and every sigstore bundle (messageDigest is
`digest`, signature over it with one of `keys`). Each check is a `Finding`
with `ok` and a reason. Blobs are checked against their digests.

Nothing here trusts airlock's code: it reads only registry bytes and keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from .referrers import (OCI_INDEX, OCI_MANIFEST, Manifest, Writer, add_referrer,
                        artifact_manifest, list_referrers, referrers_tag)
from .regclient import RegistryClient
from .tools import digest_of

# --- media types and names (cosign specs, sigstore protobuf-specs, OCI 1.1) -----------
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json"
SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature"
COSIGN_TYPE = "cosign container image signature"
DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json"
IN_TOTO = "application/vnd.in-toto+json"
STATEMENT_V1 = "https://in-toto.io/Statement/v1"
SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1"
SPDX_JSON = "text/spdx+json"                   # cosign attach sbom --type spdx (JSON)
SPDX_ARTIFACT = "application/spdx+json"        # an SBOM as an OCI 1.1 referrer
BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json"
SUFFIXES = {"sig": "signature", "att": "attestation", "sbom": "sbom"}


def _json(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def cosign_tag(digest: str, suffix: str) -> str:
    """`sha256:<hex>` and "sig" -> `sha256-<hex>.sig`."""
    return f"{referrers_tag(digest)}.{suffix}"


def _raw_digest(digest: str) -> bytes:
    alg, _, hexpart = digest.partition(":")
    assert alg == "sha256" and len(hexpart) == 64, digest
    return bytes.fromhex(hexpart)


# --- keys ---------------------------------------------------------------------------
def key_id_of(public_key) -> str:
    """Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo (airlock's key id)."""
    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def load_public_key(source):
    """An ECDSA public key from PEM bytes, a PEM file, or a CosignKey."""
    if isinstance(source, CosignKey):
        return source.public_key
    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    return serialization.load_pem_public_key(data)


@dataclass
class CosignKey:
    """An ECDSA P-256 key pair, as `cosign generate-key-pair` makes (the public
    half written as a PEM SPKI `cosign.pub`). The private half is written as
    unencrypted PKCS#8 PEM: airlock only ever reads the public key."""
    private_key: ec.EllipticCurvePrivateKey

    @classmethod
    def generate(cls, seed: int | None = None) -> "CosignKey":
        """A fresh key, or a deterministic one for a seed (same seed, same key)."""
        if seed is None:
            return cls(ec.generate_private_key(ec.SECP256R1()))
        n = int.from_bytes(hashlib.sha256(f"airlock-cosign-{seed}".encode()).digest(), "big")
        order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
        return cls(ec.derive_private_key(n % (order - 1) + 1, ec.SECP256R1()))

    @property
    def public_key(self):
        return self.private_key.public_key()

    @property
    def public_der(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)

    @property
    def public_pem(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)

    @property
    def private_pem(self) -> bytes:
        return self.private_key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    @property
    def hint(self) -> str:
        """The sigstore bundle's publicKey.hint: an opaque name for the key
        (here base64 of the SHA-256 of the DER SPKI); verifiers do not rely on it."""
        return base64.b64encode(hashlib.sha256(self.public_der).digest()).decode()

    def write(self, directory: Path, name: str = "cosign") -> Path:
        """Write NAME.pub (PEM SPKI) and NAME.key (PKCS#8 PEM); returns the .pub path."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{name}.key").write_bytes(self.private_pem)
        pub = directory / f"{name}.pub"
        pub.write_bytes(self.public_pem)
        return pub

    def sign(self, data: bytes) -> bytes:
        """DER ECDSA P-256 signature over SHA-256(data)."""
        return self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))

    def sign_digest(self, digest: str) -> bytes:
        """DER ECDSA signature over an already computed SHA-256 (`sha256:<hex>`)."""
        return self.private_key.sign(_raw_digest(digest), ec.ECDSA(Prehashed(hashes.SHA256())))


def _verify(public_key, signature: bytes, data: bytes | None = None,
            digest: str | None = None) -> bool:
    try:
        if digest is not None:
            public_key.verify(signature, _raw_digest(digest), ec.ECDSA(Prehashed(hashes.SHA256())))
        else:
            public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        return True
    except (InvalidSignature, ValueError):
        return False


# --- payloads -------------------------------------------------------------------------
def simple_signing_payload(docker_reference: str, digest: str, optional=None) -> bytes:
    """The payload `cosign sign` signs (containers/image "simple signing" with
    cosign's type), compact JSON, `optional` null unless annotations are given."""
    return _json({"critical": {"identity": {"docker-reference": docker_reference},
                               "image": {"docker-manifest-digest": digest},
                               "type": COSIGN_TYPE},
                  "optional": optional})


def in_toto_statement(name: str, digest: str, predicate_type: str = SLSA_PROVENANCE_V1,
                      predicate: dict | None = None) -> bytes:
    """An in-toto Statement v1 whose one subject is the image `digest`."""
    if predicate is None:
        predicate = {"buildDefinition": {"buildType": "https://airlock.dev/test-build/v1",
                                         "externalParameters": {"source": "airlock tests"}},
                     "runDetails": {"builder": {"id": "https://airlock.dev/test-builder"}}}
    return _json({"_type": STATEMENT_V1,
                  "subject": [{"name": name, "digest": {"sha256": digest.split(":", 1)[1]}}],
                  "predicateType": predicate_type, "predicate": predicate})


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding."""
    t = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def dsse_envelope(payload: bytes, key: CosignKey, payload_type: str = IN_TOTO) -> bytes:
    sig = key.sign(pae(payload_type, payload))
    return _json({"payloadType": payload_type,
                  "payload": base64.b64encode(payload).decode(),
                  "signatures": [{"keyid": "", "sig": base64.b64encode(sig).decode()}]})


def spdx_document(name: str, digest: str) -> bytes:
    """A small SPDX 2.3 JSON SBOM describing the image."""
    return _json({"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
                  "name": name, "documentNamespace": f"https://airlock.dev/spdx/{digest}",
                  "creationInfo": {"created": "2024-01-01T00:00:00Z",
                                   "creators": ["Tool: airlock-testlib"]},
                  "packages": [{"name": name, "SPDXID": "SPDXRef-image", "versionInfo": digest,
                                "downloadLocation": "NOASSERTION"}]})


def sigstore_bundle(digest: str, key: CosignKey, *, signature: bytes | None = None,
                    message_digest: str | None = None) -> bytes:
    """A sigstore bundle v0.3 (protobuf JSON) with a messageSignature over the
    artifact whose SHA-256 is `digest` (the image manifest), key-based:
    verificationMaterial.publicKey.hint names the key. `signature` and
    `message_digest` override the honest values (for tests that must fail)."""
    sig = key.sign_digest(digest) if signature is None else signature
    md = digest if message_digest is None else message_digest
    return _json({"mediaType": BUNDLE_V03,
                  "verificationMaterial": {"publicKey": {"hint": key.hint}},
                  "messageSignature": {
                      "messageDigest": {"algorithm": "SHA2_256",
                                        "digest": base64.b64encode(_raw_digest(md)).decode()},
                      "signature": base64.b64encode(sig).decode()}})


# --- cosign "images" (tag scheme) -------------------------------------------------------
def signature_layer(payload: bytes, signature: bytes | str | None, **extra_annotations) -> tuple:
    """A (media_type, payload, annotations) layer of a .sig manifest. `signature`
    is DER bytes (base64-encoded here) or an already encoded string (kept as is,
    so a test can put anything in the annotation)."""
    annotations = {}
    if signature is not None:
        annotations[SIGNATURE_ANNOTATION] = (signature if isinstance(signature, str)
                                             else base64.b64encode(signature).decode())
    annotations.update(extra_annotations)
    return (SIMPLESIGNING, payload, annotations)


def cosign_image(layers: list) -> Manifest:
    """The manifest cosign pushes under a .sig/.att/.sbom tag: OCI image
    manifest, the config go-containerregistry makes for an empty image with
    these (uncompressed) layers appended, then `layers` [(media_type, bytes,
    annotations)]."""
    diff_ids = [digest_of(data) for _, data, _ in layers]
    config = _json({"architecture": "", "created": "0001-01-01T00:00:00Z",
                    "history": [{"created": "0001-01-01T00:00:00Z"} for _ in layers],
                    "os": "", "rootfs": {"type": "layers", "diff_ids": diff_ids},
                    "config": {}})
    blobs = {digest_of(config): config}
    descs = []
    for media_type, data, annotations in layers:
        d = {"mediaType": media_type, "size": len(data), "digest": digest_of(data)}
        if annotations:
            d["annotations"] = dict(annotations)
        descs.append(d)
        blobs[d["digest"]] = data
    doc = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
           "config": {"mediaType": OCI_CONFIG, "size": len(config), "digest": digest_of(config)},
           "layers": descs}
    return Manifest(_json(doc), blobs)


@dataclass
class Attached:
    """One thing attached upstream, as the BOM should record it."""
    kind: str                   # signature | attestation | sbom | referrer
    subject: str                # the digest it is attached to
    manifest: Manifest
    tag: str | None = None      # cosign tag scheme only

    @property
    def digest(self) -> str:
        return self.manifest.digest

    @property
    def media_type(self) -> str:
        return self.manifest.media_type

    @property
    def artifact_type(self) -> str | None:
        return self.manifest.artifact_type

    def bom_entry(self) -> dict:
        """The `images[].attachments[]` entry the contract expects."""
        e = {"kind": self.kind, "subject": self.subject, "digest": self.digest,
             "mediaType": self.media_type}
        if self.artifact_type:
            e["artifactType"] = self.artifact_type
        if self.tag:
            e["tag"] = self.tag
        return e


class Upstream:
    """Writes provenance next to images in one repository of a registry."""

    def __init__(self, registry_or_client, repo: str, *, host: str | None = None):
        client = (registry_or_client if isinstance(registry_or_client, RegistryClient)
                  else registry_or_client.client())
        self.writer = Writer(client)
        self.repo = repo
        host = host or getattr(registry_or_client, "host", None)
        self.reference = f"{host}/{repo}" if host else repo   # docker-reference in payloads

    # -- cosign tag scheme --
    def push_signature_layers(self, subject: str, layers: list, *, suffix: str = "sig",
                              append: bool = True) -> Attached:
        """Push a cosign manifest under `sha256-<hex>.<suffix>` with `layers`,
        after the layers already there when `append` (cosign adds a signature
        to the existing manifest)."""
        tag = cosign_tag(subject, suffix)
        existing = []
        if append:
            raw = self.writer.get_manifest(self.repo, tag)
            if raw is not None:
                for d in json.loads(raw)["layers"]:
                    existing.append((d["mediaType"], self.writer.get_blob(self.repo, d["digest"]),
                                     d.get("annotations") or {}))
        manifest = cosign_image(existing + list(layers))
        manifest.push(self.writer, self.repo, tag)
        return Attached(SUFFIXES[suffix], subject, manifest, tag)

    def sign(self, subject: str, key: CosignKey, *, optional=None, append: bool = True) -> Attached:
        """`cosign sign --key` of `subject` (tlog upload off)."""
        payload = simple_signing_payload(self.reference, subject, optional)
        return self.push_signature_layers(subject, [signature_layer(payload, key.sign(payload))],
                                          append=append)

    def attest(self, subject: str, key: CosignKey, *, predicate_type: str = SLSA_PROVENANCE_V1,
               predicate: dict | None = None) -> Attached:
        """`cosign attest --key --type ...`: a DSSE envelope under .att."""
        statement = in_toto_statement(self.reference, subject, predicate_type, predicate)
        envelope = dsse_envelope(statement, key)
        layer = (DSSE_ENVELOPE, envelope, {SIGNATURE_ANNOTATION: "", "predicateType": predicate_type})
        return self.push_signature_layers(subject, [layer], suffix="att")

    def attach_sbom(self, subject: str, sbom: bytes | None = None,
                    media_type: str = SPDX_JSON) -> Attached:
        """`cosign attach sbom`: the document as the one layer under .sbom."""
        sbom = sbom if sbom is not None else spdx_document(self.reference, subject)
        return self.push_signature_layers(subject, [(media_type, sbom, {})], suffix="sbom",
                                          append=False)

    # -- OCI 1.1 referrers --
    def subject_descriptor(self, subject: str) -> dict:
        raw = self.writer.get_manifest(self.repo, subject)
        assert raw is not None, f"{self.repo}@{subject} is not in the registry"
        media_type = json.loads(raw).get("mediaType") or OCI_MANIFEST
        return {"mediaType": media_type, "digest": subject, "size": len(raw)}

    def add_referrer(self, manifest: Manifest) -> Attached:
        add_referrer(self.writer, self.repo, manifest)
        return Attached("referrer", manifest.doc["subject"]["digest"], manifest)

    def add_artifact_referrer(self, subject: str, *, artifact_type: str = SPDX_ARTIFACT,
                              data: bytes | None = None, layer_type: str | None = None,
                              annotations: dict | None = None) -> Attached:
        """An OCI 1.1 artifact about `subject` (default: an SPDX SBOM)."""
        data = data if data is not None else spdx_document(self.reference, subject)
        annotations = annotations if annotations is not None else {
            "org.opencontainers.image.created": "2024-01-01T00:00:00Z"}
        m = artifact_manifest(artifact_type, self.subject_descriptor(subject),
                              [(layer_type or artifact_type, data, None)], annotations)
        return self.add_referrer(m)

    def add_bundle_referrer(self, subject: str, key: CosignKey, **bundle_overrides) -> Attached:
        """A sigstore bundle v0.3 referrer with a messageSignature over `subject`
        (as cosign stores bundles: BUNDLE_SPEC.md)."""
        bundle = sigstore_bundle(subject, key, **bundle_overrides)
        title = referrers_tag(digest_of(bundle)) + ".sigstore.json"
        m = artifact_manifest(BUNDLE_V03, self.subject_descriptor(subject),
                              [(BUNDLE_V03, bundle, {"org.opencontainers.image.title": title})],
                              {"dev.sigstore.bundle.content": "message-signature",
                               "org.opencontainers.image.created": "2024-01-01T00:00:00Z"})
        return self.add_referrer(m)

    # -- everything at once --
    def provenance(self, subject: str, key: CosignKey, *, children: list | None = None) -> list:
        """The full set for one image: .sig, .att, .sbom, an SPDX referrer and a
        sigstore bundle referrer on `subject`, and a .sig on each child
        manifest of an index. Returns the Attached list (BOM order not implied)."""
        out = [self.sign(subject, key), self.attest(subject, key), self.attach_sbom(subject),
               self.add_artifact_referrer(subject), self.add_bundle_referrer(subject, key)]
        for child in children or []:
            out.append(self.sign(child, key))
        return out


# --- the verifier (the oracle) ---------------------------------------------------------
@dataclass
class Finding:
    """One signature checked: `ok`, or `why` it did not count."""
    format: str                 # cosign | dsse | sigstore-bundle
    source: str                 # the tag or referrer digest it came from
    manifest: str               # digest of the manifest holding it
    layer: str                  # digest of the layer (payload / envelope / bundle)
    ok: bool
    why: str = ""
    key_id: str | None = None   # the key that verified it


@dataclass
class Report:
    subject: str
    attachments: list = field(default_factory=list)   # BOM-shaped entries
    findings: list = field(default_factory=list)
    referrers_index: list = field(default_factory=list)   # descriptors at sha256-<hex>

    def verified(self, fmt: str | None = None) -> list:
        return [f for f in self.findings if f.ok and (fmt is None or f.format == fmt)]

    def rejected(self, fmt: str | None = None) -> list:
        return [f for f in self.findings if not f.ok and (fmt is None or f.format == fmt)]

    def kinds(self) -> dict:
        out: dict = {}
        for a in self.attachments:
            out.setdefault(a["kind"], []).append(a)
        return out


def _first_key(keys, check) -> str | None:
    for k in keys:
        if check(k):
            return key_id_of(k)
    return None


def _b64(value) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def check_simple_signing(payload: bytes, annotation, keys, subject: str) -> tuple:
    """(ok, why, key_id) for one cosign signature layer."""
    sig = _b64(annotation)
    if sig is None:
        return False, "signature annotation missing or not base64", None
    kid = _first_key(keys, lambda k: _verify(k, sig, data=payload))
    if kid is None:
        return False, "no given key verifies the signature over the payload", None
    try:
        doc = json.loads(payload)
        critical = doc["critical"]
        named = critical["image"]["docker-manifest-digest"]
        kind = critical["type"]
    except (ValueError, KeyError, TypeError):
        return False, "payload is not a simple-signing document", kid
    if kind != COSIGN_TYPE:
        return False, f"payload type is {kind!r}", kid
    if named != subject:
        return False, f"payload names {named}, not {subject}", kid
    return True, "", kid


def check_dsse(envelope: bytes, keys, subject: str) -> tuple:
    try:
        env = json.loads(envelope)
        payload_type = env["payloadType"]
        payload = base64.b64decode(env["payload"], validate=True)
        sigs = [base64.b64decode(s["sig"], validate=True) for s in env["signatures"]]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return False, "not a DSSE envelope", None
    message = pae(payload_type, payload)
    kid = None
    for sig in sigs:
        kid = kid or _first_key(keys, lambda k: _verify(k, sig, data=message))
    if kid is None:
        return False, "no given key verifies the envelope", None
    if payload_type != IN_TOTO:
        return False, f"payloadType is {payload_type!r}", kid
    try:
        statement = json.loads(payload)
        digests = [s["digest"].get("sha256") for s in statement["subject"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return False, "payload is not an in-toto statement", kid
    if subject.split(":", 1)[1] not in digests:
        return False, f"statement subjects {digests} do not include {subject}", kid
    return True, "", kid


def check_bundle(bundle: bytes, keys, subject: str) -> tuple:
    try:
        doc = json.loads(bundle)
        media_type = doc["mediaType"]
        ms = doc["messageSignature"]
        algorithm = ms["messageDigest"]["algorithm"]
        md = base64.b64decode(ms["messageDigest"]["digest"], validate=True)
        sig = base64.b64decode(ms["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return False, "not a sigstore bundle with a messageSignature", None
    if media_type != BUNDLE_V03:
        return False, f"bundle mediaType is {media_type!r}", None
    if algorithm != "SHA2_256" or md != _raw_digest(subject):
        return False, f"messageDigest is not {subject}", None
    kid = _first_key(keys, lambda k: _verify(k, sig, digest=subject))
    if kid is None:
        return False, "no given key verifies the message signature", None
    return True, "", kid


def verify_image(client: RegistryClient, repo: str, subject: str, keys=()) -> Report:
    """Everything attached to `repo@subject` and every signature checked with
    `keys` (public keys, PEM bytes or files, or CosignKeys)."""
    keys = [load_public_key(k) for k in keys]
    writer = Writer(client)
    report = Report(subject)
    for suffix, kind in SUFFIXES.items():
        tag = cosign_tag(subject, suffix)
        raw = writer.get_manifest(repo, tag)
        if raw is None:
            continue
        digest = digest_of(raw)
        doc = json.loads(raw)
        entry = {"kind": kind, "subject": subject, "digest": digest,
                 "mediaType": doc.get("mediaType") or OCI_MANIFEST, "tag": tag}
        if doc.get("artifactType"):
            entry["artifactType"] = doc["artifactType"]
        report.attachments.append(entry)
        for layer in doc.get("layers", []):
            data = writer.get_blob(repo, layer["digest"])
            annotations = layer.get("annotations") or {}
            if kind == "signature":
                if layer.get("mediaType") != SIMPLESIGNING:
                    ok, why, kid = False, f"layer media type {layer.get('mediaType')}", None
                else:
                    ok, why, kid = check_simple_signing(data, annotations.get(SIGNATURE_ANNOTATION),
                                                        keys, subject)
                report.findings.append(Finding("cosign", tag, digest, layer["digest"], ok, why, kid))
            elif kind == "attestation" and layer.get("mediaType") == DSSE_ENVELOPE:
                ok, why, kid = check_dsse(data, keys, subject)
                report.findings.append(Finding("dsse", tag, digest, layer["digest"], ok, why, kid))
    report.referrers_index = list_referrers(writer, repo, subject)
    for desc in report.referrers_index:
        raw = writer.get_manifest(repo, desc["digest"])
        assert raw is not None, f"{repo}: referrer {desc['digest']} listed but absent"
        assert digest_of(raw) == desc["digest"]
        doc = json.loads(raw)
        entry = {"kind": "referrer", "subject": subject, "digest": desc["digest"],
                 "mediaType": doc.get("mediaType") or desc["mediaType"]}
        if doc.get("artifactType"):
            entry["artifactType"] = doc["artifactType"]
        report.attachments.append(entry)
        if (doc.get("subject") or {}).get("digest") != subject:
            report.findings.append(Finding("referrer", desc["digest"], desc["digest"], "", False,
                                           "referrer's subject is another manifest"))
            continue
        if doc.get("artifactType") != BUNDLE_V03:
            continue
        for layer in doc.get("layers", []):
            if layer.get("mediaType") != BUNDLE_V03:
                continue
            data = writer.get_blob(repo, layer["digest"])
            ok, why, kid = check_bundle(data, keys, subject)
            report.findings.append(Finding("sigstore-bundle", desc["digest"], desc["digest"],
                                           layer["digest"], ok, why, kid))
    return report


def attached_tags(tags: list, subject: str | None = None) -> list:
    """The tags of a repository that belong to cosign's scheme or the referrers
    tag schema (of `subject` if given)."""
    prefix = referrers_tag(subject) if subject else "sha256-"
    return sorted(t for t in tags if t.startswith(prefix))


# --- signatures that must not count (one per way a signature can be wrong) --------------
def _flip_last_byte(sig: bytes) -> bytes:
    return sig[:-1] + bytes([sig[-1] ^ 0x01])


def bad_signature_layer(how: str, up: Upstream, subject: str, key: CosignKey,
                        other_subject: str) -> tuple:
    """A .sig layer for `subject` that is wrong in one way, by `how`:

    - wrong-key:           honest payload, signed by `key` (give a key that is not trusted)
    - signature-of-other:  payload names `subject`, the signature is `key`'s
                           signature of the payload naming `other_subject`
    - payload-names-other: payload names `other_subject`, validly signed by `key`
    - tampered-payload:    signed honestly, then the payload changed (optional set)
    - tampered-annotation: signed honestly, then one bit of the signature flipped
    - not-base64:          the annotation is not base64
    - no-annotation:       the layer carries no signature annotation
    """
    honest = simple_signing_payload(up.reference, subject)
    if how == "wrong-key":
        return signature_layer(honest, key.sign(honest))
    if how == "signature-of-other":
        return signature_layer(honest, key.sign(simple_signing_payload(up.reference, other_subject)))
    if how == "payload-names-other":
        other = simple_signing_payload(up.reference, other_subject)
        return signature_layer(other, key.sign(other))
    if how == "tampered-payload":
        sig = key.sign(honest)
        tampered = honest.replace(b'"optional":null', b'"optional":{"tampered":"yes"}')
        assert tampered != honest
        return signature_layer(tampered, sig)
    if how == "tampered-annotation":
        return signature_layer(honest, _flip_last_byte(key.sign(honest)))
    if how == "not-base64":
        return signature_layer(honest, "not base64 at all!")
    if how == "no-annotation":
        return signature_layer(honest, None)
    raise ValueError(how)


BAD_SIGNATURES = ("wrong-key", "signature-of-other", "payload-names-other", "tampered-payload",
                  "tampered-annotation", "not-base64", "no-annotation")
