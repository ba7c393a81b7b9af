"""Start, stop, restart, delete and exec on a Docker group: the backend's changing actions.

Each function takes the :class:`~acitui.backends.docker.backend.DockerBackend` whose
connection it uses; the backend's ``_start``/``_stop``/... hooks delegate here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from acitui.backends.base import ExecSession, Notice
from acitui.backends.docker.errors import engine_errors
from acitui.model import GroupRef

if TYPE_CHECKING:
    from acitui.backends.docker.backend import DockerBackend


def each(
    backend: DockerBackend, ref: GroupRef, act: Callable[[Any, str], None], reverse: bool
) -> None:
    """``act(api, id)`` on every member of ``ref`` (the namespace owner first, or last)."""

    def run(api: Any) -> None:
        members = backend._plan(api, ref).members
        for m in reversed(members) if reverse else members:
            act(api, m.id)

    backend._sync(run, what=f"Group {ref}")


async def start(backend: DockerBackend, ref: GroupRef) -> None:
    """Start the members not running, the namespace owner first."""

    def start_one(api: Any, cid: str) -> None:
        if not (api.inspect_container(cid).get("State") or {}).get("Running"):
            api.start(cid)

    await asyncio.to_thread(each, backend, ref, start_one, False)


async def stop(backend: DockerBackend, ref: GroupRef) -> None:
    """Members in parallel, then the owner, within one ``stop_timeout`` for the group."""

    def run(api: Any) -> None:
        members = backend._plan(api, ref).members
        owner, rest = members[:1], members[1:]
        total, done = len(members), 0
        deadline = time.monotonic() + backend.stop_timeout

        def stop_one(cid: str) -> None:
            # One budget for the whole group: the owner gets what the members left.
            api.stop(cid, timeout=max(0, round(deadline - time.monotonic())))

        # Members in parallel, then the namespace owner (members live in its namespace).
        for batch in (rest, owner):
            if not batch:
                continue
            with ThreadPoolExecutor(max_workers=len(batch)) as pool:
                list(pool.map(stop_one, [m.id for m in batch]))
            done += len(batch)
            backend.notify(Notice.progress(f"Stopping {ref}", f"stopped {done}/{total}"))

    await asyncio.to_thread(backend._sync, run, what=f"Group {ref}")


async def restart(backend: DockerBackend, ref: GroupRef) -> None:
    """The bounded group stop, then the owner first: members join its fresh namespace."""
    await stop(backend, ref)
    await start(backend, ref)


async def delete(backend: DockerBackend, ref: GroupRef) -> None:
    """Remove the members (the owner last), then the volumes acitui made for the group."""

    def remove(api: Any, cid: str) -> None:
        api.remove_container(cid, force=True)

    await asyncio.to_thread(each, backend, ref, remove, True)
    from acitui.backends.docker.volumes import remove_group_volumes  # docker-py: on demand

    await backend._call(remove_group_volumes, ref)  # volumes acitui made for it (not shares)


async def open_exec(
    backend: DockerBackend,
    ref: GroupRef,
    container: str,
    command: Sequence[str] | None,
    *,
    tty: bool,
    size: tuple[int, int],
) -> ExecSession:
    """``command`` in a container over a client of its own (its socket closes alone)."""
    cid, name, _ = await backend._call(backend._container, ref, container)

    from acitui.backends.docker.exec import DockerExec, start_exec  # docker-py: on demand

    def begin() -> tuple[Any, str, Any]:
        with engine_errors(backend.host, f"Container {name}", timeout=backend.request_timeout):
            api = backend._new_api()
            try:
                return (api, *start_exec(api, cid, command, tty, size))
            except BaseException:
                api.close()
                raise

    api, exec_id, sock = await asyncio.to_thread(begin)
    return DockerExec(api, exec_id, sock, tty)
