"""Docker's RFC 3339 times (nanosecond precision) as epoch nanoseconds and aware datetimes."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$")


def parse_time_ns(text: str | None) -> int | None:
    """Docker's RFC 3339 time (nanoseconds) as ns since the epoch; None for zero/unset/invalid."""
    if not text or text.startswith("0001-01-01"):
        return None
    match = _TIME.match(text.strip())
    if match is None:
        return None
    base, fraction, zone = match.groups()
    try:
        seconds = _epoch_seconds(base, zone)
    except ValueError:  # shaped like a time, but not one (month 13)
        return None
    return seconds * 1_000_000_000 + int((fraction or "0")[:9].ljust(9, "0"))


@functools.lru_cache(maxsize=256)
def _epoch_seconds(base: str, zone: str | None) -> int:
    """Seconds since the epoch of ``base`` (a busy log repeats the same second often)."""
    offset = "+00:00" if zone in (None, "Z") else zone
    return int(datetime.fromisoformat(base + offset).timestamp())


def ns_to_datetime(ns: int | None) -> datetime | None:
    if ns is None:
        return None
    return datetime.fromtimestamp(ns // 1000 / 1_000_000, tz=UTC)


def parse_time(text: str | None) -> datetime | None:
    """Docker's RFC 3339 time as an aware datetime (µs); None for zero/unset."""
    return ns_to_datetime(parse_time_ns(text))
