"""Lines the engine sends a second time while following, found by their timestamps.

Docker's json-file driver can lose its place when it rotates the log file under
a follower: measured on Engine 20.10 with 1 MB lines and ``max-size=200m``, the
follow stream went back ~200 lines (the rotated file read again) and then
skipped ~200 newer ones. Each stream's timestamps are stamped in order by one
copier, so a line older than one already emitted on its stream is a replay:
it is skipped and counted, and the follower says so (lines may be missing
there; those the engine never sends cannot be counted). Lines stamped the same
are dropped only during a replay: the pieces of a line longer than the join cap
share their first fragment's stamp (and often their text) and are all new.
"""

from __future__ import annotations

from acitui.model import LogLine

#: Lines and each one's timestamp in ns, as the parser hands them over.
Batch = tuple[list[LogLine], list[int]]


class ReplayFilter:
    """Drops lines older than the newest already emitted on their stream and, during
    such a replay, lines stamped the same as it that were already emitted with that stamp."""

    def __init__(self) -> None:
        #: Stream → (newest ns emitted on it, texts emitted with that ns). The ns is
        #: exact or lower, never higher, so a line the engine sends once is never dropped.
        self._edge: dict[str, tuple[int, set[str]]] = {}
        self._floor = 0  # the newest ns emitted on any stream (exact)
        self._replaying = False  # older lines were just dropped: the engine went back

    def filter(self, batch: Batch) -> tuple[Batch, int]:
        """The batch without replayed lines, and how many were dropped."""
        lines, stamps = batch
        if not stamps:
            return batch, 0
        if stamps[0] > self._floor and stamps == sorted(stamps):  # the usual case: no replay
            last = stamps[-1]
            self._floor, self._replaying = last, False
            stream = lines[-1].stream
            texts = set()
            for line, ns in zip(reversed(lines), reversed(stamps), strict=True):
                if ns != last:
                    break
                if line.stream == stream:
                    texts.add(line.text)
            self._edge[stream] = (last, texts)  # other streams' edges stay older: safe
            return batch, 0
        return self._slow(lines, stamps)

    def _slow(self, lines: list[LogLine], stamps: list[int]) -> tuple[Batch, int]:
        edge = self._edge
        kept, kept_ns = [], []
        for line, ns in zip(lines, stamps, strict=True):
            newest, texts = edge.get(line.stream, (0, set()))
            if ns and ns < newest:
                self._replaying = True
                continue  # sent before
            if ns and ns == newest and self._replaying and line.text in texts:
                continue  # the replay reached the newest line shown
            if ns > newest:
                edge[line.stream] = (ns, {line.text})
                self._replaying = False
            else:
                texts.add(line.text)
            kept.append(line)
            kept_ns.append(ns)
        if kept_ns:
            self._floor = max(self._floor, max(kept_ns))
        return (kept, kept_ns), len(lines) - len(kept)
