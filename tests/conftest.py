"""Shared test fixtures: real parts only (a Docker engine, the ARM emulator)."""

from __future__ import annotations

import os

import pytest


def require(condition: bool, why: str) -> None:
    """Skip when a real part is missing — but fail under CI, where nothing may skip."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI is set: the Docker and Azure suites must run)")
    pytest.skip(why)


#: Names a test module imports when it talks to the real Docker engine.
DOCKER_NAMES = frozenset({"engine_client", "busybox_image", "docker_fleet"})


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the config file and user theme dir at an empty tmp dir: never the developer's."""
    home = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("ACITUI_CONFIG", str(home / "acitui" / "config.toml"))
    return home


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the Docker engine `docker` (by its module's imports or id)."""
    for item in items:
        module = getattr(item, "module", None)
        names = set(vars(module)) if module is not None else set()
        if names & DOCKER_NAMES or "[docker" in item.nodeid:
            item.add_marker(pytest.mark.docker)
