"""The one error hierarchy every backend raises and every face shows.

Standard library only. Each error has a short ``title``, a ``message`` (what
happened) and a ``hint`` (what to do), plus the CLI exit code for its kind.
Backends translate every SDK exception into one of these; faces never catch
an SDK exception.
"""

from __future__ import annotations


class AcituiError(Exception):
    """Base of all errors a person may see."""

    title = "Error"
    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return f"{self.message}. {self.hint}" if self.hint else self.message

    def one_line(self) -> str:
        """Title, message and hint on one line, for stderr and notifications."""
        return f"{self.title}: {self}"


class InvalidInputError(AcituiError):
    """The user gave something malformed: a bad RG/NAME, a broken file."""

    title = "Invalid input"
    exit_code = 2


class NotFoundError(AcituiError):
    """The group, container or resource group does not exist."""

    title = "Not found"
    exit_code = 3


class UnavailableError(AcituiError):
    """The backend cannot be reached: no engine, network down, 5xx, timeout."""

    title = "Unavailable"
    exit_code = 4


class AuthError(AcituiError):
    """No credentials, expired credentials, or access denied."""

    title = "Not signed in"
    exit_code = 5


class ThrottledError(AcituiError):
    """The provider throttled us and retries did not get through."""

    title = "Throttled"
    exit_code = 6


class ReadOnlyError(AcituiError):
    """A mutation was refused because read-only mode is on."""

    title = "Read-only"
    exit_code = 7


class ConflictError(AcituiError):
    """The provider refused because of the resource's current state."""

    title = "Conflict"
    exit_code = 8


class BackendError(AcituiError):
    """Any other failure the backend reported."""

    title = "Backend error"
    exit_code = 1


EXIT_OK = 0
EXIT_INTERRUPTED = 130
