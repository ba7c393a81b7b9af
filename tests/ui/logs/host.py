"""A minimal host app for the log screen, and a condition poller for Pilot tests."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from acitui.backends.base import Backend
from acitui.config import Settings, UiSettings
from acitui.model import ContainerGroup
from acitui.ui.logs import LogsScreen
from acitui.ui.logs.view import LogView


class HostApp(App[None]):
    """Pushes one LogsScreen, as the real app does when `l` is pressed."""

    def __init__(
        self,
        backend: Backend,
        group: ContainerGroup,
        container: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.group = group
        self.container = container
        self.log_settings = settings or Settings()
        #: (title, message, severity) of every notification, for assertions.
        self.notices: list[tuple[str, str, str]] = []

    def notify(
        self, message: str, *, title: str = "", severity: str = "information", **kw: Any
    ) -> None:  # type: ignore[override]
        self.notices.append((title, str(message), severity))
        super().notify(message, title=title, severity=severity, **kw)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.push_screen(LogsScreen(self.backend, self.group, self.container, self.log_settings))

    @property
    def logs(self) -> LogsScreen:
        screen = self.screen
        assert isinstance(screen, LogsScreen)
        return screen

    @property
    def view(self) -> LogView:
        return self.logs.query_one(LogView)


def settings(cap: int = 100_000, tail: int = 500) -> Settings:
    return Settings(ui=UiSettings(log_cap=cap, log_tail=tail))


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], object], what: str, timeout: float = 5.0
) -> None:
    """Let the app run until ``condition()`` is true; fail saying ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {what}")
        await pilot.pause(0.02)
    await pilot.pause()


_SVG_TEXT = re.compile(r'<text [^>]*clip-path="url\(#[^"]*-line-(\d+)\)"[^>]*>([^<]*)</text>')


def screen_lines(app: App[None]) -> list[str]:
    """What the terminal shows right now, one string per row (from a screenshot)."""
    rows: dict[int, list[str]] = {}
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        text = html.unescape(match.group(2)).replace("\xa0", " ").replace("\n", "")
        rows.setdefault(int(match.group(1)), []).append(text)
    return ["".join(parts).rstrip() for _, parts in sorted(rows.items())]


def screen_text(app: App[None]) -> str:
    return "\n".join(screen_lines(app))
