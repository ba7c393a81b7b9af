"""TLS material for the emulator: one CA per user (cached), one server cert per host set.

Generating a CA and a server certificate means importing ``trustme`` and
``cryptography`` (~60 ms) and making two EC keys, on every ``acitui --demo``.
They are kept instead in the user's cache directory (``$XDG_CACHE_HOME`` or
``~/.cache``)/``acitui/emulator-tls``: a private directory (0700) of files
only the user can read (0600), written atomically. A cache that is missing,
unreadable, not private or corrupt is ignored (regenerated, or kept in memory
only); it never stops the emulator. The certificates only ever authenticate
the local emulator to acitui's own client, which trusts exactly this CA.
"""

from __future__ import annotations

import functools
import hashlib
import os
import ssl
import stat
import tempfile
from pathlib import Path
from typing import Any

PEM_KEY = b"-----BEGIN EC PRIVATE KEY-----"
PEM_CERT = b"-----BEGIN CERTIFICATE-----"


def cache_dir() -> Path | None:
    """The private cache directory for the emulator's TLS files, or None if unusable."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "acitui" / "emulator-tls"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.stat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    return path if stat.S_ISDIR(info.st_mode) and private else None


def _read(path: Path) -> bytes | None:
    try:
        info = path.stat()
        if info.st_uid != os.getuid() or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            return None
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Write atomically with mode 0600; a failure only means no cache next time."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


def _new_ca() -> Any:
    import trustme  # only when nothing is cached: it brings in cryptography

    return trustme.CA(organization_name="acitui emulator")


@functools.cache
def _ca() -> tuple[bytes, bytes]:
    """(certificate PEM, private key PEM) of the CA: cached, else made and cached."""
    folder = cache_dir()
    data = _read(folder / "ca.pem") if folder else None
    if data and data.startswith(PEM_CERT) and data.count(PEM_KEY) == 1 and _valid(data):
        cert, _, key = data.partition(PEM_KEY)
        return cert, PEM_KEY + key
    ca = _new_ca()
    cert, key = ca.cert_pem.bytes(), ca.private_key_pem.bytes()
    if folder and key.startswith(PEM_KEY):
        _write(folder / "ca.pem", cert + key)
    return cert, key


@functools.cache
def _leaf_pem(names: tuple[str, ...]) -> bytes:
    """Key + certificate chain (PEM) for ``names``, signed by the CA: cached, else made."""
    cert, key = _ca()
    tag = hashlib.sha256(cert + b"\0" + "\0".join(names).encode()).hexdigest()[:20]
    folder = cache_dir()
    path = folder / f"leaf-{tag}.pem" if folder else None
    data = _read(path) if path else None
    if data and PEM_CERT in data and _valid(data):
        return data
    import trustme

    leaf = trustme.CA.from_pem(cert, key).issue_cert(*names)
    data = leaf.private_key_and_cert_chain_pem.bytes()
    if path:
        _write(path, data)
    return data


def identities(host: str) -> tuple[str, ...]:
    """Names the server certificate must cover for ``host``."""
    names = ["127.0.0.1", "localhost", "::1"]
    if host not in ("", "0.0.0.0", "::") and host not in names:
        names.append(host)
    return tuple(names)


def _load(context: ssl.SSLContext, pem: bytes) -> None:
    """Load a key + certificate chain PEM (load_cert_chain reads only files: a private temp one)."""
    fd, path = tempfile.mkstemp(prefix="acitui-emulator-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        context.load_cert_chain(path)
    finally:
        os.unlink(path)


def _valid(pem: bytes) -> bool:
    """True when ``pem`` holds a certificate and its matching private key."""
    try:
        _load(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), pem)
    except (ssl.SSLError, ValueError, OSError):
        return False
    return True


def server_pem(host: str) -> bytes:
    """Key + certificate chain (PEM) the emulator serves for ``host`` (made and cached now)."""
    return _leaf_pem(identities(host))


def server_context(host: str) -> ssl.SSLContext:
    """An SSL context serving a certificate for ``host`` signed by the user's emulator CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    _load(context, server_pem(host))
    return context


def ca_pem() -> bytes:
    """The CA certificate clients must trust (PEM)."""
    return _ca()[0]
