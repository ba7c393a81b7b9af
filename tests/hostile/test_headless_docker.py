"""Each headless command over the hostile fleet on a real Docker engine: clean bytes, valid JSON.

The fleet (tests/hostile_fleet.py ``docker_fleet``) carries markup, OSC/CSI/DCS/APC, raw and
UTF-8 C1, bidi and zero-width characters in its labels, Compose project and service names,
env names and values, command args, port protocols, health check output and log lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from acitui.cli import main
from tests.docker_image import busybox_image, engine_client
from tests.hostile.conftest import docker_env
from tests.hostile_fleet import (
    DOCKER_CONTAINER,
    DOCKER_RG,
    FORBIDDEN,
    OSC2,
    OSC52,
    DockerFleet,
    docker_fleet,
)
from tests.private_engine import PrivateEngine

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def fleet(hostile_engine: PrivateEngine) -> Iterator[DockerFleet]:
    api = engine_client(hostile_engine.host)
    try:
        with docker_fleet(api, busybox_image(hostile_engine.host)) as fleet:
            yield fleet
    finally:
        api.close()


@pytest.fixture
def env(hostile_engine: PrivateEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in docker_env(hostile_engine).items():
        monkeypatch.setenv(key, value)


def _commands(fleet: DockerFleet) -> dict[str, list[str]]:
    return {
        "groups": ["groups", "-g", fleet.resource_group],
        "groups (all)": ["groups"],
        "resource-groups": ["resource-groups"],
        "show": ["show", fleet.ref],
        "show compose": ["show", fleet.compose_ref],
        "events": ["events", fleet.ref],
        "env": ["env", fleet.ref],
        "env --reveal": ["env", "--reveal", fleet.ref],
        "logs": ["logs", fleet.ref],
        "logs --timestamps": ["logs", "--timestamps", fleet.ref],
        "logs member": ["logs", fleet.ref, "-c", "side\x1bP+q544e\x1b\\\u202egnp.exe\u2066"],
        "logs compose": ["logs", fleet.compose_ref],
    }


NAMES = list(_commands(DockerFleet("rg", "g", "p", ())))


def _run(args: list[str], capfdbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, str]:
    """(exit code, stdout bytes, all output decoded — which must be valid UTF-8)."""
    code = main(args)
    out, err = capfdbinary.readouterr()
    return code, out, out.decode("utf-8") + err.decode("utf-8")


@pytest.mark.parametrize("json_flag", [False, True], ids=["plain", "json"])
@pytest.mark.parametrize("name", NAMES)
def test_headless_output_carries_no_escape(
    fleet: DockerFleet, env: None, name: str, json_flag: bool, capfdbinary
) -> None:
    """No ESC, C1, bidi, zero-width or OSC byte leaves acitui, whatever a container carries."""
    args = _commands(fleet)[name]
    code, out, text = _run([*args[:1], *(["--json"] if json_flag else []), *args[1:]], capfdbinary)
    assert code == 0, text
    assert not FORBIDDEN.search(text), FORBIDDEN.findall(text)[:10]
    assert b"\x1b" not in out and b"\xc2\x9b" not in out and b"\x9b" not in out
    if json_flag and not name.startswith("logs"):
        json.loads(out)


def test_names_ports_and_args_stay_visible_as_escapes(fleet: DockerFleet, env: None, capfd) -> None:
    """show: the label-made names, the port protocol and command args show their escapes."""
    assert main(["show", fleet.ref]) == 0
    out = capfd.readouterr().out
    assert "a-web\\x1b]52;c;aGk=\\x07bad[%2Fnope][@click=app.quit]\\u202e" in out  # group label
    assert "hostile-rg\\x1b]2;PWNED-TITLE\\x07\\u200b" in out  # resource-group label
    assert "appbad[/nope][@click=app.quit]\\x1b]52" in out  # acitui.container label
    assert "80/udp\\x1b]2;" in out.lower()  # the exposed port's protocol


def test_json_escapes_labels_args_and_protocols(fleet: DockerFleet, env: None, capfd) -> None:
    """show --json parses back; every field escapes C0/C1/bidi, markup stays plain data."""
    assert main(["show", "--json", fleet.ref]) == 0
    doc = json.loads(capfd.readouterr().out)
    assert doc["resource_group"] == "hostile-rg\\x1b]2;PWNED-TITLE\\x07" + (
        "\\u200b\\ufeff\\u2060\\xad\\U000e0041"
    )
    app = doc["containers"][0]
    assert app["name"] == "appbad[/nope][@click=app.quit]\\x1b]52;c;aGk=\\x07\\u202egnp.exe\\u2066"
    # command args are text, like log lines: their sequences are stripped, markup kept as data
    assert app["command"][-3:] == ["--arg=", "bad[/nope][@click=app.quit]", ""]
    protocols = [p["protocol"] for p in app["ports"]]
    assert any(p.lower().startswith("udp\\x1b]2;") for p in protocols), protocols
    assert "note\\x1b]52;c;aGk=\\x07" in doc["tags"]


def test_compose_project_and_service_names_are_escaped(
    fleet: DockerFleet, env: None, capfd
) -> None:
    """groups --json: the Compose project's group name is shown with its C1 and OSC escaped."""
    assert main(["groups", "--json", "-g", DOCKER_RG]) == 0
    names = {g["name"] for g in json.loads(capfd.readouterr().out)}
    assert "b-proj\\x1b]52;c;aGk=\\x07[@click=app.quit]\\x9b2J\\x9d0;PWNED-C1\\x9c" in names
    assert main(["show", "--json", fleet.compose_ref]) == 0
    doc = json.loads(capfd.readouterr().out)
    assert doc["containers"][0]["name"] == "svc\\x1b[2Jbad[/nope][@click=app.quit]"


