"""The Docker list over the engine's socket (no docker-py) shows what docker-py's path shows."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_GROUP, LABEL_RG
from acitui.errors import UnavailableError
from acitui.render_group import group_summary_json
from tests.backends.fleet_docker import IDLE, remove_labelled, run
from tests.docker_image import engine_client

CHECK = """
import sys
from acitui.cli import main
code = main(["groups", "-g", sys.argv[1]])
print("LOADED=" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] in
      ("docker", "requests", "urllib3"))))
"""


@pytest.fixture(scope="module")
def folder() -> Iterator[str]:
    api = engine_client()
    rg = f"acitui-sock-{uuid.uuid4().hex[:6]}"
    try:
        owner = run(api, f"{rg}-web", IDLE, labels={LABEL_RG: rg, LABEL_GROUP: "web"})
        run(
            api,
            f"{rg}-side",
            IDLE,
            labels={LABEL_RG: rg, LABEL_GROUP: "web"},
            network_mode=f"container:{owner}",
        )
        run(api, f"{rg}-job", "exit 3", labels={LABEL_RG: rg, LABEL_GROUP: "job"})
        yield rg
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


def rows(groups: list[Any]) -> list[dict[str, Any]]:
    return sorted((group_summary_json(g) for g in groups), key=lambda r: r["name"])


async def test_socket_list_matches_the_docker_py_list(folder: str) -> None:
    """Same groups, states, ready counts and addresses whichever path lists them."""
    backend = DockerBackend()
    try:
        fast = await backend.list_groups(folder)
        slow = await backend._call(backend._list_sync, folder)
        assert [r["name"] for r in rows(fast)] == ["job", "web"]
        assert rows(fast) == rows(slow)
        assert backend._api is not None  # the comparison really went through docker-py
    finally:
        await backend.close()


def test_headless_groups_on_docker_loads_no_docker_py(folder: str) -> None:
    """`acitui groups` lists the engine's groups without importing docker-py or requests."""
    proc = subprocess.run(
        [sys.executable, "-c", CHECK, folder],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ACITUI_CONFIG": "/nonexistent"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "web" in proc.stdout and "job" in proc.stdout
    assert "LOADED=\n" in proc.stdout + "\n"


async def test_a_missing_socket_still_says_no_engine(tmp_path: Any) -> None:
    """No socket file: the usual "No Docker engine at …" error, from the docker-py path."""
    backend = DockerBackend(f"unix://{tmp_path}/missing.sock")
    try:
        with pytest.raises(UnavailableError, match="No Docker engine at"):
            await backend.list_groups()
    finally:
        await backend.close()
