"""The active backend's change notices, batched, and telling the views a group changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from acitui.model import GroupRef
from acitui.ui.messages import GroupChanged
from acitui.ui.session import Session

if TYPE_CHECKING:
    from acitui.ui.app import AcituiApp

#: Notices arriving within this many seconds are handled together.
BATCH_SECONDS = 0.2


class Changes:
    """Follows the active backend's ``watch()`` and posts :class:`GroupChanged` to the views."""

    def __init__(self, app: AcituiApp) -> None:
        self.app = app
        self._pending: set[GroupRef | None] = set()  # None: "reload everything"

    def start(self) -> None:
        """Follow the active backend's notices, if it has them and nobody follows yet."""
        app = self.app
        session = app.session
        if session is None or not session.backend.capabilities.watch:
            return
        if any(w.group == "watch" and not w.is_finished for w in app.workers):
            return
        app.backend_work(self._follow(session), group="watch", exclusive=True)

    async def _follow(self, session: Session) -> None:
        async for ref in session.backend.watch():
            if session is not self.app.session:
                return
            self._pending.add(ref)
            if len(self._pending) == 1:
                self.app.set_timer(BATCH_SECONDS, self._flush)

    def _flush(self) -> None:
        """Notices of the last batch at once: a "reload all" covers every single one."""
        pending, self._pending = self._pending, set()
        if not self.app.is_running:  # the batch timer fired while quitting: no views left
            return
        if None in pending:
            self.app.groups_screen.reload()
        for ref in pending:
            if ref is not None:
                self.tell_views(ref, deleted=False, list_too=None not in pending)

    def tell_views(self, ref: GroupRef, *, deleted: bool, list_too: bool) -> None:
        """Post :class:`GroupChanged` down to the list and the view on top."""
        app = self.app
        if not app.is_running:  # quitting: the screens are closed (app.screen would raise)
            return
        if list_too:
            app.groups_screen.post_message(GroupChanged(ref, deleted=deleted))
        if app.screen is not app.groups_screen:
            app.screen.post_message(GroupChanged(ref, deleted=deleted))