def test_revealed_env_values_are_stripped_of_escapes(fleet: DockerFleet, env: None, capfd) -> None:
    """env --reveal: the value carrying OSC 2 and CSI 2J prints as its plain text."""
    assert main(["env", "--reveal", "--json", fleet.ref]) == 0
    rows = json.loads(capfd.readouterr().out)
    values = {r["name"]: r["value"] for r in rows if r["container"].startswith("appbad")}
    assert values["MODE"] == "on"
    assert "HOSTILE" in values and "\x1b" not in json.dumps(rows, ensure_ascii=False)


def test_hostile_log_lines_print_as_text(fleet: DockerFleet, env: None, capfdbinary) -> None:
    """logs: the escapes are gone, raw 8-bit C1 too, a 10,000-digit SGR does not crash, the
    1 MB line is cut, and the last line is there."""
    code, out, text = _run(["logs", fleet.ref], capfdbinary)
    assert code == 0, text
    lines = text.splitlines()
    assert out.decode("utf-8").splitlines()[-1].startswith("line two")  # stderr names the container
    assert any(line.startswith("log bad[nope][@click=app.quit]") for line in lines)
    assert any(line.startswith("raw ") and line.endswith(" end") for line in lines)
    assert max(len(line) for line in lines) < 100_000  # the 1 MB line is capped
    assert DOCKER_CONTAINER not in text


def test_error_messages_that_echo_a_name_carry_no_escape(
    fleet: DockerFleet, env: None, capfdbinary
) -> None:
    """Not found for a hostile group or container name: one clean line, a non-zero exit."""
    for args in (
        ["show", f"{fleet.resource_group}/nope{OSC2}[@click=app.quit]"],
        ["logs", "-c", f"c{OSC52}", fleet.ref],
        ["events", f"x{OSC52}/y"],
    ):
        code, _, text = _run(args, capfdbinary)
        assert code != 0 and text.startswith("acitui: "), text
        assert not FORBIDDEN.search(text), FORBIDDEN.findall(text)
