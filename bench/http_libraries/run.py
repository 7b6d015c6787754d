#!/usr/bin/python3
"""Builds the HTTP library prototypes (build.sh) and measures them with wrk.

Per library, plain and TLS: blob MB/s at 1, 4 and 16 connections, manifest
requests/s and p99 at 64 connections, manifest p99 at 8 connections while
1000 idle keep-alive connections are held open, the server's peak RSS
(VmHWM), and each build's compile seconds and stripped size. Prints a table
and each figure as a ratio of the best in its column. Not part of the
product build; see README.md.
"""
import argparse, json, os, re, socket, ssl, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
LIBS = ["microhttpd", "beast", "httplib", "libevent"]
BLOB_OFFSET, BLOB_LEN = 1 << 20, 256 << 20


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def prepare(out):
    os.makedirs(out, exist_ok=True)
    data = os.path.join(out, "data.bin")
    if not os.path.exists(data) or os.path.getsize(data) != BLOB_LEN + 2 * BLOB_OFFSET:
        with open(data, "wb") as f:
            f.write(os.urandom(BLOB_LEN + 2 * BLOB_OFFSET))
    if not os.path.exists(os.path.join(out, "cert.pem")):
        sh(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
            os.path.join(out, "key.pem"), "-out", os.path.join(out, "cert.pem"), "-days", "30",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
    return data


def unit(v, u):
    return float(v) * {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "KB": 1024, "MB": 1 << 20,
                       "GB": 1 << 30, "B": 1, "us": 1e-3, "ms": 1, "s": 1e3}[u]


def wrk(url, conns, secs, threads=None):
    threads = threads or min(conns, 2)
    o = sh(["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % secs, "--latency", "--timeout", "10s", url])
    req = re.search(r"Requests/sec:\s+([\d.]+)", o)
    tr = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", o)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", o)
    errs = re.search(r"Socket errors: (.*)", o)
    return {"rps": float(req.group(1)) if req else 0.0,
            "MBps": unit(*tr.groups()) / 1e6 if tr else 0.0,
            "p99_ms": unit(*p99.groups()) if p99 else None,
            "errors": errs.group(1) if errs else ""}


class Server:
    def __init__(self, binary, port, data, tls, out):
        args = [binary, str(port), data, str(BLOB_OFFSET), str(BLOB_LEN)]
        if tls:
            args += [os.path.join(out, "cert.pem"), os.path.join(out, "key.pem")]
        self.p = subprocess.Popen(args, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                time.sleep(0.2)
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(binary + " did not start")

    def peak_rss_mib(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024

    def stop(self):
        self.p.terminate()
        try:
            return self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return "killed"


def hold_idle(port, tls, n):
    """n keep-alive connections, each after one manifest request; returns them."""
    ctx = ssl._create_unverified_context() if tls else None
    socks, failed = [], 0
    deadline = time.monotonic() + 30  # a server that serves few connections at once stalls here
    for _ in range(n):
        if time.monotonic() > deadline:
            failed += 1
            continue
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            if ctx:
                s = ctx.wrap_socket(s)
            s.sendall(b"GET /manifest HTTP/1.1\r\nHost: x\r\n\r\n")
            got = b""
            while not got.endswith(b'"}'):
                chunk = s.recv(65536)
                if not chunk:
                    raise OSError("closed")
                got += chunk
            socks.append(s)
        except OSError:
            failed += 1
    return socks, failed


def still_open(socks):
    ok = 0
    for s in socks:
        try:
            s.settimeout(0)
            if s.recv(1) == b"":
                continue
        except (BlockingIOError, ssl.SSLWantReadError):
            pass
        except OSError:
            continue
        ok += 1
    return ok


def measure(lib, binary, data, tls, out, secs, port):
    scheme = "https" if tls else "http"
    base = "%s://127.0.0.1:%d" % (scheme, port)
    row = {"lib": lib, "tls": tls}
    srv = Server(binary, port, data, tls, out)
    try:
        for c in (1, 4, 16):
            row["blob_MBps_c%d" % c] = wrk(base + "/blob", c, secs)["MBps"]
        m = wrk(base + "/manifest", 64, secs)
        row["manifest_rps_c64"], row["manifest_p99_ms_c64"] = m["rps"], m["p99_ms"]
        socks, failed = hold_idle(port, tls, 1000)
        t0 = time.monotonic()
        m = wrk(base + "/manifest", 8, secs, threads=1)
        row["idle_held"] = len(socks)
        row["idle_failed"] = failed
        row["idle_manifest_rps_c8"], row["idle_manifest_p99_ms_c8"] = m["rps"], m["p99_ms"]
        row["idle_still_open"] = still_open(socks)
        for s in socks:
            s.close()
        row["peak_rss_mib"] = srv.peak_rss_mib()
    finally:
        row["exit"] = srv.stop()
    return row


def fmt(v, best, higher=True):
    if v is None:
        return "-"
    r = (v / best if higher else best / v) if best and v else 0
    return "%.4g (%.2f)" % (v, r)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "build", "http_libraries"))
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--libs", default=",".join(LIBS))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--json-file")
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    data = prepare(out)
    costs = {}
    if not a.no_build:
        for line in sh([os.path.join(HERE, "build.sh"), out]).splitlines():
            name, *kv = line.split()
            costs[name] = dict(x.split("=") for x in kv)
    print("machine: nproc %d, load average %s" % (os.cpu_count(), os.getloadavg()))
    rows = []
    port = 18200
    for lib in a.libs.split(","):
        for tls in (False, True):
            port += 1
            row = measure(lib, os.path.join(out, lib), data, tls, out, a.seconds, port)
            row.update({k: float(v) for k, v in costs.get(lib, {}).items()})
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    print("load average after: %s" % (os.getloadavg(),))
    cols = [("blob_MBps_c1", True), ("blob_MBps_c4", True), ("blob_MBps_c16", True),
            ("manifest_rps_c64", True), ("manifest_p99_ms_c64", False),
            ("idle_manifest_rps_c8", True), ("idle_manifest_p99_ms_c8", False),
            ("idle_still_open", True), ("peak_rss_mib", False), ("compile_s", False),
            ("stripped_bytes", False)]
    for tls in (False, True):
        sub = [r for r in rows if r["tls"] == tls]
        print("\n## %s (value (ratio to the best in the column))" % ("TLS" if tls else "plain"))
        print("| library | " + " | ".join(c for c, _ in cols) + " |")
        print("|---" * (len(cols) + 1) + "|")
        for r in sub:
            cells = []
            for c, higher in cols:
                vals = [x.get(c) for x in sub if x.get(c)]
                best = (max(vals) if higher else min(vals)) if vals else None
                cells.append(fmt(r.get(c), best, higher))
            print("| %s | %s |" % (r["lib"], " | ".join(cells)))
    if a.json_file:
        with open(a.json_file, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
