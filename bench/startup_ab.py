"""A/B of the Docker TUI's start: two source trees, interleaved with the minimal app, on a pty.

Usage: ``python3 bench/startup_ab.py TREE_A TREE_B [RUNS]`` where each tree is a
directory holding an ``acitui`` package (e.g. ``git archive HEAD | tar -x -C /tmp/a``
and the working tree). Each run starts ``python -m acitui`` with ``PYTHONPATH=TREE``
(from /tmp, so the editable install does not win) and times it to the first frame
listing a labelled group. Besides wall seconds it reads the process's CPU seconds
(all threads, from /proc) the moment that frame arrives: under a loaded machine
that figure moves far less than the wall time. Runs alternate order each round.
"""

from __future__ import annotations

import os
import sys
import uuid

from common import ROOT, median, run_in_pty
from docker_util import docker_api, remove_labelled, run_container

PY = sys.executable
LABEL_RG = "acitui.resource-group"


def run(argv: list[str], marker: str, env: dict[str, str]) -> tuple[float, float] | None:
    """(wall s, CPU s) from spawn to ``marker`` on the pty's screen; None if never shown."""
    found = run_in_pty(argv, lambda text: marker in text, env=env)
    if found.seconds is None or found.cpu_seconds is None:
        return None
    return found.seconds, found.cpu_seconds


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    trees = [os.path.abspath(t) for t in sys.argv[1:3]]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    os.chdir("/tmp")
    api = docker_api()
    sid = uuid.uuid4().hex[:6]
    rg, marker = f"acitui-bench-ab-{sid}", f"benchgrp{sid}"
    loop = 'trap "exit 0" TERM; while :; do sleep 1 & wait; done'
    run_container(api, f"{rg}-{marker}", loop, {LABEL_RG: rg, "acitui.group": marker})
    minimal = [PY, str(ROOT / "bench/_minimal_app.py")]
    results: dict[str, list[tuple[float, float]]] = {"minimal": [], **{t: [] for t in trees}}

    def one(label: str) -> tuple[float, float] | None:
        if label == "minimal":
            return run(minimal, "minimal-app-ready", {})
        return run([PY, "-m", "acitui"], marker, {"PYTHONPATH": label})

    try:
        for label in results:  # warm the file cache
            one(label)
        for round_ in range(runs):
            for label in list(results)[:: 1 if round_ % 2 == 0 else -1]:
                if (found := one(label)) is not None:
                    results[label].append(found)
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()
    base_wall = median([w for w, _ in results["minimal"]])
    base_cpu = median([c for _, c in results["minimal"]])
    print(f"load average {os.getloadavg()[0]:.2f}; medians of {runs} runs")
    for label, found in results.items():
        wall, cpu = median([w for w, _ in found]), median([c for _, c in found])
        print(
            f"{label}: wall {wall:.3f} s ({wall / base_wall:.2f}x minimal), "
            f"CPU {cpu:.3f} s ({cpu / base_cpu:.2f}x)"
        )


if __name__ == "__main__":
    main()
