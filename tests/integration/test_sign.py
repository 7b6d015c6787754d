"""airlock-build sign and resign on finished bundles, and the loader's
thresholds: re-signing an expired stockpiled bundle, customer co-signatures,
distinct keys, roles that cannot stand in for each other, kill -9 at any
moment, a full slot. Every check of the result uses airlock-load (the real
verifier) and byte comparisons made here, never the builder's own word."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import signal
import subprocess
import time

import pytest

from airlock_testlib import source_dir
from airlock_testlib.tools import airlock_build, airlock_build_bin, airlock_load
from build_helpers import VENDOR_KEY, create, write_spec
import bundle_surgery as surgery
from load_helpers import loaded, refused
from airlock_testlib.exit_codes import EXPIRED, INTEGRITY, SIGNATURE, UNTRUSTED_KEY, USAGE

CUSTOMER_KEY = source_dir() / "keys" / "dev" / "customer.key"
DEV_POLICY = json.loads((source_dir() / "keys" / "dev" / "trust-policy.json").read_text())
DAY = 86400


@pytest.fixture(scope="module")
def world(tmp_path_factory, module_registry, module_images):
    """Two bundles of one spec: `stale` signed 30 days ago for 1 day (its
    signature has expired), `fresh` signed now; and `big`, which carries a
    24 MiB file so a signer can be killed during its hash pass."""
    tmp = tmp_path_factory.mktemp("sign")
    registry = module_registry
    spec = write_spec(tmp / "spec.yaml", [f"{registry.host}/airlock-test/single:1.0"])
    stale = tmp / "stale.airlock"
    create(spec, stale, registry, "--expires", "1d",
           extra_env={"SOURCE_DATE_EPOCH": str(int(time.time()) - 30 * DAY)})
    fresh = tmp / "fresh.airlock"
    create(spec, fresh, registry)
    (tmp / "big.bin").write_bytes(random.Random(4).randbytes(24 << 20))
    big_spec = write_spec(tmp / "big.yaml", [f"{registry.host}/airlock-test/single:1.0"],
                          name="big", extra="files:\n  - path: big.bin\n")
    big = tmp / "big.airlock"
    create(big_spec, big, registry)
    return {"stale": stale, "fresh": fresh, "big": big}


def copy(src, tmp_path, name="b.airlock"):
    return surgery.copy(src, tmp_path / name)


def verify(bundle, tmp_path, *args):
    return airlock_load("verify", str(bundle), "--state-dir", str(tmp_path / "state"), "--json",
                        *args, check=False)


def report(bundle, tmp_path, *args) -> dict:
    r = verify(bundle, tmp_path, *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def sign(bundle, key, *args, check=True, **kw):
    return airlock_build("sign", str(bundle), "--key", str(key), "--json", *args,
                         check=check, **kw)


def resign(bundle, key, *args, check=True, **kw):
    return airlock_build("resign", str(bundle), "--key", str(key), "--json", *args,
                         check=check, **kw)


def without_slot(bundle) -> str:
    """sha256 of every byte of the bundle except the signature slot's data."""
    slot = surgery.entry(bundle, "airlock/signatures.json")
    data = bundle.read_bytes()
    return hashlib.sha256(data[:slot["data"]] + data[slot["data"] + slot["size"]:]).hexdigest()


def payload_region(bundle) -> str:
    """sha256 of the bytes from the oci-layout entry to the end: index and blobs."""
    start = surgery.entry(bundle, "oci-layout")["header"]
    return hashlib.sha256(bundle.read_bytes()[start:]).hexdigest()


def policy_file(tmp_path, require: dict, keys=None, name="policy.json"):
    p = dict(DEV_POLICY, require=require)
    if keys is not None:
        p["keys"] = keys
    path = tmp_path / name
    path.write_text(json.dumps(p))
    return path


def key_id(pub_path) -> str:
    der = subprocess.run(["openssl", "pkey", "-pubin", "-in", str(pub_path), "-outform", "DER"],
                         capture_output=True, check=True).stdout
    return hashlib.sha256(der).hexdigest()


def signatures(bundle) -> set:
    """(keyid, notAfter) of every signature in the slot's live region."""
    return signatures_of(surgery.slot_content(bundle))


