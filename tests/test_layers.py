"""Architecture contracts: the core imports no SDK; the Docker path never loads Azure."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = ("docker", "azure", "aiohttp", "textual", "rich")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "module",
    [
        "acitui.model",
        "acitui.errors",
        "acitui.backends.base",
        "acitui.backends",
        "acitui.config",
        "acitui.sanitize",
        "acitui.masking",
        "acitui.output",
        "acitui.render_group",
        "acitui.backends.descriptor",
    ],
)
def test_core_modules_import_no_sdk(module: str) -> None:
    """Core modules load without Docker, Azure, aiohttp, Textual or Rich."""
    loaded = _modules_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in FORBIDDEN}


def test_docker_backend_does_not_import_azure() -> None:
    """Choosing Docker never pays for the Azure SDK."""
    loaded = _modules_after(
        "from acitui.backends import load_backend\nfrom acitui.config import Settings\n"
        "load_backend('docker', Settings())"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("azure", "aiohttp")}


def test_ui_imports_no_backend_sdk() -> None:
    """The UI package knows nothing of Docker or Azure."""
    pytest.importorskip("acitui.ui.app")
    loaded = _modules_after("import acitui.ui.app")
    assert not {m for m in loaded if m.split(".")[0] in ("docker", "azure", "aiohttp")}


@pytest.mark.parametrize(("package", "other"), [("docker", "azure"), ("azure", "docker")])
def test_a_backend_package_describes_itself_without_its_sdk(package: str, other: str) -> None:
    """Importing a backend's package (its descriptor) loads no SDK and not the other backend."""
    loaded = _modules_after(f"import acitui.backends.{package}")
    assert not {m for m in loaded if m.split(".")[0] in FORBIDDEN}
    assert not {m for m in loaded if m.startswith(f"acitui.backends.{other}")}
