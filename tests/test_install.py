"""The README's Quick start commands, run as written with only Debian's own Python on PATH.

The commands are read from README.md's Quick start code block, so the README cannot drift
from what works. Each runs in a login shell with ``PATH=/usr/bin:/bin`` and an empty HOME: the
situation of a new user on a stock Debian 12 box (this machine's /usr/bin/python3 is 3.11.2).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require

REPO = Path(__file__).resolve().parent.parent
DEBIAN_PYTHON = Path("/usr/bin/python3")

pytestmark = pytest.mark.install


def quick_start_commands() -> list[str]:
    """The shell lines of README.md's Quick start code block, comments stripped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split(" #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def _command(predicate: str) -> str:
    lines = [line for line in quick_start_commands() if predicate in line]
    assert len(lines) == 1, f"Quick start has no single line with {predicate!r}: {lines}"
    return lines[0]


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=10).close()
    except OSError:
        return False
    return True


def _login_shell(command: str, home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """``bash -lc command`` from the repository with Debian's PATH and nothing else inherited."""
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb", **extra}
    return subprocess.run(
        ["bash", "-lc", command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        stdin=subprocess.DEVNULL,
    )


def _ensure_pipx() -> None:
    """The Quick start's first line (``sudo apt install pipx``), done here when root needs it."""
    line = _command("apt install")
    assert line.split()[-1] == "pipx"
    if Path("/usr/bin/pipx").exists():
        return
    require(os.geteuid() == 0 and shutil.which("apt-get") is not None, "pipx is not installed")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "pipx"], env=env, check=True, timeout=900)


@pytest.fixture
def debian_python() -> Path:
    """Debian's own interpreter, the one a stock box has."""
    require(DEBIAN_PYTHON.exists(), "no /usr/bin/python3 (not a Debian-like system)")
    require(_pypi_reachable(), "PyPI is not reachable")
    return DEBIAN_PYTHON


def test_first_command_shows_the_demo_fleet(debian_python: Path, tmp_path: Path) -> None:
    """The README's demo command, run headless (`--demo groups`), lists the demo fleet."""
    _ensure_pipx()
    demo = _command("acitui --demo")
    assert demo.endswith("acitui --demo"), demo
    proc = _login_shell(f"{demo} groups", tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("storefront", "payments-api", "order-worker", "nightly-report"):
        assert name in proc.stdout
    assert "shop-prod" in proc.stdout and "Traceback" not in proc.stderr


def test_test_command_makes_its_own_venv_with_debians_python(
    debian_python: Path, tmp_path: Path
) -> None:
    """`./scripts/test` builds a venv from /usr/bin/python3, runs every check, then the tests."""
    line = _command("scripts/test")
    assert line == "./scripts/test", line
    venv = tmp_path / "venv"  # not the repository's .venv, which the outer run may be using
    proc = _login_shell(f"{line} tests/test_config.py", tmp_path, ACITUI_VENV=str(venv))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    cfg = (venv / "pyvenv.cfg").read_text()
    assert "home = /usr/bin" in cfg, cfg
    stages = [ln for ln in proc.stdout.splitlines() if ln.startswith("==> ")]
    names = ("venv", "pip install", "docker", "ruff check", "ruff format", "lint-imports", "mypy")
    for stage, name in zip(stages, (*names, "pytest"), strict=True):
        assert stage.startswith(f"==> {name}"), stages
    assert " passed" in proc.stdout


def test_test_command_fails_when_no_test_is_collected(tmp_path: Path) -> None:
    """pytest's "no tests collected" (exit 5) is a failure of the test command too."""
    venv = REPO / ".venv"
    require((venv / "bin" / "python").exists(), "no .venv yet (./scripts/test makes it)")
    proc = subprocess.run(
        ["./scripts/test", "-k", "no_test_has_this_name_xyzzy", "tests/test_config.py"],
        cwd=REPO,
        env={**os.environ, "ACITUI_TEST_KEEP_GOING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 5, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "pytest collected no tests" in proc.stderr
