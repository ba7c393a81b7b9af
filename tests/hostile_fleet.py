"""A hostile fleet: every string a provider hands us carries markup, escapes or invisible text.

``seed_emulator(emu)`` adds it to an ARM emulator. The emulator validates names like ARM does,
so the hostile names, ports, types and events are written into its store afterwards (the
emulator serves whatever it holds — as a hostile or broken endpoint would).
``docker_fleet(client, image)`` builds the same kind of group on the real Docker engine from
labels, a compose project name, env names, command args and an exposed port's protocol.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from acitui.emulator import Emulator

OSC52 = "\x1b]52;c;aGk=\x07"
OSC2 = "\x1b]2;PWNED-TITLE\x07"
OSC0 = "\x1b]0;PWNED-TITLE\x07"
CLEAR = "\x1b[2J"
DSR = "\x1b[6n"
DCS = "\x1bP+q544e\x1b\\"
APC = "\x1b_Gf=100;AAAA\x1b\\"
C1_RAW = "\x9b2J\x9d0;PWNED-C1\x9c"
BIDI = "\u202egnp.exe\u2066"
ZERO_WIDTH = "\u200b\ufeff\u2060\u00ad\U000e0041"
MARKUP = "bad[/nope][@click=app.quit]"
#: Everything at once (no '/', which no ARM path segment can carry).
ALL = f"{MARKUP.replace('/', '')}{OSC52}{OSC2}{CLEAR}{DSR}{DCS}{APC}{C1_RAW}{BIDI}{ZERO_WIDTH}"
#: What none of the output may contain: ESC, C1 (raw; UTF-8 C1 decodes to the same code points),
#: bidi controls, zero-width/format characters.
FORBIDDEN = re.compile(
    "[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff\u00ad\U000e0000-\U000e007f]"
)

RG = "hostile-rg"
NAME = f"evil{ALL}"[:60]  # ARM names are short; still carries markup, OSC 52, OSC 2
CONTAINER = f"app{OSC52}{BIDI}"
CLEAN_RG = "clean-rg"
CLEAN_NAME = "plain"


def _body(container: str) -> dict[str, Any]:
    return {
        "location": "westeurope",
        "tags": {"owner": "ops"},
        "properties": {
            "osType": "Linux",
            "restartPolicy": "Always",
            "ipAddress": {"type": "Public", "ports": [{"port": 80, "protocol": "TCP"}]},
            "containers": [
                {
                    "name": container,
                    "properties": {
                        "image": "busybox:1.36",
                        "command": ["sh", "-c", "sleep 1d"],
                        "ports": [{"port": 80}],
                        "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                        "environmentVariables": [{"name": "MODE", "value": "on"}],
                    },
                }
            ],
        },
    }


def seed_clean(emu: Emulator) -> None:
    """A plain group, for the same walk over harmless data."""
    emu.put_group(CLEAN_RG, CLEAN_NAME, _body("app"))
    emu.append_logs(CLEAN_RG, CLEAN_NAME, "app", ["hello", "world"])


def seed_emulator(emu: Emulator) -> None:
    """One group in ``RG`` whose every provider string is hostile; logs and events too."""
    emu.put_group(RG, "placeholder", _body("app"))
    store = emu.store
    with store.lock:
        sim = store._groups.pop((RG, "placeholder"))
        sim.name = NAME
        props = sim.stored["properties"]
        sim.stored["location"] = f"westeurope{OSC2}"
        sim.stored["tags"] = {MARKUP: ALL, f"k{OSC52}": f"v{ZERO_WIDTH}"}
        props["ipAddress"]["type"] = f"Public{C1_RAW}"
        props["ipAddress"]["ip"] = f"20.1.2.3{BIDI}"
        props["ipAddress"]["ports"] = [{"port": 80, "protocol": f"TCP{OSC2}"}]
        container = props["containers"][0]
        container["name"] = CONTAINER
        cprops = container["properties"]
        cprops["image"] = f"busybox{DCS}{MARKUP}"
        cprops["command"] = ["sh", "-c", f"echo {ALL}", f"--arg={APC}"]
        cprops["ports"] = [{"port": 80, "protocol": f"UDP{OSC52}"}]
        cprops["environmentVariables"] = [
            {"name": f"ENV{OSC52}{MARKUP}", "value": f"value{OSC2}{CLEAR}"},
            {"name": f"PLAIN{ZERO_WIDTH}", "value": "plain"},
        ]
        sim_container = sim.containers[0]
        sim_container.name = CONTAINER
        sim_container.image = cprops["image"]
        now = emu.now()
        sim_container.event(now, f"Pulled{OSC0}", f"message {ALL}", kind=f"Warning{C1_RAW}")
        sim_container.event(now, MARKUP, f"{CLEAR}{DSR} cleared", kind="Normal")
        store._groups[(RG, NAME.lower())] = sim
    emu.append_logs(RG, NAME, CONTAINER, [f"log {ALL}", f"line two {OSC52}"])


@contextmanager
def hostile_emulator(*, clean: bool = False) -> Iterator[Emulator]:
    """A started emulator holding the hostile fleet (or, with ``clean``, a harmless one)."""
    with Emulator() as emu:
        (seed_clean if clean else seed_emulator)(emu)
        yield emu


def azure_env(emu: Emulator) -> dict[str, str]:
    """Environment that points ``acitui`` (a subprocess) at ``emu``."""
    return {
        "ACITUI_BACKEND": "azure",
        "ACITUI_AZURE_TOKEN": emu.token,
        "ACITUI_ARM_ENDPOINT": emu.endpoint,
        "AZURE_SUBSCRIPTION_ID": emu.subscription_id,
        "REQUESTS_CA_BUNDLE": emu.ca_file,
        "ACITUI_CONFIG": "/nonexistent/acitui-test-config.toml",
    }
