"""A private Docker engine for the hostile fleet: the TUI lists only what the test made.

The shared engine holds other sessions' groups, so a walk over "the first row" would not be
ours; a private dockerd (own root, socket and bridge, see tests/private_engine.py) is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import require
from tests.docker_image import busybox_image, engine_client
from tests.private_engine import DOCKERD, PrivateEngine, private_engine


@pytest.fixture(scope="session")
def hostile_engine() -> Iterator[PrivateEngine]:
    """A started private engine with the busybox test image built on it."""
    require(os.geteuid() == 0, "a private dockerd needs root")
    require(os.access(DOCKERD, os.X_OK), f"{DOCKERD} is missing (apt-get install docker.io)")
    engine_client().close()  # the shared engine must answer too (or skip/fail like the rest)
    with private_engine(prefix="acitui-hf") as engine:
        busybox_image(engine.host)
        yield engine


def docker_env(engine: PrivateEngine) -> dict[str, str]:
    """Environment that points ``acitui`` (in-process or a subprocess) at ``engine``."""
    return {
        "ACITUI_BACKEND": "docker",
        "DOCKER_HOST": engine.host,
        "ACITUI_CONFIG": "/nonexistent/acitui-test-config.toml",
    }
