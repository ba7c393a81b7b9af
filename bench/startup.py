"""Startup: process start → first frame showing the groups, read from a real pty.

Peers, measured in the same run: a minimal Textual app (one Static) on the same
pty. Also ``acitui --demo`` to its first group row, ``acitui groups`` headless
wall time on Docker, and proof (``sys.modules`` after a full Docker run, plus
``-X importtime``) that the Azure SDK and aiohttp are never imported on the
Docker path.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

from common import PREFIX, ROOT, Report, cli, median, run_in_pty, say
from docker_util import docker_api, remove_labelled, run_container

PY = sys.executable
ACITUI = [PY, "-m", "acitui"]  # what the `acitui` script runs, without a pyenv shim in front
LABEL_RG = "acitui.resource-group"
LABEL_GROUP = "acitui.group"

DOCKER_PATH_CHECK = """
import sys
from acitui.cli import main
code = main(["groups"])
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("azure", "aiohttp", "msal"))
print("FORBIDDEN=" + ",".join(bad))
print("EXIT=" + str(code))
"""

#: The Azure SDK as the demo imports it, timed in a fresh process (the demo's goal adds it).
SDK_IMPORT = """
import time
t = time.perf_counter()
import aiohttp, azure.core.pipeline.transport, azure.mgmt.containerinstance.aio
import azure.mgmt.resource.resources.aio
print(time.perf_counter() - t)
"""

#: The peer of `acitui groups` on Docker: a bare docker-py script listing and inspecting.
DOCKER_PY_LIST = """
import docker
api = docker.APIClient(base_url="unix:///var/run/docker.sock")
for c in api.containers(all=True):
    api.inspect_container(c["Id"])
