"""Docker helpers for the benchmarks: the busybox image, containers, the `docker` CLI peer."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

IMAGE = "acitui-test/busybox:latest"  # the same tag tests/docker_image.py builds


def docker_api(base_url: str | None = None):  # type: ignore[no-untyped-def]
    import docker

    if base_url:
        return docker.APIClient(base_url=base_url, version="auto", timeout=60)
    return docker.APIClient(**docker.utils.kwargs_from_env(), version="auto", timeout=60)


def busybox_image(api) -> str:  # type: ignore[no-untyped-def]
    """The busybox-from-scratch image the tests use; built here when missing (never pulled)."""
    if api.images(name=IMAGE):
        return IMAGE
    with tempfile.TemporaryDirectory(prefix="acitui-bench-image-") as tmp:
        shutil.copy("/bin/busybox", Path(tmp) / "busybox")
        (Path(tmp) / "Dockerfile").write_text(
            'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", '
            '"/bin"]\nCMD ["sh"]\n'
        )
        for chunk in api.build(path=tmp, tag=IMAGE, rm=True, decode=True, network_mode="none"):
            if "error" in chunk:
                raise RuntimeError(chunk["error"])
    return IMAGE


def run_container(api, name: str, script: str, labels: dict[str, str], **host) -> str:  # type: ignore[no-untyped-def]
    """Start a busybox ``sh -c script`` container; its id."""
    created = api.create_container(
        busybox_image(api),
        ["sh", "-c", script],
        name=name,
        labels=labels,
        host_config=api.create_host_config(network_mode="none", **host),
    )
    api.start(created["Id"])
    return created["Id"]


def remove_labelled(api, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    for c in api.containers(all=True, filters={"label": f"{key}={value}"}):
        with contextlib.suppress(Exception):
            api.remove_container(c["Id"], force=True)


def wait_exited(api, cid: str, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while api.inspect_container(cid)["State"]["Status"] != "exited":
        if time.monotonic() > deadline:
            raise TimeoutError(f"container {cid[:12]} still running")
        time.sleep(0.1)


def docker_cli_lines(cid: str, host: str | None = None) -> tuple[float, int]:
    """Time ``docker logs CID`` (the CLI) reading a whole log; (seconds, lines)."""
    env = dict(os.environ)
    if host:
        env["DOCKER_HOST"] = host
    started = time.monotonic()
    proc = subprocess.Popen(["docker", "logs", cid], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    lines = 0
    while chunk := proc.stdout.read(1 << 20):
        lines += chunk.count(b"\n")
    proc.wait()
    return time.monotonic() - started, lines


def docker_write_rate(cid: str) -> float:
    """Lines per second the container wrote, from its log's own first and last timestamps."""
    from datetime import datetime

    out = subprocess.run(["docker", "logs", "-t", cid], capture_output=True).stdout.splitlines()
    if len(out) < 2:
        return 0.0

    def stamp(line: bytes) -> float:
        text = line.split(b" ", 1)[0].decode()[:26].rstrip("Z")
        return datetime.fromisoformat(text).timestamp()

    return (len(out) - 1) / max(1e-6, stamp(out[-1]) - stamp(out[0]))
