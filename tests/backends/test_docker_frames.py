"""The log stream parser at any read boundary: property tests over Docker's wire format.

The real engine tests (test_docker_logs.py) pin the format; here the same bytes
are cut at arbitrary points, as a socket may deliver them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from acitui.backends.docker.frames import MAX_LINE_BYTES
from acitui.backends.docker.logs import PARTIAL, Dechunker, Entry, EntryParser

T0 = 1_763_870_000_000_000_000  # ns since the epoch


def _stamp(ns: int) -> bytes:
    seconds, nanos = divmod(ns, 1_000_000_000)
    base = datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{nanos:09d}Z ".encode()


def _docker_entries(lines: list[tuple[str, bytes]]) -> list[tuple[str, int, bytes]]:
    """(stream, ns, payload) entries the way Docker stores lines: split every 16 KiB."""
    out, ns = [], T0
    for stream, text in lines:
        data = text + b"\n"
        for start in range(0, len(data), PARTIAL):
            out.append((stream, ns, data[start : start + PARTIAL]))
            ns += 1000
    return out


def _wire(entries: list[tuple[str, int, bytes]], tty: bool) -> bytes:
    body = bytearray()
    for stream, ns, payload in entries:
        data = _stamp(ns) + (payload.replace(b"\n", b"\r\n") if tty else payload)
        if tty:
            body += data
        else:
            kind = 1 if stream == "stdout" else 2
            body += bytes([kind, 0, 0, 0]) + len(data).to_bytes(4, "big") + data
    return bytes(body)


def _chunked(body: bytes, sizes: list[int]) -> bytes:
    out, pos = bytearray(), 0
    for size in [*sizes, len(body)]:
        piece = body[pos : pos + max(size, 1)]
        if not piece:
            break
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        pos += len(piece)
    return bytes(out + b"0\r\n\r\n")


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


line_text = st.one_of(
    st.binary(max_size=80).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" ")),
    st.integers(PARTIAL - 2, 3 * PARTIAL + 5).map(lambda n: b"x" * n),
)
lines_strategy = st.lists(st.tuples(st.sampled_from(["stdout", "stderr"]), line_text), max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    lines=lines_strategy,
    tty=st.booleans(),
    chunk_sizes=st.lists(st.integers(1, 40_000), max_size=6),
    cuts=st.lists(st.integers(0, 10**6), max_size=12),
)
def test_any_read_boundaries_give_the_same_lines(lines, tty, chunk_sizes, cuts):
    """However the socket splits the stream, every line comes back whole, once, in order."""
    if tty:  # a TTY has one stream, and never a lone line-feed inside a line
        lines = [("stdout", text) for _, text in lines]
    entries = _docker_entries(lines)
    stream = _chunked(_wire(entries, tty), chunk_sizes)
    dechunker, parser, got = Dechunker(), EntryParser(tty), []
    for piece in _cut(stream, cuts):
        got.extend(parser.feed(dechunker.feed(piece)))
    got.extend(parser.flush())
    assert dechunker.done
    expected = [text.decode("utf-8", errors="replace") for _, text in lines]
    assert [e.text for e in got] == expected
    assert [e.stream for e in got] == [s for s, _ in lines]
    firsts = [ns for (_, ns, payload) in entries if _is_first(entries, ns)]
    assert [e.time_ns for e in got] == firsts
    assert all(isinstance(e, Entry) for e in got)


def _is_first(entries: list[tuple[str, int, bytes]], ns: int) -> bool:
    """True for the entry that starts a line (the one before it ended with a newline)."""
    index = next(i for i, e in enumerate(entries) if e[1] == ns)
    if index == 0:
        return True
    previous = [e for e in entries[:index] if e[0] == entries[index][0]]
    return not previous or previous[-1][2].endswith(b"\n")


def _frame(payload: bytes, kind: int = 1) -> bytes:
    return bytes([kind, 0, 0, 0]) + len(payload).to_bytes(4, "big") + payload


def test_timestamps_of_every_precision_keep_their_exact_time():
    """Docker trims trailing zeros (RFC 3339 nano): each line still gets its own exact time."""
    stamps = [
        b"2026-11-23T05:38:47Z",
        b"2026-11-23T05:38:47.4Z",
        b"2026-11-23T05:38:47.406373Z",
        b"2026-11-23T05:38:47.406373123Z",
        b"2026-11-23T05:38:48.000000001Z",
        b"2026-12-31T23:59:59.999999999Z",
    ]
    parser = EntryParser(tty=False, container="web")
    lines, ns = parser.parse(b"".join(_frame(s + b" line\n") for s in stamps))
    base = int(datetime(2026, 11, 23, 5, 38, 47, tzinfo=UTC).timestamp()) * 10**9
    last = int(datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()) * 10**9
    assert ns == [
        base,
        base + 400_000_000,
        base + 406_373_000,
        base + 406_373_123,
        base + 1_000_000_001,
        last + 999_999_999,
    ]
    assert [line.timestamp for line in lines] == [
        datetime.fromtimestamp(n // 10**9, tz=UTC).replace(microsecond=n % 10**9 // 1000)
        for n in ns
    ]
    assert {(line.text, line.container, line.stream) for line in lines} == {
        ("line", "web", "stdout")
    }


def test_lines_without_a_valid_timestamp_are_kept_whole_and_undated():
    """Odd or missing timestamps never lose text: the line is shown as it came, without a time."""
    payloads = [
        b"no timestamp at all here, just text\n",
        b"2026-13-45T99:99:99.1Z impossible date\n",
        b"2026-11-23T05:38:47.Z empty fraction\n",
        b"2026-11-23T05:38:47+01:00 an offset\n",
    ]
    lines, ns = EntryParser(tty=False).parse(b"".join(_frame(p, 2) for p in payloads))
    assert [line.text for line in lines[:3]] == [p[:-1].decode() for p in payloads[:3]]
    assert [line.timestamp for line in lines[:3]] == [None, None, None]
    assert lines[3].text == "an offset"
    assert ns[3] == int(datetime(2026, 11, 23, 4, 38, 47, tzinfo=UTC).timestamp()) * 10**9
    assert all(line.stream == "stderr" for line in lines)


@settings(max_examples=30, deadline=None)
@given(tty=st.booleans(), size=st.integers(MAX_LINE_BYTES - 3, 5 * MAX_LINE_BYTES))
def test_a_long_line_keeps_64_kib_and_says_how_many_bytes_were_dropped(tty, size):
    """A line over MAX_LINE_BYTES keeps its start (never a split character) and a byte count."""
    text = ("é" * size).encode()[:size]  # two-byte characters: the cut may fall inside one
    parser = EntryParser(tty)
    got = parser.feed(_wire(_docker_entries([("stdout", text)]), tty)) + parser.flush()
    assert len(got) == 1
    line = got[0].text
    if size <= MAX_LINE_BYTES:
        assert line == text.decode("utf-8", errors="replace")
        return
    kept, note = line.split(" … ")
    assert "\ufffd" not in kept and len(kept.encode()) <= MAX_LINE_BYTES
    assert note == f"[+{size - len(kept.encode()):,} bytes]"
