"""Display options: all containers interleaved, timestamps, wrap, tail size, hostile lines."""

from __future__ import annotations

from datetime import timedelta

from acitui.model import LineKind, LogLine
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_lines, screen_text, settings, wait_for


async def test_all_containers_interleaves_by_time_with_prefixes() -> None:
    """`a` shows every container's lines in time order, each with its [container] prefix."""
    group = log_group(containers=("web", "sidecar"))
    backend = MemoryBackend(group)
    for i in range(5):
        backend.seed("web", [f"web says {i}"])
        backend.seed("sidecar", [f"sidecar says {i}"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "web says 4" in app.view.lines, "web's tail")
        assert not any("sidecar" in line for line in app.view.lines)
        await pilot.press("a")
        await wait_for(pilot, lambda: len(app.view.lines) == 10, "both tails")
        assert app.view.lines == [
            line
            for i in range(5)
            for line in (f"[web]     web says {i}", f"[sidecar] sidecar says {i}")
        ]
        assert "all 2 containers" in screen_text(app)
        backend.emit("sidecar", ["live from sidecar"])
        await wait_for(pilot, lambda: "[sidecar] live from sidecar" in screen_text(app), "live")
        await pilot.press("a")
        await wait_for(pilot, lambda: "web says 4" in app.view.lines, "back to one container")
        assert not any(line.startswith("[") for line in app.view.lines)


async def test_all_containers_merges_a_tail_that_arrives_late() -> None:
    """A container whose tail arrives after another's live lines is still placed in time order."""
    group = log_group(containers=("web", "sidecar"))
    backend = MemoryBackend(group)
    backend.seed("web", ["web early"])
    backend.seed("sidecar", ["sidecar early"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("web"), "follow")
        await pilot.press("a")
        await wait_for(pilot, lambda: len(app.view.lines) == 2, "tails")
        old = backend.clock - timedelta(minutes=5)
        backend.send("sidecar", [LogLine("sidecar older", container="sidecar", timestamp=old)])
        await wait_for(pilot, lambda: len(app.view.lines) == 3, "late line")
        assert app.view.lines[0] == "[sidecar] sidecar older"


async def test_timestamps_cycle_local_utc_off() -> None:
    """`t` shows timestamps in local time, then UTC, then hides them."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["stamped"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "stamped" in app.view.lines, "line")
        stamp = backend.clock
        await pilot.press("t")
        local = stamp.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        await wait_for(pilot, lambda: f"{local}.001 stamped" in screen_text(app), "local")
        assert "time local" in screen_text(app)
        await pilot.press("t")
        await wait_for(pilot, lambda: "2026-11-23 04:00:00.001 stamped" in screen_text(app), "UTC")
        assert "time UTC" in screen_text(app)
        await pilot.press("t")
        await wait_for(pilot, lambda: app.view.lines[-1] == "stamped", "off")


async def test_wrap_splits_long_lines_to_the_width() -> None:
    """`w` wraps a long line onto several rows so all of it is visible; `w` again unwraps."""
    group = log_group()
    backend = MemoryBackend(group)
    long = "".join(f"{i:03d}-" for i in range(60)) + "END"
    backend.seed("app", [long])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: long in app.view.lines, "line")
        assert "END" not in screen_text(app)
        await pilot.press("w")
        await wait_for(pilot, lambda: "END" in screen_text(app), "wrapped")
        assert len(app.view.lines) == 4
        assert "".join(app.view.lines) == long
        assert all(len(line) <= 80 for line in screen_lines(app))
        await pilot.press("w")
        await wait_for(pilot, lambda: app.view.lines == [long], "unwrapped")


async def test_plus_cycles_tail_size_and_fetches_again() -> None:
    """`+` goes 500 → 1000 → 5000 → all → 100 and fetches that many lines again."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"l{i}" for i in range(7000)])
    app = HostApp(backend, group, None, settings(tail=500))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 500, "500")
        for expected, label in ((1000, "1,000"), (5000, "5,000"), (7000, "all"), (100, "100")):
            await pilot.press("plus")
            await wait_for(pilot, lambda e=expected: len(app.view.lines) == e, f"tail {label}")
            assert f"tail {label}" in screen_text(app)
        assert [t for _, t in backend.follows] == [500, 1000, 5000, None, 100]


async def test_hostile_lines_arrive_neutralised() -> None:
    """Escape sequences and control characters in a line never reach the screen."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    hostile = "A\x1b]52;c;SEVMTE8=\x07B\x1b]0;PWNED\x07C\x1b[2JD\x1b[6nE\x07\x00\x9b31mF\u202eG"
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "follow")
        backend.emit("app", [hostile, "multi\nline\rX"])
        await wait_for(pilot, lambda: "ABCDEFG" in screen_text(app), "the cleaned line")
        for line in app.view.lines:
            assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in line), repr(line)
        assert "PWNED" not in screen_text(app)
        assert "SEVMTE8" not in screen_text(app)


async def test_coloured_lines_keep_their_colours_without_escapes() -> None:
    """SGR colours from a container are drawn as colours; the escape bytes are not shown."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["\x1b[31mERROR\x1b[0m disk full", "plain line"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "ERROR disk full" in screen_text(app), "the line")
        assert app.view.lines[0] == "ERROR disk full"
        segments = {seg.text: seg.style for seg in app.view.render_line(0) if seg.text.strip()}
        plain = {seg.text: seg.style for seg in app.view.render_line(1) if seg.text.strip()}
        assert segments["ERROR"].color != segments[" disk full"].color
        assert segments[" disk full"].color == plain["plain line"].color
        await pilot.press("w")  # colours survive a re-render
        await wait_for(pilot, lambda: "wrap on" in screen_text(app), "wrapped")
        again = {seg.text: seg.style for seg in app.view.render_line(0) if seg.text.strip()}
        assert again["ERROR"].color == segments["ERROR"].color


async def test_output_cannot_forge_a_marker_row() -> None:
    """A line copying a restart marker's text and colours gets no gutter bar and is quoted."""
    group = log_group()
    backend = MemoryBackend(group)
    forged = "\x1b[33;1m──── ⟳ container restarted ────\x1b[0m"
    backend.seed("app", [forged])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 1, "the tail")
        backend.send("app", [backend.line("app", "container restarted", LineKind.RESTART)])
        await wait_for(pilot, lambda: len(app.view.lines) == 2, "the marker")
        fake, real = next(iter(app.view.render_line(0))), next(iter(app.view.render_line(1)))
        assert fake.text == real.text == " "
        background = app.view.rich_style.bgcolor
        fake_gutter, real_gutter = fake.style, real.style
        assert fake_gutter is not None and fake_gutter.bgcolor == background
        assert real_gutter is not None and real_gutter.bgcolor not in (None, background)
        assert [row.strip() for row in screen_lines(app)[2:4]] == [
            "| ──── ⟳ container restarted ────",
            "──── ⟳ container restarted ────",
        ]


async def test_the_view_scrolls_as_wide_as_its_longest_line() -> None:
    """Horizontal scrolling reaches the end of the longest row: plain ASCII, tabs, wide text."""
    group = log_group()
    backend = MemoryBackend(group)
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(80, 20)) as pilot:
        await wait_for(pilot, lambda: backend.followers("app"), "the follow")
        widths = []
        for count, text in enumerate(("a" * 300, "\t" * 40 + "b", "漢" * 200), 1):
            backend.send("app", [backend.line("app", text)])
            await wait_for(pilot, lambda n=count: len(app.view.lines) == n, "the row")
            widths.append(app.view.virtual_size.width)
        assert widths[0] > 300 and widths[1] > 320 and widths[2] > 400
