"""The group list model on its own: no app, no Textual — filter, sort, paging, cursor, counts."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

from acitui.model import ResourceGroup
from acitui.ui.groups_model import GroupsModel, visible_rows
from acitui.ui.rows import fit_columns
from tests.memory_backend import make_group


def model_of(*names: str, rg: str = "prod") -> GroupsModel:
    model = GroupsModel()
    model.begin([ResourceGroup(rg)])
    model.take_page([make_group(n, rg=rg) for n in names])
    model.finish([f"{rg}/{n}" for n in names])
    return model


def test_rows_are_sorted_and_filtered_fuzzily() -> None:
    """Rows come sorted by resource group/name; a query keeps in-order subsequence matches."""
    model = model_of("web", "api", "webhook")
    assert model.rows == ["prod/api", "prod/web", "prod/webhook"]
    model.set_filter(None, "whk")
    assert model.rows == ["prod/webhook"]
    model.set_filter("elsewhere", "")
    assert model.rows == []


def test_filter_is_a_pure_function_over_5000_groups() -> None:
    """The same inputs give the same rows, without touching the model."""
    groups = {
        f"rg{i % 7}/svc-{i:04}": make_group(f"svc-{i:04}", rg=f"rg{i % 7}") for i in range(5000)
    }
    haystacks = {k: f"{g.name} running nginx" for k, g in groups.items()}
    order = sorted(groups)
    assert visible_rows(order, groups, haystacks, None, "4999") == ["rg1/svc-4999"]
    assert len(visible_rows(order, groups, haystacks, "rg3", "")) == 714
    assert visible_rows(order, groups, haystacks, None, "") == order


def test_cursor_follows_its_group_when_rows_change() -> None:
    """A group added above the cursor or a filter change keeps the cursor on its group."""
    model = model_of("b", "c", "d")
    model.select("prod/c")
    model.take_page([make_group("a")])
    assert model.cursor_key == "prod/c" and model.cursor == 2
    model.set_filter(None, "c")
    assert model.cursor_key == "prod/c" and model.cursor == 0
    model.set_filter(None, "")
    assert model.cursor_key == "prod/c"


def test_cursor_of_a_vanished_group_stays_at_its_row() -> None:
    """When the cursor's group disappears, the cursor stays at the same row (clamped)."""
    model = model_of("a", "b", "c", "d")
    model.move(3)
    model.begin([])
    model.take_page([make_group("a"), make_group("b")])
    model.finish(["prod/a", "prod/b"])
    assert model.cursor == 1 and model.cursor_key == "prod/b"


def test_a_saved_cursor_waits_for_its_page() -> None:
    """A cursor restored before the list arrives lands on its group when that page comes."""
    model = GroupsModel()
    model.select("prod/z")
    model.begin([])
    model.take_page([make_group("a")])
    assert model.cursor_key == "prod/a"
    model.take_page([make_group("z")])
    assert model.cursor_key == "prod/z"


def test_vanished_groups_go_only_when_the_list_is_complete() -> None:
    """Pages add and replace; removals wait for finish."""
    model = model_of("a", "b")
    model.begin([])
    model.take_page([make_group("a")])
    assert model.rows == ["prod/a", "prod/b"]
    model.finish(["prod/a"])
    assert model.rows == ["prod/a"]


def test_counts_include_empty_resource_groups_and_follow_removals() -> None:
    """Each listed resource group is counted, empty ones as 0; a removal lowers its count."""
    model = GroupsModel()
    model.begin([ResourceGroup("empty"), ResourceGroup("prod")])
    model.take_page([make_group("a"), make_group("b"), make_group("c", rg="staging")])
    model.finish(["prod/a", "prod/b", "staging/c"])
    assert model.counts() == [("empty", 0), ("prod", 2), ("staging", 1)]
    model.remove("prod/a")
    assert dict(model.counts())["prod"] == 1


def test_details_wanted_skips_known_and_inflight() -> None:
    """Only undetailed groups not fetched yet and not being fetched are asked for."""
    model = GroupsModel()
    model.begin([])
    model.take_page([replace(make_group(n), detailed=False) for n in "abc"])
    model.finish(["prod/a", "prod/b", "prod/c"])
    model.inflight.add("prod/b")
    model.put_detail(make_group("c"))
    assert model.details_wanted(["prod/a", "prod/b", "prod/c", "prod/x"]) == ["prod/a"]
    assert model.group("prod/c") is not None and model.group("prod/c").detailed


def test_sort_by_age_puts_the_newest_first() -> None:
    """Sorting by age lists the youngest group first; ties keep key order."""
    model = GroupsModel()
    model.begin([])
    old = make_group("old", created_minutes_ago=600)
    new = make_group("new", created_minutes_ago=5)
    model.take_page([old, new, make_group("mid")])
    model.finish(["prod/old", "prod/new", "prod/mid"])
    model.set_sort("age")
    assert model.rows == ["prod/new", "prod/mid", "prod/old"]
    assert new.created is not None and old.created == new.created - timedelta(minutes=595)


def test_a_failed_list_keeps_what_was_shown() -> None:
    """A failure keeps the rows and holds the error until the next list succeeds."""
    model = model_of("a")
    model.begin([])
    model.fail(RuntimeError("down"))
    assert model.rows == ["prod/a"] and isinstance(model.error, RuntimeError)
    model.finish(["prod/a"])
    assert model.error is None


def test_columns_keep_name_state_ready_restarts_longest() -> None:
    """At any width the first four columns are the last to go; wide widths show them all."""
    for width in range(30, 260, 7):
        keys = [c.key for c, _ in fit_columns(width, {"name": 20, "address": 40})]
        assert keys[: min(4, len(keys))] == ["name", "state", "ready", "restarts"][: len(keys)]
        used = sum(w + 1 for _, w in fit_columns(width, {"name": 20, "address": 40})) + 1
        assert used <= width
    assert len(fit_columns(260, {"name": 20, "address": 40})) == 13  # all but badges (none here)


def test_model_and_render_layer_import_no_textual() -> None:
    """The model, loader and row rendering load without Textual or Rich."""
    code = (
        "import sys; import acitui.ui.groups_model, acitui.ui.groups_loader, acitui.ui.rows; "
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
