"""The backend contract suite's fixture: one fleet per backend, same tests on each.

The suite runs on every backend in acitui's registry. A backend's fleet builder is the
one its descriptor's ``contract_fleet`` names, else ``tests/backends/fleet_<backend>.py``'s
``build_fleet() -> ContractFleet`` (a context manager, session scoped). It creates, on
the real Docker engine, the ARM emulator or in memory:

- ``running``: a Running group with two containers, ``web`` and ``sidecar``;
  ``web`` has env ``PLAIN_SETTING=visible-value`` and prints ``hello from web``
  then a hostile line containing ``\\x1b]52;c;...\\x07`` and ``\\x1b[2J``.
- ``failed``: one container ``job`` that exited with code 3, restart policy
  Never → group Failed.
- ``succeeded``: one container ``batch`` that exited 0, restart policy Never →
  group Succeeded.
- ``stoppable``: a Running single-container group (``app``) the suite may stop,
  start, restart and finally delete.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import pytest

from acitui.backends import descriptor, descriptors
from acitui.backends.base import Backend
from acitui.model import GroupRef


@dataclass
class ContractFleet:
    """What each backend's fleet builder provides to the contract suite."""

    name: str
    make_backend: Callable[..., Backend]  # make_backend(read_only=False) -> Backend
    resource_group: str
    running: GroupRef
    failed: GroupRef
    succeeded: GroupRef
    stoppable: GroupRef
    missing: GroupRef
    #: Make ``container`` of ``ref`` print ``lines`` now (for follow tests).
    emit: Callable[[GroupRef, str, list[str]], Awaitable[None]]
    secure_env: tuple[str, ...] = field(default_factory=tuple)  # secure var names on web, if any


#: Every registered backend, so a new one gets the whole suite without an edit here
#: (``-p tests.memory_backend.plugin`` registers the in-memory one before collection).
BACKENDS = [d.name for d in descriptors()]


def fleet_builder(name: str) -> Callable[[], contextlib.AbstractContextManager[ContractFleet]]:
    """The backend's contract-fleet builder: its descriptor's hook, else fleet_<name>.py."""
    hook = descriptor(name).contract_fleet or f"tests.backends.fleet_{name}:build_fleet"
    module_name, _, attr = hook.partition(":")
    builder: Callable[[], contextlib.AbstractContextManager[ContractFleet]] = getattr(
        importlib.import_module(module_name), attr
    )
    return builder


@pytest.fixture(scope="session", params=BACKENDS)
def fleet(request: pytest.FixtureRequest) -> Iterator[ContractFleet]:
    try:
        builder = fleet_builder(request.param)
    except ModuleNotFoundError:
        pytest.skip(f"no fleet builder for {request.param} yet")
    with contextlib.ExitStack() as stack:
        yield stack.enter_context(builder())


@pytest.fixture
async def backend(fleet: ContractFleet):
    b = fleet.make_backend()
    try:
        yield b
    finally:
        await b.close()
