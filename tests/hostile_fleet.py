"""A hostile fleet: every string a provider hands us carries markup, escapes or invisible text.

``seed_emulator(emu)`` adds it to an ARM emulator. The emulator validates names like ARM does,
so the hostile names, ports, types and events are written into its store afterwards (the
emulator serves whatever it holds — as a hostile or broken endpoint would).
``docker_fleet(client, image)`` builds the same kind of group on the real Docker engine from
labels, a compose project name, env names, command args and an exposed port's protocol.
"""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


# The Docker half. Label names are acitui's public contract (and Compose's), spelled out here
# so the fleet does not depend on where the backend keeps them.
LABEL_RG = "acitui.resource-group"
LABEL_GROUP = "acitui.group"
LABEL_CONTAINER = "acitui.container"
LABEL_COMPOSE = "com.docker.compose.project"
LABEL_SERVICE = "com.docker.compose.service"
LONG_SGR = "\x1b[" + "1" * 10_000 + "m"  # int() refuses 4,301+ digits
#: Printed by the walked container: every family, raw 8-bit C1 (printf octal), a 10,000-digit
#: SGR, a 1 MB line, then the line the walk waits for.
LOG_SCRIPT = (
    'printf "log %s\\n" "$HOSTILE"; printf "raw \\233 2J \\2350;PWNED-RAW\\234 end\\n"; '
    'printf "%s\\n" "$LONG_SGR"; head -c 1048576 /dev/zero | tr "\\0" A; echo; '
    'printf "line two %s\\n" "$OSC52"; '
    'trap "exit 0" TERM; while :; do sleep 1 & wait; done'
)
HEALTH = ["CMD", "sh", "-c", 'printf "unhealthy %s" "$HOSTILE"; exit 1']
DOCKER_RG = f"hostile-rg{OSC2}{ZERO_WIDTH}"
DOCKER_GROUP = f"a-web{OSC52}{MARKUP}{BIDI}"  # '/' in a label name reads as %2F
DOCKER_CONTAINER = f"app{MARKUP}{OSC52}{BIDI}"
COMPOSE_PROJECT = f"b-proj{OSC52}[@click=app.quit]{C1_RAW}"
COMPOSE_SERVICE = f"svc{CLEAR}{MARKUP}"
DOCKER_ENV = {
    f"ENV{OSC52}{MARKUP}": f"value{OSC2}{CLEAR}",
    f"PLAIN{ZERO_WIDTH}": "plain",
    "MODE": "on",
    "HOSTILE": ALL,
    "LONG_SGR": LONG_SGR,
    "OSC52": OSC52,
}


@dataclass(frozen=True)
class DockerFleet:
    """What :func:`docker_fleet` made: the resource group and the group names in it."""

    resource_group: str
    group: str  # the namespace group, as its label (escape '/' → %2F for a ref)
    project: str  # the Compose project's group
    ids: tuple[str, ...]

    @property
    def ref(self) -> str:
        return f"{self.resource_group}/{_label_name(self.group)}"

    @property
    def compose_ref(self) -> str:
        return f"{self.resource_group}/{_label_name(self.project)}"


def _label_name(value: str) -> str:
    return value.translate(str.maketrans({"%": "%25", "/": "%2F", "~": "%7E"}))


def _wait(check: Callable[[], Any], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


@contextmanager
def docker_fleet(api: Any, image: str, *, clean: bool = False) -> Iterator[DockerFleet]:
    """Hostile groups (or, with ``clean``, one plain group) on the engine ``api`` talks to.

    A namespace group (owner + member) whose labels, env names and values, command args,
    exposed port protocol, health check output and log lines are hostile, and a Compose
    project with a hostile project and service name. Every container is removed on exit.
    """
    ids: list[str] = []
    sid = uuid.uuid4().hex[:6]

    def run(name: str, labels: dict[str, str], args: list[str], **kw: Any) -> str:
        host = kw.pop("host_config", None) or api.create_host_config()
        created = api.create_container(
            image, args, name=f"{name}-{sid}", labels=labels, host_config=host, **kw
        )
        ids.append(created["Id"])
        api.start(created["Id"])
        return created["Id"]

    def logs_have(cid: str, text: bytes) -> bool:
        return text in api.logs(cid, tail=3)

    try:
        if clean:
            rg, group, project = CLEAN_RG, CLEAN_NAME, ""
            labels = {LABEL_RG: rg, LABEL_GROUP: group, LABEL_CONTAINER: "app"}
            idle = 'echo hello; echo world; trap "exit 0" TERM; while :; do sleep 1 & wait; done'
            owner = run(
                f"acitui-hf-{group}", labels, ["sh", "-c", idle], environment={"MODE": "on"}
            )
            _wait(lambda: logs_have(owner, b"world"), "the clean container's log")
            yield DockerFleet(rg, group, project, tuple(ids))
            return
        rg, group, project = DOCKER_RG, DOCKER_GROUP, COMPOSE_PROJECT
        labels = {LABEL_RG: rg, LABEL_GROUP: group, LABEL_CONTAINER: DOCKER_CONTAINER,
                  f"note{OSC52}": ALL, MARKUP: f"v{ZERO_WIDTH}"}  # fmt: skip
        owner = run(
            "acitui-hf-web",
            labels,
            ["sh", "-c", LOG_SCRIPT, "sh", f"--arg={APC}", MARKUP, C1_RAW],
            environment=DOCKER_ENV,
            ports=[(80, f"udp{OSC2}"), (81, f"tcp{OSC52}")],
            healthcheck={"test": HEALTH, "interval": 1_000_000_000, "retries": 1},
        )
        member = {**labels, LABEL_CONTAINER: f"side{DCS}{BIDI}"}
        host = api.create_host_config(network_mode=f"container:{owner}")
        run(
            "acitui-hf-side",
            member,
            ["sh", "-c", 'printf "side %s\\n" "$HOSTILE"; sleep 1d'],
            environment={"HOSTILE": ALL},
            host_config=host,
        )
        compose = {LABEL_RG: rg, LABEL_COMPOSE: project, LABEL_SERVICE: COMPOSE_SERVICE}
        run("acitui-hf-svc", compose, ["sh", "-c", 'printf "svc %s\\n" "$HOSTILE"; sleep 1d'],
            environment={"HOSTILE": ALL})  # fmt: skip
        _wait(lambda: logs_have(owner, b"line two"), "the hostile container's last log line")
        health = lambda: api.inspect_container(owner)["State"].get("Health") or {}  # noqa: E731
        _wait(lambda: health().get("Status") == "unhealthy", "the health check to fail")
        yield DockerFleet(rg, group, project, tuple(ids))
    finally:
        for cid in ids:
            with contextlib.suppress(Exception):
                api.remove_container(cid, force=True)
