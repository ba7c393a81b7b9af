"""Fault injection for the emulator: latency, 429 bursts, 5xx, dropped connections.

Off by default. All methods are thread-safe: tests and benchmarks change faults
while the server thread reads them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """What the server should do to one request instead of answering it."""

    kind: str  # "throttle" | "fail" | "drop" | "slow"
    status: int = 0
    retry_after: float = 0.0
    delay: float = 0.0


class Faults:
    """Mutable fault plan shared by the test and the server thread.

    - ``latency``: seconds added to every request.
    - ``throttle(n, retry_after)``: the next ``n`` requests get 429 with ``Retry-After``.
    - ``fail(n, status)``: the next ``n`` requests get an ARM error with ``status``.
    - ``drop(n)``: the next ``n`` requests have their connection closed unanswered.
    - ``slow(n, seconds)``: the next ``n`` requests are answered after ``seconds`` (a spike).
    - ``throttle_every`` / ``fail_every``: every N-th request is throttled / fails.

    ``routes`` (a set of route names such as ``{"logs"}``) limits a burst to those routes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latency: float = 0.0
        self.throttle_every: int = 0
        self.fail_every: int = 0
        self.retry_after: float = 1.0
        self._queue: list[tuple[Fault, frozenset[str] | None]] = []
        self._seen = 0
        self.injected = 0

    def throttle(
        self, n: int = 1, retry_after: float = 1.0, routes: set[str] | None = None
    ) -> None:
        self._push(n, Fault("throttle", 429, retry_after), routes)

    def fail(self, n: int = 1, status: int = 500, routes: set[str] | None = None) -> None:
        self._push(n, Fault("fail", status), routes)

    def drop(self, n: int = 1, routes: set[str] | None = None) -> None:
        self._push(n, Fault("drop"), routes)

    def slow(self, n: int = 1, seconds: float = 10.0, routes: set[str] | None = None) -> None:
        self._push(n, Fault("slow", delay=seconds), routes)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self.latency = 0.0
            self.throttle_every = self.fail_every = 0

    @property
    def pending(self) -> int:
        """Faults queued and not yet served."""
        with self._lock:
            return len(self._queue)

    def _push(self, n: int, fault: Fault, routes: set[str] | None) -> None:
        with self._lock:
            self._queue.extend([(fault, frozenset(routes) if routes else None)] * n)

    def next_fault(self, route: str) -> Fault | None:
        """Called by the server once per request: the fault to apply, if any."""
        with self._lock:
            self._seen += 1
            for index, (fault, routes) in enumerate(self._queue):
                if routes is None or route in routes:
                    del self._queue[index]
                    self.injected += 1
                    return fault
            if self.throttle_every and self._seen % self.throttle_every == 0:
                self.injected += 1
                return Fault("throttle", 429, self.retry_after)
            if self.fail_every and self._seen % self.fail_every == 0:
                self.injected += 1
                return Fault("fail", 500)
        return None
