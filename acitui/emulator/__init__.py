"""A local stand-in for Azure Container Instances' ARM API (2023-05-01, 2025-09-01, 2026-05-01).

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
        emu.put_profile("rg", "web", arm_put_body)  # container group profile (next revision)
        emu.put_ngroup("rg", "web-ng", ngroup_body)  # an NGroup and its members, made at once
        emu.set_metrics("rg", "web", "app", "leak")  # Azure Monitor personality: busy/idle/leak

``Emulator(seed=fn)`` calls ``fn(emu)`` to fill it (``"demo"``: the classic
fleet, ``"demo-full"``: with the 2025+ resources); ``Emulator(api_versions=
("2023-05-01",))`` serves only that version, like the ARM of older clients.
``Emulator(clock="manual")`` freezes time at a fixed instant (deterministic
screenshots); ``live_logs=False`` keeps the demo's log writer off.
"""

from acitui.emulator.faults import Faults
from acitui.emulator.server import DEFAULT_SUBSCRIPTION, Emulator
from acitui.emulator.sim import Behaviour, Timings

__all__ = ["DEFAULT_SUBSCRIPTION", "Behaviour", "Emulator", "Faults", "Timings"]
