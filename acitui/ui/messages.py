"""Typed messages between the screens and the app: screens post, the app handles with ``@on``.

Screens never call the app by name (no ``getattr(self.app, ...)``) and never reach
into another screen; they post one of these and the app decides what happens.
"""

from __future__ import annotations

from typing import Literal

from textual.message import Message

from acitui.model import ContainerGroup, GroupRef

#: What a screen can ask the app to do with one group.
GroupVerb = Literal[
    "open",
    "describe",
    "events",
    "environment",
    "metrics",
    "logs",
    "yaml",
    "start",
    "stop",
    "restart",
    "delete",
    "exec",
]


class GroupRequested(Message):
    """A screen asks the app to act on a group (open a view, or a lifecycle verb)."""

    def __init__(
        self, group: ContainerGroup, verb: GroupVerb, container: str | None = None
    ) -> None:
        super().__init__()
        self.group = group
        self.verb = verb
        self.container = container


class ConnectionChanged(Message):
    """A backend call succeeded (``error`` is None) or failed to reach the backend."""

    def __init__(self, error: BaseException | None = None) -> None:
        super().__init__()
        self.error = error


class GroupChanged(Message):
    """A group was changed by an action: lists and views showing it reload it."""

    def __init__(self, ref: GroupRef, deleted: bool = False) -> None:
        super().__init__()
        self.ref = ref
        self.deleted = deleted


class WorkFailed(Message):
    """A backend call run as a worker failed: the app turns it into one notice."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


class RefreshRequested(Message, bubble=False):
    """ctrl+r: the view on top reads what it shows again (posted down by the app)."""


class ExportRequested(Message):
    """A view asks the app to export a group to a re-appliable file (issue 13)."""

    def __init__(self, ref: GroupRef) -> None:
        super().__init__()
        self.ref = ref
