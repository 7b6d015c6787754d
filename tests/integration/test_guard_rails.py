"""Issue 18, items 2, 3 and 5: the site's guard rails generated from what was
loaded: admission policies (`airlock-load policy`, Kyverno and Sigstore
policy-controller), Cluster API mirror files (`mirror-config --format capi`)
and upgrade pre-pulls (`airlock-load prepull`).

One bundle names images of three upstream registries: docker.io and quay.io
(built through --mirror from the source registry; the BOM keeps the canonical
names) and the source registry's own 127.0.0.1:PORT, whose image carries an
upstream cosign signature the build verified (BOM provenance). The bundle is
loaded into a real docker-registry under a prefix, once as is and once with
--keep-host, each with its own loader state.

The generated YAML is parsed and validated against the OpenAPI schemas the
projects publish in their CRDs (tests/fixtures/crd-schemas/, with their source
and licence in its README), refusing unknown fields as the API server's strict
field validation does. Globs are checked to match every image's mirror name
(with policy-controller's own glob translation) and never an upstream name;
every pinned prepull reference is resolved on the real registry by skopeo, and
a Job's containers are run, one after the other, by a real containerd.

The module runs air-gapped (airlock_testlib.netns) and the source registry is
stopped once the bundle is built.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from airlock_testlib import (Registry, build_image, busybox_image, multiarch_image, push_image,
                             random_layer, run)
from airlock_testlib.containerd import Containerd
from airlock_testlib.cosign import CosignKey, Upstream, key_id_of
from airlock_testlib.exit_codes import USAGE
from airlock_testlib.netns import airgap
from airlock_testlib.tools import airlock_load_bin, skopeo_inspect_raw, digest_of
from build_helpers import bom_of, create, write_spec
from load_helpers import loaded

BUSYBOX = "docker.io/library/busybox:1.36"
QUAY = "quay.io/airlock-test/tool:2.0"
SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "crd-schemas"
UPSTREAM = CosignKey.generate(seed=1801)  # the vendor that signed the own-host image
SITE = CosignKey.generate(seed=1802)      # the site's key (pair of load --sign-with)
STRANGER = CosignKey.generate(seed=1803)  # a vendor key that verified nothing here


@pytest.fixture(scope="module", autouse=True)
def airgapped():
    with airgap() as ns:
        yield ns


@pytest.fixture(scope="module")
def world(tmp_path_factory, airgapped):
    root = tmp_path_factory.mktemp("guard-rails")
    source = Registry(root / "source", ca=None).start()
    mirror = None
    try:
        seed = root / "seed"
        push_image(source, busybox_image(), "library/busybox:1.36", workdir=seed)
        push_image(source, multiarch_image(18, layer_size=4096), "quay/airlock-test/tool:2.0",
                   workdir=seed)
        own = build_image([random_layer(4096, 1818)], labels={"airlock.test": "guard-rails"})
        info = push_image(source, own, "airlock-test/signed:1.0", workdir=seed)
        Upstream(source, "airlock-test/signed").sign(info["digest"], UPSTREAM)
        own_ref = f"{source.host}/airlock-test/signed:1.0"
        keys = root / "keys"
        upstream_pub = UPSTREAM.write(keys, "upstream")
        spec = write_spec(root / "guard.yaml",
                          [BUSYBOX, QUAY, {"ref": own_ref,
                                           "verify": {"keys": ["keys/upstream.pub"]}}],
                          name="guard")
        bundle = root / "guard.airlock"
        create(spec, bundle, source, "--mirror", f"docker.io={source.host}",
               "--mirror", f"quay.io={source.host}/quay")
        source.stop()

        mirror = Registry(root / "mirror", ca=None).start()
        states = {"plain": root / "state-plain", "keep": root / "state-keep"}
        load_into(bundle, f"registry://{mirror.host}/site", states["plain"])
        load_into(bundle, f"registry://{mirror.host}/kh", states["keep"], "--keep-host")
        yield {"root": root, "source": source, "mirror": mirror, "bundle": bundle,
               "bom": bom_of(bundle), "own": own_ref, "states": states,
               "keys": {"site": SITE.write(keys, "site"), "upstream": upstream_pub,
                        "stranger": STRANGER.write(keys, "stranger")}}
    finally:
        if mirror is not None:
            mirror.stop()
        source.stop()


def load_into(bundle: Path, to: str, state: Path, *flags):
    loaded(run([airlock_load_bin(), "load", bundle, "--to", to, "--state-dir", state,
                "--plain-http", *flags], check=False))


def airlock_load(*args):
    return run([airlock_load_bin(), *args], check=False)


def ok(r) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


# --- what the mirror holds ---------------------------------------------------------------
def mirror_repo(world, ref: str, prefix: str, keep_host: bool = False) -> str:
    """HOST/REPO on the mirror of a canonical reference, as the loader places it."""
    host, _, rest = ref.partition("/")
    path = rest.rsplit(":", 1)[0]
    ns = f"{prefix}/{host.replace(':', '_')}" if keep_host else prefix
    return f"{world['mirror'].host}/{ns}/{path}"


def pinned(world, prefix: str = "site", keep_host: bool = False) -> list:
    return [f"{mirror_repo(world, i['ref'], prefix, keep_host)}@{i['digest']}"
            for i in world["bom"]["images"]]


def upstream_names(world) -> list:
    return [i["ref"] for i in world["bom"]["images"]]


# --- schemas ------------------------------------------------------------------------------
def strict(schema):
    """The schema with unknown fields refused where Kubernetes would prune them
    (an object schema with properties and no additionalProperties or
    x-kubernetes-preserve-unknown-fields), as strict field validation does."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if (node.get("type") == "object" and "properties" in node
                    and "additionalProperties" not in node
                    and not node.get("x-kubernetes-preserve-unknown-fields")):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    return schema


