"""schemas/bom.schema.json against the BOMs airlock-build writes, checked by an
independent validator (Debian's python3-jsonschema, draft 2020-12).

One module world: a docker-registry on loopback with a signed image (cosign
.sig, .att and .sbom tags, an SPDX referrer and a sigstore bundle referrer),
an index and a plain image; a full bundle of them with a chart and its values
file, a manifest, a file, an allowed swept reference, a license requirement
and both SBOMs; then the plain image is pushed again with one layer changed and
a delta is built with `--base` the full bundle. Both BOMs must validate, the
delta's `base` must name exactly the blobs it leaves out, and hand-edited BOMs
must be refused.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from airlock_testlib import (Registry, bom_schema, build_image, multiarch_image, push_image,
                             random_layer)
from airlock_testlib.cosign import CosignKey, Upstream
from build_helpers import create, write_spec

KEY = CosignKey.generate(seed=1616)
ALLOWED = "registry.k8s.io/pause:3.9"
CHART_TEMPLATE = """apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
    - name: app
      image: {{ .Values.image }}
    - name: pause
      image: {{ .Values.pause }}
"""


def write_inputs(root: Path, refs: dict) -> str:
    """A chart, its site values, a manifest and a file; returns the spec's extra text."""
    chart = root / "chart" / "app"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: app\nversion: 0.1.0+g1\n")
    (chart / "values.yaml").write_text(f"image: {refs['app']}\npause: {ALLOWED}\n")
    (chart / "templates" / "pod.yaml").write_text(CHART_TEMPLATE)
    (root / "site.yaml").write_text(f"image: {refs['app']}\n")
    (root / "manifests").mkdir()
    (root / "manifests" / "job.yaml").write_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: job}\nspec:\n  template:\n"
        f"    spec:\n      containers:\n      - name: main\n        image: {refs['multi']}\n")
    (root / "runbook.md").write_text("# Runbook\n")
    return (f"charts:\n  - {{path: {chart}, values: [{root / 'site.yaml'}]}}\n"
            f"manifests:\n  - {{path: {root / 'manifests'}}}\n"
            f"files:\n  - {{path: {root / 'runbook.md'}}}\n"
            f"sweep:\n  allow: ['{ALLOWED}']\n"
            "requires:\n  license: bom-test\n")


def app_image(seed: int, shared):
    return build_image([shared, random_layer(2500, seed)], config={"Cmd": ["/bin/sh"]})


@pytest.fixture(scope="module")
def world(tmp_path_factory, ca):
    root = tmp_path_factory.mktemp("bom-schema")
    source = Registry(root / "source", ca=ca).start()
    try:
        seed = root / "seed"
        signed = push_image(source, build_image([random_layer(2000, 1602)]), "bom/signed:1.0",
                            workdir=seed)
        attached = Upstream(source, "bom/signed").provenance(signed["digest"], KEY)
        multi = push_image(source, multiarch_image(1603, layer_size=2000, layers=1),
                           "bom/multi:1.0", workdir=seed)
        shared = random_layer(3000, 1601)
        app_v1 = push_image(source, app_image(1604, shared), "bom/app:1.0", workdir=seed)
        refs = {n: f"{source.host}/bom/{n}:1.0" for n in ("signed", "multi", "app")}
        KEY.write(root / "keys", "upstream")
        images = [{"ref": refs["signed"], "verify": {"keys": ["keys/upstream.pub"]}},
                  refs["multi"], refs["app"]]
        extra = write_inputs(root, refs)
        full = root / "full.airlock"
        create(write_spec(root / "full.yaml", images, name="bom-test", extra=extra), full,
               source, "--sbom", "all")

        # Upstream changes one image: a new top layer over the same base layer.
        app_v2 = push_image(source, app_image(1605, shared), "bom/app:1.0", workdir=seed)
        assert app_v2["digest"] != app_v1["digest"]
        delta = root / "delta.airlock"
        create(write_spec(root / "delta.yaml", images, name="bom-test", version="1.1.0",
                          extra=extra), delta, source, "--sbom", "all", "--base", str(full))
        yield {"full": full, "delta": delta, "signed": signed, "attached": attached,
               "multi": multi, "app_v1": app_v1, "app_v2": app_v2, "shared": shared.digest}
    finally:
        source.stop()


def bom(path: Path) -> dict:
    return json.loads(bom_schema.bom_bytes(path))


