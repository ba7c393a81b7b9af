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