def validate(doc: dict, schema_file: str):
    schema = json.loads((SCHEMAS / schema_file).read_text())
    # Every object has these whether its CRD lists them or not (policy-controller's does not).
    for field, kind in (("apiVersion", "string"), ("kind", "string"), ("metadata", "object")):
        schema["properties"].setdefault(field, {"type": kind})
    schema = strict(schema)
    jsonschema.Draft7Validator(schema).validate(doc)


def test_the_schema_check_refuses_what_the_api_server_would():
    """The fixtures and strict() catch a misspelled field and a wrong enum."""
    doc = {"apiVersion": "kyverno.io/v1", "kind": "ClusterPolicy", "metadata": {"name": "x"},
           "spec": {"validationFailureAction": "Enforce", "rules": []}}
    validate(doc, "kyverno.io_clusterpolicy_v1.json")
    for bad in ({"validationFailureAction": "Block"}, {"failurPolicy": "Fail"}):
        with pytest.raises(jsonschema.ValidationError):
            validate({**doc, "spec": {**doc["spec"], **bad}}, "kyverno.io_clusterpolicy_v1.json")
    cip = {"apiVersion": "policy.sigstore.dev/v1beta1", "kind": "ClusterImagePolicy",
           "metadata": {"name": "x"}, "spec": {"images": [{"glob": "a/**"}],
                                               "authorities": [{"key": {"dat": "x"}}]}}
    with pytest.raises(jsonschema.ValidationError):
        validate(cip, "policy.sigstore.dev_clusterimagepolicy_v1beta1.json")


# --- glob languages -----------------------------------------------------------------------
def kyverno_match(glob: str, image: str) -> bool:
    """Kyverno's imageReferences wildcards: '*' any run (including '/'), '?' one."""
    return fnmatch.fnmatchcase(image, glob)


