"""Scale: 5,000 container groups in 200 resource groups, 50 ms ARM latency per request.

The emulator (real HTTPS, real Azure SDK) runs in this process and stamps when
each page of the group list is served; the real app (``build_app``, headless)
runs in a child process so its RSS is its own. Both use CLOCK_MONOTONIC, so
the parent's page stamps and the child's "rows on screen" stamps compare.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, Report, cli, median, rss_mb, say

GROUPS, RESOURCE_GROUPS, LATENCY = 5000, 200, 0.05
LIST_ROUTE = ("GET", "groups_by_subscription")


# ------------------------------------------------------------------ child: the app
async def settle(app) -> None:  # type: ignore[no-untyped-def]
    """Wait (5 s at most) for the app's workers; a cancelled one (superseded) is fine."""
    from textual.worker import WorkerCancelled

    try:  # bounded: a periodic worker (metrics snapshots on a timer) may never finish
        await asyncio.wait_for(app.workers.wait_for_complete(), 5)
    except (WorkerCancelled, TimeoutError):
        pass


async def child(endpoint: str, token: str, ca: str, sub: str, out: str) -> None:
    from textual.widgets import Input

    from acitui.backends.azure import AzureSettings
    from acitui.config import Settings, UiSettings
    from acitui.ui.app import build_app
    from acitui.ui.widgets.groups_table import GroupsTable

    settings = Settings(
        backend="azure",
        azure=AzureSettings(arm_endpoint=endpoint, token=token, ca_bundle=ca, subscription=sub),
        ui=UiSettings(refresh_seconds=3600),
    )
    app = build_app(settings)
    result: dict[str, object] = {"started": time.monotonic()}
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.screen.query_one(GroupsTable)
        deadline = time.monotonic() + 120
        while table.row_count == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.002)
        result["first_rows"] = time.monotonic()
        while table.row_count < GROUPS and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        result["model_rows"] = time.monotonic()  # the model holds them; now the frame showing them
        painted = asyncio.get_running_loop().create_future()
        app.call_after_refresh(lambda f=painted: f.done() or f.set_result(time.monotonic()))
        result["all_rows"] = await asyncio.wait_for(painted, 10)
        result["rows"] = table.row_count
        await pilot.pause(0.5)
        await settle(app)
        result["rss_mb"] = rss_mb()
        # filter keystrokes: time from the input changing to the frame that shows the rows
        await pilot.press("slash")
        filter_input = app.screen.query_one("#filter", Input)
        lags = []
        queries = ("cg-04", "cg-049", "cg-0499", "cg-04", "", "cg-1", "cg-12", "c", "")
        for query in queries * 3:
            await pilot.pause(0.1)
            started = time.monotonic()
            filter_input.value = query  # what a keystroke does, without Pilot waiting for idle
            while app.screen.model.query != query and time.monotonic() - started < 5:
                await asyncio.sleep(0.001)  # Input.Changed reaches the screen: rows filtered
            shown = time.monotonic()
            painted = asyncio.get_running_loop().create_future()
            app.call_after_refresh(lambda f=painted: f.done() or f.set_result(time.monotonic()))
            frame = await asyncio.wait_for(painted, 10)  # the frame that shows them
            lags.append((query, shown - started, frame - started, table.row_count))
            await settle(app)
        result["filter"] = lags
        for session in app.sessions.values():
            await session.backend.close()
    Path(out).write_text(json.dumps(result))


# ------------------------------------------------------------------ parent
class PageClock(threading.Thread):
    """Stamps when the emulator's request counters for the group list move."""

    def __init__(self, emu) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.emu = emu
        self.stamps: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        seen = 0
        while not self.stop.is_set():
            count = self.emu.request_log[LIST_ROUTE]
            if count > seen:
                self.stamps += [time.monotonic()] * (count - seen)
                seen = count
            time.sleep(0.0005)


#: The listing floor: a bare async SDK script listing every group (no states), timed inside.
SDK_LIST = """
import asyncio, sys, time
from azure.core.credentials import AccessToken
from azure.mgmt.containerinstance.aio import ContainerInstanceManagementClient

class Token:
    async def get_token(self, *scopes, **kw):
        return AccessToken(sys.argv[2], int(time.time()) + 3600)
    async def close(self):
        pass

async def main():
    client = ContainerInstanceManagementClient(
        Token(), sys.argv[4], base_url=sys.argv[1], connection_verify=sys.argv[3],
        credential_scopes=["https://management.azure.com/.default"])
    started = time.monotonic()
    n = len([g async for g in client.container_groups.list()])
    print(n, time.monotonic() - started)
    await client.close()
asyncio.run(main())
"""


