"""api-versions: the provider listing, refusals, per-version group shapes, secret references."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.rest import HttpRequest

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, make_client, raw_request

pytestmark = pytest.mark.azure

ACI = "/subscriptions/{sub}/providers/Microsoft.ContainerInstance"
GROUPS = (
    "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups"
)
IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-00000000a0c1/resourceGroups/rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/vault-reader"
)


def referenced_body() -> dict[str, Any]:
    """A group whose secrets are Key Vault references, plus one plain secret value."""
    body = group_body(("app",))
    props = body["properties"]
    props["secretReferences"] = [
        {
            "name": name,
            "identity": IDENTITY,
            "secretReferenceUri": f"https://kv.vault.azure.net/secrets/{name}",
        }
        for name in ("db-password", "registry-key", "share-key", "tls-cert")
    ]
    props["containers"][0]["properties"]["environmentVariables"] = [
        {"name": "DB_PASSWORD", "secureValueReference": "db-password"},
        {"name": "API_TOKEN", "secureValue": "plain-secret-value"},
    ]
    props["imageRegistryCredentials"] = [
        {"server": "contoso.azurecr.io", "username": "contoso", "passwordReference": "registry-key"}
    ]
    props["volumes"] = [
        {
            "name": "share",
            "azureFile": {
                "shareName": "data",
                "storageAccountName": "stcontoso",
                "storageAccountKeyReference": "share-key",
            },
        },
        {
            "name": "certs",
            "secret": {"inline.pem": "aW5saW5l"},
            "secretReference": {"tls.pem": "tls-cert"},
        },
    ]
    props["containerGroupProfile"] = {"id": "/x/containerGroupProfiles/p", "revision": 2}
    props["isCreatedFromStandbyPool"] = True
    return body


def test_provider_lists_the_offered_versions_newest_first(emu: Emulator) -> None:
    """The provider endpoint lists each resource type with the versions this emulator speaks."""
    status, _, body = raw_request(
        emu, "GET", ACI.format(sub=emu.subscription_id) + "?api-version=2021-04-01"
    )
    assert status == 200
    types = {t["resourceType"]: t["apiVersions"] for t in body["resourceTypes"]}
    assert types["containerGroups"] == ["2026-05-01", "2025-09-01", "2023-05-01"]
    assert types["ngroups"] == ["2026-05-01", "2025-09-01"]
    assert types["containerGroupProfiles"] == ["2026-05-01", "2025-09-01"]


def test_a_2023_only_endpoint_lists_no_ngroups() -> None:
    """Emulator(api_versions=("2023-05-01",)) behaves like the ARM of the older tests."""
    with Emulator(api_versions=("2023-05-01",)) as old:
        path = ACI.format(sub=old.subscription_id)
        _, _, body = raw_request(old, "GET", path + "?api-version=2021-04-01")
        types = {t["resourceType"]: t["apiVersions"] for t in body["resourceTypes"]}
        assert types["containerGroups"] == ["2023-05-01"]
        assert "ngroups" not in types
        status, _, error = raw_request(old, "GET", path + "/ngroups?api-version=2025-09-01")
        assert status == 400 and error["error"]["code"] == "InvalidApiVersionParameter"
        assert "'2023-05-01'" in error["error"]["message"]


def test_unknown_versions_are_refused_like_arm(emu: Emulator) -> None:
    """A version the service does not offer is a 400 naming the ones it does."""
    path = GROUPS.format(sub=emu.subscription_id)
    status, _, error = raw_request(emu, "GET", path + "?api-version=2024-01-01")
    assert status == 400 and error["error"]["code"] == "InvalidApiVersionParameter"
    assert "2026-05-01, 2025-09-01, 2023-05-01" in error["error"]["message"]
    status, _, error = raw_request(
        emu, "GET", ACI.format(sub=emu.subscription_id) + "/ngroups?api-version=2023-05-01"
    )
    assert status == 400 and error["error"]["code"] == "InvalidResourceType"


def test_newer_fields_and_references_on_2025_only(emu: Emulator) -> None:
    """2025-09-01 serves references, profile and systemData; 2023-05-01 leaves them out."""
    emu.put_group("rg", "vaulted", referenced_body())
    path = GROUPS.format(sub=emu.subscription_id) + "/vaulted"
    _, _, new = raw_request(emu, "GET", path + "?api-version=2025-09-01")
    props = new["properties"]
    assert props["containerGroupProfile"]["revision"] == 2
    assert props["isCreatedFromStandbyPool"] is True
    assert props["secretReferences"][0]["identity"] == IDENTITY
    assert new["systemData"]["createdByType"] == "User"
    env = props["containers"][0]["properties"]["environmentVariables"]
    assert env == [
        {"name": "DB_PASSWORD", "secureValueReference": "db-password"},
        {"name": "API_TOKEN"},
    ]
    assert props["imageRegistryCredentials"][0]["passwordReference"] == "registry-key"
    assert props["volumes"][0]["azureFile"]["storageAccountKeyReference"] == "share-key"
    assert props["volumes"][1] == {
        "name": "certs",
        "secret": {},
        "secretReference": {"tls.pem": "tls-cert"},
    }
    _, _, old = raw_request(emu, "GET", path + "?api-version=2023-05-01")
    assert "secretReferences" not in old["properties"] and "systemData" not in old
    assert "containerGroupProfile" not in old["properties"]
    assert old["properties"]["containers"][0]["properties"]["environmentVariables"][0] == {
        "name": "DB_PASSWORD"
    }


def test_no_secret_value_in_any_response(emu: Emulator) -> None:
    """The plain secret sent in the PUT never comes back, on any version or route."""
    emu.put_group("rg", "vaulted", referenced_body())
    path = GROUPS.format(sub=emu.subscription_id)
    for version in ("2023-05-01", "2025-09-01", "2026-05-01"):
        for url in (path, path + "/vaulted"):
            _, _, body = raw_request(emu, "GET", f"{url}?api-version={version}")
            assert "plain-secret-value" not in str(body)
            assert "aW5saW5l" not in str(body)


async def test_sdk_pipeline_reads_a_2026_group(emu: Emulator) -> None:
    """The real ACI client's pipeline fetches a 2026-05-01 group as raw JSON (send_request)."""
    emu.put_group("rg", "vaulted", referenced_body())
    url = GROUPS.format(sub=emu.subscription_id) + "/vaulted?api-version=2026-05-01"
    async with make_client(emu) as client:
        response = await client._send_request(HttpRequest("GET", url))
        response.raise_for_status()
        body = response.json()
    assert body["properties"]["secretReferences"][0]["secretReferenceUri"].startswith("https://kv.")


