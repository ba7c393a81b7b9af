"""Headless commands for today's ACI: ``ngroups``, ``ngroup ACTION``, ``profiles``, ``quota``.

They need a backend that has these resources (the Azure one); any other backend
gets a one-line refusal that says so. The parser is registered by :mod:`acitui.cli`,
the handlers in :data:`acitui.commands.HANDLERS`.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import Any

from acitui import output
from acitui.backends.base import Backend
from acitui.cli_command import add_command
from acitui.errors import EXIT_OK, InvalidInputError
from acitui.model import GroupRef
from acitui.model_aci import AciResources, GroupProfile, NGroup, Usage
from acitui.profile_diff import change_line, diff_revisions
from acitui.render_newer import ngroup_warning as ngroup_warning  # for commands.delete
from acitui.sanitize import sanitize_name

COMMANDS = ("ngroups", "ngroup", "profiles", "profile-diff", "quota")
EXAMPLES = {
    "ngroups": "acitui --demo ngroups -g web-fleet",
    "ngroup": "acitui --demo ngroup restart web-fleet/web-ng",
    "profiles": "acitui --demo profiles --json",
    "quota": "acitui --demo quota --location westeurope",
    "profile-diff": "acitui --demo profile-diff web-fleet/web-profile 1 2",
}


def add_aci_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    formatter: type[argparse.HelpFormatter],
) -> None:
    """Register the commands on the main parser's subcommands."""

    add = partial(add_command, sub, common, formatter, examples=EXAMPLES)

    add("ngroups", "list NGroups with their members (Azure)").add_argument(
        "-g", "--resource-group", metavar="RG"
    )
    ngroup = add("ngroup", "start, stop or restart every member of an NGroup (Azure)")
    ngroup.add_argument("action", choices=["start", "stop", "restart"])
    ngroup.add_argument("ref", metavar="RG/NAME", help="resource group / NGroup name")
    add("profiles", "list container group profiles and their revisions (Azure)").add_argument(
        "-g", "--resource-group", metavar="RG"
    )
    pdiff = add("profile-diff", "what changed between two revisions of a profile (Azure)")
    pdiff.add_argument("ref", metavar="RG/NAME", help="resource group / profile name")
    pdiff.add_argument("old", type=int, metavar="REV", help="the older revision")
    pdiff.add_argument("new", type=int, metavar="REV", help="the newer revision")
    add("quota", "quota per location: current / limit (Azure)").add_argument(
        "--location", metavar="L", help="one location (default: every location in use)"
    )


def newer_of(backend: Backend) -> AciResources:
    """The backend as one with NGroups/profiles/quota, or a one-line refusal."""
    if not isinstance(backend, AciResources):
        raise InvalidInputError(
            f"The {sanitize_name(backend.name)} backend has no NGroups, profiles or quota",
            hint="They are Azure Container Instances resources: use --backend azure",
        )
    return backend


async def _ngroups_cmd(backend: Backend, args: argparse.Namespace) -> int:
    return _ngroups(await newer_of(backend).list_ngroups(args.resource_group), args.json)


async def _ngroup_cmd(backend: Backend, args: argparse.Namespace) -> int:
    ref = GroupRef.parse(args.ref)
    await newer_of(backend).ngroup_action(args.action, ref)
    print(f"acitui: {args.action} NGroup {sanitize_name(str(ref))}: done", file=sys.stderr)
    return EXIT_OK


async def _profiles_cmd(backend: Backend, args: argparse.Namespace) -> int:
    return _profiles(await newer_of(backend).list_profiles(args.resource_group), args.json)


async def _profile_diff_cmd(backend: Backend, args: argparse.Namespace) -> int:
    """Exit 0 when the revisions are equal, 1 when they differ (like ``diff``)."""
    ref = GroupRef.parse(args.ref)
    newer = newer_of(backend)
    changes = diff_revisions(
        await newer.profile_revision(ref, args.old), await newer.profile_revision(ref, args.new)
    )
    if args.json:
        print(output.dumps([{"path": c.path, "old": c.old, "new": c.new} for c in changes]))
    else:
        print("\n".join(change_line(c) for c in changes) or "(no differences)")
    return 1 if changes else EXIT_OK


