"""Searching the log: highlighted matches, jumping, n/N, and the match count."""

from __future__ import annotations

from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


def _lines() -> list[str]:
    out = []
    for i in range(400):
        out.append(f"request {i} ok" if i % 100 else f"request {i} ERROR timeout")
    return out


async def test_search_jumps_to_newest_match_and_n_and_shift_n_move() -> None:
    """`/` + Enter jumps to the newest match ("match 4/4"), N goes older, n newer (wrapping)."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", _lines())
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "request 399 ok" in app.view.lines, "the tail")
        await pilot.press("slash")
        await pilot.press(*"error")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "match 4/4" in screen_text(app), "first jump")
        assert "request 300 ERROR timeout" in screen_text(app)
        assert "paused (search)" in screen_text(app)
        await pilot.press("N")
        await wait_for(pilot, lambda: "match 3/4" in screen_text(app), "previous")
        assert "request 200 ERROR timeout" in screen_text(app)
        assert "request 399 ok" not in screen_text(app)
        await pilot.press("N", "N")
        await wait_for(pilot, lambda: "match 1/4" in screen_text(app), "oldest")
        assert "request 0 ERROR timeout" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: "match 2/4" in screen_text(app), "next")
        await pilot.press("N", "N")
        await wait_for(pilot, lambda: "match 4/4" in screen_text(app), "wrapped to newest")


async def test_matches_are_highlighted_on_screen() -> None:
    """Every visible occurrence of the query is drawn in the match style, other text is not."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["alpha beta", "gamma", "beta again"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "beta again" in app.view.lines, "the tail")
        await pilot.press("slash", *"beta", "enter")
        await wait_for(pilot, lambda: "match 2/2" in screen_text(app), "jump")
        highlighted: list[str] = []
        for y in range(3):
            segments = [seg for seg in app.view.render_line(y) if seg.text.strip()]
            plain_bg = {seg.style.bgcolor for seg in segments if "beta" not in seg.text}
            for seg in segments:
                if seg.style.bgcolor not in plain_bg:
                    highlighted.append(seg.text)
        assert highlighted == ["beta", "beta"]


async def test_search_with_no_match_says_so_and_keeps_following() -> None:
    """A query that matches nothing says "no match" and does not pause the log."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["one", "two"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "two" in app.view.lines, "the tail")
        await pilot.press("slash", *"zebra", "enter")
        await wait_for(pilot, lambda: "no match for “zebra”" in screen_text(app), "no match")
        assert "● following" in screen_text(app)
        backend.emit("app", ["three"])
        await wait_for(pilot, lambda: "three" in screen_text(app), "still following")
