"""The emulator against a careless or hostile client: big and deep bodies, tokens, wide binds."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from acitui.emulator import Emulator
from acitui.emulator.cli import is_loopback
from acitui.emulator.limits import same_secret
from tests.emulator.conftest import group_body, raw_request

pytestmark = pytest.mark.azure

GROUP = "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/web?api-version=2023-05-01"  # noqa: E501


def _path(emu: Emulator) -> str:
    return GROUP.format(sub=emu.subscription_id)


def test_body_over_8_mb_is_413_with_an_arm_error(emu: Emulator) -> None:
    """A 9 MB PUT is refused with 413 and an ARM-shaped error, not a 500."""
    body = b'{"location": "westeurope", "pad": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    status, _, data = raw_request(emu, "PUT", _path(emu), body=body)
    assert status == 413
    assert data["error"]["code"] == "RequestEntityTooLarge" and "8 MB" in data["error"]["message"]


@pytest.mark.parametrize("depth", [100_000, 200])
def test_deeply_nested_json_is_400_not_500(emu: Emulator, depth: int) -> None:
    """JSON nested 100k (or just 200) deep is a 400 InvalidRequestContent, not a crash."""
    body = b"[" * depth + b"]" * depth
    status, _, data = raw_request(emu, "PUT", _path(emu), body=body)
    assert status == 400
    assert data["error"]["code"] == "InvalidRequestContent"
    nested = b'{"location": "westeurope", "tags": ' + b'{"a": ' * depth + b"1" + b"}" * depth
    status, _, data = raw_request(emu, "PUT", _path(emu), body=nested + b"}")
    assert status == 400


def test_an_ordinary_group_body_is_still_accepted(emu: Emulator) -> None:
    """The limits leave real PUT bodies alone."""
    emu.put_resource_group("rg")
    status, _, data = raw_request(emu, "PUT", _path(emu), body=json.dumps(group_body()).encode())
    assert status in (200, 201) and data["name"] == "web"


def test_wrong_or_odd_tokens_are_401(emu: Emulator) -> None:
    """A wrong token, a prefix of the token and a non-ASCII token are all refused with 401."""
    for token in ("wrong", emu.token[:-1], "tök\u00e9n"):
        status, _, data = raw_request(emu, "GET", "/subscriptions?api-version=2022-12-01", token)
        assert status == 401 and data["error"]["code"] == "InvalidAuthenticationToken"


def test_token_comparison_is_constant_time_and_exact() -> None:
    """The token check uses a constant-time compare and accepts only the exact token."""
    assert same_secret("Bearer abc", "Bearer abc")
    assert not same_secret("Bearer ab", "Bearer abc")
    assert not same_secret("Bearer é", "Bearer abc")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("127.0.0.2", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_loopback_hosts_are_told_apart(host: str, loopback: bool) -> None:
    """Only loopback addresses count as private to this machine."""
    assert is_loopback(host) is loopback


def test_non_loopback_host_warns_on_stderr() -> None:
    """`acitui emulator --host 0.0.0.0` says on stderr that other machines can reach it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "acitui", "emulator", "--host", "0.0.0.0", "--seed", "empty"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith("Press Ctrl-C"):
                break
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert "warning: listening on 0.0.0.0, not loopback" in err
