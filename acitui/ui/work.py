"""Backend calls as workers, and the one place their errors are turned into notices."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from textual.worker import Worker, WorkerState


class BackendWork:
    """Mixin for the app and its screens: run a backend call, report its failure once.

    Every backend call runs as a worker (``exit_on_error=False``, a named group);
    a worker that fails hands its exception to ``app.report_error``.
    """

    def backend_work(
        self,
        work: Coroutine[Any, Any, Any],
        *,
        group: str,
        exclusive: bool = False,
        description: str = "",
    ) -> Worker[Any]:
        return self.run_worker(  # type: ignore[attr-defined, no-any-return]
            work,
            group=group,
            exclusive=exclusive,
            exit_on_error=False,
            description=description or group,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
