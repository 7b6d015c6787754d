"""skopeo and airlock binaries, and digest helpers.

skopeo runs with an empty HOME (see proc.clean_env) and the permissive
policy written here, so only the flags a test passes decide TLS and auth.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .proc import isolated_home, run

SKOPEO_BIN = "/usr/bin/skopeo"


def digest_of(data: bytes) -> str:
    """`sha256:<hex>` of some bytes (a manifest as the registry serves it)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _policy_file() -> Path:
    path = isolated_home() / "policy.json"
    if not path.exists():
        path.write_text(json.dumps({"default": [{"type": "insecureAcceptAnything"}]}))
    return path


def skopeo(*args, check: bool = True, text: bool = True, timeout: float = 300):
    """Run `skopeo --policy <permissive> ARGS...` and return the CompletedProcess."""
    return run([SKOPEO_BIN, "--policy", _policy_file(), *args],
               check=check, text=text, timeout=timeout)


def tls_flags(prefix: str = "", *, tls_verify: bool | None = None, cert_dir=None,
              creds: str | None = None, authfile=None) -> list[str]:
    """Build skopeo flags: prefix "" (inspect), "src-" or "dest-" (copy)."""
    args = []
    if tls_verify is not None:
        args.append(f"--{prefix}tls-verify={'true' if tls_verify else 'false'}")
    if cert_dir is not None:
        args += [f"--{prefix}cert-dir", str(cert_dir)]
    if creds is not None:
        args += [f"--{prefix}creds", creds]
    if authfile is not None:
        args += [f"--{prefix}authfile", str(authfile)]
    return args


def _ref_and_flags(ref: str, registry, tls) -> tuple[str, list[str]]:
    if registry is not None:
        flags = registry.skopeo_args(None)
    else:
        flags = tls_flags("", **tls)
    if "://" not in ref and not ref.startswith(("oci:", "oci-archive:", "docker-archive:", "dir:")):
        ref = "docker://" + ref
    return ref, flags


def skopeo_inspect_raw(ref: str, *, registry=None, **tls) -> bytes:
    """The exact manifest bytes skopeo gets for `ref` (docker:// added if absent).

    Pass registry=<Registry> for its TLS/auth flags, or tls_verify=,
    cert_dir=, creds=, authfile= explicitly.
    """
    ref, flags = _ref_and_flags(ref, registry, tls)
    return skopeo("inspect", "--raw", *flags, ref, text=False).stdout


def skopeo_inspect(ref: str, *, registry=None, config: bool = False, **tls) -> dict:
    """`skopeo inspect [--config]` parsed as JSON."""
    ref, flags = _ref_and_flags(ref, registry, tls)
    extra = ["--config"] if config else []
    return json.loads(skopeo("inspect", *extra, *flags, ref).stdout)


def skopeo_copy(src: str, dest: str, *args: str, src_registry=None, dest_registry=None,
                check: bool = True):
    """`skopeo copy` with each side's registry flags added when given."""
    flags = []
    if src_registry is not None:
        flags += src_registry.skopeo_args("src")
    if dest_registry is not None:
        flags += dest_registry.skopeo_args("dest")
    return skopeo("copy", *flags, *args, src, dest, check=check)


# --- airlock binaries -----------------------------------------------------------

def bin_dir() -> Path:
    """The CMake build dir from AIRLOCK_BIN_DIR (relative paths: from the source dir)."""
    value = os.environ.get("AIRLOCK_BIN_DIR")
    if not value:
        raise RuntimeError("AIRLOCK_BIN_DIR is not set (CTest sets it; by hand: "
                           "AIRLOCK_BIN_DIR=build/dev)")
    path = Path(value)
    if not path.is_absolute():
        path = source_dir() / path if not path.exists() else path.resolve()
    return path


def source_dir() -> Path:
    value = os.environ.get("AIRLOCK_SOURCE_DIR")
    if value:
        return Path(value)
    return Path(__file__).resolve().parents[3]


def airlock_build_bin() -> Path:
    return bin_dir() / "builder" / "airlock-build"


def airlock_load_bin() -> Path:
    return bin_dir() / "loader" / "airlock-load"


def airlock_build(*args, check: bool = True, **kw):
    """Run airlock-build ARGS...; see proc.run for keyword arguments."""
    return run([airlock_build_bin(), *args], check=check, **kw)


def airlock_load(*args, check: bool = True, **kw):
    """Run airlock-load ARGS...; see proc.run for keyword arguments."""
    return run([airlock_load_bin(), *args], check=check, **kw)


def at_clock(offset: str | None, cmd) -> list:
    """`cmd` (a list) run with its clock moved by `offset` ("+200d", "-1d",
    "+2h"): through the test clock of binaries built with AIRLOCK_TEST_HOOKS
    (CTest sets AIRLOCK_TEST_HOOKS=1 for those trees), otherwise under faketime,
    which works for the g++ release build but hangs clang's ASan runtime."""
    cmd = [str(c) for c in cmd]
    if offset is None:
        return cmd
    if os.environ.get("AIRLOCK_TEST_HOOKS") == "1":
        return ["env", f"AIRLOCK_TEST_CLOCK_OFFSET={offset}", *cmd]
    return ["faketime", "-f", offset, *cmd]
