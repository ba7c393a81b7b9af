"""Copy and save: the selection or visible lines to the clipboard, the whole buffer to a file."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from acitui.errors import InvalidInputError
from acitui.model import LineKind
from acitui.ui.logs.export import write_log
from tests.memory_backend import MemoryBackend, log_group
from tests.ui.logs.host import HostApp, screen_text, settings, wait_for


async def test_save_writes_whole_buffer_and_names_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s then Enter writes every buffered line (not just the screen) and says where."""
    monkeypatch.chdir(tmp_path)
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"saved {i}" for i in range(300)] + ["evil \x1b]0;PWNED\x07 end"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 301, "the tail")
        await pilot.press("ctrl+s")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(t == "Log saved" for t, _, _ in app.notices), "saved")
        files = list(tmp_path.glob("acitui-web-app-*.log"))
        assert len(files) == 1
        message = next(m for t, m, _ in app.notices if t == "Log saved")
        assert message == f"Saved 301 lines to {files[0].resolve()}"
        lines = files[0].read_text(encoding="utf-8").splitlines()
        assert lines[0] == "saved 0"
        assert lines[-1] == "evil  end"
        assert "\x1b" not in files[0].read_text(encoding="utf-8")


async def test_save_to_a_typed_path_and_refuse_to_overwrite(tmp_path: Path) -> None:
    """A typed path is used as given; an existing file is refused with a clear message."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["one", "two"])
    target = tmp_path / "out.log"
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 2, "the tail")
        await pilot.press("ctrl+s")
        app.logs.query_one("#logs-save", Input).value = str(target)  # as if typed
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists(), "file written")
        assert target.read_text(encoding="utf-8") == "one\ntwo\n"
        await pilot.press("ctrl+s")
        app.logs.query_one("#logs-save", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(t == "Not saved" for t, _, _ in app.notices), "refused")
        message = next(m for t, m, _ in app.notices if t == "Not saved")
        assert f"{target} already exists" in message
        assert app.is_running


async def test_copy_puts_visible_lines_on_the_clipboard() -> None:
    """`c` without a selection copies the lines on screen, sanitised."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", [f"copy {i}" for i in range(100)] + ["bad \x1b]52;c;SEVMTE8=\x07 tail"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "bad  tail" in screen_text(app), "the tail")
        await pilot.press("c")
        await wait_for(pilot, lambda: app.clipboard, "clipboard")
        copied = app.clipboard.splitlines()
        assert copied[-1] == "bad  tail"
        assert "copy 99" in copied
        assert "copy 0" not in copied  # scrolled off screen
        assert "\x1b" not in app.clipboard
        assert any(m.startswith(f"Copied {len(copied)} lines") for _, m, _ in app.notices)


async def test_copy_puts_a_mouse_selection_on_the_clipboard() -> None:
    """`c` with a mouse selection copies exactly the selected text."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed("app", ["first line here", "second line here", "third line here"])
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "third line here" in screen_text(app), "the tail")
        await pilot.mouse_down(app.view, offset=(0, 1))
        await pilot.hover(app.view, offset=(7, 2))  # column 0 is the marker gutter
        await pilot.mouse_up(app.view, offset=(7, 2))
        await wait_for(pilot, lambda: app.screen.get_selected_text(), "a selection")
        await pilot.press("c")
        await wait_for(pilot, lambda: app.clipboard, "clipboard")
        assert app.clipboard == "second line here\nthird l"


def test_saved_file_is_private_and_appears_only_when_complete(tmp_path: Path) -> None:
    """The file is 0600 whatever the umask; a failure midway leaves neither it nor a temp file."""
    old = os.umask(0o022)
    try:
        target = tmp_path / "ok.log"
        assert write_log(target, ["a", "b"]) == 2
        assert stat.S_IMODE(target.stat().st_mode) == 0o600

        def failing() -> Iterator[str]:
            yield "first"
            raise OSError(errno.ENOSPC, "No space left on device")

        broken = tmp_path / "broken.log"
        with pytest.raises(InvalidInputError, match="No space left"):
            write_log(broken, failing())
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.log"]


async def test_saved_file_keeps_carriage_returns_and_quotes_forged_markers(
    tmp_path: Path,
) -> None:
    """Saved lines keep `\\r` as written (escapes gone); output posing as a marker is quoted."""
    group = log_group()
    backend = MemoryBackend(group)
    backend.seed(
        "app",
        [
            "progress 10%\rprogress 100%\x1b[2K",
            "\x1b[33;1m──── ⟳ container restarted ────\x1b[0m",
        ],
    )
    target = tmp_path / "out.log"
    app = HostApp(backend, group, None, settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: len(app.view.lines) == 2, "the tail")
        backend.send("app", [backend.line("app", "restarted for real", LineKind.RESTART)])
        await wait_for(pilot, lambda: len(app.view.lines) == 3, "the marker")
        await pilot.press("ctrl+s")
        app.logs.query_one("#logs-save", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists(), "file written")
    content = target.read_bytes().decode("utf-8")
    assert content.split("\n") == [
        "progress 10%\rprogress 100%",
        "| ──── ⟳ container restarted ────",
        "──── ⟳ restarted for real ────",
        "",
    ]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