def test_usages_and_capabilities(emu: Emulator) -> None:
    """Usages count groups and requested cores per location against their limits."""
    emu.put_group("rg", "a", group_body(("x", "y")))
    spot = group_body(("x",), priority="Spot")
    emu.put_group("rg", "b", spot)
    emu.store.quota_limits["StandardCores"] = 4
    base = ACI.format(sub=emu.subscription_id) + "/locations/westeurope"
    status, _, body = raw_request(emu, "GET", base + "/usages?api-version=2023-05-01")
    assert status == 200
    usage = {u["name"]["value"]: (u["currentValue"], u["limit"], u["unit"]) for u in body["value"]}
    assert usage["ContainerGroups"][0] == 2
    assert usage["StandardCores"] == (1, 4, "Count")
    assert usage["StandardSpotCores"][0] == 0.5
    _, _, caps = raw_request(emu, "GET", base + "/capabilities?api-version=2025-09-01")
    assert {c["osType"] for c in caps["value"]} == {"Linux", "Windows"}
    assert all(c["capabilities"]["maxCpu"] > 0 for c in caps["value"])


def test_seed_is_a_function() -> None:
    """Emulator(seed=fn) calls fn with the emulator; unknown seed names are refused."""
    seen: list[Emulator] = []
    emu = Emulator(seed=seen.append)
    assert seen == [emu]
    with pytest.raises(ValueError, match="seed"):
        Emulator(seed="bogus")
    with pytest.raises(ValueError, match="api_versions"):
        Emulator(api_versions=("2024-01-01",))


