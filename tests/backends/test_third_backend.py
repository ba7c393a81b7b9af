"""A third backend is one package plus one register() call: config, CLI, UI and contract suite
pick it up without an edit to acitui (the in-memory backend in tests/memory_backend/)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acitui import cli
from acitui.backends import backend_names, unregister
from acitui.config import Settings, UiSettings, load_settings
from acitui.errors import InvalidInputError
from acitui.ui.app import build_app
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.memory_backend import register

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def memory_registered() -> Iterator[None]:
    register()
    try:
        yield
    finally:
        unregister("memory")


def test_registering_runs_the_contract_suite_on_it() -> None:
    """Registered (as a plugin would register it), it runs every contract test and passes."""
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
         "tests/backends/test_contract.py"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert "[memory]" not in plain.stdout  # not registered: not in the suite
    argv = [
        *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
        *("-p", "tests.memory_backend.plugin", "tests/backends/test_contract.py", "-k", "memory"),
    ]
    listed = subprocess.run(
        [*argv, "--collect-only"], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    contract_tests = sum("[memory" in line for line in listed.stdout.splitlines())
    assert contract_tests >= 15  # every contract test, parametrised for the new backend
    run = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert f"{contract_tests} passed" in run.stdout and "skipped" not in run.stdout


def test_config_reads_its_section_and_refuses_unknown_keys(memory_registered, tmp_path) -> None:
    """A [memory] table is read with the backend's own dataclass; a typo in it is refused."""
    path = tmp_path / "config.toml"
    path.write_text('backend = "memory"\n[memory]\nfleet = "empty"\n', encoding="utf-8")
    settings = load_settings(path, env={})
    assert settings.backend == "memory" and settings.memory.fleet == "empty"
    path.write_text('[memory]\nflete = "empty"\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"unknown key\(s\) in \[memory\]: flete"):
        load_settings(path, env={})


def test_cli_lists_its_groups_and_takes_its_option(memory_registered, tmp_path, capsys) -> None:
    """`acitui --backend memory groups` lists the fleet; `--memory-fleet empty` its own option."""
    cfg = str(tmp_path / "none.toml")
    assert cli.main(["--config", cfg, "--backend", "memory", "groups"]) == 0
    out = capsys.readouterr().out
    assert {"web", "api", "batch", "worker"} <= set(out.split())
    assert (
        cli.main(["--config", cfg, "--backend", "memory", "--memory-fleet", "empty", "groups"]) == 0
    )
    assert capsys.readouterr().out.strip().splitlines()[1:] == []


def test_unregistered_it_is_an_unknown_backend(tmp_path, capsys) -> None:
    """Without the register() call acitui does not know the name: a one-line usage error."""
    assert "memory" not in backend_names()
    with pytest.raises(SystemExit) as exc:
        cli.main(["--config", str(tmp_path / "none.toml"), "--backend", "memory", "groups"])
    assert exc.value.code == 2
    assert "invalid choice: 'memory'" in capsys.readouterr().err


async def test_ui_starts_on_it_with_its_own_word(memory_registered) -> None:
    """The TUI built by the one factory loads it by name, lists its groups, titles the pane."""
    app = build_app(Settings(backend="memory", ui=UiSettings(refresh_seconds=3600)))
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(GroupsTable)
        assert set(table.keys) == {"prod/web", "prod/api", "prod/batch", "staging/worker"}
        assert app.screen.query_one(ResourceGroupList).border_title == "Namespaces"


def test_logs_of_a_multi_container_group_says_which(memory_registered, tmp_path, capsys) -> None:
    """`logs RG/NAME` on a two-container group says on stderr which it shows and how to pick."""
    cfg = str(tmp_path / "none.toml")
    assert cli.main(["--config", cfg, "--backend", "memory", "logs", "prod/web"]) == 0
    err = capsys.readouterr().err
    assert "prod/web has 2 containers (web, sidecar1); showing web" in err
    assert "-c NAME" in err
    assert cli.main(["--config", cfg, "--backend", "memory", "logs", "prod/api"]) == 0
    assert capsys.readouterr().err == ""  # one container: nothing to say


def test_config_init_writes_its_section(memory_registered) -> None:
    """`acitui config init` lists the registered backend's section with its defaults and notes."""
    from acitui.cli_extras import default_config_text

    text = default_config_text()
    assert "[memory]" in text and '# fleet = "sample"' in text and "sample or empty" in text
    assert text.index("[azure]") < text.index("[docker]") < text.index("[memory]")
