"""Start, stop, restart, delete and exec on an ACI group: the backend's changing actions.

Each function takes the :class:`~acitui.backends.azure.backend.AzureBackend` whose
clients it uses; the backend's ``_start``/``_stop``/... hooks delegate here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from azure.mgmt.containerinstance.models import (
    ContainerExecRequest,
    ContainerExecRequestTerminalSize,
)

from acitui.backends.azure.exec import open_aci_exec
from acitui.backends.base import ExecSession, Notice
from acitui.errors import NotFoundError
from acitui.model import GroupRef
from acitui.sanitize import sanitize_name

if TYPE_CHECKING:
    from acitui.backends.azure.backend import AzureBackend


async def mutate(backend: AzureBackend, action: str, ref: GroupRef, verb: str = "") -> None:
    """Run ``action`` (start/stop/restart/delete) on ``ref``; long ones report progress."""
    client = await backend._aci_client()
    backend._refuse_if_read_only(action, ref)  # the subscription may only now be known
    groups = client.container_groups
    try:
        with backend._arm(f"{action} {ref}"):
            if action == "stop":
                await groups.stop(ref.resource_group, ref.name)
                return
            begin = getattr(groups, f"begin_{action}")
            poller = await begin(
                ref.resource_group, ref.name, polling_interval=backend.lro_poll_seconds
            )
            await wait(backend, poller, verb, ref)  # delete's result body is meaningless
    finally:
        backend._cache.pop(str(ref).lower(), None)


async def wait(backend: AzureBackend, poller: Any, verb: str, ref: GroupRef) -> None:
    """Wait for a long-running operation, reporting progress through ``notify``."""
    task = asyncio.ensure_future(poller.result())
    started = time.monotonic()
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=backend.progress_seconds)
            if done:
                break
            elapsed = int(time.monotonic() - started)
            backend.notify(Notice.progress(f"{verb} {ref}", f"{poller.status()} … {elapsed} s"))
        task.result()
    finally:
        if not task.done():
            task.cancel()


async def open_exec(
    backend: AzureBackend,
    ref: GroupRef,
    container: str,
    command: Sequence[str] | None,
    *,
    tty: bool,
    size: tuple[int, int],
) -> ExecSession:
    """``command`` in a container over ACI's exec websocket."""
    client = await backend._aci_client()
    backend._refuse_if_read_only("run a command in", ref)  # subscription may only now be known
    group = await backend.get_group(ref)
    if group.container(container) is None:
        names = ", ".join(sanitize_name(c.name) for c in group.containers)
        raise NotFoundError(
            f"No container {sanitize_name(container)!r} in {ref}",
            hint=f"Its containers: {names}",
        )

    async def post(shell: str, rows: int, cols: int) -> tuple[str, str]:
        terminal = ContainerExecRequestTerminalSize(rows=rows, cols=cols)
        body = ContainerExecRequest(command=shell, terminal_size=terminal)
        with backend._arm(f"open a shell in container {container} of {ref}"):
            answer = await client.containers.execute_command(
                ref.resource_group, ref.name, container, body
            )
        return str(answer.web_socket_uri), str(answer.password)

    windows = group.os_type.lower() == "windows"
    return await open_aci_exec(
        post, backend.clients.verify, command, windows=windows, tty=tty, size=size
    )
