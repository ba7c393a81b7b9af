"""The log screen: follow, pause, search, wrap, timestamps, all containers, copy, save.

:class:`LogStreams` follow the containers into the feed's bounded pump; a timer
calls :meth:`LogFeed.flush`, which writes to the widget with one
``write_batch`` per batch. Paused (``f``, scrolling up, or a search jump), new
lines stay in the buffer and are counted until End/``f`` shows them. This
module holds the keys: what each one does to the feed, the view and the prompts.
"""

from __future__ import annotations

import asyncio
import gc
import time
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from acitui.backends.base import Backend
from acitui.config import Settings
from acitui.errors import AcituiError
from acitui.model import ContainerGroup, LineKind, LogLine
from acitui.sanitize import sanitize, sanitize_name
from acitui.ui.keys import bindings
from acitui.ui.logs.empty import empty_reason
from acitui.ui.logs.export import copy_text, default_filename, resolve_save_path, write_log
from acitui.ui.logs.feed import LogFeed
from acitui.ui.logs.render import Format, file_line
from acitui.ui.logs.search import Search
from acitui.ui.logs.status import StatusState, next_tail, tail_label
from acitui.ui.logs.streams import LogStreams
from acitui.ui.logs.view import LogView

#: How often arrived lines are written to the widget.
FLUSH_SECONDS = 0.15
#: Collector thresholds while a log is open (Python's default: 700, 10, 10). A flood
#: allocates ~50k lines a second with 100k held: by default a full collection ran about
#: once a second and scanned them all, 30-115 ms holding the GIL (the worst stalls measured).
GC_THRESHOLD = (50_000, 20, 10)


