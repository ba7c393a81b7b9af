"""A: apply a file from the TUI (issue 13) — checked first, applied on the second enter."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from acitui.ui.screens.apply import ApplyScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.demo import demo_app
from tests.ui.helpers import settle, until

FIXTURES = Path(__file__).parent.parent / "spec" / "fixtures"


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#apply-status", Static).render())


async def test_apply_checks_then_creates_and_selects_the_group() -> None:
    """A, a path and enter show the plan; enter again creates the group and selects its row."""
    with demo_app(frozen=False) as (app, _emu):  # provisioning moves on the emulator's clock
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("A")
            await settle(app, pilot)
            assert isinstance(app.screen, ApplyScreen)
            app.screen.query_one("#apply-path", Input).value = str(
                FIXTURES / "two-containers-init-emptydir.yaml"
            )
            app.screen.query_one("#apply-rg", Input).value = "shop-prod"
            app.screen.query_one("#apply-path", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert "Ready to apply group webapp into shop-prod" in status(app)
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, ApplyScreen), timeout=20)
            await settle(app, pilot)
            table = app.screen.query_one(GroupsTable)
            await until(pilot, lambda: table.model.cursor_key == "shop-prod/webapp")


async def test_a_refused_file_is_shown_with_its_line_and_nothing_applies() -> None:
    """A file with a container lacking an image is refused in the dialog, with file and line."""
    with demo_app() as (app, emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("A")
            await settle(app, pilot)
            bad = Path(emu.ca_file).parent / "bad.yaml"
            text = (FIXTURES / "two-containers-init-emptydir.yaml").read_text()
            bad.write_text(text.replace("      image: busybox:1.36\n", "", 1))
            app.screen.query_one("#apply-path", Input).value = str(bad)
            app.screen.query_one("#apply-rg", Input).value = "shop-prod"
            app.screen.query_one("#apply-path", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert "Refused" in status(app) and "bad.yaml:" in status(app)
            await pilot.press("enter")  # still refused: nothing is applied
            await settle(app, pilot)
            assert isinstance(app.screen, ApplyScreen)
            await pilot.press("escape")
            await settle(app, pilot)
            assert not isinstance(app.screen, ApplyScreen)


async def test_read_only_refusal_shows_in_the_dialog() -> None:
    """In read-only mode the backend refuses the apply; the dialog says so and stays open."""
    with demo_app(read_only=True) as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("A")
            await settle(app, pilot)
            path = str(FIXTURES / "two-containers-init-emptydir.yaml")
            app.screen.query_one("#apply-path", Input).value = path
            app.screen.query_one("#apply-rg", Input).value = "shop-prod"
            app.screen.query_one("#apply-path", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press("enter")
            await until(pilot, lambda: "Failed" in status(app))
            assert "read-only" in status(app)