"""


def wall(argv: list[str], env: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    return time.monotonic() - started


def azure_env(emu) -> tuple[list[str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """argv prefix and env for acitui on the Azure backend against a running emulator."""
    import os

    env = {**os.environ, "ACITUI_AZURE_TOKEN": emu.token, "REQUESTS_CA_BUNDLE": emu.ca_file}
    argv = [*ACITUI, "--backend", "azure", "--arm-endpoint", emu.endpoint]
    return [*argv, "--subscription", emu.subscription_id], env


def pty_startup(argv: list[str], marker: str, runs: int, env: dict[str, str] | None = None):
    """Seconds to ``marker`` on screen in each run ("": the first text of any kind)."""
    times = []
    for _ in range(runs):
        result = run_in_pty(
            argv, lambda text: marker in text if marker else bool(text.strip()), timeout=20, env=env
        )
        if result.seconds is None:
            say(f"    {argv[-1]}: never showed {marker!r}; last bytes {result.output[-300:]!r}")
            continue
        times.append(result.seconds)
    return times


def importtime(code: str) -> list[tuple[int, int, str]]:
    """(cumulative µs, depth, module) for each import of ``python -X importtime -c code``."""
    proc = subprocess.run(
        [PY, "-X", "importtime", "-c", code], capture_output=True, text=True, cwd=ROOT
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2][1:]
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((int(parts[1]), depth, name.strip()))
    return rows


def main() -> None:
    args = cli(__doc__.splitlines()[0])
    runs = 3 if args.quick else 7
    report = Report("startup")
    api = docker_api()
    sid = uuid.uuid4().hex[:6]
    rg = f"{PREFIX}-st-{sid}"
    marker = f"benchgrp{sid}"
    try:
        run_container(
            api,
            f"{rg}-{marker}",
            'trap "exit 0" TERM; while :; do sleep 1 & wait; done',
            {LABEL_RG: rg, LABEL_GROUP: marker},
        )
        # warm the file cache (first runs after boot are slower for everyone)
        pty_startup([PY, str(ROOT / "bench/_minimal_app.py")], "minimal-app-ready", 1)
        pty_startup([*ACITUI], marker, 1)
        minimal, app, painted = [], [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            minimal += pty_startup(
                [PY, str(ROOT / "bench/_minimal_app.py")], "minimal-app-ready", 1
            )
            app += pty_startup([*ACITUI], marker, 1)
            painted += pty_startup([*ACITUI], "", 1)
        demo = pty_startup([*ACITUI, "--demo"], "storefront", max(2, runs // 2))
        sdk = [
            float(
                subprocess.run(
                    [PY, "-c", SDK_IMPORT], capture_output=True, text=True, check=True
                ).stdout
            )
            for _ in range(max(2, runs // 2))
        ]
        from acitui.emulator import Emulator
        from acitui.emulator.demo import seed_full_demo

        with Emulator(seed=seed_full_demo, live_logs=False) as emu:
            argv, env = azure_env(emu)
            azure = pty_startup(argv, "storefront", max(2, runs // 2), env=env)
        say(f"  minimal app first frame: {[round(t, 3) for t in minimal]}")
        say(f"  acitui (Docker) first frame with groups: {[round(t, 3) for t in app]}")
        say(f"  acitui --demo first frame with groups: {[round(t, 3) for t in demo]}")
        ratio = median(app) / median(minimal)
        report.add("minimal Textual app, first frame (pty)", f"{median(minimal):.3f} s")
        report.add(
            "acitui on Docker, first frame listing the groups (pty)",
            f"{median(app):.3f} s = {ratio:.2f}× the minimal app",
            "≤ 1.5×",
            ratio <= 1.5,
        )
        report.add(
            "acitui on Docker, first frame of any kind (first text drawn; may already list groups)",
            f"{median(painted):.3f} s = {median(painted) / median(minimal):.2f}× the minimal app",
        )
        demo_goal = 1.5 * median(minimal) + median(sdk)
        report.add(
            "acitui --demo, first frame listing the groups (pty)",
            f"{median(demo):.3f} s = {median(demo) / median(minimal):.2f}× the minimal app; "
            f"goal 1.5 × {median(minimal):.3f} + SDK import {median(sdk):.3f} = {demo_goal:.3f} s",
            "≤ 1.5× minimal + SDK import",
            median(demo) <= demo_goal,
            note="starts the ARM emulator in process, then the TUI (SDK import on a thread)",
        )
        report.add(
            "acitui --backend azure (emulator already running), first frame listing the groups",
            f"{median(azure):.3f} s = {median(azure) / median(minimal):.2f}× the minimal app",
            "≤ 1.5× minimal + SDK import",
            median(azure) <= demo_goal,
        )
        say(f"  Azure SDK import (fresh process): {[round(t, 3) for t in sdk]}")
        say(f"  acitui --backend azure first frame with groups: {[round(t, 3) for t in azure]}")

        walls, bare = [], []
        for _ in range(runs):  # interleaved with the bare docker-py listing
            started = time.monotonic()
            proc = subprocess.run([*ACITUI, "groups"], capture_output=True, text=True)
            walls.append(time.monotonic() - started)
            assert proc.returncode == 0, proc.stderr
            assert marker in proc.stdout
            bare.append(wall([PY, "-c", DOCKER_PY_LIST]))
        python_floor = []
        for _ in range(runs):
            started = time.monotonic()
            subprocess.run([PY, "-c", "pass"], check=True)
            python_floor.append(time.monotonic() - started)
        say(f"  acitui groups wall: {[round(t, 3) for t in walls]}")
        report.add(
            "`acitui groups` headless on Docker, wall",
            f"{median(walls):.3f} s ({median(walls) / median(python_floor):.1f}× a bare "
            f"`python -c pass` at {median(python_floor):.3f} s)",
            "≤ 0.35 s",
            median(walls) <= 0.35,
        )
        say(f"  bare docker-py listing script wall: {[round(t, 3) for t in bare]}")
        report.add(
            "`acitui groups` on Docker vs a bare docker-py script listing + inspecting",
            f"{median(walls):.3f} s vs {median(bare):.3f} s = {median(walls) / median(bare):.2f}×",
            "≤ 1.3×",
            median(walls) / median(bare) <= 1.3,
        )

        proc = subprocess.run(
            [PY, "-c", DOCKER_PATH_CHECK], capture_output=True, text=True, cwd=ROOT
        )
        forbidden = next(
            (line[10:] for line in proc.stdout.splitlines() if line.startswith("FORBIDDEN=")), "?"
        )
        report.add(
            "Azure SDK / aiohttp / msal modules loaded by `acitui groups` on Docker",
            forbidden or "none",
            "none",
            forbidden == "",
        )
        trace = importtime("import acitui.cli, acitui.ui.app, acitui.backends.docker.backend")
        say("  slowest top-level imports on the Docker TUI path (-X importtime, cumulative):")
        for us, _, name in sorted((r for r in trace if r[1] <= 1), reverse=True)[:8]:
            say(f"    {us / 1000:7.1f} ms  {name}")
        azure_seen = sorted({n for _, _, n in trace if n.split(".")[0] in ("azure", "aiohttp")})
        say(f"  azure/aiohttp modules in that importtime trace: {azure_seen or 'none'}")
        report.add(
            "azure/aiohttp in `-X importtime` of the Docker TUI path",
            f"{len(azure_seen)} modules",
            "0",
            not azure_seen,
        )
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()
    report.save(args.json)
    say(json.dumps({"startup_minimal_s": median(minimal), "startup_app_s": median(app)}))


if __name__ == "__main__":
    main()
