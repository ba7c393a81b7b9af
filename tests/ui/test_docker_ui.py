"""The UI on the real Docker engine: the contract fleet, driven by keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from acitui.config import Settings, UiSettings
from acitui.masking import MASK
from acitui.ui.app import AcituiApp, build_app
from acitui.ui.widgets.env_table import EnvTable
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.backends.conftest import ContractFleet
from tests.ui.helpers import notices, settle, until

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def fleet() -> Iterator[ContractFleet]:
    from tests.backends.fleet_docker import build_fleet

    with build_fleet() as built:
        yield built


def docker_app(read_only: bool = False) -> AcituiApp:
    settings = Settings(backend="docker", read_only=read_only, ui=UiSettings(refresh_seconds=3600))
    return build_app(settings)  # the real factory: acitui.backends.load_backend


def table(app: AcituiApp) -> GroupsTable:
    return app.screen.query_one(GroupsTable)


async def show_fleet(app: AcituiApp, pilot, fleet: ContractFleet) -> None:  # type: ignore[no-untyped-def]
    """Wait for the list, then pick the fleet's resource group in the left pane."""
    pane = app.screen.query_one(ResourceGroupList)
    await until(pilot, lambda: any(
        pane.get_option_at_index(i).id == fleet.resource_group for i in range(pane.option_count)
    ), timeout=20)  # fmt: skip
    index = next(
        i
        for i in range(pane.option_count)
        if pane.get_option_at_index(i).id == fleet.resource_group
    )
    pane.highlighted = index
    await until(pilot, lambda: len(table(app).keys) == 4, timeout=20)


async def test_docker_list_shows_the_fleet(fleet: ContractFleet) -> None:
    """The fleet's four groups appear with state and ready counts from the engine."""
    app = docker_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await show_fleet(app, pilot, fleet)
        cell = table(app).get_cell
        assert cell(str(fleet.running), "state").plain == "Running"
        assert cell(str(fleet.running), "ready").plain == "2/2"
        assert cell(str(fleet.failed), "state").plain == "Failed"
        assert cell(str(fleet.succeeded), "state").plain == "Succeeded"
        assert app.status.target.startswith("docker")
        assert app.status.connection == "connected"


async def test_docker_environment_masked_then_revealed(fleet: ContractFleet) -> None:
    """web's PLAIN_SETTING is masked, m reveals it, and the hostile value is sanitised."""
    app = docker_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await show_fleet(app, pilot, fleet)
        table(app).select_key(str(fleet.running))
        await pilot.press("v")
        await settle(app, pilot)
        env = app.screen.query_one(EnvTable)
        await until(pilot, lambda: env.row_count > 0, timeout=20)

        def values() -> dict[str, str]:
            return {
                env.get_cell_at((r, 1)).plain: env.get_cell_at((r, 2)).plain
                for r in range(env.row_count)
            }

        assert values()["PLAIN_SETTING"] == MASK
        await pilot.press("M")
        assert values()["PLAIN_SETTING"] == "visible-value"
        assert "\x1b" not in values()["HOSTILE"] and "\x07" not in values()["HOSTILE"]
        assert "clear" in values()["HOSTILE"]


async def test_docker_stop_start_follows_engine_events(fleet: ContractFleet) -> None:
    """X then y stops the group; the row turns Stopped; S then y starts it again."""
    app = docker_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await show_fleet(app, pilot, fleet)
        key = str(fleet.stoppable)
        table(app).select_key(key)
        await pilot.press("X")
        await settle(app, pilot)
        await pilot.press("y")
        await until(pilot, lambda: table(app).get_cell(key, "state").plain == "Stopped", 30)
        await pilot.press("S")
        await settle(app, pilot)
        await pilot.press("y")
        await until(pilot, lambda: table(app).get_cell(key, "state").plain == "Running", 30)


async def test_docker_read_only_refuses(fleet: ContractFleet) -> None:
    """--read-only: ctrl+d asks nothing and the backend's refusal is shown."""
    app = docker_app(read_only=True)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await show_fleet(app, pilot, fleet)
        table(app).select_key(str(fleet.stoppable))
        await pilot.press("ctrl+d")
        await until(pilot, lambda: any("Read-only" in t for t in notices(app)))
        assert str(fleet.stoppable) in table(app).keys
