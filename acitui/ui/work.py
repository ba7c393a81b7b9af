"""Backend calls as workers; a failure goes up to the app as a typed message."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from acitui.ui.messages import WorkFailed


class BackendWork(DOMNode):
    """Base for the app and its screens: run a backend call, report its failure once.

    Every backend call runs as a worker (``exit_on_error=False``, a named group);
    a worker that fails posts :class:`WorkFailed`, which bubbles to the app.
    """

    def backend_work(
        self,
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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.post_message(WorkFailed(event.worker.error))