def sigstore_match(glob: str, image: str) -> bool:
    """policy-controller's pkg/apis/glob: '**' any run, '*' any run without '/'."""
    assert re.fullmatch(r"[a-zA-Z0-9\-_:/*.@]+", glob), glob
    rx = glob.replace(".", r"\.").replace("**", "#").replace("*", "[^/]*").replace("#", ".*")
    return re.fullmatch(rx, image) is not None


def pem_text(path: Path) -> str:
    return path.read_text().strip()


# --- policy -------------------------------------------------------------------------------
def policy(world, fmt: str, *extra, state: str = "plain", prefix: str = "site"):
    r = airlock_load("policy", "--format", fmt, "--registry",
                     f"http://{world['mirror'].host}/{prefix}", "--key", world["keys"]["site"],
                     "--state-dir", world["states"][state], *extra)
    return [d for d in yaml.safe_load_all(ok(r)) if d is not None], r


def test_kyverno_policy_names_the_mirror_globs_and_the_site_key(world):
    docs, _ = policy(world, "kyverno", "--namespaces", "apps,web")
    assert len(docs) == 1
    cp = docs[0]
    validate(cp, "kyverno.io_clusterpolicy_v1.json")
    assert (cp["apiVersion"], cp["kind"]) == ("kyverno.io/v1", "ClusterPolicy")
    spec = cp["spec"]
    assert spec["validationFailureAction"] == "Enforce"
    assert spec["failurePolicy"] == "Fail"
    assert 1 <= spec["webhookTimeoutSeconds"] <= 30
    [rule] = spec["rules"]
    assert rule["match"] == {"any": [{"resources": {"kinds": ["Pod"],
                                                    "namespaces": ["apps", "web"]}}]}
    [verify] = rule["verifyImages"]
    assert verify["imageReferences"] == [f"{world['mirror'].host}/site/*"]
    assert verify["mutateDigest"] is True and verify["verifyDigest"] is True
    assert verify["required"] is True
    [attestor] = verify["attestors"]
    [entry] = attestor["entries"]
    assert entry["keys"]["publicKeys"].strip() == pem_text(world["keys"]["site"])
    assert entry["keys"]["rekor"] == {"ignoreTlog": True}
    for name in pinned(world):
        assert any(kyverno_match(g, name) for g in verify["imageReferences"]), name
    for name in upstream_names(world):
        assert not any(kyverno_match(g, name) for g in verify["imageReferences"]), name


def test_the_same_policy_from_the_bundle_as_from_the_state(world):
    from_state = ok(airlock_load("policy", "--format", "sigstore", "--registry",
                                 f"http://{world['mirror'].host}/site", "--key",
                                 world["keys"]["site"], "--state-dir", world["states"]["plain"]))
    from_bundle = ok(airlock_load("policy", "--format", "sigstore", "--registry",
                                  f"http://{world['mirror'].host}/site", "--key",
                                  world["keys"]["site"], "--state-dir", world["states"]["plain"],
                                  world["bundle"]))
    assert from_state == from_bundle


def test_sigstore_policy_with_keep_host_and_labelled_namespaces(world):
    docs, _ = policy(world, "sigstore", "--keep-host", "--namespaces", "apps", state="keep",
                     prefix="kh")
    cips = [d for d in docs if d["kind"] == "ClusterImagePolicy"]
    namespaces = [d for d in docs if d["kind"] == "Namespace"]
    assert len(cips) == 1
    cip = cips[0]
    validate(cip, "policy.sigstore.dev_clusterimagepolicy_v1beta1.json")
    assert cip["apiVersion"] == "policy.sigstore.dev/v1beta1"
    assert cip["spec"]["mode"] == "enforce"
    globs = [i["glob"] for i in cip["spec"]["images"]]
    host = world["mirror"].host
    assert globs == sorted(f"{host}/kh/{h.replace(':', '_')}/**"
                           for h in ("docker.io", "quay.io", world["source"].host))
    [authority] = cip["spec"]["authorities"]
    assert authority["key"]["data"].strip() == pem_text(world["keys"]["site"])
    assert authority["key"]["hashAlgorithm"] == "sha256"
    for name in pinned(world, "kh", keep_host=True):
        assert any(sigstore_match(g, name) for g in globs), name
    for name in upstream_names(world):
        assert not any(sigstore_match(g, name) for g in globs), name
    assert namespaces == [{"apiVersion": "v1", "kind": "Namespace",
                           "metadata": {"name": "apps",
                                        "labels": {"policy.sigstore.dev/include": "true"}}}]


