"""The list's rough edges a new user hit: focus keys, clicks, no engine, counts, states, columns."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from acitui.model import ContainerState, ContainerStatus, GroupState, IpAddress, Port
from acitui.ui.messages import ConnectionChanged, GroupChanged, GroupRequested
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.memory_backend import MemoryBackend, make_group, sample_groups
from tests.ui.helpers import make_app, settle, until


def table(app) -> GroupsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(GroupsTable)


def pane_counts(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    pane = app.screen.query_one(ResourceGroupList)
    labels = [str(pane.get_option_at_index(i).prompt).split() for i in range(pane.option_count)]
    return {label[0]: int(label[1]) for label in labels}


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#list-status", Static).render())


async def test_tab_moves_focus_between_the_panes() -> None:
    """Tab goes from the list to the resource groups and back (as Shift+Tab does)."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, GroupsTable)
        await pilot.press("tab")
        assert isinstance(app.focused, ResourceGroupList)
        await pilot.press("tab")
        assert isinstance(app.focused, GroupsTable)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ResourceGroupList)


async def test_clicking_a_resource_group_filters_and_focuses_it() -> None:
    """A click on a resource group narrows the list and leaves the focus on the pane."""
    app, _ = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(ResourceGroupList)
        await pilot.click(ResourceGroupList, offset=(3, 3))  # border, (all), prod, staging
        await settle(app, pilot)
        assert pane.selected == "staging"
        assert table(app).keys == ["staging/worker"]
        assert app.focused is pane
        await pilot.press("up")  # the keys now move in the pane
        await until(pilot, lambda: table(app).keys == ["prod/api", "prod/batch", "prod/web"])


async def test_no_engine_says_what_is_wrong_in_the_list_and_retries() -> None:
    """Without an engine the list says the error and what to do, then recovers on its own."""
    backend = MemoryBackend(sample_groups())
    backend.down = True
    app, _ = make_app({"memory": backend})
    app.groups_screen.retry_seconds = (0.2,)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "not answering" in status(app))
        said = " ".join(table(app).placeholder)
        assert "Unavailable" in said and "Start it" in said and "Retrying" in said
        assert "Loading" not in status(app)
        backend.down = False
        await until(pilot, lambda: table(app).row_count == 4)
        assert status(app).startswith("4 of 4 groups")


async def test_counts_follow_a_deleted_group() -> None:
    """After a delete the resource group's count drops without a manual refresh."""
    backend = MemoryBackend(sample_groups())
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert pane_counts(app)["prod"] == 3
        del backend.groups["prod/api"]
        app.groups_screen.post_message(GroupChanged(make_group("api").ref, deleted=True))
        await until(pilot, lambda: pane_counts(app)["prod"] == 2)
        assert "prod/api" not in table(app).keys
        del backend.groups["prod/batch"]  # a watch notice for a group that is gone
        app.groups_screen.group_changed(make_group("batch").ref)
        await until(pilot, lambda: pane_counts(app)["prod"] == 1)
        assert pane_counts(app)["(all)"] == 2


async def test_restart_back_off_is_shown_as_crash_loop() -> None:
    """A running group whose container waits in back-off says CrashLoop, in the error colour."""
    looping = make_group("looping")
    waiting = ContainerState(ContainerStatus.WAITING, "CrashLoopBackOff: Back-off restarting")
    looping = replace(looping, containers=(replace(looping.containers[0], current_state=waiting),))
    pulling = make_group("pulling")
    state = ContainerState(ContainerStatus.WAITING, "Pulling")
    pulling = replace(pulling, containers=(replace(pulling.containers[0], current_state=state),))
    app, _ = make_app({"memory": MemoryBackend([looping, pulling, make_group("fine")])})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert table(app).get_cell("prod/looping", "state").plain == "CrashLoop"
        assert table(app).get_cell("prod/pulling", "state").plain == "Waiting"
        assert table(app).get_cell("prod/fine", "state").plain == "Running"
        crash = table(app).get_cell("prod/looping", "state").style.color
        assert crash != table(app).get_cell("prod/fine", "state").style.color


async def test_home_and_end_move_the_cursor_not_the_columns() -> None:
    """End goes to the last group and Home to the first; the Name column stays in view."""
    backend = MemoryBackend([make_group(f"svc-{i:03}") for i in range(120)])
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("end")
        assert table(app).selected_key == "prod/svc-119"
        assert table(app).scroll_x == 0 and table(app).scroll_y > 0
        await pilot.press("home")
        assert table(app).selected_key == "prod/svc-000"
        assert table(app).scroll_y == 0


async def test_columns_fit_the_width_by_priority() -> None:
    """Narrow: name, state, ready and restarts stay; wide: the whole FQDN shows, no scrollbar."""
    fqdn = "contoso-storefront-with-a-long-label.westeurope.azurecontainer.io"
    group = make_group("storefront")
    group = replace(group, ip_address=IpAddress("20.1.2.3", "Public", (Port(80),), fqdn=fqdn))
    app, _ = make_app({"memory": MemoryBackend([group])})
    async with app.run_test(size=(250, 36)) as pilot:
        await settle(app, pilot)
        wide = {c.key: width for c, width in table(app).columns()}
        assert wide["address"] >= len(fqdn)
        assert {"os", "policy", "location"} <= set(wide)
        assert not table(app).show_horizontal_scrollbar
        await pilot.resize_terminal(60, 30)
        await settle(app, pilot)
        narrow = [c.key for c, _width in table(app).columns()]
        assert narrow[:4] == ["name", "state", "ready", "restarts"]
        assert not {"os", "policy", "location"} & set(narrow)


async def test_a_port_protocol_is_shown_escaped() -> None:
    """A protocol with an escape sequence reaches the Ports cell escaped, never raw."""
    group = make_group("odd")
    hostile = (Port(80), Port(53, "udp\x1b]52;c;aGk=\x07"))
    group = replace(group, ip_address=IpAddress("10.0.0.9", "Public", hostile))
    app, _ = make_app({"memory": MemoryBackend([group])})
    async with app.run_test(size=(200, 36)) as pilot:
        await settle(app, pilot)
        shown = table(app).get_cell("prod/odd", "ports").plain
        assert "\x1b" not in shown and "\x07" not in shown
        assert shown.startswith("80,53/udp")


async def test_the_screen_talks_to_the_app_by_message() -> None:
    """A listed backend posts ConnectionChanged(None); Enter posts GroupRequested(open)."""
    app, _ = make_app()
    seen: list[tuple[str, str]] = []
    async with app.run_test(size=(120, 36), message_hook=_record(seen)) as pilot:
        await settle(app, pilot)
        assert ("connection", "ok") in seen
        table(app).select_key("prod/web")
        await pilot.press("enter")
        await pilot.pause()
        assert ("prod/web", "open") in seen


def _record(seen: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    def hook(message: object) -> None:
        if isinstance(message, GroupRequested):
            seen.append((message.group.key, message.verb))
        elif isinstance(message, ConnectionChanged):
            seen.append(("connection", "ok" if message.error is None else "failed"))

    return hook


async def test_resource_group_state_survives_a_refresh() -> None:
    """A state changed on the engine shows after ctrl+r; the pane keeps its choice."""
    backend = MemoryBackend(sample_groups())
    app, _ = make_app({"memory": backend})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.screen.query_one(ResourceGroupList).focus()
        await pilot.press("down")
        await until(pilot, lambda: len(table(app).keys) == 3)
        backend.set_state("prod/web", GroupState.STOPPED)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert len(table(app).keys) == 3
        assert table(app).get_cell("prod/web", "state").plain == "Stopped"
