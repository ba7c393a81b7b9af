"""Cost of the Docker metrics readers: 50 running containers followed through DockerBackend.metrics.

Starts 50 idle busybox containers in 5 groups of 10, follows every group's
``metrics`` (one stats-stream reader thread per container) for a fixed window,
and measures this process's CPU time (all threads: readers, JSON decoding, the
event loop) per second of wall time — the share of one core the readers cost.
Also counts the readings received and checks that every reader thread ends
when the iterators close. Goal: ≤ 5 % of a core.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time

from common import PREFIX, Report, cli, say
from docker_util import busybox_image, docker_api, remove_labelled, run_container

from acitui.backends.docker.backend import DockerBackend
from acitui.model import GroupRef

RG = f"{PREFIX}-metrics"
GROUPS, PER_GROUP = 5, 10


def dockerd_cpu() -> float | None:
    """CPU seconds the engine (dockerd) has used so far, from /proc; None when not readable."""
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() != "dockerd":
                    continue
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    return None


async def follow_all(
    backend: DockerBackend, seconds: float
) -> tuple[float, float, int, float | None]:
    """(cpu s, wall s, readings, dockerd cpu s) while following every group for ``seconds``."""
    readings = 0
    refs = [GroupRef(RG, f"g{i}") for i in range(GROUPS)]

    async def one(ref: GroupRef) -> None:
        nonlocal readings
        async for batch in backend.metrics(ref):
            readings += len(batch)

    tasks = [asyncio.create_task(one(ref)) for ref in refs]
    await asyncio.sleep(3.0)  # readers up and past their first reading
    readings = 0
    cpu0, wall0, engine0 = os.times(), time.monotonic(), dockerd_cpu()
    await asyncio.sleep(seconds)
    cpu1, wall1, engine1 = os.times(), time.monotonic(), dockerd_cpu()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    engine = engine1 - engine0 if engine0 is not None and engine1 is not None else None
    return cpu, wall1 - wall0, readings, engine


async def idle_baseline(seconds: float) -> float:
    """CPU seconds of this process sleeping on its event loop (the floor)."""
    cpu0 = os.times()
    await asyncio.sleep(seconds)
    cpu1 = os.times()
    return (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)


def main() -> None:
    args = cli(__doc__.splitlines()[0])
    seconds = 10.0 if args.quick else 30.0
    report = Report("metrics")
    api = docker_api()
    busybox_image(api)
    remove_labelled(api, "acitui.resource-group", RG)
    try:
        for g in range(GROUPS):
            for c in range(PER_GROUP):
                labels = {
                    "acitui.resource-group": RG,
                    "acitui.group": f"g{g}",
                    "acitui.container": f"c{c}",
                }
                run_container(api, f"{RG}-g{g}-c{c}", "sleep 3600", labels)
        say(f"  {GROUPS * PER_GROUP} containers running; following for {seconds:.0f} s")
        backend = DockerBackend()

        async def scenario() -> tuple[float, float, int, float, int, float | None]:
            floor = await idle_baseline(3.0) / 3.0
            cpu, wall, readings, engine = await follow_all(backend, seconds)
            await backend.close()
            left = [t for t in threading.enumerate() if t.name.startswith("acitui-stats")]
            return cpu, wall, readings, floor, len(left), engine

        cpu, wall, readings, floor, left, engine = asyncio.run(scenario())
        share = cpu / wall * 100
        say(f"  CPU {cpu:.2f} s over {wall:.1f} s wall; idle floor {floor * 100:.2f} %")
        report.add(
            f"CPU of the metrics readers, {GROUPS * PER_GROUP} containers (% of one core)",
            f"{share:.1f} %",
            "≤ 5 %",
            share <= 5.0,
        )
        per_second = readings / wall
        report.add(
            "readings per second received (one per container per second expected)",
            f"{per_second:.1f}/s",
            f"≈ {GROUPS * PER_GROUP}/s",
            None,
        )
        if engine is not None:
            report.add(
                "dockerd's own CPU while streaming those stats (% of one core; not acitui's)",
                f"{engine / wall * 100:.1f} %",
                note="the engine samples cgroups for every stats stream",
            )
        report.add("reader threads left after closing", str(left), "0", left == 0)
    finally:
        remove_labelled(api, "acitui.resource-group", RG)
        api.close()
    report.save(args.json)


if __name__ == "__main__":
    main()
