"""Today's ACI through the Azure backend: api-version, NGroups, profiles, references, quota."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.backends.azure.mapping import map_group
from acitui.backends.azure.raw import Json
from acitui.emulator import Emulator
from acitui.emulator.demo import seed_full_demo
from acitui.errors import InvalidInputError, ReadOnlyError
from acitui.masking import display_value, secret_count
from acitui.model import GroupRef, GroupState, ProfileRef
from tests.backends.fleet_azure import make_settings

pytestmark = pytest.mark.azure

FLEET = "web-fleet"
VAULT = GroupRef(FLEET, "vault-confidential")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(seed=seed_full_demo) as emu:
        yield emu


@pytest.fixture
async def backend(emu: Emulator) -> AsyncIterator[AzureBackend]:
    b = AzureBackend.from_settings(make_settings(emu))
    b.lro_poll_seconds = 0.05
    try:
        yield b
    finally:
        await b.close()


async def test_newest_stable_version_offered_is_chosen(backend: AzureBackend) -> None:
    """Against an endpoint offering 2023-05-01…2026-05-01 the backend speaks 2026-05-01."""
    assert await backend.api_version() == "2026-05-01"
    groups = await backend.list_groups(FLEET)
    assert {g.api_version for g in groups} == {"2026-05-01"}


async def test_old_endpoint_keeps_the_sdk_version() -> None:
    """An endpoint offering only 2023-05-01 is read as before; NGroups are refused in one line."""
    with Emulator(seed=seed_full_demo, api_versions=("2023-05-01",)) as old:
        b = AzureBackend.from_settings(make_settings(old))
        try:
            assert await b.api_version() == "2023-05-01"
            group = await b.get_group(VAULT)
            assert group.api_version == "2023-05-01" and group.secret_references == ()
            assert group.sku == "Confidential"
            with pytest.raises(InvalidInputError, match="no NGroups"):
                await b.list_ngroups()
        finally:
            await b.close()


async def test_forced_version_wins_and_unknown_is_refused(emu: Emulator) -> None:
    """--api-version 2025-09-01 is used as given; a version acitui does not know is refused."""
    b = AzureBackend.from_settings(make_settings(emu, api_version="2025-09-01"))
    try:
        assert await b.api_version() == "2025-09-01"
        assert (await b.get_group(VAULT)).api_version == "2025-09-01"
    finally:
        await b.close()
    with pytest.raises(InvalidInputError, match="not one acitui speaks"):
        AzureBackend.from_settings(make_settings(emu, api_version="2026-06-01-preview"))


async def test_ngroup_lists_its_members(backend: AzureBackend) -> None:
    """The demo NGroup shows desired 3, Rolling, three zones and three running members."""
    (ngroup,) = await backend.list_ngroups(FLEET)
    assert ngroup.name == "web-ng" and ngroup.desired_count == 3
    assert ngroup.maintain_desired_count and ngroup.update_mode == "Rolling"
    assert ngroup.zones == ("1", "2", "3") and ngroup.profile == ProfileRef("web-profile", 2)
    assert len(ngroup.members) == 3 and ngroup.running == 3
    members = [g for g in await backend.list_groups(FLEET) if g.ngroup == "web-ng"]
    assert sorted(g.name for g in members) == list(ngroup.members)


async def test_group_made_from_a_profile_names_its_revision(backend: AzureBackend) -> None:
    """web-canary was made from web-profile revision 2, out of a standby pool."""
    group = await backend.get_group(GroupRef(FLEET, "web-canary"))
    assert group.profile == ProfileRef("web-profile", 2)
    assert group.extra["standby_pool"] == "web-pool"
    (profile,) = await backend.list_profiles(FLEET)
    assert profile.name == "web-profile" and profile.revisions == (1, 2)


async def test_secret_references_name_the_vault_never_a_value(backend: AzureBackend) -> None:
    """Key Vault references show URI and identity; env, volume and registry say 'reference'."""
    group = await backend.get_group(VAULT)
    refs = {r.name: r for r in group.secret_references}
    assert refs["signing-key"].uri.endswith("/secrets/signing-key")
    assert refs["signing-key"].identity == "vault-reader"
    env = {e.name: e for e in group.containers[0].environment}
    assert env["SIGNING_KEY"].secure and env["SIGNING_KEY"].value is None
    assert env["SIGNING_KEY"].reference == "signing-key"
    assert group.volumes[0].detail["key"] == "Key Vault reference share-key"
    assert group.extra["registries"] == "contosoacr.azurecr.io (password hidden)"
    assert "Key Vault reference acr-password" in group.extra["registry_passwords"]
    assert display_value(env["SIGNING_KEY"], reveal=True).startswith("Key Vault reference")
    assert secret_count(group) == 3  # three references; the env var using one counts once


async def test_badges_facts_for_spot_and_confidential(backend: AzureBackend) -> None:
    """Spot priority, Confidential SKU with its CCE policy, zones and identities reach the model."""
    spot = await backend.get_group(GroupRef(FLEET, "batch-spot"))
    assert spot.priority == "Spot"
    vault = await backend.get_group(VAULT)
    assert vault.sku == "Confidential" and vault.extra["cce_policy"] == "present"
    assert vault.zones == ("2",) and vault.identity == ("system", "vault-reader")
    assert vault.state is GroupState.RUNNING


async def test_ngroup_actions_and_read_only(emu: Emulator, backend: AzureBackend) -> None:
    """Stopping the NGroup stops its members; read-only refuses it before any call."""
    await backend.ngroup_action("stop", GroupRef(FLEET, "web-ng"))
    (ngroup,) = await backend.list_ngroups(FLEET)
    assert ngroup.running == 0
    await backend.ngroup_action("start", GroupRef(FLEET, "web-ng"))
    (ngroup,) = await backend.list_ngroups(FLEET)
    assert ngroup.running == 3
    ro = AzureBackend.from_settings(make_settings(emu).with_(read_only=True))
    try:
        with pytest.raises(ReadOnlyError):
            await ro.ngroup_action("restart", GroupRef(FLEET, "web-ng"))
    finally:
        await ro.close()


async def test_quota_per_location(backend: AzureBackend) -> None:
    """Usages show current and limit per location (the demo's StandardCores limit is 24)."""
    usages = await backend.list_usages("West Europe")
    cores = {u.name: u for u in usages}["StandardCores"]
    assert cores.location == "westeurope" and cores.limit == 24 and cores.current > 0


def test_unknown_enums_and_fields_are_tolerated() -> None:
    """A state, SKU and properties acitui does not know map without error; the fields are listed."""
    raw = {
        "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/"
        "containerGroups/future",
        "name": "future",
        "systemData": {"createdBy": "someone"},
        "properties": {
            "sku": "NotSpecified",
            "priority": "Opportunistic",
            "provisioningState": "Hibernating",
            "futureThing": {"x": 1},
            "instanceView": {"state": "Hibernated"},
            "containers": [{"name": "c", "properties": {"image": "i", "newKnob": True}}],
        },
    }
    group = map_group(Json(raw))
    assert group.state is GroupState.UNKNOWN and group.sku == "NotSpecified"
    assert group.priority == "Opportunistic"
    assert group.extra["unknown_fields"] == "futureThing"
    assert [c.name for c in group.containers] == ["c"]
