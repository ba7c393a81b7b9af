"""Headless ``create``, ``apply``, ``diff`` and ``export`` (issue 13), on either backend.

``create`` takes ``az container create``'s flags; ``apply`` an ACI YAML file or an ARM
template (Azure evaluates templates with ARM itself, Docker with :mod:`acitui.spec`);
``diff`` exits 0 when the file and the live group are equal, 1 when they differ, 2 on a
bad file; ``export`` writes re-appliable YAML or an ARM template (files are 0600). Warnings
go to stderr with file:line; secure values are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from acitui import output
from acitui.backends.base import Backend, Notice, NoticeKind
from acitui.create_spec import CreateOptions, build_spec
from acitui.errors import EXIT_OK, InvalidInputError, NotFoundError
from acitui.files import write_private
from acitui.model import ContainerGroup, GroupRef
from acitui.sanitize import sanitize
from acitui.spec.diff import diff
from acitui.spec.export import export_arm, export_yaml
from acitui.spec.load import load
from acitui.spec.model import (
    Finding,
    GroupSpec,
)
from acitui.spec.validate import validate
from acitui.spec.yaml_file import Document, read_file

EXIT_DIFFERENT = 1
_PLACEHOLDER = "placeholder for the "


def _err(text: str) -> None:
    print(f"acitui: {sanitize(text)}", file=sys.stderr, flush=True)


def _notice(notice: Notice) -> None:
    word = "warning: " if notice.kind is NoticeKind.WARNING else ""
    _err(f"{word}{notice.title}: {notice.message}")


def spec_from_flags(args: argparse.Namespace, name: str) -> GroupSpec:
    """The group ``az container create`` would make from these flags."""
    options = CreateOptions(
        image=args.image,
        cpu=args.cpu,
        memory=args.memory,
        ports=tuple(args.ports),
        protocol=args.protocol,
        ip_address=args.ip_address,
        dns_name_label=args.dns_name_label,
        environment=tuple(args.environment_variables),
        secure_environment=tuple(args.secure_environment_variables),
        command_line=args.command_line,
        restart_policy=args.restart_policy,
        os_type=args.os_type,
        registry_login_server=args.registry_login_server,
        registry_username=args.registry_username,
        registry_password=args.registry_password,
        location=args.location,
    )
    return build_spec(name, options)


def _report(findings: list[Finding]) -> bool:
    """Print findings to stderr; True when one refuses the file."""
    for f in findings:
        _err(str(f))
    return any(f.level == "error" for f in findings)


def _created(groups: list[ContainerGroup], as_json: bool) -> None:
    if as_json:
        print(output.dumps([output.group_summary_json(g) for g in groups]))
        return
    for g in groups:
        print(sanitize(f"{g.resource_group}/{g.name}: {g.state.value}"))


async def _create(backend: Backend, args: argparse.Namespace) -> int:
    ref = GroupRef.parse(args.ref)
    spec = spec_from_flags(args, ref.name)
    if _report(validate(spec, name=ref.name)):
        return InvalidInputError.exit_code
    group = await backend.create_group(ref, spec, progress=_notice)
    _created([group], args.json)
    return EXIT_OK


def _resource_group(backend: Backend, args: argparse.Namespace) -> str:
    if args.resource_group:
        return str(args.resource_group)
    if backend.name == "docker":
        return "local"
    raise InvalidInputError("-g RG is needed: the resource group to apply into")


def _load(
    args: argparse.Namespace, doc: Document, rg: str, *, placeholders_ok: bool = False
) -> list[GroupSpec]:
    """The file's groups, findings on stderr; InvalidInputError (exit 2) when refused.

    ``placeholders_ok`` (diff): an export's unfilled secure placeholders compare as
    "not comparable" instead of refusing the file.
    """
    loaded = load(doc, params=dict(args.param), name=args.name, resource_group=rg)
    findings = [
        f for f in loaded.findings if not (placeholders_ok and f.message.startswith(_PLACEHOLDER))
    ]
    if _report(findings):
        raise InvalidInputError(f"{doc.file}: refused", hint="Nothing was created.")
    return loaded.groups


async def _apply(backend: Backend, args: argparse.Namespace) -> int:
    doc = read_file(args.file)
    rg = _resource_group(backend, args)
    if isinstance(doc.data, dict) and "$schema" in doc.data and backend.name != "docker":
        groups = await backend.deploy_template(rg, doc, dict(args.param), progress=_notice)
    else:
        groups = []
        for spec in _load(args, doc, rg):
            if not spec.name:
                raise InvalidInputError(f"{doc.file}: the group has no name", hint="Pass --name")
            ref = GroupRef(rg, spec.name)
            groups.append(await backend.create_group(ref, spec, progress=_notice))
    _created(groups, args.json)
    return EXIT_OK


async def _diff(backend: Backend, args: argparse.Namespace) -> int:
    doc = read_file(args.file)
    rg = _resource_group(backend, args)
    differ = False
    report: list[dict[str, Any]] = []
    for spec in _load(args, doc, rg, placeholders_ok=True):
        ref = GroupRef(rg, spec.name or args.name or "")
        try:
            live = await backend.get_group(ref)
        except NotFoundError:
            differ = True
            report.append({"group": str(ref), "exists": False, "differences": []})
            if not args.json:
                print(sanitize(f"{ref}: not found (the file would create it)"))
            continue
        result = diff(spec, live)
        differ = differ or not result.equal
        report.append(
            {"group": str(ref), "exists": True, "equal": result.equal,
             "differences": [{"path": d.path, "status": d.status, "file": d.file_value,
                              "live": d.live_value} for d in result.differences]}
        )  # fmt: skip
        if not args.json:
            print(sanitize(f"{ref}: {'equal' if result.equal else 'differs'}"))
            for d in result.differences:
                print(sanitize(f"  {d}"))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return EXIT_DIFFERENT if differ else EXIT_OK


async def _export(backend: Backend, args: argparse.Namespace) -> int:
    group = await backend.get_group(GroupRef.parse(args.ref))
    text = export_arm(group) if args.format == "arm" else export_yaml(group)
    if not args.output:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    try:
        write_private(Path(args.output), text)
    except OSError as exc:
        raise InvalidInputError(
            f"Cannot write {args.output}: {exc.strerror or exc}", hint="Choose another path."
        ) from None
    _err(f"wrote {args.output} (secure values are placeholders: fill them before applying)")
    return EXIT_OK


MANAGE_HANDLERS = {"create": _create, "apply": _apply, "diff": _diff, "export": _export}
