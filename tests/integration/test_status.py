"""airlock-load status: what is loaded, by which keys, how fresh, with what
time left on each signature and license, as a table, --json and a
Prometheus text file, and that every figure follows the state: co-signed
loads, expired signatures, licenses valid, not yet valid and expired, the
trust policy version after an update. Clock moves use at_clock (airlock_testlib.tools)."""

from __future__ import annotations

import json
import re

import pytest

from airlock_testlib import run, source_dir
from airlock_testlib.tools import airlock_build, airlock_load, airlock_load_bin, at_clock
from build_helpers import VENDOR_KEY, create

CUSTOMER_KEY = source_dir() / "keys" / "dev" / "customer.key"
DAY = 86400


def files_bundle(root, name, version, *args, extra=""):
    (root / "notes.txt").write_text(f"{name} {version}\n")
    spec = root / f"{name}-{version}.yaml"
    spec.write_text("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                    f"metadata: {{name: {name}, version: {version}}}\n"
                    f"files:\n  - {{path: notes.txt}}\n{extra}")
    out = root / f"{name}-{version}.airlock"
    create(spec, out, None, *args)
    return out


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    root = tmp_path_factory.mktemp("status")
    edge = files_bundle(root, "edge", "1.4.0", "--expires", "30d")
    airlock_build("sign", str(edge), "--key", str(CUSTOMER_KEY), "--role", "customer",
                  "--expires", "10d")
    licensed = files_bundle(root, "licensed", "2.0.0", "--expires", "3650d",
                            extra="requires: {license: licensed}\n")
    return {"edge": edge, "licensed": licensed, "root": root}


def status(state, *args, faketime=None):
    cmd = [airlock_load_bin(), "status", "--state-dir", state, "--json", *args]
    r = run(at_clock(faketime, cmd), check=False)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def load(bundle, state, tmp_path):
    r = airlock_load("load", str(bundle), "--to", f"oci:{tmp_path / 'layout'}", "--state-dir",
                     str(state), "-q", check=False)
    assert r.returncode == 0, r.stderr


def issue(tmp_path, name, *args):
    out = tmp_path / f"{name}.json"
    airlock_build("license", "issue", "--key", str(VENDOR_KEY), "--customer", "acme",
                  "--product", "licensed", "-o", str(out), *args)
    return out


def metrics(path) -> dict:
    """{'name{labels}': value} of a Prometheus text file; every line checked for shape."""
    out = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            assert re.fullmatch(r"# (HELP|TYPE) airlock_[a-z_]+ .+", line), line
            continue
        m = re.fullmatch(r"(airlock_[a-z_]+(?:\{[^}]*\})?) (-?\d+)", line)
        assert m, line
        out[m.group(1)] = int(m.group(2))
    return out


def test_empty_state(tmp_path):
    s = status(tmp_path / "state")
    assert s["bundles"] == [] and s["licenses"] == [] and s["newestLoadAgeSeconds"] is None
    assert s["policy"]["version"] >= 1
    text = airlock_load("status", "--state-dir", str(tmp_path / "state")).stdout
    assert "no bundle loaded" in text


def test_loaded_bundle_signatures_and_their_expiry(bundles, tmp_path):
    state = tmp_path / "state"
    load(bundles["edge"], state, tmp_path)
    s = status(state)
    (b,) = s["bundles"]
    assert (b["name"], b["version"]) == ("edge", "1.4.0")
    assert 0 <= b["ageSeconds"] < 120 and 0 <= s["newestLoadAgeSeconds"] < 120
    roles = {sig["role"]: sig for sig in b["signatures"]}
    assert set(roles) == {"vendor", "customer"}
    assert 29 <= roles["vendor"]["daysLeft"] <= 30 and not roles["vendor"]["expired"]
    assert 9 <= roles["customer"]["daysLeft"] <= 10

    # Twenty days on, the customer signature has expired and the vendor's has not.
    later = status(state, faketime="+20d")
    sigs = {sig["role"]: sig for sig in later["bundles"][0]["signatures"]}
    assert sigs["customer"]["expired"] and sigs["customer"]["secondsLeft"] < 0
    assert not sigs["vendor"]["expired"]
    assert later["newestLoadAgeSeconds"] >= 20 * DAY - 120

    prom = tmp_path / "airlock.prom"
    status(state, "--prometheus", str(prom), faketime="+20d")
    m = metrics(prom)
    expiry = {k: v for k, v in m.items() if k.startswith("airlock_signature_expiry_seconds{")}
    assert len(expiry) == 2
    assert sum(1 for v in expiry.values() if v < 0) == 1
    assert m["airlock_bundles_loaded"] == 1
    assert m["airlock_newest_load_age_seconds"] >= 20 * DAY - 120

    text = airlock_load("status", "--state-dir", str(state)).stdout
    assert "edge" in text and "1.4.0" in text and "customer" in text and "left" in text


def test_licenses_valid_not_yet_valid_and_expired(bundles, tmp_path):
    state = tmp_path / "state"
    valid = issue(tmp_path, "valid", "--expires", "100d")
    later = issue(tmp_path, "later", "--not-before", "30d", "--expires", "365d", "--id",
                  "lic-later")
    for lic in (valid, later):
        airlock_load("license", "import", str(lic), "--state-dir", str(state))
    load(bundles["licensed"], state, tmp_path)

    def states(s):
        return {lic["id"]: lic for lic in s["licenses"]}

    now = states(status(state))
    assert now["lic-later"]["state"] == "not-yet-valid"
    (valid_id,) = [k for k in now if k != "lic-later"]
    assert now[valid_id]["state"] == "valid" and 99 <= now[valid_id]["daysLeft"] <= 100
    assert now[valid_id]["product"] == "licensed" and now[valid_id]["customer"] == "acme"

    in_200d = states(status(state, faketime="+200d"))
    assert in_200d[valid_id]["state"] == "expired" and in_200d[valid_id]["secondsLeft"] < 0
    assert in_200d["lic-later"]["state"] == "valid"

    prom = tmp_path / "airlock.prom"
    status(state, "--prometheus", str(prom), faketime="+200d")
    m = metrics(prom)
    assert m[f'airlock_license_valid{{license="{valid_id}",product="licensed",'
             f'state="expired"}}'] == 0
    assert m['airlock_license_valid{license="lic-later",product="licensed",state="valid"}'] == 1

    # A license file edited in the state is shown as invalid, not trusted.
    stored = state / "licenses" / "lic-later.json"
    env = json.loads(stored.read_text())
    env["signatures"][0]["sig"] = env["signatures"][0]["sig"][::-1]
    stored.write_text(json.dumps(env))
    assert states(status(state))["lic-later"]["state"] == "invalid"


def test_clock_set_back_does_not_make_anything_fresher(tmp_path):
    state = tmp_path / "state"
    valid = issue(tmp_path, "valid", "--expires", "100d")
    # An import under a clock 50 days ahead raises the trusted time to then.
    run(at_clock("+50d", [airlock_load_bin(), "license", "import", valid,
                          "--state-dir", state]))
    s = status(state)  # the real clock, 50 days "back"
    assert s["trustedTime"] > s["clock"]
    (lic,) = s["licenses"]
    assert lic["state"] == "valid" and 49 <= lic["daysLeft"] <= 50
    assert "behind a time already seen" in airlock_load(
        "status", "--state-dir", str(state)).stdout
