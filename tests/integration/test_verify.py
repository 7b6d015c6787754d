"""airlock-load verify: hostile bundles are refused, each with its own exit
code and a one-line reason; a good bundle verifies with the embedded policy.
Every hostile bundle is also given to `load` into a real registry, which must
refuse it the same way and leave the registry's catalog empty."""

from __future__ import annotations

import json
import subprocess
import tarfile

import pytest

from airlock_testlib.tools import airlock_build, airlock_load, at_clock
from build_helpers import VENDOR_KEY, create, write_spec
import bundle_surgery as surgery
from load_helpers import refused
from airlock_testlib.exit_codes import EXPIRED, INTEGRITY, MALFORMED_BUNDLE, SIGNATURE, UNTRUSTED_KEY



@pytest.fixture(scope="module")
def good(tmp_path_factory, module_registry, module_images):
    """One good bundle per module; tests edit copies of it."""
    tmp = tmp_path_factory.mktemp("good")
    registry = module_registry
    spec = write_spec(tmp / "spec.yaml",
                      [f"{registry.host}/airlock-test/{n}:1.0" for n in ("multiarch", "single")])
    out = tmp / "good.airlock"
    create(spec, out, registry)
    return {"bundle": out, "spec": spec, "registry": registry}


def verify(bundle, tmp_path, *args, check=False, faketime=None):
    cmd = ["verify", str(bundle), "--state-dir", str(tmp_path / "state"), *args]
    if faketime:
        from airlock_testlib.tools import airlock_load_bin
        return subprocess.run(at_clock(faketime, [airlock_load_bin(), *cmd]),
                              capture_output=True, text=True)
    return airlock_load(*cmd, check=check)


@pytest.fixture(scope="module")
def sink(tmp_path_factory, ca):
    """A registry no test may ever write to: every load below is refused."""
    from airlock_testlib import Registry
    reg = Registry(tmp_path_factory.mktemp("sink"), ca=ca).start()
    yield reg
    reg.stop()


def refused_everywhere(bundle, tmp_path, sink, code, *needles, args=(), faketime=None):
    """verify refuses with `code`; so does load, and the registry stays empty."""
    refused(verify(bundle, tmp_path, *args, faketime=faketime), code, *needles)
    from airlock_testlib.tools import airlock_load_bin
    cmd = [str(airlock_load_bin()), "load", str(bundle), "--to", f"registry://{sink.host}",
           "--plain-http", "--state-dir", str(tmp_path / "load-state"), *args]
    cmd = at_clock(faketime, cmd)
    refused(subprocess.run(cmd, capture_output=True, text=True), code, *needles)
    assert sink.catalog() == [], "a refused bundle wrote to the registry"


def test_good_bundle_verifies_and_says_the_policy_is_development(good, tmp_path):
    r = verify(good["bundle"], tmp_path, "--deep", check=True)
    assert "development trust policy" in r.stdout
    report = json.loads(verify(good["bundle"], tmp_path, "--json", check=True).stdout)
    assert report["verified"] and report["policy"]["development"] is True
    (sig,) = report["signatures"]
    assert sig["counted"] and sig["role"] == "vendor"
    assert report["requirements"]["vendor"]["metBy"] == [sig["keyId"]]


def test_unsigned(good, sink, tmp_path):
    b = surgery.copy(good["bundle"], tmp_path / "u.airlock")
    surgery.set_envelopes(b, [])
    refused_everywhere(b, tmp_path, sink, SIGNATURE, "unsigned")


def test_signed_by_unknown_key(good, sink, tmp_path):
    airlock_build("keys", "generate", "--out", str(tmp_path / "rogue"))
    out = tmp_path / "rogue.airlock"
    create(good["spec"], out, good["registry"], key=tmp_path / "rogue.key")
    refused_everywhere(out, tmp_path, sink, UNTRUSTED_KEY, "not a key of the trust policy")


def test_signature_over_another_bom(good, sink, tmp_path):
    other = tmp_path / "other.airlock"
    spec = write_spec(tmp_path / "other.yaml",
                      [f"{good['registry'].host}/airlock-test/shared-a:1.0"])
    create(spec, other, good["registry"])
    b = surgery.copy(good["bundle"], tmp_path / "swapped.airlock")
    surgery.set_envelopes(b, surgery.envelopes(other))
    refused_everywhere(b, tmp_path, sink, SIGNATURE, "another BOM")


def test_bom_edited_after_signing(good, sink, tmp_path):
    b = surgery.copy(good["bundle"], tmp_path / "edited.airlock")
    bom = surgery.entry(b, "airlock/bom.json")
    raw = b.read_bytes()
    pos = raw.index(b'"created"', bom["data"]) + len('"created": "20')
    surgery.flip_byte(b, pos)
    refused_everywhere(b, tmp_path, sink, SIGNATURE, "another BOM")


