"""Masking rules: env values, and secrets wherever else they hide. Standard library only.

A secure variable has no value (ARM never returns it): it is shown as secure
and can never be revealed. A plain value is masked unless the user asked to
reveal it.

Secrets also hide outside env vars: URL userinfo (``https://user:PAT@host``) in
an image, a gitRepo URL, a command or a label; secret-looking arguments
(``--password=…``, ``--token …``, ``-p …`` after ``login``, ``DB_PASSWORD=…``).
:func:`redact_group` masks them all; every face calls it on the group it shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from acitui.model import Container, ContainerGroup, EnvVar, Volume
from acitui.sanitize import sanitize

MASK = "********"
SECURE_LABEL = "secure — not retrievable"

#: Words that make a name (env, flag, KEY=value, label) look like it holds a secret.
SECRET_WORDS = (
    "password",
    "passwd",
    "pwd",
    "token",
    "secret",
    "api_key",
    "apikey",
    "key",
    "credential",
    "credentials",
    "connection_string",
    "connectionstring",
    "sas",
    "auth",
)
_WORD = "|".join(w.replace("_", "[_-]?") for w in SECRET_WORDS)
#: A value: quoted (either quote) or up to the next blank.
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"']+)"""
#: ``scheme://userinfo@`` — the userinfo is masked whole (a PAT is often the user).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s@?#]+)@")
#: ``--password=v``, ``--db-password v``, ``--api-key v``: a flag ending in a secret word.
_FLAG = re.compile(rf"(?i)(?<![\w-])(--?[\w-]*?(?:{_WORD}))(=|\s+)(?!-)({_VALUE})")
#: ``DB_PASSWORD=v``, ``PGPASSWORD=v``: a variable-like name ending in a secret word.
_ASSIGN = re.compile(rf"(?i)(?<![\w-])([a-z_][a-z0-9_]*?(?:{_WORD}))=({_VALUE})")
#: ``login … -p v`` (docker login, az acr login…) in one string.
_LOGIN_P = re.compile(rf"(?i)(\blogin\b[^;&|\n]*?\s-p)(=|\s+)({_VALUE})")
#: A name (label, flag, variable) that ends in a secret word.
_SECRET_NAME = re.compile(rf"(?i)(?:{_WORD})$")


def masked_value(var: EnvVar, *, reveal: bool = False) -> str | None:
    """The value for machine output: None when secure, MASK unless revealed."""
    if var.secure or var.value is None:
        return None
    return sanitize(var.value) if reveal else MASK


def display_value(var: EnvVar, *, reveal: bool = False) -> str:
    """The value for a screen: a label when secure, MASK unless revealed."""
    if var.reference:  # a Key Vault reference: where the secret lives, never its value
        return f"Key Vault reference {sanitize(var.reference)} — not retrievable"
    if var.secure:
        return SECURE_LABEL
    if var.value is None:
        return ""
    return sanitize(var.value) if reveal else MASK


def secret_count(group: ContainerGroup) -> int:
    """How many secrets a group holds: secure env vars, secret volumes, Key Vault references.

    A secure variable that is a Key Vault reference counts once (as the reference).
    """
    references = {r.name for r in group.secret_references}
    env = [
        v
        for c in (*group.containers, *group.init_containers)
        for v in c.environment
        if v.secure and v.reference not in references
    ]
    volumes = [v for v in group.volumes if v.kind == "secret"]
    return len(env) + len(volumes) + len(references)


def looks_secret(name: str) -> bool:
    """True when a name (label, flag, variable) ends in a secret word: ``db-password``."""
    return bool(_SECRET_NAME.search(name.strip().replace("-", "_")))


def _masked(value: str) -> str:
    quote = value[:1] if value[:1] in "\"'" and len(value) > 1 else ""
    return f"{quote}{MASK}{quote}"


def redact_text(text: str) -> str:
    """``text`` with URL userinfo and secret-looking arguments masked (idempotent)."""
    if not text:
        return text
    text = _USERINFO.sub(lambda m: f"{m[1]}{MASK}@", text)
    text = _FLAG.sub(lambda m: f"{m[1]}{m[2]}{_masked(m[3])}", text)
    text = _LOGIN_P.sub(lambda m: f"{m[1]}{m[2]}{_masked(m[3])}", text)
    return _ASSIGN.sub(lambda m: f"{m[1]}={_masked(m[2])}", text)


def redact_command(args: tuple[str, ...]) -> tuple[str, ...]:
    """A command's arguments with secrets masked, in each argument and across them.

    ``("--password", "x")`` and ``("login", "-u", "me", "-p", "x")`` mask ``x``.
    """
    out: list[str] = []
    after_login = False
    for i, arg in enumerate(args):
        previous = args[i - 1].strip() if i else ""
        flag_before = previous.startswith("-") and "=" not in previous
        if flag_before and previous.startswith("--") and looks_secret(previous.lstrip("-")):
            out.append(MASK)
        elif flag_before and previous == "-p" and after_login:
            out.append(MASK)
        else:
            out.append(redact_text(arg))
        after_login = after_login or arg.strip().lower() == "login"
    return tuple(out)


def _redact_mapping(values: Mapping[str, str]) -> dict[str, str]:
    return {k: MASK if v and looks_secret(k) else redact_text(v) for k, v in values.items()}


def _redact_container(c: Container) -> Container:
    env = tuple(
        replace(v, value=MASK) if v.value is not None and not v.secure else v for v in c.environment
    )
    return replace(
        c, image=redact_text(c.image), command=redact_command(c.command), environment=env
    )


def _redact_volume(v: Volume) -> Volume:
    return replace(v, detail=_redact_mapping(v.detail))


def redact_group(group: ContainerGroup, *, reveal: bool = False) -> ContainerGroup:
    """The group as every face shows it: secrets masked unless ``reveal``.

    Env values become MASK (secure ones stay valueless); URL userinfo and
    secret-looking arguments, labels and volume details are masked. With
    ``reveal`` the group is returned as it is.
    """
    if reveal:
        return group
    return replace(
        group,
        containers=tuple(_redact_container(c) for c in group.containers),
        init_containers=tuple(_redact_container(c) for c in group.init_containers),
        volumes=tuple(_redact_volume(v) for v in group.volumes),
        tags=_redact_mapping(group.tags),
        extra=_redact_mapping(group.extra),
    )