def test_identities_and_hashed_fqdn_served_as_arm_fills_them(emu: Emulator) -> None:
    """Managed identities gain principal/client ids; a reuse scope puts a hash in the FQDN."""
    body = group_body(("app",))
    body["identity"] = {
        "type": "SystemAssigned, UserAssigned",
        "userAssignedIdentities": {IDENTITY: {}},
    }
    body["properties"]["ipAddress"] = {
        "type": "Public",
        "ports": [{"port": 80}],
        "dnsNameLabel": "shop",
        "autoGeneratedDomainNameLabelScope": "TenantReuse",
    }
    emu.put_group("rg", "hashed", body)
    emu.put_group(
        "rg",
        "plain",
        group_body(
            ("app",), ipAddress={"type": "Public", "ports": [{"port": 80}], "dnsNameLabel": "plain"}
        ),
    )
    _, _, got = raw_request(
        emu, "GET", GROUPS.format(sub=emu.subscription_id) + "/hashed?api-version=2025-09-01"
    )
    identity = got["identity"]
    assert identity["principalId"] and identity["tenantId"]
    assert set(identity["userAssignedIdentities"][IDENTITY]) == {"principalId", "clientId"}
    fqdn = got["properties"]["ipAddress"]["fqdn"]
    host, hashed, region = fqdn.split(".")[:3]
    assert (host, region) == ("shop", "westeurope") and len(hashed) == 8
    assert (
        emu.get_group("rg", "plain")["properties"]["ipAddress"]["fqdn"]
        == "plain.westeurope.azurecontainer.io"
    )


async def test_resource_sdk_reads_the_provider(emu: Emulator) -> None:
    """azure-mgmt-resource's providers.get sees the versions each resource type offers."""
    from azure.mgmt.resource.resources.aio import ResourceManagementClient

    from tests.emulator.conftest import StaticToken

    async with ResourceManagementClient(
        StaticToken(emu.token),
        emu.subscription_id,
        base_url=emu.endpoint,
        connection_verify=emu.ca_file,
    ) as client:
        provider = await client.providers.get("Microsoft.ContainerInstance")
    assert provider.registration_state == "Registered"
    types = {t.resource_type: t.api_versions for t in provider.resource_types}
    assert types["ngroups"][0] == "2026-05-01"
    assert "2023-05-01" in types["containerGroups"]


def test_2026_only_fields(emu: Emulator) -> None:
    """azureFile.userManagedIdentityClientId is served on 2026-05-01 only; standby flag defaults."""
    body = group_body(("app",))
    body["properties"]["volumes"] = [
        {
            "name": "share",
            "azureFile": {
                "shareName": "data",
                "storageAccountName": "st",
                "userManagedIdentityClientId": "11111111-2222-3333-4444-555555555555",
            },
        }
    ]
    emu.put_group("rg", "mi-share", body)
    path = GROUPS.format(sub=emu.subscription_id) + "/mi-share?api-version="
    shares = {}
    for version in ("2023-05-01", "2025-09-01", "2026-05-01"):
        _, _, got = raw_request(emu, "GET", path + version)
        shares[version] = got["properties"]["volumes"][0]["azureFile"]
        if version != "2023-05-01":
            assert got["properties"]["isCreatedFromStandbyPool"] is False
    assert "userManagedIdentityClientId" in shares["2026-05-01"]
    assert "userManagedIdentityClientId" not in shares["2025-09-01"]
    assert "userManagedIdentityClientId" not in shares["2023-05-01"]