def test_truncated(good, sink, tmp_path):
    b = surgery.copy(good["bundle"], tmp_path / "t.airlock")
    with open(b, "r+b") as f:
        f.truncate(b.stat().st_size - 2048)
    refused_everywhere(b, tmp_path, sink, MALFORMED_BUNDLE, "truncated")


def test_missing_volume(good, sink, tmp_path):
    r = json.loads(create(good["spec"], tmp_path / "split.airlock", good["registry"],
                          "--split", "40KiB").stdout)
    assert len(r["volumes"]) >= 3
    from pathlib import Path
    Path(r["volumes"][1]).unlink()
    refused_everywhere(tmp_path / "split.airlock", tmp_path, sink, MALFORMED_BUNDLE, "split.airlock.002",
                       "missing")
    r = json.loads(create(good["spec"], tmp_path / "tail.airlock", good["registry"],
                          "--split", "40KiB").stdout)
    Path(r["volumes"][-1]).unlink()
    refused_everywhere(tmp_path / "tail.airlock", tmp_path, sink, MALFORMED_BUNDLE, "missing")


def test_extra_tar_entry(good, sink, tmp_path):
    b = surgery.copy(good["bundle"], tmp_path / "extra.airlock")
    (tmp_path / "evil.sh").write_text("echo owned\n")
    with tarfile.open(b, "a", format=tarfile.USTAR_FORMAT) as tar:
        tar.add(tmp_path / "evil.sh", arcname="blobs/sha256/evil")
    refused_everywhere(b, tmp_path, sink, MALFORMED_BUNDLE)


@pytest.mark.parametrize("edit,needle", [
    ({"typeflag": "2", "linkname": "/etc/passwd"}, "not the regular file"),
    ({"typeflag": "1", "linkname": "airlock/bom.json"}, "not the regular file"),
    ({"typeflag": "3"}, "not the regular file"),
    ({"name": "../../etc/cron.d/x"}, "not the regular file"),
    ({"name": "/etc/passwd"}, "not the regular file"),
])
def test_non_regular_or_escaping_entries(good, sink, tmp_path, edit, needle):
    b = surgery.copy(good["bundle"], tmp_path / "hostile.airlock")
    surgery.rewrite_header(b, 5, **edit)
    refused_everywhere(b, tmp_path, sink, MALFORMED_BUNDLE, needle)


def test_entry_size_differs_from_bom(good, sink, tmp_path):
    b = surgery.copy(good["bundle"], tmp_path / "size.airlock")
    e = surgery.entries(b)[6]
    surgery.rewrite_header(b, 6, size=e["size"] - 1)
    refused_everywhere(b, tmp_path, sink, MALFORMED_BUNDLE, e["name"])


def test_flipped_payload_bit_is_caught_by_deep(good, tmp_path):
    b = surgery.copy(good["bundle"], tmp_path / "bit.airlock")
    e = surgery.entries(b)[-1]
    surgery.flip_byte(b, e["data"] + e["size"] // 2)
    verify(b, tmp_path, check=True)  # the head is intact
    # (load catches it while streaming: test_load_registry, test_load_oci)
    refused(verify(b, tmp_path, "--deep"), INTEGRITY, e["name"].split("/")[-1])


def test_expired_and_not_yet_valid(good, sink, tmp_path):
    refused_everywhere(good["bundle"], tmp_path, sink, EXPIRED, "expired at", faketime="+200d")
    refused_everywhere(good["bundle"], tmp_path / "fresh", sink, EXPIRED, "not valid before",
                       faketime="-2d")


def test_revoked_key(good, sink, tmp_path):
    report = json.loads(verify(good["bundle"], tmp_path, "--json", check=True).stdout)
    key_id = report["signatures"][0]["keyId"]
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"version": 1, "keys": [], "require": {"vendor": 1},
                                  "revoked": [key_id]}))
    refused_everywhere(good["bundle"], tmp_path, sink, UNTRUSTED_KEY, "revoked",
                       args=("--trust", str(policy)))


def test_runtime_policy_cannot_lower_requirements(good, tmp_path):
    policy = tmp_path / "lower.json"
    policy.write_text(json.dumps({"version": 1, "keys": [], "require": {"vendor": 0},
                                  "revoked": []}))
    report = json.loads(verify(good["bundle"], tmp_path, "--json", "--trust", str(policy),
                               check=True).stdout)
    assert report["requirements"]["vendor"]["required"] == 1
    raise_policy = tmp_path / "raise.json"
    raise_policy.write_text(json.dumps({"version": 1, "keys": [], "require": {"vendor": 1, "customer": 1},
                                        "revoked": []}))
    refused(verify(good["bundle"], tmp_path, "--trust", str(raise_policy)), SIGNATURE, "customer")
