"""Snapshots of the main screens on the demo fleet with a frozen clock."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from acitui.ui.app import AcituiApp
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.demo import demo_app
from tests.ui.helpers import settle, until

pytestmark = pytest.mark.azure
SIZE = (140, 36)


def prepare(app: AcituiApp, select: str | None = None, keys: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    """A run_before hook: wait for live state, hide the emulator's random port, act."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await until(pilot, lambda: bool(app.screen.query(GroupsTable)), timeout=20)  # composed
        table = app.screen.query_one(GroupsTable)
        await until(pilot, lambda: table.row_count == 8, timeout=20)
        await until(
            pilot,
            lambda: all("…" not in table.get_cell(k, "ready").plain for k in table.keys),
            timeout=20,
        )
        await settle(app, pilot)
        app.status = replace(app.status, target=re.sub(r":\d+", ":PORT", app.status.target))
        if select:
            table.select_key(select)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)

    return run_before


def test_main_list(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The list: resource groups with counts, every demo state, the demo badge."""
    with demo_app() as (app, _emu):
        assert snap_compare(app, terminal_size=SIZE, run_before=prepare(app))


def test_group_overview(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """storefront's describe view."""
    with demo_app() as (app, _emu):
        run_before = prepare(app, "shop-prod/storefront", ("enter",))
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_group_events(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """order-worker's merged event timeline with counts."""
    with demo_app() as (app, _emu):
        run_before = prepare(app, "shop-prod/order-worker", ("e",))
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_environment_masked(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """payments-api's environment: plain values masked, secure ones not retrievable."""
    with demo_app() as (app, _emu):
        run_before = prepare(app, "shop-prod/payments-api", ("v",))
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_ansi_theme(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The list in the 16-colour ANSI theme."""
    with demo_app(theme="acitui-ansi") as (app, _emu):
        assert snap_compare(app, terminal_size=SIZE, run_before=prepare(app))