def test_expired_bundle_is_refused_then_resign_makes_it_load(world, tmp_path):
    b = copy(world["stale"], tmp_path)
    refused(verify(b, tmp_path), EXPIRED, "expired at")
    payload_before, rest_before = payload_region(b), without_slot(b)

    out = json.loads(resign(b, VENDOR_KEY, "--expires", "90d").stdout)
    assert out["role"] == "vendor" and out["generation"] == 2 and out["signatures"] == 1
    assert out["payloadBytes"] > 0 and out["hashSeconds"] >= 0 and out["signSeconds"] >= 0
    assert out["replacedNotAfter"] < out["notAfter"]

    # The payload region, and indeed every byte outside the slot, is unchanged.
    assert payload_region(b) == payload_before
    assert without_slot(b) == rest_before
    rep = report(b, tmp_path, "--deep")
    (sig,) = rep["signatures"]
    assert sig["counted"] and sig["notAfter"] == out["notAfter"]
    dest = tmp_path / "layout"
    loaded(airlock_load("load", str(b), "--to", f"oci:{dest}", "--state-dir",
                        str(tmp_path / "state"), "--json", check=False))
    assert (dest / "index.json").exists()

    # A second resign writes the other region and still changes nothing else.
    out2 = json.loads(resign(b, VENDOR_KEY, "--expires", "10d").stdout)
    assert out2["generation"] == 3 and without_slot(b) == rest_before
    assert report(b, tmp_path)["signatures"][0]["notAfter"] == out2["notAfter"]


def test_vendor_and_customer_thresholds(world, tmp_path):
    both = policy_file(tmp_path, {"vendor": 1, "customer": 1})
    b = copy(world["fresh"], tmp_path)
    # Vendor alone does not meet the customer requirement.
    refused(verify(b, tmp_path, "--trust", str(both)), SIGNATURE, "role 'customer' needs 1")

    out = json.loads(sign(b, CUSTOMER_KEY, "--role", "customer", "--expires", "30d").stdout)
    assert out["role"] == "customer" and out["signatures"] == 2
    rep = report(b, tmp_path, "--trust", str(both))
    vendor_id = key_id(source_dir() / "keys" / "dev" / "vendor.pub")
    customer_id = key_id(source_dir() / "keys" / "dev" / "customer.pub")
    assert rep["requirements"]["vendor"]["metBy"] == [vendor_id]
    assert rep["requirements"]["customer"]["metBy"] == [customer_id]
    text = airlock_load("verify", str(b), "--state-dir", str(tmp_path / "state"), "--trust",
                        str(both)).stdout
    assert "customer" in text and customer_id[:16] in text

    # It loads, with both signatures named in the load's report.
    dest = tmp_path / "layout"
    summary = loaded(airlock_load("load", str(b), "--to", f"oci:{dest}", "--trust", str(both),
                                  "--state-dir", str(tmp_path / "state"), "--json", check=False))
    assert summary


def test_two_signatures_by_one_key_count_once(world, tmp_path):
    b = copy(world["fresh"], tmp_path)
    (env,) = surgery.envelopes(b)
    surgery.set_envelopes(b, [env, env])
    two = policy_file(tmp_path, {"vendor": 2})
    refused(verify(b, tmp_path, "--trust", str(two)), SIGNATURE,
            "role 'vendor' needs 2 distinct key(s), has 1")
    # One is enough when one is asked for: the duplicate is not an error.
    assert report(b, tmp_path)["requirements"]["vendor"]["metBy"]


