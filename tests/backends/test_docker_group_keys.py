"""Docker group addresses on the real engine: no two label pairs share one RG/NAME."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_COMPOSE, LABEL_GROUP, LABEL_RG, LABEL_SERVICE
from acitui.model import GroupRef
from tests.backends.fleet_docker import IDLE, remove_labelled, run
from tests.docker_image import engine_client

MARK = "acitui.test-keys"


@pytest.fixture(scope="module")
def clashing() -> Iterator[tuple[Any, str]]:
    """Containers whose labels collide when joined with '/', or claim one name three ways."""
    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    prefix = f"acitui-keys-{sid}"
    mark = {MARK: sid}
    try:
        run(api, f"{prefix}-ab-c", IDLE, labels={**mark, LABEL_RG: f"{prefix}/b", LABEL_GROUP: "c"})
        run(api, f"{prefix}-a-bc", IDLE, labels={**mark, LABEL_RG: prefix, LABEL_GROUP: "b/c"})
        rg = f"{prefix}-rg"
        run(api, f"{prefix}-ns", IDLE, labels={**mark, LABEL_RG: rg, LABEL_GROUP: f"{prefix}-dup"})
        compose = {**mark, LABEL_RG: rg, LABEL_COMPOSE: f"{prefix}-dup", LABEL_SERVICE: "web"}
        run(api, f"{prefix}-dup-web-1", IDLE, labels=compose)
        run(api, f"{prefix}-dup", IDLE, labels={**mark, LABEL_RG: rg})
        yield api, prefix
    finally:
        remove_labelled(api, MARK, sid)
        api.close()


@pytest.fixture
async def backend() -> AsyncIterator[DockerBackend]:
    b = DockerBackend(stop_timeout=2)
    yield b
    await b.close()


async def test_slash_in_labels_gives_two_distinct_addresses(
    clashing: tuple[Any, str], backend: DockerBackend
) -> None:
    """rg "P/b" + group "c" and rg "P" + group "b/c" are two groups, each reachable by its text."""
    _, prefix = clashing
    refs = {str(g.ref) for g in await backend.list_groups()}
    first, second = f"{prefix}%2Fb/c", f"{prefix}/b%2Fc"
    assert {first, second} <= refs
    for text, container in ((first, f"{prefix}-ab-c"), (second, f"{prefix}-a-bc")):
        group = await backend.get_group(GroupRef.parse(text))
        assert [c.name for c in group.containers] == [container]


async def test_one_name_claimed_three_ways_keeps_all_three_groups(
    clashing: tuple[Any, str], backend: DockerBackend
) -> None:
    """A namespace group, a Compose project and a lone container named alike are all listed."""
    _, prefix = clashing
    groups = {g.name: g for g in await backend.list_groups(f"{prefix}-rg")}
    dup = f"{prefix}-dup"
    assert set(groups) == {dup, f"{dup}~compose", f"{dup}~container"}
    assert groups[dup].extra["kind"] == "namespace"
    assert groups[f"{dup}~compose"].extra["kind"] == "compose"
    lone = await backend.get_group(GroupRef(f"{prefix}-rg", f"{dup}~container"))
    assert [c.name for c in lone.containers] == [dup]
