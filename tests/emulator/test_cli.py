"""`acitui emulator`: what it prints, a port already in use, and a clean Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.emulator.conftest import sdk_client

pytestmark = pytest.mark.azure


def _run(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "acitui.emulator.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )


@pytest.fixture
def served() -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    proc = _run("--seed", "demo", "--groups", "30", "--resource-groups", "3")
    info: dict[str, str] = {}
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            if line.startswith("Press Ctrl-C"):
                break
            for key in ("subscription", "token", "CA file"):
                if line.strip().startswith(key + ":"):
                    info[key] = line.split(":", 1)[1].strip()
            found = re.search(r"listening on (https://\S+)", line)
            if found:
                info["endpoint"] = found.group(1)
            if "acitui --backend azure" in line:
                info["usage"] = line.strip()
        yield proc, info
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # a clean stop removes the CA directory
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


async def test_printed_values_let_the_sdk_in(served) -> None:
    """The endpoint, token and CA file printed are enough for the Azure SDK to list the fleet."""
    _, info = served
    client = sdk_client(info["endpoint"], info["token"], info["subscription"], info["CA file"])
    async with client:
        names = [g.name async for g in client.container_groups.list()]
    assert len(names) == 44  # 8 classic demo groups, 6 newer (3 NGroup members) + 30 generated
    usage = info["usage"]
    assert f"ACITUI_AZURE_TOKEN={info['token']}" in usage
    assert f"REQUESTS_CA_BUNDLE={info['CA file']}" in usage
    assert f"--arm-endpoint {info['endpoint']}" in usage
    assert f"--subscription {info['subscription']}" in usage


def test_ctrl_c_stops_cleanly(served) -> None:
    """Ctrl-C stops the emulator with exit 0, no traceback, and removes its CA file."""
    proc, info = served
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert not os.path.exists(info["CA file"])


def test_port_in_use_is_one_clear_line() -> None:
    """A port already taken gives one line on stderr naming it, exit 2, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _run("--port", str(port), "--seed", "empty")
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert out == ""
    assert err.strip().count("\n") == 0
    assert f"Port {port}" in err and "already in use" in err
    assert "Traceback" not in err


def test_negative_numbers_are_refused() -> None:
    """--groups -1 is a usage error with exit 2, not a crash."""
    proc = _run("--groups", "-1")
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert "--groups must not be negative" in err


def test_api_version_option_limits_what_is_served() -> None:
    """--api-version 2023-05-01 serves only that version and says so; a bad one is refused."""
    proc = _run("--seed", "empty", "--api-version", "2023-05-01")
    try:
        lines = []
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        assert any(line.strip() == "api-versions: 2023-05-01" for line in lines), lines
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
    bad = _run("--api-version", "2024-01-01")
    _, err = bad.communicate(timeout=20)
    assert bad.returncode == 2 and "invalid choice" in err and "Traceback" not in err
