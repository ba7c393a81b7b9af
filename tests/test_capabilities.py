"""Capabilities are honoured in the faces: what a backend lacks is said, not shown empty."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import acitui


def test_subscriptions_on_docker_says_there_are_none(tmp_path: Path) -> None:
    """`acitui subscriptions` on Docker says the backend has none (no bare header), exit 0."""
    env = {"DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock"}
    proc = acitui("--backend", "docker", "subscriptions", env=env, home=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert "docker backend has no subscriptions" in proc.stderr
    as_json = acitui("--backend", "docker", "subscriptions", "--json", env=env, home=tmp_path)
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == []
