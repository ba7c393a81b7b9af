"""The headless commands, each a coroutine over the Backend protocol."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from collections.abc import Iterable, Mapping

from acitui import output
from acitui.backends import load_backend
from acitui.backends.base import Backend, Notice
from acitui.config import Settings
from acitui.errors import EXIT_OK, NotFoundError
from acitui.masking import redact_group
from acitui.model import ContainerGroup, Event, GroupRef, Port, sort_events
from acitui.sanitize import sanitize, sanitize_name


def _notify(notice: Notice) -> None:
    text = f"acitui: {sanitize(notice.title)}: {sanitize(notice.message)}"
    print(text, file=sys.stderr, flush=True)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


async def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Build the backend, run ``args.command`` on it, close it; return the exit code."""
    if getattr(args, "ref", None):
        GroupRef.parse(args.ref)  # a malformed RG/NAME fails before any connection
    backend = load_backend(settings.backend, settings)
    backend.notify = _notify
    try:
        handler = HANDLERS[args.command]
        return await handler(backend, args)
    finally:
        await backend.close()


async def _resource_groups(backend: Backend, args: argparse.Namespace) -> int:
    rgs = await backend.list_resource_groups()
    groups = await backend.list_groups()
    counts = Counter(g.resource_group for g in groups)
    if args.json:
        _out(output.dumps([output.resource_group_json(rg, counts[rg.name]) for rg in rgs]))
    else:
        rows = [[sanitize_name(rg.name), sanitize_name(rg.location), counts[rg.name]] for rg in rgs]
        _out(output.table(["RESOURCE GROUP", "LOCATION", "GROUPS"], rows))
    return EXIT_OK


def _endpoint(g: ContainerGroup) -> str:
    ip = g.ip_address
    if ip is None:
        return ""
    return sanitize_name(ip.fqdn or ip.ip or "")


async def _with_detail(backend: Backend, groups: list[ContainerGroup]) -> list[ContainerGroup]:
    """Fill in live state for groups listed without it (ACI's list has no instanceView).

    The backend bounds how many reads run at once (Azure: 8).
    """

    async def one(g: ContainerGroup) -> ContainerGroup:
        if g.detailed:
            return g
        try:
            return await backend.get_group(g.ref)
        except NotFoundError:  # deleted between list and get
            return g

    return list(await asyncio.gather(*(one(g) for g in groups)))


async def _groups(backend: Backend, args: argparse.Namespace) -> int:
    groups = await backend.list_groups(args.resource_group)
    if not args.no_detail:
        groups = await _with_detail(backend, groups)
    if args.json:
        _out(output.dumps([output.group_summary_json(g) for g in groups]))
        return EXIT_OK
    rows = []
    for g in groups:
        ready = f"{g.ready_count}/{len(g.containers)}" if g.detailed else f"?/{len(g.containers)}"
        ports = _ports_text(g.ip_address.ports) if g.ip_address else ""
        restarts = "" if g.restart_count is None else g.restart_count
        rows.append(
            [
                sanitize_name(g.resource_group),
                sanitize_name(g.name),
                g.state,
                ready,
                restarts,
                _endpoint(g),
                ports,
            ]
        )
    _out(
        output.table(
            ["RESOURCE GROUP", "NAME", "STATE", "READY", "RESTARTS", "ADDRESS", "PORTS"], rows
        )
    )
    return EXIT_OK


async def _show(backend: Backend, args: argparse.Namespace) -> int:
    g = redact_group(await backend.get_group(GroupRef.parse(args.ref)))
    if args.json:
        _out(output.dumps(output.group_json(g)))
        return EXIT_OK
    lines = [
        f"Name:            {sanitize_name(g.name)}",
        f"Resource group:  {sanitize_name(g.resource_group)}",
        f"State:           {sanitize_name(str(g.state))}"
        f"  (provisioning: {sanitize_name(g.provisioning_state)})",
        f"Location:        {sanitize_name(g.location)}",
        f"OS / restart:    {sanitize_name(g.os_type)} / {sanitize_name(g.restart_policy)}",
        f"Address:         {_endpoint(g)}"
        + (f" ({sanitize_name(g.ip_address.type)})" if g.ip_address else ""),
        f"Ports:           {_ports_text(g.ip_address.ports) if g.ip_address else ''}",
    ]
    if g.tags:
        lines += ["Tags:", *_pairs(g.tags)]
    if g.extra:
        lines += ["Extra:", *_pairs(g.extra)]
    lines.append("Containers:")
    for c in g.containers:
        state = sanitize_name(str(c.current_state.status)) if c.current_state else "?"
        exit_code = "" if c.exit_code is None else f" exit {c.exit_code}"
        lines.append(
            f"  {sanitize_name(c.name)}: {state}{exit_code}, restarts {c.restart_count}, "
            f"image {sanitize_name(c.image)}"
            + (f", ports {_ports_text(c.ports)}" if c.ports else "")
        )
    lines.append("Events (newest first):")
    for e in sort_events(g.events)[:20]:
        lines.append("  " + _event_line(e))
    _out("\n".join(lines))
    return EXIT_OK


