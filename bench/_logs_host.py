"""A host app that opens the real LogsScreen on one container, as `l` does in acitui.

Used by the log-flood and fault benchmarks, headless (``run_test``) or on a
real terminal (``run``). ``on_ready`` runs inside the app's event loop once the
screen is mounted (for lag probes and timers).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from acitui.backends.base import Backend
from acitui.config import Settings
from acitui.model import ContainerGroup
from acitui.ui.logs import LogsScreen
from acitui.ui.logs.feed import LogFeed


class LogsHost(App[None]):
    """Pushes one LogsScreen on mount."""

    def __init__(
        self,
        backend: Backend,
        group: ContainerGroup,
        container: str | None,
        settings: Settings,
        on_ready: Callable[[LogsHost], None] | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.group = group
        self.container = container
        self.log_settings = settings
        self.on_ready = on_ready
        self.errors: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LogsScreen(self.backend, self.group, self.container, self.log_settings))
        if self.on_ready is not None:
            self.call_after_refresh(self.on_ready, self)

    @property
    def logs(self) -> LogsScreen:
        screen = self.screen
        assert isinstance(screen, LogsScreen)
        return screen

    @property
    def feed(self) -> LogFeed:
        return self.logs.feed

    def notify(self, message: str, *, title: str = "", severity: str = "information", **kw):  # type: ignore[override]
        if severity == "error":
            self.errors.append(f"{title}: {message}")
        super().notify(message, title=title, severity=severity, **kw)  # type: ignore[arg-type]
