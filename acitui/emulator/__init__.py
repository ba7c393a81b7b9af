"""A local stand-in for Azure Container Instances' ARM API (api-version 2023-05-01).

Used by the tests, ``acitui --demo``, ``acitui emulator``, the screenshots and
the benchmarks: one implementation for all of them. In short::

    with Emulator(seed="demo") as emu:          # HTTPS on 127.0.0.1, random port and token
        emu.endpoint, emu.token, emu.ca_file, emu.subscription_id
        emu.put_group("rg", "web", arm_put_body, {"app": Behaviour(run_seconds=20, exit_code=1)})
        emu.append_logs("rg", "web", "app", ["hello"])
        emu.exit_container("rg", "web", "app", 3)  # the restart policy applies
        emu.advance(60)                            # move the emulator's clock
        emu.faults.throttle(3, retry_after=1)      # also fail, drop, slow, latency
        emu.request_log[("GET", "logs")]           # requests served per route

``Emulator(clock="manual")`` freezes time at a fixed instant (deterministic
screenshots); ``live_logs=False`` keeps the demo's log writer off.
"""

from acitui.emulator.faults import Faults
from acitui.emulator.server import DEFAULT_SUBSCRIPTION, Emulator
from acitui.emulator.sim import Behaviour, Timings

__all__ = ["DEFAULT_SUBSCRIPTION", "Behaviour", "Emulator", "Faults", "Timings"]
