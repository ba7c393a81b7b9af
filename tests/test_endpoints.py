"""Hostile endpoints: `acitui groups` as a user runs it, against real sockets on loopback.

Each answer an endpoint must not be trusted to give — silence after TLS, a body
without end, an HTML page, an empty 200, JSON of the wrong shape — ends in one
clear line on stderr and a non-zero exit, within the configured bound, with
the process's peak memory far below what the body would take.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from acitui.backends.azure import AzureSettings
from acitui.backends.azure.clients import ArmClients
from acitui.backends.docker.backend import DockerBackend
from acitui.config import Settings
from tests.child_peak import MeasuredChild
from tests.hostile_endpoint import HostileEndpoint

SUBSCRIPTION = "00000000-0000-0000-0000-000000000001"
TIMEOUT = 3  # seconds, written to the config file each run uses
BOUND = 25  # seconds a run may take at most (the timeout, retries, start-up)
GROUP_ID = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg/providers/x/a"


class Run:
    """A finished child process: exit code, output and its own peak RSS (MB)."""

    def __init__(self, code: int, out: str, err: str, peak_mb: float) -> None:
        self.code, self.out, self.err, self.peak_mb = code, out, err, peak_mb

    def one_line(self) -> str:
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, self.err
        assert "Traceback" not in self.err and "unexpected error" not in self.err
        return lines[0]


def run_acitui(args: list[str], env: dict[str, str], bound: float = BOUND) -> Run:
    """Run ``acitui ARGS``; fail if it outlives ``bound``; measure this child's own peak RSS."""
    child = MeasuredChild(
        [sys.executable, "-m", "acitui", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )
    killed = threading.Event()
    timer = threading.Timer(bound, lambda: (killed.set(), child.kill()))
    timer.start()
    try:
        out, err = child.proc.communicate()
    finally:
        timer.cancel()
    assert not killed.is_set(), f"acitui {' '.join(args)} was still running after {bound} s"
    return Run(child.proc.returncode, out.decode(), err.decode(), child.peak_mb())


def azure_run(endpoint: HostileEndpoint, tmp_path: Path, *command: str) -> Run:
    config = tmp_path / "config.toml"
    config.write_text(f"[azure]\nrequest_timeout = {TIMEOUT}\n")
    env = {
        "ACITUI_AZURE_TOKEN": "hostile-test-token",
        "REQUESTS_CA_BUNDLE": endpoint.ca_file,
        "ACITUI_CONFIG": str(config),
        "HOME": str(tmp_path),
    }
    args = ["--backend", "azure", "--arm-endpoint", endpoint.url, "--subscription", SUBSCRIPTION]
    return run_acitui([*args, *(command or ("groups",))], env)


def test_silent_tls_endpoint_ends_with_no_answer_within_the_bound(tmp_path: Path) -> None:
    """An ARM endpoint that completes TLS and never answers: "no answer … after 3 s", exit 4."""
    with HostileEndpoint("silent", tmp_path) as endpoint:
        run = azure_run(endpoint, tmp_path)
    line = run.one_line()
    assert f"No answer from {endpoint.url} after {TIMEOUT} s" in line
    assert run.code == 4


@pytest.mark.parametrize("ballast_mb", [0, 400])
def test_endless_body_is_refused_at_the_cap_with_memory_bounded(
    tmp_path: Path, ballast_mb: int
) -> None:
    """A list page that never ends is refused at 32 MB; acitui stays under 300 MB.

    Also when the test process is big (as after ~740 other tests): 400 MB held here
    must not show up as the child's peak (see tests/child_peak.py).
    """
    ballast = bytearray(b"\x01") * (ballast_mb * 1024 * 1024)  # resident, not just reserved
    with HostileEndpoint("endless", tmp_path) as endpoint:
        run = azure_run(endpoint, tmp_path)
    del ballast
    assert "sent more than 32 MB" in run.one_line()
    assert run.code != 0
    assert 32 < run.peak_mb < 300  # it did read up to the cap, and no further


@pytest.mark.parametrize(
    ("mode", "says"),
    [("html", "text/html (an HTML page), not JSON"), ("empty", "an empty answer")],
)
def test_html_or_empty_answer_is_one_clear_line(tmp_path: Path, mode: str, says: str) -> None:
    """A proxy's HTML page or an empty 200 is named as such, not a DeserializationError."""
    with HostileEndpoint(mode, tmp_path) as endpoint:
        run = azure_run(endpoint, tmp_path)
    line = run.one_line()
    assert f"Unexpected answer from {endpoint.url}" in line and says in line
    assert run.code != 0


LOTS = {"name": "c", "properties": {"resources": {"requests": {"memoryInGB": "lots"}}}}
WRONG_SHAPES: list[Any] = [
    [1, 2],
    {"value": {}},
    {"value": "abc"},
    {"value": [1, "x", None]},
    {"value": [{}]},
    {"value": [{"name": "a", "id": GROUP_ID, "properties": []}]},
    {"value": [{"name": "a", "id": GROUP_ID, "properties": {"containers": "x"}}]},
    {"value": [{"name": "a", "id": GROUP_ID, "properties": {"containers": [LOTS]}}]},
    {"value": [{"name": "a", "id": "no-resource-group"}]},
]


@pytest.mark.parametrize("body", WRONG_SHAPES, ids=[str(i) for i in range(len(WRONG_SHAPES))])
def test_wrong_json_shapes_are_one_clear_line(tmp_path: Path, body: Any) -> None:
    """A list where an object belongs, a missing name, `value` not a list: one clear line."""
    with HostileEndpoint("json", tmp_path, body) as endpoint:
        run = azure_run(endpoint, tmp_path, "groups", "--no-detail")
    assert f"Unexpected answer from {endpoint.url}" in run.one_line()
    assert run.code != 0


@pytest.mark.parametrize("body", [{}, {"properties": {}}, []])
def test_show_of_an_empty_object_is_an_error_not_a_blank_group(tmp_path: Path, body: Any) -> None:
    """`show` on `{}` exits non-zero naming the endpoint, instead of printing a blank group."""
    with HostileEndpoint("json", tmp_path, body) as endpoint:
        run = azure_run(endpoint, tmp_path, "show", "rg/web")
    assert f"Unexpected answer from {endpoint.url}" in run.one_line()
    assert run.code != 0 and not run.out


def test_waits_are_bounded_by_30_seconds_by_default() -> None:
    """Without configuration an ARM or Docker call gives up after at most 30 s."""
    assert 0 < Settings().azure.request_timeout <= 30
    assert 0 < Settings().docker.request_timeout <= 30
    clients = ArmClients(AzureSettings(subscription=SUBSCRIPTION), lambda: print)
    assert 0 < clients.request_timeout <= 30
    assert 0 < DockerBackend.from_settings(Settings()).request_timeout <= 30


def test_silent_docker_engine_ends_with_no_answer_within_the_bound(tmp_path: Path) -> None:
    """A unix socket that accepts and stays silent: "no answer from the Docker engine", exit 4."""
    path = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    config = tmp_path / "config.toml"
    config.write_text(f"[docker]\nrequest_timeout = {TIMEOUT}\n")
    try:
        run = run_acitui(
            ["groups"], {"DOCKER_HOST": f"unix://{path}", "ACITUI_CONFIG": str(config)}
        )
    finally:
        stop.set()
        server.close()
        for conn in held:
            conn.close()
    assert f"No answer from the Docker engine at unix://{path} after {TIMEOUT} s" in run.one_line()
    assert run.code == 4
