"""One container group: overview, containers, events and environment tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from acitui.backends.base import Backend
from acitui.diagnosis import diagnose
from acitui.model import ContainerGroup, Event, GroupRef
from acitui.render_newer import badges
from acitui.sanitize import sanitize_name
from acitui.ui import keys
from acitui.ui.describe import describe
from acitui.ui.messages import GroupChanged, GroupRequested, GroupVerb, RefreshRequested
from acitui.ui.widgets.containers_table import ContainersTable
from acitui.ui.widgets.diagnosis_line import DiagnosisLine
from acitui.ui.widgets.env_table import EnvTable, env_hint
from acitui.ui.widgets.events_table import EventsTable
from acitui.ui.widgets.metrics_panel import MetricsPanel
from acitui.ui.widgets.status_header import StatusHeader
from acitui.ui.work import BackendWork

GROUP_KEYS = {
    "logs",
    "events",
    "environment",
    "describe",
    "yaml",
    "start",
    "stop",
    "restart",
    "delete",
    "exec",
    "metrics",
}
TABS = ("overview", "containers", "events", "environment", "metrics")


class GroupDetailScreen(BackendWork, Screen[None]):
    """The selected group in full; ``esc`` or ``q`` goes back to the list.

    Lifecycle keys and logs are asked of the app with :class:`GroupRequested`;
    keys the backend cannot honour are hidden.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *keys.bindings("detail"),
        *(b for b in keys.bindings("groups") if b.id in GROUP_KEYS),
    ]

    def __init__(
        self,
        group: ContainerGroup,
        backend: Backend,
        now: Callable[[], datetime],
        refresh_seconds: float,
        *,
        tab: str = "overview",
    ) -> None:
        super().__init__(classes="detail-screen")
        self.group = group
        self.backend = backend
        self.now = now
        self.refresh_seconds = refresh_seconds
        self.initial_tab = tab if tab in TABS else "overview"

    @property
    def ref(self) -> GroupRef:
        return self.group.ref

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        yield Static(id="detail-title")
        yield DiagnosisLine(id="diagnosis")
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            with TabPane("Overview", id="overview"):
                with VerticalScroll(id="describe-scroll"):
                    yield Static(id="describe")
            with TabPane("Containers", id="containers"):
                yield ContainersTable(id="containers-table")
            with TabPane("Events", id="events"):
                yield Static(id="events-summary")
                yield EventsTable(id="events-table")
            with TabPane("Environment", id="environment"):
                yield Static(Text(env_hint(self.group)), id="env-help")
                yield EnvTable(id="env-table")
            with TabPane("Metrics", id="metrics"):
                yield MetricsPanel(self.group, self.backend, id="metrics-panel")
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.group)
        self.reload()
        self.set_interval(self.refresh_seconds, self.reload)
        self.call_after_refresh(self._focus_tab, self.initial_tab)

    def show(self, group: ContainerGroup) -> None:
        self.group = group
        title = Text(f"{sanitize_name(group.resource_group)}/{sanitize_name(group.name)}  ")
        title.append(sanitize_name(str(group.state)), style="bold")
        if badges(group):  # Spot, Confidential, NGroup, profile revision… (already sanitised)
            title.append("  " + " · ".join(badges(group)), style="italic")
        self.query_one("#detail-title", Static).update(title)
        self._diagnose()
        self.query_one("#describe", Static).update(Text(describe(group)))
        self.query_one(ContainersTable).show(group)
        self.query_one(EnvTable).show(group)
        self.query_one("#env-help", Static).update(Text(env_hint(group)))
        if group.events:
            self._show_events(list(group.events))

    def _show_events(self, events: list[Event]) -> None:
        self.query_one(EventsTable).show(events, self.now())
        self.query_one("#events-summary", Static).update(EventsTable.summary(events))

    def reload(self) -> None:
        self.backend_work(self._reload(), group="detail", exclusive=True)

    async def _reload(self) -> None:
        group = await self.backend.get_group(self.group.ref)
        events = await self.backend.list_events(self.group.ref)
        if self.is_attached:
            self.show(group)
            self._show_events(events)

    @on(GroupChanged)
    def _group_changed(self, message: GroupChanged) -> None:
        if message.ref != self.ref:
            return
        if message.deleted:
            self.action_back()
        else:
            self.reload()

    @on(RefreshRequested)
    def _refresh(self) -> None:
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys the backend cannot honour are hidden (its ``Capabilities``)."""
        caps = self.backend.capabilities
        able = {
            "start": caps.start,
            "stop": caps.stop,
            "restart": caps.restart,
            "delete": caps.delete,
            "logs": caps.follow_logs,
        }
        return able.get(action, True)

    # ----- tabs -----------------------------------------------------------------
    def _diagnose(self) -> None:
        """The "why" line, from the group and the metrics read so far (issue 15)."""
        panel = self.query_one(MetricsPanel)
        found = diagnose(self.group, now=self.now(), metrics=panel.latest_samples() or None)
        self.query_one(DiagnosisLine).show(found)

    @on(MetricsPanel.Updated)
    def _metrics_updated(self) -> None:
        self._diagnose()

    def action_metrics(self) -> None:
        self._switch("metrics")

    def _focus_tab(self, tab: str) -> None:
        if tab == "metrics":
            panel = self.query_one(MetricsPanel)
            panel.start()  # readers run from the first look at the tab until the detail closes
            panel.focus()
            return
        widget = {
            "containers": ContainersTable,
            "events": EventsTable,
            "environment": EnvTable,
        }.get(tab)
        if widget is not None:
            self.query_one(widget).focus()
        else:
            self.query_one("#describe-scroll").focus()

    def _switch(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id != "environment":
            self.query_one(EnvTable).mask_all()
        self._focus_tab(event.pane.id or "overview")

    def on_screen_suspend(self) -> None:
        self.query_one(EnvTable).mask_all()

    # ----- actions ----------------------------------------------------------------
    def action_back(self) -> None:
        self.query_one(EnvTable).mask_all()
        self.dismiss()

    def action_describe(self) -> None:
        self._switch("overview")

    def action_containers(self) -> None:
        self._switch("containers")

    def action_events(self) -> None:
        self._switch("events")

    def action_environment(self) -> None:
        self._switch("environment")

    def action_logs(self) -> None:
        container = None
        if self.query_one(TabbedContent).active == "containers":
            container = self.query_one(ContainersTable).selected_container
        self.post_message(GroupRequested(self.group, "logs", container))

    def _request(self, verb: GroupVerb) -> None:
        self.post_message(GroupRequested(self.group, verb))

    def action_yaml(self) -> None:
        self._request("yaml")

    def action_start(self) -> None:
        self._request("start")

    def action_stop(self) -> None:
        self._request("stop")

    def action_restart(self) -> None:
        self._request("restart")

    def action_delete(self) -> None:
        self._request("delete")

    def action_exec(self) -> None:
        container = None
        if self.query_one(TabbedContent).active == "containers":
            container = self.query_one(ContainersTable).selected_container
        self.post_message(GroupRequested(self.group, "exec", container))
