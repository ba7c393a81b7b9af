"""TLS material for the emulator: one trustme CA per process, one server cert per host set."""

from __future__ import annotations

import functools
import ssl

import trustme


@functools.cache
def _ca() -> trustme.CA:
    return trustme.CA(organization_name="acitui emulator")


@functools.cache
def _leaf(names: tuple[str, ...]) -> trustme.LeafCert:
    return _ca().issue_cert(*names)


def identities(host: str) -> tuple[str, ...]:
    """Names the server certificate must cover for ``host``."""
    names = ["127.0.0.1", "localhost", "::1"]
    if host not in ("", "0.0.0.0", "::") and host not in names:
        names.append(host)
    return tuple(names)


def server_context(host: str) -> ssl.SSLContext:
    """An SSL context serving a certificate for ``host`` signed by the process CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    _leaf(identities(host)).configure_cert(context)
    return context


def ca_pem() -> bytes:
    """The CA certificate clients must trust (PEM)."""
    return _ca().cert_pem.bytes()
