"""The headless commands, each a coroutine over the Backend protocol."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Awaitable, Callable

from acitui import output, render_diagnosis
from acitui.backends import load_backend
from acitui.backends.base import Backend, Notice
from acitui.commands_aci import ACI_HANDLERS, ngroup_warning
from acitui.commands_metrics import METRICS_HANDLERS
from acitui.config import Settings
from acitui.errors import EXIT_OK, InvalidInputError, NotFoundError
from acitui.exec_cli import run_exec
from acitui.fleet_states import fill_states, summary
from acitui.log_batch import plain_ascii
from acitui.manage import MANAGE_HANDLERS
from acitui.model import ContainerGroup, GroupRef
from acitui.render_diagnosis import diagnosis_json, diagnosis_lines
from acitui.render_group import describe, event_line, ports_text
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


async def _groups(backend: Backend, args: argparse.Namespace) -> int:
    groups = await backend.list_groups(args.resource_group)
    groups, reads = await fill_states(backend, groups, states=args.states)
    if note := summary(len(groups), reads):
        print(f"acitui: {sanitize(note)}", file=sys.stderr)
    if args.verbose:
        gone = f" ({reads.gone} gone since the list)" if reads.gone else ""
        print(f"acitui: {sanitize(f'{reads.reads} state read(s){gone}')}", file=sys.stderr)
    if args.json:
        _out(output.dumps([output.group_summary_json(g) for g in groups]))
        return EXIT_OK
    rows = []
    for g in groups:
        ready = f"{g.ready_count}/{len(g.containers)}" if g.detailed else f"?/{len(g.containers)}"
        ports = ports_text(g.ip_address.ports) if g.ip_address else ""
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
    g = await backend.get_group(GroupRef.parse(args.ref))
    found = render_diagnosis.find(g)  # the one-line "why" (issue 15)
    if args.json:
        _out(output.dumps({**output.group_json(g), "diagnosis": diagnosis_json(found)}))
        return EXIT_OK
    for line in diagnosis_lines(found):
        _out(sanitize(line))
    _out(describe(g, events=True))
    return EXIT_OK


async def _events(backend: Backend, args: argparse.Namespace) -> int:
    events = await backend.list_events(GroupRef.parse(args.ref))
    if args.json:
        _out(output.dumps([output.event_json(e) for e in events]))
    else:
        _out("\n".join(event_line(e) for e in events) if events else "(no events)")
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
    first = g.containers[0].name
    if len(g.containers) > 1:  # say which one, and how to pick another
        names = ", ".join(sanitize_name(c.name) for c in g.containers)
        print(
            f"acitui: {sanitize_name(str(ref))} has {len(g.containers)} containers ({names}); "
            f"showing {sanitize_name(first)}. Pick another with -c NAME.",
            file=sys.stderr,
        )
    return first


async def _logs(backend: Backend, args: argparse.Namespace) -> int:
    ref = GroupRef.parse(args.ref)
    container = await _container_name(backend, ref, args.container)
    if not args.follow:
        lines = await backend.get_logs(ref, container, tail=args.tail, timestamps=args.timestamps)
        for start in range(0, len(lines), 4096):  # a batch of plain lines: one scan, one write
            batch = lines[start : start + 4096]
            if not args.timestamps and plain_ascii(batch):
                sys.stdout.write("".join(f"{line.text}\n" for line in batch))
                continue
            for line in batch:
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


def confirm_delete(name: str) -> bool:
    """Ask the user to type the group's name; refuse when stdin is not a terminal."""
    if not sys.stdin.isatty():
        raise InvalidInputError(
            f"Refusing to delete {name} without confirmation",
            hint="Pass --yes to delete from a script.",
        )
    answer = input(f"Type the group's name ({name}) to delete it: ")
    return answer.strip() == name


Handler = Callable[[Backend, argparse.Namespace], Awaitable[int]]


def _mutation(verb: str) -> Handler:
    async def run(backend: Backend, args: argparse.Namespace) -> int:
        ref = GroupRef.parse(args.ref)
        if verb == "delete":
            # a missing group fails before we ask; an NGroup's member is re-created: say so
            warning = ngroup_warning(await backend.get_group(ref))
            if warning:
                print(f"acitui: warning: {sanitize(warning)}", file=sys.stderr)
        if verb == "delete" and not args.yes:
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
    "exec": run_exec,
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
    **ACI_HANDLERS,  # ngroups, ngroup, profiles, quota (issue 16)
    **MANAGE_HANDLERS,  # create, apply, diff, export (issue 13)
    **METRICS_HANDLERS,  # top, stats (issue 15)
}
