"""Azure sign-in, subscription choice and settings: one clear message when something is missing."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from acitui.backends import load_backend
from acitui.backends.azure import AzureSettings
from acitui.backends.azure.auth import DeviceCodeSignIn, cli_default_subscription
from acitui.backends.azure.backend import AzureBackend
from acitui.backends.azure.clients import ArmClients
from acitui.backends.base import Notice, NoticeKind
from acitui.config import Settings
from acitui.emulator import Emulator
from acitui.errors import AuthError, InvalidInputError, ReadOnlyError
from tests.backends.fleet_azure import make_settings, populate

pytestmark = pytest.mark.azure
AZURE_ENV = ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_USERNAME")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as server:
        populate(server, "auth")
        yield server


@pytest.fixture
def no_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME, no Azure CLI on PATH, no service principal in the environment."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv("AZURE_CONFIG_DIR", raising=False)
    monkeypatch.delenv("ACITUI_AZURE_TOKEN", raising=False)
    for name in AZURE_ENV:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def write_cli_profile(home: Path, subscription: str) -> None:
    """An Azure CLI profile (with the BOM the CLI writes) naming a default subscription."""
    (home / ".azure").mkdir(parents=True, exist_ok=True)
    profile = {
        "subscriptions": [
            {"id": "other", "isDefault": False},
            {"id": subscription, "isDefault": True},
        ]
    }
    (home / ".azure" / "azureProfile.json").write_text(json.dumps(profile), encoding="utf-8-sig")


async def test_no_credentials_gives_one_clear_auth_error(
    emu: Emulator, no_credentials: Path
) -> None:
    """Without any credential the user is told what was tried and how to sign in."""
    settings = make_settings(emu, token="")
    backend = AzureBackend.from_settings(settings)
    try:
        with pytest.raises(AuthError) as caught:
            await backend.list_groups()
    finally:
        await backend.close()
    text = caught.value.one_line()
    assert "Azure CLI" in text and "environment service principal" in text
    assert "az login --use-device-code" in text and "ACITUI_AZURE_TOKEN" in text


def test_cli_without_credentials_prints_one_line_no_traceback(
    emu: Emulator, tmp_path: Path
) -> None:
    """`acitui --backend azure groups` with no sign-in exits 5 with one line on stderr."""
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "REQUESTS_CA_BUNDLE": emu.ca_file}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    args = [
        "--backend",
        "azure",
        "--arm-endpoint",
        emu.endpoint,
        "--subscription",
        emu.subscription_id,
    ]
    result = subprocess.run(
        [sys.executable, "-m", "acitui", *args, "groups"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == AuthError.exit_code
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "az login --use-device-code" in result.stderr


def test_cli_with_token_lists_groups_as_json(emu: Emulator, tmp_path: Path) -> None:
    """With ACITUI_AZURE_TOKEN, `groups --json` lists the groups and writes nothing else."""
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "REQUESTS_CA_BUNDLE": emu.ca_file,
        "ACITUI_AZURE_TOKEN": emu.token,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    args = [
        "--backend",
        "azure",
        "--arm-endpoint",
        emu.endpoint,
        "--subscription",
        emu.subscription_id,
    ]
    result = subprocess.run(
        [sys.executable, "-m", "acitui", *args, "--json", "groups"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    names = {group["name"] for group in json.loads(result.stdout)}
    assert "running-auth" in names and result.stderr == ""


async def test_subscription_from_cli_profile(emu: Emulator, no_credentials: Path) -> None:
    """With no --subscription, the Azure CLI's default subscription is used."""
    write_cli_profile(no_credentials, emu.subscription_id)
    assert cli_default_subscription() == emu.subscription_id
    backend = AzureBackend.from_settings(make_settings(emu, subscription=""))
    try:
        assert emu.subscription_id in await backend.describe_target()
    finally:
        await backend.close()


