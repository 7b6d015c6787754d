"""Offline licenses: `airlock-build license issue`, `airlock-load license
import` and `license list`, and the loader refusing a bundle whose BOM
requires a license for its product unless a valid one is stored. Real
binaries, the dev keys, time moved with at_clock (airlock_testlib.tools) and SOURCE_DATE_EPOCH.

One bundle (a file only, so no registry is needed, `requires: {license:
edge-stack}` in its spec) is built per module."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from airlock_testlib import run, source_dir
from airlock_testlib.tools import airlock_build, airlock_load, airlock_load_bin, at_clock
from build_helpers import VENDOR_KEY, bom_of, create
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import EXPIRED, LICENSE, SIGNATURE, UNTRUSTED_KEY

PRODUCT = "edge-stack"
CUSTOMER_KEY = source_dir() / "keys" / "dev" / "customer.key"
DAY = 86400


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("license")
    (root / "docs").mkdir()
    (root / "docs" / "runbook.md").write_text("# Runbook\nlicensed content\n")
    spec = root / "spec.yaml"
    spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    f"metadata: {{name: {PRODUCT}, version: 1.0.0}}\n"
                    "files:\n  - {path: docs/runbook.md}\n"
                    f"requires: {{license: {PRODUCT}}}\n")
    out = root / "edge.airlock"
    # Ten years, so that runs with the clock at +400d reach the license check.
    create(spec, out, None, "--expires", "3650d")
    # The spec's requirement travels in the signed BOM.
    assert bom_of(out)["requires"] == {"license": PRODUCT}
    return out


def issue(tmp_path: Path, name: str, *args, product=PRODUCT, key=VENDOR_KEY, epoch=None,
          check=True):
    out = tmp_path / f"{name}.json"
    env = {"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else None
    r = airlock_build("license", "issue", "--key", str(key), "--customer", "acme", "--product",
                      product, "--entitlement", "nodes=10", "-o", str(out), "--json", *args,
                      check=check, extra_env=env)
    return (out, json.loads(r.stdout)) if check else r


def load_cmd(*args, faketime=None) -> list:
    cmd = [airlock_load_bin(), *args]
    return at_clock(faketime, cmd)


def lic_import(path, state, *args, faketime=None):
    return run(load_cmd("license", "import", path, "--state-dir", state, *args,
                        faketime=faketime), check=False)


def verify(bundle, state, faketime=None):
    return run(load_cmd("verify", bundle, "--state-dir", state, faketime=faketime), check=False)


def listed(state) -> dict:
    r = airlock_load("license", "list", "--state-dir", str(state), "--json")
    return {entry["licenseId"]: entry for entry in json.loads(r.stdout)["licenses"]}


def rfc3339(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_refused_without_a_license(bundle, tmp_path):
    refused(verify(bundle, tmp_path / "state"), LICENSE, f"'{PRODUCT}'", "license import")
    dest = tmp_path / "oci"
    refused(run(load_cmd("load", bundle, "--to", f"oci:{dest}", "--state-dir", tmp_path / "s2"),
                check=False), LICENSE, f"'{PRODUCT}'")
    assert not (dest / "index.json").exists()


def test_valid_license_verifies_and_loads(bundle, tmp_path):
    state = tmp_path / "state"
    lic, info = issue(tmp_path, "good", "--expires", "365d")
    assert info["licenseId"].startswith("lic-") and info["product"] == PRODUCT
    r = lic_import(lic, state, "--json")
    assert r.returncode == 0, r.stderr
    imported = json.loads(r.stdout)
    assert imported["state"] == "valid" and not imported["alreadyImported"]
    stored = state / "licenses" / f"{info['licenseId']}.json"
    assert stored.read_bytes() == lic.read_bytes()
    assert stored.stat().st_mode & 0o777 == 0o600
    # Idempotent.
    r = lic_import(lic, state, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["alreadyImported"], r.stderr

    assert verify(bundle, state).returncode == 0
    dest = tmp_path / "oci"
    loaded(run(load_cmd("load", bundle, "--to", f"oci:{dest}", "--state-dir", state, "--json"),
               check=False))
    assert json.loads((dest / "index.json").read_text())["manifests"]

    entry = listed(state)[info["licenseId"]]
    assert entry["state"] == "valid"
    assert entry["customer"] == "acme" and entry["product"] == PRODUCT
    assert entry["entitlements"] == {"nodes": "10"}
    assert entry["daysLeft"] in (364, 365)
    assert entry["notAfter"] == info["notAfter"]


def test_same_id_other_content_is_refused(tmp_path):
    state = tmp_path / "state"
    a, _ = issue(tmp_path, "a", "--id", "acme-2026", "--expires", "30d")
    b, _ = issue(tmp_path, "b", "--id", "acme-2026", "--expires", "60d")
    assert lic_import(a, state).returncode == 0
    refused(lic_import(b, state), LICENSE, "acme-2026", "already imported")


def test_expired_license_is_refused_at_import(bundle, tmp_path):
    issued = int(time.time()) - 100 * DAY
    lic, info = issue(tmp_path, "old", "--expires", "30d", epoch=issued)
    assert info["notAfter"] == rfc3339(issued + 30 * DAY)
    refused(lic_import(lic, tmp_path / "state"), EXPIRED, "expired at " + info["notAfter"])
    assert not (tmp_path / "state" / "licenses" / f"{info['licenseId']}.json").exists()
    refused(verify(bundle, tmp_path / "state"), LICENSE, "license import")


def test_license_that_expires_after_import_stops_the_bundle(bundle, tmp_path):
    state = tmp_path / "state"
    lic, info = issue(tmp_path, "short", "--expires", "30d")
    assert lic_import(lic, state).returncode == 0
    assert verify(bundle, state).returncode == 0
    refused(verify(bundle, state, faketime="+400d"), LICENSE,
            f"{info['licenseId']} for {PRODUCT} expired at {info['notAfter']}")


def test_not_yet_valid_license_is_stored_with_its_date(bundle, tmp_path):
    state = tmp_path / "state"
    lic, info = issue(tmp_path, "later", "--not-before", "30d", "--expires", "365d")
    r = lic_import(lic, state)
    assert r.returncode == 0, r.stderr
    assert "valid from " + info["notBefore"] in r.stdout
    refused(verify(bundle, state), LICENSE, "not valid before " + info["notBefore"])
    assert listed(state)[info["licenseId"]]["state"] == "not-yet-valid"
    # Once its time has come it counts.
    assert verify(bundle, state, faketime="+31d").returncode == 0


def test_license_for_another_product_does_not_count(bundle, tmp_path):
    state = tmp_path / "state"
    lic, _ = issue(tmp_path, "other", "--expires", "365d", product="other-product")
    assert lic_import(lic, state).returncode == 0
    refused(verify(bundle, state), LICENSE, f"'{PRODUCT}'", "none is imported")


def test_forged_signature_is_refused(bundle, tmp_path):
    lic, _ = issue(tmp_path, "forged", "--expires", "365d")
    env = json.loads(lic.read_text())
    sig = bytearray(base64.b64decode(env["signatures"][0]["sig"]))
    sig[10] ^= 0x01
    env["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    lic.write_text(json.dumps(env))
    refused(lic_import(lic, tmp_path / "state"), SIGNATURE, "no signature verifies")
    refused(verify(bundle, tmp_path / "state"), LICENSE, "license import")


def test_edited_entitlements_are_refused(tmp_path):
    lic, _ = issue(tmp_path, "edited", "--expires", "365d")
    env = json.loads(lic.read_text())
    statement = json.loads(base64.b64decode(env["payload"]))
    statement["predicate"]["entitlements"]["nodes"] = "1000"
    env["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    lic.write_text(json.dumps(env))
    refused(lic_import(lic, tmp_path / "state"), SIGNATURE, "no signature verifies")


def test_keys_that_may_not_issue_licenses(tmp_path):
    lic, _ = issue(tmp_path, "by-customer", "--expires", "365d", key=CUSTOMER_KEY)
    refused(lic_import(lic, tmp_path / "state"), UNTRUSTED_KEY, "role 'customer'")
    airlock_build("keys", "generate", "--out", str(tmp_path / "rogue"))
    lic, _ = issue(tmp_path, "rogue", "--expires", "365d", key=tmp_path / "rogue.key")
    refused(lic_import(lic, tmp_path / "state"), UNTRUSTED_KEY, "not a key of the trust policy")


def test_clock_set_back_does_not_revive_an_expired_license(bundle, tmp_path):
    state = tmp_path / "state"
    short, short_info = issue(tmp_path, "short", "--expires", "30d")
    assert lic_import(short, state).returncode == 0
    # A license issued 400 days from now, imported on a machine whose clock
    # says so, moves the trusted time there for good.
    future = int(time.time()) + 400 * DAY
    other, other_info = issue(tmp_path, "future", "--expires", "365d", product="other-product",
                              epoch=future)
    assert lic_import(other, state, faketime="+400d").returncode == 0
    # A stored license edited in place no longer counts.
    broken, broken_info = issue(tmp_path, "broken", "--expires", "1000d", product="third")
    assert lic_import(broken, state).returncode == 0
    stored = state / "licenses" / f"{broken_info['licenseId']}.json"
    env = json.loads(stored.read_text())
    statement = json.loads(base64.b64decode(env["payload"]))
    statement["predicate"]["notAfter"] = "2099-01-01T00:00:00Z"
    env["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    stored.write_text(json.dumps(env))
    later, later_info = issue(tmp_path, "later", "--not-before", "900d", "--expires", "30d",
                              product="fourth")
    assert lic_import(later, state).returncode == 0

    # Back at the real time.
    r = airlock_load("license", "list", "--state-dir", str(state), "--json")
    report = json.loads(r.stdout)
    assert report["trustedTime"] >= rfc3339(future)
    states = {e["licenseId"]: e for e in report["licenses"]}
    assert states[short_info["licenseId"]]["state"] == "expired"
    assert states[short_info["licenseId"]]["daysLeft"] == 0
    assert states[other_info["licenseId"]]["state"] == "valid"
    assert states[later_info["licenseId"]]["state"] == "not-yet-valid"
    assert states[broken_info["licenseId"]]["state"] == "invalid"
    assert "no signature verifies" in states[broken_info["licenseId"]]["reason"]
    refused(verify(bundle, state), LICENSE, "expired at " + short_info["notAfter"])
    text = airlock_load("license", "list", "--state-dir", str(state)).stdout
    assert "expired" in text and "not-yet-valid" in text and "invalid" in text
