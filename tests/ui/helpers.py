"""Building the app for UI tests through the real factory, on given backends."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from acitui.config import Settings, UiSettings
from acitui.ui.app import AcituiApp, build_app
from tests.memory_backend import NOW, MemoryBackend, sample_groups


def make_app(
    backends: dict[str, MemoryBackend] | None = None,
    settings: Settings | None = None,
) -> tuple[AcituiApp, dict[str, MemoryBackend]]:
    """An app whose factory hands out the given in-memory backends (default: one 'memory')."""
    backends = backends or {"memory": MemoryBackend(sample_groups())}
    first = next(iter(backends))
    settings = settings or Settings(backend=first, ui=UiSettings(refresh_seconds=3600))
    app = build_app(settings, backend_factory=backends.__getitem__)
    app.clock = lambda: NOW
    return app, backends


async def settle(app: AcituiApp, pilot: Pilot[int]) -> None:
    """Let workers finish (all but the endless watch stream) and the screen repaint."""
    for _ in range(2):
        await pilot.pause()
        busy = [w for w in app.workers if w.group != "watch"]
        if busy:  # an empty list would mean "wait for all", the endless stream too
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def until(pilot: Pilot[int], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll ``condition`` while the app runs; fail with a clear message at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        await pilot.pause(0.02)


def notices(app: AcituiApp) -> list[str]:
    """The text of every notification toast on screen now (title and message).

    Needs ``app.run_test(..., notifications=True)``.
    """
    return [
        str(widget.render())
        for widget in app.screen.walk_children()
        if type(widget).__name__ == "Toast"
    ]
