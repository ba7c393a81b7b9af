"""A process running inside a container: the protocol ``Backend.open_exec`` returns.

Standard library only (a core module).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

#: Output stream numbers of :meth:`ExecSession.read`.
STDOUT, STDERR = 1, 2


@runtime_checkable
class ExecSession(Protocol):
    """A process running inside a container (``Backend.open_exec``): its input and output."""

    #: True when the process has a pseudo-terminal (raw input, one output stream).
    tty: bool
    #: False where the terminal size is fixed at start (ACI).
    resizable: bool

    async def read(self) -> tuple[int, bytes]:
        """The next output chunk as (STDOUT or STDERR, bytes); ``(STDOUT, b"")`` at the end."""
        ...

    async def write(self, data: bytes) -> None:
        """Send input to the process."""
        ...

    async def close_input(self) -> None:
        """End of input (the process reads EOF); a no-op where the provider cannot say it."""
        ...

    async def resize(self, rows: int, cols: int) -> None:
        """Follow the terminal's new size (a no-op where not ``resizable``)."""
        ...

    async def exit_code(self) -> int | None:
        """The process's exit code once output ended; None where the provider never says."""
        ...

    async def close(self) -> None:
        """End the session and release its connection and thread. Safe to call twice."""
        ...
