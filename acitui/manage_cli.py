"""The ``create``, ``apply``, ``diff`` and ``export`` options (issue 13): standard library only.

Registered by :mod:`acitui.cli` at start-up; the commands themselves live in
:mod:`acitui.manage` and load only when run.
"""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any

from acitui.cli_command import add_command

EXAMPLES = {
    "create": "acitui create local/web --image nginx --ports 8080 --ip-address Public",
    "apply": "acitui --backend azure apply -f group.yaml -g my-rg",
    "diff": "acitui diff -f group.yaml -g local",
    "export": "acitui export local/web -o web.yaml",
}


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {text.split('=')[0]!r}")
    return name, value


def add_manage_commands(sub: Any, common: argparse.ArgumentParser, fmt: Any) -> None:
    """Register create, apply, diff and export on the CLI's subparsers."""

    add = partial(add_command, sub, common, fmt, examples=EXAMPLES)

    p = add("create", "create a container group from az container create's flags")
    p.add_argument("ref", metavar="RG/NAME", help="resource group / group name")
    p.add_argument("--image", required=True)
    p.add_argument("--cpu", type=float, default=1.0)
    p.add_argument("--memory", type=float, default=1.5, help="GB")
    p.add_argument("--ports", type=int, nargs="+", default=[80])
    p.add_argument("--protocol", choices=["TCP", "UDP"], default="TCP", type=str.upper)
    p.add_argument("--ip-address", choices=["Public", "Private"], default=None)
    p.add_argument("--dns-name-label")
    p.add_argument("--environment-variables", "-e", type=_pair, nargs="+", default=[])
    p.add_argument("--secure-environment-variables", type=_pair, nargs="+", default=[])
    p.add_argument("--command-line", help="the command, split as a shell would")
    p.add_argument("--restart-policy", choices=["Always", "OnFailure", "Never"], default="Always")
    p.add_argument("--os-type", choices=["Linux", "Windows"], default="Linux")
    p.add_argument("--registry-login-server")
    p.add_argument("--registry-username")
    p.add_argument("--registry-password")
    p.add_argument("--location", default="")
    for name, help_ in (("apply", "create or update groups from a file"),
                        ("diff", "how a file differs from the live group")):  # fmt: skip
        q = add(name, help_)
        q.add_argument("-f", "--file", required=True, help="ACI YAML or ARM template")
        q.add_argument("-g", "--resource-group", metavar="RG")
        q.add_argument("--name", help="the group's name (when the file has none)")
        q.add_argument("--param", type=_pair, nargs="+", default=[], help="template k=v")
    e = add("export", "write a group as re-appliable ACI YAML or an ARM template")
    e.add_argument("ref", metavar="RG/NAME", help="resource group / group name")
    e.add_argument("-o", "--output", metavar="FILE", help="file to write (0600); default stdout")
    e.add_argument("--format", choices=["yaml", "arm"], default="yaml")
