"""One way to start the demo fleet for a face: UI tests, snapshots and the screenshot script.

:func:`running_demo` starts the ACI emulator with a seed, points the Azure backend's
settings at it (endpoint, token, CA bundle, subscription) and stops it afterwards.
``frozen``: the emulator's clock stands still and no log grows, so every age and
line on screen is the same on each run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from acitui.emulator.server import Emulator, Seed

if TYPE_CHECKING:
    from acitui.config import Settings


def demo_settings(settings: Settings, emu: Emulator) -> Settings:
    """``settings`` on the Azure backend, pointed at ``emu`` and marked demo."""
    azure = replace(
        settings.azure,
        arm_endpoint=emu.endpoint,
        token=emu.token,
        ca_bundle=emu.ca_file,
        subscription=emu.subscription_id,
    )
    return replace(
        settings, backend="azure", demo=True, sections={**settings.sections, "azure": azure}
    )


@contextlib.contextmanager
def running_demo(
    settings: Settings, *, seed: Seed | str = "demo", frozen: bool = False
) -> Iterator[tuple[Settings, Emulator]]:
    """The emulator running ``seed``, and settings that use it; stopped on exit."""
    emu = Emulator(seed=seed, clock="manual" if frozen else None, live_logs=not frozen)
    emu.start()
    try:
        yield demo_settings(settings, emu), emu
    finally:
        emu.stop()