async def _quota_cmd(backend: Backend, args: argparse.Namespace) -> int:
    return _quota(await newer_of(backend).list_usages(args.location), args.json)


#: Registered in :data:`acitui.commands.HANDLERS`.
ACI_HANDLERS = {
    "ngroups": _ngroups_cmd,
    "ngroup": _ngroup_cmd,
    "profiles": _profiles_cmd,
    "quota": _quota_cmd,
    "profile-diff": _profile_diff_cmd,
}


def ngroup_json(n: NGroup) -> dict[str, Any]:
    profile = n.profile
    return {
        "name": sanitize_name(n.name),
        "resource_group": sanitize_name(n.resource_group),
        "location": sanitize_name(n.location),
        "desired_count": n.desired_count,
        "maintain_desired_count": n.maintain_desired_count,
        "update_mode": sanitize_name(n.update_mode) or None,
        "zones": [sanitize_name(z) for z in n.zones],
        "profile": None
        if profile is None
        else {"name": sanitize_name(profile.name), "revision": profile.revision},
        "members": [sanitize_name(m) for m in n.members],
        "running": n.running,
        "provisioning_state": sanitize_name(n.provisioning_state) or None,
    }


def _ngroups(found: list[NGroup], as_json: bool) -> int:
    if as_json:
        print(output.dumps([ngroup_json(n) for n in found]))
        return EXIT_OK
    rows = [
        [
            sanitize_name(n.resource_group),
            sanitize_name(n.name),
            "-" if n.desired_count is None else n.desired_count,
            "yes" if n.maintain_desired_count else "no",
            sanitize_name(n.update_mode) or "-",
            ",".join(sanitize_name(z) for z in n.zones) or "-",
            f"{n.running}/{'-' if n.desired_count is None else n.desired_count}",
            sanitize_name(str(n.profile)) if n.profile else "-",
        ]
        for n in found
    ]
    headers = ["RESOURCE GROUP", "NAME", "DESIRED", "MAINTAIN", "UPDATE", "ZONES", "RUNNING"]
    print(output.table([*headers, "PROFILE"], rows))
    return EXIT_OK


def profile_json(p: GroupProfile) -> dict[str, Any]:
    return {
        "name": sanitize_name(p.name),
        "resource_group": sanitize_name(p.resource_group),
        "location": sanitize_name(p.location),
        "revision": p.revision,
        "revisions": list(p.revisions),
        "containers": [sanitize_name(c) for c in p.containers],
        "sku": sanitize_name(p.sku) or None,
        "priority": sanitize_name(p.priority) or None,
    }


def _profiles(found: list[GroupProfile], as_json: bool) -> int:
    if as_json:
        print(output.dumps([profile_json(p) for p in found]))
        return EXIT_OK
    rows = [
        [
            sanitize_name(p.resource_group),
            sanitize_name(p.name),
            "-" if p.revision is None else p.revision,
            ",".join(str(r) for r in p.revisions) or "-",
            " ".join(sanitize_name(c) for c in p.containers),
        ]
        for p in found
    ]
    print(output.table(["RESOURCE GROUP", "NAME", "REVISION", "REVISIONS", "CONTAINERS"], rows))
    return EXIT_OK


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def usage_json(u: Usage) -> dict[str, Any]:
    return {
        "location": sanitize_name(u.location),
        "name": sanitize_name(u.name),
        "current": _number(u.current),
        "limit": _number(u.limit),
        "unit": sanitize_name(u.unit),
    }


def _quota(found: list[Usage], as_json: bool) -> int:
    if as_json:
        print(output.dumps([usage_json(u) for u in found]))
        return EXIT_OK
    rows = []
    for u in found:
        full = u.limit > 0 and u.current / u.limit >= 0.8
        rows.append(
            [
                sanitize_name(u.location),
                sanitize_name(u.name),
                f"{_number(u.current)}/{_number(u.limit)}",
                "near limit" if full else "",
            ]
        )
    print(output.table(["LOCATION", "NAME", "USED/LIMIT", ""], rows))
    return EXIT_OK
