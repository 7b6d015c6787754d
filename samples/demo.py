#!/usr/bin/python3
"""The demo behind scripts/demo.sh, from the vendor's build to a node running
the sample image, with nothing downloaded and nothing left running.

Connected side: a local docker-registry stands in for the upstream registries
(docker.io at its root, quay.io under "quay/"); the sample images are built
from Debian's busybox and random layers and pushed into it. airlock-build
creates the signed bundle of samples/spec.yaml through it with --mirror, so
the bundle keeps the canonical names; the build vendors the sample chart as a
helm-push OCI artifact and sweeps the chart and manifests for images.

Site side, inside a network namespace with loopback only (root required):
verify, load into the site's docker-registry, write containerd's hosts.toml
mirror configuration with airlock-load mirror-config, and have a private
containerd pull every image by its canonical upstream name and run busybox.
The layered resolver answers for a bundled image (layer 1) and fails closed
for one that is not (layer 3). Ends with a summary."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

root = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(root / "tests" / "integration"))

from airlock_testlib.containerd import Containerd  # noqa: E402
from airlock_testlib.images import busybox_image, multiarch_image, push_image  # noqa: E402
from airlock_testlib.netns import airgap  # noqa: E402
from airlock_testlib.registry import Registry  # noqa: E402

HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json"
HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"


def step(text):
    print(f"\n==> {text}", flush=True)


def show(cmd):
    print("  $ " + " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True)


def output(cmd) -> str:
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True,
                          text=True).stdout


def fetch(url: str, accept: str = "") -> bytes:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def build_bundle(work: Path, airlock_build: Path, bundle: Path):
    with Registry(work / "upstream") as upstream:
        step(f"upstream stand-in: docker-registry on {upstream.host}")
        for name, image in (("library/busybox:1.36", busybox_image()),
                            ("airlock-samples/web:1.0", multiarch_image(101, layer_size=256 * 1024)),
                            ("quay/airlock-samples/agent:2.1", multiarch_image(202, layer_size=128 * 1024))):
            info = push_image(upstream, image, name, workdir=work / "images")
            print(f"  pushed {name:32} {info['digest'][:19]}  {', '.join(info['platforms'])}")
        step("airlock-build find-images samples/spec.yaml (what the chart and manifests use)")
        show([airlock_build, "find-images", root / "samples" / "spec.yaml"])
        # git keeps no file modes but the executable bit, so the checked-out
        # key is 0644; a signing key belongs in a file only its owner reads.
        key = work / "vendor.key"
        shutil.copyfile(root / "keys" / "dev" / "vendor.key", key)
        key.chmod(0o600)
        step("airlock-build create samples/spec.yaml")
        show([airlock_build, "create", root / "samples" / "spec.yaml", "-o", bundle,
              "--key", key, "--expires", "180d",
              "--mirror", f"docker.io={upstream.host}", "--mirror", f"quay.io={upstream.host}/quay",
              "--plain-http", upstream.host])


def site_side(work: Path, airlock_load: Path, bundle: Path, report: dict) -> dict:
    state = work / "state"
    facts = {}
    with Registry(work / "site") as site, Containerd(work / "containerd") as ctrd:
        to = f"registry://{site.host}"
        step(f"airlock-load load {bundle.name} --to {to} (air-gapped: loopback only)")
        show([airlock_load, "load", bundle, "--to", to, "--plain-http", "--state-dir", state])

        step("airlock-load mirror-config: containerd hosts.toml for every upstream registry")
        hosts = work / "hosts.d"
        show([airlock_load, "mirror-config", "--registry", f"http://{site.host}", "--format",
              "containerd", "--out", hosts, "--state-dir", state, bundle])
        for f in sorted(hosts.rglob("hosts.toml")):
            print(f"  --- {f.relative_to(work)}\n" + "".join(f"  {line}\n" for line in
                                                         f.read_text().splitlines()))

        step("containerd pulls each image by its canonical name, through the mirror only")
        for image in report["images"]:
            ref = image["ref"]
            ctrd.pull(ref, hosts)
            got = ctrd.image_digest(ref)
            assert got == image["digest"], (ref, got, image["digest"])
            print(f"  ctr pull {ref:36} {got[:19]}  (= BOM)")
        busybox = "docker.io/library/busybox:1.36"
        said = ctrd.run(busybox, "airlock-demo", ["echo", "hello from the air gap"])
        assert said == "hello from the air gap\n", said
        print(f"  ctr run {busybox}: {said.strip()}")
        facts["ran"] = said.strip()

        step("the chart, as helm push stores it, in the site registry")
        for chart in report.get("charts", []):
            repo, tag = chart["repository"], chart["tag"]
            manifest = json.loads(fetch(f"http://{site.host}/v2/{repo}/manifests/{tag}",
                                        "application/vnd.oci.image.manifest.v1+json"))
            assert manifest["config"]["mediaType"] == HELM_CONFIG
            assert manifest["layers"][0]["mediaType"] == HELM_CHART
            layer = manifest["layers"][0]
            blob = fetch(f"http://{site.host}/v2/{repo}/blobs/{layer['digest']}")
            assert "sha256:" + hashlib.sha256(blob).hexdigest() == layer["digest"]
            print(f"  oci://{site.host}/{repo} --version {chart['version']}: "
                  f"{len(blob)} byte chart archive, {layer['digest'][:19]}")

        step("airlock-load resolve: layer 1 for a bundled image, fail closed for the rest")
        show([airlock_load, "resolve", busybox, "--registry", f"http://{site.host}",
              "--state-dir", state])
        r = subprocess.run([str(airlock_load), "resolve", "docker.io/library/nginx:1.27",
                            "--registry", f"http://{site.host}", "--state-dir", str(state)],
                           capture_output=True, text=True)
        print("  $ airlock-load resolve docker.io/library/nginx:1.27 ...")
        print("  " + r.stdout.strip())
        print(f"  exit {r.returncode}: {r.stderr.strip().splitlines()[-1]}")
        assert r.returncode == 7, r
        facts["site"] = site.host
    return facts


def main():
    build = Path(sys.argv[1]).resolve()
    work = build / "demo"
    subprocess.run(["rm", "-rf", str(work)], check=True)
    work.mkdir(parents=True)
    airlock_build = build / "builder" / "airlock-build"
    airlock_load = build / "loader" / "airlock-load"
    bundle = work / "edge-stack-1.4.0.airlock"
    if os.geteuid() != 0:
        sys.exit("demo: the site side needs root (a network namespace and containerd); "
                 "run scripts/demo.sh as root")

    build_bundle(work, airlock_build, bundle)
    step(f"airlock-build inspect {bundle.name}")
    show([airlock_build, "inspect", bundle])
    report = json.loads(output([airlock_build, "inspect", bundle, "--json"]))

    step(f"airlock-load verify --deep {bundle.name}")
    show([airlock_load, "verify", bundle, "--deep", "--state-dir", work / "state"])
    with airgap():
        facts = site_side(work, airlock_load, bundle, report)

    step("summary")
    sig = report["signatures"][0]
    print(f"  loaded {report['bundle']['name']} {report['bundle']['version']}: "
          f"{len(report['images'])} images, {len(report.get('charts', []))} chart(s), "
          f"{report['blobs']['count']} blobs, {report['size']} bytes")
    print(f"  signed by key {sig['keyIds'][0][:16]} (role {sig['role']}), verified with the "
          f"embedded (development) trust policy")
    print(f"  into the site registry {facts['site']} inside a loopback-only network namespace;"
          f" containerd pulled every image by its upstream name and ran busybox")
    print(f"  bundle: {bundle}")
    print("  every registry and containerd started here has been stopped")


if __name__ == "__main__":
    main()
