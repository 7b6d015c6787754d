"""A throw-away certificate authority for tests (python3-cryptography).

    ca = CertAuthority(tmp / "ca")
    server = ca.issue_server()            # SAN IP 127.0.0.1, DNS localhost
    client = ca.issue_client()            # clientAuth, for mTLS
    signer = ca.issue_signing("jwt", key_type="rsa")   # token signing
    write_cert_dir(tmp / "certs.d", "127.0.0.1:5000", ca.ca_file, client)

Keys are EC P-256 unless asked otherwise; everything is PEM.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class CertPair:
    """A certificate and its private key, both as PEM files."""
    cert_file: Path
    key_file: Path
    cert: x509.Certificate
    key: object  # a cryptography private key

    @property
    def cert_pem(self) -> bytes:
        return self.cert_file.read_bytes()

    @property
    def key_pem(self) -> bytes:
        return self.key_file.read_bytes()

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def _new_key(key_type: str):
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"unknown key type {key_type!r} (ec or rsa)")


def _write_key(path: Path, key) -> None:
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "airlock tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _san(hosts: Iterable[str]) -> x509.SubjectAlternativeName:
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


class CertAuthority:
    """A self-signed CA that writes everything it makes under `directory`."""

    def __init__(self, directory: Path, name: str = "airlock test CA", days: int = 30):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.days = days
        self.key = _new_key("ec")
        now = datetime.datetime.now(datetime.timezone.utc)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(_name(name)).issuer_name(_name(name))
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()),
                           critical=False)
            .sign(self.key, hashes.SHA256())
        )
        self.ca_file = self.directory / "ca.crt"
        _write_cert(self.ca_file, self.cert)
        _write_key(self.directory / "ca.key", self.key)

    @property
    def ca_pem(self) -> bytes:
        return self.ca_file.read_bytes()

    def issue(self, name: str, *, directory: Path | None = None, cn: str | None = None,
              hosts: Iterable[str] = (),
              usages: Iterable = (), key_type: str = "ec", days: int | None = None,
              not_before: datetime.datetime | None = None) -> CertPair:
        """Issue a leaf certificate; files are `<directory>/<name>.crt|.key`.

        `directory` defaults to the CA's own directory.
        """
        key = _new_key(key_type)
        now = datetime.datetime.now(datetime.timezone.utc)
        start = not_before or (now - datetime.timedelta(hours=1))
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn or name)).issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=days or self.days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True,
                                         key_encipherment=(key_type == "rsa"),
                                         content_commitment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                           critical=False)
        )
        hosts = list(hosts)
        if hosts:
            builder = builder.add_extension(_san(hosts), critical=False)
        usages = list(usages)
        if usages:
            builder = builder.add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        cert = builder.sign(self.key, hashes.SHA256())
        out = Path(directory) if directory is not None else self.directory
        out.mkdir(parents=True, exist_ok=True)
        cert_file = out / f"{name}.crt"
        key_file = out / f"{name}.key"
        _write_cert(cert_file, cert)
        _write_key(key_file, key)
        return CertPair(cert_file, key_file, cert, key)

    def issue_server(self, name: str = "server", hosts: Iterable[str] = LOOPBACK_HOSTS,
                     **kw) -> CertPair:
        """A TLS server certificate for 127.0.0.1 and localhost (SAN IP + DNS)."""
        return self.issue(name, hosts=hosts, usages=[ExtendedKeyUsageOID.SERVER_AUTH], **kw)

    def issue_client(self, name: str = "client", cn: str = "airlock-test-client", **kw) -> CertPair:
        """A TLS client certificate for mTLS."""
        return self.issue(name, cn=cn, usages=[ExtendedKeyUsageOID.CLIENT_AUTH], **kw)

    def issue_signing(self, name: str = "token-signer", key_type: str = "ec", **kw) -> CertPair:
        """A certificate for signing JWTs (no EKU; Distribution accepts any)."""
        return self.issue(name, key_type=key_type, **kw)


def write_cert_dir(root: Path, host: str, ca_file: Path | None = None,
                   client: CertPair | None = None) -> Path:
    """Write a docker/containerd style cert dir entry and return its host dir.

    Layout: root/<host>/ca.crt, client.cert, client.key. `root` is what
    `--cert-dir` takes for airlock; skopeo's --cert-dir takes the host dir.
    """
    host_dir = Path(root) / host
    host_dir.mkdir(parents=True, exist_ok=True)
    if ca_file is not None:
        (host_dir / "ca.crt").write_bytes(Path(ca_file).read_bytes())
    if client is not None:
        (host_dir / "client.cert").write_bytes(client.cert_pem)
        key = host_dir / "client.key"
        key.write_bytes(client.key_pem)
        key.chmod(0o600)
    return host_dir
