"""Metrics and the diagnosis line in the TUI, on the demo fleet (Azure SDK against the emulator)."""

from __future__ import annotations

import pytest
from textual.widgets import Sparkline, TabbedContent

from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.widgets.diagnosis_line import DiagnosisLine
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.metrics_panel import ContainerMetrics, MetricsPanel
from tests.ui.demo import demo_app
from tests.ui.helpers import until

pytestmark = pytest.mark.azure


def table(app) -> GroupsTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(GroupsTable)


async def open_with_m(app, pilot, key: str) -> GroupDetailScreen:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: key in table(app).keys, timeout=20)
    table(app).select_key(key)
    await pilot.press("m")
    await until(pilot, lambda: isinstance(app.screen, GroupDetailScreen), timeout=10)
    return app.screen


async def test_m_opens_metrics_with_an_hour_of_sparklines_per_container() -> None:
    """`m` on storefront opens its Metrics tab: graphs per container over the hour, limits named."""
    with demo_app(frozen=False) as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await open_with_m(app, pilot, "shop-prod/storefront")
            assert screen.query_one(TabbedContent).active == "metrics"
            panel = screen.query_one(MetricsPanel)
            await until(pilot, lambda: len(panel.query(ContainerMetrics)) == 2, timeout=20)
            await pilot.pause()
            web = next(w for w in panel.query(ContainerMetrics) if w.container == "web")
            assert len(web.cpu) >= 55  # the last hour at one point a minute
            assert len(web.query_one(".cpu", Sparkline).data or []) == len(web.cpu)
            title = str(web.query_one(".metrics-title").render())
            assert "limit 1 CPU" in title and "CPU " in title and "%" in title


async def test_leaving_the_detail_stops_the_metrics_reader() -> None:
    """Back in the list, no metrics worker is left reading."""
    with demo_app(frozen=False) as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await open_with_m(app, pilot, "shop-prod/storefront")
            panel = screen.query_one(MetricsPanel)
            await until(pilot, lambda: bool(panel.latest_samples()), timeout=20)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, GroupDetailScreen))
            await until(pilot, lambda: not [w for w in app.workers if w.group == "metrics"])


async def test_unhealthy_group_shows_its_diagnosis_line_at_the_top_of_the_detail() -> None:
    """order-worker (a crash loop in the demo) says why at the top of its detail."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: "shop-prod/order-worker" in table(app).keys, timeout=20)
            table(app).select_key("shop-prod/order-worker")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, GroupDetailScreen), timeout=10)
            line = app.screen.query_one(DiagnosisLine)
            await until(pilot, lambda: line.has_class("-shown"), timeout=20)
            text = str(line.render())
            assert text.startswith("⚠") and len(text) > 10


async def test_healthy_group_has_no_diagnosis_line() -> None:
    """storefront runs fine: no line above its tabs."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: "shop-prod/storefront" in table(app).keys, timeout=20)
            table(app).select_key("shop-prod/storefront")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, GroupDetailScreen), timeout=10)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not app.screen.query_one(DiagnosisLine).has_class("-shown")


async def test_list_status_line_says_why_for_the_selected_group() -> None:
    """Selecting the crash-looping worker puts its diagnosis in the list's status line."""
    with demo_app() as (app, _emu):
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: "shop-prod/order-worker" in table(app).keys, timeout=20)
            table(app).select_key("shop-prod/order-worker")
            status = app.screen.query_one("#list-status")
            await until(pilot, lambda: "crash-looping" in str(status.render()), timeout=20)
            table(app).select_key("shop-prod/storefront")
            await until(pilot, lambda: "crash-looping" not in str(status.render()), timeout=20)


async def test_wide_list_shows_cpu_and_memory_of_running_groups() -> None:
    """On a wide terminal the list gains CPU and Memory columns with each group's live use."""
    with demo_app(frozen=False) as (app, _emu):
        async with app.run_test(size=(260, 36)) as pilot:
            key = "shop-prod/storefront"
            await until(pilot, lambda: key in table(app).keys, timeout=20)
            await until(pilot, lambda: table(app).get_cell(key, "cpu").plain != "-", timeout=30)
            assert table(app).get_cell(key, "cpu").plain.endswith("%")
            assert "MiB" in table(app).get_cell(key, "mem").plain
            assert table(app).get_cell("platform/legacy-cron", "cpu").plain == "-"  # stopped
