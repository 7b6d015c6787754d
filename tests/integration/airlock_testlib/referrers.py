"""Writing OCI content the way a client does, and OCI 1.1 referrers on a
registry without the referrers API (Distribution 2.8).

    w = Writer(registry.client())
    w.push_blob("repo", b"...")                        # POST + PUT ?digest=
    w.push_manifest("repo", "tag-or-digest", raw, media_type)
    m = artifact_manifest(artifact_type, subject, [(media_type, data, annotations)])
    add_referrer(w, "repo", m)                         # push + referrers tag schema

The referrers tag schema (OCI distribution spec 1.1, "Referrers Tag Schema"):
a registry without `GET /v2/<name>/referrers/<digest>` keeps, under the tag
`<alg>-<hex>` of the subject, an OCI image index whose `manifests` are the
referrers' descriptors (mediaType, digest, size, artifactType, annotations of
the referring manifest). A client that pushes a referrer reads that index
(404 = empty), adds its descriptor and pushes the index back.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field

from .regclient import MANIFEST_TYPES, RegistryClient
from .tools import digest_of

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"
EMPTY_BLOB = b"{}"
EMPTY_DESCRIPTOR = {"mediaType": OCI_EMPTY, "digest": digest_of(EMPTY_BLOB), "size": 2}
ALL_MANIFEST_TYPES = MANIFEST_TYPES


def _json(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def referrers_tag(digest: str) -> str:
    """`sha256:<hex>` -> `sha256-<hex>`, the referrers tag schema's tag."""
    alg, _, hexpart = digest.partition(":")
    return f"{alg}-{hexpart}"


class Writer:
    """Blob and manifest writes over a RegistryClient (plain, TLS, auth)."""

    def __init__(self, client: RegistryClient):
        self.client = client

    def _path(self, location: str) -> str:
        """A Location header (absolute or relative) as a path for the client."""
        parts = urllib.parse.urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def has_blob(self, repo: str, digest: str) -> bool:
        return self.client.has_blob(repo, digest)

    def push_blob(self, repo: str, data: bytes) -> str:
        """Monolithic upload: POST an upload session, PUT the bytes ?digest=."""
        digest = digest_of(data)
        if self.has_blob(repo, digest):
            return digest
        r = self.client.request("POST", f"/v2/{repo}/blobs/uploads/", data=b"",
                                headers={"Content-Length": "0"})
        location = r.headers.get("Location") or r.headers.get("location")
        assert location, f"POST upload for {repo}: no Location header"
        path = self._path(location)
        path += ("&" if "?" in path else "?") + urllib.parse.urlencode({"digest": digest})
        self.client.request("PUT", path, data=data,
                            headers={"Content-Type": "application/octet-stream",
                                     "Content-Length": str(len(data))})
        return digest

    def push_manifest(self, repo: str, ref: str, raw: bytes, media_type: str) -> str:
        """PUT a manifest under a tag or its digest; returns its digest."""
        digest = digest_of(raw)
        r = self.client.request("PUT", f"/v2/{repo}/manifests/{ref}", data=raw,
                                headers={"Content-Type": media_type,
                                         "Content-Length": str(len(raw))})
        served = r.headers.get("Docker-Content-Digest")
        assert served in (None, digest), f"{repo}:{ref}: registry says {served}, pushed {digest}"
        return digest

    def get_manifest(self, repo: str, ref: str) -> bytes | None:
        """The manifest's exact bytes, or None on 404 (or the registry's
        MANIFEST_UNKNOWN / NAME_UNKNOWN, which Distribution answers with 404)."""
        r = self.client.request("GET", f"/v2/{repo}/manifests/{ref}", check=False,
                                headers={"Accept": ", ".join(ALL_MANIFEST_TYPES)})
        if r.status == 404:
            return None
        assert r.status == 200, f"GET {repo}/manifests/{ref} -> HTTP {r.status}: {r.body[:500]!r}"
        return r.body

    def get_blob(self, repo: str, digest: str) -> bytes:
        """A blob, checked against its digest (the registry is not trusted)."""
        data = self.client.blob_bytes(repo, digest)
        assert digest_of(data) == digest, f"{repo}: blob {digest} served with other bytes"
        return data

    def delete_manifest(self, repo: str, digest: str) -> None:
        self.client.request("DELETE", f"/v2/{repo}/manifests/{digest}")