def test_customer_key_cannot_stand_in_for_the_vendor(world, tmp_path):
    b = copy(world["fresh"], tmp_path)
    # The builder will not make a signature whose role the policy denies its key.
    r = sign(b, CUSTOMER_KEY, "--role", "vendor", check=False)
    refused(r, UNTRUSTED_KEY, "role 'customer'")
    # Made anyway (with a policy that calls the customer key a vendor key) and
    # put on a bundle alone, it does not count for the vendor.
    liar = [dict(k, role="vendor") if k["role"] == "customer" else k for k in DEV_POLICY["keys"]]
    liar_policy = policy_file(tmp_path, {"vendor": 1}, keys=liar, name="liar.json")
    sign(b, CUSTOMER_KEY, "--role", "vendor", "--trust", str(liar_policy))
    vendor_id = key_id(source_dir() / "keys" / "dev" / "vendor.pub")
    surgery.set_envelopes(b, [e for e in surgery.envelopes(b)
                              if e["signatures"][0]["keyid"] != vendor_id])
    refused(verify(b, tmp_path), UNTRUSTED_KEY, "claims role 'vendor'", "role is 'customer'")
    # A customer signature in its own role does not meet a vendor requirement either.
    c = copy(world["fresh"], tmp_path, "c.airlock")
    sign(c, CUSTOMER_KEY, "--role", "customer")
    surgery.set_envelopes(c, [e for e in surgery.envelopes(c)
                              if e["signatures"][0]["keyid"] != vendor_id])
    refused(verify(c, tmp_path), SIGNATURE, "role 'vendor' needs 1")


