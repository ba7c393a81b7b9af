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


BAD_VARIABLES = [
    'border = "nan"',
    'border = "not-a-colour"',
    'footer-key-foreground = "#12"',
    'block-cursor-text-style = "sparkly"',
    "[variables.nested]\nx = 1",
]


@pytest.mark.parametrize("variable", BAD_VARIABLES)
def test_bad_theme_variable_is_reported_with_its_name(tmp_path: Path, variable: str) -> None:
    """A [variables] entry that is not a colour (or text style) names the file and variable."""
    bad = tmp_path / "bad.toml"
    bad.write_text(f'name = "bad"\nprimary = "#ff00ff"\n[variables]\n{variable}\n')
    with pytest.raises(InvalidInputError, match=r"bad\.toml"):
        load_theme_file(bad)


@pytest.mark.parametrize("line", ["text_alpha = nan", "luminosity_spread = inf", "text_alpha = 2"])
def test_theme_numbers_must_be_fractions(tmp_path: Path, line: str) -> None:
    """text_alpha and luminosity_spread outside 0–1 (or nan) are refused with their name."""
    bad = tmp_path / "bad.toml"
    bad.write_text(f'name = "bad"\nprimary = "#ff00ff"\n{line}\n')
    with pytest.raises(InvalidInputError, match=line.split()[0]):
        load_theme_file(bad)


def test_good_theme_variables_load(tmp_path: Path) -> None:
    """Colours in any Textual form and text styles are accepted as variables."""
    good = tmp_path / "good.toml"
    good.write_text(
        'name = "good"\nprimary = "#ff00ff"\n[variables]\nborder = "ansi_blue"\n'
        'input-selection-background = "#689d6a40"\nfooter-background = "rgb(10, 20, 30)"\n'
        'block-cursor-text-style = "bold reverse"\ninput-cursor-text-style = "none"\n'
    )
    assert load_theme_file(good).variables["border"] == "ansi_blue"


@pytest.mark.parametrize("variable", ['border = "nan"', 'foreground-muted = "bogus"'])
async def test_bad_variable_theme_is_skipped_at_start_and_on_T(
    tmp_path: Path, variable: str
) -> None:
    """A user theme with a bad variable warns and is skipped: start and T keep working."""
    themes_dir = tmp_path / "themes"
    themes_dir.mkdir()
    (themes_dir / "zz-bad.toml").write_text(
        f'name = "zz-bad"\nprimary = "#ff00ff"\ndark = true\n[variables]\n{variable}\n'
    )
    settings = Settings(
        backend="memory",
        config_path=tmp_path / "config.toml",
        ui=UiSettings(theme="zz-bad", refresh_seconds=3600),
    )
    app, _ = make_app(None, settings)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert "zz-bad" not in app.available_themes and app.theme == "acitui-dark"
        assert any("zz-bad.toml" in text for text in notices(app))
        for _ in range(len(app.theme_names) + 1):
            await pilot.press("T")
            await pilot.pause()
        assert app.is_running and app.theme in app.theme_names
