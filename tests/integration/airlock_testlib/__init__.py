"""Reusable pieces for airlock's integration tests: real components only.

- certs:        CertAuthority (test CA, server/client/signing certs), write_cert_dir
- registry:     Registry (docker-registry: plain, TLS, mTLS, htpasswd, token)
- token_server: TokenServer (the `auth: token` realm, JWTs with x5c)
- regclient:    RegistryClient (urllib; Basic and Bearer challenges)
- images:       OCI images built in Python, pushed with skopeo; seed_standard;
                docker-archive and oci-archive writers
- tools:        skopeo helpers, digest_of, airlock_build / airlock_load
- proc:         run (output shown on failure), Server (process group), free_port
"""

from .certs import CertAuthority, CertPair, write_cert_dir
from .images import (Image, Index, Layer, OciLayout, TarEntry, build_image, build_index,
                     busybox_image, busybox_layer, describe, multiarch_image, push_image,
                     random_layer, seed_standard, tar_layer, write_docker_archive,
                     write_oci_archive, write_oci_layout)
from .proc import CommandError, Server, clean_env, free_port, run, wait_until
from .regclient import HTTPStatusError, RegistryClient
from .registry import Registry, RegistryStartError
from .token_server import TokenServer, TokenUser
from .tools import (airlock_build, airlock_build_bin, airlock_load, airlock_load_bin, bin_dir,
                    digest_of, skopeo, skopeo_copy, skopeo_inspect, skopeo_inspect_raw,
                    source_dir, tls_flags)

__all__ = [name for name in dir() if not name.startswith("_")]
