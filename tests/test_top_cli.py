"""``acitui top`` and ``acitui stats``: live CPU/memory/network per container, headless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backends.fleet_docker import remove_labelled, run, sweep_stale
from tests.docker_image import busybox_image, engine_client
from tests.test_cli import acitui, assert_clean_error

FIELDS = {
    "container",
    "time",
    "cpu_millicores",
    "cpu_percent",
    "memory_bytes",
    "memory_percent",
    "rx_bytes_per_s",
    "tx_bytes_per_s",
}
WATCH = ("--watch", "--json")
LABEL_RG, LABEL_GROUP, LABEL_CONTAINER = "acitui.resource-group", "acitui.group", "acitui.container"


@pytest.fixture(scope="module")
def busy_rg() -> Iterator[str]:
    """A Docker group with a container spinning a core and one sleeping."""
    api = engine_client()
    busybox_image()
    sweep_stale(api)
    rg = f"acitui-top-{uuid.uuid4().hex[:6]}"
    for name, script in (("spin", "while :; do :; done"), ("idle", "sleep 600")):
        labels = {LABEL_RG: rg, LABEL_GROUP: "busy", LABEL_CONTAINER: name}
        run(api, f"{rg}-{name}", script, labels=labels)
    yield rg
    remove_labelled(api, LABEL_RG, rg)
    api.close()


def home_env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "ACITUI_CONFIG": str(tmp_path / "none.toml")}


def parsed(proc: subprocess.CompletedProcess[str]) -> Any:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_top_json_shows_the_spinner_busy_and_the_idle_one_near_zero(
    busy_rg: str, tmp_path: Path
) -> None:
    """`top -g RG --json`: one sample per running container, the spinner far above the idle one."""
    docs = parsed(acitui("top", "-g", busy_rg, "--json", env=home_env(tmp_path)))
    by_name = {d["container"]: d for d in docs}
    assert set(by_name) == {"spin", "idle"}
    assert all(set(d) == FIELDS | {"group"} for d in docs)
    assert by_name["spin"]["group"] == f"{busy_rg}/busy"
    # the test host's two cores are shared by many jobs: the spinner gets what is left
    assert by_name["spin"]["cpu_percent"] > 10  # ~100 on an idle host
    assert by_name["idle"]["cpu_percent"] < 5
    assert by_name["idle"]["memory_bytes"] > 0


def test_top_table_names_group_and_container(busy_rg: str, tmp_path: Path) -> None:
    """The plain table has a row per container with CPU and memory columns."""
    proc = acitui("top", "-g", busy_rg, env=home_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    header, *rows = proc.stdout.splitlines()
    assert header.split()[:4] == ["RESOURCE", "GROUP", "NAME", "CONTAINER"]
    assert sorted(r.split()[2] for r in rows) == ["idle", "spin"]
    assert all("%" in r for r in rows)


def test_stats_json_of_one_group(busy_rg: str, tmp_path: Path) -> None:
    """`stats RG/NAME --json` prints the group's samples with the issue's fields."""
    docs = parsed(acitui("stats", f"{busy_rg}/busy", "--json", env=home_env(tmp_path)))
    assert {d["container"] for d in docs} == {"spin", "idle"}
    assert all(set(d) == FIELDS for d in docs)
    assert all(d["time"].endswith("Z") for d in docs)


def test_stats_of_unknown_group_is_one_line(busy_rg: str, tmp_path: Path) -> None:
    """A group that does not exist: one line naming it, no traceback."""
    proc = acitui("stats", f"{busy_rg}/nope", env=home_env(tmp_path))
    assert_clean_error(proc, "nope")


def test_demo_top_covers_every_running_group_with_null_free_azure_figures(
    tmp_path: Path,
) -> None:
    """On the demo fleet (Azure Monitor in the emulator) every figure is known, network too."""
    docs = parsed(acitui("--demo", "top", "-g", "shop-prod", "--json", env=home_env(tmp_path)))
    assert {d["group"] for d in docs} >= {"shop-prod/storefront", "shop-prod/payments-api"}
    for d in docs:
        assert set(d) == FIELDS | {"group"}
        assert all(d[k] is not None for k in FIELDS), d
        assert 0 <= d["cpu_percent"] <= 100 and 0 < d["memory_percent"] < 100


def test_demo_stats_watch_prints_json_lines(tmp_path: Path) -> None:
    """`stats --watch --json` prints one JSON object per line as readings come."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "acitui", "--demo", "stats", "shop-prod/storefront", *WATCH],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **home_env(tmp_path)},
    )
    try:
        assert proc.stdout is not None
        first = json.loads(proc.stdout.readline())
        second = json.loads(proc.stdout.readline())
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert {first["container"], second["container"]} == {"web", "log-shipper"}
    assert set(first) == FIELDS


def test_show_carries_the_diagnosis_in_json_and_plain(tmp_path: Path) -> None:
    """`show` of the crash-looping demo worker says why, first in text and as a JSON field."""
    env = home_env(tmp_path)
    doc = parsed(acitui("--demo", "show", "shop-prod/order-worker", "--json", env=env))
    assert doc["diagnosis"]["rule"] == "crash-loop"
    assert doc["diagnosis"]["severity"] == "error" and doc["diagnosis"]["evidence"]
    plain = acitui("--demo", "show", "shop-prod/order-worker", env=env)
    assert plain.stdout.startswith("Diagnosis:") and "crash-looping" in plain.stdout
    healthy = parsed(acitui("--demo", "show", "shop-prod/storefront", "--json", env=env))
    assert healthy["diagnosis"] is None
