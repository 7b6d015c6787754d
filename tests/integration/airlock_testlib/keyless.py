"""Keyless (Fulcio + Rekor) cosign signatures as `cosign sign` leaves them in
a registry, made with python3-cryptography against a test sigstore of our own:

- `TestSigstore()`: a Fulcio CA (root + intermediate), a CT log, a Rekor log
  and `trusted_root_json()` naming them, plus an untrusted root and a second
  "Rekor" key that no trusted root lists. The certificates, SCTs and the
  trusted root are made by tests/fixtures/sigstore/make_fixtures.py (imported,
  not copied), so the unit tests and these tests share one definition.
- `TestSigstore.leaf(...)`: a Fulcio-style leaf certificate (ten minutes from
  make_fixtures.LEAF_START) with a fresh P-256 key, a SAN and an issuer
  extension 1.3.6.1.4.1.57264.1.8, and an embedded precertificate SCT unless
  told otherwise.
- `keyless_signature_layer(...)`: one layer of a `sha256-<hex>.sig` manifest:
  the simple-signing payload, its signature by the leaf key, the certificate
  and chain annotations, and the Rekor bundle annotation (a hashedrekord
  0.0.1 entry and its signed entry timestamp). Keyword arguments make it
  wrong in one way for the tests that must fail.

Push the layer with cosign.Upstream.push_signature_layers.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import importlib.util
import json
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .cosign import signature_layer, simple_signing_payload
from .tools import source_dir

CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate"
CHAIN_ANNOTATION = "dev.sigstore.cosign/chain"
BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle"


def _load_make_fixtures():
    path = source_dir() / "tests" / "fixtures" / "sigstore" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("airlock_sigstore_make_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fixtures = _load_make_fixtures()

SUBJECT = fixtures.SUBJECT          # the workflow identity the good certificates name
ISSUER = fixtures.ISSUER            # its OIDC issuer
LEAF_START = fixtures.LEAF_START    # leaf certificates are valid for ten minutes from here
# When the good entries were logged: a minute into the certificates' life.
SIGNED_AT = int((LEAF_START + datetime.timedelta(minutes=1)).timestamp())
# After the certificates expired.
AFTER_EXPIRY = int((LEAF_START + datetime.timedelta(minutes=30)).timestamp())


def _canonical(obj) -> bytes:
    """RFC 8785 for what we write here: sorted keys, no white space, ASCII."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def _pem(cert) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class Leaf:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    chain: list          # the CA certificates cosign puts in the chain annotation

    @property
    def pem(self) -> str:
        return _pem(self.cert)

    @property
    def chain_pem(self) -> str:
        return "".join(_pem(c) for c in self.chain)

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


