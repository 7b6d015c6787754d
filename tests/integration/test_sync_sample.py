"""samples/sync: the nightly delta script, run against a real registry, and
its systemd units and Kubernetes CronJob checked for syntax.

The script runs once with no receipt (a full bundle, and it says so), then,
after the site loaded that bundle and sent back a receipt, once more: a delta
whose BOM has a base, named <name>-<version>-<YYYYMMDD>.airlock.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from airlock_testlib import (Registry, build_image, push_image, random_layer, run,
                             source_dir)
from airlock_testlib.tools import airlock_build, airlock_build_bin, airlock_load
from build_helpers import VENDOR_KEY, bom_of, write_spec
from load_helpers import loaded

SAMPLE = source_dir() / "samples" / "sync"
SCRIPT = SAMPLE / "nightly-delta.sh"


def nightly(spec: Path, receipts: Path, out: Path, *flags, date: str = "20261206",
            check: bool = True):
    env = {"AIRLOCK_BUILD": str(airlock_build_bin()), "NIGHTLY_DATE": date}
    return run(["/bin/sh", SCRIPT, spec, receipts, out, VENDOR_KEY, *flags], check=check,
               extra_env=env)


def inspect(bundle: Path) -> dict:
    return json.loads(airlock_build("inspect", str(bundle), "--json").stdout)


def test_nightly_full_then_delta_against_the_receipt(tmp_path, airlock_bin_dir):
    source = Registry(tmp_path / "source", ca=None).start()
    site = Registry(tmp_path / "site", ca=None).start()
    try:
        work = tmp_path / "images"
        app_image = build_image([random_layer(16 * 1024, 11)])
        push_image(source, app_image, "sync/app:1.0", workdir=work)
        push_image(source, build_image([random_layer(16 * 1024, 12)]), "sync/db:1.0",
                   workdir=work)
        receipts, out = tmp_path / "receipts", tmp_path / "out"
        receipts.mkdir()
        create_flags = ["--", "--plain-http", source.host]

        # Night one: no receipt yet, so a full bundle.
        spec = write_spec(tmp_path / "spec.yaml", [f"{source.host}/sync/app:1.0"],
                          name="sync", version="1.0.0")
        r = nightly(spec, receipts, out, *create_flags, date="20261206")
        full = out / "sync-1.0.0-20261206.airlock"
        assert r.stdout.strip() == str(full)
        assert "no receipt in" in r.stderr and "building a full bundle" in r.stderr
        assert sorted(p.name for p in out.iterdir()) == [full.name]
        assert inspect(full)["base"] is None

        # The site loads it and sends back a receipt of its registry.
        state = tmp_path / "state"
        loaded(airlock_load("load", str(full), "--to", f"registry://{site.host}",
                            "--plain-http", "--state-dir", str(state), "--json", check=False))
        older = receipts / "site-older.json"
        airlock_load("receipt", "--state-dir", str(state), "--out", str(older))
        newest = receipts / "site-20261207.json"
        airlock_load("receipt", "--state-dir", str(state), "--out", str(newest),
                     "--registry", f"registry://{site.host}", "--plain-http")
        os.utime(older, (1, 1))  # the newest receipt wins, whatever its name

        # Night two: version 1.1.0 adds an image; the delta builds on the receipt.
        spec = write_spec(tmp_path / "spec.yaml",
                          [f"{source.host}/sync/app:1.0", f"{source.host}/sync/db:1.0"],
                          name="sync", version="1.1.0")
        r = nightly(spec, receipts, out, *create_flags, date="20261207")
        delta = out / "sync-1.1.0-20261207.airlock"
        assert r.stdout.strip() == str(delta)
        assert f"delta against the receipt {newest}" in r.stderr
        assert sorted(p.name for p in out.iterdir()) == sorted([full.name, delta.name])
        base = inspect(delta)["base"]
        assert base is not None
        assert [(b["name"], b["version"]) for b in base["bundles"]] == [("sync", "1.0.0")]
        bom = bom_of(delta)
        carried = {b["digest"] for b in bom["blobs"]}
        # app:1.0 was at the site: left out; db:1.0 travels.
        app = {app_image.digest, app_image.config_digest, app_image.layers[0].digest}
        assert not carried & app
        assert app <= {b["digest"] for b in bom["base"]["blobs"]}
        images = {i["ref"].split("/", 1)[1]: i["digest"] for i in bom["images"]}
        assert images["sync/db:1.0"] in carried

        # A second run the same night replaces the bundle atomically.
        nightly(spec, receipts, out, *create_flags, date="20261207")
        assert sorted(p.name for p in out.iterdir()) == sorted([full.name, delta.name])
    finally:
        site.stop()
        source.stop()


def test_nightly_refusals(tmp_path, airlock_bin_dir):
    spec = write_spec(tmp_path / "spec.yaml", ["127.0.0.1:9/none:1.0"], name="x")
    receipts, out = tmp_path / "receipts", tmp_path / "out"
    receipts.mkdir()
    r = run(["/bin/sh", SCRIPT, spec], check=False)
    assert r.returncode == 2 and "usage:" in r.stderr
    r = nightly(tmp_path / "missing.yaml", receipts, out, check=False)
    assert r.returncode == 2 and "spec" in r.stderr and "not a readable file" in r.stderr
    r = nightly(spec, tmp_path / "nowhere", out, check=False)
    assert r.returncode == 2 and "receipts folder" in r.stderr
    r = nightly(spec, receipts, out, "--", "--split", "4GiB", check=False)
    assert r.returncode == 2 and "--split is set by this script" in r.stderr
    r = nightly(spec, receipts, out, date="2026-12-06", check=False)
    assert r.returncode == 2 and "YYYYMMDD" in r.stderr
    # A failed build leaves nothing in OUT and passes airlock-build's exit code on.
    r = nightly(spec, receipts, out, "--", "--plain-http", "127.0.0.1:9", check=False)
    assert r.returncode not in (0, 2), r.stderr
    assert list(out.iterdir()) == []


def test_systemd_units_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    # A root holding the units, the script where ExecStart= names it, and
    # the system's own units (timers.target, sysinit.target...).
    root = tmp_path / "root"
    units = root / "etc" / "systemd" / "system"
    units.mkdir(parents=True)
    (root / "usr" / "local" / "bin").mkdir(parents=True)
    shutil.copy(SCRIPT, root / "usr" / "local" / "bin" / "airlock-nightly-delta")
    shutil.copytree("/lib/systemd/system", root / "usr" / "lib" / "systemd" / "system",
                    symlinks=True)
    names = ["airlock-nightly-delta.service", "airlock-nightly-delta.timer"]
    for name in names:
        shutil.copy(SAMPLE / name, units / name)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", f"--root={root}",
                        *(str(units / n) for n in names)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    service = (SAMPLE / names[0]).read_text()
    assert "ExecStart=/usr/local/bin/airlock-nightly-delta " in service
    assert "Unit=" not in (SAMPLE / names[1]).read_text()  # the timer starts its namesake


def test_cronjob_manifest_parses_and_is_hardened():
    docs = [d for d in yaml.safe_load_all((SAMPLE / "nightly-delta-cronjob.yaml").read_text())
            if d is not None]
    kinds = {d["kind"]: d for d in docs}
    assert set(kinds) == {"PersistentVolumeClaim", "CronJob"}
    cron = kinds["CronJob"]
    assert cron["apiVersion"] == "batch/v1"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    assert pod["automountServiceAccountToken"] is False
    for c in pod["initContainers"] + pod["containers"]:
        sc = c["securityContext"]
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["readOnlyRootFilesystem"] is True
        assert sc["capabilities"]["drop"] == ["ALL"]
        assert "limits" in c["resources"]
    main = pod["containers"][0]
    assert main["command"] == ["/bin/sh", "/config/nightly-delta.sh"]
    # The same arguments as the systemd unit: spec, receipts, out, key.
    assert main["args"][:4] == ["/config/spec.yaml", "/sync/receipts", "/sync/out",
                                "/key/signing.key"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["sync"]["persistentVolumeClaim"]["claimName"] == \
        kinds["PersistentVolumeClaim"]["metadata"]["name"]
    mounts = {m["mountPath"] for m in main["volumeMounts"]}
    assert {"/sync", "/config", "/key", "/tmp"} <= mounts
