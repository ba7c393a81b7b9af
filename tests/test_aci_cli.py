"""Headless faces of today's ACI: ngroups, ngroup actions, profiles, quota, the new JSON fields."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from acitui.cli import main
from acitui.emulator import Emulator
from acitui.emulator.demo import seed_full_demo

pytestmark = pytest.mark.azure

FLEET = "web-fleet"
#: Values the walk must never find in any face (ARM returns none of them; neither may we).
SECRETS = ("kv-value-NEVER-SHOWN", "plain-secure-NEVER-SHOWN")


def _seed(emu: Emulator) -> None:
    seed_full_demo(emu)
    vault = "https://kv-contoso-demo.vault.azure.net/secrets"
    emu.put_group(
        FLEET,
        "refs-only",
        {
            "location": "westeurope",
            "properties": {
                "osType": "Linux",
                "secretReferences": [
                    {
                        "name": "db",
                        "identity": "/x/userAssignedIdentities/reader",
                        "secretReferenceUri": f"{vault}/db",
                        "value": SECRETS[0],
                    }
                ],
                "containers": [
                    {
                        "name": "app",
                        "properties": {
                            "image": "busybox",
                            "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                            "environmentVariables": [
                                {"name": "DB", "secureValueReference": "db"},
                                {"name": "TOKEN", "secureValue": SECRETS[1]},
                            ],
                        },
                    }
                ],
            },
        },
    )


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(seed=_seed) as emu:
        yield emu


@pytest.fixture
def run(emu: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``acitui --backend azure ARGS`` against the emulator; (code, stdout, stderr)."""
    monkeypatch.setenv("ACITUI_AZURE_TOKEN", emu.token)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", emu.ca_file)
    monkeypatch.setenv("ACITUI_CONFIG", "/nonexistent/acitui.toml")

    def call(*args: str) -> tuple[int, str, str]:
        base = ["--backend", "azure", "--arm-endpoint", emu.endpoint]
        code = main([*base, "--subscription", emu.subscription_id, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def _json(run: Any, *args: str) -> Any:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_ngroups_lists_the_demo_ngroup_with_members(run: Any) -> None:
    """`ngroups --json`: web-ng wants 3, keeps the count, rolls, spans 3 zones, 3/3 running."""
    (ng,) = _json(run, "ngroups", "-g", FLEET)
    assert ng["name"] == "web-ng" and ng["desired_count"] == 3
    assert ng["maintain_desired_count"] is True and ng["update_mode"] == "Rolling"
    assert ng["zones"] == ["1", "2", "3"] and len(ng["members"]) == 3 and ng["running"] == 3
    assert ng["profile"] == {"name": "web-profile", "revision": 2}
    code, out, _ = run("ngroups")
    assert code == 0 and "web-ng" in out and "3/3" in out


def test_profiles_and_quota(run: Any) -> None:
    """`profiles` shows revisions 1,2; `quota` gives location/name/current/limit/unit rows."""
    (profile,) = _json(run, "profiles", "-g", FLEET)
    assert profile["name"] == "web-profile" and profile["revisions"] == [1, 2]
    rows = _json(run, "quota", "--location", "West Europe")
    assert all(set(r) == {"location", "name", "current", "limit", "unit"} for r in rows)
    cores = next(r for r in rows if r["name"] == "StandardCores")
    assert cores["location"] == "westeurope" and cores["limit"] == 24
    code, out, _ = run("quota", "--location", "westeurope")
    assert code == 0 and "StandardCores" in out and "/24" in out


def test_profile_revisions_are_diffable(run: Any) -> None:
    """`profile-diff` lists what changed from revision 1 to 2 (exit 1), nothing for 2 vs 2."""
    code, out, err = run("profile-diff", f"{FLEET}/web-profile", "1", "2")
    assert code == 1, err
    assert "containers[web].properties.image: ghcr.io/contoso/web:1.8.0 → " in out
    assert "containers[otel].properties.image: (absent) → otel/" in out
    changes = json.loads(run("profile-diff", f"{FLEET}/web-profile", "1", "2", "--json")[1])
    assert {"path", "old", "new"} == set(changes[0])
    code, out, _ = run("profile-diff", f"{FLEET}/web-profile", "2", "2")
    assert code == 0 and out.strip() == "(no differences)"
    code, _, err = run("profile-diff", f"{FLEET}/web-profile", "1", "9")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_groups_json_has_the_newer_fields(run: Any) -> None:
    """`groups --json` gains api_version, ngroup, profile, priority, sku, zones, identity."""
    groups = {g["name"]: g for g in _json(run, "groups", "-g", FLEET)}
    assert {g["api_version"] for g in groups.values()} == {"2026-05-01"}
    assert groups["web-canary"]["profile"] == {"name": "web-profile", "revision": 2}
    assert sum(1 for g in groups.values() if g["ngroup"] == "web-ng") == 3
    assert groups["batch-spot"]["priority"] == "Spot"
    vault = groups["vault-confidential"]
    assert vault["sku"] == "Confidential" and vault["zones"] == ["2"]
    assert vault["identity"] == ["system", "vault-reader"]


def test_forced_api_version_and_unknown_one(run: Any) -> None:
    """--api-version 2025-09-01 is used; an unknown version is one clear line."""
    groups = _json(run, "--api-version", "2025-09-01", "groups", "-g", FLEET)
    assert {g["api_version"] for g in groups} == {"2025-09-01"}
    code, _, err = run("--api-version", "2031-01-01", "groups")
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "not one acitui speaks" in err


def test_every_face_shows_references_never_values(run: Any) -> None:
    """show, show --json, env (--reveal too), groups --json and ngroups print no secret value."""
    faces = [
        ("show", f"{FLEET}/refs-only"),
        ("show", f"{FLEET}/refs-only", "--json"),
        ("env", f"{FLEET}/refs-only"),
        ("env", f"{FLEET}/refs-only", "--reveal"),
        ("env", f"{FLEET}/refs-only", "--json", "--reveal"),
        ("groups", "-g", FLEET, "--json"),
        ("show", f"{FLEET}/vault-confidential"),
        ("show", f"{FLEET}/vault-confidential", "--json"),
    ]
    for face in faces:
        code, out, err = run(*face)
        assert code == 0, (face, err)
        for secret in SECRETS:
            assert secret not in out + err, face
    _, shown, _ = run("show", f"{FLEET}/refs-only")
    assert "https://kv-contoso-demo.vault.azure.net/secrets/db via identity reader" in shown
    _, env, _ = run("env", f"{FLEET}/refs-only", "--reveal")
    assert "Key Vault reference db" in env


def test_delete_of_a_member_warns_and_ngroup_actions_obey_read_only(run: Any) -> None:
    """Deleting an NGroup member warns it comes back; `ngroup stop` is refused read-only."""
    (ng,) = _json(run, "ngroups", "-g", FLEET)
    member = ng["members"][0]
    code, _, err = run("delete", f"{FLEET}/{member}", "--yes")
    assert code == 0 and "belongs to NGroup web-ng" in err and "new group" in err
    code, _, err = run("--read-only", "ngroup", "stop", f"{FLEET}/web-ng")
    assert code != 0 and "read-only" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("ngroup", "restart", f"{FLEET}/web-ng")
    assert code == 0 and "restart NGroup" in err


def test_docker_backend_has_no_ngroups(capsys: pytest.CaptureFixture[str]) -> None:
    """On the Docker backend `ngroups` is one line saying they are an Azure resource."""
    code = main(["--backend", "docker", "ngroups"])
    err = capsys.readouterr().err
    assert code != 0 and "has no NGroups" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "module",
    ["acitui.model_aci", "acitui.render_newer", "acitui.commands_aci", "acitui.profile_diff"],
)
def test_newer_core_modules_load_no_sdk(module: str) -> None:
    """The NGroup/profile/quota models and renderers load without Azure, Docker or Textual."""
    code = f"import {module}, sys, json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {m.split(".")[0] for m in json.loads(out.stdout)}
    assert not loaded & {"azure", "docker", "aiohttp", "textual", "rich"}
