"""A third backend in one package: in memory, for tests — and the proof that adding one is
one package plus one registry entry.

:data:`DESCRIPTOR` is all acitui needs to know: config reads a ``[memory]`` section,
the command line offers ``--backend memory`` and ``--memory-fleet``, the UI titles the
pane with its word, and the contract suite runs on it (``tests/backends/conftest.py``
builds the fleet its ``contract_fleet`` names).
:func:`register` adds it to the registry; nothing in ``acitui/`` names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from acitui.backends import register as _register
from acitui.backends.descriptor import BackendDescriptor, CliOption, Words
from tests.memory_backend.backend import MemoryBackend, World
from tests.memory_backend.fleet import NOW, log_group, make_group, sample_groups

if TYPE_CHECKING:
    from acitui.config import Settings

__all__ = [
    "DESCRIPTOR",
    "NOW",
    "MemoryBackend",
    "MemorySettings",
    "World",
    "from_settings",
    "log_group",
    "make_group",
    "register",
    "sample_groups",
]

#: Fleets ``--memory-fleet`` can name.
FLEETS = {"sample": sample_groups, "empty": list}


@dataclass(frozen=True)
class MemorySettings:
    """The ``[memory]`` section: which deterministic fleet the backend starts with."""

    fleet: str = "sample"


def from_settings(settings: Settings) -> MemoryBackend:
    """The factory the registry calls when ``--backend memory`` is chosen."""
    section: MemorySettings = settings.section("memory")
    groups = FLEETS.get(section.fleet, sample_groups)()
    return MemoryBackend(groups, read_only=settings.read_only)


DESCRIPTOR = BackendDescriptor(
    name="memory",
    summary="an in-memory fleet (tests)",
    factory="tests.memory_backend:from_settings",
    settings_cls=MemorySettings,
    words=Words(resource_groups="Namespaces", resource_group="Namespace"),
    options=(
        CliOption(
            ("--memory-fleet",), "fleet", {"choices": sorted(FLEETS), "help": "in-memory fleet"}
        ),
    ),
    notes={"fleet": "sample or empty"},
    contract_fleet="tests.memory_backend.contract:build_fleet",
)


def register() -> None:
    """Put the memory backend in acitui's registry (tests call this; acitui never does)."""
    _register(DESCRIPTOR)
