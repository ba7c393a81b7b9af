#!/usr/bin/env python3
"""Regenerate the SVG screenshots in screenshots/ from the real app on the demo fleet.

    python3 scripts/screenshots.py            # writes screenshots/*.svg

The app is built by ``acitui.ui.app.build_app`` (as ``acitui --demo`` does) and
talks through the real Azure SDK over HTTPS to the local ACI emulator, on a
frozen clock so the pictures are the same each time.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot

from acitui.config import Settings, UiSettings
from acitui.emulator.demo_start import running_demo
from acitui.ui.app import AcituiApp, build_app
from acitui.ui.widgets.groups_table import GroupsTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SIZE = (140, 36)


async def settle(app: AcituiApp, pilot: Pilot[int]) -> None:
    """Let the app's workers (all but the endless watch stream) finish, then repaint."""
    for _ in range(2):
        await pilot.pause()
        busy = [w for w in app.workers if w.group != "watch"]
        if busy:
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def until(pilot: Pilot[int], condition: Callable[[], bool], timeout: float) -> None:
    """Pause until ``condition`` holds; give up with a message after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: the demo did not get ready within {timeout}s")
        await pilot.pause(0.05)


async def shoot() -> list[Path]:
    written: list[Path] = []
    base = Settings(ui=UiSettings(refresh_seconds=3600))
    with running_demo(base, frozen=True) as (settings, emu):
        app = build_app(settings)
        app.clock = emu.now
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one(GroupsTable)
            await until(pilot, lambda: table.row_count == 8, timeout=30)
            await until(
                pilot,
                lambda: all("…" not in table.get_cell(k, "ready").plain for k in table.keys),
                timeout=30,
            )
            await settle(app, pilot)
            app.status = replace(app.status, target=re.sub(r":\d+", ":PORT", app.status.target))

            async def save(name: str, *, streaming: bool = False) -> None:
                if streaming:  # a log follow never completes: just let it paint
                    await pilot.pause(0.5)
                else:
                    await settle(app, pilot)
                path = OUT / f"{name}.svg"
                app.save_screenshot(filename=path.name, path=str(OUT))
                written.append(path)

            await save("main-list")
            table.select_key("shop-prod/storefront")
            await pilot.press("enter")
            await save("group-detail")
            await pilot.press("escape")
            await settle(app, pilot)
            table.select_key("shop-prod/order-worker")
            await pilot.press("e")
            await save("events")
            await pilot.press("escape")
            await settle(app, pilot)
            table.select_key("shop-prod/payments-api")
            await pilot.press("v")
            await save("environment-masked")
            await pilot.press("escape")
            await settle(app, pilot)
            table.select_key("shop-prod/storefront")
            await pilot.press("l")
            await pilot.pause(1.0)  # the log viewer's first batch
            await pilot.press("slash", *"GET", "enter")
            await pilot.pause(0.5)
            await save("logs-search", streaming=True)
    return written


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for path in asyncio.run(shoot()):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
