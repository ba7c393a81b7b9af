"""The group list as data: what is listed, what passes the filter, where the cursor is.

No Textual here (k9s's model layer): the loader feeds it pages and details, the
table view draws ``rows`` from it, the screen turns keys into calls on it. Every
derived list is computed lazily, once per change, so a view that asks on each
frame pays for a filter only when something changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime

from acitui.model import ContainerGroup, MetricSample, ResourceGroup
from acitui.ui.fuzzy import filter_keys
from acitui.ui.rows import badges_text, images

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: Sort orders: each maps a group to its sort key; ties fall back to the group key.
SORTS: dict[str, Callable[[ContainerGroup], object]] = {
    "key": lambda g: (),
    "name": lambda g: g.name.lower(),
    "state": lambda g: str(g.state),
    "age": lambda g: -(g.created or _EPOCH).timestamp(),
}


def haystack(group: ContainerGroup) -> str:
    """What the filter matches against: name, state and images, lower-cased."""
    return f"{group.name} {group.state} {images(group)}".lower()


def sort_keys(groups: Mapping[str, ContainerGroup], by: str = "key") -> list[str]:
    """Every key of ``groups`` in the order ``by`` names (``key``: resource group/name)."""
    if by == "key":
        return sorted(groups)
    order = SORTS[by]
    return sorted(groups, key=lambda k: (order(groups[k]), k))


def visible_rows(
    order: Iterable[str],
    groups: Mapping[str, ContainerGroup],
    haystacks: Mapping[str, str],
    resource_group: str | None,
    query: str,
) -> list[str]:
    """The keys shown: in ``order``, in ``resource_group`` (None: all), matching ``query``."""
    pool = (
        (k, haystacks.get(k, ""))
        for k in order
        if resource_group is None or groups[k].resource_group == resource_group
    )
    return filter_keys(query, pool)


class GroupsModel:
    """Groups, their details, the filter, the sort, paging state and the cursor."""

    def __init__(self) -> None:
        self.groups: dict[str, ContainerGroup] = {}  # key → latest list entry
        self.details: dict[str, ContainerGroup] = {}  # key → latest get_group
        self.fresh: set[str] = set()  # details fetched since the last list
        self.inflight: set[str] = set()  # details being fetched
        self.resource_groups: list[ResourceGroup] = []
        self.resource_group: str | None = None
        self.query = ""
        self.sort = "key"
        self.loading = False  # a list is on its way
        self.complete = False  # a whole list has arrived since the last reset
        self.error: BaseException | None = None  # the last list's failure, if it failed
        self._cursor = 0  # the cursor's row; read it through ``cursor``
        self._haystacks: dict[str, str] = {}
        self._order: list[str] | None = None  # every key, sorted; None: stale
        self._rows: list[str] | None = None  # the keys shown; None: stale
        self._index: dict[str, int] = {}
        self._keep: str | None = None  # the cursor's group while rows are stale
        self._pending: str | None = None  # a cursor waiting for its group to arrive
        self._widths: dict[str, int] | None = None
        self.metrics: dict[str, MetricSample] = {}  # key → the group's newest reading (issue 15)

    # ----- feeding -------------------------------------------------------------------
    def begin(self, resource_groups: list[ResourceGroup]) -> None:
        """A list starts arriving; ``resource_groups`` are counted even when empty."""
        self.loading = True
        self.resource_groups = resource_groups

    def take_page(self, page: Iterable[ContainerGroup]) -> None:
        """Merge one list page: known groups are replaced, new ones join in sort order."""
        for group in page:
            key = group.key
            self.groups[key] = group
            self._haystacks[key] = haystack(self.details.get(key) or group)
        self._stale(order=True)

    def finish(self, listed: Iterable[str]) -> None:
        """The last page is in: drop groups not listed; details older than the list go."""
        keep = set(listed)
        for key in [k for k in self.groups if k not in keep]:
            self._drop(key)
        self.fresh.clear()
        for key in [k for k, g in self.groups.items() if g.detailed]:
            self.details.pop(key, None)  # the list is as fresh as any detail we hold
            self._haystacks[key] = haystack(self.groups[key])
        self.loading = False
        self.complete = True
        self.error = None
        self._stale(order=True)

    def fail(self, error: BaseException) -> None:
        """The list could not be read: what we had stays, the error is said."""
        self.loading = False
        self.error = error

    def put_detail(self, group: ContainerGroup) -> None:
        """A group read on its own (details, a watch notice): shown from now on."""
        key = group.key
        new = key not in self.groups
        if new:
            self.groups[key] = group
        self.details[key] = group
        self.fresh.add(key)
        text = haystack(group)
        if new or text != self._haystacks.get(key) or self.sort != "key":
            self._haystacks[key] = text
            self._stale(order=True)

    def remove(self, key: str) -> None:
        """A group is gone (deleted, or not found when read)."""
        if key in self.groups:
            self._drop(key)
            self._stale(order=True)

    def _drop(self, key: str) -> None:
        self.groups.pop(key, None)
        self.details.pop(key, None)
        self._haystacks.pop(key, None)
        self.fresh.discard(key)

    # ----- asking ------------------------------------------------------------------
    def group(self, key: str | None) -> ContainerGroup | None:
        """The freshest copy of a group: its details when fetched since the list."""
        if key is None:
            return None
        return self.details.get(key) or self.groups.get(key)

    def counts(self) -> list[tuple[str, int]]:
        """``(resource group, number of groups)``, every listed resource group included."""
        counts = {rg.name: 0 for rg in self.resource_groups}
        for group in self.groups.values():
            counts[group.resource_group] = counts.get(group.resource_group, 0) + 1
        return sorted(counts.items())

    def details_wanted(self, keys: Iterable[str]) -> list[str]:
        """Of ``keys``, those whose live state is unknown and not being fetched."""
        return [
            k
            for k in keys
            if k in self.groups
            and not self.groups[k].detailed
            and k not in self.fresh
            and k not in self.inflight
        ]

    # ----- filter, sort ------------------------------------------------------------------
    def set_filter(self, resource_group: str | None, query: str) -> bool:
        """Show one resource group (None: all) and the groups matching ``query``."""
        if (resource_group, query) == (self.resource_group, self.query):
            return False
        self.resource_group, self.query = resource_group, query
        self._stale()
        return True

    def set_sort(self, by: str) -> None:
        if by not in SORTS:
            raise ValueError(f"unknown sort {by!r}; known: {', '.join(SORTS)}")
        self.sort = by
        self._stale(order=True)

    def widths(self) -> dict[str, int]:
        """The widest name and address among all groups: how wide those columns want to be."""
        if self._widths is None:
            groups = self.groups.values()
            self._widths = {
                "name": max((len(g.name) for g in groups), default=0),
                "address": max(
                    (
                        len(g.ip_address.fqdn or g.ip_address.ip or "")
                        for g in groups
                        if g.ip_address
                    ),
                    default=0,
                ),
                "badges": max((len(badges_text(g)) for g in groups), default=0),
            }
        return self._widths

    def _stale(self, *, order: bool = False) -> None:
        if order:
            self._order = None
            self._widths = None
        if self._rows is not None:
            rows, at = self._rows, self._cursor
            self._keep = self._pending or (rows[at] if 0 <= at < len(rows) else None)
            self._rows = None

    @property
    def rows(self) -> list[str]:
        """The keys shown, in order (computed once per change)."""
        if self._rows is None:
            if self._order is None:
                self._order = sort_keys(self.groups, self.sort)
            rows = visible_rows(
                self._order, self.groups, self._haystacks, self.resource_group, self.query
            )
            self._rows = rows
            self._index = {k: i for i, k in enumerate(rows)}
            self._place_cursor()
        return self._rows

    def index(self, key: str) -> int | None:
        self.rows  # noqa: B018 - brings the index up to date
        return self._index.get(key)

    # ----- cursor ------------------------------------------------------------------------
    @property
    def cursor(self) -> int:
        """The cursor's row in ``rows`` (after the rows are brought up to date)."""
        self.rows  # noqa: B018 - places the cursor when the rows changed
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        rows = self.rows
        return rows[self._cursor] if 0 <= self._cursor < len(rows) else None

    def move(self, row: int) -> None:
        """Put the cursor on a row (clamped to the rows there are)."""
        count = len(self.rows)
        self._cursor = max(0, min(row, count - 1)) if count else 0
        self._pending = None

    def select(self, key: str | None) -> None:
        """Put the cursor on ``key`` now, or when its group arrives."""
        if key is None:
            return
        index = self.index(key)
        if index is None:
            self._pending = key
            return
        self._cursor = index
        self._pending = None

    def _place_cursor(self) -> None:
        """After the rows changed: the cursor follows its group, or stays at its row."""
        keep, self._keep = self._keep, None
        count = len(self._index)
        if keep is not None and keep in self._index:
            self._cursor = self._index[keep]
            if keep == self._pending:
                self._pending = None
            return
        if keep is not None and keep == self._pending and (self.loading or not self.complete):
            pass  # its group may be on a page still to come
        elif keep == self._pending:
            self._pending = None
        self._cursor = max(0, min(self._cursor, count - 1)) if count else 0