def test_refusals_leave_the_bundle_untouched(world, tmp_path):
    b = copy(world["fresh"], tmp_path)
    before = b.read_bytes()
    # resign needs an existing signature by the key; sign refuses a second one.
    refused(resign(b, CUSTOMER_KEY, check=False), USAGE, "has not signed", "sign --role")
    refused(sign(b, VENDOR_KEY, "--role", "vendor", check=False), USAGE, "already signed",
            "resign")
    assert b.read_bytes() == before

    # A forged existing signature: refused, exit 12.
    forged = copy(world["fresh"], tmp_path, "forged.airlock")
    (env,) = surgery.envelopes(forged)
    sig = bytearray(base64.b64decode(env["signatures"][0]["sig"]))
    sig[0] ^= 1
    env["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()
    surgery.set_envelopes(forged, [env])
    before = forged.read_bytes()
    refused(resign(forged, VENDOR_KEY, check=False), SIGNATURE, "existing signature")
    assert forged.read_bytes() == before

    # A signature by a key the policy does not know: exit 13, with the hint.
    stranger = tmp_path / "stranger"
    airlock_build("keys", "generate", "--out", str(stranger))
    odd = copy(world["fresh"], tmp_path, "odd.airlock")
    sign(odd, f"{stranger}.key", "--role", "customer")
    refused(resign(odd, VENDOR_KEY, check=False), UNTRUSTED_KEY, "not a key of the trust policy",
            "--trust")

    # A damaged payload: the hash pass refuses it before anything is written.
    bad = copy(world["fresh"], tmp_path, "bad.airlock")
    blob = surgery.entries(bad)[-1]
    with open(bad, "r+b") as f:
        f.seek(blob["data"])
        byte = f.read(1)
        f.seek(blob["data"])
        f.write(bytes([byte[0] ^ 0xFF]))
    before = bad.read_bytes()
    refused(resign(bad, VENDOR_KEY, check=False), INTEGRITY, "blob sha256:")
    assert bad.read_bytes() == before


def test_kill_9_at_any_moment_leaves_old_or_new_signatures(world, tmp_path):
    b = copy(world["big"], tmp_path)
    rest = without_slot(b)
    # How long a whole resign takes here (build type, machine), to spread kills over it.
    start = time.monotonic()
    resign(b, VENDOR_KEY, "--expires", "50d")
    whole = time.monotonic() - start

    seen = {"old": 0, "new": 0}
    cmds = [["resign", str(b), "--key", str(VENDOR_KEY), "--expires", "60d"],
            ["sign", str(b), "--key", str(CUSTOMER_KEY), "--role", "customer"]]
    # Twelve kills spread over that time; on a loaded machine (tests run in
    # parallel) a run's length varies, so more kills follow, later or sooner,
    # until both outcomes have been seen.
    i = 0
    while i < 12 or (not (seen["old"] and seen["new"]) and i < 48):
        if i < 12:
            delay = whole * (i / 9)
        elif not seen["new"]:
            delay = whole * (1 + (i - 11) / 3)
        else:
            delay = 0
        cmd = cmds[i % 2]
        i += 1
        old = signatures(b)
        proc = subprocess.Popen([str(airlock_build_bin()), *cmd], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={"PATH": os.environ["PATH"]})
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = signatures(b)
        rep = report(b, tmp_path)
        assert rep["verified"]
        assert without_slot(b) == rest
        if now == old:
            seen["old"] += 1
        else:
            seen["new"] += 1
            # The new set is the old one with one signature added or refreshed.
            assert len(now - old) == 1
        if cmd[0] == "sign" and now != old:
            # The customer signed; take it off again so the next sign can run.
            customer_id = key_id(source_dir() / "keys" / "dev" / "customer.pub")
            surgery_rewrite_without(b, customer_id)
    # Both outcomes happened: the kills really landed before and after the commit.
    assert seen["old"] > 0 and seen["new"] > 0, seen

    # A write cut short inside the region (what a kill mid-pwrite or a power cut
    # leaves) is ignored: the previous signatures stay in force.
    live = surgery.slot_content(b)
    slot = bytearray(surgery.read_slot(b))
    idle = 1 if surgery.slot_regions(b)[0] == live else 0
    # Longer than any cut below, so every cut leaves the document unfinished.
    newer = surgery.slot_region(dict(live, generation=live["generation"] + 1,
                                     envelopes=live["envelopes"] * 12))
    assert len(newer.rstrip()) > 8192
    for cut in (100, 4096, 8192):
        torn = bytearray(slot)
        torn[idle * surgery.REGION:idle * surgery.REGION + cut] = newer[:cut]
        surgery.write_slot(b, bytes(torn))
        assert report(b, tmp_path)["verified"]
        assert signatures(b) == signatures_of(live)
    surgery.write_slot(b, bytes(slot))


def surgery_rewrite_without(bundle, keyid):
    live = surgery.slot_content(bundle)
    envs = [e for e in live["envelopes"] if e["signatures"][0]["keyid"] != keyid]
    surgery.set_slot(bundle, dict(live, generation=live["generation"] + 1, envelopes=envs))


def signatures_of(content) -> set:
    out = set()
    for env in content["envelopes"]:
        payload = json.loads(base64.b64decode(env["payload"]))
        for s in env["signatures"]:
            out.add((s["keyid"], payload["predicate"]["notAfter"]))
    return out


def test_full_slot_names_its_capacity_and_loses_nothing(world, tmp_path):
    b = copy(world["fresh"], tmp_path)
    (env,) = surgery.envelopes(b)
    # As many copies of the vendor's envelope as a region holds, less room
    # than one more signature needs.
    n = 1
    while len(json.dumps({"envelopes": [env] * (n + 1)}, separators=(",", ":"))) + 200 \
            < surgery.REGION:
        n += 1
    surgery.set_envelopes(b, [env] * n)
    before = b.read_bytes()
    refused(sign(b, CUSTOMER_KEY, "--role", "customer", check=False), USAGE,
            "signature slot full", "holds 32768")
    assert b.read_bytes() == before
    assert len(report(b, tmp_path)["signatures"]) == n


def test_split_bundle_slot_across_volumes(tmp_path):
    """Volumes cut inside the slot's second region, where sign writes its
    content: the write crosses the volume boundary, only the two volumes
    holding the slot change, and the bundle still verifies --deep."""
    (tmp_path / "data.bin").write_bytes(random.Random(7).randbytes(300 << 10))
    spec = write_spec(tmp_path / "spec.yaml", [], name="split",
                      extra="files:\n  - path: data.bin\n")
    spec.write_text(spec.read_text().replace("images:\n", ""))
    whole = tmp_path / "whole.airlock"
    create(spec, whole, None)
    region1 = surgery.entry(whole, "airlock/signatures.json")["data"] + surgery.REGION
    base = tmp_path / "s.airlock"
    create(spec, base, None, "--split", str(region1 + 300))
    before = [p.read_bytes() for p in sorted(tmp_path.glob("s.airlock.0*"))]
    assert len(before) > 2
    sign(base, CUSTOMER_KEY, "--role", "customer")
    after = [p.read_bytes() for p in sorted(tmp_path.glob("s.airlock.0*"))]
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [0, 1]  # the new region's document spans the boundary
    out = json.loads(resign(base, VENDOR_KEY, "--expires", "7d").stdout)
    assert out["signatures"] == 2 and out["generation"] == 3
    rep = report(base, tmp_path, "--deep")
    assert {s["role"] for s in rep["signatures"] if s["counted"]} == {"vendor", "customer"}
