"""NGroups and container group profiles over HTTPS (api-version 2025-09-01)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from azure.core.rest import HttpRequest

from acitui.emulator import Emulator
from tests.emulator.conftest import group_body, make_client, raw_request

pytestmark = pytest.mark.azure

V = "?api-version=2025-09-01"
RG = "/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ContainerInstance"


def base(emu: Emulator) -> str:
    return RG.format(sub=emu.subscription_id)


def ngroup_body(emu: Emulator, count: int = 3, maintain: bool = True, revision: int = 2) -> dict:
    profile = base(emu) + "/containerGroupProfiles/web"
    return {
        "location": "westeurope",
        "zones": ["1", "2", "3"],
        "properties": {
            "elasticProfile": {"desiredCount": count, "maintainDesiredCount": maintain},
            "updateProfile": {"updateMode": "Rolling"},
            "containerGroupProfiles": [{"resource": {"id": profile}, "revision": revision}],
        },
    }


def put(emu: Emulator, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    status, _, data = raw_request(emu, "PUT", path + V, body=json.dumps(body).encode())
    return status, data


def members(emu: Emulator, version: str = "2025-09-01") -> list[dict[str, Any]]:
    _, _, page = raw_request(emu, "GET", f"{base(emu)}/containerGroups?api-version={version}")
    return [g for g in page["value"] if "orchestratorId" in g.get("tags", {})]


@pytest.fixture
def ngroup(emu: Emulator) -> Emulator:
    """Profile 'web' with two revisions and NGroup 'web-ng' of three made from revision 2."""
    emu.put_resource_group("rg")
    assert put(emu, base(emu) + "/containerGroupProfiles/web", group_body(("web",)))[0] == 201
    second = group_body(("web", "sidecar"))
    assert put(emu, base(emu) + "/containerGroupProfiles/web", second)[0] == 200
    status, body = put(emu, base(emu) + "/ngroups/web-ng", ngroup_body(emu))
    assert status == 201, body
    return emu


def test_profile_revisions_are_listed_and_readable(ngroup: Emulator) -> None:
    """A profile PUT twice has revisions 1 and 2; each can be read back by number."""
    path = base(ngroup) + "/containerGroupProfiles/web"
    _, _, latest = raw_request(ngroup, "GET", path + V)
    assert latest["properties"]["revision"] == 2
    _, _, listed = raw_request(ngroup, "GET", path + "/revisions" + V)
    assert [r["properties"]["revision"] for r in listed["value"]] == [1, 2]
    _, _, first = raw_request(ngroup, "GET", path + "/revisions/1" + V)
    assert [c["name"] for c in first["properties"]["containers"]] == ["web"]
    status, _, error = raw_request(ngroup, "GET", path + "/revisions/9" + V)
    assert status == 404 and error["error"]["code"] == "ResourceNotFound"


def test_ngroup_has_its_desired_members(ngroup: Emulator) -> None:
    """An NGroup of three shows its settings and three running members linked back to it."""
    _, _, body = raw_request(ngroup, "GET", base(ngroup) + "/ngroups/web-ng" + V)
    props = body["properties"]
    assert props["elasticProfile"] == {"desiredCount": 3, "maintainDesiredCount": True}
    assert props["updateProfile"]["updateMode"] == "Rolling"
    assert body["zones"] == ["1", "2", "3"]
    group = members(ngroup)
    assert len(group) == 3
    assert {g["tags"]["orchestratorId"] for g in group} == {body["id"]}
    assert {g["properties"]["containerGroupProfile"]["revision"] for g in group} == {2}
    assert sorted(z for g in group for z in g["zones"]) == ["1", "2", "3"]
    assert all(g["systemData"]["createdByType"] == "Application" for g in group)
    _, _, listed = raw_request(ngroup, "GET", base(ngroup) + "/ngroups" + V)
    assert [n["name"] for n in listed["value"]] == ["web-ng"]


def test_deleted_member_is_recreated(ngroup: Emulator) -> None:
    """Deleting a member of an NGroup that maintains its count brings a new member."""
    before = {g["name"] for g in members(ngroup)}
    gone = sorted(before)[0]
    status, _, _ = raw_request(ngroup, "DELETE", f"{base(ngroup)}/containerGroups/{gone}{V}")
    assert status == 200
    after = {g["name"] for g in members(ngroup)}
    assert len(after) == 3 and gone not in after


def test_without_maintain_a_deleted_member_stays_gone(emu: Emulator) -> None:
    """With maintainDesiredCount off, the NGroup does not replace a deleted member."""
    emu.put_resource_group("rg")
    put(emu, base(emu) + "/containerGroupProfiles/web", group_body(("web",)))
    put(emu, base(emu) + "/ngroups/few", ngroup_body(emu, 2, maintain=False, revision=1))
    gone = members(emu)[0]["name"]
    raw_request(emu, "DELETE", f"{base(emu)}/containerGroups/{gone}{V}")
    assert len(members(emu)) == 1


def test_stop_start_restart_reach_every_member(ngroup: Emulator) -> None:
    """Stop is a 204 that stops all members; start and restart are async operations."""
    path = base(ngroup) + "/ngroups/web-ng"
    status, _, _ = raw_request(ngroup, "POST", path + "/stop" + V)
    assert status == 204
    for name in (g["name"] for g in members(ngroup)):
        assert ngroup.get_group("rg", name)["properties"]["instanceView"]["state"] == "Stopped"
    status, headers, _ = raw_request(ngroup, "POST", path + "/start" + V)
    assert status == 202 and "api-version=2025-09-01" in headers["Azure-AsyncOperation"]
    status, headers, _ = raw_request(ngroup, "POST", path + "/restart" + V)
    assert status == 202


def test_scaling_down_and_deleting_the_ngroup(ngroup: Emulator) -> None:
    """A PUT with a smaller count removes members; DELETE removes the NGroup and its members."""
    status, _ = put(ngroup, base(ngroup) + "/ngroups/web-ng", ngroup_body(ngroup, count=1))
    assert status == 200
    assert len(members(ngroup)) == 1
    status, _, _ = raw_request(ngroup, "DELETE", base(ngroup) + "/ngroups/web-ng" + V)
    assert status == 200
    assert members(ngroup) == []
    status, _, _ = raw_request(ngroup, "GET", base(ngroup) + "/ngroups/web-ng" + V)
    assert status == 404


def test_bad_ngroup_bodies_are_400(ngroup: Emulator) -> None:
    """A missing profile reference or a bad update mode is refused with a clear message."""
    body = ngroup_body(ngroup)
    body["properties"]["updateProfile"]["updateMode"] = "Sideways"
    status, error = put(ngroup, base(ngroup) + "/ngroups/bad", body)
    assert status == 400 and "Manual or Rolling" in error["error"]["message"]
    body = ngroup_body(ngroup)
    body["properties"]["containerGroupProfiles"] = [{"resource": {"id": "nonsense"}}]
    status, error = put(ngroup, base(ngroup) + "/ngroups/bad", body)
    assert status == 400 and "nonsense" in error["error"]["message"]


async def test_sdk_2023_lists_members_and_pipeline_reads_ngroups(ngroup: Emulator) -> None:
    """The 2023-05-01 SDK lists members as plain groups; its pipeline reads /ngroups raw."""
    async with make_client(ngroup) as client:
        names = [g.name async for g in client.container_groups.list_by_resource_group("rg")]
        assert len(names) == 3
        response = await client._send_request(HttpRequest("GET", base(ngroup) + "/ngroups" + V))
        response.raise_for_status()
        assert response.json()["value"][0]["properties"]["elasticProfile"]["desiredCount"] == 3


def test_patch_scales_the_ngroup(ngroup: Emulator) -> None:
    """PATCH with a new desiredCount keeps the rest and brings the members to that count."""
    path = base(ngroup) + "/ngroups/web-ng" + V
    patch = {"properties": {"elasticProfile": {"desiredCount": 5}}}
    status, _, body = raw_request(ngroup, "PATCH", path, body=json.dumps(patch).encode())
    assert status == 200, body
    assert body["properties"]["elasticProfile"] == {"desiredCount": 5, "maintainDesiredCount": True}
    assert body["properties"]["updateProfile"]["updateMode"] == "Rolling"
    assert len(members(ngroup)) == 5


def test_new_revision_rolls_or_waits_by_update_mode(ngroup: Emulator) -> None:
    """Rolling replaces members made from an older revision; Manual leaves them running."""
    path = base(ngroup) + "/ngroups/web-ng"
    manual = ngroup_body(ngroup, revision=1)
    manual["properties"]["updateProfile"]["updateMode"] = "Manual"
    put(ngroup, path, manual)
    revisions = [g["properties"]["containerGroupProfile"]["revision"] for g in members(ngroup)]
    assert revisions == [2, 2, 2]  # Manual: the running members are not touched
    put(ngroup, path, ngroup_body(ngroup, revision=1))  # Rolling
    revisions = [g["properties"]["containerGroupProfile"]["revision"] for g in members(ngroup)]
    assert revisions == [1, 1, 1]


def test_deleting_the_resource_group_forgets_ngroups_and_profiles(ngroup: Emulator) -> None:
    """A deleted resource group takes its NGroups, profiles and members with it."""
    rg = f"/subscriptions/{ngroup.subscription_id}/resourcegroups/rg?api-version=2021-04-01"
    assert raw_request(ngroup, "DELETE", rg)[0] == 200
    ngroup.put_resource_group("rg")
    _, _, listed = raw_request(ngroup, "GET", base(ngroup) + "/ngroups" + V)
    assert listed["value"] == []
    status, _, _ = raw_request(ngroup, "GET", base(ngroup) + "/containerGroupProfiles/web" + V)
    assert status == 404
