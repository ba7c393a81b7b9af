"""The main screen: resource groups on the left, container groups in the middle."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, OptionList, Static

from acitui.errors import NotFoundError
from acitui.model import ContainerGroup, GroupRef, ResourceGroup
from acitui.ui import keys
from acitui.ui.fuzzy import filter_keys
from acitui.ui.rows import images
from acitui.ui.session import Place
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from acitui.ui.widgets.status_header import StatusHeader
from acitui.ui.work import BackendWork

if TYPE_CHECKING:
    from acitui.ui.app import AcituiApp

DETAIL_CONCURRENCY = 4


def haystack(group: ContainerGroup) -> str:
    """What the filter matches against: name, state and images, lower-cased."""
    return f"{group.name} {group.state} {images(group)}".lower()


class GroupsScreen(BackendWork, Screen[None]):
    """List, filter and pick container groups; details load for visible rows only."""

    app: AcituiApp
    BINDINGS: ClassVar[list[BindingType]] = [
        *keys.bindings("groups"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="groups-screen")
        self.groups: dict[str, ContainerGroup] = {}  # key → latest list entry
        self.details: dict[str, ContainerGroup] = {}  # key → latest get_group
        self._fresh: set[str] = set()  # details fetched since the last list
        self._inflight: set[str] = set()
        self._haystacks: dict[str, str] = {}
        self._details_timer: Timer | None = None
        self._pending_rg: str | None = None
        self._applied: tuple[str | None, str] | None = None
        self.loaded = False
        self._page_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with Horizontal(id="main"):
            yield ResourceGroupList(id="resource-groups")
            with Vertical(id="list"):
                yield Input(placeholder="filter: name, state, image (esc clears)", id="filter")
                yield GroupsTable(id="groups")
                yield Static(id="list-status")
        yield Footer()

    def on_resize(self) -> None:
        """Below 100 columns the resource groups pane gives its room to the table."""
        self.query_one(ResourceGroupList).display = self.size.width >= 100

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.query_one(GroupsTable).focus()
        self.query_one("#list-status", Static).update("Loading…")

    # ----- data -------------------------------------------------------------
    def reset(self, place: Place) -> None:
        """Start over for a newly active backend, at the user's saved place."""
        self.workers.cancel_group(self, "details")
        self.groups.clear()
        self.details.clear()
        self._fresh.clear()
        self._inflight.clear()
        self._haystacks.clear()
        self.loaded = False
        table = self.query_one(GroupsTable)
        table.show([], self.app.now())
        table.select_key(place.cursor_key)
        self._pending_rg = place.resource_group
        filter_input = self.query_one("#filter", Input)
        filter_input.value = place.filter
        filter_input.display = bool(place.filter)
        self.query_one("#list-status", Static).update("Loading…")
        self.query_one(ResourceGroupList).set_groups([], select=place.resource_group or "")

    def place(self) -> Place:
        return Place(
            resource_group=self.query_one(ResourceGroupList).selected,
            cursor_key=self.query_one(GroupsTable).selected_key,
            filter=self.query_one("#filter", Input).value,
        )

    def reload(self) -> None:
        """Re-list everything (ctrl+r, the poll timer, a 'reload all' notice)."""
        self.backend_work(self._reload(), group="list", exclusive=True)

    async def _reload(self) -> None:
        """List page by page: each page is shown as it arrives, removals at the end."""
        backend = self.app.backend
        if backend is None:
            return
        listed: dict[str, ContainerGroup] = {}
        loop = asyncio.get_running_loop()
        counted = shown = loop.time()
        try:
            rgs = await backend.list_resource_groups()
            async for page in backend.iter_groups():
                if backend is not self.app.backend:
                    return  # the user switched backends meanwhile
                if not listed:
                    self.app.connection_ok()
                for group in page:
                    listed[group.key] = group
                self._take_page(page)
                if not self.loaded and (len(listed) == len(page) or loop.time() > shown + 0.2):
                    # The first page at once, then a repaint now and then: each one
                    # costs a frame, and the next page waits for the loop meanwhile.
                    shown = loop.time()
                    if loop.time() > counted + 1.0 or len(listed) == len(page):
                        counted = loop.time()
                        self._show_counts(rgs, listed.values(), final=False)
                    self.apply(partial=True)
                elif not self.loaded and self._page_timer is None:
                    # Throttled: still show this page soon, even if the next one is slow.
                    delay = max(0.0, shown + 0.2 - loop.time())
                    self._page_timer = self.set_timer(delay, self._show_pending_page)
        except Exception as exc:
            self.app.connection_failed(exc)
            raise
        if backend is not self.app.backend:
            return
        self.app.connection_ok()
        self.groups = {key: listed[key] for key in sorted(listed)}
        for key in [k for k in self._haystacks if k not in listed]:
            del self._haystacks[key]
        self._fresh.clear()
        for key in [k for k, g in self.groups.items() if g.detailed]:
            self.details.pop(key, None)  # the list is as fresh as any detail we hold
        for key in [k for k in self.details if k not in self.groups]:
            del self.details[key]
        self._show_counts(rgs, listed.values(), final=True)
        self.query_one(GroupsTable).prune(set(listed))
        self.loaded = True
        self.apply()
        # Thousands of rows are long-lived objects: keep them out of full GC passes,
        # which otherwise stall keystrokes for hundreds of ms.
        gc.freeze()
        self.schedule_details()

    def _show_pending_page(self) -> None:
        """A page held back by the repaint throttle goes on screen now."""
        self._page_timer = None
        if not self.loaded:
            self.apply(partial=True)

    def _take_page(self, page: list[ContainerGroup]) -> None:
        """Merge one list page: new groups go last, known ones are replaced in place."""
        for group in page:
            self.groups[group.key] = group
            self._haystacks[group.key] = haystack(group)

    def _show_counts(
        self, rgs: list[ResourceGroup], groups: Iterable[ContainerGroup], *, final: bool
    ) -> None:
        counts = {rg.name: 0 for rg in rgs}
        for g in groups:
            counts[g.resource_group] = counts.get(g.resource_group, 0) + 1
        rg_list = self.query_one(ResourceGroupList)
        rg_list.set_groups(sorted(counts.items()), select=self._pending_rg)
        if final:
            self._pending_rg = None

    def group_changed(self, ref: GroupRef) -> None:
        """A watch notice: fetch one group and update its row."""
        self.backend_work(self._reload_one(ref), group="details")

    async def _reload_one(self, ref: GroupRef) -> None:
        backend = self.app.backend
        if backend is None:
            return
        try:
            group = await backend.get_group(ref)
        except NotFoundError:
            self.groups.pop(str(ref), None)
            self.details.pop(str(ref), None)
            self.apply()
            return
        if backend is not self.app.backend:
            return
        if group.key not in self.groups:
            self.groups[group.key] = group
            self._haystacks[group.key] = haystack(group)
            self.groups = dict(sorted(self.groups.items(), key=lambda kv: kv[0]))
            self._store_detail(group)
            self.apply()
            return
        self._store_detail(group)

    def _store_detail(self, group: ContainerGroup) -> None:
        self.details[group.key] = group
        self._fresh.add(group.key)
        self._haystacks[group.key] = haystack(group)
        self.query_one(GroupsTable).update_group(self.group(group.key) or group, self.app.now())

    def group(self, key: str | None) -> ContainerGroup | None:
        """The freshest copy of a group: its details when fetched since the list."""
        if key is None:
            return None
        return self.details.get(key) or self.groups.get(key)

    def schedule_details(self) -> None:
        """Soon, fetch details of the rows on screen (debounced for scrolling)."""
        if self._details_timer is not None:
            self._details_timer.stop()
        self._details_timer = self.set_timer(0.15, self._fetch_visible_details)

    def _fetch_visible_details(self) -> None:
        if not self.loaded:
            return  # the list first: its pages would queue behind these calls
        wanted = [
            key
            for key in self.query_one(GroupsTable).visible_keys()
            if key in self.groups
            and not self.groups[key].detailed
            and key not in self._fresh
            and key not in self._inflight
        ]
        if wanted:
            self._inflight.update(wanted)
            self.backend_work(self._fetch_details(wanted), group="details")

    async def _fetch_details(self, keys_: list[str]) -> None:
        backend = self.app.backend
        if backend is None:
            return
        limit = asyncio.Semaphore(DETAIL_CONCURRENCY)

        async def one(key: str) -> None:
            async with limit:
                try:
                    group = await backend.get_group(GroupRef.parse(key))
                except NotFoundError:
                    return
                finally:
                    self._inflight.discard(key)
                if backend is self.app.backend:
                    self._store_detail(group)

        await asyncio.gather(*(one(k) for k in keys_))

    # ----- showing ------------------------------------------------------------
    def apply(self, *, rebuild_ok: bool = False, partial: bool = False) -> None:
        """Show the groups that pass the resource group and the filter."""
        rg = self.query_one(ResourceGroupList).selected
        query = self.query_one("#filter", Input).value
        pool = (
            (k, self._haystacks.get(k, ""))
            for k, g in self.groups.items()
            if rg is None or g.resource_group == rg
        )
        self._applied = (rg, query)
        pairs = [(k, self.group(k)) for k in filter_keys(query, pool)]
        keys_ = [k for k, g in pairs if g is not None]
        visible = [g for _k, g in pairs if g is not None]
        self.query_one(GroupsTable).show(
            visible, self.app.now(), rebuild_ok=rebuild_ok, partial=partial, keys=keys_
        )
        status = f"{len(visible)} of {len(self.groups)} groups"
        if query:
            status += f" matching {query!r}"
        if not self.loaded:
            status = "Loading…"
        self.query_one("#list-status", Static).update(status)

    def _query(self) -> str:
        return self.query_one("#filter", Input).value

    @on(OptionList.OptionHighlighted, "#resource-groups")
    def _rg_changed(self) -> None:
        if self.loaded and self._applied != (
            self.query_one(ResourceGroupList).selected,
            self._query(),
        ):
            self.apply(rebuild_ok=True)
            self.schedule_details()

    @on(OptionList.OptionSelected, "#resource-groups")
    def _rg_chosen(self) -> None:
        self.query_one(GroupsTable).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        """Filter at once: matching 5,000 haystacks costs a few ms, a debounce more."""
        if self._applied == (self.query_one(ResourceGroupList).selected, self._query()):
            return
        self.apply(rebuild_ok=True)
        self.schedule_details()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(GroupsTable).focus()

    @on(DataTable.RowHighlighted, "#groups")
    def _row_moved(self) -> None:
        self.schedule_details()

    @on(DataTable.RowSelected, "#groups")
    def _row_chosen(self) -> None:
        self.action_open()

    def on_mouse_scroll_down(self) -> None:
        self.schedule_details()

    def on_mouse_scroll_up(self) -> None:
        self.schedule_details()

    # ----- actions ------------------------------------------------------------
    @property
    def selected(self) -> ContainerGroup | None:
        return self.group(self.query_one(GroupsTable).selected_key)

    def action_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.display = True
        # Focus after this key is done, or a real terminal types the "/" into it.
        self.call_after_refresh(filter_input.focus)

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value or filter_input.display:
            filter_input.value = ""
            filter_input.display = False
            self.query_one(GroupsTable).focus()
            self.apply(rebuild_ok=True)

    def _with_selected(self, then: str, *args: object) -> None:
        group = self.selected
        if group is None:
            self.notify("No container group selected.", title="Nothing selected")
            return
        getattr(self.app, then)(group, *args)

    def action_open(self) -> None:
        self._with_selected("open_group", "overview")

    def action_describe(self) -> None:
        self._with_selected("open_group", "overview")

    def action_events(self) -> None:
        self._with_selected("open_group", "events")

    def action_environment(self) -> None:
        self._with_selected("open_group", "environment")

    def action_logs(self) -> None:
        self._with_selected("open_logs", None)

    def action_yaml(self) -> None:
        self._with_selected("show_document")

    def action_start(self) -> None:
        self._with_selected("group_action", "start")

    def action_stop(self) -> None:
        self._with_selected("group_action", "stop")

    def action_restart(self) -> None:
        self._with_selected("group_action", "restart")

    def action_delete(self) -> None:
        self._with_selected("group_action", "delete")
