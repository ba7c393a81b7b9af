"""Secrets outside env vars stay masked in every face: show, show --json, describe, YAML.

Real parts only: a busybox container on the Docker engine whose command carries
``--password=…`` and whose labels carry a secret and a URL with userinfo; and a
group on the ARM emulator with a gitRepo volume ``https://user:PAT@host/x.git``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.config import Settings, UiSettings
from acitui.emulator import Emulator
from acitui.masking import MASK
from acitui.model import GroupRef
from acitui.ui.app import AcituiApp, build_app
from acitui.ui.screens.document import DocumentScreen
from acitui.ui.widgets.groups_table import GroupsTable
from acitui.ui.widgets.resource_groups import ResourceGroupList
from tests.ui.helpers import settle, until

SECRETS = ("hunter2", "PAT-e2e", "lbl-secret")
ROOT = Path(__file__).resolve().parents[2]


def acitui(*args: str, home: Path, env: dict[str, str] | None = None) -> str:
    """Run a headless command; its stdout (it must succeed)."""
    full = {**os.environ, "HOME": str(home), "ACITUI_CONFIG": str(home / "none.toml")}
    full.update(env or {}, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "acitui", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def assert_masked(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert MASK in text


async def faces_in_the_tui(app: AcituiApp, ref: GroupRef) -> tuple[str, str]:
    """Open the group (its describe text), then y (its YAML): both texts."""
    async with app.run_test(size=(140, 40)) as pilot:
        pane = app.screen.query_one(ResourceGroupList)

        def index() -> int | None:
            ids = [pane.get_option_at_index(i).id for i in range(pane.option_count)]
            return ids.index(ref.resource_group) if ref.resource_group in ids else None

        await until(pilot, lambda: index() is not None, timeout=20)
        pane.highlighted = index()
        table = app.screen.query_one(GroupsTable)
        await until(pilot, lambda: str(ref) in table.keys, timeout=20)
        table.select_key(str(ref))
        await pilot.press("enter")
        await settle(app, pilot)
        await until(pilot, lambda: app.screen.query("#describe").first() is not None)
        describe = app.screen.query_one("#describe", Static)
        await until(pilot, lambda: "Containers:" in str(describe.render()), timeout=20)
        described = str(describe.render())
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentScreen)
        document = str(app.screen.query_one("#document", Static).render())
    return described, document


# ----- Docker ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docker_ref() -> Iterator[GroupRef]:
    from tests.backends.fleet_docker import IDLE, remove_labelled, run
    from tests.docker_image import engine_client

    api = engine_client()
    sid = uuid.uuid4().hex[:6]
    ref = GroupRef(f"acitui-en-sec-{sid}", "secretive")
    labels = {
        LABEL_RG: ref.resource_group,
        LABEL_GROUP: ref.name,
        LABEL_CONTAINER: "web",
        "db-password": "lbl-secret",
        "source": "https://robot:PAT-e2e@git.example/x.git",
    }
    script = f": serve --password=hunter2 --port 80; {IDLE}"
    try:
        run(api, f"acitui-en-sec-{sid}-web", script, labels=labels)
        yield ref
    finally:
        remove_labelled(api, LABEL_RG, ref.resource_group)


@pytest.mark.docker
def test_docker_show_masks_command_and_label_secrets(docker_ref: GroupRef, tmp_path: Path) -> None:
    """`show` and `show --json` on a Docker group mask --password=… and secret labels."""
    doc = acitui("show", "--json", str(docker_ref), home=tmp_path)
    assert_masked(doc)
    assert "--password=" + MASK in doc and f"https://{MASK}@git.example/x.git" in doc
    assert_masked(acitui("show", str(docker_ref), home=tmp_path))


@pytest.mark.docker
async def test_docker_describe_and_yaml_mask_secrets(docker_ref: GroupRef) -> None:
    """The describe view and the YAML view of a Docker group show no secret."""
    app = build_app(Settings(backend="docker", ui=UiSettings(refresh_seconds=3600)))
    described, document = await faces_in_the_tui(app, docker_ref)
    assert_masked(described)
    assert_masked(document)
    assert "--port 80" in described  # the rest of the command is still there


# ----- ARM emulator -----------------------------------------------------------------------

AZURE_REF = GroupRef("secrets-rg", "secretive")


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as server:
        web = {
            "name": "web",
            "properties": {
                "image": "busybox:latest",
                "command": ["sh", "-c", "serve --password=hunter2 --port 80"],
                "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}},
                "volumeMounts": [{"name": "src", "mountPath": "/src"}],
            },
        }
        body = {
            "location": "westeurope",
            "tags": {"db-password": "lbl-secret"},
            "properties": {
                "osType": "Linux",
                "restartPolicy": "Always",
                "containers": [web],
                "volumes": [
                    {"name": "src", "gitRepo": {"repository": "https://user:PAT-e2e@host/x.git"}}
                ],
            },
        }
        server.put_group(AZURE_REF.resource_group, AZURE_REF.name, body)
        yield server


def test_azure_show_json_masks_git_repo_credentials(emu: Emulator, tmp_path: Path) -> None:
    """`show --json` on the emulator masks the gitRepo URL's userinfo and the command's password."""
    args = ["--backend", "azure", "--arm-endpoint", emu.endpoint]
    args += ["--subscription", emu.subscription_id, "show", "--json", str(AZURE_REF)]
    env = {"ACITUI_AZURE_TOKEN": emu.token, "REQUESTS_CA_BUNDLE": emu.ca_file}
    doc = acitui(*args, home=tmp_path, env=env)
    assert_masked(doc)
    assert f"https://{MASK}@host/x.git" in doc


async def test_azure_describe_and_yaml_mask_secrets(emu: Emulator) -> None:
    """The describe view and the YAML view of an ARM group mask the gitRepo PAT."""
    base = Settings(backend="azure", ui=UiSettings(refresh_seconds=3600))
    azure = replace(
        base.azure,
        arm_endpoint=emu.endpoint,
        token=emu.token,
        ca_bundle=emu.ca_file,
        subscription=emu.subscription_id,
    )
    described, document = await faces_in_the_tui(build_app(replace(base, azure=azure)), AZURE_REF)
    assert_masked(described)
    assert_masked(document)
    assert f"https://{MASK}@host/x.git" in document
