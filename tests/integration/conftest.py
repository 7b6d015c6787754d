"""pytest fixtures for airlock integration tests (real components, no mocks).

Puts airlock_testlib on sys.path. Fixtures:

- ca                 session-wide test CertAuthority
- registry_factory   make(**Registry kwargs) -> started Registry; all stopped at teardown
- registry           plain HTTP registry
- tls_registry       TLS with the test CA
- mtls_registry      TLS + client certificates (http.tls.clientcas)
- htpasswd_registry  TLS + htpasswd (bcrypt)
- token_registry     TLS + token auth (our TokenServer, ES256)
- standard_images    seed_standard(registry): name -> describe() dict
- airlock_bin_dir    the build dir (AIRLOCK_BIN_DIR); fails if binaries are missing

When a test fails, the logs of its registries are printed in the report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from airlock_testlib import (CertAuthority, Registry, airlock_build_bin,  # noqa: E402
                             airlock_load_bin, bin_dir, seed_standard)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _failed(request) -> bool:
    return any(getattr(getattr(request.node, "rep_" + w, None), "failed", False)
               for w in ("setup", "call"))


@pytest.fixture(scope="session")
def ca(tmp_path_factory) -> CertAuthority:
    return CertAuthority(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def registry_factory(tmp_path, ca, request):
    """Call make(**kwargs) to start a Registry (kwargs as Registry's); each is
    stopped at teardown, failed test or not."""
    started: list[Registry] = []

    def make(name: str | None = None, **kwargs) -> Registry:
        kwargs.setdefault("ca", ca)
        workdir = tmp_path / (name or f"registry-{len(started)}")
        reg = Registry(workdir, **kwargs)
        started.append(reg)
        return reg.start()

    yield make
    failed = _failed(request)
    for reg in reversed(started):
        if failed:
            sys.stderr.write(f"\n===== registry {reg.host if reg.port else '?'} "
                             f"({reg.workdir}) log =====\n{reg.log_text()}\n")
        reg.stop()


@pytest.fixture
def registry(registry_factory) -> Registry:
    return registry_factory("registry")


@pytest.fixture
def tls_registry(registry_factory) -> Registry:
    return registry_factory("tls-registry", tls=True)


@pytest.fixture
def mtls_registry(registry_factory) -> Registry:
    return registry_factory("mtls-registry", mtls=True)


@pytest.fixture
def htpasswd_registry(registry_factory) -> Registry:
    return registry_factory("htpasswd-registry", tls=True, htpasswd=True)


@pytest.fixture
def token_registry(registry_factory) -> Registry:
    return registry_factory("token-registry", tls=True, token=True)


@pytest.fixture
def standard_images(registry) -> dict:
    """The standard image set pushed to `registry` (see images.seed_standard)."""
    return seed_standard(registry)


@pytest.fixture(scope="session")
def airlock_bin_dir() -> Path:
    try:
        path = bin_dir()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    for binary in (airlock_build_bin(), airlock_load_bin()):
        if not binary.is_file():
            pytest.fail(f"{binary} not found: build first (cmake --build --preset dev)",
                        pytrace=False)
    return path


@pytest.fixture(scope="module")
def module_registry(tmp_path_factory, ca):
    """A plain registry shared by every test of one module (seeding images is
    the slow part of most tests); tests must not modify what it serves."""
    reg = Registry(tmp_path_factory.mktemp("module-registry"), ca=ca)
    reg.start()
    yield reg
    reg.stop()


@pytest.fixture(scope="module")
def module_images(module_registry) -> dict:
    return seed_standard(module_registry)
