"""The UI on the demo fleet: real Azure SDK over HTTPS against the ACI emulator."""

from __future__ import annotations

import pytest

from acitui.masking import MASK, SECURE_LABEL
from acitui.ui.screens.confirm import DeleteConfirmScreen
from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.widgets.env_table import EnvTable
from acitui.ui.widgets.events_table import EventsTable
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.demo import demo_app
from tests.ui.helpers import notices, settle, until

pytestmark = pytest.mark.azure


def table(app) -> GroupsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(GroupsTable)


async def loaded(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the list and the live state of the visible rows."""
    await until(pilot, lambda: table(app).row_count == 8, timeout=20)
    await until(
        pilot,
        lambda: "…" not in table(app).get_cell("shop-prod/order-worker", "ready").plain,
        timeout=20,
    )
    await settle(app, pilot)


async def test_demo_list_shows_every_state_with_live_details() -> None:
    """All eight demo groups appear with their states; live restarts are filled in."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await loaded(app, pilot)
            states = {k: table(app).get_cell(k, "state").plain for k in table(app).keys}
            assert states["shop-prod/storefront"] == "Running"
            assert states["data-jobs/nightly-report"] == "Failed"
            assert states["platform/legacy-cron"] == "Stopped"
            assert int(table(app).get_cell("shop-prod/order-worker", "restarts").plain) >= 5
            assert app.status.demo and app.status.connection == "connected"
            assert "https://127.0.0.1" in app.status.target


async def test_demo_environment_masks_and_never_shows_secure_values() -> None:
    """payments-api: secure keys say not retrievable; plain values masked until m."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await loaded(app, pilot)
            table(app).select_key("shop-prod/payments-api")
            await pilot.press("v")
            await settle(app, pilot)
            env = app.screen.query_one(EnvTable)

            def values() -> dict[str, str]:
                return {
                    env.get_cell_at((r, 1)).plain: env.get_cell_at((r, 2)).plain
                    for r in range(env.row_count)
                }

            assert values()["STRIPE_API_KEY"] == SECURE_LABEL
            assert values()["DATABASE_URL"] == MASK
            await pilot.press("M")
            assert "Tr0ub4dor" in values()["DATABASE_URL"]
            assert values()["STRIPE_API_KEY"] == SECURE_LABEL
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, type(app.groups_screen))


async def test_demo_events_of_the_crash_looping_worker() -> None:
    """order-worker's events are newest first and count the back-off restarts."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await loaded(app, pilot)
            table(app).select_key("shop-prod/order-worker")
            await pilot.press("e")
            await settle(app, pilot)
            assert isinstance(app.screen, GroupDetailScreen)
            events = app.screen.query_one(EventsTable)
            await until(pilot, lambda: events.row_count > 0)
            counts = [int(events.get_cell_at((r, 4)).plain) for r in range(events.row_count)]
            assert max(counts) > 1


async def test_demo_delete_by_typing_the_name() -> None:
    """ctrl+d then the group's name deletes legacy-cron through the Azure SDK."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await loaded(app, pilot)
            table(app).select_key("platform/legacy-cron")
            await pilot.press("ctrl+d")
            await settle(app, pilot)
            assert isinstance(app.screen, DeleteConfirmScreen)
            await pilot.press(*"legacy-cron", "enter")
            await until(pilot, lambda: "platform/legacy-cron" not in table(app).keys, timeout=20)


async def test_demo_read_only_refusal() -> None:
    """In read-only mode the Azure backend refuses a stop and the app says so."""
    with demo_app(read_only=True) as (app, _emu):
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            await loaded(app, pilot)
            table(app).select_key("shop-prod/storefront")
            await pilot.press("X")
            await settle(app, pilot)
            await until(pilot, lambda: any("Read-only" in t for t in notices(app)))
            assert table(app).get_cell("shop-prod/storefront", "state").plain == "Running"


async def test_demo_arm_failing_then_back() -> None:
    """When ARM answers only 500s the app says so, keeps running, and recovers after."""
    with demo_app() as (app, emu):
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            await loaded(app, pilot)
            emu.faults.fail_every = 1
            await pilot.press("ctrl+r")
            # The status and the toast come in two messages: wait for what the user sees, both.
            await until(
                pilot, lambda: app.status.connection == "unreachable" and notices(app), timeout=60
            )
            assert app.is_running
            assert not any("Traceback" in t for t in notices(app))
            assert table(app).row_count == 8  # what was there stays on screen
            emu.faults.clear()
            await pilot.press("ctrl+r")
            await until(pilot, lambda: app.status.connection == "connected", timeout=60)
