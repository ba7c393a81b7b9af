"""The words of a diagnosis: exit codes, durations, event text, evidence lines.

Standard library only. Every string that came from a provider or a container
crosses :mod:`acitui.sanitize` here, so the rules build their
lines only from safe values.
"""

from __future__ import annotations

from datetime import UTC, datetime

from acitui.model import Container, Event
from acitui.sanitize import sanitize, sanitize_name

#: Longest piece of provider text quoted in a line (a registry error can be a page long).
QUOTE_MAX = 200

#: What an exit code usually means, in words a new user understands.
_EXIT_MEANINGS = {
    0: "finished successfully",
    1: "the app exited with an error",
    2: "the app exited with an error, often a bad argument or setting",
    126: "the command could not be run: not executable, or permission denied",
    127: "the command was not found in the image",
    134: "the app aborted: SIGABRT",
    137: "killed by SIGKILL: out of memory, or forced to stop",
    139: "the app crashed: segmentation fault, SIGSEGV",
    143: "stopped by SIGTERM",
}


def exit_meaning(code: int) -> str:
    """The usual meaning of exit ``code``: ``137`` → killed by SIGKILL (OOM or forced)."""
    if code in _EXIT_MEANINGS:
        return _EXIT_MEANINGS[code]
    if 128 < code < 160:
        return f"killed by signal {code - 128}"
    return "the app exited with an error"


def describe_exit(code: int) -> str:
    """``exit code 137 — killed by SIGKILL: …``."""
    return f"exit code {code} — {exit_meaning(code)}"


def last_exit_words(code: int | None) -> str:
    """``; last exit code 1 (the app exited with an error)`` — empty when unknown."""
    return "" if code is None else f"; last exit code {code} ({exit_meaning(code)})"


def ago(then: datetime | None, now: datetime) -> str:
    """How long before ``now``, short: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``."""
    if then is None:
        return "an unknown time"
    seconds = max(0, int((aware(now) - aware(then)).total_seconds()))
    if seconds < 90:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def aware(when: datetime) -> datetime:
    """``when`` with a timezone (naive times are taken as UTC)."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def name(text: str) -> str:
    """A container or image name, safe to show (odd characters escaped, not hidden)."""
    return sanitize_name(text)


def quote(text: str) -> str:
    """Provider or container text, one safe line, cut at :data:`QUOTE_MAX`."""
    flat = " ".join(sanitize(text, max_len=QUOTE_MAX * 4).split())
    return flat if len(flat) <= QUOTE_MAX else flat[: QUOTE_MAX - 1] + "…"


def event_line(event: Event, now: datetime) -> str:
    """``web: Warning BackOff ×12, last 30 s ago: Back-off restarting failed container``."""
    who = name(event.container) + ": " if event.container else ""
    times = f" ×{event.count}" if event.count > 1 else ""
    when = event.last_timestamp or event.first_timestamp
    at = f", last {ago(when, now)} ago" if when is not None else ""
    said = f": {quote(event.message)}" if event.message.strip() else ""
    return f"{who}{name(event.type)} {name(event.name)}{times}{at}{said}"


def state_line(container: Container) -> str:
    """``web: Waiting (CrashLoopBackOff), 7 restarts``."""
    state = container.current_state
    text = f"{name(container.name)}: {state.status.value if state else 'no state reported'}"
    if state is not None and state.detail_status:
        text += f" ({quote(state.detail_status)})"
    if state is not None and state.exit_code is not None:
        text += f", {describe_exit(state.exit_code)}"
    if container.restart_count:
        text += f", {container.restart_count} restart" + (
            "s" if container.restart_count > 1 else ""
        )
    return text


def ended_line(container: Container, now: datetime) -> str:
    """``ended 2 h ago`` for a container whose run is over; empty otherwise."""
    state = container.current_state
    if state is None or state.finish_time is None:
        return ""
    return f"{name(container.name)} ended {ago(state.finish_time, now)} ago"


def tail_lines(lines: list[str] | None, heading: str = "previous run", keep: int = 5) -> list[str]:
    """The last ``keep`` non-blank log lines, each safe and indented, under a heading."""
    picked = [line for line in (lines or []) if line.strip()][-keep:]
    if not picked:
        return []
    return [f"{heading} ended with:", *(f"  {quote(line)}" for line in picked)]
