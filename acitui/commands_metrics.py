"""``acitui top`` and ``acitui stats``: live CPU, memory and network per container (issue 15).

``top`` is one snapshot of every running group's containers (like ``docker stats
--no-stream`` / ``kubectl top``); ``stats RG/NAME`` one group's, or every reading
with ``--watch`` (JSON: one object per line). Fields the backend cannot know are
null in JSON and ``-`` in text.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from functools import partial
from typing import Any

from acitui import output
from acitui.backends.base import Backend
from acitui.cli_command import add_command
from acitui.errors import EXIT_OK, InvalidInputError
from acitui.fleet_states import fill_states
from acitui.metrics_format import millicores, percent, size
from acitui.model import ContainerGroup, GroupRef, GroupState, MetricSample
from acitui.render_group import timestamp
from acitui.sanitize import sanitize_name

EXAMPLES = {
    "top": "acitui --demo top -g shop-prod",
    "stats": "acitui --demo stats shop-prod/storefront --watch",
}
HEADERS = ["CONTAINER", "CPU", "CPU %", "MEMORY", "MEM %", "NET RX/S", "NET TX/S"]
#: Groups read side by side by ``top`` (each snapshot takes about a second on Docker).
TOP_CONCURRENCY = 8


def add_metrics_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    formatter: type[argparse.HelpFormatter],
) -> None:
    """Register ``top`` and ``stats`` on the main parser's subcommands."""

    add = partial(add_command, sub, common, formatter, examples=EXAMPLES)

    add("top", "CPU, memory and network of every running group's containers").add_argument(
        "-g", "--resource-group", metavar="RG"
    )
    stats = add("stats", "CPU, memory and network of one group's containers")
    stats.add_argument("ref", metavar="RG/NAME", help="resource group / group name")
    stats.add_argument("--watch", action="store_true", help="keep printing new readings")


def sample_json(sample: MetricSample, group: GroupRef | None = None) -> dict[str, Any]:
    """One sample as JSON: the issue's field names, null where unknown, times in UTC."""
    doc: dict[str, Any] = {"group": str(group)} if group is not None else {}
    doc.update(
        container=sample.container,
        time=timestamp(sample.time),
        cpu_millicores=_round(sample.cpu_millicores),
        cpu_percent=_round(sample.cpu_percent),
        memory_bytes=sample.memory_bytes,
        memory_percent=_round(sample.memory_percent),
        rx_bytes_per_s=_round(sample.rx_bytes_per_s),
        tx_bytes_per_s=_round(sample.tx_bytes_per_s),
    )
    return doc


def json_line(doc: dict[str, Any]) -> str:
    """One JSON object on one line, every non-ASCII or control character escaped."""
    return json.dumps(doc, ensure_ascii=True).replace("\x7f", "\\u007f")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def sample_row(sample: MetricSample) -> list[str]:
    return [
        sanitize_name(sample.container),
        millicores(sample.cpu_millicores),
        percent(sample.cpu_percent),
        size(sample.memory_bytes),
        percent(sample.memory_percent),
        size(sample.rx_bytes_per_s, "/s"),
        size(sample.tx_bytes_per_s, "/s"),
    ]


def _is_running(group: ContainerGroup) -> bool:
    return group.state is GroupState.RUNNING or group.ready_count > 0


async def _top(backend: Backend, args: argparse.Namespace) -> int:
    _require_metrics(backend)
    groups = await backend.list_groups(args.resource_group)
    groups, _ = await fill_states(backend, groups, states=True)
    running = [g for g in groups if _is_running(g)]
    gate = asyncio.Semaphore(TOP_CONCURRENCY)

    async def one(g: ContainerGroup) -> list[MetricSample]:
        async with gate:
            return await backend.metrics_snapshot(g.ref)

    found = await asyncio.gather(*(one(g) for g in running))
    pairs = [(g.ref, s) for g, samples in zip(running, found, strict=True) for s in samples]
    if args.json:
        _out(output.dumps([sample_json(s, ref) for ref, s in pairs]))
        return EXIT_OK
    rows = [
        [sanitize_name(ref.resource_group), sanitize_name(ref.name), *sample_row(s)]
        for ref, s in pairs
    ]
    _out(output.table(["RESOURCE GROUP", "NAME", *HEADERS], rows))
    if not running:
        print("acitui: no running groups", file=sys.stderr)
    return EXIT_OK


async def _stats(backend: Backend, args: argparse.Namespace) -> int:
    _require_metrics(backend)
    ref = GroupRef.parse(args.ref)
    if not args.watch:
        samples = await backend.metrics_snapshot(ref)
        if args.json:
            _out(output.dumps([sample_json(s) for s in samples]))
        else:
            _out(output.table(HEADERS, [sample_row(s) for s in samples]))
        return EXIT_OK
    readings = backend.metrics(ref)
    try:
        async for batch in readings:
            if args.json:  # JSON lines: one object per sample as it comes
                for s in batch:
                    _out(json_line(sample_json(s)))
            else:
                when = timestamp(batch[0].time) if batch else ""
                _out(f"{when}\n" + output.table(HEADERS, [sample_row(s) for s in batch]))
            sys.stdout.flush()
    finally:
        await readings.aclose()  # type: ignore[attr-defined]
    return EXIT_OK


def _require_metrics(backend: Backend) -> None:
    if not backend.capabilities.metrics:
        raise InvalidInputError(f"The {backend.name} backend does not report metrics")


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


METRICS_HANDLERS = {"top": _top, "stats": _stats}
