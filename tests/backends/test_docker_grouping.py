"""Docker grouping on the real engine: namespace groups, Compose projects, lone containers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import docker.types
import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import (
    LABEL_COMPOSE,
    LABEL_CONTAINER,
    LABEL_GROUP,
    LABEL_RG,
    LABEL_SERVICE,
)
from acitui.errors import NotFoundError
from acitui.model import GroupRef, GroupState
from tests.backends.fleet_docker import IDLE, remove_labelled, run
from tests.docker_image import busybox_image, engine_client


@dataclass
class Kinds:
    api: Any
    rg: str
    prefix: str
    project: str


@pytest.fixture(scope="module")
def kinds() -> Iterator[Kinds]:
    api = engine_client()
    image = busybox_image()
    sid = uuid.uuid4().hex[:6]
    rg, prefix, project = f"acitui-gt-{sid}", f"acitui-gt-{sid}", f"proj{sid}"
    try:
        ns = {LABEL_RG: rg, LABEL_GROUP: "pod"}
        owner = run(api, f"{prefix}-front", IDLE, labels={**ns, LABEL_CONTAINER: "front"},
                    restart="unless-stopped", ports=[8080], port_bindings={8080: None})  # fmt: skip
        run(api, f"{prefix}-back", IDLE, labels={**ns, LABEL_CONTAINER: "back"},
            restart="unless-stopped", network_mode=f"container:{owner}")  # fmt: skip
        run(api, f"{prefix}-joiner", IDLE, network_mode=f"container:{owner}")
        compose = {LABEL_RG: rg, LABEL_COMPOSE: project}
        for service in ("web", "db"):
            run(api, f"{project}-{service}-1", IDLE, restart="on-failure",
                labels={**compose, LABEL_SERVICE: service})  # fmt: skip
        run(api, f"{prefix}-lone", IDLE, labels={LABEL_RG: rg})
        run(api, f"{prefix}-sleeper", "exec sleep 600", labels={LABEL_RG: rg})
        run(api, f"{prefix}-mounted", IDLE, labels={LABEL_RG: rg},
            binds={"/etc": {"bind": "/host-etc", "mode": "ro"}},
            mounts=[docker.types.Mount("/scratch", None, type="tmpfs")])  # fmt: skip
        api.create_container(image, ["true"], name=f"{prefix}-pending", labels={LABEL_RG: rg})
        yield Kinds(api, rg, prefix, project)
    finally:
        remove_labelled(api, LABEL_RG, rg)
        for c in api.containers(all=True, filters={"name": f"{prefix}-joiner"}):
            api.remove_container(c["Id"], force=True)
        api.close()


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend(stop_timeout=2)
    yield b
    await b.close()


def _exec(api: Any, container: str, *cmd: str) -> str:
    return api.exec_start(api.exec_create(container, list(cmd))).decode()


async def test_each_kind_is_one_group(kinds: Kinds, backend: DockerBackend):
    """A namespace group, a Compose project and a lone container are listed as three groups."""
    groups = {g.name: g for g in await backend.list_groups(kinds.rg)}
    singles = {f"{kinds.prefix}-{name}" for name in ("lone", "sleeper", "pending", "mounted")}
    assert set(groups) == {"pod", kinds.project, *singles}
    assert groups["pod"].extra["kind"] == "namespace"
    assert groups[kinds.project].extra["kind"] == "compose"
    assert groups[f"{kinds.prefix}-lone"].extra["kind"] == "single"


async def test_namespace_group_owner_first_with_shared_ip(kinds: Kinds, backend: DockerBackend):
    """The namespace owner comes first; a container joining its namespace is a member."""
    pod = await backend.get_group(GroupRef(kinds.rg, "pod"))
    assert [c.name for c in pod.containers] == ["front", "back", f"{kinds.prefix}-joiner"]
    assert pod.state is GroupState.RUNNING and pod.restart_policy == "Always"
    assert pod.ip_address is not None and pod.ip_address.ip
    assert [p.port for p in pod.ip_address.ports] == [8080]
    assert "->8080/tcp" in pod.extra["published_ports"]
    ip_in_member = _exec(kinds.api, f"{kinds.prefix}-back", "hostname", "-i")
    assert pod.ip_address.ip in ip_in_member


async def test_compose_project_is_named_by_services(kinds: Kinds, backend: DockerBackend):
    """A Compose project is one group whose containers are its services."""
    group = await backend.get_group(GroupRef(kinds.rg, kinds.project))
    assert sorted(c.name for c in group.containers) == ["db", "web"]
    assert group.restart_policy == "OnFailure"
    assert group.extra["compose_project"] == kinds.project
    lines = await backend.get_logs(group.ref, "db")
    assert lines == []


async def test_lone_container_and_never_started_one(kinds: Kinds, backend: DockerBackend):
    """A lone container is a group of one; a created, never started one is Pending."""
    lone = await backend.get_group(GroupRef(kinds.rg, f"{kinds.prefix}-lone"))
    assert [c.name for c in lone.containers] == [f"{kinds.prefix}-lone"]
    assert lone.restart_policy == "Never" and lone.state is GroupState.RUNNING
    pending = await backend.get_group(GroupRef(kinds.rg, f"{kinds.prefix}-pending"))
    assert pending.state is GroupState.PENDING
    assert pending.containers[0].current_state.detail_status == "Created"


async def test_restart_and_start_keep_members_networked(kinds: Kinds, backend: DockerBackend):
    """After restart or stop+start, a member still has the group's network (owner went first)."""
    ref = GroupRef(kinds.rg, "pod")
    await backend.restart_group(ref)
    assert "eth0" in _exec(kinds.api, f"{kinds.prefix}-back", "ls", "/sys/class/net")
    await backend.stop_group(ref)
    assert (await backend.get_group(ref)).state is GroupState.STOPPED
    await backend.start_group(ref)
    group = await backend.get_group(ref)
    assert group.state is GroupState.RUNNING and all(c.ready for c in group.containers)
    assert "eth0" in _exec(kinds.api, f"{kinds.prefix}-back", "ls", "/sys/class/net")


async def test_stopped_never_restart_group_is_stopped_not_failed(
    kinds: Kinds, backend: DockerBackend
):
    """A restart-policy Never group killed by `stop` shows Stopped, not Failed."""
    ref = GroupRef(kinds.rg, f"{kinds.prefix}-sleeper")
    await backend.stop_group(ref)
    group = await backend.get_group(ref)
    assert group.containers[0].exit_code in (137, 143)
    assert group.state is GroupState.STOPPED


async def test_unknown_resource_group_is_not_found(kinds: Kinds, backend: DockerBackend):
    """`groups -g` with a resource group nobody labelled is a clear NotFoundError."""
    with pytest.raises(NotFoundError) as caught:
        await backend.list_groups(f"{kinds.rg}-typo")
    assert "acitui.resource-group" in caught.value.hint
    names = [rg.name for rg in await backend.list_resource_groups()]
    assert kinds.rg in names and "local" in names and names == sorted(names)


async def test_volumes_and_mounts_are_described(kinds: Kinds, backend: DockerBackend):
    """A bind mount and a tmpfs show as the group's volumes, mounted where and how they are."""
    group = await backend.get_group(GroupRef(kinds.rg, f"{kinds.prefix}-mounted"))
    volumes = {v.kind: v for v in group.volumes}
    assert volumes["bind"].detail["source"] == "/etc" and "tmpfs" in volumes
    mounts = {m.mount_path: m for m in group.containers[0].volume_mounts}
    assert mounts["/host-etc"].read_only and mounts["/host-etc"].name == volumes["bind"].name
    assert not mounts["/scratch"].read_only
