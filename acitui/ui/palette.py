"""The command palette: Textual's own commands, every keyed action available here, each theme."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from acitui.ui import keys

#: Textual's own palette entries that ours replace (``T`` cycles, and each theme is listed).
REPLACED = {"Theme"}
#: Our keys Textual's palette already offers ("Quit" asks first while a change runs).
ALREADY_THERE = {"palette", "quit"}


def palette_commands(
    app: App[Any], screen: Screen[object], builtin: Iterable[SystemCommand], themes: list[str]
) -> Iterable[SystemCommand]:
    """Each command once: Textual's ``builtin`` ones, then ours from the key table."""
    for command in builtin:
        if command.title not in REPLACED:
            yield command
    on_screen = {
        active.binding.action for active in screen.active_bindings.values() if active.node is screen
    }
    for k in keys.KEYS:
        if k.id in ALREADY_THERE:
            continue
        label = f"{k.description}  [{k.key}]"
        if k.scope == "app":
            yield SystemCommand(label, f"app: {k.id}", partial(app.run_action, k.action))
        elif k.action in on_screen:
            run = partial(app.run_action, k.action, screen)
            yield SystemCommand(label, f"{k.scope}: {k.id}", run)
    for name in themes:
        yield SystemCommand(f"Theme: {name}", "Switch theme", partial(setattr, app, "theme", name))
