"""One way to add a headless subcommand: the shared options and an example ending its --help."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any


def add_command(
    sub: Any,
    common: argparse.ArgumentParser,
    formatter: Any,
    name: str,
    help_: str,
    *,
    examples: Mapping[str, str],
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """Register ``name`` on ``sub`` with the global options of ``common`` and its example."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_,
        parents=[common],
        formatter_class=formatter,
        epilog=f"example:\n  {examples[name]}",
        **kwargs,
    )
    return parser
