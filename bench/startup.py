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


def pty_startup(argv: list[str], marker: str, runs: int, env: dict[str, str] | None = None):
    times = []
    for _ in range(runs):
        result = run_in_pty(argv, lambda text: marker in text, timeout=20, env=env)
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
            painted += pty_startup([*ACITUI], "Loading", 1)
        demo = pty_startup([*ACITUI, "--demo"], "storefront", max(2, runs // 2))
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
            "acitui on Docker, first frame of any kind ('Loading…', before any backend call)",
            f"{median(painted):.3f} s = {median(painted) / median(minimal):.2f}× the minimal app",
        )
        report.add(
            "acitui --demo, first frame listing the groups (pty)",
            f"{median(demo):.3f} s = {median(demo) / median(minimal):.2f}× the minimal app",
            note="starts the ARM emulator (TLS certs) and the Azure SDK",
        )

        walls = []
        for _ in range(runs):
            started = time.monotonic()
            proc = subprocess.run([*ACITUI, "groups"], capture_output=True, text=True)
            walls.append(time.monotonic() - started)
            assert proc.returncode == 0, proc.stderr
            assert marker in proc.stdout
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
