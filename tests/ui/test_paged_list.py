"""The list arrives page by page: rows show as pages come, removals when the last is in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from textual.widgets import Static

from acitui.model import ContainerGroup, GroupState
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.memory_backend import MemoryBackend, make_group
from tests.ui.helpers import make_app, settle, until


class PagedBackend(MemoryBackend):
    """Yields the list in pages of ``size``; each page after the first waits for a go."""

    def __init__(self, groups: list[ContainerGroup], size: int) -> None:
        super().__init__(groups)
        self.size = size
        self.go: asyncio.Queue[None] = asyncio.Queue()

    async def iter_groups(
        self, resource_group: str | None = None
    ) -> AsyncIterator[list[ContainerGroup]]:
        groups = await self.list_groups(resource_group)
        for start in range(0, len(groups), self.size):
            if start:
                await self.go.get()
            yield groups[start : start + self.size]


def table(app) -> GroupsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(GroupsTable)


async def test_first_page_shows_before_the_rest_arrives() -> None:
    """Rows of the first page are on screen while later pages are still on their way."""
    backend = PagedBackend([make_group(f"svc-{i:03}") for i in range(300)], size=100)
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: table(app).row_count == 100)
        assert table(app).keys[0] == "prod/svc-000"
        backend.go.put_nowait(None)
        await until(pilot, lambda: table(app).row_count == 200)
        backend.go.put_nowait(None)
        await until(pilot, lambda: table(app).row_count == 300)
        assert table(app).keys == [f"prod/svc-{i:03}" for i in range(300)]


async def test_reload_removes_vanished_groups_only_when_the_last_page_is_in() -> None:
    """A refresh drops vanished rows only once the list is complete; the cursor stays."""
    backend = PagedBackend([make_group(f"svc-{i:03}") for i in range(200)], size=100)
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: table(app).row_count == 100)
        backend.go.put_nowait(None)
        await until(pilot, lambda: table(app).row_count == 200)
        await settle(app, pilot)
        table(app).move_cursor(row=151)
        assert table(app).selected_key == "prod/svc-151"
        for i in range(0, 200, 2):  # every even group goes away
            del backend.groups[f"prod/svc-{i:03}"]
        backend.size = 50  # the 100 left come in two pages
        await pilot.press("ctrl+r")
        await pilot.pause(0.1)
        assert table(app).row_count == 200  # the second page is not in yet
        backend.go.put_nowait(None)
        await until(pilot, lambda: table(app).row_count == 100)
        assert table(app).keys == [f"prod/svc-{i:03}" for i in range(1, 200, 2)]
        assert table(app).selected_key == "prod/svc-151"


async def test_cursor_on_a_vanished_group_stays_at_its_row() -> None:
    """When the group under the cursor disappears, the cursor stays at the same row."""
    backend = MemoryBackend([make_group(f"svc-{i:03}") for i in range(200)])
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table(app).move_cursor(row=150)
        for i in range(0, 200, 2):
            del backend.groups[f"prod/svc-{i:03}"]
        await pilot.press("ctrl+r")
        await until(pilot, lambda: table(app).row_count == 100)
        assert table(app).cursor_row == 99  # row 150 is past the end now: the last row


async def test_stopped_state_is_drawn_in_the_muted_colour() -> None:
    """Stopped groups' state cell has the theme's muted colour, not the default text colour."""
    backend = MemoryBackend([make_group("up"), make_group("down", state=GroupState.STOPPED)])
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        stopped = table(app).get_cell("prod/down", "state")
        running = table(app).get_cell("prod/up", "state")
        assert stopped.style.color is not None
        assert stopped.style.color != running.style.color


async def test_pages_faster_than_redraws_end_with_every_row_and_count_shown() -> None:
    """Pages arriving faster than the view redraws: the last one is drawn at once, counts too."""
    groups = [make_group(f"svc-{i:03}", rg=f"rg-{i % 3}") for i in range(1000)]
    backend = PagedBackend(groups, size=100)
    for _ in range(9):
        backend.go.put_nowait(None)  # every page may come at once
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.screen.model.complete)
        await pilot.pause()  # the frame after the last page: no redraw timer to wait for
        status = str(app.screen.query_one("#list-status", Static).render())
        pane = app.screen.query_one(ResourceGroupList)
        assert status.startswith("1000 of 1000 groups")
        assert [pane.get_option_at_index(i).id for i in range(pane.option_count)][1:] == [
            "rg-0",
            "rg-1",
            "rg-2",
        ]
        assert "1000" in str(pane.get_option_at_index(0).prompt)
        await pilot.press("end")
        assert table(app).selected_key == "rg-2/svc-998"
