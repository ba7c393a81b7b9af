"""Lines the engine sends twice while following (json-file rotation) are skipped and announced."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.backends.docker.replay import ReplayFilter
from acitui.model import GroupRef, LineKind, LogLine
from tests.backends.fleet_docker import remove_labelled, run
from tests.docker_image import busybox_image, engine_client


def _batch(*items: tuple[str, int, str]) -> tuple[list[LogLine], list[int]]:
    return [LogLine(text, "c", None, stream) for text, _, stream in items], [n for _, n, _ in items]


def test_in_order_lines_pass_and_a_replay_is_dropped_and_counted() -> None:
    """Lines in time order pass untouched; older lines sent again are dropped and counted."""
    replays = ReplayFilter()
    first = _batch(("a", 10, "stdout"), ("b", 20, "stdout"), ("c", 30, "stdout"))
    assert replays.filter(first) == (first, 0)
    (lines, stamps), dropped = replays.filter(
        _batch(("b", 20, "stdout"), ("c", 30, "stdout"), ("d", 40, "stdout"))
    )
    assert [x.text for x in lines] == ["d"] and stamps == [40] and dropped == 2


def test_a_replay_reaching_the_newest_line_drops_it_but_pieces_sharing_a_stamp_pass() -> None:
    """Pieces of one long line share a stamp and text and all pass; a replayed edge does not."""
    replays = ReplayFilter()
    pieces = _batch(("y…", 50, "stdout"), ("y…", 50, "stdout"), ("y…", 50, "stdout"))
    assert replays.filter(pieces) == (pieces, 0)
    (lines, _), dropped = replays.filter(
        _batch(("old", 40, "stdout"), ("y…", 50, "stdout"), ("new", 60, "stdout"))
    )
    assert [x.text for x in lines] == ["new"] and dropped == 2


def test_streams_interleaving_out_of_order_and_same_stamps_are_kept() -> None:
    """stderr stamped a little before stdout, a new line sharing a stamp, no stamp: all kept."""
    replays = ReplayFilter()
    replays.filter(_batch(("out 1", 100, "stdout"), ("err 1", 90, "stderr")))
    batch = _batch(("err 2", 95, "stderr"), ("out 2", 100, "stdout"), ("undated", 0, "stdout"))
    (lines, _), dropped = replays.filter(batch)
    assert [x.text for x in lines] == ["err 2", "out 2", "undated"] and dropped == 0


NUMBERED = 20_000  # 1 KB lines: 20 MB through a 2 x 2 MB json-file log


@pytest.fixture(scope="module")
def rotating() -> Iterator[tuple[GroupRef, Any, str]]:
    """A container that says "ready", then, once told, writes 20,000 numbered 1 KB lines."""
    api = engine_client()
    busybox_image()
    rg = f"acitui-rot-{uuid.uuid4().hex[:6]}"
    pad = "x" * 1000
    script = (
        "echo ready; while [ ! -e /go ]; do sleep 0.05; done; "
        f"awk 'BEGIN{{for(i=1;i<={NUMBERED};i++) print i, \"{pad}\"}}'; echo end; sleep 600"
    )
    labels = {LABEL_RG: rg, LABEL_GROUP: "rot", LABEL_CONTAINER: "rot"}
    log_config = {"type": "json-file", "config": {"max-size": "2m", "max-file": "2"}}
    try:
        cid = run(api, f"{rg}-rot", script, labels=labels, log_config=log_config)
        yield GroupRef(rg, "rot"), api, cid
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()


@pytest.mark.docker
async def test_a_rotating_log_never_shows_a_line_twice_and_says_when_it_went_back(
    rotating: tuple[GroupRef, Any, str],
) -> None:
    """Following through json-file rotations: no line twice, in order, a gap marker per replay."""
    ref, api, cid = rotating
    backend = DockerBackend()
    numbers: list[int] = []
    gaps: list[str] = []
    ready = asyncio.Event()

    async def consume() -> None:
        async for batch in backend.follow_log_batches(ref, "rot", tail=None):
            for line in batch:
                if line.kind is LineKind.GAP:
                    gaps.append(line.text)
                elif line.text == "ready":
                    ready.set()
                elif line.text == "end":
                    return
                elif line.kind is LineKind.OUTPUT:
                    numbers.append(int(line.text.split()[0]))

    task = asyncio.create_task(consume())
    try:
        await asyncio.wait_for(ready.wait(), 30)
        await asyncio.to_thread(api.exec_start, api.exec_create(cid, ["touch", "/go"]))
        await asyncio.wait_for(task, 120)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await backend.close()
    assert max(Counter(numbers).values()) == 1, "a line was shown twice"
    assert numbers == sorted(numbers)
    if len(numbers) < NUMBERED:  # the engine lost lines while rotating: never without a word
        assert gaps and all("older lines again" in gap for gap in gaps)
