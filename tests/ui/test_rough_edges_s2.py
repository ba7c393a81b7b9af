"""Issue 12 list/detail rough edges: environment hint wording and the resource-groups pane title."""

from __future__ import annotations

from textual.widgets import Static

from acitui.backends.azure.mapping import map_group
from acitui.backends.azure.raw_list import node
from acitui.model import EnvVar
from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.memory_backend import MemoryBackend, make_group
from tests.ui.helpers import make_app, settle


async def _env_hint(env: tuple[EnvVar, ...]) -> str:
    app, _ = make_app({"memory": MemoryBackend([make_group("web", env=env)])})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.screen.query_one(GroupsTable).select_key("prod/web")
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupDetailScreen)
        return str(app.screen.query_one("#env-help", Static).render())


async def test_empty_environment_says_there_are_none() -> None:
    """A group without variables says so instead of showing a bare empty table."""
    hint = await _env_hint(())
    assert "No environment variables in this container group" in hint


async def test_hint_mentions_secure_values_only_when_one_exists() -> None:
    """Plain-only variables (e.g. Docker) get no 'secure values' line; a secure one brings it."""
    plain = await _env_hint((EnvVar("A", "1"),))
    assert "m reveals" in plain and "Secure" not in plain
    secure = await _env_hint((EnvVar("A", "1"), EnvVar("PW", None, secure=True)))
    assert "Secure values are never retrievable" in secure


async def test_resource_groups_title_stands_out_on_the_dark_theme() -> None:
    """The 'Resource groups' border title is drawn in a clearly visible colour on dark themes."""
    app, _ = make_app({"memory": MemoryBackend([make_group("web")])})
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(ResourceGroupList)
        for theme in ("textual-dark", app.theme):
            app.theme = theme
            await pilot.pause()
            background = pane.background_colors[1]
            title = background + pane.styles.border_title_color
            assert abs(title.brightness - background.brightness) > 0.5, (theme, title)


def test_azure_group_carries_its_arm_creation_time() -> None:
    """A group listed with ARM systemData.createdAt gets a created time, so Age is not '-'."""
    body = {
        "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance"
        "/containerGroups/web",
        "name": "web",
        "systemData": {"createdAt": "2026-01-01T00:00:00Z"},
        "properties": {"containers": [], "osType": "Linux"},
    }
    group = map_group(node(body))
    assert group.created is not None and group.created.year == 2026
