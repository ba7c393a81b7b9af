"""Golden: every field the README's JSON table promises is in that command's --json output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from acitui.cli import main

pytestmark = pytest.mark.azure

README = Path(__file__).resolve().parent.parent / "README.md"
#: A demo-fleet invocation for each command the table names (create/apply/diff need files).
RUNS = {
    "groups": ["groups", "-g", "shop-prod"],
    "show": ["show", "shop-prod/storefront"],
    "events": ["events", "shop-prod/order-worker"],
    "env": ["env", "shop-prod/payments-api"],
    "top": ["top", "-g", "shop-prod"],
    "stats": ["stats", "shop-prod/storefront"],
    "quota": ["quota"],
    "ngroups": ["ngroups"],
    "profiles": ["profiles"],
    "profile-diff": ["profile-diff", "web-fleet/web-profile", "1", "2"],
}


def promised_fields() -> dict[str, set[str]]:
    """command → top-level fields, read from the README's "JSON fields" table."""
    text = README.read_text(encoding="utf-8").split("JSON fields", 1)[1]
    table: dict[str, set[str]] = {}
    for line in text.splitlines()[2:]:
        if not line.startswith("|"):
            if table:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("command", "---"):
            continue
        spec = cells[1]
        while re.search(r"\([^()]*\)", spec):  # nested parts: not top-level keys
            spec = re.sub(r"\([^()]*\)", "", spec)
        spec, _, adds = spec.partition(";")  # "; `top` adds `group`"
        spec = spec.split(" — ")[0].split(": ")[0]
        fields = set(re.findall(r"`([a-z_]+)`", spec))
        for command in re.findall(r"`([a-z-]+)`", cells[0].split("(")[0]):
            extra = table.get("groups", set()) if "the above" in spec else set()
            table[command] = table.get(command, set()) | fields | extra
        if match := re.match(r"\s*`([a-z-]+)` adds (.*)", adds):
            table[match[1]] |= set(re.findall(r"`([a-z_]+)`", match[2]))
    return table


def test_the_readme_table_is_read() -> None:
    """The parser finds the table's rows (a renamed heading would otherwise pass silently)."""
    table = promised_fields()
    assert {"groups", "show", "events", "env", "top", "quota"} <= set(table)
    assert {"name", "state", "restart_count"} <= table["groups"] <= table["show"]
    assert "diagnosis" in table["show"] and "group" in table["top"]


@pytest.mark.parametrize("command", sorted(RUNS))
def test_json_output_has_every_promised_field(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`acitui --demo COMMAND --json` rows carry at least the fields the README lists."""
    promised = promised_fields()[command]
    code = main(["--demo", "--json", *RUNS[command]])
    out, err = capsys.readouterr()
    assert code in ((0, 1) if command == "profile-diff" else (0,)), err  # 1: they differ
    lines = out.splitlines() if command == "stats" and not out.lstrip().startswith("[") else [out]
    rows: list[Any] = []
    for chunk in lines:
        data = json.loads(chunk) if chunk.strip() else []
        rows.extend(data if isinstance(data, list) else [data])
    assert rows, f"{command} printed no rows on the demo fleet"
    for row in rows:
        assert promised <= set(row), f"{command} lacks {sorted(promised - set(row))}"
