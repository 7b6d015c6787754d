"""Key rotation and revocation through signed trust updates.

v1 is the embedded development policy (keys/dev). v2 adds a new vendor key
(signed by the dev vendor key); v3 revokes the dev vendor key (signed by the
new key). After that a bundle signed by the old key is refused and one
signed by the new key verifies and loads. Forged, older, equal, wrongly
signed and self-revoking updates are refused, each with its exit code, and
files dropped into STATE/trust/ by hand are refused, never silently used.

One source registry with one image and two bundles per module."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from airlock_testlib import Registry, source_dir
from airlock_testlib.images import build_image, push_image, random_layer
from airlock_testlib.tools import airlock_build, airlock_load
from build_helpers import VENDOR_KEY, create, write_spec
import bundle_surgery as surgery
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import INVALID_INPUT, ROLLBACK, SIGNATURE, UNTRUSTED_KEY

DEV = source_dir() / "keys" / "dev"
CUSTOMER_KEY = DEV / "customer.key"


def policy_doc(version: int, *, new_key=None, revoke_old=False, old_vendor_id=None) -> dict:
    doc = json.loads((DEV / "trust-policy.json").read_text())
    doc["version"] = version
    if new_key is not None:
        doc["keys"].append({"id": new_key["id"], "role": "vendor",
                            "publicKey": new_key["pub"].read_text()})
    if revoke_old:
        doc["revoked"].append(old_vendor_id)
    return doc


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca):
    root = tmp_path_factory.mktemp("trust-update")
    source = Registry(root / "source", ca=ca).start()
    try:
        image = build_image([random_layer(4096, 70)], config={"Cmd": ["/bin/sh"]})
        push_image(source, image, "airlock-test/trust:1.0", workdir=root / "seed")
        gen = json.loads(airlock_build("keys", "generate", "--out", str(root / "new"),
                                       "--json").stdout)
        new = {"id": gen["keyId"], "key": Path(gen["private"]), "pub": Path(gen["public"])}
        old_id = json.loads((DEV / "trust-policy.json").read_text())["keys"][0]["id"]

        def sign(name: str, doc: dict, *keys) -> Path:
            policy = root / f"{name}.policy.json"
            policy.write_text(json.dumps(doc, indent=2))
            out = root / f"{name}.update.json"
            args = [a for k in keys for a in ("--key", str(k))]
            airlock_build("trust", "sign", str(policy), *args, "-o", str(out))
            return out

        v2 = sign("v2", policy_doc(2, new_key=new), VENDOR_KEY)
        v3 = sign("v3", policy_doc(3, new_key=new, revoke_old=True, old_vendor_id=old_id),
                  new["key"])
        bundles = {}
        for name, key in (("old-signed", VENDOR_KEY), ("new-signed", new["key"])):
            spec = write_spec(root / f"{name}.yaml", [f"{source.host}/airlock-test/trust:1.0"],
                              name=name)
            bundles[name] = root / f"{name}.airlock"
            create(spec, bundles[name], source, key=key)
        yield {"root": root, "new": new, "old_id": old_id, "v2": v2, "v3": v3,
               "bundles": bundles, "sign": sign, "source": source}
    finally:
        source.stop()


def trust(*args, check=False):
    return airlock_load("trust", *args, check=check)


def show(state: Path) -> dict:
    return json.loads(trust("show", "--state-dir", str(state), "--json", check=True).stdout)


def verify(bundle: Path, state: Path, *args):
    return airlock_load("verify", str(bundle), "--state-dir", str(state), *args, check=False)


@pytest.fixture
def state_v3(world, tmp_path) -> Path:
    """A state directory that has adopted v2 then v3."""
    state = tmp_path / "state"
    trust("update", str(world["v2"]), "--state-dir", str(state), check=True)
    trust("update", str(world["v3"]), "--state-dir", str(state), check=True)
    return state


def test_rotate_then_revoke(world, tmp_path):
    state = tmp_path / "state"
    before = show(state)
    assert before["version"] == 1 and before["origin"] == "embedded v1"

    r = trust("update", str(world["v2"]), "--state-dir", str(state), check=True)
    assert "version 1 -> 2" in r.stdout
    assert f"key added   {world['new']['id']} role vendor" in r.stdout

    r = trust("update", str(world["v3"]), "--state-dir", str(state), "--json", check=True)
    change = json.loads(r.stdout)
    assert (change["fromVersion"], change["toVersion"]) == (2, 3)
    assert change["revoked"] == [world["old_id"]] and change["keysAdded"] == []
    assert (state / "trust" / "policy-2.json").is_file()
    assert (state / "trust" / "policy-3.json").is_file()

    # Every later run is a new process: the state alone carries v3.
    now = show(state)
    assert now["version"] == 3 and now["origin"] == "embedded v1 + update v3"
    keys = {k["id"]: k for k in now["keys"]}
    assert keys[world["old_id"]]["revoked"] is True
    assert keys[world["new"]["id"]]["revoked"] is False and keys[world["new"]["id"]]["role"] == "vendor"
    assert now["revoked"] == [world["old_id"]]
    text = trust("show", "--state-dir", str(state), check=True).stdout
    assert "trust policy version 3 (embedded v1 + update v3)" in text and "REVOKED" in text

    refused(verify(world["bundles"]["old-signed"], state), UNTRUSTED_KEY, "revoked")
    report = json.loads(verify(world["bundles"]["new-signed"], state, "--json").stdout)
    assert report["verified"] and report["policy"]["version"] == 3
    assert report["policy"]["origin"] == "embedded v1 + update v3"
    assert report["signatures"][0]["keyId"] == world["new"]["id"]
    assert "policy: version 3 (embedded v1 + update v3)" in verify(
        world["bundles"]["new-signed"], state).stdout

    dest = tmp_path / "layout"
    r = airlock_load("load", str(world["bundles"]["new-signed"]), "--to", f"oci:{dest}",
                     "--state-dir", str(state), "--json", check=False)
    loaded(r)
    assert json.loads((dest / "index.json").read_text())["manifests"]
    r = airlock_load("load", str(world["bundles"]["old-signed"]), "--to", f"oci:{tmp_path / 'x'}",
                     "--state-dir", str(state), check=False)
    refused(r, UNTRUSTED_KEY, "revoked")
    assert not (tmp_path / "x").exists()


def test_without_updates_the_old_key_still_works(world, tmp_path):
    r = verify(world["bundles"]["old-signed"], tmp_path / "state", "--json")
    assert json.loads(r.stdout)["policy"]["version"] == 1
    refused(verify(world["bundles"]["new-signed"], tmp_path / "state"), UNTRUSTED_KEY)


def test_forged_update_is_refused(world, tmp_path):
    envelope = json.loads(world["v2"].read_text())
    sig = bytearray(base64.b64decode(envelope["signatures"][0]["sig"]))
    sig[10] ^= 0x01
    envelope["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(envelope))
    state = tmp_path / "state"
    refused(trust("update", str(forged), "--state-dir", str(state)), SIGNATURE,
            "does not verify")
    assert not (state / "trust").exists()
    assert show(state)["version"] == 1


def test_older_and_equal_versions_are_rollbacks(world, state_v3):
    refused(trust("update", str(world["v2"]), "--state-dir", str(state_v3)), ROLLBACK,
            "version 2", "version 3")
    refused(trust("update", str(world["v3"]), "--state-dir", str(state_v3)), ROLLBACK,
            "version 3", "not newer")
    # Even signed by the key in force, an older number is refused.
    older = world["sign"]("older", policy_doc(2, new_key=world["new"], revoke_old=True,
                                              old_vendor_id=world["old_id"]), world["new"]["key"])
    refused(trust("update", str(older), "--state-dir", str(state_v3)), ROLLBACK, "version 2")
    assert show(state_v3)["version"] == 3


def test_update_signed_by_a_customer_key_is_untrusted(world, tmp_path):
    update = world["sign"]("by-customer", policy_doc(2, new_key=world["new"]), CUSTOMER_KEY)
    refused(trust("update", str(update), "--state-dir", str(tmp_path / "state")), UNTRUSTED_KEY,
            "role 'customer'")
    assert show(tmp_path / "state")["version"] == 1


def test_update_signed_only_by_the_key_it_revokes_is_refused(world, tmp_path):
    state = tmp_path / "state"
    trust("update", str(world["v2"]), "--state-dir", str(state), check=True)
    self_revoking = world["sign"]("self-revoking",
                                  policy_doc(3, new_key=world["new"], revoke_old=True,
                                             old_vendor_id=world["old_id"]), VENDOR_KEY)
    refused(trust("update", str(self_revoking), "--state-dir", str(state)), UNTRUSTED_KEY,
            "revoked by this update")
    assert show(state)["version"] == 2


def test_a_file_dropped_into_the_state_is_refused(world, state_v3, tmp_path):
    # A bare policy (no signatures) that would re-trust the old key.
    dropped = state_v3 / "trust" / "policy-4.json"
    dropped.write_text(json.dumps(policy_doc(4, new_key=world["new"])))
    for r in (verify(world["bundles"]["new-signed"], state_v3),
              trust("show", "--state-dir", str(state_v3)),
              trust("update", str(world["v2"]), "--state-dir", str(state_v3))):
        refused(r, UNTRUSTED_KEY, "policy-4.json", "broken")
    # A signed envelope, but by a key no policy in the chain lets sign updates.
    update = world["sign"]("dropped", policy_doc(4, new_key=world["new"]), CUSTOMER_KEY)
    shutil.copy(update, dropped)
    refused(verify(world["bundles"]["new-signed"], state_v3), UNTRUSTED_KEY, "policy-4.json")
    # Any other name is refused too, not ignored.
    dropped.unlink()
    (state_v3 / "trust" / "override.json").write_text("{}")
    refused(verify(world["bundles"]["new-signed"], state_v3), UNTRUSTED_KEY, "override.json")
    (state_v3 / "trust" / "override.json").unlink()
    assert show(state_v3)["version"] == 3


def test_trust_sign_validates_the_policy(world, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 0, "keys": [], "require": {}}))
    r = airlock_build("trust", "sign", str(bad), "--key", str(VENDOR_KEY), "-o",
                      str(tmp_path / "out.json"), check=False)
    refused(r, INVALID_INPUT, "version")
    assert not (tmp_path / "out.json").exists()


def test_a_release_carries_the_rotation(world, tmp_path):
    """A bundle signed only by the new key, carrying v2 and v3 in its slot,
    verifies on a loader that knows only v1; loading it adopts v3 for good."""
    root = world["root"]
    spec = root / "new-signed.yaml"
    rotating = tmp_path / "rotating.airlock"
    r = create(spec, rotating, world["source"], "--trust-update", str(world["v2"]),
               "--trust-update", str(world["v3"]), key=world["new"]["key"])
    assert json.loads(r.stdout)["trustUpdates"] == [2, 3]

    state = tmp_path / "state"
    # verify adopts in memory only: the state stays at v1.
    report = json.loads(verify(rotating, state, "--json").stdout)
    assert report["verified"] and report["policy"]["version"] == 3
    assert report["policy"]["adoptedFromBundle"] == [2, 3]
    assert show(state)["version"] == 1

    # load stores them: from now on v3 is in force, and the old key is revoked.
    loaded(airlock_load("load", str(rotating), "--to", f"oci:{tmp_path / 'layout'}",
                        "--state-dir", str(state), "--json", check=False))
    assert show(state)["version"] == 3
    refused(verify(world["bundles"]["old-signed"], state), UNTRUSTED_KEY, "revoked")
    status = json.loads(airlock_load("status", "--state-dir", str(state), "--json").stdout)
    assert status["policy"]["version"] == 3

    # The same bundle without the updates is signed by a key v1 does not know.
    bare = tmp_path / "bare.airlock"
    shutil.copy(rotating, bare)
    live = surgery.slot_content(bare)
    surgery.set_slot(bare, dict(live, trustUpdates=[]))
    refused(verify(bare, tmp_path / "fresh"), UNTRUSTED_KEY, "not a key of the trust policy")

    # A forged update in the slot refuses the bundle; nothing is adopted.
    forged = tmp_path / "forged.airlock"
    shutil.copy(rotating, forged)
    updates = surgery.slot_content(forged)["trustUpdates"]
    sig = bytearray(base64.b64decode(updates[1]["signatures"][0]["sig"]))
    sig[5] ^= 1
    updates[1]["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    surgery.set_slot(forged, dict(surgery.slot_content(forged), trustUpdates=updates))
    fresh = tmp_path / "fresh2"
    refused(airlock_load("load", str(forged), "--to", f"oci:{tmp_path / 'l2'}", "--state-dir",
                         str(fresh), check=False), SIGNATURE)
    assert show(fresh)["version"] == 1
    assert not (tmp_path / "l2" / "index.json").exists()
