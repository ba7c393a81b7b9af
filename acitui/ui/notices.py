"""Failures and backend notices become notifications: the one place it happens."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel

from acitui.backends.base import Notice, NoticeKind
from acitui.errors import (
    AcituiError,
    AuthError,
    ReadOnlyError,
    ThrottledError,
    UnavailableError,
)
from acitui.sanitize import sanitize, sanitize_name

#: The same connection error shown again within this many seconds is not repeated.
QUIET_SECONDS = 30.0


class Notices:
    """Turns errors and backend notices into toasts or the sign-in dialog of one app.

    Every text shown passes :func:`sanitize` and goes out with ``markup=False``:
    a ``[`` in a group name is data, never markup.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._recent: dict[str, float] = {}
        self._loop_thread: int | None = None

    def started(self) -> None:
        """Call on mount: notices from this thread are shown at once, others are handed over."""
        self._loop_thread = threading.get_ident()

    def say(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information"
    ) -> None:
        """A toast of plain text (no markup), sanitised."""
        self.app.notify(
            sanitize(message, max_len=500),
            title=sanitize_name(title),
            severity=severity,
            timeout=10 if severity == "error" else 5,
            markup=False,
        )

    def report_error(self, error: BaseException) -> None:
        """The one place a failure becomes a notification: title, message, what to do."""
        if isinstance(error, asyncio.CancelledError):
            return
        if isinstance(error, AcituiError):
            title, message, hint = error.title, error.message, error.hint
            severity: SeverityLevel = "warning" if isinstance(error, ReadOnlyError) else "error"
        else:
            title = "Unexpected error"
            message = f"{type(error).__name__}: {error}"
            hint = "acitui keeps running; please report this."
            severity = "error"
        text = sanitize(message, max_len=500) + (f"\n{sanitize(hint, max_len=500)}" if hint else "")
        if isinstance(error, UnavailableError | AuthError | ThrottledError):
            # The poll repeats these every interval: say it once, not every 15 s.
            seen = time.monotonic()
            if seen - self._recent.get(title + text, -QUIET_SECONDS) < QUIET_SECONDS:
                return
            self._recent[title + text] = seen
        self.app.notify(
            text, title=sanitize_name(title), severity=severity, timeout=10, markup=False
        )

    def backend_notice(self, notice: Notice) -> None:
        """The backend's ``notify`` hook; safe to call from any thread."""
        if threading.get_ident() == self._loop_thread:
            self._show(notice)
            return
        try:
            self.app.call_from_thread(self._show, notice)
        except RuntimeError:
            pass  # the app has stopped

    def _show(self, notice: Notice) -> None:
        if notice.kind is NoticeKind.SIGN_IN:
            from acitui.ui.screens.sign_in import SignInScreen  # only when someone signs in

            self.app.push_screen(SignInScreen(notice))
            return
        severity: SeverityLevel = "warning" if notice.kind is NoticeKind.WARNING else "information"
        self.say(notice.message, title=notice.title, severity=severity)
