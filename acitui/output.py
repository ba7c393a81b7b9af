"""Stable shapes for headless output: JSON documents and plain-text tables.

JSON field names are snake_case and documented in the README; they only grow.
Every string from a backend crosses the display boundary (:mod:`acitui.sanitize`)
before it is printed, and env values are masked unless the caller asked to
reveal them. On top of that, :func:`dumps` escapes every C0, DEL, C1, bidi,
separator, invisible format character and lone surrogate in the JSON text, and
:func:`table` sends every cell that has not crossed the boundary through it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from acitui.masking import display_value, masked_value, redact_group
from acitui.model import (
    MARKER_RULE,
    Container,
    ContainerGroup,
    ContainerState,
    EnvVar,
    Event,
    IpAddress,
    LineKind,
    LogLine,
    Port,
    ResourceGroup,
    Subscription,
    quote_output,
)
from acitui.sanitize import NON_C0_UNSAFE, Safe, sanitize, sanitize_name


def _ts(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _s(value: str | None) -> str | None:
    return None if value is None else sanitize_name(value)


def _ports(ports: Iterable[Port]) -> list[dict[str, Any]]:
    return [{"port": p.port, "protocol": _s(p.protocol)} for p in ports]


def state_json(state: ContainerState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "state": str(state.status),
        "detail_status": _s(state.detail_status),
        "exit_code": state.exit_code,
        "start_time": _ts(state.start_time),
        "finish_time": _ts(state.finish_time),
    }


def ip_json(ip: IpAddress | None) -> dict[str, Any] | None:
    if ip is None:
        return None
    return {
        "ip": _s(ip.ip),
        "type": _s(ip.type),
        "ports": _ports(ip.ports),
        "fqdn": _s(ip.fqdn),
        "dns_label": _s(ip.dns_label),
    }


def event_json(e: Event) -> dict[str, Any]:
    return {
        "container": _s(e.container),
        "type": _s(e.type),
        "name": _s(e.name),
        "message": sanitize(e.message),
        "count": e.count,
        "first_timestamp": _ts(e.first_timestamp),
        "last_timestamp": _ts(e.last_timestamp),
    }


def container_json(c: Container, *, reveal: bool = False) -> dict[str, Any]:
    return {
        "name": _s(c.name),
        "image": _s(c.image),
        "command": [sanitize(part) for part in c.command],
        "cpu": c.cpu,
        "memory_gb": c.memory_gb,
        "ports": _ports(c.ports),
        "state": str(c.current_state.status) if c.current_state else None,
        "exit_code": c.exit_code,
        "restart_count": c.restart_count,
        "current_state": state_json(c.current_state),
        "previous_state": state_json(c.previous_state),
        "environment": [env_json(None, v, reveal=reveal) for v in c.environment],
        "volume_mounts": [
            {"name": _s(m.name), "mount_path": _s(m.mount_path), "read_only": m.read_only}
            for m in c.volume_mounts
        ],
    }


def group_summary_json(g: ContainerGroup) -> dict[str, Any]:
    """One row of ``groups --json``."""
    return {
        "name": _s(g.name),
        "resource_group": _s(g.resource_group),
        "state": str(g.state),
        "provisioning_state": _s(g.provisioning_state),
        "location": _s(g.location),
        "os_type": _s(g.os_type),
        "restart_policy": _s(g.restart_policy),
        "containers": [_s(c.name) for c in g.containers],
        "ready": g.ready_count if g.detailed else None,
        "restart_count": g.restart_count,
        "ip_address": ip_json(g.ip_address),
        "created": _ts(g.created),
        "detailed": g.detailed,
    }


def group_json(g: ContainerGroup, *, reveal: bool = False) -> dict[str, Any]:
    """The whole group for ``show --json``: secrets masked unless ``reveal``."""
    g = redact_group(g, reveal=reveal)
    doc = group_summary_json(g)
    doc.update(
        id=_s(g.id),
        containers=[container_json(c, reveal=reveal) for c in g.containers],
        init_containers=[container_json(c, reveal=reveal) for c in g.init_containers],
        volumes=[
            {
                "name": _s(v.name),
                "kind": _s(v.kind),
                "detail": {_s(k): _s(x) for k, x in v.detail.items()},
            }
            for v in g.volumes
        ],
        tags={_s(k): _s(v) for k, v in g.tags.items()},
        events=[event_json(e) for e in g.events],
        extra={_s(k): _s(v) for k, v in g.extra.items()},
    )
    return doc


def env_json(container: str | None, var: EnvVar, *, reveal: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": _s(var.name),
        "value": masked_value(var, reveal=reveal),
        "secure": var.secure,
    }
    if container is not None:
        doc = {"container": _s(container), **doc}
    return doc


def resource_group_json(rg: ResourceGroup, count: int | None = None) -> dict[str, Any]:
    return {"name": _s(rg.name), "location": _s(rg.location), "groups": count}


def subscription_json(s: Subscription) -> dict[str, Any]:
    return {"id": _s(s.id), "name": _s(s.name), "state": _s(s.state), "is_default": s.is_default}


def log_line_text(line: LogLine, *, timestamps: bool = False, prefix: bool = False) -> str:
    """One printable line: markers are framed, text is sanitised.

    Only markers start with ``────``: output that could pass for one is quoted
    with ``| `` (:func:`acitui.model.quote_output`).
    """
    text: str = sanitize(line.text)
    if line.kind is not LineKind.OUTPUT:
        text = f"{MARKER_RULE} {text} {MARKER_RULE}"
    else:
        text = quote_output(text)
    if prefix and line.container:
        text = f"[{sanitize_name(line.container)}] {text}"
    if timestamps and line.timestamp is not None:
        text = f"{_ts(line.timestamp)} {text}"
    return text


#: Raw in ``json.dumps(ensure_ascii=False)`` output but never wanted on a terminal: DEL, C1,
#: separators, bidi and invisible format characters, lone surrogates (C0 is escaped already).
_JSON_ODD = re.compile(f"[\x7f{NON_C0_UNSAFE}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON escape above the BMP is a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(doc: Any) -> str:
    """JSON text (UTF-8 kept readable) in which every odd character is a ``\\uXXXX`` escape.

    Outside strings JSON text is plain ASCII, so escaping over the whole text
    only ever touches string contents, and it parses back to the same data.
    """
    return _JSON_ODD.sub(_json_escape, json.dumps(doc, indent=2, ensure_ascii=False))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, Safe) else sanitize_name(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain aligned text table; a cell that has not crossed the boundary crosses it here."""
    cells = [[_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*headers).rstrip()]
    lines += [fmt.format(*row).rstrip() for row in cells]
    return "\n".join(lines)


def env_rows(g: ContainerGroup, *, reveal: bool = False) -> list[list[str]]:
    return [
        [sanitize_name(c.name), sanitize_name(v.name), display_value(v, reveal=reveal)]
        for c in g.containers
        for v in c.environment
    ]
