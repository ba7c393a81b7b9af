"""Reaching the Docker engine: no engine, a cheap start-up, the daemon's errors made safe."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

import pytest

from acitui.backends import load_backend
from acitui.backends.docker import DockerSettings
from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.config import Settings
from acitui.errors import AcituiError, BackendError, ReadOnlyError, UnavailableError
from acitui.model import GroupRef
from tests.backends.fleet_docker import remove_labelled
from tests.docker_image import busybox_image, engine_client

REF = GroupRef("local", "web")


def _calls(backend: DockerBackend) -> dict[str, Callable[[], Awaitable[object]]]:
    return {
        "list_resource_groups": backend.list_resource_groups,
        "list_groups": backend.list_groups,
        "get_group": lambda: backend.get_group(REF),
        "list_events": lambda: backend.list_events(REF),
        "get_logs": lambda: backend.get_logs(REF, "web", tail=10),
        "follow_logs": lambda: anext(backend.follow_logs(REF, "web")),
        "watch": lambda: anext(backend.watch()),
        "stop_group": lambda: backend.stop_group(REF),
        "delete_group": lambda: backend.delete_group(REF),
    }


@pytest.mark.parametrize("host", ["unix:///tmp/acitui-no-engine-{}.sock", "tcp://127.0.0.1:9"])
async def test_no_engine_is_a_clear_unavailable_error(host: str):
    """Pointed at no engine, every call says 'No Docker engine at <host>' and how to fix it."""
    host = host.format(uuid.uuid4().hex[:6])
    started = time.monotonic()
    backend = load_backend("docker", Settings(docker=DockerSettings(host=host)))
    assert time.monotonic() - started < 0.5, "building the backend must not wait for an engine"
    assert await backend.describe_target() == f"docker {host}"
    for name, call in _calls(backend).items():  # type: ignore[arg-type]
        with pytest.raises(UnavailableError) as caught:
            await call()
        assert caught.value.message == f"No Docker engine at {host}", name
        assert "DOCKER_HOST" in caught.value.hint and "--demo" in caught.value.hint
    await backend.close()
    await backend.close()  # closing twice is fine


async def test_read_only_refuses_before_reaching_any_engine():
    """Read-only refusal happens in the backend itself, even with no engine at all."""
    backend = DockerBackend("unix:///tmp/acitui-no-engine.sock", read_only=True)
    for action in (backend.start_group, backend.stop_group, backend.restart_group,
                   backend.delete_group):  # fmt: skip
        with pytest.raises(ReadOnlyError):
            await action(REF)


async def test_daemon_error_is_translated_and_sanitised():
    """A group that cannot start reports the daemon's reason, with escape sequences removed."""
    api = engine_client()
    rg = f"acitui-en-{uuid.uuid4().hex[:6]}"
    labels = {LABEL_RG: rg, LABEL_GROUP: "broken", LABEL_CONTAINER: "app"}
    api.create_container(busybox_image(), ["/no-such-\x1b]52;c;aGk=\x07binary"],
                         name=f"{rg}-app", labels=labels)  # fmt: skip
    backend = DockerBackend()
    try:
        with pytest.raises(AcituiError) as caught:
            await backend.start_group(GroupRef(rg, "broken"))
        text = caught.value.one_line()
        assert "no-such-" in text and "binary" in text
        assert "\x1b" not in text and "\x07" not in text
        assert isinstance(caught.value, BackendError)
    finally:
        await backend.close()
        remove_labelled(api, LABEL_RG, rg)
        api.close()
