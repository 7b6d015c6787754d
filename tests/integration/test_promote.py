"""airlock-load promote: two generations of one bundle (images whose digests
differ between versions, one multi-arch, one unchanged) loaded into a real
docker-registry in the air gap. Promoting 1.0.0 to prod points every image's
:prod tag at 1.0.0's digests (read back with skopeo); promoting 2.0.0 moves
them to 2.0.0's. An unknown version is refused with one error line and
nothing changes (every tag of every repository names the same digest as
before). status shows which generation the channel holds; audit.jsonl has one
event per tag moved and one per promotion.

The whole module runs air-gapped (airlock_testlib.netns), registries included.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from airlock_testlib import Registry
from airlock_testlib.exit_codes import NOT_FOUND, USAGE
from airlock_testlib.images import build_image, build_index, push_image, random_layer
from airlock_testlib.netns import airgap
from airlock_testlib.tools import airlock_load, digest_of, skopeo_inspect_raw
from build_helpers import bom_of, create, write_spec
from load_helpers import loaded, refused

KIB = 1024


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


def layer(seed: int):
    return random_layer(16 * KIB, seed)


@pytest.fixture(scope="module")
def world(tmp_path_factory, airgapped):
    root = tmp_path_factory.mktemp("promote")
    source = Registry(root / "source", ca=None).start()
    target = Registry(root / "target", ca=None).start()
    try:
        pushed = {
            "app:1.0": build_image([layer(1), layer(2)]),
            "app:1.1": build_image([layer(1), layer(3)]),
            "multi:1.0": build_index([build_image([layer(4)], arch="amd64"),
                                      build_image([layer(5)], arch="arm64")]),
            "multi:2.0": build_index([build_image([layer(6)], arch="amd64"),
                                      build_image([layer(7)], arch="arm64")]),
            "tool:1.0": build_image([layer(8)]),  # in both generations, unchanged
        }
        for name, item in pushed.items():
            push_image(source, item, f"promote/{name}", workdir=root / "push")
        h = source.host
        versions = {
            "1.0.0": [f"{h}/promote/app:1.0", f"{h}/promote/multi:1.0", f"{h}/promote/tool:1.0"],
            "2.0.0": [f"{h}/promote/app:1.1", f"{h}/promote/multi:2.0", f"{h}/promote/tool:1.0"],
        }
        state = root / "state"
        boms = {}
        for version, refs in versions.items():
            spec = write_spec(root / f"v{version}.yaml", refs, name="shop", version=version)
            out = root / f"shop-{version}.airlock"
            create(spec, out, source, "--sbom", "none")
            boms[version] = bom_of(out)
            loaded(airlock_load("load", str(out), "--to", f"registry://{target.host}",
                                "--plain-http", "--state-dir", str(state), check=False))
        yield {"target": target, "state": state, "boms": boms, "root": root,
               "bundles": {v: root / f"shop-{v}.airlock" for v in versions}}
    finally:
        target.stop()
        source.stop()


def promote(world, version, *args):
    return airlock_load("promote", "shop", version, "--channel", "prod", "--registry",
                        f"registry://{world['target'].host}", "--plain-http", "--state-dir",
                        str(world["state"]), *args, check=False)


def repo_of(ref: str) -> str:
    return ref.split("/", 1)[1].rsplit(":", 1)[0]


def channel_digests(world, channel="prod") -> dict:
    target = world["target"]
    return {repo: digest_of(skopeo_inspect_raw(f"{target.host}/{repo}:{channel}",
                                               registry=target))
            for repo in ("promote/app", "promote/multi", "promote/tool")}


def expected(world, version) -> dict:
    return {repo_of(img["ref"]): img["digest"] for img in world["boms"][version]["images"]}


def every_tag(world) -> dict:
    target = world["target"]
    return {(repo, tag): digest_of(skopeo_inspect_raw(f"{target.host}/{repo}:{tag}",
                                                      registry=target))
            for repo in target.catalog() for tag in target.tags(repo)}


def audit_events(world) -> list:
    lines = (world["state"] / "audit.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def test_promote_moves_the_channel_by_digest(world):
    v1, v2 = expected(world, "1.0.0"), expected(world, "2.0.0")
    assert v1["promote/app"] != v2["promote/app"]
    assert v1["promote/multi"] != v2["promote/multi"]
    assert v1["promote/tool"] == v2["promote/tool"]

    s = loaded(promote(world, "1.0.0", "--json"))
    assert s["channel"] == "prod" and s["version"] == "1.0.0"
    assert channel_digests(world) == v1
    # The multi-arch image is promoted as its index, children and all.
    target = world["target"]
    index = json.loads(skopeo_inspect_raw(f"{target.host}/promote/multi:prod", registry=target))
    assert len(index["manifests"]) == 2
    for child in index["manifests"]:
        got = skopeo_inspect_raw(f"{target.host}/promote/multi@{child['digest']}",
                                 registry=target)
        assert digest_of(got) == child["digest"]

    s = loaded(promote(world, "2.0.0", "--json"))
    assert s["previousVersion"] == "1.0.0"
    assert channel_digests(world) == v2
    moved = {i["repo"]: i["moved"] for i in s["images"]}
    assert moved == {"promote/app": True, "promote/multi": True, "promote/tool": False}
    # The version tags load wrote are untouched.
    assert digest_of(skopeo_inspect_raw(f"{target.host}/promote/app:1.0",
                                        registry=target)) == v1["promote/app"]


def test_unknown_version_is_refused_and_changes_nothing(world):
    loaded(promote(world, "2.0.0"))
    before = every_tag(world)
    channels = (world["state"] / "channels.json").read_bytes()
    refused(promote(world, "3.0.0"), NOT_FOUND, "shop 3.0.0", "not loaded")
    assert every_tag(world) == before
    assert (world["state"] / "channels.json").read_bytes() == channels
    # Not a tag: refused before anything is read.
    r = airlock_load("promote", "shop", "2.0.0", "--channel", "pro:d", "--registry",
                     f"registry://{world['target'].host}", "--plain-http", "--state-dir",
                     str(world["state"]), check=False)
    refused(r, USAGE, "pro:d")
    assert every_tag(world) == before


def test_status_shows_the_channel_and_the_audit_log_has_the_events(world):
    loaded(promote(world, "1.0.0"))
    loaded(promote(world, "2.0.0"))
    st = json.loads(airlock_load("status", "--json", "--state-dir", str(world["state"])).stdout)
    prod = next(c for c in st["channels"] if c["channel"] == "prod" and c["name"] == "shop")
    assert (prod["name"], prod["version"]) == ("shop", "2.0.0")
    text = airlock_load("status", "--state-dir", str(world["state"])).stdout
    assert "prod  shop 2.0.0" in text

    events = audit_events(world)
    promotions = [e for e in events if e["event"] == "promote"]
    assert [e["version"] for e in promotions[-2:]] == ["1.0.0", "2.0.0"]
    assert all(e["channel"] == "prod" for e in promotions)
    tags = [e for e in events if e["event"] == "promote.tag"]
    v2 = expected(world, "2.0.0")
    last = {e["repo"]: e["digest"] for e in tags}
    assert last["promote/app"] == v2["promote/app"]
    assert last["promote/multi"] == v2["promote/multi"]
    assert all(e["name"] == "prod" for e in tags)
    failed = [e for e in events if e["event"] == "promote.failed"]
    assert all(e["code"] in ("not-found", "usage") for e in failed)


def test_promote_in_an_oci_layout_names_each_image_with_the_channel(world):
    root = world["root"]
    layout, state = root / "layout", root / "layout-state"
    for bundle in world["bundles"].values():
        loaded(airlock_load("load", str(bundle), "--to", f"oci:{layout}", "--state-dir",
                            str(state), check=False))

    def run(version):
        return airlock_load("promote", "shop", version, "--channel", "prod", "--to",
                            f"oci:{layout}", "--state-dir", str(state), "--json", check=False)

    def prod_names() -> dict:
        index = json.loads((layout / "index.json").read_text())
        return {e["annotations"]["org.opencontainers.image.ref.name"]: e["digest"]
                for e in index["manifests"]
                if e["annotations"]["org.opencontainers.image.ref.name"].endswith(":prod")}

    def want(version) -> dict:
        return {img["ref"].rsplit(":", 1)[0] + ":prod": img["digest"]
                for img in world["boms"][version]["images"]}

    first = loaded(run("1.0.0"))
    assert prod_names() == want("1.0.0")
    assert all(i["moved"] for i in first["images"])
    # skopeo reads the channel as it reads any name of the layout.
    for name, digest in want("1.0.0").items():
        raw = subprocess.run(["skopeo", "inspect", "--raw", f"oci:{layout}:{name}"],
                             capture_output=True, check=True).stdout
        assert digest_of(raw) == digest, name
    before = (layout / "index.json").read_bytes()
    refused(run("3.0.0"), NOT_FOUND, "shop 3.0.0")
    assert (layout / "index.json").read_bytes() == before
    second = loaded(run("2.0.0"))
    assert prod_names() == want("2.0.0")
    moved = {i["name"]: i["moved"] for i in second["images"]}
    assert moved == {name: name.split("/")[-1] != "tool:prod" for name in want("2.0.0")}
