"""READ-ONLY shows whenever the target is read-only, however it came to be."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from acitui.config import Settings, UiSettings
from acitui.emulator import Emulator
from acitui.errors import ReadOnlyError
from acitui.model import GroupRef
from acitui.ui.app import build_app
from tests.ui.helpers import settle, until

STOREFRONT = GroupRef("shop-prod", "storefront")


@pytest.fixture
def demo_emu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The demo fleet on the emulator, with no Azure CLI profile in HOME."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("AZURE_CONFIG_DIR", raising=False)
    emu = Emulator(seed="demo", clock="manual", live_logs=False)
    emu.start()
    yield emu
    emu.stop()


def _settings(emu: Emulator, subscription: str) -> Settings:
    base = Settings(backend="azure", ui=UiSettings(refresh_seconds=3600))
    azure = replace(
        base.azure,
        arm_endpoint=emu.endpoint,
        token=emu.token,
        ca_bundle=emu.ca_file,
        subscription=subscription,
        read_only_subscriptions=("{" + emu.subscription_id.upper() + "}",),
    )
    return replace(base, azure=azure)


@pytest.mark.parametrize("chosen", ["given", "found late"])
async def test_read_only_subscription_shows_badge_and_refuses_stop(
    demo_emu: Emulator, chosen: str
) -> None:
    """A listed subscription, given or found only on first contact, shows READ-ONLY and refuses."""
    subscription = demo_emu.subscription_id if chosen == "given" else ""
    app = build_app(_settings(demo_emu, subscription))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: app.status.target != "connecting…")
        await pilot.pause()
        assert app.status.read_only
        assert app.screen.query_one("#readonly").display
        before = demo_emu.request_log[("POST", "stop")]
        assert app.backend is not None
        with pytest.raises(ReadOnlyError):
            await app.backend.stop_group(STOREFRONT)
        assert demo_emu.request_log[("POST", "stop")] == before


async def test_other_subscription_has_no_badge(demo_emu: Emulator) -> None:
    """A subscription not in the list shows no READ-ONLY badge."""
    settings = _settings(demo_emu, demo_emu.subscription_id)
    azure = replace(settings.azure, read_only_subscriptions=())
    app = build_app(replace(settings, azure=azure))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: app.status.target != "connecting…")
        assert not app.status.read_only
        assert not app.screen.query_one("#readonly").display