async def test_subscription_from_the_only_one_listed(emu: Emulator, no_credentials: Path) -> None:
    """With no subscription anywhere, the only one the account sees is used."""
    backend = AzureBackend.from_settings(make_settings(emu, subscription=""))
    try:
        groups = await backend.list_groups()
        assert any(g.name == "running-auth" for g in groups)
    finally:
        await backend.close()


async def test_read_only_subscription_found_late_still_refuses(
    emu: Emulator, no_credentials: Path
) -> None:
    """A read-only subscription chosen from the CLI profile refuses mutations too."""
    write_cli_profile(no_credentials, emu.subscription_id)
    settings = make_settings(emu, subscription="", read_only_subscriptions=(emu.subscription_id,))
    backend = AzureBackend.from_settings(settings)
    before = emu.request_log[("POST", "stop")]
    try:
        assert not backend.read_only  # not known yet: nothing resolved offline
        from acitui.model import GroupRef

        with pytest.raises(ReadOnlyError):
            await backend.stop_group(GroupRef("contract-rg", "stoppable-auth"))
    finally:
        await backend.close()
    assert emu.request_log[("POST", "stop")] == before


@pytest.mark.parametrize(
    ("azure", "fragment"),
    [
        (AzureSettings(cloud="MarsCloud"), "Unknown Azure cloud"),
        (AzureSettings(arm_endpoint="http://127.0.0.1:1"), "https"),
        (AzureSettings(arm_endpoint="https://x", ca_bundle="/no/such/ca.pem"), "CA bundle"),
    ],
)
def test_bad_settings_are_invalid_input(azure: AzureSettings, fragment: str) -> None:
    """A bad cloud, a plain-http endpoint or a missing CA file is refused up front, clearly."""
    with pytest.raises(InvalidInputError, match=fragment):
        load_backend("azure", Settings(backend="azure", azure=azure))


def test_clouds_choose_their_endpoints() -> None:
    """Each sovereign cloud talks to its own ARM endpoint."""
    for cloud, host in (
        ("AzureCloud", "management.azure.com"),
        ("AzureChinaCloud", "management.chinacloudapi.cn"),
        ("AzureUSGovernment", "management.usgovcloudapi.net"),
    ):
        clients = ArmClients(AzureSettings(cloud=cloud, subscription="s"), lambda: print)
        assert clients.options()["base_url"] == f"https://{host}"
        assert clients.options()["credential_scopes"] == [f"https://{host}/.default"]


async def test_device_code_prompt_goes_to_notify_not_the_screen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The device code reaches the notify hook on the event loop; nothing is printed."""
    seen: list[tuple[str, str, bool]] = []
    loop_thread = threading.get_ident()

    def notify(notice: Notice) -> None:
        assert notice.kind is NoticeKind.SIGN_IN and notice.code == "ABCD-1234"
        seen.append((notice.title, notice.message, threading.get_ident() == loop_thread))

    sign_in = DeviceCodeSignIn("login.microsoftonline.com", lambda: notify)
    sign_in._loop = asyncio.get_running_loop()
    worker = threading.Thread(
        target=sign_in._prompt, args=("https://microsoft.com/devicelogin", "ABCD-1234", None)
    )
    worker.start()
    worker.join()
    for _ in range(100):
        if seen:
            break
        await asyncio.sleep(0.01)
    await sign_in.close()
    assert seen == [
        ("Azure sign-in", "Open https://microsoft.com/devicelogin and enter code ABCD-1234", True)
    ]
    assert capsys.readouterr() == ("", "")


def test_importing_backends_loads_no_sdk_and_azure_loggers_are_silent() -> None:
    """`import acitui.backends` loads no Azure SDK; once it loads, its loggers stay quiet."""
    code = (
        "import sys, json, logging\nimport acitui.backends, acitui.backends.azure.follow\n"
        "before = sorted(m for m in sys.modules if m.split('.')[0] in ('azure', 'aiohttp'))\n"
        "import acitui.backends.azure.backend\n"
        "logging.getLogger('azure.core.pipeline').warning('should not show')\n"
        "print(json.dumps(before))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": "."},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert "should not show" not in result.stderr
    assert logging.getLogger("azure").propagate is False
