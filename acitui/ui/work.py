"""Backend calls as workers; a failure goes up to the app as a typed message."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Protocol

from textual.message import Message
from textual.worker import Worker, WorkerState

from acitui.ui.messages import WorkFailed


class WorkerHost(Protocol):
    """What :class:`BackendWork` needs of the node it is mixed into (a screen or the app)."""

    def run_worker(
        self,
        work: Coroutine[Any, Any, Any],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...

    def post_message(self, message: Message) -> bool: ...


class BackendWork:
    """Mixin for the app and its screens: run a backend call, report its failure once.

    Every backend call runs as a worker (``exit_on_error=False``, a named group);
    a worker that fails posts :class:`WorkFailed`, which bubbles to the app. Not a
    DOMNode itself, so the screen's CSS type stays ``Screen``.
    """

    def backend_work(
        self: WorkerHost,
        work: Coroutine[Any, Any, Any],
        *,
        group: str,
        exclusive: bool = False,
        description: str = "",
    ) -> Worker[Any]:
        return self.run_worker(
            work,
            group=group,
            exclusive=exclusive,
            exit_on_error=False,
            description=description or group,
        )

    def on_worker_state_changed(self: WorkerHost, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.post_message(WorkFailed(event.worker.error))
