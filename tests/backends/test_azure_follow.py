"""The polling follower's overlap logic: every line once, markers for what was lost or restarted."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from acitui.backends.azure.follow import (
    MAX_LINE_CHARS,
    LogFollower,
    Verdict,
    Window,
    overlap,
    parse_timestamp,
    resume_point,
    split_content,
    to_log_line,
)
from acitui.model import LineKind, LogLine


class FakeLog:
    """A container log as ARM serves it: the last ``tail`` lines of the current run."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.clock = 0

    def append(self, *texts: str, same_stamp: bool = False) -> None:
        for text in texts:
            if not same_stamp:
                self.clock += 1
            self.lines.append(
                f"2026-11-23T04:00:{self.clock // 10**6:02d}.{self.clock:09d}Z {text}"
            )

    def read(self, tail: int | None) -> Window:
        lines = self.lines if tail is None else self.lines[max(0, len(self.lines) - tail) :]
        return Window(tuple(lines), tail)


def poll(follower: LogFollower, log: FakeLog) -> list[LogLine]:
    """One poll as the backend does it: re-read while the follower asks for more."""
    step = follower.advance(log.read(follower.tail))
    while step.verdict is Verdict.NEED_MORE:
        step = follower.advance(log.read(follower.tail))
    out = list(step.lines)
    if step.verdict is Verdict.RESET:
        marker = follower.restart_marker(None, None)
        out = ([marker] if marker else []) + out
    return out


def texts(lines: list[LogLine]) -> list[str]:
    return [line.text for line in lines if line.kind is LineKind.OUTPUT]


def test_split_content_drops_trailing_newline_and_cr() -> None:
    """A log's trailing newline does not become an empty line; CRLF endings are trimmed."""
    assert split_content("a\r\nb\n") == ["a", "b"]
    assert split_content("") == []
    assert split_content(None) == []
    assert split_content("\n\n") == ["", ""]


def test_parse_timestamp_nano_and_offsets() -> None:
    """RFC 3339 nano prefixes are parsed to UTC; lines without one keep their text."""
    when, text = parse_timestamp("2026-11-23T04:05:06.123456789Z hello world")
    assert when == datetime(2026, 11, 23, 4, 5, 6, 123456, tzinfo=UTC)
    assert text == "hello world"
    when, text = parse_timestamp("2026-11-23T06:05:06+02:00 x")
    assert when == datetime(2026, 11, 23, 4, 5, 6, tzinfo=UTC)
    assert text == "x"
    assert parse_timestamp("no stamp here") == (None, "no stamp here")
    assert parse_timestamp("2026-13-45T99:99:99Z broken") == (None, "2026-13-45T99:99:99Z broken")


def test_overlap_finds_longest_suffix_prefix() -> None:
    """The overlap is the longest tail of the old window that starts the new one."""
    assert overlap(["a", "b", "c"], ["b", "c", "d"]) == 2
    assert overlap(["a", "a", "a"], ["a", "a", "b"]) == 2
    assert overlap(["x"], ["y"]) == 0
    assert overlap([], ["y"]) == 0
    assert overlap(["a", "b", "a", "b"], ["a", "b", "a", "b", "c"]) == 4


@given(st.lists(st.sampled_from("ab"), max_size=12), st.lists(st.sampled_from("ab"), max_size=12))
def test_overlap_matches_brute_force(old: list[str], new: list[str]) -> None:
    """The linear overlap search agrees with the obvious quadratic one."""
    best = max(k for k in range(min(len(old), len(new)) + 1) if k == 0 or old[-k:] == new[:k])
    assert overlap(old, new) == best


def test_first_shows_only_requested_tail() -> None:
    """Following with tail=2 shows the last two lines, tail=0 none, more than there are: all."""
    log = FakeLog()
    log.append("one", "two", "three")
    assert texts(LogFollower("c").first(log.read(200), 2)) == ["two", "three"]
    assert LogFollower("c").first(log.read(200), 0) == []
    assert texts(LogFollower("c").first(log.read(200), 50)) == ["one", "two", "three"]


def test_steady_growth_emits_each_line_once() -> None:
    """Lines appended between polls come out once each, in order; idle polls emit nothing."""
    log = FakeLog()
    log.append("boot")
    follower = LogFollower("c", base_tail=5)
    seen = texts(follower.first(log.read(follower.tail), None))
    for i in range(30):
        log.append(f"line {i}")
        seen += texts(poll(follower, log))
        seen += texts(poll(follower, log))
    assert seen == ["boot"] + [f"line {i}" for i in range(30)]


def test_repeated_identical_lines_in_bursts_each_once() -> None:
    """Bursts of the very same text are all shown, none twice, even past the window size."""
    log = FakeLog()
    follower = LogFollower("c", base_tail=4, max_tail=1000)
    seen = texts(follower.first(log.read(follower.tail), None))
    expected: list[str] = []
    for burst in (3, 1, 7, 0, 25, 2):
        log.append(*["same"] * burst)
        expected += ["same"] * burst
        seen += texts(poll(follower, log))
    assert seen == expected


def test_identical_stamps_while_log_fits_window() -> None:
    """Lines sharing text and timestamp are still counted exactly while the log fits one read."""
    log = FakeLog()
    follower = LogFollower("c", base_tail=200)
    follower.first(log.read(follower.tail), None)
    seen: list[str] = []
    for _ in range(4):
        log.append("tick", "tick", "tick", same_stamp=True)
        seen += texts(poll(follower, log))
    assert seen == ["tick"] * 12