def headless(emu, report: Report, quick: bool) -> None:  # type: ignore[no-untyped-def]
    """`acitui groups --json` on the whole fleet: default (no per-group reads) and --states.

    ``--states`` (5,000 reads, ~30 s at 50 ms) runs in the full mode only.
    """
    import os

    env = {**os.environ, "ACITUI_AZURE_TOKEN": emu.token, "REQUESTS_CA_BUNDLE": emu.ca_file}
    base = [sys.executable, "-m", "acitui", "--backend", "azure", "--arm-endpoint", emu.endpoint]
    base += ["--subscription", emu.subscription_id, "groups", "--json"]
    peer = subprocess.run(
        [sys.executable, "-c", SDK_LIST, emu.endpoint, emu.token, emu.ca_file,
         emu.subscription_id], capture_output=True, text=True, check=True, env=env,
    ).stdout.split()  # fmt: skip
    floor = float(peer[1])
    say(f"  bare async SDK listing: {peer[0]} groups in {floor:.2f} s")
    for flag in ("",) if quick else ("", "--states"):
        emu.request_log.clear()
        started = time.monotonic()
        proc = subprocess.run([*base, *([flag] if flag else [])], capture_output=True,
                              text=True, env=env, timeout=600)  # fmt: skip
        seconds = time.monotonic() - started
        assert proc.returncode == 0, proc.stderr[-500:]
        rows = json.loads(proc.stdout)
        gets = emu.request_log[("GET", "group")]
        reads = sum(emu.request_log.values())
        detailed = sum(1 for r in rows if r["detailed"])
        say(
            f"  groups --json {flag or '(default)'}: {len(rows):,} rows, {detailed:,} with"
            f" live state, {reads:,} ARM reads ({gets:,} per-group GETs) in {seconds:.2f} s"
        )
        if flag:
            report.add(
                f"headless `groups --json --states`, {GROUPS:,} groups (every state read)",
                f"{seconds:.1f} s, {reads:,} ARM reads, {detailed:,} states",
                "states of all, 8 reads at a time",
                detailed == len(rows),
            )
        else:
            report.add(
                f"headless `groups --json`, {GROUPS:,} groups (default: list only)",
                f"{seconds:.2f} s = {seconds / floor:.2f}× the bare SDK listing ({floor:.2f} s);"
                f" {reads:,} ARM reads",
                "≤ 2× the listing floor, no per-group reads",
                seconds <= 2 * floor and gets == 0,
                note="stderr says the states were not read; --states reads them",
            )


def main() -> None:
    args = cli(__doc__.splitlines()[0])
    from acitui.emulator import Emulator

    runs = 1 if args.quick else 3
    report = Report("scale")
    built = time.monotonic()
    emu = Emulator(groups=GROUPS, resource_groups=RESOURCE_GROUPS, live_logs=False)
    say(f"  emulator fleet of {GROUPS:,} groups built in {time.monotonic() - built:.1f} s")
    results = []
    with emu:
        emu.faults.latency = LATENCY
        for _ in range(runs):
            emu.request_log.clear()
            clock = PageClock(emu)
            clock.start()
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out.json"
                argv = [sys.executable, __file__, "--child", emu.endpoint, emu.token, emu.ca_file]
                proc = subprocess.run(
                    [*argv, emu.subscription_id, str(out)],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                    timeout=300,
                )
                clock.stop.set()
                if proc.returncode != 0 or not out.exists():
                    say(f"  child failed: {proc.stderr[-1500:]}")
                    continue
                got = json.loads(out.read_text())
            pages = len(clock.stamps)
            got.update(
                pages=pages,
                first_page=clock.stamps[0] if clock.stamps else got["started"],
                last_page=clock.stamps[-1] if clock.stamps else got["started"],
                requests=sum(emu.request_log.values()),
                routes={f"{m} {r}": n for (m, r), n in emu.request_log.items()},
            )
            results.append(got)
            after_first = got["first_rows"] - got["first_page"]
            whole = got["all_rows"] - got["started"]
            first_page = got["first_page"] - got["started"]
            say(
                f"  run: {pages} list pages ({got['requests']} ARM reads); first page served"
                f" {first_page:.2f} s after start, last {got['last_page'] - got['started']:.2f} s;"
                f" first rows {after_first:+.2f} s after the first page; all {got['rows']:,} rows"
                f" painted at {whole:.2f} s; RSS {got['rss_mb']:.0f} MB"
            )
            say(f"    ARM reads by route: {got['routes']}")
            for query, shown, painted, rows in got["filter"]:
                say(
                    f"    filter {query!r:10} → rows {rows:5,} in {shown * 1000:5.0f} ms"
                    f" (next frame {painted * 1000:4.0f} ms)"
                )
        headless(emu, report, args.quick)
    if not results:
        report.add("5,000 groups", "child failed", "", False)
        report.save(args.json)
        return
    pages = results[0]["pages"]
    first = median([r["first_rows"] - r["first_page"] for r in results])
    whole = median([r["all_rows"] - r["started"] for r in results])
    budget = pages * LATENCY + 1.0
    lag = max(max(f[2] for f in r["filter"]) for r in results)
    typical = median([f[2] for r in results for f in r["filter"]])
    rss = median([r["rss_mb"] for r in results])
    report.add(
        "first rows on screen after the first list page arrives",
        f"{first:.2f} s",
        "≤ 0.5 s",
        first <= 0.5,
        note=f"the list arrives in {pages} pages of 100",
    )
    last_page = median([r["last_page"] - r["started"] for r in results])
    reads = max(r["requests"] for r in results)
    gets = max(r["routes"].get("GET group", 0) for r in results)
    report.add(
        f"whole list of {GROUPS:,} on screen (from process start of the app)",
        f"{whole:.2f} s",
        f"≤ {pages} × 50 ms + 1 s = {budget:.1f} s",
        whole <= budget,
        note=f"the frame after the last page; that page was served at {last_page:.2f} s;"
        f" {reads} ARM reads in the run, {gets} of them details of the rows on screen",
    )
    report.add(
        "filter keystroke → table repainted (median; worst in the note)",
        f"{typical * 1000:.0f} ms",
        "≤ 50 ms median",
        typical <= 0.05,
        note=f"worst of {sum(len(r['filter']) for r in results)} keystrokes {lag * 1000:.0f} ms",
    )
    report.add("RSS of the app with 5,000 groups loaded", f"{rss:.0f} MB", "≤ 200 MB", rss <= 200)
    report.save(args.json)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        asyncio.run(child(*sys.argv[2:7]))
    else:
        main()
