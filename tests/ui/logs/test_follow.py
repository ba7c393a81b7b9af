"""Following a container's log: new lines, pause and resume, markers, errors, the cap."""

from __future__ import annotations

from collections.abc import AsyncIterator

from acitui.errors import UnavailableError
from acitui.model import GroupRef, LineKind, LogLine
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


class BurstBackend(MemoryBackend):
    """Hands on every line already waiting as one batch, as the Docker reader does with a
    flood. (The base class hands on one line a time, so a flush could land mid-flood.)"""

    async def follow_log_batches(
        self, ref: GroupRef, container: str, *, tail: int | None = 100
    ) -> AsyncIterator[list[LogLine]]:
        lines = self.follow_logs(ref, container, tail=tail)
        try:
            async for line in lines:
                batch = [line]
                for waiting in self.logs[container].subscribers:  # this follower's queue
                    batch += [await anext(lines) for _ in range(waiting.qsize())]  # none waits
                yield batch
        finally:
            await lines.aclose()  # type: ignore[attr-defined]


async def test_follow_shows_tail_then_new_lines() -> None:
    """The last lines of the log appear at once, then new lines as they are written."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"old line {i}" for i in range(800)])
    app = HostApp(backend, group, None, settings(tail=500))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "old line 799" in app.view.lines, "the tail")
        assert len(app.view.lines) == 500  # only the last 500 of 800
        assert backend.follows == [("app", 500)]
        backend.emit("app", ["fresh line one", "fresh line two"])
        await wait_for(pilot, lambda: "fresh line two" in screen_text(app), "new lines on screen")
        assert "● following" in screen_text(app)
        assert "502/100,000 lines" in screen_text(app)


async def test_pause_holds_back_and_counts_then_resume_shows_them() -> None:
    """`f` pauses: new lines are held back and counted; `f` again shows them all."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        backend.emit("app", ["before pause"])
        await wait_for(pilot, lambda: "before pause" in app.view.lines, "first line")
        await pilot.press("f")
        backend.emit("app", [f"held {i}" for i in range(1234)])
        await wait_for(pilot, lambda: "1,234 new lines" in screen_text(app), "held count")
        assert "paused" in screen_text(app)
        assert not any(line.startswith("held") for line in app.view.lines)
        await pilot.press("f")
        await wait_for(pilot, lambda: "held 1233" in screen_text(app), "held lines shown")
        assert app.view.lines[-1] == "held 1233"
        assert "new lines" not in screen_text(app)


async def test_scrolling_up_pauses_and_end_resumes() -> None:
    """Scrolling up stops the view from moving; End shows the held lines and follows."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"line {i}" for i in range(300)])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "line 299" in app.view.lines, "the tail")
        await pilot.press("pageup")
        await wait_for(pilot, lambda: "paused (scrolled)" in screen_text(app), "scroll pause")
        top = app.view.scroll_offset.y
        backend.emit("app", ["arrived while scrolled"])
        await wait_for(pilot, lambda: "1 new lines" in screen_text(app), "held count")
        assert app.view.scroll_offset.y == top
        await pilot.press("end")
        await wait_for(pilot, lambda: "arrived while scrolled" in screen_text(app), "resumed")
        assert "● following" in screen_text(app)


async def test_restart_gap_and_info_markers_are_shown_as_rules() -> None:
    """Restart, gap and info markers from the backend appear as distinct rules."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        backend.emit("app", ["last words"])
        backend.emit("app", ["container app restarted (exit 137)"], LineKind.RESTART)
        backend.emit("app", ["lines lost between two reads"], LineKind.GAP)
        backend.emit("app", ["reconnected"], LineKind.INFO)
        backend.emit("app", ["first words"])
        await wait_for(pilot, lambda: "first words" in screen_text(app), "lines")
        text = screen_text(app)
        assert "──── ⟳ container app restarted (exit 137) ────" in text
        assert "──── ⋯ lines lost between two reads ────" in text
        assert "──── ℹ reconnected ────" in text
        kinds = [app.view.row_kind(app.view.first_row + i) for i in range(len(app.view.lines))]
        assert kinds == [None, "marker", "marker", "info", None]