def test_upstream_keys_are_a_second_authority_for_what_they_verified(world):
    [image] = [i for i in world["bom"]["images"] if i["ref"] == world["own"]]
    assert [p["key"] for p in image["provenance"]] == [key_id_of(UPSTREAM.public_key)]
    own_repo = mirror_repo(world, world["own"], "site")
    # The load carried the vendor's signature to the mirror, where verifiers look for it.
    sig_tag = f"{own_repo}:{image['digest'].replace(':', '-')}.sig"
    assert json.loads(skopeo_inspect_raw(sig_tag, tls_verify=False))["layers"]
    for fmt in ("kyverno", "sigstore"):
        docs, r = policy(world, fmt, "--upstream-key", world["keys"]["upstream"],
                         "--upstream-key", world["keys"]["stranger"])
        assert "stranger.pub" in r.stderr and "left out" in r.stderr
        if fmt == "kyverno":
            [cp] = docs
            validate(cp, "kyverno.io_clusterpolicy_v1.json")
            site, upstream = cp["spec"]["rules"]
            [verify] = upstream["verifyImages"]
            globs = verify["imageReferences"]
            [attestor] = verify["attestors"]
            pem = attestor["entries"][0]["keys"]["publicKeys"]
            match = kyverno_match
        else:
            site, upstream = docs
            for d in docs:
                validate(d, "policy.sigstore.dev_clusterimagepolicy_v1beta1.json")
            globs = [i["glob"] for i in upstream["spec"]["images"]]
            [authority] = upstream["spec"]["authorities"]
            pem = authority["key"]["data"]
            match = sigstore_match
        assert pem.strip() == pem_text(world["keys"]["upstream"])
        assert globs == [f"{own_repo}:*", f"{own_repo}@*"]
        assert match(globs[1], f"{own_repo}@{image['digest']}")
        assert not any(match(g, f"{own_repo}-evil:1.0") for g in globs)
        others = [p for p in pinned(world) if not p.startswith(own_repo + "@")]
        assert not any(match(g, p) for g in globs for p in others)


def test_policy_refuses_a_bad_key_and_bad_namespaces(world, tmp_path):
    bad = tmp_path / "bad.pub"
    bad.write_text("not a key\n")
    r = airlock_load("policy", "--format", "kyverno", "--registry",
                     f"http://{world['mirror'].host}/site", "--key", bad,
                     "--state-dir", world["states"]["plain"])
    assert r.returncode != 0 and r.stdout == ""
    r = airlock_load("policy", "--format", "kyverno", "--registry",
                     f"http://{world['mirror'].host}/site", "--key", world["keys"]["site"],
                     "--namespaces", "Not_A_Namespace", "--state-dir", world["states"]["plain"])
    assert r.returncode == USAGE and r.stdout == ""


# --- Cluster API --------------------------------------------------------------------------
def mirror_config(world, fmt: str, out: Path, *extra, url: str | None = None):
    return ok(airlock_load("mirror-config", "--registry",
                           url or f"http://{world['mirror'].host}/site", "--format", fmt,
                           "--out", out, "--state-dir", world["states"]["plain"], *extra))


