"""The main list: rows, filter, lazy details, refresh that keeps the cursor."""

from __future__ import annotations

from dataclasses import replace

from acitui.model import GroupState
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.memory_backend import MemoryBackend, make_group, sample_groups
from tests.ui.helpers import make_app, settle, until


def table(app) -> GroupsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(GroupsTable)


def cell(app, key: str, column: str) -> str:  # type: ignore[no-untyped-def]
    return table(app).get_cell(key, column).plain


async def test_list_shows_every_group_with_its_facts() -> None:
    """The table lists each group with state, ready count, restarts, address, ports and age."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert table(app).keys == ["prod/api", "prod/batch", "prod/web", "staging/worker"]
        assert cell(app, "prod/web", "ready") == "2/2"
        assert cell(app, "prod/batch", "state") == "Failed"
        assert cell(app, "prod/batch", "restarts") == "2"
        assert cell(app, "prod/web", "ports") == "80"
        assert cell(app, "prod/web", "age") == "1h"
        assert app.status.connection == "connected"
        assert "memory://test" in app.status.target


async def test_resource_group_pane_counts_and_filters() -> None:
    """The left pane counts groups per resource group and picking one narrows the table."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(ResourceGroupList)
        labels = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        assert labels[0].split() == ["(all)", "4"]
        assert labels[1].split() == ["prod", "3"]
        pane.focus()
        await pilot.press("down", "down")
        await settle(app, pilot)
        assert table(app).keys == ["staging/worker"]


async def test_filter_is_fuzzy_over_name_state_and_image() -> None:
    """Typing after / keeps only matching groups; esc brings them all back."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"fald")
        await until(pilot, lambda: table(app).keys == ["prod/batch"])
        await pilot.press("ctrl+a", "ctrl+k", *"ghcr")
        await until(pilot, lambda: table(app).keys == ["prod/api"])
        await pilot.press("enter", "escape")
        await until(pilot, lambda: len(table(app).keys) == 4)


async def test_filter_over_5000_groups_narrows_and_widens() -> None:
    """Filtering 5,000 groups finds the one asked for; esc brings all 5,000 back.

    How fast a keystroke repaints is measured in bench/scale.py, not asserted here.
    """
    fleet = [make_group(f"svc-{i:04d}", rg=f"rg{i % 7}") for i in range(5000)]
    app, _ = make_app({"memory": MemoryBackend(fleet)})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: table(app).row_count == 5000, timeout=30)
        await pilot.press("slash", *"4999")
        await until(pilot, lambda: table(app).keys == ["rg1/svc-4999"])
        await pilot.press("escape")
        await until(pilot, lambda: table(app).row_count == 5000)
        assert table(app).selected_key == "rg1/svc-4999"  # the cursor stays on its group


async def test_refresh_keeps_cursor_on_the_same_group() -> None:
    """A refresh that adds a group above the cursor keeps the cursor on the group it was on."""
    backend = MemoryBackend(sample_groups())
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table(app).move_cursor(row=2)
        assert table(app).selected_key == "prod/web"
        backend.groups["prod/aaa"] = make_group("aaa")
        backend.set_state("prod/web", GroupState.STOPPED)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert table(app).keys[0] == "prod/aaa"
        assert table(app).selected_key == "prod/web"
        assert cell(app, "prod/web", "state") == "Stopped"


async def test_refresh_keeps_cursor_and_scroll_where_the_user_left_them() -> None:
    """A refresh that changes a group's state updates its cell; cursor and scroll stay."""
    backend = MemoryBackend([make_group(f"svc-{i:03}") for i in range(200)])
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table(app).focus()
        await pilot.press("pagedown", "pagedown", "down")
        key, row, top = table(app).selected_key, table(app).cursor_row, table(app).scroll_y
        assert top > 0 and key is not None
        backend.set_state(key, GroupState.FAILED)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert (table(app).selected_key, table(app).cursor_row) == (key, row)
        assert table(app).scroll_y == top
        assert cell(app, key, "state") == "Failed"


async def test_undetailed_list_loads_details_for_visible_rows() -> None:
    """When the list carries no live state, visible rows get it from get_group."""
    backend = MemoryBackend(sample_groups(), detailed_list=False)
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: cell(app, "prod/web", "ready") == "2/2")
        fetched = {c.split()[1] for c in backend.calls if c.startswith("get_group")}
        assert fetched == {"prod/api", "prod/batch", "prod/web", "staging/worker"}


async def test_watch_notice_updates_one_row() -> None:
    """A backend that pushes change notices gets its changed group re-read without polling."""
    backend = MemoryBackend(sample_groups(), watch=True)
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await until(pilot, lambda: table(app).row_count == 4)
        backend.groups["prod/api"] = replace(backend.groups["prod/api"], state=GroupState.STOPPED)
        backend.notices.put_nowait(backend.groups["prod/api"].ref)
        await until(pilot, lambda: cell(app, "prod/api", "state") == "Stopped")
