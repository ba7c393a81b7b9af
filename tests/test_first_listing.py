"""The TUI's first listing read on a thread at start: the same, fresh groups; errors as usual."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent import futures
from dataclasses import replace

import pytest

import acitui.first_listing as first_listing
from acitui.backends import load_backend
from acitui.config import Settings
from acitui.errors import AcituiError
from acitui.first_listing import FirstListing
from acitui.model import ContainerGroup
from tests.docker_image import busybox_image, engine_client

pytestmark = pytest.mark.docker


class Groups:
    """Container groups of one fresh resource group on the real engine."""

    def __init__(self) -> None:
        self.client = engine_client()
        self.image = busybox_image()
        self.rg = f"acitui-fl-{uuid.uuid4().hex[:6]}"
        self.ids: list[str] = []

    def add(self, name: str) -> None:
        labels = {"acitui.resource-group": self.rg, "acitui.group": name}
        found = self.client.create_container(
            self.image, "sleep 3600", labels=labels, name=f"{self.rg}-{name}"
        )
        self.ids.append(found["Id"])

    def close(self) -> None:
        for cid in self.ids:
            self.client.remove_container(cid, force=True)
        self.client.close()


@pytest.fixture
def groups() -> Iterator[Groups]:
    made = Groups()
    made.add("first")
    yield made
    made.close()


def ours(listed: list[ContainerGroup], rg: str) -> set[str]:
    return {g.name for g in listed if g.resource_group == rg}


async def served(listing: FirstListing) -> tuple[list[str], list[ContainerGroup]]:
    """What the app's first load sees: the resource groups, then the groups."""
    backend = listing.take("docker")
    assert backend is not None
    rgs = [rg.name for rg in await backend.list_resource_groups()]
    return rgs, [g async for page in backend.iter_groups() for g in page]


async def test_first_listing_is_the_engines_listing(groups: Groups) -> None:
    """The rows read at start are the groups and folders the engine lists."""
    listing = FirstListing("docker", Settings(backend="docker")).start()
    rgs, listed = await served(listing)
    assert groups.rg in rgs
    assert ours(listed, groups.rg) == {"first"}
    fresh = await load_backend("docker", Settings(backend="docker")).list_groups(groups.rg)
    assert [g.name for g in fresh] == ["first"]


async def test_only_the_first_listing_is_served(groups: Groups) -> None:
    """A reload after the first listing asks the engine again: a new group shows."""
    listing = FirstListing("docker", Settings(backend="docker")).start()
    backend = listing.take("docker")
    assert backend is not None
    await backend.list_resource_groups()
    assert ours([g async for p in backend.iter_groups() for g in p], groups.rg) == {"first"}
    groups.add("second")
    again = [g async for p in backend.iter_groups() for g in p]
    assert ours(again, groups.rg) == {"first", "second"}


async def test_an_old_first_listing_is_read_again(
    groups: Groups, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start-up listing older than MAX_AGE is not shown: the engine is asked anew."""
    monkeypatch.setattr(first_listing, "MAX_AGE", -1.0)  # every listing counts as too old
    listing = FirstListing("docker", Settings(backend="docker")).start()
    listing.listing.result(timeout=30)
    groups.add("later")
    _, listed = await served(listing)
    assert ours(listed, groups.rg) == {"first", "later"}


async def test_unreachable_engine_fails_as_the_backend_does() -> None:
    """An engine that is not there: the first listing raises the backend's own error."""
    settings = Settings(backend="docker")
    docker = replace(settings.docker, host="unix:///nonexistent/acitui.sock", request_timeout=2)
    settings = replace(settings, sections={**settings.sections, "docker": docker})
    listing = FirstListing("docker", settings).start()
    backend = listing.take("docker")
    assert backend is not None
    with pytest.raises(AcituiError) as served_error:
        await backend.list_resource_groups()
    with pytest.raises(AcituiError) as own_error:
        await load_backend("docker", settings).list_resource_groups()
    assert type(served_error.value) is type(own_error.value)
    assert served_error.value.one_line() == own_error.value.one_line()


def test_other_backends_and_names_are_built_by_the_app() -> None:
    """Only backends listing off the event loop are listed early; others build as before."""
    unknown = FirstListing("nosuch", Settings()).start()
    assert unknown.take("nosuch") is None
    assert unknown.listing.cancelled()
    listing = FirstListing("docker", Settings(backend="docker")).start()
    assert listing.take("azure") is None  # another backend than the one started
    futures.wait([listing.listing], timeout=30)  # no thread outlives the test


async def test_tui_lists_with_the_backend_built_at_start(groups: Groups) -> None:
    """The TUI started from the CLI shows the groups on the backend the thread built."""
    from acitui.config import UiSettings
    from acitui.ui.app import build_app
    from tests.ui.helpers import settle

    settings = Settings(backend="docker", ui=UiSettings(refresh_seconds=3600))
    listing = FirstListing("docker", settings).start()
    assert listing.built.wait(30)
    early = listing.backend
    app = build_app(settings, first=listing)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert app.groups_screen.model.group(f"{groups.rg}/first") is not None
        assert early is not None and app.backend is early
        assert app.backend is not None and listing.backend is None  # taken once
