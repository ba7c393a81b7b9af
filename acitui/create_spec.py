"""``az container create``'s options → a :class:`GroupSpec`: shared by ``acitui create`` and ``n``.

Standard library and :mod:`acitui.spec` only. Bad text raises InvalidInputError with a
message a person can act on (the form shows it as they type).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from acitui.errors import InvalidInputError
from acitui.spec.model import (
    ContainerSpec,
    EnvSpec,
    GroupSpec,
    IpSpec,
    PortSpec,
    RegistryCredential,
    ResourceSpec,
)

RESTART_POLICIES = ("Always", "OnFailure", "Never")
OS_TYPES = ("Linux", "Windows")
IP_TYPES = ("Public", "Private")


@dataclass(frozen=True)
class CreateOptions:
    """What ``az container create`` takes (its defaults: 1 CPU, 1.5 GB, port 80)."""

    image: str
    cpu: float = 1.0
    memory: float = 1.5
    ports: tuple[int, ...] = (80,)
    protocol: str = "TCP"
    ip_address: str | None = None
    dns_name_label: str | None = None
    environment: tuple[tuple[str, str], ...] = ()
    secure_environment: tuple[tuple[str, str], ...] = ()
    command_line: str | None = None
    restart_policy: str = "Always"
    os_type: str = "Linux"
    registry_login_server: str | None = None
    registry_username: str | None = None
    registry_password: str | None = None
    location: str = ""


def parse_pairs(text: str, what: str = "variable") -> tuple[tuple[str, str], ...]:
    """``K=V K2="a b"`` → pairs (shell quoting); the value is never echoed in an error."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InvalidInputError(f"{what}s: {exc}") from None
    out = []
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise InvalidInputError(f"{what} {name!r}: expected NAME=VALUE")
        out.append((name, value))
    return tuple(out)


def parse_ports(text: str) -> tuple[int, ...]:
    """``80 443`` (or ``80,443``) → ports 1–65535."""
    out = []
    for word in text.replace(",", " ").split():
        if not word.isdigit() or not 1 <= int(word) <= 65535:
            raise InvalidInputError(f"port {word!r}: a number from 1 to 65535")
        out.append(int(word))
    return tuple(out)


def parse_number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidInputError(f"{what} {text!r}: not a number") from None
    if not value > 0:
        raise InvalidInputError(f"{what} must be more than 0")
    return value


def build_spec(name: str, o: CreateOptions) -> GroupSpec:
    """The group ``az container create`` would make: one container named like the group."""
    if not o.image.strip():
        raise InvalidInputError("an image is needed")
    try:
        command = tuple(shlex.split(o.command_line)) if o.command_line else ()
    except ValueError as exc:
        raise InvalidInputError(f"command line: {exc}") from None
    ports = tuple(PortSpec(p, o.protocol.upper()) for p in o.ports)
    env = tuple(EnvSpec(k, v) for k, v in o.environment) + tuple(
        EnvSpec(k, v, secure=True) for k, v in o.secure_environment
    )
    container = ContainerSpec(
        name=name,
        image=o.image.strip(),
        command=command,
        requests=ResourceSpec(cpu=o.cpu, memory_gb=o.memory),
        ports=ports,
        environment=env,
    )
    ip_type = o.ip_address or ("Public" if o.dns_name_label else None)
    creds: tuple[RegistryCredential, ...] = ()
    if o.registry_login_server or o.registry_username:
        server = o.registry_login_server or o.image.split("/")[0]
        creds = (RegistryCredential(server, o.registry_username, o.registry_password),)
    return GroupSpec(
        name=name,
        containers=(container,),
        location=o.location,
        os_type=o.os_type,
        restart_policy=o.restart_policy,
        ip_address=IpSpec(ip_type, ports, o.dns_name_label or None) if ip_type else None,
        registry_credentials=creds,
        file="<flags>",
    )
