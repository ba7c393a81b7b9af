"""The log screen: follow, pause, search, wrap, timestamps, all containers, copy, save.

Streams push lines into a bounded :class:`LinePump`; a timer flushes them into
the :class:`LogBuffer` and, while following, into the widget with one
``write_lines`` per batch. Paused (``f``, scrolling up, or a search jump), new
lines stay in the buffer and are counted until End/``f`` shows them.
"""

from __future__ import annotations

import asyncio
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
from acitui.ui.logs.export import copy_text, default_filename, resolve_save_path, write_log
from acitui.ui.logs.pump import LinePump, LogBuffer
from acitui.ui.logs.render import Format, render_batch, render_line
from acitui.ui.logs.search import Search
from acitui.ui.logs.status import StatusState, next_tail, tail_label
from acitui.ui.logs.streams import LogStreams
from acitui.ui.logs.view import LogView

#: How often arrived lines are written to the widget.
FLUSH_SECONDS = 0.15
#: Most lines written in one flush; the rest wait (and, past the cap, are dropped).
FLUSH_LIMIT = 25_000


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
        #logs-notice { height: 1; padding: 0 1; display: none; }
        #logs-notice.shown { display: block; }
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
        self.cap = max(10, self.settings.ui.log_cap)
        self.tail: int | None = self.settings.ui.log_tail
        self.format = Format()
        self.wrap = False
        self.following = True
        self.pause_reason = ""
        self.pump = LinePump(self.cap)
        self.buffer = LogBuffer(self.cap)
        self.search = Search()
        self._displayed = 0  # buffer.total when the widget was last brought up to date
        self._skipped = 0
        self._wrap_width = 0
        self._status = StatusState()
        self._save_default = ""
        self._search_text = ""
        self.streams = LogStreams(backend, group.ref, self.pump, self.run_worker, self._ended)

    # Layout and lifecycle

    def compose(self) -> ComposeResult:
        yield Static(id="logs-title")
        yield Static(id="logs-notice")
        yield LogView(max_lines=self.cap, id="logs-view")
        yield Input(
            placeholder="search (Enter: jump, Esc: close)", id="logs-search", classes="logs-prompt"
        )
        yield Input(id="logs-save", classes="logs-prompt")
        yield Footer()

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def on_mount(self) -> None:
        self.view.focus()
        self.set_interval(FLUSH_SECONDS, self.flush, name="log flush")
        self._restart_streams()

    def on_unmount(self) -> None:
        self.streams.stop()

    def _restart_streams(self) -> None:
        """Forget everything shown and follow again (new tail or container set)."""
        self.streams.stop()
        self.buffer.clear()
        self.view.reset()
        self._displayed = 0
        self.following, self.pause_reason = True, ""
        names = self.container_names if self.all_containers else (self.container,)
        names = tuple(n for n in names if n)
        width = max((len(sanitize_name(n)) for n in names), default=0)
        self.format = Format(self.format.timestamps, width if self.all_containers else 0)
        if not names:
            self.pump.push(LogLine("this group has no containers", kind=LineKind.INFO))
        else:
            self.streams.start(names, self.tail)
        self.update_status()

    def _ended(self, container: str, reason: str, error: AcituiError | None) -> None:
        title = error.title if error is not None else "Log stream ended"
        self.notify(
            sanitize(f"{container}: {reason}. Press f to retry."),
            title=title,
            severity="error" if error is not None else "warning",
            markup=False,
        )
        self.update_status()

    # Flushing

    def flush(self) -> None:
        """Move arrived lines into the buffer and, when following, onto the screen."""
        batch, dropped = self.pump.take(FLUSH_LIMIT if self.following else None)
        if dropped:
            self._skipped += dropped
            if len(batch) >= self.cap:
                extra = len(batch) - self.cap + 1
                batch = batch[extra:]
                self._skipped += extra
                dropped += extra
            text = f"{dropped:,} lines skipped: they arrived faster than the screen could show them"
            batch.insert(
                0, LogLine(text, kind=LineKind.GAP, timestamp=batch[0].timestamp if batch else None)
            )
        width = self._current_wrap_width()
        if self.wrap and width != self._wrap_width:
            self.rerender()
        if batch:
            appended: list[LogLine] | None = batch
            if self.all_containers:
                appended = self.buffer.merge(batch, self.streams.started_at)
            else:
                self.buffer.extend(batch)
            if self.following:
                if appended is None:
                    self.rerender()
                else:
                    self._write(appended)
                    self._displayed = self.buffer.total
        self.update_status()

    def _write(self, lines: list[LogLine]) -> None:
        strings, markers = render_batch(lines, self.format, self._wrap_width if self.wrap else 0)
        self.view.write_batch(strings, markers)

    def _current_wrap_width(self) -> int:
        return max(10, self.view.scrollable_content_region.width - 1)

    def rerender(self) -> None:
        """Render the buffer again (timestamps, wrap, prefix or order changed)."""
        view = self.view
        fraction = view.scroll_offset.y / max(1, view.max_scroll_y)
        held = 0 if self.following else self.buffer.total - self._displayed
        lines = list(self.buffer.lines)
        if held > 0:
            lines = lines[: max(0, len(lines) - held)]
        self._wrap_width = self._current_wrap_width()
        view.styles.overflow_x = "hidden" if self.wrap else "auto"
        view.reset()
        self._write(lines)
        if self.following:
            self._displayed = self.buffer.total
            view.follow_end()
        else:
            with view.quiet():
                view.scroll_to(y=round(fraction * view.max_scroll_y), animate=False, immediate=True)
        if self.search.pattern is not None:
            self.search.current_row = None

    # Status

    def update_status(self) -> None:
        styles = {k: self.get_component_rich_style(f"logs--{k}") for k in ("ok", "warn", "error")}
        target = f"{sanitize_name(str(self.group.ref))} ▸ "
        target += (
            f"all {len(self.container_names)} containers"
            if self.all_containers
            else sanitize_name(self.container) or "—"
        )
        state = StatusState(
            target=target,
            following=self.following,
            pause_reason=self.pause_reason,
            lines=len(self.buffer),
            cap=self.cap,
            tail=self.tail,
            timestamps=self.format.timestamps,
            timezone=time.strftime("%Z"),
            wrap=self.wrap,
            skipped=self._skipped,
            held=max(0, self.buffer.total - self._displayed)
            + len(self.pump) * (not self.following),
            ended=[(sanitize_name(n), sanitize(r)) for n, r in self.streams.ended.items()],
            running=self.streams.running,
            search=self._search_text,
        )
        if state == self._status:
            return
        self._status = state
        self.query_one("#logs-title", Static).update(state.title(styles))
        notice = state.notice(styles)
        box = self.query_one("#logs-notice", Static)
        box.update(notice)
        box.set_class(bool(notice.plain), "shown")

    def _set_search_status(self, text: str) -> None:
        self._search_text = text
        self.update_status()

    # Follow / pause

    def pause(self, reason: str = "") -> None:
        if self.following:
            self.following, self.pause_reason = False, reason
            self.update_status()

    def resume(self) -> None:
        """Show the lines held back and follow the newest again."""
        if not self.following:
            self.following, self.pause_reason = True, ""
            self.view.current_row = None
            held = self.buffer.after(self._displayed)
            if held is None:
                self.rerender()
            else:
                self._write(held)
                self._displayed = self.buffer.total
        self.view.follow_end()
        self.update_status()

    def action_toggle_follow(self) -> None:
        if self.streams.ended:
            self.streams.retry()
            self.resume()
        elif self.following:
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
        if self.pause_reason == "scrolled":
            self.resume()

    @on(LogView.ResumeRequested)
    def _resume_requested(self) -> None:
        self.resume()

    # Display options

    def action_toggle_timestamps(self) -> None:
        self.format = Format(self.format.timestamps.next(), self.format.prefix_width)
        self.rerender()
        self.update_status()

    def action_toggle_wrap(self) -> None:
        self.wrap = not self.wrap
        self.rerender()
        self.update_status()

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
        hit = self.search.step(view.lines, view.first_row, forward)
        query = sanitize(self.search.query)
        if hit is None:
            view.current_row = None
            view.refresh()
            self._set_search_status(f"no match for “{query}”")
            return
        self.pause("search")
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
        lines = list(self.buffer.lines)
        fmt = self.format
        try:
            count = await asyncio.to_thread(write_log, path, (render_line(x, fmt) for x in lines))
        except AcituiError as exc:
            self.notify(sanitize(str(exc)), title="Not saved", severity="error", markup=False)
            return
        self._close_prompt(event.input)
        self.notify(f"Saved {count:,} lines to {path}", title="Log saved", timeout=15, markup=False)

    # Leaving

    def _close_prompt(self, box: Input) -> None:
        box.remove_class("shown")
        self.view.focus()

    def action_back(self) -> None:
        for box in self.query(".logs-prompt.shown").results(Input):
            self._close_prompt(box)
            return
        self.app.pop_screen()
