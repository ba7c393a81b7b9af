"""`acitui completion bash|zsh|fish`: the scripts complete in the real shells."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASH_DRIVER = """
source "$1"
shift
COMP_WORDS=(acitui "$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_acitui_complete
printf '%s\\n' "${COMPREPLY[@]}"
"""

ZSH_DRIVER = """
compdef() { :; }
source "$1"
shift
words=(acitui "$@")
CURRENT=${#words}
PREFIX=${words[CURRENT]}
# compadd filters by the word being completed, as zsh's own does
compadd() {
    shift; local w
    for w in "$@"; do [[ $w == "$PREFIX"* ]] && print -r -- "$w"; done
    return 0
}
_acitui
"""


def _script(shell: str, tmp_path: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "acitui", "completion", shell],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    path = tmp_path / f"acitui.{shell}"
    path.write_text(proc.stdout)
    return path


def _complete(shell: str, script: Path, *words: str) -> set[str]:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    if shell == "bash":
        argv = ["bash", "-c", BASH_DRIVER, "driver", str(script), *words]
    elif shell == "zsh":
        argv = ["zsh", "-f", "-c", ZSH_DRIVER, "driver", str(script), *words]
    else:
        line = " ".join(["acitui", *words])
        argv = ["fish", "--no-config", "-c", f"source {script}; complete -C '{line}'"]
    proc = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60)
    return {ln.split("\t")[0] for ln in proc.stdout.splitlines() if ln.strip()}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_commands_flag_values_and_nested_words(
    shell: str, tmp_path: Path
) -> None:
    """Tab completes subcommands, --backend's choices, `config path|init` and a command's flags."""
    script = _script(shell, tmp_path)
    assert {"groups", "logs", "config", "completion"} <= _complete(shell, script, "")
    assert _complete(shell, script, "--backend", "") == {"docker", "azure"}
    assert {"groups"} == _complete(shell, script, "--backend", "docker", "gro")
    assert {"path", "init"} <= _complete(shell, script, "config", "")
    assert {"bash", "zsh", "fish"} <= _complete(shell, script, "completion", "")
    assert "--tail" in _complete(shell, script, "logs", "rg/web", "--ta")


def test_completion_rejects_an_unknown_shell() -> None:
    """`completion tcsh` is a usage error naming the shells that work."""
    proc = subprocess.run(
        [sys.executable, "-m", "acitui", "completion", "tcsh"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "bash" in proc.stderr and "Traceback" not in proc.stderr