def test_burst_beyond_tail_raises_tail_without_loss() -> None:
    """A burst bigger than the read window makes the follower read more, losing nothing."""
    log = FakeLog()
    log.append(*[f"old {i}" for i in range(50)])
    follower = LogFollower("c", base_tail=10, max_tail=5000)
    follower.first(log.read(follower.tail), 0)
    log.append(*[f"burst {i}" for i in range(500)])
    out = poll(follower, log)
    assert texts(out) == [f"burst {i}" for i in range(500)]
    assert all(line.kind is LineKind.OUTPUT for line in out)
    assert follower.tail > 10


def test_burst_beyond_cap_reports_gap_once() -> None:
    """When even the biggest read cannot reach back, one GAP line says so, then the newest lines."""
    log = FakeLog()
    follower = LogFollower("c", base_tail=10, max_tail=40)
    follower.first(log.read(follower.tail), None)
    log.append(*[f"flood {i}" for i in range(100)])
    out = poll(follower, log)
    assert [line.kind for line in out].count(LineKind.GAP) == 1
    assert out[0].kind is LineKind.GAP and "40" in out[0].text
    assert texts(out) == [f"flood {i}" for i in range(60, 100)]
    log.append("after")
    assert texts(poll(follower, log)) == ["after"]


def test_log_reset_gives_one_restart_marker_and_no_reprint() -> None:
    """A log that starts over shows one RESTART line, then only the new run's lines."""
    log = FakeLog()
    log.append("run1 a", "run1 b")
    follower = LogFollower("c", base_tail=50)
    follower.first(log.read(follower.tail), None)
    log.lines.clear()
    log.append("run2 a")
    out = poll(follower, log)
    assert [line.kind for line in out] == [LineKind.RESTART, LineKind.OUTPUT]
    assert texts(out) == ["run2 a"]
    assert poll(follower, log) == []


def test_shrinking_full_window_is_a_reset() -> None:
    """A long log replaced by a short one (new run) is a restart, not a gap."""
    log = FakeLog()
    log.append(*[f"run1 {i}" for i in range(30)])
    follower = LogFollower("c", base_tail=10)
    follower.first(log.read(follower.tail), 0)
    log.lines = []
    log.append("run2 start")
    out = poll(follower, log)
    assert out[0].kind is LineKind.RESTART
    assert texts(out) == ["run2 start"]


def test_restart_count_and_reset_give_one_marker_in_either_order() -> None:
    """A restart seen as a rising count and as a reset log is marked once, with its exit code."""
    follower = LogFollower("c")
    follower.first(Window(("x",), 200), None)
    assert follower.restart_marker(0, None) is None
    marker = follower.restart_marker(1, 137)
    assert marker is not None and marker.kind is LineKind.RESTART
    assert "137" in marker.text
    step = follower.advance(Window(("y",), 200))
    assert step.verdict is Verdict.RESET
    assert follower.restart_marker(1, 137) is None

    other = LogFollower("c")
    other.first(Window(("x",), 200), None)
    other.restart_marker(0, None)
    assert other.advance(Window(("y",), 200)).verdict is Verdict.RESET
    assert other.restart_marker(0, None) is not None
    assert other.restart_marker(1, 2) is None


def test_restart_marker_counts_several_restarts() -> None:
    """Two restarts between checks are reported as one marker saying so."""
    follower = LogFollower("web")
    follower.restart_marker(3, None)
    marker = follower.restart_marker(5, 1)
    assert marker is not None and "2 times" in marker.text and "code 1" in marker.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.booleans()), max_size=15))
def test_random_bursts_never_duplicate_or_lose(bursts: list[tuple[int, bool]]) -> None:
    """Random bursts (some of repeated text) come out exactly as appended."""
    log = FakeLog()
    follower = LogFollower("c", base_tail=8, max_tail=100_000)
    follower.first(log.read(follower.tail), None)
    expected: list[str] = []
    seen: list[str] = []
    for n, (size, repeat) in enumerate(bursts):
        batch = ["dup"] * size if repeat else [f"b{n} l{i}" for i in range(size)]
        log.append(*batch)
        expected += batch
        seen += texts(poll(follower, log))
    assert seen == expected


def test_resume_point_prefers_whole_previous_read_inside_a_bigger_one() -> None:
    """A bigger re-read that reaches back past the previous read resumes right after it."""
    assert resume_point(["c", "d"], ["a", "b", "c", "d", "e"]) == 4
    assert resume_point(["x", "y"], ["y", "z"]) == 1
    assert resume_point(["x"], ["a", "b"]) == 0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 40)), max_size=20))
def test_random_runs_and_restarts_show_every_line_once_and_one_marker_each(
    ops: list[tuple[bool, int]],
) -> None:
    """Bursts and restarts in any order: every line once, one RESTART line per restart."""
    log = FakeLog()
    log.append("boot")
    follower = LogFollower("c", base_tail=8, max_tail=100_000)
    out = follower.first(log.read(follower.tail), None)
    expected = ["boot"]
    for n, (restart, size) in enumerate(ops):
        if restart:
            log.lines = []
            expected.append("<restart>")
        batch = [f"op{n} line{i}" for i in range(size)]
        log.append(*batch)
        expected += batch
        out += poll(follower, log)
    shown = ["<restart>" if line.kind is LineKind.RESTART else line.text for line in out]
    assert shown == expected


def test_a_megabyte_line_keeps_64k_characters_and_counts_the_rest() -> None:
    """A 1 MB ACI log line is cut at read time with a note of the bytes dropped."""
    raw = "2026-11-23T04:00:00.000000000Z " + "é" * 1_000_000
    line = to_log_line(raw, "app", timestamps=True)
    kept, note = line.text.split(" … ")
    assert kept == "é" * MAX_LINE_CHARS
    assert note == f"[+{2 * (1_000_000 - MAX_LINE_CHARS):,} bytes]"
    assert line.timestamp == datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
    short = to_log_line("plain", "app", timestamps=False)
    assert short.text == "plain"
