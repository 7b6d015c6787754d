"""A minimal OCI distribution client for inspecting registries in tests.

It answers 401 challenges the way real clients do: Basic with the given
credentials, or Bearer by fetching a token from the challenge's realm (with
Basic credentials) and retrying. It never uses proxies and follows no
redirects off the host it was given.
"""

from __future__ import annotations

import base64
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
)


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class HTTPStatusError(AssertionError):
    def __init__(self, method: str, url: str, resp: Response):
        self.response = resp
        super().__init__(f"{method} {url} -> HTTP {resp.status}: "
                         f"{resp.body[:2000].decode('utf-8', 'replace')}")


_CHALLENGE_PARAM = re.compile(r'(\w+)="([^"]*)"')


def parse_challenge(header: str) -> tuple[str, dict]:
    """Split `Bearer realm="..",service=".."` into ("bearer", {...})."""
    scheme, _, rest = header.strip().partition(" ")
    return scheme.lower(), dict(_CHALLENGE_PARAM.findall(rest))


def ssl_context(ca_file: Path | None = None, client_cert: Path | None = None,
                client_key: Path | None = None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    if client_cert:
        ctx.load_cert_chain(str(client_cert), str(client_key) if client_key else None)
    return ctx


@dataclass
class RegistryClient:
    base_url: str                      # e.g. https://127.0.0.1:5000
    ca_file: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    username: str | None = None
    password: str | None = None
    timeout: float = 30
    _tokens: dict = field(default_factory=dict, repr=False)

    def _opener(self) -> urllib.request.OpenerDirector:
        handlers = [urllib.request.ProxyHandler({})]  # never a proxy
        if self.base_url.startswith("https:"):
            handlers.append(urllib.request.HTTPSHandler(
                context=ssl_context(self.ca_file, self.client_cert, self.client_key)))
        return urllib.request.build_opener(*handlers)

    def _basic(self) -> str | None:
        if self.username is None:
            return None
        raw = f"{self.username}:{self.password or ''}".encode()
        return "Basic " + base64.b64encode(raw).decode()

    def _send(self, method: str, url: str, headers: dict, data: bytes | None) -> Response:
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self._opener().open(req, timeout=self.timeout) as r:
                return Response(r.status, dict(r.headers.items()), r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, dict(e.headers.items()), e.read())

    def token(self, params: dict) -> str:
        """Fetch a bearer token for a challenge's realm/service/scope."""
        realm = params["realm"]
        query = {k: v for k, v in params.items() if k in ("service", "scope") and v}
        url = realm + ("&" if "?" in realm else "?") + urllib.parse.urlencode(query)
        headers = {}
        if self._basic():
            headers["Authorization"] = self._basic()
        resp = self._send("GET", url, headers, None)
        if resp.status != 200:
            raise HTTPStatusError("GET", url, resp)
        body = resp.json()
        return body.get("token") or body["access_token"]

    def request(self, method: str, path: str, *, headers: dict | None = None,
                data: bytes | None = None, check: bool = True) -> Response:
        url = self.base_url.rstrip("/") + path
        headers = dict(headers or {})
        resp = self._send(method, url, headers, data)
        if resp.status == 401:
            challenge = resp.headers.get("Www-Authenticate") or resp.headers.get("WWW-Authenticate")
            if challenge:
                scheme, params = parse_challenge(challenge)
                if scheme == "basic" and self._basic():
                    headers["Authorization"] = self._basic()
                    resp = self._send(method, url, headers, data)
                elif scheme == "bearer":
                    headers["Authorization"] = "Bearer " + self.token(params)
                    resp = self._send(method, url, headers, data)
        if check and not 200 <= resp.status < 300:
            raise HTTPStatusError(method, url, resp)
        return resp

    # --- distribution API helpers -------------------------------------
    def catalog(self) -> list[str]:
        return self.request("GET", "/v2/_catalog?n=1000").json().get("repositories") or []

    def tags(self, repo: str) -> list[str]:
        return self.request("GET", f"/v2/{repo}/tags/list").json().get("tags") or []

    def manifest(self, repo: str, ref: str, accept=MANIFEST_TYPES) -> Response:
        return self.request("GET", f"/v2/{repo}/manifests/{ref}",
                            headers={"Accept": ", ".join(accept)})

    def manifest_raw(self, repo: str, ref: str) -> bytes:
        return self.manifest(repo, ref).body

    def blob_bytes(self, repo: str, digest: str) -> bytes:
        return self.request("GET", f"/v2/{repo}/blobs/{digest}").body

    def has_blob(self, repo: str, digest: str) -> bool:
        return self.request("HEAD", f"/v2/{repo}/blobs/{digest}", check=False).status == 200
