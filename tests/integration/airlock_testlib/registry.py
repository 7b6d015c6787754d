"""A real registry (Debian's docker-registry, Distribution 2.8) per test.

    with Registry(tmp_path / "reg", tls=True, htpasswd=True, ca=ca) as reg:
        run(["skopeo", "copy", *reg.skopeo_args("dest"), src, reg.docker_ref("x/y:1")])

Modes combine freely: plain HTTP (default), `tls`, `mtls` (implies tls;
http.tls.clientcas), and one of `htpasswd` (bcrypt via `htpasswd -Bbn`) or
`token` (Distribution's `auth: token`, backed by our TokenServer). The
registry listens on 127.0.0.1 only, keeps its storage under the work dir,
has no notifications, no proxy (pull-through) and no debug server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import shutil
import time
from pathlib import Path

import yaml

from .certs import CertAuthority, CertPair, write_cert_dir
from .proc import Server, free_port, run
from .regclient import RegistryClient
from .token_server import TokenServer, TokenUser

REGISTRY_BIN = "/usr/bin/docker-registry"
HTPASSWD_BIN = "/usr/bin/htpasswd"


class RegistryStartError(RuntimeError):
    pass


class Registry:
    """A docker-registry process with a generated config, in `workdir`.

    Use as a context manager (or start()/stop()); stop() kills the
    process group and the token server even when the test failed.
    """

    def __init__(self, workdir: Path, *, tls: bool = False, mtls: bool = False,
                 htpasswd: bool = False, token: bool = False, token_alg: str = "ES256",
                 ca: CertAuthority | None = None, storage_from: "Registry | Path | None" = None,
                 username: str = "airlock", password: str | None = None,
                 extra_users: dict | None = None, readonly: bool = False,
                 start_timeout: float = 20.0):
        if htpasswd and token:
            raise ValueError("Distribution takes one auth method: htpasswd or token")
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.mtls = mtls
        self.tls = tls or mtls
        self.htpasswd = htpasswd
        self.token = token
        self.token_alg = token_alg
        self.readonly = readonly
        self.start_timeout = start_timeout
        self.auth = htpasswd or token
        self.username = username if self.auth else None
        self.password = (password or "pw-" + secrets.token_hex(8)) if self.auth else None
        # name -> password or (password, actions); actions only matter for token mode
        self.extra_users = dict(extra_users or {})
        self.root = self.workdir / "storage"
        self.port: int | None = None
        self.server: Server | None = None
        self.token_server: TokenServer | None = None
        self._ca = ca
        self._server_cert: CertPair | None = None
        self._client_cert: CertPair | None = None
        if storage_from is not None:
            src = storage_from.root if isinstance(storage_from, Registry) else Path(storage_from)
            shutil.copytree(src, self.root, symlinks=True)
        else:
            self.root.mkdir(exist_ok=True)

    # --- lifecycle -------------------------------------------------------
    def __enter__(self) -> "Registry":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "Registry":
        try:
            self._prepare_certs()
            if self.token:
                self._start_token_server()
            for attempt in range(3):   # a free port may be taken before we bind it
                self.port = free_port()
                self._write_auth_files()
                self.config_file = self.workdir / "config.yml"
                self.config_file.write_text(yaml.safe_dump(self.config(), sort_keys=False))
                self.log_file = self.workdir / f"registry-{attempt}.log"
                self.server = Server([REGISTRY_BIN, "serve", self.config_file], self.log_file,
                                     cwd=self.workdir)
                try:
                    self._wait_ready()
                    return self
                except RegistryStartError:
                    log = self.log_text()
                    self.server.stop()
                    if "address already in use" in log and attempt < 2:
                        continue
                    raise
        except BaseException:
            self.stop()
            raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self.token_server is not None:
            self.token_server.stop()

    def restart(self) -> "Registry":
        """Stop and start again on the same port with the same storage."""
        assert self.server is not None
        self.server.stop()
        self.server = Server([REGISTRY_BIN, "serve", self.config_file], self.log_file,
                             cwd=self.workdir)
        self._wait_ready()
        return self

    def log_text(self) -> str:
        return self.server.log_text() if self.server else ""

    # --- setup -----------------------------------------------------------
    def _prepare_certs(self) -> None:
        if not (self.tls or self.token):
            return
        if self._ca is None:
            self._ca = CertAuthority(self.workdir / "ca")
        certs = self.workdir / "certs"
        if self.tls:
            self._server_cert = self._ca.issue_server("server", directory=certs)
            if self.mtls:
                self._client_cert = self._ca.issue_client("client", directory=certs)
        if self.token:
            key_type = "rsa" if self.token_alg.startswith(("RS", "PS")) else "ec"
            self._token_signer = self._ca.issue_signing("token-signer", directory=certs,
                                                        key_type=key_type)

    def _users(self) -> dict:
        users = {}
        if self.auth:
            users[self.username] = TokenUser(self.password)
        for name, value in self.extra_users.items():
            if isinstance(value, tuple):
                users[name] = TokenUser(value[0], frozenset(value[1]))
            else:
                users[name] = TokenUser(value)
        return users

    def _start_token_server(self) -> None:
        self.token_server = TokenServer(signer=self._token_signer, users=self._users(),
                                        algorithm=self.token_alg,
                                        tls=self._server_cert if self.tls else None)
        self.token_server.start()

    def _write_auth_files(self) -> None:
        if self.htpasswd:
            lines = []
            for name, user in self._users().items():
                out = run([HTPASSWD_BIN, "-Bbn", name, user.password]).stdout.strip()
                lines.append(out)
            (self.workdir / "htpasswd").write_text("\n".join(lines) + "\n")
        # A docker config.json for clients (airlock --authfile, skopeo --authfile).
        auths = {}
        if self.auth:
            token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
            auths[self.host] = {"auth": token}
        self.authfile = self.workdir / "auth.json"
        self.authfile.write_text(json.dumps({"auths": auths}, indent=2))
        # The docker-style cert dir: <cert_dir>/<host:port>/{ca.crt,client.cert,client.key}
        self.cert_dir = self.workdir / "certs.d"
        if self.cert_dir.exists():
            shutil.rmtree(self.cert_dir)
        self.cert_dir.mkdir()
        if self.tls:
            write_cert_dir(self.cert_dir, self.host, self.ca_file, self._client_cert)

    def config(self) -> dict:
        """The Distribution 2.8 config this registry runs with."""
        storage = {
            "filesystem": {"rootdirectory": str(self.root)},
            "delete": {"enabled": True},
            "maintenance": {
                "uploadpurging": {"enabled": False},
                "readonly": {"enabled": self.readonly},
            },
            "redirect": {"disable": True},
        }
        http = {
            "addr": f"127.0.0.1:{self.port}",
            "secret": secrets.token_hex(16),
            "headers": {"X-Content-Type-Options": ["nosniff"]},
        }
        if self.tls:
            http["tls"] = {"certificate": str(self._server_cert.cert_file),
                           "key": str(self._server_cert.key_file)}
            if self.mtls:
                http["tls"]["clientcas"] = [str(self.ca_file)]
        cfg = {
            "version": 0.1,
            "log": {"level": "info", "formatter": "text", "accesslog": {"disabled": False}},
            "storage": storage,
            "http": http,
            "health": {"storagedriver": {"enabled": False}},
        }
        if self.htpasswd:
            cfg["auth"] = {"htpasswd": {"realm": "airlock-test",
                                        "path": str(self.workdir / "htpasswd")}}
        elif self.token:
            ts = self.token_server
            cfg["auth"] = {"token": {"realm": ts.realm, "service": ts.service,
                                     "issuer": ts.issuer, "rootcertbundle": str(self.ca_file)}}
        return cfg

    def _wait_ready(self) -> None:
        """Poll /v2/ until it answers (200, or 401 with auth); fail fast if the
        process exits; the error carries the config and the registry's log."""
        client = self.client(anonymous=True)
        deadline = time.monotonic() + self.start_timeout
        problem = None
        while problem is None:
            if not self.server.running():
                problem = f"docker-registry exited with code {self.server.proc.returncode}"
                break
            try:
                if client.request("GET", "/v2/", check=False).status in (200, 401):
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                problem = f"registry on {self.host} not ready within {self.start_timeout} s"
            time.sleep(0.05)
        raise RegistryStartError(f"{problem}\n--- config ---\n{self.config_file.read_text()}"
                                 f"--- registry log ---\n{self.log_text()}")

    # --- properties ------------------------------------------------------
    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}"

    @property
    def ca_file(self) -> Path | None:
        return self._ca.ca_file if (self.tls or self.token) and self._ca else None

    @property
    def host_cert_dir(self) -> Path:
        """cert_dir/<host>: what skopeo's --cert-dir takes."""
        return self.cert_dir / self.host

    @property
    def client_cert(self) -> Path | None:
        return self._client_cert.cert_file if self._client_cert else None

    @property
    def client_key(self) -> Path | None:
        return self._client_cert.key_file if self._client_cert else None

    @property
    def creds(self) -> str | None:
        return f"{self.username}:{self.password}" if self.auth else None

    def ref(self, name: str) -> str:
        """`repo:tag` or `repo@digest` -> `127.0.0.1:PORT/repo:tag`."""
        return f"{self.host}/{name}"

    def docker_ref(self, name: str) -> str:
        return "docker://" + self.ref(name)

    # --- clients -----------------------------------------------------------
    def skopeo_args(self, direction: str | None = None, *, creds: bool = True,
                    client_cert: bool = True) -> list[str]:
        """TLS and credential flags for skopeo.

        direction "src" or "dest" gives --src-*/--dest-* (skopeo copy);
        None gives the plain flags (skopeo inspect, delete, list-tags).
        creds=False leaves credentials out; client_cert=False gives a cert
        dir with only ca.crt (to show mTLS refusing a client without one).
        """
        p = f"--{direction}-" if direction else "--"
        args = []
        if self.tls:
            cert_dir = self.host_cert_dir
            if not client_cert and self.mtls:
                cert_dir = self.workdir / "certs.d-no-client" / self.host
                write_cert_dir(cert_dir.parent, self.host, self.ca_file)
            args += [f"{p}tls-verify=true", f"{p}cert-dir", str(cert_dir)]
        else:
            args += [f"{p}tls-verify=false"]
        if creds and self.auth:
            args += [f"{p}creds", self.creds]
        return args

    def client(self, *, anonymous: bool = False, username: str | None = None,
               password: str | None = None) -> RegistryClient:
        """An HTTP client with this registry's TLS material and credentials."""
        if anonymous:
            username = password = None
        elif username is None:
            username, password = self.username, self.password
        return RegistryClient(self.url, ca_file=self.ca_file, client_cert=self.client_cert,
                              client_key=self.client_key, username=username, password=password)

    def catalog(self) -> list[str]:
        return self.client().catalog()

    def tags(self, repo: str) -> list[str]:
        return self.client().tags(repo)

    def manifest_raw(self, repo: str, ref: str) -> bytes:
        return self.client().manifest_raw(repo, ref)

    def blob_bytes(self, repo: str, digest: str) -> bytes:
        return self.client().blob_bytes(repo, digest)

    # --- storage ------------------------------------------------------------
    def blob_path(self, digest: str) -> Path:
        """Distribution's file for a blob: blobs/sha256/<2 hex>/<hex>/data."""
        algo, _, hexdigest = digest.partition(":")
        return (self.root / "docker/registry/v2/blobs" / algo / hexdigest[:2] / hexdigest / "data")

    def corrupt_blob(self, digest: str, *, offset: int | None = None, count: int = 16) -> None:
        """Flip `count` bytes of a stored blob in place (size unchanged).

        The registry then serves bytes that do not match their digest.
        Default offset: the middle of the blob.
        """
        path = self.blob_path(digest)
        data = bytearray(path.read_bytes())
        if not data:
            raise ValueError(f"blob {digest} is empty; nothing to corrupt")
        start = len(data) // 2 if offset is None else offset
        for i in range(start, min(start + count, len(data))):
            data[i] ^= 0xFF
        path.write_bytes(bytes(data))
        assert "sha256:" + hashlib.sha256(data).hexdigest() != digest

    def remove_blob(self, digest: str) -> None:
        """Delete a blob's data file behind the registry's back."""
        self.blob_path(digest).unlink()
