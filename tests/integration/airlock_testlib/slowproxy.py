"""A TCP relay that adds latency, so that a test can stop a load at a chosen
moment (kill -9 between two requests) without racing it.

    python3 slowproxy.py LISTEN_PORT TARGET_PORT RESPONSE_DELAY_MS

Bytes pass unchanged in both directions (so the Host header, and the upload
locations the registry derives from it, name the relay); every read from the
server side waits RESPONSE_DELAY_MS first, which gives each request a floor
of that latency while bulk uploads keep their speed.

Run it as a process (RelayServer below), not a thread: the test modules that
move into a network namespace must stay single-threaded.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path


def _pipe(src: socket.socket, dst: socket.socket, delay: float) -> None:
    try:
        while True:
            data = src.recv(256 * 1024)
            if not data:
                break
            if delay:
                time.sleep(delay)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listen_port: int, target_port: int, delay_ms: float) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(64)
    while True:
        client, _ = listener.accept()
        server = socket.create_connection(("127.0.0.1", target_port))
        threading.Thread(target=_pipe, args=(client, server, 0), daemon=True).start()
        threading.Thread(target=_pipe, args=(server, client, delay_ms / 1000), daemon=True).start()


class RelayServer:
    """The relay as a background process in front of `registry`."""

    def __init__(self, registry, workdir: Path, delay_ms: float):
        from .proc import Server, free_port, wait_for_port
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.server = Server([sys.executable, __file__, str(self.port), str(registry.port),
                              str(delay_ms)], Path(workdir) / "relay.log")

        wait_for_port(self.port, what=f"relay on {self.host}")

    def stop(self) -> None:
        self.server.stop()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
