"""A group as text: the describe view and its YAML/JSON document (secrets masked)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from acitui.masking import MASK, SECURE_LABEL, redact_group
from acitui.model import Container, ContainerGroup, ContainerState
from acitui.sanitize import sanitize_name
from acitui.ui.rows import address, ports

#: Longest string shown in the YAML/JSON document.
DOC_STRING_MAX = 4096


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "-"


def state_text(state: ContainerState | None) -> str:
    if state is None:
        return "-"
    text: str = sanitize_name(str(state.status))
    if state.detail_status:
        text += f" ({sanitize_name(state.detail_status)})"
    if state.exit_code is not None:
        text += f", exit {state.exit_code}"
    return text


def describe(group: ContainerGroup) -> str:
    """kubectl-describe-like text of a group; every provider string sanitised, secrets masked."""
    group = redact_group(group)
    ip = group.ip_address
    lines = [
        f"Name:            {sanitize_name(group.name)}",
        f"Resource group:  {sanitize_name(group.resource_group)}",
        f"State:           {sanitize_name(str(group.state))}",
        f"Provisioning:    {sanitize_name(group.provisioning_state or '-')}",
        f"Location:        {sanitize_name(group.location or '-')}",
        f"OS:              {sanitize_name(group.os_type)}",
        f"Restart policy:  {sanitize_name(group.restart_policy)}",
        f"IP / FQDN:       {address(group)}"
        + (f" ({sanitize_name(ip.type)})" if ip is not None else ""),
        f"Ports:           {ports(group)}",
        f"ID:              {sanitize_name(group.id or '-', max_len=512)}",
        f"Created:         {_when(group.created)}",
    ]
    if group.tags:
        lines.append("Tags:")
        lines += [f"  {sanitize_name(k)}={sanitize_name(v)}" for k, v in group.tags.items()]
    if group.extra:
        lines.append("Extra:")
        lines += [f"  {sanitize_name(k)}: {sanitize_name(v)}" for k, v in group.extra.items()]
    if group.volumes:
        lines.append("Volumes:")
        for vol in group.volumes:
            facts = ", ".join(
                f"{sanitize_name(k)}={sanitize_name(v)}" for k, v in vol.detail.items()
            )
            lines.append(
                f"  {sanitize_name(vol.name)} ({sanitize_name(vol.kind)}) {facts}".rstrip()
            )
    for title, containers in (
        ("Init containers", group.init_containers),
        ("Containers", group.containers),
    ):
        if containers:
            lines.append(f"{title}:")
            for c in containers:
                lines += _describe_container(c)
    if not group.detailed:
        lines.append("(live state not loaded yet)")
    return "\n".join(lines)


def _describe_container(c: Container) -> list[str]:
    lines = [
        f"  {sanitize_name(c.name)}:",
        f"    Image:       {sanitize_name(c.image)}",
        f"    State:       {state_text(c.current_state)}",
        f"    Previous:    {state_text(c.previous_state)}",
        f"    Restarts:    {c.restart_count if c.restart_count is not None else '-'}",
        f"    CPU / mem:   {c.cpu if c.cpu is not None else '-'} / "
        f"{c.memory_gb if c.memory_gb is not None else '-'} GB",
    ]
    if c.command:
        shown = " ".join(sanitize_name(part, max_len=512) for part in c.command)
        lines.append(f"    Command:     {sanitize_name(shown, max_len=1024)}")
    for p in c.ports:
        lines.append(f"    Port:        {p.port}/{sanitize_name(p.protocol, max_len=32)}")
    for m in c.volume_mounts:
        ro = " (ro)" if m.read_only else ""
        lines.append(
            f"    Mount:       {sanitize_name(m.name)} → {sanitize_name(m.mount_path)}{ro}"
        )
    return lines


def _plain(value: Any) -> Any:
    """Dataclass tree → JSON-able data; env values masked, secure ones labelled."""
    if hasattr(value, "__dataclass_fields__"):
        if type(value).__name__ == "EnvVar":
            shown = SECURE_LABEL if value.secure else (MASK if value.value is not None else None)
            return {"name": sanitize_name(value.name), "value": shown, "secure": value.secure}
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):  # names, args and messages alike: odd characters shown escaped
        return sanitize_name(value, max_len=DOC_STRING_MAX)
    if isinstance(value, dict) or hasattr(value, "items"):
        return {sanitize_name(str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def document(group: ContainerGroup) -> dict[str, Any]:
    """The group as plain data for YAML/JSON, with every secret masked."""
    return _plain(redact_group(group))  # type: ignore[no-any-return]


def as_json(group: ContainerGroup) -> str:
    return json.dumps(document(group), indent=2, ensure_ascii=False)


def as_yaml(group: ContainerGroup) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        """Sanitised text (a ``str`` subclass) is written as the string it is."""

    Dumper.add_multi_representer(str, yaml.SafeDumper.represent_str)
    return yaml.dump(document(group), Dumper=Dumper, sort_keys=False, allow_unicode=True)
