"""Themes as files: the shipped four, user themes, validation, switching."""

from __future__ import annotations

from pathlib import Path

import pytest

from acitui.config import Settings, UiSettings
from acitui.errors import InvalidInputError
from acitui.ui.themes import COLOUR_FIELDS, builtin_theme_dirs, load_theme_file, load_themes
from tests.ui.helpers import make_app, notices, settle

SHIPPED = ("acitui-dark", "acitui-light", "acitui-high-contrast", "acitui-ansi")


def test_shipped_themes_load_and_validate() -> None:
    """The four themes in themes/ all load without a problem."""
    themes, problems = load_themes(builtin_theme_dirs())
    assert problems == []
    assert set(SHIPPED) <= {t.name for t in themes}


def test_ansi_theme_uses_only_the_16_terminal_colours() -> None:
    """acitui-ansi names only ansi_* colours, so it survives tmux and old terminals."""
    theme = load_theme_file(builtin_theme_dirs()[0] / "acitui-ansi.toml")
    colours = [getattr(theme, f) for f in COLOUR_FIELDS if getattr(theme, f)]
    colours += [v for v in theme.variables.values()]
    assert colours and all(c.startswith("ansi_") for c in colours)


def test_broken_theme_is_reported_with_its_file(tmp_path: Path) -> None:
    """A theme with a bad colour is an InvalidInputError naming the file and the field."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nprimary = "not-a-colour"\n')
    with pytest.raises(InvalidInputError, match=r"bad\.toml: primary"):
        load_theme_file(bad)


async def test_user_theme_loads_and_broken_one_warns(tmp_path: Path) -> None:
    """A user theme from the config dir is selectable; a broken one warns and is skipped."""
    themes_dir = tmp_path / "themes"
    themes_dir.mkdir()
    (themes_dir / "mine.toml").write_text('name = "mine"\nprimary = "#ff00ff"\ndark = true\n')
    (themes_dir / "broken.toml").write_text('name = "broken"\nprimary = 3\n')
    settings = Settings(
        backend="memory",
        config_path=tmp_path / "config.toml",
        ui=UiSettings(theme="mine", refresh_seconds=3600),
    )
    app, _ = make_app(None, settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "mine"
        assert "broken" not in app.available_themes
        assert any("broken.toml" in text for text in notices(app))


async def test_theme_flag_and_T_switch_themes() -> None:
    """--theme picks the start theme; T moves to the next one."""
    settings = Settings(backend="memory", ui=UiSettings(theme="acitui-light", refresh_seconds=3600))
    app, _ = make_app(None, settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert app.theme == "acitui-light"
        await pilot.press("T")
        assert app.theme != "acitui-light"
        assert app.theme in app.theme_names


async def test_unknown_theme_falls_back_to_the_default() -> None:
    """An unknown --theme warns and uses acitui-dark."""
    settings = Settings(backend="memory", ui=UiSettings(theme="nope", refresh_seconds=3600))
    app, _ = make_app(None, settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert app.theme == "acitui-dark"
        assert any("nope" in text for text in notices(app))
