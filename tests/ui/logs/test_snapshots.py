"""Snapshots of the log screen on fixed data (run with --snapshot-update to accept changes)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from acitui.model import LineKind
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


def _app() -> tuple[HostApp, MemoryBackend]:
    group = log_group("shop", ("api", "worker"))
    backend = MemoryBackend(group)
    for i in range(40):
        backend.seed("api", [f"GET /orders/{i} 200 {3 + i % 7}ms"])
        if i % 9 == 0:
            backend.seed("api", [f"POST /orders {500 if i % 2 else 201} upstream timeout"])
    backend.logs["api"].history.append(
        backend.line("api", "container api restarted (exit 137)", LineKind.RESTART)
    )
    backend.seed("api", ["listening on :8080"])
    return HostApp(backend, group, None, settings()), backend


def test_snapshot_logs_with_a_search(snap_compare: Any) -> None:
    """The log screen following, with a restart marker and a highlighted search."""
    app, _ = _app()

    async def search(pilot: Pilot[None]) -> None:
        await wait_for(pilot, lambda: "listening on :8080" in app.view.lines, "the tail")
        await pilot.press("slash", *"timeout", "enter")
        await wait_for(pilot, lambda: "match 5/5" in screen_text(app), "the jump")

    assert snap_compare(app, terminal_size=(100, 30), run_before=search)
