"""The emulator's TLS material is made once per user and kept private in the cache directory."""

from __future__ import annotations

import ssl
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from acitui.emulator import certs

PROBE = """
import ssl, sys, urllib.request
from acitui.emulator import Emulator
with Emulator() as emu:
    ctx = ssl.create_default_context(cafile=emu.ca_file)
    req = urllib.request.Request(emu.endpoint + "/subscriptions?api-version=2022-12-01",
                                 headers={"Authorization": "Bearer " + emu.token})
    with urllib.request.urlopen(req, context=ctx) as resp:
        print(resp.status)
    print(open(emu.ca_file).read().splitlines()[1])
    print("trustme" in sys.modules)
"""


def probe(cache: Path) -> list[str]:
    env = {"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_second_start_reuses_the_cached_ca_without_generating(tmp_path: Path) -> None:
    """A later emulator serves TLS from the cached CA and never imports trustme."""
    first = probe(tmp_path)
    second = probe(tmp_path)
    assert first[0] == second[0] == "200"
    assert first[1] == second[1]  # the same CA certificate
    assert first[2] == "True" and second[2] == "False"
    folder = tmp_path / "acitui" / "emulator-tls"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


def test_a_corrupt_or_shared_cache_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Garbage in ca.pem, or a cache readable by others, gives fresh working material."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "acitui" / "emulator-tls"
    folder.mkdir(parents=True, mode=0o700)
    (folder / "ca.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nnot a cert\n")
    (folder / "ca.pem").chmod(0o600)
    certs._ca.cache_clear()
    certs._leaf_pem.cache_clear()
    try:
        context = certs.server_context("127.0.0.1")
        assert isinstance(context, ssl.SSLContext)
        assert b"not a cert" not in certs.ca_pem()
        folder.chmod(0o755)
        assert certs.cache_dir() is None
    finally:
        certs._ca.cache_clear()
        certs._leaf_pem.cache_clear()


def test_a_cached_ca_whose_key_does_not_match_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ca.pem pairing one CA's certificate with another's key is regenerated, not served."""
    import trustme

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one, two = trustme.CA(), trustme.CA()
    folder = tmp_path / "acitui" / "emulator-tls"
    folder.mkdir(parents=True, mode=0o700)
    (folder / "ca.pem").write_bytes(one.cert_pem.bytes() + two.private_key_pem.bytes())
    (folder / "ca.pem").chmod(0o600)
    certs._ca.cache_clear()
    certs._leaf_pem.cache_clear()
    try:
        certs.server_context("127.0.0.1")
        assert certs.ca_pem() != one.cert_pem.bytes()
    finally:
        certs._ca.cache_clear()
        certs._leaf_pem.cache_clear()
