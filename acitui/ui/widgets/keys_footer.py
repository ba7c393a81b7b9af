"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer recomposes (~15 key widgets, each restyled) on every bindings
signal: each focus move, keymap change or app focus — five times before the
first rows are on screen, most of them showing the same keys. This one compares
what it would show (key, label, action, enabled, tooltip, group) with what it
shows and skips the rebuild when nothing differs.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[object, ...], ...]


def shown_keys(screen: Screen[object]) -> Shown:
    """What a footer on ``screen`` displays, as comparable values."""
    app = screen.app
    return tuple(
        (
            key,
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.action,
            binding.show,
            enabled,
            tooltip,
            binding.tooltip,
            binding.group,
        )
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
    )


class KeysFooter(Footer):
    """A Footer that skips rebuilding itself when its keys did not change."""

    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = shown_keys(screen)
        if shown == self._shown:  # set only after Footer's own handler ran with these keys
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # a rebuild with these keys is scheduled