class TestSigstore:
    """A Fulcio CA, CT log and Rekor log of our own, and what they would issue."""

    __test__ = False    # not a pytest class

    def __init__(self):
        f = fixtures
        self.root_key = ec.generate_private_key(ec.SECP384R1())
        self.intermediate_key = ec.generate_private_key(ec.SECP384R1())
        self.root = f.ca_cert(self.root_key, "test-fulcio-root", self.root_key, None, 1, 1)
        self.intermediate = f.ca_cert(self.intermediate_key, "test-fulcio-intermediate",
                                      self.root_key, self.root.subject, 0, 2)
        self.other_root_key = ec.generate_private_key(ec.SECP384R1())
        self.other_root = f.ca_cert(self.other_root_key, "untrusted-root", self.other_root_key,
                                    None, 1, 3)
        self.ct_key = ec.generate_private_key(ec.SECP256R1())
        self.rekor_key = ec.generate_private_key(ec.SECP256R1())
        self.forger_key = ec.generate_private_key(ec.SECP256R1())   # a log nobody trusts
        self._serial = 2000

    def trusted_root_json(self) -> str:
        doc = fixtures.trusted_root_document(self.root, self.intermediate, self.ct_key,
                                             self.rekor_key)
        return json.dumps(doc, indent=2) + "\n"

    @property
    def log_id(self) -> str:
        """The Rekor log's id: lowercase hex SHA-256 of its DER SPKI."""
        return hashlib.sha256(fixtures.spki(self.rekor_key)).hexdigest()

    def leaf(self, *, san: str = SUBJECT, issuer: str = ISSUER, sct: str = "good",
             untrusted: bool = False) -> Leaf:
        """A leaf certificate for a fresh key. sct: "good", "forged" or "none";
        untrusted: issued by a root the trusted root does not list."""
        self._serial += 1
        key = ec.generate_private_key(ec.SECP256R1())
        if untrusted:
            ca_key, ca_cert, chain = self.other_root_key, self.other_root, [self.other_root]
        else:
            ca_key, ca_cert = self.intermediate_key, self.intermediate
            chain = [self.intermediate, self.root]
        cert = fixtures.leaf_cert(key, ca_key, ca_cert, self.ct_key,
                                  san=x509.UniformResourceIdentifier(san), issuer_v2=issuer,
                                  sct=sct, serial=self._serial)
        return Leaf(key, cert, chain)

    def signed_entry_timestamp(self, body: bytes, integrated_time: int, log_index: int,
                               key=None) -> bytes:
        """The Rekor log's signature over the canonical JSON of the entry."""
        message = _canonical({"body": base64.b64encode(body).decode(),
                              "integratedTime": integrated_time, "logID": self.log_id,
                              "logIndex": log_index})
        return (key or self.rekor_key).sign(message, ec.ECDSA(hashes.SHA256()))


def hashedrekord_body(signature: bytes, cert_pem: str, payload: bytes) -> bytes:
    """A hashedrekord 0.0.1 entry for a signature over `payload` by the
    certificate's key, canonical as Rekor stores it."""
    return _canonical({
        "apiVersion": "0.0.1", "kind": "hashedrekord",
        "spec": {"data": {"hash": {"algorithm": "sha256",
                                   "value": hashlib.sha256(payload).hexdigest()}},
                 "signature": {"content": base64.b64encode(signature).decode(),
                               "publicKey": {"content": base64.b64encode(
                                   cert_pem.encode()).decode()}}}})


def keyless_signature_layer(store: TestSigstore, leaf: Leaf, reference: str, subject: str, *,
                            integrated_time: int = SIGNED_AT, log_index: int = 31337,
                            bundle: bool = True, set_key=None,
                            logged_payload: bytes | None = None) -> tuple:
    """A cosign keyless .sig layer for the image `subject` (`sha256:<hex>`) of
    `reference`, signed by `leaf`, logged at `integrated_time`. Wrong on demand:

    - bundle=False:    no dev.sigstore.cosign/bundle annotation (no log proof)
    - set_key:         the SET is signed by this key instead of the log's
    - logged_payload:  the logged hashedrekord entry (and its SET, validly
                       signed) is the signature of this other payload
    """
    payload = simple_signing_payload(reference, subject)
    signature = leaf.sign(payload)
    annotations = {CERTIFICATE_ANNOTATION: leaf.pem, CHAIN_ANNOTATION: leaf.chain_pem}
    if bundle:
        if logged_payload is None:
            body = hashedrekord_body(signature, leaf.pem, payload)
        else:
            body = hashedrekord_body(leaf.sign(logged_payload), leaf.pem, logged_payload)
        set_ = store.signed_entry_timestamp(body, integrated_time, log_index, key=set_key)
        annotations[BUNDLE_ANNOTATION] = _canonical({
            "SignedEntryTimestamp": base64.b64encode(set_).decode(),
            "Payload": {"body": base64.b64encode(body).decode(),
                        "integratedTime": integrated_time, "logIndex": log_index,
                        "logID": store.log_id}}).decode()
    return signature_layer(payload, signature, **annotations)
