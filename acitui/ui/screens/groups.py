"""The main screen: resource groups on the left, container groups in the middle.

The view of k9s's split: the list's data lives in :class:`GroupsModel`, the
loader fills it, :class:`GroupsTable` draws it; this screen turns keys and
clicks into calls on them and asks the app for everything else by message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList

from acitui.backends.base import Backend
from acitui.model import ContainerGroup, GroupRef
from acitui.ui import keys
from acitui.ui.groups_feed import GroupsFeed
from acitui.ui.groups_model import GroupsModel
from acitui.ui.messages import GroupChanged, GroupRequested, GroupVerb
from acitui.ui.session import Place
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.keys_footer import KeysFooter
from acitui.ui.widgets.list_status_line import ListStatusLine
from acitui.ui.widgets.resource_groups import ResourceGroupList
from acitui.ui.widgets.status_header import StatusHeader
from acitui.ui.work import BackendWork

#: Seconds between attempts while the list cannot be read (the last one repeats).
RETRY_SECONDS = (2.0, 5.0, 10.0, 30.0)
#: Seconds between checks whether the list's CPU/memory figures are due (list_metrics.py).
TICK_SECONDS = 2.0


class GroupsScreen(BackendWork, Screen[None]):
    """List, filter and pick container groups; details load for visible rows only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *keys.bindings("groups"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]
    AUTO_FOCUS = "GroupsTable"  # the footer's first keys are the table's (no rebuild at start)

    def __init__(
        self,
        backend: Callable[[], Backend | None],
        now: Callable[[], datetime],
        vocabulary: str = "Resource groups",
        retry_seconds: tuple[float, ...] = RETRY_SECONDS,
    ) -> None:
        super().__init__(id="groups-screen")
        self.backend = backend
        self.now = now
        self.vocabulary = vocabulary
        self.retry_seconds = retry_seconds
        self.model = GroupsModel()
        self.feed = GroupsFeed(self)
        self._clicked_pane = False
        self._pending_rg: str | None = None  # the saved resource group, until counts show it

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with Horizontal(id="main"):
            yield ResourceGroupList(id="resource-groups")
            with Vertical(id="list"):
                # the filter box is mounted when first wanted (/): not styled on the first frame
                yield GroupsTable(self.model, self.now, id="groups")
                yield ListStatusLine(id="list-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(ResourceGroupList).border_title = self.vocabulary
        self.query_one(GroupsTable).focus()
        self.show_status()
        self.set_interval(TICK_SECONDS, self.feed.poll_metrics)  # CPU/memory columns (issue 15)

    def on_resize(self) -> None:
        """Below 100 columns the resource groups pane gives its room to the table."""
        self.query_one(ResourceGroupList).display = self.size.width >= 100

    @property
    def loaded(self) -> bool:
        return self.model.complete

    # ----- the app's calls ------------------------------------------------------------
    def reset(self, place: Place) -> None:
        """Start over for a newly active backend, at the user's saved place."""
        self.workers.cancel_group(self, "details")
        self.feed.reset()
        self.model = model = GroupsModel()
        model.set_filter(place.resource_group, place.filter)
        model.select(place.cursor_key)
        table = self.query_one(GroupsTable)
        table.model = model
        table.refresh_rows()
        filter_input = self._filter_input(create=bool(place.filter), value=place.filter)
        if filter_input is not None:
            with filter_input.prevent(Input.Changed):
                filter_input.value = place.filter
            filter_input.display = bool(place.filter)
        self._pending_rg = place.resource_group
        self.query_one(ResourceGroupList).border_title = self.vocabulary
        self.query_one(ResourceGroupList).set_groups([], select=place.resource_group or "")
        table.changed()
        self.show_status()

    def place(self) -> Place:
        return Place(
            resource_group=self.model.resource_group,
            cursor_key=self.model.cursor_key,
            filter=self.model.query,
        )

    @property
    def selected(self) -> ContainerGroup | None:
        return self.model.group(self.model.cursor_key)

    def reload(self) -> None:
        """Re-list everything (ctrl+r, the poll timer, a retry after a failure)."""
        self.feed.reload()

    def group_changed(self, ref: GroupRef) -> None:
        """A watch notice or an action: read one group and update its row and the counts."""
        self.feed.group_changed(ref)

    @on(GroupChanged)
    def _group_changed(self, message: GroupChanged) -> None:
        if message.deleted:
            self.model.remove(str(message.ref))
            self.rows_changed(counts=True)
        else:
            self.group_changed(message.ref)

    def list_read(self) -> None:
        """A whole list is in: the saved resource group choice has had its counts."""
        self._pending_rg = None
        self.refresh_rows()

    def refresh_rows(self) -> None:
        self.query_one(GroupsTable).refresh_rows()

    def visible_keys(self) -> list[str]:
        return self.query_one(GroupsTable).visible_keys()

    def schedule_details(self) -> None:
        self.feed.schedule_details()

    # ----- showing --------------------------------------------------------------------
    def rows_changed(self, *, counts: bool = False) -> None:
        """The model changed: redraw the table, the status line and maybe the counts."""
        if counts:
            pane = self.query_one(ResourceGroupList)
            pane.set_groups(self.model.counts(), select=self._pending_rg)
        self.query_one(GroupsTable).changed()
        self.show_status()

    def show_status(self) -> None:
        table = self.query_one(GroupsTable)
        lines = self.query_one(ListStatusLine).show(self.model, self.feed.retry_in, self.now())
        if table.placeholder != lines:
            table.placeholder = lines
            table.refresh()

    def _filter_input(self, *, create: bool = False, value: str = "") -> Input | None:
        """The filter box; mounted above the table on first use (``create``), else None."""
        found = self.query("#filter").results(Input)
        filter_input = next(found, None)
        if filter_input is None and create:
            hint = "filter: name, state, image (esc clears)"
            filter_input = Input(value, placeholder=hint, id="filter")
            self.query_one("#list").mount(filter_input, before=self.query_one(GroupsTable))
        return filter_input

    def _apply_filter(self) -> None:
        pane = self.query_one(ResourceGroupList)
        filter_input = self._filter_input()
        if self.model.set_filter(pane.selected, filter_input.value if filter_input else ""):
            self.rows_changed()
            self.schedule_details()

    # ----- events ---------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#resource-groups")
    def _rg_changed(self) -> None:
        if self._pending_rg is None:  # not while the saved choice waits for its counts
            self._apply_filter()

    def on_click(self, event: events.Click) -> None:
        self._clicked_pane = isinstance(event.widget, ResourceGroupList)

    @on(OptionList.OptionSelected, "#resource-groups")
    def _rg_chosen(self) -> None:
        """Enter on a resource group goes to its groups; a click leaves the focus on it."""
        if self._clicked_pane:
            self._clicked_pane = False
            self.query_one(ResourceGroupList).focus()
            return
        self.query_one(GroupsTable).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        """Filter at once: matching 5,000 haystacks costs a few ms, a debounce more."""
        self._apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(GroupsTable).focus()

    @on(GroupsTable.Highlighted, "#groups")
    def _row_moved(self) -> None:
        self.schedule_details()
        self.show_status()  # the selected group's diagnosis

    @on(GroupsTable.Selected, "#groups")
    def _row_chosen(self) -> None:
        self.action_open()

    def on_mouse_scroll_down(self) -> None:
        self.schedule_details()

    def on_mouse_scroll_up(self) -> None:
        self.schedule_details()

    # ----- actions ----------------------------------------------------------------------
    def action_focus_next(self) -> None:
        """Tab: the next pane (resource groups, filter when shown, the list)."""
        self.focus_next()

    def action_filter(self) -> None:
        filter_input = self._filter_input(create=True)
        assert filter_input is not None  # made above
        filter_input.display = True
        # Focus after this key is done, or a real terminal types the "/" into it.
        self.call_after_refresh(filter_input.focus)

    def action_clear_filter(self) -> None:
        filter_input = self._filter_input()
        if filter_input is not None and (filter_input.value or filter_input.display):
            filter_input.value = ""
            filter_input.display = False
            self.query_one(GroupsTable).focus()
            self._apply_filter()

    def _request(self, verb: GroupVerb) -> None:
        group = self.selected
        if group is None:
            self.notify("No container group selected.", title="Nothing selected", markup=False)
            return
        self.post_message(GroupRequested(group, verb))

    def action_open(self) -> None:
        self._request("open")

    def action_describe(self) -> None:
        self._request("describe")

    def action_events(self) -> None:
        self._request("events")

    def action_environment(self) -> None:
        self._request("environment")

    def action_metrics(self) -> None:
        self._request("metrics")

    def action_logs(self) -> None:
        self._request("logs")

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
        self._request("exec")
