"""A backend's word to the person at the face: progress, sign-in prompts, warnings.

Standard library only (a core module).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class NoticeKind(StrEnum):
    """What a backend's notice is for: the face shows each kind its own way."""

    PROGRESS = "progress"  # "restarting… 3/4": a passing toast
    SIGN_IN = "sign-in"  # a device-code prompt: the person must act (url + code)
    WARNING = "warning"  # something the person should know, not an error


@dataclass(frozen=True, slots=True)
class Notice:
    """A backend's word to the person at the face, beside results and errors.

    Raw text from the backend: faces sanitise it where they show it. Never a secret.
    """

    kind: NoticeKind
    title: str
    message: str
    url: str = ""  # SIGN_IN: where to sign in
    code: str = ""  # SIGN_IN: the code to enter there

    @classmethod
    def progress(cls, title: str, message: str) -> Notice:
        return cls(NoticeKind.PROGRESS, title, message)

    @classmethod
    def warning(cls, title: str, message: str) -> Notice:
        return cls(NoticeKind.WARNING, title, message)

    @classmethod
    def sign_in(cls, title: str, url: str, code: str) -> Notice:
        return cls(NoticeKind.SIGN_IN, title, f"Open {url} and enter code {code}", url, code)


#: The face's hook for notices; backends may call it from any thread.
Notifier = Callable[[Notice], None]
