"""Failures and backend notices become notifications: the one place it happens."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from acitui.errors import (
    AcituiError,
    AuthError,
    ReadOnlyError,
    ThrottledError,
    UnavailableError,
)
from acitui.sanitize import sanitize

#: The same connection error shown again within this many seconds is not repeated.
QUIET_SECONDS = 30.0


class Notices:
    """Mixed into the app: ``report_error`` for workers, ``_backend_notice`` for backends."""

    _recent: dict[str, float]
    _loop_thread: int | None

    def report_error(self: Any, error: BaseException) -> None:
        """The one place a failure becomes a notification: title, message, what to do."""
        if isinstance(error, asyncio.CancelledError):
            return
        if isinstance(error, AcituiError):
            title, message, hint = error.title, error.message, error.hint
            severity = "warning" if isinstance(error, ReadOnlyError) else "error"
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
        self.notify(text, title=sanitize(title), severity=severity, timeout=10, markup=False)

    def _backend_notice(self: Any, title: str, message: str) -> None:
        """The backend's ``notify`` hook; safe to call from any thread."""
        if threading.get_ident() == self._loop_thread:
            self._show_notice(title, message)
            return
        try:
            self.call_from_thread(self._show_notice, title, message)
        except RuntimeError:
            pass  # the app has stopped

    def _show_notice(self: Any, title: str, message: str) -> None:
        if "device" in f"{title} {message}".lower() or "sign in" in title.lower():
            from acitui.ui.screens.sign_in import SignInScreen

            self.push_screen(SignInScreen(title, message))
            return
        self.notify(sanitize(message, max_len=500), title=sanitize(title), markup=False)
