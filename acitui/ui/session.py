"""Per-backend state kept across backend switches: the backend and the user's place."""

from __future__ import annotations

from dataclasses import dataclass

from acitui.backends.base import Backend


@dataclass
class Place:
    """Where the user was in one backend's list."""

    resource_group: str | None = None
    cursor_key: str | None = None
    filter: str = ""


@dataclass
class Session:
    name: str
    backend: Backend
    target: str = ""
    place: Place | None = None

    def __post_init__(self) -> None:
        if self.place is None:
            self.place = Place()