async def test_backend_error_ends_stream_with_status_and_retry_follows_again() -> None:
    """A backend error shows "stream ended: … press f to retry", the app runs on, f retries."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        backend.emit("app", ["before the failure"])
        await wait_for(pilot, lambda: "before the failure" in app.view.lines, "line")
        backend.fail("app", UnavailableError("Docker engine went away", hint="Start it."))
        await wait_for(
            pilot,
            lambda: "stream ended: Docker engine went away — press f to retry" in screen_text(app),
            "ended status",
        )
        assert app.is_running
        assert (
            "Unavailable",
            "app: Docker engine went away. Press f to retry.",
            "error",
        ) in app.notices
        await pilot.press("f")
        await wait_for(pilot, lambda: backend.followers("app"), "the follow again")
        backend.emit("app", ["after the retry"])
        await wait_for(pilot, lambda: "after the retry" in app.view.lines, "new line")
        assert app.view.lines.count("before the failure") == 1  # not fetched twice
        assert "stream ended: Docker" not in screen_text(app).splitlines()[1]


async def test_retry_shows_the_backlogs_run_markers_once() -> None:
    """After f retries an ended stream, the re-read backlog's run markers are not shown again."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["run 1 says hi"])
    run_2 = "run 2 started 04:00:01Z (the previous run exited with code 3)"
    backend.send("app", [backend.line("app", run_2, LineKind.RESTART)])
    backend.seed("app", ["run 2 says hi"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "run 2 says hi" in app.view.lines, "the backlog")
        backend.end("app")
        await wait_for(pilot, lambda: "press f to retry" in screen_text(app), "ended status")
        await pilot.press("f")
        await wait_for(pilot, lambda: backend.followers("app"), "the follow again")
        backend.send("app", [backend.line("app", "run 3 started", LineKind.RESTART)])
        backend.emit("app", ["after the retry"])
        await wait_for(pilot, lambda: "after the retry" in app.view.lines, "new line")
        view = app.view
        markers = [
            line.split("⟳ ")[1].split(" started")[0]
            for row, line in enumerate(view.lines, view.first_row)
            if view.row_kind(row) == "marker" and "⟳" in line
        ]
        assert markers == ["run 2", "run 3"]  # the newer marker still shows
        assert view.lines.count("run 1 says hi") == view.lines.count("run 2 says hi") == 1


async def test_full_buffer_still_shows_the_newest_lines() -> None:
    """With a small cap, the screen shows the newest lines, not stale ones (Textual prune bug)."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings(cap=50))
    async with app.run_test(size=(80, 20)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        for batch in range(10):
            backend.emit("app", [f"row {batch * 20 + i}" for i in range(20)])
            await wait_for(pilot, lambda b=batch: f"row {b * 20 + 19}" in app.view.lines, "batch")
        await wait_for(pilot, lambda: "row 199" in screen_text(app), "newest on screen")
        text = screen_text(app)
        assert "row 198" in text
        assert "row 119" not in text
        assert len(app.view.lines) == 50
        assert "50/50 lines" in text


async def test_flood_beyond_the_cap_is_dropped_with_a_gap_count() -> None:
    """A flood beyond the cap drops the oldest lines and counts them; memory stays capped."""
    group = log_group()
    backend = BurstBackend(group)  # the flood arrives between two flushes, as a real one does
    app = HostApp(backend, group, None, settings(cap=100))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        backend.send("app", [backend.line("app", f"flood {i}") for i in range(1000)])
        await wait_for(pilot, lambda: "flood 999" in app.view.lines, "the newest line")
        assert len(app.view.lines) == 100
        assert "skipped (too fast)" in screen_text(app)
        assert any("lines skipped" in line for line in app.view.lines)
        feed = app.logs.feed
        kept = sum(line.kind is LineKind.OUTPUT for line in feed.buffer.lines)
        lost = 1000 - kept  # lost before the buffer or from it: all in the notice
        assert feed.dropped[0] == lost and f"{lost:,} lines / " in screen_text(app)
