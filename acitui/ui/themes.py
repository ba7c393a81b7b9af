"""Themes as files: ``themes/*.toml`` shipped with acitui, plus user themes.

A theme file names its colours (hex or ``ansi_*``) and Textual variables::

    name = "acitui-dark"
    dark = true
    primary = "#3b82c4"
    ...
    [variables]
    border = "#ffffff"

Each file is validated on load (every colour and every ``[variables]`` entry:
a colour, or a text style for ``*-text-style``); a broken user theme is reported
and skipped, never fatal. Nothing is read at import time.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

from acitui.config import Settings
from acitui.errors import InvalidInputError
from acitui.sanitize import sanitize_name

DEFAULT_THEME = "acitui-dark"
COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
BOOL_FIELDS = ("dark", "ansi")
KNOWN = {"name", "variables", *COLOUR_FIELDS, *NUMBER_FIELDS, *BOOL_FIELDS}


def builtin_theme_dirs() -> list[Path]:
    """``themes/`` beside the package root, then a packaged copy if one exists."""
    package = Path(__file__).resolve().parent
    return [package.parent.parent / "themes", package / "themes"]


def user_theme_dir(settings: Settings) -> Path:
    """``themes/`` next to the config file (the platformdirs config dir)."""
    if settings.config_path is not None:
        return settings.config_path.parent / "themes"
    import platformdirs

    return Path(platformdirs.user_config_dir("acitui")) / "themes"


def parse_theme(data: dict[str, Any], source: str) -> Theme:
    """Build a Theme from a file's table; InvalidInputError says what is wrong."""
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise InvalidInputError(
            f"{source}: unknown key(s) {', '.join(unknown)}",
            hint=f"Known keys: {', '.join(sorted(KNOWN))}.",
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError(f"{source}: 'name' must be a non-empty string")
    if "primary" not in data:
        raise InvalidInputError(f"{source}: 'primary' colour is required")
    values: dict[str, Any] = {"name": name}
    for key in COLOUR_FIELDS:
        if key in data:
            values[key] = _colour(data[key], f"{source}: {key}")
    for key in NUMBER_FIELDS:
        if key in data:
            number = data[key]
            if not isinstance(number, int | float) or isinstance(number, bool):
                raise InvalidInputError(f"{source}: {key} must be a number")
            if not 0 <= number <= 1:  # also refuses nan
                raise InvalidInputError(f"{source}: {key} must be between 0 and 1")
            values[key] = float(number)
    for key in BOOL_FIELDS:
        if key in data:
            if not isinstance(data[key], bool):
                raise InvalidInputError(f"{source}: {key} must be true or false")
            values[key] = data[key]
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise InvalidInputError(f"{source}: [variables] must map names to strings")
    values["variables"] = {
        k: _variable(k, v, f"{source}: [variables] {k}") for k, v in variables.items()
    }
    return Theme(**values)


def _variable(name: str, value: str, where: str) -> str:
    """A Textual design variable: a text style for ``*-text-style``, else a colour."""
    if not name.endswith("-text-style"):
        return _colour(value, where)
    words = value.split()
    if not words or any(word.lower() not in VALID_STYLE_FLAGS for word in words):
        raise InvalidInputError(
            f"{where}: {sanitize_name(repr(value), max_len=60)} is not a text style",
            hint="Use none, bold, italic, reverse, underline… (several separated by spaces).",
        )
    return value


def _colour(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{where} must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError:
        raise InvalidInputError(
            f"{where}: {sanitize_name(repr(value), max_len=60)} is not a colour",
            hint="Use #rrggbb, a CSS colour name or ansi_red/ansi_bright_blue….",
        ) from None
    return value


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror}") from None
    return parse_theme(data, str(path))


def load_themes(dirs: list[Path]) -> tuple[list[Theme], list[InvalidInputError]]:
    """Every valid theme in ``dirs`` (later files win) and the errors of broken ones."""
    themes: dict[str, Theme] = {}
    problems: list[InvalidInputError] = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except InvalidInputError as exc:
                exc.hint = exc.hint or "The theme was skipped; fix the file to use it."
                problems.append(exc)
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems
