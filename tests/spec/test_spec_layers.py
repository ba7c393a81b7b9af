"""The spec package is core: standard library and PyYAML only."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("docker", "azure", "aiohttp", "textual", "rich")
MODULES = (
    "model", "keys", "yaml_file", "read", "read_parts", "expressions", "template",
    "validate", "load", "to_arm", "export", "diff",
)  # fmt: skip


def test_spec_modules_import_no_sdk_or_ui() -> None:
    """Every acitui.spec module loads without Docker, Azure, aiohttp, Textual or Rich."""
    code = "".join(f"import acitui.spec.{m}\n" for m in MODULES)
    out = subprocess.run(
        [sys.executable, "-c", f"{code}import sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(out.stdout.splitlines()[-1]))
    assert not {m for m in loaded if m.split(".")[0] in FORBIDDEN}
