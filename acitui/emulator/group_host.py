"""What the NGroup layer needs from the store of container groups it lives in.

``acitui.emulator.store.Store`` satisfies ``GroupHost``; ``NGroupStore`` is typed against
this protocol, so ``store`` → ``ngroups`` is the only import between the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from acitui.emulator.clock import Clock
from acitui.emulator.sim import Behaviour, GroupSim


class GroupHost(Protocol):
    """What NGroupStore needs from the store of container groups it lives in."""

    subscription_id: str
    ngroup_behaviour: dict[str, Behaviour]

    @property
    def lock(self) -> AbstractContextManager[Any]: ...

    @property
    def clock(self) -> Clock: ...

    def resource_group(self, name: str) -> dict[str, Any]: ...
    def raw_groups(self, rg: str) -> list[GroupSim]: ...
    def raw_group(self, rg: str, name: str) -> GroupSim: ...
    def put_group(
        self,
        rg: str,
        name: str,
        body: Any,
        behaviour: Mapping[str, Behaviour] | None = None,
        *,
        instant: bool = False,
        age: float = 0.0,
    ) -> tuple[bool, dict[str, Any]]: ...
    def delete_group(self, rg: str, name: str, *, replace: bool = True) -> dict[str, Any]: ...
    def start_group(self, rg: str, name: str) -> tuple[str, str]: ...
    def stop_group(self, rg: str, name: str) -> None: ...
    def restart_group(self, rg: str, name: str) -> tuple[str, str]: ...
