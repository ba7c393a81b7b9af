"""D: compare the selected group with a file in the TUI (issue 13)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from acitui.spec.export import export_yaml
from acitui.ui.screens.diff import DiffScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.demo import demo_app
from tests.ui.helpers import settle, until


def result(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#diff-result", Static).render())


async def test_diff_says_equal_for_an_export_then_shows_a_change(tmp_path: Path) -> None:
    """The group's own export compares equal; an edited image shows as the one change."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            table = app.screen.query_one(GroupsTable)
            key = "shop-prod/payments-api"
            table.select_key(key)
            await settle(app, pilot)
            group = await app.backend.get_group(table.model.group(key).ref)
            exported = tmp_path / "payments.yaml"
            exported.write_text(export_yaml(group))
            await pilot.press("D")
            await settle(app, pilot)
            assert isinstance(app.screen, DiffScreen)
            app.screen.query_one("#diff-path", Input).value = str(exported)
            await pilot.press("enter")
            await until(pilot, lambda: "Comparing" not in result(app))
            assert result(app).startswith("Equal"), result(app)
            image = group.containers[0].image
            exported.write_text(export_yaml(group).replace(image, "example/other:2", 1))
            app.screen.query_one("#diff-path", Input).value = str(exported)
            await pilot.press("enter")
            await until(pilot, lambda: "difference" in result(app))
            assert "example/other:2" in result(app) and "1 difference" in result(app)
            await pilot.press("escape")
            await settle(app, pilot)
            assert not isinstance(app.screen, DiffScreen)


async def test_a_missing_file_is_one_line_in_the_dialog(tmp_path: Path) -> None:
    """A path that does not exist is said in the dialog; the app carries on."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await pilot.press("D")
            await settle(app, pilot)
            app.screen.query_one("#diff-path", Input).value = str(tmp_path / "nope.yaml")
            await pilot.press("enter")
            await until(pilot, lambda: "nope.yaml" in result(app))
            assert isinstance(app.screen, DiffScreen)