def test_capi_files_are_what_the_containerd_format_writes(world, tmp_path):
    mirror_config(world, "containerd", tmp_path / "containerd")
    mirror_config(world, "capi", tmp_path / "capi")
    [template] = list(yaml.safe_load_all((tmp_path / "capi/kubeadmconfigtemplate.yaml").read_text()))
    validate(template, "bootstrap.cluster.x-k8s.io_kubeadmconfigtemplate_v1beta1.json")
    assert (template["apiVersion"], template["kind"]) == \
        ("bootstrap.cluster.x-k8s.io/v1beta1", "KubeadmConfigTemplate")
    spec = template["spec"]["template"]["spec"]
    written = {p.relative_to(tmp_path / "containerd").as_posix(): p.read_text()
               for p in sorted((tmp_path / "containerd").rglob("hosts.toml"))}
    assert len(written) == 3
    assert {f["path"]: f["content"] for f in spec["files"]} == \
        {f"/etc/containerd/certs.d/{rel}": text for rel, text in written.items()}
    assert spec["preKubeadmCommands"] == ["systemctl restart containerd"]


def test_capi_takes_the_ca_and_client_certificate_from_secrets(world, tmp_path):
    url = f"https://{world['mirror'].host}/site"
    mirror_config(world, "capi", tmp_path / "capi", "--ca-secret", "mirror-ca",
                  "--client-secret", "mirror-client", url=url)
    text = (tmp_path / "capi/kubeadmconfigtemplate.yaml").read_text()
    [template] = list(yaml.safe_load_all(text))
    validate(template, "bootstrap.cluster.x-k8s.io_kubeadmconfigtemplate_v1beta1.json")
    files = {f["path"]: f for f in template["spec"]["template"]["spec"]["files"]}
    assert files["/etc/airlock/mirror/ca.crt"]["contentFrom"] == \
        {"secret": {"name": "mirror-ca", "key": "ca.crt"}}
    assert files["/etc/airlock/mirror/client.crt"]["contentFrom"] == \
        {"secret": {"name": "mirror-client", "key": "tls.crt"}}
    assert files["/etc/airlock/mirror/client.key"]["contentFrom"] == \
        {"secret": {"name": "mirror-client", "key": "tls.key"}}
    assert files["/etc/airlock/mirror/client.key"]["permissions"] == "0600"
    assert "BEGIN" not in text  # nothing inlined
    # The hosts.toml files are the containerd format's with the node's paths.
    cert = tmp_path / "tls"
    cert.mkdir()
    for name in ("ca.crt", "client.crt", "client.key"):
        (cert / name).write_text("x\n")
    mirror_config(world, "containerd", tmp_path / "containerd", "--ca", cert / "ca.crt",
                  "--client-cert", cert / "client.crt", "--client-key", cert / "client.key",
                  url=url)
    for p in sorted((tmp_path / "containerd").rglob("hosts.toml")):
        expected = p.read_text().replace(str(cert), "/etc/airlock/mirror")
        rel = p.relative_to(tmp_path / "containerd").as_posix()
        assert files[f"/etc/containerd/certs.d/{rel}"]["content"] == expected
    # Local TLS files are refused for capi: they would be inlined or dangle.
    r = airlock_load("mirror-config", "--registry", url, "--format", "capi", "--out",
                     tmp_path / "x", "--ca", cert / "ca.crt",
                     "--state-dir", world["states"]["plain"])
    assert r.returncode == USAGE, r.stderr