def test_the_full_bundle_bom_validates_with_every_part(world):
    b = bom(world["full"])
    assert bom_schema.errors(b) == []
    # The schema saw every optional part the builder writes.
    assert "base" not in b
    assert b["sweep"]["allowed"] == [{"ref": ALLOWED, "usedBy": ["charts/app"]}]
    assert b["requires"] == {"license": "bom-test"}
    assert [s["name"] for s in b["sboms"]] == ["sbom/cyclonedx.json", "sbom/spdx.json"]
    assert len(b["charts"]) == 1 and len(b["charts"][0]["values"]) == 1
    assert b["manifests"] and b["files"]
    signed = next(i for i in b["images"] if i["digest"] == world["signed"]["digest"])
    assert {a["kind"] for a in signed["attachments"]} == {"signature", "attestation", "sbom",
                                                          "referrer"}
    assert {p["format"] for p in signed["provenance"]} >= {"cosign"}
    assert all(p["key"] == KEY.key_id for p in signed["provenance"])


def test_the_delta_bom_validates_and_names_what_it_leaves_out(world):
    full_bytes = bom_schema.bom_bytes(world["full"])
    full, delta = json.loads(full_bytes), bom(world["delta"])
    assert bom_schema.errors(delta) == []
    assert delta["base"]["bundles"] == [{
        "name": "bom-test", "version": "1.0.0",
        "bomDigest": "sha256:" + hashlib.sha256(full_bytes).hexdigest()}]

    in_full = {b["digest"]: b for b in full["blobs"]}
    carried = [b["digest"] for b in delta["blobs"]]
    omitted = [b["digest"] for b in delta["base"]["blobs"]]
    # Each blob the delta needs is carried or left to the base, never both;
    # exactly those the full bundle carries are left out, as it listed them.
    assert not set(carried) & set(omitted) and len(set(omitted)) == len(omitted)
    assert set(omitted) == set(carried + omitted) & set(in_full)
    assert all(b == in_full[b["digest"]] for b in delta["base"]["blobs"])

    app_v2, app_v1 = world["app_v2"], world["app_v1"]
    new_layer = next(d for d in app_v2["layers"] if d != world["shared"])
    assert {app_v2["digest"], new_layer, *app_v2["configs"].values()} <= set(carried)
    assert world["shared"] in omitted and app_v1["digest"] not in carried + omitted
    # The unchanged images and what is attached to them come from the base.
    multi = world["multi"]
    assert {multi["digest"], *multi["manifests"].values(), *multi["layers"]} <= set(omitted)
    assert {world["signed"]["digest"], *(a.digest for a in world["attached"])} <= set(omitted)


def edits(delta: dict) -> dict:
    """Hand-made BOMs the schema must refuse, from the delta's own BOM."""
    signed = next(n for n, i in enumerate(delta["images"]) if i["attachments"])
    sig = next(n for n, a in enumerate(delta["images"][signed]["attachments"])
               if a["kind"] == "signature")
    at = f"/images/{signed}/attachments"
    blob = delta["base"]["blobs"][0]
    return {
        "base blob digest malformed": ("/base/blobs/0/digest", "sha256:" + "G" * 64),
        "base blob digest in uppercase": ("/base/blobs/0/digest", blob["digest"].upper()),
        "base blob with a negative size": ("/base/blobs/0/size", -1),
        "base blob size beyond int64": ("/base/blobs/0/size", 2 ** 63),
        "base blob listed twice": ("/base/blobs/-", dict(blob)),
        "base bundle without a BOM digest": ("/base/bundles/0/bomDigest", None),
        "base without bundles": ("/base/bundles", None),
        "unknown attachment kind": (f"{at}/{sig}/kind", "payload"),
        "cosign signature without its tag": (f"{at}/{sig}/tag", None),
        "cosign signature with a tag of another kind": (
            f"{at}/{sig}/tag", delta["images"][signed]["attachments"][sig]["tag"][:-4] + ".att"),
        "empty license requirement": ("/requires/license", ""),
        "schemaVersion 2": ("/schemaVersion", 2),
        "unknown field": ("/bundle/channel", "stable"),
    }


def apply(doc: dict, pointer: str, value) -> dict:
    out = copy.deepcopy(doc)
    *path, last = pointer.split("/")[1:]
    node = out
    for p in path:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if value is None:
        del node[int(last) if isinstance(node, list) else last]
    elif last == "-":
        node.append(value)
    else:
        node[int(last) if isinstance(node, list) else last] = value
    return out


def test_hand_edited_boms_are_refused(world):
    delta = bom(world["delta"])
    for what, (pointer, value) in edits(delta).items():
        problems = bom_schema.errors(apply(delta, pointer, value))
        assert problems, f"the schema accepts a BOM with {what} ({pointer})"
    # What the parser also accepts stays valid: a BOM without base is a full one.
    assert bom_schema.errors(apply(delta, "/base", None)) == []
