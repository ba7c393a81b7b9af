"""The TUI in a real terminal, --read-only, walked over the hostile fleet on a Docker engine.

Same walk and assertions as the ARM one (tests/hostile/test_pty.py): labels, Compose names,
env, args, port protocols, health output and log lines (a 10,000-digit SGR and a 1 MB line
among them) send no clipboard write, title change, DCS/APC, clear screen or cursor query
beyond what a clean fleet's walk shows, and the app keeps running.
"""

from __future__ import annotations

import pytest

from tests.docker_image import busybox_image, engine_client
from tests.hostile.conftest import docker_env
from tests.hostile.terminal import WALK, assert_no_escape_from_the_data, walk
from tests.hostile_fleet import CLEAN_RG, docker_fleet
from tests.private_engine import PrivateEngine

pytestmark = pytest.mark.docker

#: Then the second row (the Compose project's group; the clean fleet has one row, so its walk
#: stays on the same group): describe and logs.
STEPS = [
    *WALK,
    ("down", ""),
    ("d", "Resource group:"),
    ("escape", ""),
    ("l", "svc |world"),
    ("escape", ""),
]


def test_read_only_tui_over_hostile_docker_fleet_sends_no_escape_from_the_data(
    hostile_engine: PrivateEngine,
) -> None:
    """Opening every view of a hostile Docker group never sets the title, writes the clipboard
    or clears the screen, and the app keeps running."""
    env = docker_env(hostile_engine)
    image = busybox_image(hostile_engine.host)
    api = engine_client(hostile_engine.host)
    try:
        with docker_fleet(api, image, clean=True):
            clean = walk(env, CLEAN_RG, STEPS)
        with docker_fleet(api, image):
            hostile = walk(env, "hostile-rg", STEPS)
    finally:
        api.close()
    assert_no_escape_from_the_data(clean, hostile)


#: Not read-only: each confirm dialog opens (with the group's name in it) and is cancelled.
CONFIRMS = [
    ("", "{rg}"),
    ("X", r"Yes \(y\)"),
    ("n", ""),
    ("R", r"Yes \(y\)"),
    ("escape", ""),
    ("ctrl+d", "Type the group"),
    ("escape", ""),
]


def test_confirm_dialogs_over_hostile_docker_fleet_send_no_escape_from_the_data(
    hostile_engine: PrivateEngine,
) -> None:
    """Stop, restart and delete confirms name a hostile group without running its escapes;
    cancelled, they leave every container running."""
    env = docker_env(hostile_engine)
    image = busybox_image(hostile_engine.host)
    api = engine_client(hostile_engine.host)
    try:
        with docker_fleet(api, image, clean=True):
            clean = walk(env, CLEAN_RG, CONFIRMS, read_only=False)
        with docker_fleet(api, image) as fleet:
            hostile = walk(env, "hostile-rg", CONFIRMS, read_only=False)
            states = {api.inspect_container(cid)["State"]["Status"] for cid in fleet.ids}
    finally:
        api.close()
    assert_no_escape_from_the_data(clean, hostile)
    assert states == {"running"}, "a cancelled confirm changed a container"
