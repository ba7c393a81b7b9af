"""A failing health check whose output is hostile, read back as an event on a real engine.

While the daemon's event ring holds the ``health_status`` event, the event says "Health check
failed"; once the ring has lost it (a daemon restart empties it; live-restore keeps the
container running), the backend reads the message from the container's health log — text the
container wrote. That path must print it as plain text too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from acitui.cli import main
from tests.conftest import require
from tests.docker_image import busybox_image, engine_client
from tests.hostile.conftest import docker_env
from tests.hostile_fleet import FORBIDDEN, DockerFleet, docker_fleet
from tests.private_engine import DOCKERD, PrivateEngine, private_engine

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def restarted() -> Iterator[tuple[PrivateEngine, DockerFleet]]:
    """The hostile fleet, unhealthy, on a private engine restarted (live-restore) since."""
    require(os.geteuid() == 0, "a private dockerd needs root")
    require(os.access(DOCKERD, os.X_OK), f"{DOCKERD} is missing (apt-get install docker.io)")
    with private_engine(live_restore=True, prefix="acitui-hh") as engine:
        image = busybox_image(engine.host)
        api = engine_client(engine.host)
        try:
            with docker_fleet(api, image) as fleet:
                api.close()
                engine.restart(live_restore=True)
                api = engine_client(engine.host)
                yield engine, fleet
        finally:
            api.close()


@pytest.mark.parametrize("json_flag", [False, True], ids=["plain", "json"])
def test_health_log_output_is_shown_as_plain_text(
    restarted: tuple[PrivateEngine, DockerFleet], json_flag: bool, monkeypatch, capfdbinary
) -> None:
    """events: the health check's own output is the Unhealthy message, its escapes removed."""
    engine, fleet = restarted
    for key, value in docker_env(engine).items():
        monkeypatch.setenv(key, value)
    code = main(["events", *(["--json"] if json_flag else []), fleet.ref])
    out, err = capfdbinary.readouterr()
    text = out.decode("utf-8") + err.decode("utf-8")
    assert code == 0, text
    assert not FORBIDDEN.search(text), FORBIDDEN.findall(text)[:10]
    if json_flag:
        messages = [e["message"] for e in json.loads(out) if e["name"] == "Unhealthy"]
    else:
        messages = [line for line in text.splitlines() if "Unhealthy" in line]
    assert messages, text
    assert "unhealthy bad[nope][@click=app.quit]" in messages[0]
    assert "PWNED" not in messages[0]  # the OSC payloads went with their sequences
