"""Each headless command over the hostile fleet: clean bytes, valid JSON, names still visible."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from acitui.cli import main
from acitui.emulator import Emulator
from tests.hostile_fleet import (
    CONTAINER,
    FORBIDDEN,
    NAME,
    OSC2,
    OSC52,
    RG,
    azure_env,
    hostile_emulator,
)

pytestmark = pytest.mark.azure

REF = f"{RG}/{NAME}"
COMMANDS = {
    "groups": ["groups"],
    "resource-groups": ["resource-groups"],
    "show": ["show", REF],
    "events": ["events", REF],
    "env": ["env", REF],
    "env --reveal": ["env", "--reveal", REF],
    "logs": ["logs", REF],
    "logs --timestamps": ["logs", "--timestamps", REF],
    "subscriptions": ["subscriptions"],
}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with hostile_emulator() as emu:
        yield emu


def _run(
    emu: Emulator, args: list[str], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture
) -> tuple[int, str]:
    for key, value in azure_env(emu).items():
        monkeypatch.setenv(key, value)
    code = main(args)
    out, err = capfd.readouterr()
    return code, out + err


@pytest.mark.parametrize("json_flag", [False, True], ids=["plain", "json"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_headless_output_carries_no_escape(
    emu: Emulator, name: str, json_flag: bool, monkeypatch, capfdbinary
) -> None:
    """No ESC, C1, bidi, zero-width or OSC byte leaves acitui, whatever the provider sends."""
    for key, value in azure_env(emu).items():
        monkeypatch.setenv(key, value)
    args = COMMANDS[name]
    code = main([*args[:1], *(["--json"] if json_flag else []), *args[1:]])
    out, err = capfdbinary.readouterr()
    assert code == 0, err
    text = out.decode("utf-8") + err.decode("utf-8")  # valid UTF-8, or this raises
    assert not FORBIDDEN.search(text), FORBIDDEN.findall(text)
    assert b"\x1b" not in out + err and b"\xc2\x9b" not in out + err
    if json_flag and name not in ("logs", "logs --timestamps"):
        json.loads(out)


def test_hostile_names_stay_visible_as_escapes(emu: Emulator, monkeypatch, capfd) -> None:
    """The operator sees that a name carries an escape: it is shown as \\x1b, not hidden."""
    code, out = _run(emu, ["show", REF], monkeypatch, capfd)
    assert code == 0
    assert "\\x1b]52;c;aGk=\\x07" in out  # the group name's OSC 52, shown as text
    assert "\\u202e" in out  # the container name's bidi override
    assert "tcp\\x1b]2;pwned-title\\x07" in out.lower()  # the port protocol


def test_json_escapes_every_odd_character_in_every_field(emu: Emulator, monkeypatch, capfd) -> None:
    """show --json: fields like the IP type and port protocol are escaped too, and parse back."""
    code, out = _run(emu, ["show", "--json", REF], monkeypatch, capfd)
    assert code == 0
    doc = json.loads(out)
    assert doc["ip_address"]["type"].startswith("Public\\x9b")
    assert doc["containers"][0]["name"] == CONTAINER.replace("\x1b", "\\x1b").replace(
        "\x07", "\\x07"
    ).replace("\u202e", "\\u202e").replace("\u2066", "\\u2066")


@pytest.mark.parametrize(
    "args",
    [["show", f"{RG}/nope{OSC2}[@click=app.quit]"], ["logs", "-c", f"c{OSC52}", REF]],
    ids=["show", "logs -c"],
)
def test_error_messages_that_echo_a_name_carry_no_escape(
    emu: Emulator, args: list[str], monkeypatch, capfdbinary
) -> None:
    """A not-found error that repeats a hostile name prints it without its escapes."""
    for key, value in azure_env(emu).items():
        monkeypatch.setenv(key, value)
    code = main(args)
    out, err = capfdbinary.readouterr()
    text = (out + err).decode("utf-8")
    assert code != 0 and "acitui: " in text
    assert not FORBIDDEN.search(text), FORBIDDEN.findall(text)
