"""Run the log screen in a real terminal, print one hostile line, then quit.

``python -m tests.ui.logs.pty_app`` — used by test_pty.py, which runs it in a
pseudo-terminal and inspects the exact bytes the terminal receives.
"""

from __future__ import annotations

import sys

from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, settings

#: Each payload sits between two markers; the sanitised line is the markers joined.
HOSTILE = (
    "AAA\x1b]52;c;SEVMTE8=\x07BBB"  # OSC 52: write the clipboard
    "\x1b]0;PWNED\x07CCC"  # OSC 0: set the window title
    "\x1b[2JDDD"  # erase the display
    "\x1b[6nEEE"  # ask the terminal to type the cursor position into stdin
    "\x1bP+q544e\x1b\\FFF"  # DCS: terminfo query
    "\x9d0;PWNED2\x9cGGG"  # 8-bit OSC
)
CLEAN = "AAABBBCCCDDDEEEFFFGGG"


class PtyApp(HostApp):
    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(0.05, self._check)
        self._seen = 0

    def _check(self) -> None:
        if self.backend.followers("app") and not self.backend.logs["app"].history:  # type: ignore[attr-defined]
            self.backend.emit("app", [HOSTILE if len(sys.argv) < 2 else sys.argv[1]])  # type: ignore[attr-defined]
        if any("GGG" in line for line in self.view.lines):
            self._seen += 1
            if self._seen > 4:  # a few frames after it was written
                self.exit()


def main() -> None:
    group = log_group()
    PtyApp(MemoryBackend(group), group, None, settings()).run()


if __name__ == "__main__":
    main()