@dataclass
class Manifest:
    """An OCI image manifest (raw bytes) and the blobs it needs."""
    raw: bytes
    blobs: dict = field(default_factory=dict)   # digest -> bytes (config and layers)
    media_type: str = OCI_MANIFEST

    @property
    def digest(self) -> str:
        return digest_of(self.raw)

    @property
    def doc(self) -> dict:
        return json.loads(self.raw)

    @property
    def artifact_type(self) -> str | None:
        return self.doc.get("artifactType")

    def descriptor(self) -> dict:
        """As a referrers index lists it: artifactType and annotations from the manifest."""
        d = {"mediaType": self.media_type, "digest": self.digest, "size": len(self.raw)}
        doc = self.doc
        if doc.get("artifactType"):
            d["artifactType"] = doc["artifactType"]
        elif doc.get("subject") is not None:
            # OCI 1.1: without artifactType, a referrer's type is its config's mediaType.
            d["artifactType"] = doc["config"]["mediaType"]
        if doc.get("annotations"):
            d["annotations"] = dict(doc["annotations"])
        return d

    def push(self, writer: Writer, repo: str, ref: str | None = None) -> str:
        for data in self.blobs.values():
            writer.push_blob(repo, data)
        return writer.push_manifest(repo, ref or self.digest, self.raw, self.media_type)


def descriptor_of(raw: bytes, media_type: str) -> dict:
    return {"mediaType": media_type, "digest": digest_of(raw), "size": len(raw)}


def artifact_manifest(artifact_type: str, subject: dict, layers: list,
                      annotations: dict | None = None) -> Manifest:
    """An OCI 1.1 artifact: image manifest with artifactType, the empty config,
    `layers` [(media_type, bytes, annotations or None)] and `subject` (a
    descriptor: mediaType, digest, size)."""
    blobs = {EMPTY_DESCRIPTOR["digest"]: EMPTY_BLOB}
    descs = []
    for media_type, data, layer_annotations in layers:
        d = descriptor_of(data, media_type)
        if layer_annotations:
            d["annotations"] = dict(layer_annotations)
        descs.append(d)
        blobs[d["digest"]] = data
    doc = {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "artifactType": artifact_type,
           "config": dict(EMPTY_DESCRIPTOR), "layers": descs,
           "subject": {k: subject[k] for k in ("mediaType", "digest", "size")}}
    if annotations:
        doc["annotations"] = dict(annotations)
    return Manifest(_json(doc), blobs)


# --- the referrers tag schema ------------------------------------------------------
def read_referrers_index(writer: Writer, repo: str, subject: str) -> dict | None:
    """The index at tag `sha256-<hex>` of `subject`, or None (404: no referrers)."""
    raw = writer.get_manifest(repo, referrers_tag(subject))
    return None if raw is None else json.loads(raw)


def list_referrers(writer: Writer, repo: str, subject: str) -> list[dict]:
    """The descriptors the referrers tag schema lists for `subject` ([] on 404)."""
    index = read_referrers_index(writer, repo, subject)
    return [] if index is None else list(index.get("manifests") or [])


def add_referrer(writer: Writer, repo: str, manifest: Manifest) -> dict:
    """Push a referrer (blobs, then the manifest by digest) and add its
    descriptor to the subject's referrers tag schema index; returns the
    index as pushed."""
    subject = manifest.doc["subject"]["digest"]
    manifest.push(writer, repo)
    index = read_referrers_index(writer, repo, subject) or {
        "schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": []}
    entries = [m for m in index.get("manifests", []) if m["digest"] != manifest.digest]
    entries.append(manifest.descriptor())
    index["manifests"] = entries
    writer.push_manifest(repo, referrers_tag(subject), _json(index), OCI_INDEX)
    return index
