"""An HTTP relay in front of a real registry that misbehaves on purpose, the
way registries and the proxies in front of them do in the field: it answers
some requests itself (429 with Retry-After, a redirect elsewhere) and passes
everything else through unchanged, Host header included, so the upload
locations the registry builds name the gate.

    python3 gate.py LISTEN_PORT TARGET_PORT RULES_JSON LOG_FILE

RULES_JSON: a list of {"method", "path_contains", "times", "status",
"headers"}; the first `times` requests that match get that answer instead of
the registry's. Every request is logged as "METHOD PATH -> STATUS".
Runs as a process (GateServer), so test modules stay single-threaded.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def serve(listen_port: int, target_port: int, rules: list, log_file: str) -> None:
    lock = threading.Lock()
    log = open(log_file, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):
            pass

        def _answer_from_rules(self) -> bool:
            with lock:
                for rule in rules:
                    if (rule["method"] == self.command and rule["path_contains"] in self.path
                            and rule["times"] > 0):
                        rule["times"] -= 1
                        break
                else:
                    return False
            length = int(self.headers.get("Content-Length") or 0)
            while length > 0:  # drain the body so the connection stays usable
                length -= len(self.rfile.read(min(length, 1 << 20)))
            self.send_response(rule["status"])
            for k, v in rule.get("headers", {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            log.write(f"{self.command} {self.path} -> {rule['status']} (gate)\n")
            return True

        def _relay(self):
            if self._answer_from_rules():
                return
            conn = http.client.HTTPConnection("127.0.0.1", target_port, timeout=120)
            length = int(self.headers.get("Content-Length") or 0)
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for k, v in self.headers.items():
                conn.putheader(k, v)
            conn.endheaders()
            while length > 0:
                chunk = self.rfile.read(min(length, 1 << 20))
                conn.send(chunk)
                length -= len(chunk)
            resp = conn.getresponse()
            body = resp.read()
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            conn.close()
            log.write(f"{self.command} {self.path} -> {resp.status}\n")

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _relay

    ThreadingHTTPServer(("127.0.0.1", listen_port), Handler).serve_forever()


class GateServer:
    """The gate as a background process in front of `registry` (plain HTTP)."""

    def __init__(self, registry, workdir: Path, rules: list):
        from .proc import Server, free_port, wait_for_port
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.log_file = Path(workdir) / "gate-requests.log"
        self.server = Server([sys.executable, __file__, str(self.port), str(registry.port),
                              json.dumps(rules), str(self.log_file)], Path(workdir) / "gate.log")

        wait_for_port(self.port, what=f"gate on {self.host}")

    def requests(self) -> list[str]:
        return self.log_file.read_text().splitlines() if self.log_file.exists() else []

    def stop(self) -> None:
        self.server.stop()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4])
