"""n: create a group from az container create's fields in the TUI (issue 13)."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from acitui.ui.screens.create import CreateScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.demo import demo_app
from tests.ui.helpers import settle, until


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#create-status", Static).render())


def field(app, name: str) -> Input:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#create-{name}", Input)


async def test_form_checks_as_you_type_then_creates_and_selects() -> None:
    """Typing shows the first problem at once; ctrl+s creates the group and selects its row."""
    with demo_app(frozen=False) as (app, _emu):  # provisioning moves on the emulator's clock
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("n")
            await settle(app, pilot)
            assert isinstance(app.screen, CreateScreen)
            field(app, "name").value = "shop-prod/new-web"
            await pilot.pause()
            assert "image is needed" in status(app)
            field(app, "image").value = "nginx:1.27"
            field(app, "ports").value = "80 70000"
            await pilot.pause()
            assert "70000" in status(app)
            field(app, "ports").value = "8080"
            field(app, "secure").value = "TOKEN=hunter2"
            app.screen.query_one("#create-ip", Select).value = "Public"
            await pilot.pause()
            assert "Ready to create shop-prod/new-web" in status(app)
            assert "hunter2" not in status(app)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not isinstance(app.screen, CreateScreen), timeout=20)
            await settle(app, pilot)
            table = app.screen.query_one(GroupsTable)
            await until(pilot, lambda: table.model.cursor_key == "shop-prod/new-web")
            group = await app.backend.get_group(table.model.group("shop-prod/new-web").ref)
            assert group.ip_address is not None and group.ip_address.type == "Public"
            token = next(v for v in group.containers[0].environment if v.name == "TOKEN")
            assert token.secure and token.value is None


async def test_read_only_create_fails_in_place() -> None:
    """Read-only mode: ctrl+s shows the backend's refusal and keeps the form open."""
    with demo_app(read_only=True) as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("n")
            await settle(app, pilot)
            field(app, "name").value = "shop-prod/ro"
            field(app, "image").value = "nginx"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "Failed" in status(app))
            assert "read-only" in status(app) and isinstance(app.screen, CreateScreen)
