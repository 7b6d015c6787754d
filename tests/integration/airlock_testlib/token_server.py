"""A small Docker registry token server (the `auth: token` realm) for tests.

Protocol (distribution's token auth spec): the registry answers 401 with
`WWW-Authenticate: Bearer realm=..,service=..,scope=..`; the client asks
the realm with GET ?service=&scope= (Basic credentials, scope repeated), or
POSTs an OAuth2 form (grant_type=password, containerd does this), and gets
{"token", "access_token", "expires_in", "issued_at"}.

The JWT (PyJWT) carries iss, sub, aud (the service), exp, nbf, iat, jti and
`access: [{type, name, actions}]`. Distribution 2.8 checks the signature with
the key of the first certificate of the `x5c` header, which must chain to a
certificate in its `rootcertbundle`; we sign with a cert issued by the test
CA and put the CA into the bundle.

Wrong passwords get 401. Requests without credentials get a token with no
access (as Docker Hub does), so the registry then refuses the request.
"""

from __future__ import annotations

import base64
import datetime
import json
import secrets
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

from .certs import CertPair

ALL_ACTIONS = frozenset({"pull", "push", "delete", "*"})


@dataclass
class TokenUser:
    password: str
    actions: frozenset = ALL_ACTIONS   # actions this user may be granted


@dataclass
class TokenRequest:
    """One request the server answered (for assertions in tests)."""
    method: str
    account: str | None
    scopes: list
    granted: list
    status: int


@dataclass
class TokenServer:
    """Serve tokens on 127.0.0.1:<free port>. Use as a context manager."""

    signer: CertPair                     # signing key + cert (x5c[0])
    chain: list = field(default_factory=list)   # intermediates for x5c (DER bytes)
    users: dict = field(default_factory=dict)   # name -> TokenUser
    service: str = "airlock-test-registry"
    issuer: str = "airlock-test-token-issuer"
    algorithm: str = "ES256"             # ES256 (EC key) or RS256 (RSA key)
    tls: CertPair | None = None          # serve HTTPS with this cert when set
    lifetime: int = 300
    requests: list = field(default_factory=list)

    def __post_init__(self):
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------
    def start(self) -> "TokenServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                account = None
                auth = self.headers.get("Authorization")
                if auth:
                    account = server._check_basic(auth)
                    if account is None:
                        return self._reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                                            "message": "bad credentials"}]},
                                           "GET", None, query.get("scope", []), [])
                scopes = query.get("scope", [])
                self._issue("GET", account, scopes)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                scopes = " ".join(form.get("scope", [])).split()
                if form.get("grant_type", [""])[0] != "password":
                    return self._reply(400, {"error": "unsupported_grant_type"},
                                       "POST", None, scopes, [])
                user = form.get("username", [""])[0]
                pw = form.get("password", [""])[0]
                if not server._check_password(user, pw):
                    return self._reply(401, {"error": "invalid_grant"}, "POST", user, scopes, [])
                self._issue("POST", user, scopes)

            def _issue(self, method, account, scopes):
                access = server._grant(account, scopes)
                token = server.make_token(account or "", access)
                now = datetime.datetime.now(datetime.timezone.utc)
                self._reply(200, {"token": token, "access_token": token,
                                  "expires_in": server.lifetime,
                                  "issued_at": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
                            method, account, scopes, access)

            def _reply(self, status, body, method, account, scopes, granted):
                server.requests.append(TokenRequest(method, account, list(scopes), granted, status))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        if self.tls is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(str(self.tls.cert_file), str(self.tls.key_file))
            # Handshake in the handler thread, so one stuck client cannot block accept().
            httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True,
                                           do_handshake_on_connect=False)
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="token-server",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- properties ----------------------------------------------------
    @property
    def port(self) -> int:
        assert self._httpd is not None, "token server not started"
        return self._httpd.server_address[1]

    @property
    def realm(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}/token"

    # --- logic -----------------------------------------------------------
    def _check_password(self, user: str, password: str) -> bool:
        entry = self.users.get(user)
        return entry is not None and secrets.compare_digest(entry.password, password)

    def _check_basic(self, header: str) -> str | None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return user if self._check_password(user, password) else None

    def _grant(self, account: str | None, scopes) -> list:
        """Access entries for the requested scopes that `account` may have."""
        allowed = self.users[account].actions if account in self.users else frozenset()
        granted = []
        for scope in scopes:
            for one in scope.split():            # a scope param may hold several
                parts = one.split(":")
                if len(parts) < 3:
                    continue
                rtype, name, actions = parts[0], ":".join(parts[1:-1]), parts[-1].split(",")
                if rtype == "registry" and name == "catalog":
                    ok = [a for a in actions if account is not None and a == "*"]
                else:
                    ok = [a for a in actions if a in allowed or "*" in allowed]
                if ok:
                    granted.append({"type": rtype, "name": name, "actions": ok})
        return granted

    def make_token(self, subject: str, access: list, *, lifetime: int | None = None,
                   audience: str | None = None, issuer: str | None = None) -> str:
        """A signed JWT as Distribution 2.8 expects (x5c header, access claim)."""
        now = int(time.time())
        claims = {
            "iss": issuer or self.issuer,
            "sub": subject,
            "aud": audience or self.service,
            "exp": now + (lifetime if lifetime is not None else self.lifetime),
            "nbf": now - 10,
            "iat": now,
            "jti": secrets.token_hex(16),
            "access": access,
        }
        x5c = [base64.b64encode(self.signer.cert_der).decode()]
        x5c += [base64.b64encode(der).decode() for der in self.chain]
        return jwt.encode(claims, self.signer.key, algorithm=self.algorithm,
                          headers={"typ": "JWT", "x5c": x5c})
