"""A local stand-in for Azure Container Instances' ARM API (api-version 2023-05-01).

Used by the tests, ``acitui --demo``, ``acitui emulator``, the screenshots and
the benchmarks: one implementation for all of them.
"""

from acitui.emulator.faults import Faults
from acitui.emulator.server import DEFAULT_SUBSCRIPTION, Emulator
from acitui.emulator.sim import Behaviour, Timings

__all__ = ["DEFAULT_SUBSCRIPTION", "Behaviour", "Emulator", "Faults", "Timings"]
