"""The local Docker engine as a backend (docker-py; streams in their own threads).

This package's ``__init__`` only describes the backend and imports no SDK: the
engine client comes with :mod:`acitui.backends.docker.backend`, imported when chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from acitui.backends.descriptor import BackendDescriptor, Words


@dataclass(frozen=True)
class DockerSettings:
    """The ``[docker]`` section of the config file."""

    host: str = ""  # "" → DOCKER_HOST or the default socket
    #: Seconds a call to the engine may wait for an answer.
    request_timeout: float = field(default=30.0, metadata={"range": (1, 600)})


def _apply_env(section: DockerSettings, env: Mapping[str, str]) -> DockerSettings:
    if not section.host and env.get("DOCKER_HOST"):
        section = replace(section, host=env["DOCKER_HOST"])
    return section


DESCRIPTOR = BackendDescriptor(
    name="docker",
    summary="the local Docker engine",
    factory="acitui.backends.docker.backend:DockerBackend.from_settings",
    settings_cls=DockerSettings,
    # Groups are folded by the acitui.resource-group label (default "local"), not an Azure RG.
    words=Words(resource_groups="Folders", resource_group="Folder"),
    apply_env=_apply_env,
    list_off_loop=True,  # blocking calls on threads: listed while Textual starts
    notes={"host": 'e.g. "unix:///var/run/docker.sock"; "" = DOCKER_HOST or the default socket'},
)