def _ports_text(ports: Iterable[Port]) -> str:
    """``80,53/udp`` as the TUI shows them; the protocol crosses the boundary."""
    return ",".join(
        str(p.port)
        if p.protocol.upper() == "TCP"
        else f"{p.port}/{sanitize_name(p.protocol.lower(), max_len=32)}"
        for p in ports
    )


def _pairs(values: Mapping[str, str]) -> list[str]:
    return [f"  {sanitize_name(k)}={sanitize_name(v)}" for k, v in values.items()]


def _event_line(e: Event) -> str:
    doc = output.event_json(e)
    who = doc["container"] or "(group)"
    when = doc["last_timestamp"] or ""
    return (
        f"{when:<27} {doc['type']:<8} {who:<16} {doc['name']:<14} x{doc['count']} {doc['message']}"
    )


async def _events(backend: Backend, args: argparse.Namespace) -> int:
    events = await backend.list_events(GroupRef.parse(args.ref))
    if args.json:
        _out(output.dumps([output.event_json(e) for e in events]))
    else:
        _out("\n".join(_event_line(e) for e in events) if events else "(no events)")
    return EXIT_OK


async def _env(backend: Backend, args: argparse.Namespace) -> int:
    g = await backend.get_group(GroupRef.parse(args.ref))
    if args.json:
        docs = [
            output.env_json(c.name, v, reveal=args.reveal)
            for c in g.containers
            for v in c.environment
        ]
        _out(output.dumps(docs))
    else:
        _out(output.table(["CONTAINER", "NAME", "VALUE"], output.env_rows(g, reveal=args.reveal)))
    return EXIT_OK


async def _container_name(backend: Backend, ref: GroupRef, wanted: str | None) -> str:
    g = await backend.get_group(ref)
    if wanted:
        if g.container(wanted) is None:
            names = ", ".join(sanitize_name(c.name) for c in g.containers)
            raise NotFoundError(
                f"No container {sanitize_name(wanted)!r} in {ref}", hint=f"Containers: {names}."
            )
        return wanted
    if not g.containers:
        raise NotFoundError(f"{ref} has no containers")
    return g.containers[0].name


async def _logs(backend: Backend, args: argparse.Namespace) -> int:
    ref = GroupRef.parse(args.ref)
    container = await _container_name(backend, ref, args.container)
    if not args.follow:
        lines = await backend.get_logs(ref, container, tail=args.tail, timestamps=args.timestamps)
        for line in lines:
            _out(output.log_line_text(line, timestamps=args.timestamps))
        sys.stdout.flush()
        return EXIT_OK
    stream = backend.follow_logs(ref, container, tail=args.tail if args.tail is not None else 100)
    try:
        async for line in stream:
            sys.stdout.write(output.log_line_text(line, timestamps=args.timestamps) + "\n")
            sys.stdout.flush()
    finally:
        aclose = getattr(stream, "aclose", None)
        if aclose is not None:
            await aclose()
    return EXIT_OK


def _mutation(verb: str):  # type: ignore[no-untyped-def]
    async def run(backend: Backend, args: argparse.Namespace) -> int:
        ref = GroupRef.parse(args.ref)
        if verb == "delete" and not args.yes:
            from acitui.cli import confirm_delete

            await backend.get_group(ref)  # a missing group fails before we ask
            if not confirm_delete(ref.name):
                print("acitui: not deleted (the name did not match)", file=sys.stderr)
                return 1
        method = getattr(backend, f"{verb}_group")
        await method(ref)
        print(f"acitui: {verb} {sanitize_name(str(ref))}: done", file=sys.stderr)
        return EXIT_OK

    return run


async def _subscriptions(backend: Backend, args: argparse.Namespace) -> int:
    if not backend.capabilities.subscriptions:  # say so rather than print a bare header
        name = sanitize_name(backend.name)
        print(f"acitui: the {name} backend has no subscriptions", file=sys.stderr)
        if args.json:
            _out(output.dumps([]))
        return EXIT_OK
    subs = await backend.list_subscriptions()
    if args.json:
        _out(output.dumps([output.subscription_json(s) for s in subs]))
    else:
        rows = [[s.id, sanitize_name(s.name), s.state, "*" if s.is_default else ""] for s in subs]
        _out(output.table(["ID", "NAME", "STATE", "DEFAULT"], rows))
    return EXIT_OK


HANDLERS = {
    "resource-groups": _resource_groups,
    "groups": _groups,
    "show": _show,
    "events": _events,
    "env": _env,
    "logs": _logs,
    "start": _mutation("start"),
    "stop": _mutation("stop"),
    "restart": _mutation("restart"),
    "delete": _mutation("delete"),
    "subscriptions": _subscriptions,
}
