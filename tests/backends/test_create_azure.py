"""Creating groups and deploying templates with the real SDK against the ARM emulator (issue 13)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.backends.base import Notice
from acitui.emulator import Emulator
from acitui.errors import AcituiError, ReadOnlyError
from acitui.model import GroupRef
from acitui.spec.diff import diff
from acitui.spec.export import export_yaml
from acitui.spec.load import load
from acitui.spec.yaml_file import parse_text, read_file
from tests.backends.fleet_azure import make_settings

pytestmark = pytest.mark.azure
FIXTURES = Path(__file__).parent.parent / "spec" / "fixtures"


@pytest.fixture
def emu() -> AsyncIterator[Emulator]:
    with Emulator() as emulator:
        emulator.put_resource_group("rg", "westeurope")
        yield emulator


def backend_for(emu: Emulator, read_only: bool = False) -> AzureBackend:
    backend = AzureBackend.from_settings(make_settings(emu).with_(read_only=read_only))
    backend.lro_poll_seconds = 0.05
    backend.progress_seconds = 0.05
    return backend


async def test_yaml_group_is_created_and_exports_back_equal(emu: Emulator) -> None:
    """Two containers, init, emptyDir and a secret are created; the export diffs equal."""
    loaded = load(read_file(FIXTURES / "two-containers-init-emptydir.yaml"))
    spec = loaded.groups[0]
    backend = backend_for(emu)
    try:
        group = await backend.create_group(GroupRef("rg", "webapp"), spec)
        assert [c.name for c in group.containers] == ["web", "sidecar"]
        assert [c.name for c in group.init_containers] == ["seed"]
        live = await backend.get_group(GroupRef("rg", "webapp"))
        assert diff(spec, live).equal, [str(d) for d in diff(spec, live).changes]
        exported = export_yaml(live)
        assert "s3cr3t-token" not in exported
        again = load(parse_text(exported, "exported.yaml"))
        assert diff(again.groups[0], live).equal
    finally:
        await backend.close()


async def test_service_refusal_is_shown_whole(emu: Emulator) -> None:
    """A group ARM refuses (here: no such resource group) fails with the service's own words."""
    spec = load(read_file(FIXTURES / "two-containers-init-emptydir.yaml")).groups[0]
    backend = backend_for(emu)
    try:
        with pytest.raises(AcituiError) as caught:
            await backend.create_group(GroupRef("no-such-rg", "webapp"), spec)
        assert "no-such-rg" in str(caught.value).lower() or "not found" in str(caught.value).lower()
    finally:
        await backend.close()


async def test_tutorial_template_deploys_through_arm(emu: Emulator) -> None:
    """The tutorial's two-container template deploys via ARM's deployments API, with progress."""
    text = (FIXTURES / "aci-tutorial-template.json").read_text()
    doc = parse_text(text, "template.json")
    backend = backend_for(emu)
    notices: list[Notice] = []
    try:
        groups = await backend.deploy_template(
            "rg", doc, {"containerGroupName": "web1"}, progress=notices.append
        )
        assert [g.name for g in groups] == ["web1"]
        assert [c.name for c in groups[0].containers] == [
            "aci-tutorial-app",
            "aci-tutorial-sidecar",
        ]
        assert notices
    finally:
        await backend.close()


async def test_failed_deployment_says_why(emu: Emulator) -> None:
    """A template whose group has no containers fails with ARM's error, details included."""
    template = json.loads((FIXTURES / "aci-tutorial-template.json").read_text())
    template["resources"][0]["properties"]["containers"] = []
    doc = parse_text(json.dumps(template), "bad.json")
    backend = backend_for(emu)
    try:
        with pytest.raises(AcituiError) as caught:
            await backend.deploy_template("rg", doc, {"containerGroupName": "web2"})
        assert "fail" in str(caught.value).lower() or "invalid" in str(caught.value).lower()
    finally:
        await backend.close()


async def test_read_only_refuses_create_and_deploy(emu: Emulator) -> None:
    """Read-only mode refuses create and template deployment in the backend."""
    spec = load(read_file(FIXTURES / "two-containers-init-emptydir.yaml")).groups[0]
    backend = backend_for(emu, read_only=True)
    try:
        with pytest.raises(ReadOnlyError):
            await backend.create_group(GroupRef("rg", "webapp"), spec)
        doc = read_file(FIXTURES / "aci-tutorial-template.json")
        with pytest.raises(ReadOnlyError):
            await backend.deploy_template("rg", doc)
    finally:
        await backend.close()
    writer = backend_for(emu)
    try:
        assert await writer.list_groups("rg") == []  # nothing reached the service
    finally:
        await writer.close()
