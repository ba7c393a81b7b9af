"""Keeps the groups screen's model fed: the list (retried when it fails), the live state of
the rows on screen, and CPU/memory of the running ones.

The screen owns the model and draws it; this decides when to read what and tells
the screen when to redraw (:class:`FeedView`). While a list's pages arrive the
model takes each page at once, and the view is redrawn at most every
:data:`VIEW_SECONDS` (the first page at once, the last at once): a redraw per
page cost a layout of the whole screen each ~80 ms on a 5,000-group fleet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker

from acitui.backends.base import Backend
from acitui.model import ContainerGroup, GroupRef
from acitui.ui.groups_loader import load_details, load_group, load_list
from acitui.ui.groups_model import GroupsModel
from acitui.ui.list_metrics import poll_seconds, read_metrics, wanted
from acitui.ui.messages import ConnectionChanged

#: Seconds between redraws while pages arrive.
VIEW_SECONDS = 0.2
#: Seconds between redraws of the resource group counts while pages arrive.
COUNTS_SECONDS = 1.0
#: Seconds the rows must stay put before their details are read (scrolling).
DETAILS_DELAY = 0.15


class FeedView(Protocol):
    """What the feed needs of the screen that shows its model."""

    model: GroupsModel
    retry_seconds: tuple[float, ...]

    @property
    def backend(self) -> Callable[[], Backend | None]: ...

    def backend_work(
        self,
        work: Coroutine[Any, Any, Any],
        *,
        group: str,
        exclusive: bool = False,
        description: str = "",
    ) -> Worker[Any]: ...

    def set_timer(
        self,
        delay: float,
        callback: Callable[[], Any] | None = None,
        *,
        name: str | None = None,
        pause: bool = False,
    ) -> Timer: ...

    def post_message(self, message: Message) -> bool: ...

    def rows_changed(self, *, counts: bool = False) -> None:
        """The model changed: redraw the rows, the status and (``counts``) the pane."""

    def list_read(self) -> None:
        """A whole list is in (after its last redraw)."""

    def visible_keys(self) -> list[str]: ...

    def refresh_rows(self) -> None:
        """Rebuild every drawn row (figures changed)."""

    def show_status(self) -> None: ...


class GroupsFeed:
    """The reads behind one screen: the list, one group, visible details, list metrics."""

    def __init__(self, view: FeedView) -> None:
        self.view = view
        self.retry_in = view.retry_seconds[0]  # said in the status line after a failure
        self._failures = 0
        self._retry_timer: Timer | None = None
        self._details_timer: Timer | None = None
        self._view_timer: Timer | None = None
        self._drawn = -1e9  # monotonic time of the last redraw while pages arrive
        self._counted = -1e9  # ... and of the last counts
        self._metrics_polled = -1e9  # monotonic time of the last list metrics poll

    def reset(self) -> None:
        """A new model (another backend): forget the old one's timers and failures."""
        self.stop_retry()
        self._stop_view_timer()
        self._failures = 0

    # ----- the list -----------------------------------------------------------------------
    def reload(self) -> None:
        """Re-list everything (ctrl+r, the poll timer, a retry after a failure)."""
        self.stop_retry()
        self.view.backend_work(self._reload(), group="list", exclusive=True)

    def stop_retry(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    async def _reload(self) -> None:
        view = self.view
        backend, model = view.backend(), view.model
        if backend is None:
            return
        said = False

        def on_page(count: int) -> None:
            nonlocal said
            if model is not view.model:
                return
            if not said:
                said = True
                view.post_message(ConnectionChanged(None))
            self._page_arrived()

        try:
            await load_list(backend, model, on_page)
        except Exception as exc:
            if model is view.model:
                self._stop_view_timer()
                view.post_message(ConnectionChanged(exc))
                self._retry_later()
                view.show_status()
            raise
        if model is not view.model:
            return
        if not said:
            view.post_message(ConnectionChanged(None))
        self._failures = 0
        self._stop_view_timer()
        view.rows_changed(counts=True)
        view.list_read()
        self.schedule_details()

    def _page_arrived(self) -> None:
        """Redraw now, or once :data:`VIEW_SECONDS` after the last redraw."""
        if self._view_timer is not None:
            return
        wait = self._drawn + VIEW_SECONDS - time.monotonic()
        if wait <= 0:
            self._draw_pages()
        else:
            self._view_timer = self.view.set_timer(wait, self._draw_pages)

    def _draw_pages(self) -> None:
        self._view_timer = None
        now = self._drawn = time.monotonic()
        counts = now >= self._counted + COUNTS_SECONDS
        if counts:
            self._counted = now
        self.view.rows_changed(counts=counts)

    def _stop_view_timer(self) -> None:
        if self._view_timer is not None:
            self._view_timer.stop()
            self._view_timer = None

    def _retry_later(self) -> None:
        """The list failed: try again on our own, less often each time."""
        delays = self.view.retry_seconds
        self.retry_in = delays[min(self._failures, len(delays) - 1)]
        self._failures += 1
        self._retry_timer = self.view.set_timer(self.retry_in, self.reload)

    # ----- one group, details of the rows on screen, their figures --------------------------
    def group_changed(self, ref: GroupRef) -> None:
        """A watch notice or an action: read one group and update its row and the counts."""
        self.view.backend_work(self._reload_one(ref), group="details")

    async def _reload_one(self, ref: GroupRef) -> None:
        view = self.view
        backend, model = view.backend(), view.model
        if backend is None:
            return
        had = str(ref) in model.groups
        group = await load_group(backend, model, ref)
        if model is view.model:
            view.rows_changed(counts=(group is None) == had)

    def schedule_details(self) -> None:
        """Soon, fetch details of the rows on screen (debounced for scrolling)."""
        if self._details_timer is not None:
            self._details_timer.stop()
        self._details_timer = self.view.set_timer(DETAILS_DELAY, self._fetch_visible_details)

    def _fetch_visible_details(self) -> None:
        view = self.view
        backend, model = view.backend(), view.model
        if backend is None or not model.complete or model.loading:
            return  # the list first: its pages would queue behind these calls
        keys = model.details_wanted(view.visible_keys())
        if keys:

            def on_group(group: ContainerGroup | None) -> None:
                if model is view.model:
                    view.rows_changed(counts=group is None)

            view.backend_work(load_details(backend, model, keys, on_group), group="details")

    def poll_metrics(self) -> None:
        """CPU/memory of the running rows on screen, when the backend's poll is due."""
        view = self.view
        backend, model = view.backend(), view.model
        if backend is None or not backend.capabilities.metrics or not model.complete:
            return
        if time.monotonic() - self._metrics_polled < poll_seconds(backend):
            return
        self._metrics_polled = time.monotonic()
        keys = wanted(model, view.visible_keys())

        def changed() -> None:
            if model is view.model:
                view.refresh_rows()

        if keys:
            work = read_metrics(backend, model, keys, changed)
            view.backend_work(work, group="list-metrics", exclusive=True)
