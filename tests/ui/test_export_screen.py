"""y then ctrl+s: export the group as a re-appliable file from the TUI (issue 13)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from textual.widgets import Input, Static

from acitui.spec.load import load
from acitui.spec.yaml_file import read_file
from acitui.ui.screens.document import DocumentScreen
from acitui.ui.screens.export import ExportScreen
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.demo import demo_app
from tests.ui.helpers import settle, until


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#export-status", Static).render())


async def test_ctrl_s_in_the_yaml_view_writes_a_private_reappliable_file(tmp_path: Path) -> None:
    """y, ctrl+s, a path: a 0600 file whose secure values are placeholders apply refuses."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            app.screen.query_one(GroupsTable).select_key("shop-prod/payments-api")
            await settle(app, pilot)
            await pilot.press("y")
            await settle(app, pilot)
            assert isinstance(app.screen, DocumentScreen)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ExportScreen)
            target = tmp_path / "payments.yaml"
            app.screen.query_one("#export-path", Input).value = str(target)
            await pilot.press("enter")
            await until(pilot, lambda: "Wrote" in status(app))
            assert str(target) in status(app)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    text = target.read_text()
    assert "********" not in text  # from the backend, not the masked view
    loaded = load(read_file(target))
    secure = [v for c in loaded.groups[0].containers for v in c.environment if v.secure]
    assert secure and any("placeholder" in f.message for f in loaded.errors)
