"""The log screen on the real Docker engine: a busybox group followed, restarted, merged."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.model import GroupRef
from tests.backends.fleet_docker import IDLE, exec_print, remove_labelled, run
from tests.docker_image import busybox_image, engine_client
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for

pytestmark = pytest.mark.docker

HOSTILE = "evil \x1b]52;c;aGkgdGhlcmU=\x07 clear \x1b[2J done"


@pytest.fixture(scope="module")
def docker_group() -> Iterator[tuple[GroupRef, Any, str]]:
    """A Running two-container group (web + sidecar) labelled for this module only."""
    api = engine_client()
    busybox_image()
    sid = uuid.uuid4().hex[:6]
    rg = f"acitui-logs-{sid}"

    def labels(container: str) -> dict[str, str]:
        return {LABEL_RG: rg, LABEL_GROUP: "logdemo", LABEL_CONTAINER: container}

    try:
        web = run(api, f"{rg}-web", f'echo "hello from web"; printf "%s\\n" "$HOSTILE"; {IDLE}',
                  labels=labels("web"), restart="always", env={"HOSTILE": HOSTILE})  # fmt: skip
        run(api, f"{rg}-sidecar", f'echo "sidecar ready"; {IDLE}', labels=labels("sidecar"),
            restart="always", network_mode=f"container:{web}")  # fmt: skip
        yield GroupRef(rg, "logdemo"), api, web
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


async def test_follow_a_real_container_and_see_its_restart(
    docker_group: tuple[GroupRef, Any, str],
) -> None:
    """A busybox container's output follows live, hostile bytes stripped, a restart marked."""
    ref, api, web = docker_group
    backend = DockerBackend(stop_timeout=2)
    try:
        group = await backend.get_group(ref)
        app = HostApp(backend, group, "web", settings())
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: "hello from web" in app.view.lines, "first line", 20)
            await wait_for(pilot, lambda: "evil  clear  done" in screen_text(app), "clean", 10)
            await asyncio.to_thread(exec_print, api, web, ["live line from busybox"])
            await wait_for(pilot, lambda: "live line from busybox" in screen_text(app), "live", 20)
            await asyncio.to_thread(api.restart, web, timeout=2)
            await wait_for(
                pilot, lambda: "──── ⟳ container restarted" in screen_text(app), "restart", 30
            )
            assert app.is_running
            assert "● following" in screen_text(app)
    finally:
        await backend.close()


async def test_all_containers_of_a_real_group_with_prefixes(
    docker_group: tuple[GroupRef, Any, str],
) -> None:
    """`a` follows web and sidecar together, each line with its container's prefix."""
    ref, api, web = docker_group
    backend = DockerBackend(stop_timeout=2)
    try:
        group = await backend.get_group(ref)
        app = HostApp(backend, group, None, settings())
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for(pilot, lambda: len(app.view.lines) > 0, "first container", 20)
            await pilot.press("a")
            await wait_for(
                pilot, lambda: "[sidecar] sidecar ready" in app.view.lines, "sidecar", 20
            )
            assert "[web]     hello from web" in app.view.lines
            await asyncio.to_thread(exec_print, api, web, ["merged live"])
            await wait_for(pilot, lambda: "[web]     merged live" in app.view.lines, "live", 20)
    finally:
        await backend.close()
