"""docker-py clients for the Docker backend: size-capped, on the engine's own API version.

docker-py is imported here on demand (~100 ms): the first list needs none (socket_list).
"""

from __future__ import annotations

import os
from typing import Any

from acitui.backends.docker.transport import cap_bodies
from acitui.errors import BackendError
from acitui.sanitize import sanitize


def client_kwargs(host: str, timeout: float) -> dict[str, Any]:
    """docker-py's client arguments for ``host`` (TLS from the environment, ssh by the system)."""
    import docker  # ~100 ms: after the first list, which needs no docker-py (socket_list)

    kwargs = docker.utils.kwargs_from_env() if os.environ.get("DOCKER_TLS_VERIFY") else {}
    kwargs.update(base_url=host, timeout=timeout)
    if host.startswith("ssh://"):
        kwargs["use_ssh_client"] = True  # the system's ssh: keys, agent and config apply
    return kwargs


def new_client(host: str, timeout: float, max_body: int, version: str | None) -> Any:
    """A docker-py client whose non-streamed answers are size-capped (no request yet)."""
    kwargs = client_kwargs(host, timeout)
    import docker

    api = docker.APIClient(version=version, **kwargs)
    cap_bodies(api, host, max_body)
    return api


def engine_version(host: str, timeout: float, max_body: int) -> str:
    """The engine's API version, asked on a capped client (docker-py's "auto" reads uncapped)."""
    probe = new_client(host, timeout, max_body, None)
    try:
        found = probe.version(api_version=False)
    finally:
        probe.close()
    version = found.get("ApiVersion") if isinstance(found, dict) else None
    if not isinstance(version, str) or not version:
        raise BackendError(
            f"Unexpected answer from {sanitize(host)}: no API version",
            hint="Is DOCKER_HOST really a Docker engine?",
        )
    return version