class LogsScreen(Screen[None]):
    """Follow the logs of one container, or of all containers of a group interleaved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("logs"),
        *(b for b in bindings("detail") if b.id == "back"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"logs--ok", "logs--warn", "logs--error"}
    DEFAULT_CSS = """
    LogsScreen {
        & > .logs--ok { color: $success; }
        & > .logs--warn { color: $warning; }
        & > .logs--error { color: $error; text-style: bold; }
        #logs-title { height: 1; background: $panel; padding: 0 1; }
        #logs-notice { height: 1; padding: 0 1; }
        .logs-prompt { dock: bottom; display: none; }
        .logs-prompt.shown { display: block; }
    }
    """

    def __init__(
        self,
        backend: Backend,
        group: ContainerGroup,
        container: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.group = group
        self.settings = settings or Settings()
        names = tuple(c.name for c in group.containers)
        self.container_names = names
        self.container = container if container is not None else (names[0] if names else "")
        self.all_containers = False
        self.tail: int | None = self.settings.ui.log_tail
        self.feed = LogFeed(self.settings.ui.log_cap)
        self.search = Search()
        self.streams = LogStreams(backend, group.ref, self.feed.pump, self.run_worker, self._ended)
        self._status = StatusState()
        self._save_default = ""
        self._search_text = ""
        self._gc_threshold = gc.get_threshold()

    # Layout and lifecycle

    def compose(self) -> ComposeResult:
        yield Static(id="logs-title")
        yield Static(id="logs-notice")
        yield LogView(max_lines=self.feed.cap, max_bytes=self.feed.view_bytes, id="logs-view")
        yield Input(
            placeholder="search (Enter: jump, Esc: close)", id="logs-search", classes="logs-prompt"
        )
        yield Input(id="logs-save", classes="logs-prompt")
        yield Footer()

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def on_mount(self) -> None:
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLD)
        self.feed.attach(self.view)
        self.view.focus()
        self.set_interval(FLUSH_SECONDS, self.flush, name="log flush")
        self._restart_streams()

    def on_unmount(self) -> None:
        self.streams.stop()
        gc.set_threshold(*self._gc_threshold)

    def _restart_streams(self) -> None:
        """Forget everything shown and follow again (new tail or container set)."""
        self.streams.stop()
        self.feed.reset()
        names = self.container_names if self.all_containers else (self.container,)
        names = tuple(n for n in names if n)
        width = max((len(sanitize_name(n)) for n in names), default=0)
        self.feed.format = Format(self.feed.format.timestamps, width if self.all_containers else 0)
        self._search_text = ""  # rows start again: the old "match i/n" is stale
        if not names:
            self.feed.pump.push(LogLine("this group has no containers", kind=LineKind.INFO))
        else:
            self.streams.start(names, self.tail)
        self.update_status()

    def _ended(self, container: str, reason: str, error: AcituiError | None) -> None:
        title = error.title if error is not None else "Log stream ended"
        self.notify(
            sanitize(f"{container}: {reason}. Press f to retry."),
            title=sanitize(title),
            severity="error" if error is not None else "warning",
            markup=False,
        )
        self.update_status()

    def flush(self) -> None:
        """Move arrived lines into the buffer and, when following, onto the screen."""
        self.feed.flush(self.streams.started_at if self.all_containers else None)
        self.update_status()

    # Status

    def update_status(self) -> None:
        styles = {k: self.get_component_rich_style(f"logs--{k}") for k in ("ok", "warn", "error")}
        ascii_only = bool(getattr(self.app.current_theme, "ansi", False))
        target = f"{sanitize_name(str(self.group.ref))}{' > ' if ascii_only else ' ▸ '}"
        target += (
            f"all {len(self.container_names)} containers"
            if self.all_containers
            else sanitize_name(self.container) or "-"
        )
        feed = self.feed
        if feed.following and self.view.user_scrolled_up:
            feed.pause("scrolled")  # the view is not moving: never claim to follow
        state = StatusState(
            target=target,
            following=feed.following,
            pause_reason=feed.pause_reason,
            lines=len(feed.buffer),
            cap=feed.cap,
            tail=self.tail,
            timestamps=feed.format.timestamps,
            timezone=time.strftime("%Z"),
            wrap=feed.wrap,
            skipped=feed.skipped,
            dropped_lines=feed.dropped[0],
            dropped_bytes=feed.dropped[1],
            behind=feed.behind if feed.following else 0,
            held=feed.held,
            ended=[(sanitize_name(n), sanitize(r)) for n, r in self.streams.ended.items()],
            running=self.streams.running,
            search=self._search_text,
            empty=empty_reason(self.group, self.container) if not self.all_containers else "",
            ascii=ascii_only,
        )
        if state == self._status:
            return
        self._status = state
        self.query_one("#logs-title", Static).update(state.title(styles))
        notice = state.notice(styles)  # an empty line when all is well: the layout never jumps
        self.query_one("#logs-notice", Static).update(notice)

    def _set_search_status(self, text: str) -> None:
        self._search_text = text
        self.update_status()

    # Follow / pause

    def pause(self, reason: str = "") -> None:
        if self.feed.pause(reason):
            self.update_status()

    def resume(self) -> None:
        self.feed.resume()
        self.update_status()

    def action_toggle_follow(self) -> None:
        if self.streams.ended:
            self.streams.retry()
            self.resume()
        elif self.feed.following:
            self.pause()
        else:
            self.resume()

    def action_scroll_end_follow(self) -> None:
        self.resume()

    @on(LogView.ScrolledUp)
    def _scrolled_up(self) -> None:
        self.pause("scrolled")

    @on(LogView.ReachedEnd)
    def _reached_end(self) -> None:
        if self.feed.pause_reason == "scrolled":
            self.resume()

    @on(LogView.ResumeRequested)
    def _resume_requested(self) -> None:
        self.resume()

    # Display options

    def action_toggle_timestamps(self) -> None:
        fmt = self.feed.format
        self.feed.format = Format(fmt.timestamps.next(), fmt.prefix_width)
        self._rerender()

    def _rerender(self) -> None:
        self.feed.rerender()
        self._search_text = ""  # rows were renumbered: n/N starts again from the newest
        self.update_status()

    def action_toggle_wrap(self) -> None:
        self.feed.wrap = not self.feed.wrap
        self._rerender()

    def action_cycle_tail(self) -> None:
        self.tail = next_tail(self.tail)
        self._restart_streams()
        self.notify(f"Tail: {tail_label(self.tail)} lines, fetched again.", markup=False)

    def action_toggle_all_containers(self) -> None:
        if len(self.container_names) < 2 and not self.all_containers:
            self.notify("This group has only one container.", markup=False)
            return
        self.all_containers = not self.all_containers
        self._restart_streams()

    # Search

    def action_search(self) -> None:
        box = self.query_one("#logs-search", Input)
        box.add_class("shown")
        box.value = self.search.query
        box.focus()

    @on(Input.Changed, "#logs-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search.set_query(event.value)
        self.view.set_pattern(self.search.pattern)
        self.view.current_row = None

    @on(Input.Submitted, "#logs-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._close_prompt(event.input)
        if not self.search.query:
            self._set_search_status("")
            return
        self._jump(forward=False)

    def action_next_match(self) -> None:
        self._jump(forward=True)

    def action_previous_match(self) -> None:
        self._jump(forward=False)

    def _jump(self, forward: bool) -> None:
        if self.search.pattern is None:
            self.notify("Press / to search first.", markup=False)
            return
        view = self.view
        hit = self.search.step(view.lines, view.first_row, view.current_row, forward)
        query = sanitize(self.search.query)
        if hit is None:
            view.current_row = None
            view.refresh()
            self._set_search_status(f"no match for “{query}”")
            return
        self.pause("search")
        self.feed.pause_reason = "search"  # a jump landing at the end must not resume following
        view.show_row(hit.row)
        self._set_search_status(f"match {hit.index:,}/{hit.count:,} for “{query}” (n/N)")

    # Copy and save

    def action_copy(self) -> None:
        text = copy_text(self.get_selected_text(), self.view.visible_lines())
        self.app.copy_to_clipboard(text)
        count = text.count("\n") + 1 if text else 0
        self.notify(f"Copied {count:,} lines to the clipboard (OSC 52).", markup=False)

    def action_save(self) -> None:
        name = self.container if not self.all_containers else "all"
        self._save_default = default_filename(self.group.name, name)
        box = self.query_one("#logs-save", Input)
        box.placeholder = f"save to (Enter: {Path.cwd() / self._save_default})"
        box.value = ""
        box.add_class("shown")
        box.focus()

    @on(Input.Submitted, "#logs-save")
    async def _save_submitted(self, event: Input.Submitted) -> None:
        path = resolve_save_path(event.value, self._save_default, Path.cwd())
        lines = list(self.feed.buffer.lines)
        fmt = self.feed.format
        try:
            count = await asyncio.to_thread(write_log, path, (file_line(x, fmt) for x in lines))
        except AcituiError as exc:
            self.notify(sanitize(str(exc)), title="Not saved", severity="error", markup=False)
            return
        self._close_prompt(event.input)
        where = sanitize(str(path))
        self.notify(
            f"Saved {count:,} lines to {where}", title="Log saved", timeout=15, markup=False
        )

    # Leaving

    def _close_prompt(self, box: Input) -> None:
        box.remove_class("shown")
        self.view.focus()

    def action_back(self) -> None:
        for box in self.query(".logs-prompt.shown").results(Input):
            self._close_prompt(box)
            return
        self.app.pop_screen()
