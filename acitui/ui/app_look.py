"""The app's look and keys: theme files, the chosen theme, ``T`` to cycle, the user's keymap."""

from __future__ import annotations

from typing import Any

from textual.app import App

from acitui.config import Settings
from acitui.errors import AcituiError
from acitui.ui import keys
from acitui.ui.notices import Notices
from acitui.ui.themes import DEFAULT_THEME, builtin_theme_dirs, load_themes, user_theme_dir


class Look:
    """Themes (read once, at start) and the keymap of one app; problems become notices."""

    def __init__(self, app: App[Any], settings: Settings, notices: Notices) -> None:
        self.app = app
        self.settings = settings
        self.notices = notices
        dirs = [*builtin_theme_dirs(), user_theme_dir(settings)]
        self.themes, self.problems = load_themes(dirs)
        self.names = [t.name for t in self.themes]
        for theme in self.themes:
            app.register_theme(theme)
        if settings.ui.theme in app.available_themes:
            # Before the app runs: its CSS is parsed and applied once, in these colours,
            # rather than parsed again and re-applied to the whole first screen on mount.
            app.theme = settings.ui.theme

    def install(self) -> None:
        """On mount: use the configured theme (or report it unknown), apply the keymap."""
        if self.app.theme != self.settings.ui.theme:
            self.use(self.settings.ui.theme)
        for problem in self.problems:
            self.notices.report_error(problem)
        self._apply_keymap()

    def _apply_keymap(self) -> None:
        known = keys.binding_ids()
        unknown = sorted(set(self.settings.keys) - known)
        if unknown:
            self.notices.report_error(
                AcituiError(
                    f"Unknown key binding id(s) in the config: {', '.join(unknown)}",
                    hint=f"Known ids: {', '.join(sorted(known))}.",
                    title="Config",
                )
            )
        self.app.set_keymap({k: v for k, v in self.settings.keys.items() if k in known})

    def use(self, name: str) -> None:
        """Switch to theme ``name``; an unknown name is reported and the default used."""
        app = self.app
        if name in app.available_themes:
            app.theme = name
            return
        self.notices.report_error(
            AcituiError(
                f"No theme called {name!r}",
                hint=f"Available: {', '.join(self.names)}.",
                title="Theme",
            )
        )
        if DEFAULT_THEME in app.available_themes:
            app.theme = DEFAULT_THEME

    def next(self) -> None:
        """``T``: the next theme in the list, named in a notice."""
        app = self.app
        names = self.names or [app.theme]
        index = names.index(app.theme) if app.theme in names else -1
        app.theme = names[(index + 1) % len(names)]
        self.notices.say(f"Theme: {app.theme}", title="Theme")
