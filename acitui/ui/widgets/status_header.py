"""The header line: backend, target, READ-ONLY badge, connection state, demo marker."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from acitui.sanitize import sanitize_name


@dataclass(frozen=True)
class AppStatus:
    """What the header shows; the app replaces it as things change."""

    backend: str = ""
    target: str = "connecting…"
    read_only: bool = False
    connection: str = "connecting"  # connecting | connected | unreachable | signed out
    demo: bool = False
    activity: str = ""  # a long operation under way, e.g. "stopping rg/web…"


class StatusHeader(Horizontal):
    """One line across the top; follows ``app.status``."""

    DEFAULT_CSS = """
    StatusHeader { height: 1; dock: top; background: $panel; }
    StatusHeader > Static { width: auto; padding: 0 1; }
    StatusHeader #title { text-style: bold; color: $primary; }
    StatusHeader #target { width: 1fr; }
    StatusHeader #readonly { background: $warning; color: $background; text-style: bold; }
    StatusHeader #demo { background: $accent; color: $background; }
    StatusHeader #activity { color: $accent; }
    StatusHeader .connected { color: $success; }
    StatusHeader .connecting { color: $text-muted; }
    StatusHeader .unreachable, StatusHeader .signed-out { color: $error; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static("acitui", id="title")
        yield Static(id="target")
        yield Static(id="activity")
        yield Static("DEMO — local ACI emulator", id="demo")
        yield Static("READ-ONLY", id="readonly")
        yield Static(id="connection")

    def on_mount(self) -> None:
        self.watch(self.app, "status", self._show)

    def _show(self, status: AppStatus) -> None:
        target = status.target
        if status.backend and not target.startswith(status.backend):
            target = f"{status.backend}  {target}"
        self.query_one("#target", Static).update(Text(sanitize_name(target)))
        self.query_one("#activity", Static).update(Text(sanitize_name(status.activity)))
        self.query_one("#activity").display = bool(status.activity)
        self.query_one("#readonly").display = status.read_only
        self.query_one("#demo").display = status.demo
        connection = self.query_one("#connection", Static)
        connection.update(Text(f"● {sanitize_name(status.connection)}"))
        connection.set_classes(status.connection.replace(" ", "-"))
