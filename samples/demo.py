#!/usr/bin/python3
"""The demo behind scripts/demo.sh: a local docker-registry stands in for the
upstream registries (docker.io at its root, quay.io under "quay/"), the sample
images are built from Debian's busybox and random layers and pushed into it,
then airlock-build creates the signed bundle of samples/spec.yaml through it
with --mirror, so the bundle names the canonical references. The site side
then verifies the bundle and loads it into a second docker-registry (the
site's), inside a network namespace with loopback only, and skopeo reads every
image back by digest. Nothing is downloaded; everything started here is
stopped at the end."""

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(root / "tests" / "integration"))

from airlock_testlib.images import busybox_image, multiarch_image, push_image  # noqa: E402
from airlock_testlib.netns import airgap  # noqa: E402
from airlock_testlib.registry import Registry  # noqa: E402


def step(text):
    print(f"\n==> {text}", flush=True)


def main():
    build = Path(sys.argv[1]).resolve()
    work = build / "demo"
    subprocess.run(["rm", "-rf", str(work)], check=True)
    work.mkdir(parents=True)
    airlock_build = build / "builder" / "airlock-build"
    bundle = work / "edge-stack-1.4.0.airlock"

    with Registry(work / "upstream") as upstream:
        step(f"upstream stand-in: docker-registry on {upstream.host}")
        for name, image in (("library/busybox:1.36", busybox_image()),
                            ("airlock-samples/web:1.0", multiarch_image(101, layer_size=256 * 1024)),
                            ("quay/airlock-samples/agent:2.1", multiarch_image(202, layer_size=128 * 1024))):
            info = push_image(upstream, image, name, workdir=work / "images")
            print(f"  pushed {name:32} {info['digest'][:19]}  {', '.join(info['platforms'])}")

        step("airlock-build create samples/spec.yaml")
        cmd = [str(airlock_build), "create", str(root / "samples" / "spec.yaml"), "-o", str(bundle),
               "--key", str(root / "keys" / "dev" / "vendor.key"), "--expires", "180d",
               "--mirror", f"docker.io={upstream.host}", "--mirror", f"quay.io={upstream.host}/quay",
               "--plain-http", upstream.host]
        print("  " + " ".join(cmd))
        subprocess.run(cmd, check=True)

    step(f"airlock-build inspect {bundle.name}")
    subprocess.run([str(airlock_build), "inspect", str(bundle)], check=True)
    report = json.loads(subprocess.run([str(airlock_build), "inspect", str(bundle), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    airlock_load = build / "loader" / "airlock-load"
    step(f"airlock-load verify --deep {bundle.name}")
    subprocess.run([str(airlock_load), "verify", str(bundle), "--deep", "--state-dir",
                    str(work / "state")], check=True)
    # The site side runs with no network but loopback when we may create a
    # namespace (root); the site registry is started inside it.
    gap = airgap() if os.geteuid() == 0 else contextlib.nullcontext()
    with gap, Registry(work / "site") as site:
        to = f"registry://{site.host}"
        where = "air-gapped: loopback only" if os.geteuid() == 0 else "not root: host loopback"
        step(f"airlock-load load {bundle.name} --to {to} ({where})")
        subprocess.run([str(airlock_load), "load", str(bundle), "--to", to, "--plain-http",
                        "--state-dir", str(work / "state")], check=True)
        for image in report["images"]:
            repo = image["ref"].split("/", 1)[1]
            raw = subprocess.run(["skopeo", "inspect", "--raw", "--tls-verify=false",
                                  f"docker://{site.host}/{repo}"],
                                 check=True, capture_output=True).stdout
            digest = "sha256:" + hashlib.sha256(raw).hexdigest()
            assert digest == image["digest"], (image["ref"], digest)
            print(f"  skopeo reads {site.host}/{repo}: {digest[:19]}")
    step("summary")
    print(f"  {report['bundle']['name']} {report['bundle']['version']}: "
          f"{len(report['images'])} images, {report['blobs']['count']} blobs, "
          f"{report['size']} bytes, signed by key {report['signatures'][0]['keyIds'][0][:16]} "
          f"(role {report['signatures'][0]['role']})")
    print(f"  bundle: {bundle}")
    print("  the upstream stand-in registry has been stopped")


if __name__ == "__main__":
    main()
