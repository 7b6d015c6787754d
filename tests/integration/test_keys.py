"""airlock-build keys generate: PEM files openssl reads, 0600 private key,
key id = sha256 of the DER public key, and ECDSA P-256 keys that sign bundles."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess

import pytest

from airlock_testlib.tools import airlock_build


@pytest.mark.parametrize("key_type", ["ed25519", "ecdsa-p256"])
def test_generate(tmp_path, key_type):
    prefix = tmp_path / "k"
    out = json.loads(airlock_build("keys", "generate", "--out", str(prefix), "--type", key_type,
                                   "--json").stdout)
    key, pub = tmp_path / "k.key", tmp_path / "k.pub"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(pub.stat().st_mode) == 0o644
    der = subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-outform", "DER"],
                         capture_output=True, check=True).stdout
    assert out["keyId"] == hashlib.sha256(der).hexdigest()
    der_pub = subprocess.run(["openssl", "pkey", "-pubin", "-in", str(pub), "-outform", "DER"],
                             capture_output=True, check=True).stdout
    assert der_pub == der
    text = subprocess.run(["openssl", "pkey", "-in", str(key), "-text", "-noout"],
                          capture_output=True, text=True, check=True).stdout
    assert ("ED25519" in text) if key_type == "ed25519" else ("prime256v1" in text or "P-256" in text)
    # An existing key is never overwritten by accident.
    before = key.read_bytes()
    r = airlock_build("keys", "generate", "--out", str(prefix), check=False)
    assert r.returncode != 0 and "k.key" in r.stderr
    assert key.read_bytes() == before


def test_ecdsa_key_signs_a_bundle_that_inspect_attributes(tmp_path, module_registry, module_images):
    from build_helpers import create, write_spec
    airlock_build("keys", "generate", "--out", str(tmp_path / "fips"), "--type", "ecdsa-p256")
    spec = write_spec(tmp_path / "s.yaml", [f"{module_registry.host}/airlock-test/single:1.0"])
    out = tmp_path / "e.airlock"
    r = json.loads(create(spec, out, module_registry, key=tmp_path / "fips.key").stdout)
    report = json.loads(airlock_build("inspect", str(out), "--json").stdout)
    assert report["signatures"][0]["keyIds"] == [r["keyId"]]
