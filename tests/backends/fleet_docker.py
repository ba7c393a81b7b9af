"""The contract fleet on the real Docker engine, and helpers for Docker tests.

Every container carries a per-session resource-group label and a unique name
prefix, and is removed at the end, so parallel sessions on the shared engine
never see each other's groups.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from acitui.backends.docker.backend import DockerBackend
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.model import GroupRef
from tests.backends.conftest import ContractFleet
from tests.docker_image import busybox_image, engine_client

#: PID 1 that idles and exits 0 promptly on `docker stop` (SIGTERM).
IDLE = 'trap "exit 0" TERM; while :; do sleep 1 & wait; done'
HOSTILE = "evil \x1b]52;c;aGkgdGhlcmU=\x07 clear \x1b[2J done"


def run(
    api: Any,
    name: str,
    script: str,
    *,
    labels: dict[str, str] | None = None,
    restart: str = "no",
    network_mode: str | None = None,
    env: dict[str, str] | None = None,
    tty: bool = False,
    image: str | None = None,
    ports: list[int] | None = None,
    **host: Any,
) -> str:
    """Create and start a busybox container running ``sh -c script``; its id."""
    policy, _, retries = restart.partition(":")
    host_config = api.create_host_config(
        restart_policy={"Name": policy, "MaximumRetryCount": int(retries or 0)}
        if policy != "no"
        else None,
        network_mode=network_mode,
        **host,
    )
    created = api.create_container(
        image or busybox_image(),
        ["sh", "-c", script],
        name=name,
        labels=labels or {},
        environment=env,
        tty=tty,
        ports=ports,
        host_config=host_config,
    )
    api.start(created["Id"])
    return created["Id"]


def wait_for(check: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll ``check`` until it returns something truthy (blocking)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def exited(api: Any, cid: str) -> bool:
    return api.inspect_container(cid)["State"]["Status"] == "exited"


def remove_labelled(api: Any, key: str, value: str) -> None:
    for c in api.containers(all=True, filters={"label": f"{key}={value}"}):
        with contextlib.suppress(Exception):
            api.remove_container(c["Id"], force=True)


def exec_print(api: Any, cid: str, lines: list[str], stream: int = 1) -> None:
    """Make container ``cid`` print ``lines`` on its own stdout (fd ``stream`` of PID 1)."""
    script = f'for l in "$@"; do echo "$l"; done > /proc/1/fd/{stream}'
    exec_id = api.exec_create(cid, ["sh", "-c", script, "sh", *lines])
    api.exec_start(exec_id)


def sweep_stale(api: Any, prefix: str = "acitui-", max_age: float = 2 * 3600) -> None:
    """Remove test containers a killed session left behind (older than ``max_age`` s)."""
    for c in api.containers(all=True, filters={"name": prefix}):
        names = [n.lstrip("/") for n in c.get("Names") or []]
        is_ours = any(n.startswith(("acitui-ct-", "acitui-gt-", "acitui-lt-", "acitui-ft-",
                                    "acitui-et-", "acitui-en-")) for n in names)  # fmt: skip
        if is_ours and time.time() - float(c.get("Created") or 0) > max_age:
            with contextlib.suppress(Exception):
                api.remove_container(c["Id"], force=True)


@contextlib.contextmanager
def build_fleet() -> Iterator[ContractFleet]:
    """The contract suite's fleet (see tests/backends/conftest.py) on the shared engine."""
    api = engine_client()
    busybox_image()
    sweep_stale(api)
    sid = uuid.uuid4().hex[:6]
    rg, prefix = f"acitui-ct-{sid}", f"acitui-ct-{sid}"

    def labels(group: str, container: str) -> dict[str, str]:
        return {LABEL_RG: rg, LABEL_GROUP: group, LABEL_CONTAINER: container}

    def locate(ref: GroupRef, container: str) -> str:
        filters = {
            "label": [
                f"{LABEL_RG}={ref.resource_group}",
                f"{LABEL_GROUP}={ref.name}",
                f"{LABEL_CONTAINER}={container}",
            ]
        }
        found = api.containers(all=True, filters=filters)
        assert found, f"no container {container} in {ref}"
        return found[0]["Id"]

    async def emit(ref: GroupRef, container: str, lines: list[str]) -> None:
        cid = await asyncio.to_thread(locate, ref, container)
        await asyncio.to_thread(exec_print, api, cid, lines)

    try:
        web = run(api, f"{prefix}-running-web",
                  f'echo "hello from web"; printf "%s\\n" "$HOSTILE"; {IDLE}',
                  labels=labels("running", "web"), restart="always",
                  env={"PLAIN_SETTING": "visible-value", "HOSTILE": HOSTILE})  # fmt: skip
        run(api, f"{prefix}-running-sidecar", IDLE, labels=labels("running", "sidecar"),
            restart="always", network_mode=f"container:{web}")  # fmt: skip
        job = run(api, f"{prefix}-failed-job", "echo failing; exit 3",
                  labels=labels("failed", "job"))  # fmt: skip
        batch = run(api, f"{prefix}-succeeded-batch", "echo done",
                    labels=labels("succeeded", "batch"))  # fmt: skip
        run(api, f"{prefix}-stoppable-app", f"echo app up; {IDLE}",
            labels=labels("stoppable", "app"), restart="always")  # fmt: skip
        wait_for(lambda: exited(api, job) and exited(api, batch), what="job and batch to exit")
        wait_for(lambda: b"done" in api.logs(web, tail=5), what="web's first lines")
        yield ContractFleet(
            name="docker",
            make_backend=lambda read_only=False: DockerBackend(read_only=read_only, stop_timeout=5),
            resource_group=rg,
            running=GroupRef(rg, "running"),
            failed=GroupRef(rg, "failed"),
            succeeded=GroupRef(rg, "succeeded"),
            stoppable=GroupRef(rg, "stoppable"),
            missing=GroupRef(rg, "no-such-group"),
            emit=emit,
        )
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()