# --- prepull ------------------------------------------------------------------------------
def test_prepull_pins_every_image_by_the_bom_digest_one_job_per_node(world):
    nodes = ["worker-1", "worker-2", "cp-0.example"]
    text = ok(airlock_load("prepull", "--nodes", ",".join(nodes), "--registry",
                           f"http://{world['mirror'].host}/site", "--namespace", "upgrade",
                           "--state-dir", world["states"]["plain"], world["bundle"]))
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    [ns] = [d for d in docs if d["kind"] == "Namespace"]
    jobs = [d for d in docs if d["kind"] == "Job"]
    assert ns["metadata"]["name"] == "upgrade"
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert len(jobs) == len(nodes)
    assert sorted(j["spec"]["template"]["spec"]["nodeName"] for j in jobs) == sorted(nodes)
    assert len({j["metadata"]["name"] for j in jobs}) == len(nodes)
    expected = set(pinned(world))
    [busybox] = [p for p in pinned(world) if "/library/busybox@" in p]
    for job in jobs:
        assert job["apiVersion"] == "batch/v1"
        assert job["metadata"]["namespace"] == "upgrade"
        assert job["spec"]["ttlSecondsAfterFinished"] > 0
        pod = job["spec"]["template"]["spec"]
        assert pod["restartPolicy"] == "Never"
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        containers = pod["initContainers"] + pod["containers"]
        for c in containers:
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["runAsNonRoot"] is True
            assert sc["capabilities"] == {"drop": ["ALL"]}
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
            assert "@sha256:" in c["image"]
        tools, *pulls = pod["initContainers"]
        assert tools["image"] == busybox and pod["containers"][0]["image"] == busybox
        assert {c["image"] for c in pulls} == expected
        assert len(pulls) == len(expected)


def test_prepull_images_only_lists_references_the_mirror_serves(world):
    text = ok(airlock_load("prepull", "--images-only", "--registry",
                           f"http://{world['mirror'].host}/kh", "--keep-host",
                           "--state-dir", world["states"]["keep"], world["bundle"]))
    lines = text.splitlines()
    assert lines == pinned(world, "kh", keep_host=True)
    for ref in lines:
        raw = skopeo_inspect_raw(ref, tls_verify=False)
        assert digest_of(raw) == ref.split("@", 1)[1]


def test_prepull_runs_only_an_image_of_the_bundle(world):
    base = ["prepull", "--nodes", "n1", "--registry", f"http://{world['mirror'].host}/site",
            "--state-dir", world["states"]["plain"]]
    r = airlock_load(*base, "--pull-image", "docker.io/library/alpine:3.20", world["bundle"])
    assert r.returncode == USAGE and "not an image of the bundle" in r.stderr
    r = airlock_load(*base, "--pull-image", BUSYBOX, world["bundle"])
    assert r.returncode == 0, r.stderr
    r = airlock_load("prepull", "--registry", f"http://{world['mirror'].host}/site",
                     "--state-dir", world["states"]["plain"], world["bundle"])
    assert r.returncode == USAGE


def test_prepull_job_steps_run_on_containerd(world, tmp_path):
    """A Job's containers, in order, on containerd: each image is pulled by its
    pinned mirror name (and gets the BOM's digest), with a read-only root and
    the tools volume; the image with no binaries at all (the quay one) runs
    the copied busybox too. The command replaces the image's entrypoint, as a
    pod's `command` does."""
    text = ok(airlock_load("prepull", "--nodes", "n1", "--registry",
                           f"http://{world['mirror'].host}/site",
                           "--state-dir", world["states"]["plain"], world["bundle"]))
    [job] = [d for d in yaml.safe_load_all(text) if d and d["kind"] == "Job"]
    pod = job["spec"]["template"]["spec"]
    tools = tmp_path / "tools"
    tools.mkdir()
    daemon = Containerd(tmp_path / "containerd")
    try:
        daemon.start()
        for i, c in enumerate(pod["initContainers"] + pod["containers"]):
            daemon.pull(c["image"], args=["--plain-http"])
            assert daemon.image_digest(c["image"]) == c["image"].split("@", 1)[1]
            [mount] = c["volumeMounts"]
            mode = "ro" if mount.get("readOnly") else "rw"
            r = daemon.run_process(
                c["image"], f"prepull-{i}", c["command"], check=False,
                args=["--read-only", "--cwd", c["workingDir"], "--mount",
                      f"type=bind,src={tools},dst={mount['mountPath']},options=rbind:{mode}"])
            assert r.returncode == 0, (c["name"], r.stdout, r.stderr)
        assert (tools / "busybox").is_file()
    finally:
        daemon.stop()
