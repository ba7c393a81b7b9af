"""The TUI in a real terminal, --read-only, over the hostile ARM fleet: the bytes it receives.

The same walk runs over a harmless fleet; the hostile walk may send no escape the clean one
does not (Textual's own drawing), and never a clipboard write, a title change, a DCS/APC, a
clear screen or a cursor-position query from the data. The app is still running at the end.
"""

from __future__ import annotations

import pytest

from tests.hostile.terminal import assert_no_escape_from_the_data, walk
from tests.hostile_fleet import CLEAN_RG, RG, azure_env, hostile_emulator

pytestmark = pytest.mark.azure


def test_read_only_tui_over_hostile_fleet_sends_no_escape_from_the_data() -> None:
    """Opening every view of a hostile group never sets the title, writes the clipboard or
    clears the screen, and the app keeps running."""
    with hostile_emulator(clean=True) as emu:
        clean = walk(azure_env(emu), CLEAN_RG)
    with hostile_emulator() as emu:
        hostile = walk(azure_env(emu), RG)
    assert_no_escape_from_the_data(clean, hostile)
