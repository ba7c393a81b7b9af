"""The demo fleet for UI tests, snapshots and screenshots: the real Azure backend
over HTTPS against the ACI emulator, optionally on a manual (frozen) clock."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from acitui.config import Settings, UiSettings
from acitui.emulator import Emulator
from acitui.emulator.demo_start import running_demo
from acitui.ui.app import AcituiApp, build_app


@contextlib.contextmanager
def demo_app(
    *, frozen: bool = True, read_only: bool = False, theme: str = "acitui-dark"
) -> Iterator[tuple[AcituiApp, Emulator]]:
    """An app built by ``build_app`` on the demo emulator (like ``acitui --demo``).

    ``frozen``: the emulator's clock stands still and logs do not grow, and the
    app's clock is the emulator's, so every age on screen is stable.
    """
    base = Settings(read_only=read_only, ui=UiSettings(theme=theme, refresh_seconds=3600))
    with running_demo(base, frozen=frozen) as (settings, emu):
        app = build_app(settings)
        if frozen:
            app.clock = emu.now
        yield app, emu
