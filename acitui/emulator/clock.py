"""The emulator's clock: real or fixed, moved forward by ``advance``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

#: Where the manual clock starts: fixed, so screenshots are the same on every machine.
MANUAL_EPOCH = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


class Clock:
    """The emulator's clock: a source (real or fixed) plus an offset moved by ``advance``."""

    def __init__(self, source: Callable[[], datetime] | str | None = None) -> None:
        if source == "manual":
            self._source: Callable[[], datetime] = lambda: MANUAL_EPOCH
        elif source is None:
            self._source = lambda: datetime.now(UTC)
        elif callable(source):
            self._source = source
        else:
            raise ValueError(f"clock must be None, 'manual' or a callable, not {source!r}")
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._source() + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += timedelta(seconds=seconds)
