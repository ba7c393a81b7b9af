"""Log flood: a busybox container writing as fast as it can, into the real log view.

1. Throughput: N lines already in a container's log; the ``docker logs`` CLI
   reads them all vs the real LogsScreen (headless, DockerBackend, tail=all)
   getting them into its buffer. Each run in a fresh process; RSS growth of
   that process is measured on the largest run (1M lines, default cap).
2. Live flood on a real pty: a container writing ~50,000 lines/s; the real
   LogsScreen on a terminal follows it; event-loop lag p99 inside the app and
   terminal bytes/s read from the pty (default FPS, and TEXTUAL_FPS=15).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import PREFIX, ROOT, LagProbe, Report, cli, median, rss_mb, run_in_pty, say
from docker_util import (
    docker_api,
    docker_cli_lines,
    docker_write_rate,
    remove_labelled,
    run_container,
    wait_exited,
)

LABEL_RG = "acitui.resource-group"
LABEL_GROUP = "acitui.group"
LINE = "%08d GET /api/v1/orders?page=%d 200 12ms user=alice trace=4bf92f3577b34da6\\n"


def writer_script(lines: int) -> str:
    return f"awk 'BEGIN{{for(i=0;i<{lines};i++) printf \"{LINE}\", i, i%97}}'"


def paced_script(per_tick: int, ticks: int, tick_us: int = 80_000) -> str:
    """``per_tick`` lines, then a ``tick_us`` µs nap, ``ticks`` times (~50k lines/s here)."""
    loop = f'for(i=s;i<s+{per_tick};i++) printf "{LINE}", i, i%97'
    awk = f"awk -v s=$((t*{per_tick})) 'BEGIN{{{loop}}}'"
    return f"t=0; while [ $t -lt {ticks} ]; do {awk}; t=$((t+1)); usleep {tick_us}; done"


# ------------------------------------------------------------------ children
async def child_throughput(rg: str, name: str, expected: int) -> dict[str, float]:
    """Open the log view on a finished container (tail=all); time until every line is in."""
    from _logs_host import LogsHost

    from acitui.backends.docker.backend import DockerBackend
    from acitui.config import Settings, UiSettings
    from acitui.model import GroupRef

    backend = DockerBackend()
    group = await backend.get_group(GroupRef(rg, name))
    settings = Settings(ui=UiSettings(log_tail=None))  # type: ignore[arg-type]
    app = LogsHost(backend, group, None, settings)
    rss_before = rss_mb()
    peak = rss_before
    async with app.run_test(size=(120, 36)) as pilot:
        started = time.monotonic()
        feed = app.feed
        deadline = started + 300
        while feed.buffer.total + feed.skipped < expected and time.monotonic() < deadline:
            await pilot.pause(0.02)
            peak = max(peak, rss_mb())
        seconds = time.monotonic() - started
        await pilot.pause(0.3)
        peak = max(peak, rss_mb())
        shown = feed.buffer.total
        skipped = feed.skipped
        behind = getattr(feed, "behind", 0)  # lines the view's frame budget did not draw
        last = feed.buffer.lines[-1].text if feed.buffer.lines else ""
    await backend.close()
    return {
        "seconds": seconds,
        "buffered": shown,
        "skipped": skipped,
        "behind": behind,
        "rss_before": rss_before,
        "rss_peak": peak,
        "last": last,
    }


def child_pty(rg: str, name: str, seconds: float, out: str) -> None:
    """Run the log view on the real terminal for ``seconds``; write lag and counts to ``out``."""
    from _logs_host import LogsHost

    from acitui.backends.docker.backend import DockerBackend
    from acitui.config import Settings
    from acitui.model import GroupRef

    backend = DockerBackend()
    group = asyncio.run(backend.get_group(GroupRef(rg, name)))
    asyncio.run(backend.close())
    backend = DockerBackend()
    probe = LagProbe(0.01)
    result: dict[str, float] = {}

    def ready(app: LogsHost) -> None:
        probe.start()
        started = time.monotonic()
        marks: list[tuple[float, int]] = []

        def sample() -> None:
            marks.append((time.monotonic() - started, app.feed.buffer.total + app.feed.skipped))

        app.set_interval(0.5, sample)

        async def finish() -> None:
            await probe.stop()
            lines = marks[-1][1] - marks[1][1] if len(marks) > 2 else 0
            span = marks[-1][0] - marks[1][0] if len(marks) > 2 else 1
            result.update(
                lag_p99_ms=probe.p99_ms(),
                lag_max_ms=probe.max_ms(),
                samples=len(probe.lags),
                lines_per_s=lines / span,
                skipped=app.feed.skipped,
                behind=getattr(app.feed, "behind", 0),
                start_offset=started,
            )
            await app.backend.close()
            app.exit()

        app.set_timer(seconds, finish)

    app = LogsHost(backend, group, None, Settings(), on_ready=ready)
    app.run()
    Path(out).write_text(json.dumps(result))


def live_flood(api, rg: str, name: str, fps: str, seconds: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """One pty run of the log view on a container writing ~50k lines/s; {} if it failed."""
    ticks = int((seconds + 6) * 10)
    cid = run_container(
        api, f"{rg}-{name}", paced_script(5000, ticks), {LABEL_RG: rg, LABEL_GROUP: name}
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        env = {"TEXTUAL_FPS": fps} if fps else {}
        env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'bench'}"
        run = run_in_pty(
            [sys.executable, __file__, "--child", "pty", rg, name, str(seconds), out],
            None,
            timeout=seconds + 20,
            env=env,
        )
        got = json.loads(Path(out).read_text()) if os.path.exists(out) else {}
    got["produced"] = docker_write_rate(cid)
    api.remove_container(cid, force=True)
    if "lag_p99_ms" not in got:
        say(f"  pty run failed; last output: {run.output[-500:]!r}")
        return {}
    window_start, window_end = 3.0, seconds
    got["bytes_per_s"] = run.bytes_between(window_start, window_end) / (window_end - window_start)
    label = f"TEXTUAL_FPS={fps}" if fps else "default FPS"
    say(
        f"  pty, {label}: container wrote {got['produced']:,.0f} lines/s;"
        f" {got['lines_per_s']:,.0f} lines/s reached the view, lag p99 "
        f"{got['lag_p99_ms']:.1f} ms (max {got['lag_max_ms']:.0f}),"
        f" {got['bytes_per_s'] / 1000:.0f} KB/s; not drawn {got.get('behind', 0):,}"
    )
    return got


# ------------------------------------------------------------------ parent
def run_child(*argv: str) -> dict[str, float]:
    import subprocess

    proc = subprocess.run(
        [sys.executable, __file__, "--child", *argv], capture_output=True, text=True, cwd=ROOT
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    args = cli(__doc__.splitlines()[0])
    report = Report("log flood")
    api = docker_api()
    sid = uuid.uuid4().hex[:6]
    rg = f"{PREFIX}-lf-{sid}"
    runs = 2 if args.quick else 3
    sizes = [200_000] if args.quick else [300_000, 1_000_000]
    try:
        # ---- 1. throughput and memory
        for size in sizes:
            name = f"flood{size // 1000}k"
            cid = run_container(
                api, f"{rg}-{name}", writer_script(size), {LABEL_RG: rg, LABEL_GROUP: name}
            )
            wait_exited(api, cid)
            cli_times, ui_times, rss = [], [], None
            for _ in range(runs):
                seconds, lines = docker_cli_lines(cid)
                assert lines == size, (lines, size)
                cli_times.append(seconds)
                got = run_child("throughput", rg, name, str(size))
                ui_times.append(got["seconds"])
                rss = rss or got
                say(
                    f"  {size:,} lines: docker logs {seconds:.2f} s, log view {got['seconds']:.2f}"
                    f" s (buffered {got['buffered']:,}, skipped {got['skipped']:,},"
                    f" not drawn {got.get('behind', 0):,})"
                )
            cli_rate = size / median(cli_times)
            ui_rate = size / median(ui_times)
            ratio = ui_rate / cli_rate
            report.add(
                f"lines/s into the log view's buffer ({size:,}-line log)",
                f"{ui_rate:,.0f} vs `docker logs` {cli_rate:,.0f} = {ratio:.2f}×",
                "≥ 0.8×",
                ratio >= 0.8,
            )
            if rss is not None and size == sizes[-1]:
                growth = rss["rss_peak"] - rss["rss_before"]
                report.add(
                    f"RSS growth, {size:,} lines through the default cap (100,000)",
                    f"{growth:.0f} MB (peak {rss['rss_peak']:.0f} MB)",
                    "≤ 150 MB" if size >= 1_000_000 else "≤ 150 MB (at 1M lines)",
                    growth <= 150,
                )
            api.remove_container(cid, force=True)

        # ---- 2. live flood on a real pty (alternating FPS settings; medians)
        seconds = 8 if args.quick else 12
        live: dict[str, list[dict[str, float]]] = {"": [], "15": []}
        for attempt in range(1 if args.quick else 2):
            for fps in live:
                got = live_flood(api, rg, f"live{fps or 'default'}{attempt}", fps, seconds)
                if got:
                    live[fps].append(got)
        for fps, runs_ in live.items():
            label = f"TEXTUAL_FPS={fps}" if fps else "default FPS"
            if not runs_:
                report.add(f"pty flood ({label})", "failed", "", False)
                continue
            lag = median([r["lag_p99_ms"] for r in runs_])
            worst = max(r["lag_max_ms"] for r in runs_)
            rate = median([r["bytes_per_s"] for r in runs_])
            produced = median([r["produced"] for r in runs_])
            received = median([r["lines_per_s"] for r in runs_])
            report.add(
                f"event-loop lag p99, container writing {produced:,.0f} lines/s ({label})",
                f"{lag:.1f} ms (max {worst:.0f} ms); view received {received:,.0f} lines/s",
                "≤ 50 ms",
                lag <= 50,
            )
            report.add(
                f"terminal output during the flood ({label})",
                f"{rate / 1000:.0f} KB/s",
                "≤ 300 KB/s",
                rate <= 300_000,
            )
    finally:
        remove_labelled(api, LABEL_RG, rg)
        api.close()
    report.save(args.json)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(Path(__file__).parent))
        kind, *rest = sys.argv[2:]
        if kind == "throughput":
            print(json.dumps(asyncio.run(child_throughput(rest[0], rest[1], int(rest[2])))))
        else:
            child_pty(rest[0], rest[1], float(rest[2]), rest[3])
    else:
        main()
