"""The TUI on the full demo (api-version 2026-05-01): badges, NGroup members, profile, quota."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

import pytest
from textual.widgets import Static

from acitui.config import Settings, UiSettings
from acitui.emulator import Emulator
from acitui.ui.app import AcituiApp, build_app
from acitui.ui.screens.confirm import ConfirmScreen, DeleteConfirmScreen
from acitui.ui.screens.detail import GroupDetailScreen
from acitui.ui.screens.document import DocumentScreen
from acitui.ui.screens.quota import QuotaScreen
from acitui.ui.widgets.env_table import EnvTable
from acitui.ui.widgets.groups_table import GroupsTable
from tests.ui.helpers import settle, until

pytestmark = pytest.mark.azure

FLEET = "web-fleet"


@contextlib.contextmanager
def full_demo() -> Iterator[tuple[AcituiApp, Emulator]]:
    """The app on the emulator's full demo (the 2025+ resources in resource group web-fleet)."""
    with Emulator(seed="demo-full", clock="manual") as emu:
        base = Settings(ui=UiSettings(refresh_seconds=3600))
        azure = replace(
            base.azure,
            arm_endpoint=emu.endpoint,
            token=emu.token,
            ca_bundle=emu.ca_file,
            subscription=emu.subscription_id,
        )
        app = build_app(replace(base, backend="azure", demo=True, azure=azure))
        app.clock = emu.now
        yield app, emu


def table(app: AcituiApp) -> GroupsTable:
    return app.screen.query_one(GroupsTable)


def plain(widget: Static) -> str:
    return str(widget.render())


async def _loaded(app: AcituiApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: f"{FLEET}/batch-spot" in table(app).keys, timeout=20)
    await settle(app, pilot)


async def test_list_shows_spot_confidential_and_ngroup_badges() -> None:
    """The list's Badges column shows Spot, Confidential and each member's NGroup."""
    with full_demo() as (app, _emu):
        async with app.run_test(size=(200, 40)) as pilot:
            await _loaded(app, pilot)
            cell = table(app).get_cell
            assert "Spot" in cell(f"{FLEET}/batch-spot", "badges").plain
            assert "Confidential" in cell(f"{FLEET}/vault-confidential", "badges").plain
            members = [k for k in table(app).keys if k.startswith(f"{FLEET}/web-ng-")]
            assert len(members) == 3
            assert all("NG web-ng · rev 2" in cell(k, "badges").plain for k in members)
            assert cell("shop-prod/storefront", "badges").plain == ""


async def test_detail_names_profile_revision_and_references() -> None:
    """web-canary's detail title names its profile revision; vault's describe its vault URIs."""
    with full_demo() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await _loaded(app, pilot)
            table(app).select_key(f"{FLEET}/web-canary")
            await pilot.press("d")
            await settle(app, pilot)
            assert isinstance(app.screen, GroupDetailScreen)
            await until(pilot, lambda: "rev 2" in plain(app.screen.query_one("#detail-title")))
            assert "profile web-profile rev 2" in plain(app.screen.query_one("#detail-title"))
            await pilot.press("escape")
            await settle(app, pilot)
            table(app).select_key(f"{FLEET}/vault-confidential")
            await pilot.press("d")
            await settle(app, pilot)
            await until(
                pilot, lambda: "Secret references" in plain(app.screen.query_one("#describe"))
            )
            describe = plain(app.screen.query_one("#describe"))
            assert "kv-contoso-demo.vault.azure.net/secrets/signing-key" in describe
            assert "Confidential" in plain(app.screen.query_one("#detail-title"))


async def test_quota_key_shows_quota_and_the_ngroup_members() -> None:
    """u opens a view with StandardCores used/limit and the NGroup with its three members."""
    with full_demo() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await _loaded(app, pilot)
            await pilot.press("u")
            await settle(app, pilot)
            assert isinstance(app.screen, QuotaScreen)
            await app.screen.workers.wait_for_complete()
            await pilot.pause()
            body = plain(app.screen.query_one("#aci-body"))
            assert "StandardCores" in body and "/24" in body
            assert "web-fleet/web-ng" in body and "3/3 running" in body
            assert body.count("web-ng-") == 3 and "revisions 1,2" in body


async def test_deleting_an_ngroup_member_warns_in_the_confirm() -> None:
    """The delete dialog of an NGroup member says the NGroup will re-create it."""
    with full_demo() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await _loaded(app, pilot)
            member = next(k for k in table(app).keys if k.startswith(f"{FLEET}/web-ng-"))
            table(app).select_key(member)
            await pilot.press("ctrl+d")
            await settle(app, pilot)
            assert isinstance(app.screen, DeleteConfirmScreen)
            question = plain(app.screen.query_one(".dialog-question", Static))
            assert "belongs to NGroup web-ng" in question


SECRET = "kv-secret-value-NEVER-SHOWN"


def _visible(app: AcituiApp) -> str:
    """Every Static's and the env table's text on the current screen."""
    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(EnvTable):
        parts += [table.get_cell_at((r, 2)).plain for r in range(table.row_count)]
    return "\n".join(parts)


async def test_tui_faces_show_references_never_values() -> None:
    """Describe, env (all revealed), YAML and JSON of a Key Vault group show no secret value."""
    with full_demo() as (app, emu):
        vault = "https://kv-contoso-demo.vault.azure.net/secrets"
        app_container = {
            "name": "app",
            "properties": {
                "image": "busybox",
                "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                "environmentVariables": [
                    {"name": "DB", "secureValueReference": "db"},
                    {"name": "TOKEN", "secureValue": SECRET},
                ],
            },
        }
        emu.put_group(
            FLEET,
            "refs-only",
            {
                "location": "westeurope",
                "properties": {
                    "osType": "Linux",
                    "secretReferences": [
                        {"name": "db", "identity": "/x/reader", "secretReferenceUri": f"{vault}/db"}
                    ],
                    "containers": [app_container],
                },
            },
        )
        async with app.run_test(size=(160, 40)) as pilot:
            await until(pilot, lambda: f"{FLEET}/refs-only" in table(app).keys, timeout=20)
            await settle(app, pilot)
            table(app).select_key(f"{FLEET}/refs-only")
            await pilot.press("d")
            await settle(app, pilot)
            await until(pilot, lambda: "Secret references" in _visible(app))
            seen = _visible(app)
            await pilot.press("v", "M")
            await settle(app, pilot)
            seen += _visible(app)
            assert "Key Vault reference db" in seen and f"{vault}/db" in seen
            while isinstance(app.screen, GroupDetailScreen):
                await pilot.press("escape")
                await settle(app, pilot)
            await pilot.press("y")
            await settle(app, pilot)
            assert isinstance(app.screen, DocumentScreen)
            seen += _visible(app)
            await pilot.press("j")
            await settle(app, pilot)
            seen += _visible(app)
            assert "secret_references" in seen or "secretReferences" in seen
            assert SECRET not in seen


async def test_quota_view_stops_an_ngroup_after_confirming() -> None:
    """X on the NGroup asks first; after y every member is stopped and the view says 0/3."""
    with full_demo() as (app, _emu):
        async with app.run_test(size=(160, 40)) as pilot:
            await _loaded(app, pilot)
            await pilot.press("u")
            await settle(app, pilot)
            quota = app.screen
            assert isinstance(quota, QuotaScreen)
            await quota.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("X")
            await settle(app, pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("y")
            await settle(app, pilot)
            await quota.workers.wait_for_complete()
            await pilot.pause()
            assert "0/3 running" in plain(quota.query_one("#aci-body"))
