"""Headless create, apply, diff and export on both backends (issue 13), run as a user runs them."""

from __future__ import annotations

import json
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from acitui.emulator import Emulator
from tests.docker_image import IMAGE, busybox_image, engine_client
from tests.test_cli import acitui

FIXTURES = Path(__file__).parent / "spec" / "fixtures"
TWO = FIXTURES / "two-containers-init-emptydir.yaml"
TEMPLATE = FIXTURES / "aci-tutorial-template.json"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        emulator.put_resource_group("rg", "westeurope")
        yield emulator


def azure_env(emu: Emulator) -> dict[str, str]:
    return {
        "ACITUI_BACKEND": "azure",
        "ACITUI_ARM_ENDPOINT": emu.endpoint,
        "ACITUI_AZURE_TOKEN": emu.token,
        "AZURE_SUBSCRIPTION_ID": emu.subscription_id,
        "REQUESTS_CA_BUNDLE": emu.ca_file,
    }


def az(emu: Emulator, home: Path, *args: str):
    return acitui("--backend", "azure", *args, env=azure_env(emu), home=home)


@pytest.fixture
def rg() -> Iterator[str]:
    """A fresh Docker resource group, removed (containers and volumes) afterwards."""
    busybox_image()
    name = f"cli-{uuid.uuid4().hex[:8]}"
    yield name
    api = engine_client()
    label = f"acitui.resource-group={name}"
    for c in api.containers(all=True, filters={"label": label}):
        api.remove_container(c["Id"], force=True)
    for v in api.volumes(filters={"label": label}).get("Volumes") or []:
        api.remove_volume(v["Name"], force=True)
    api.close()


def local_yaml(tmp_path: Path, port: int) -> Path:
    text = TWO.read_text().replace("busybox:1.36", IMAGE).replace('"80"', f'"{port}"')
    text = text.replace("port: 80", f"port: {port}").replace("localhost/", f"localhost:{port}/")
    path = tmp_path / "group.yaml"
    path.write_text(text)
    return path


@pytest.mark.docker
def test_docker_apply_export_diff_round_trip(tmp_path: Path, rg: str) -> None:
    """apply runs the YAML locally; export writes a 0600 file with placeholders; diff says equal."""
    path = local_yaml(tmp_path, 18090)
    applied = acitui("apply", "-f", str(path), "-g", rg, home=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert f"{rg}/webapp: Running" in applied.stdout
    out = tmp_path / "export.yaml"
    exported = acitui("export", f"{rg}/webapp", "-o", str(out), home=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "s3cr3t-token" not in out.read_text() and "<fill in: " in out.read_text()
    same = acitui("diff", "-f", str(out), "-g", rg, home=tmp_path)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "equal" in same.stdout
    original = acitui("diff", "-f", str(path), "-g", rg, home=tmp_path)
    assert original.returncode == 0, original.stdout + original.stderr
    changed = path.read_text().replace("value: production", "value: staging")
    path.write_text(changed)
    differs = acitui("diff", "-f", str(path), "-g", rg, home=tmp_path)
    assert differs.returncode == 1
    assert "env[MODE]" in differs.stdout and "s3cr3t" not in differs.stdout


@pytest.mark.docker
def test_docker_applies_the_tutorial_template(tmp_path: Path, rg: str) -> None:
    """The two-container tutorial template (local images) is evaluated and runs on Docker."""
    text = TEMPLATE.read_text()
    text = text.replace("mcr.microsoft.com/azuredocs/aci-helloworld:latest", IMAGE)
    text = text.replace("mcr.microsoft.com/azuredocs/aci-tutorial-sidecar", IMAGE)
    data = json.loads(text)
    for c in data["resources"][0]["properties"]["containers"]:
        c["properties"]["command"] = ["sleep", "600"]
    data["resources"][0]["properties"]["ipAddress"]["ports"] = [{"port": 18095}]
    for c in data["resources"][0]["properties"]["containers"]:
        c["properties"].pop("ports", None)
    data["resources"][0]["properties"]["containers"][0]["properties"]["ports"] = [{"port": 18095}]
    path = tmp_path / "template.json"
    path.write_text(json.dumps(data))
    proc = acitui(
        "apply", "-f", str(path), "-g", rg, "--param", "containerGroupName=tut", home=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{rg}/tut: Running" in proc.stdout


@pytest.mark.docker
def test_docker_create_from_flags_hides_secure_values(tmp_path: Path, rg: str) -> None:
    """create with az's flags runs the group; a secure variable reaches it but is never shown."""
    proc = acitui(
        "create", f"{rg}/flags", "--image", IMAGE, "--ports", "18091", "--ip-address", "Public",
        "--command-line", "sleep 600", "-e", "MODE=dev", "--secure-environment-variables",
        "TOKEN=hunter2", "--restart-policy", "Never", home=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "hunter2" not in proc.stdout + proc.stderr
    env = acitui("env", f"{rg}/flags", "--reveal", home=tmp_path)
    assert "MODE" in env.stdout and "dev" in env.stdout and "hunter2" not in env.stdout


def test_bad_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    """A file whose container has no image is refused with its line, exit 2, nothing created."""
    path = tmp_path / "bad.yaml"
    path.write_text(TWO.read_text().replace("      image: busybox:1.36\n", "", 1))
    for command in ("apply", "diff"):
        proc = acitui(command, "-f", str(path), "-g", "x", home=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert "bad.yaml:" in proc.stderr and "Traceback" not in proc.stderr


def test_read_only_refuses_create_with_exit_7(tmp_path: Path, emu: Emulator) -> None:
    """Read-only mode refuses create and apply in the backend: exit 7, nothing made."""
    proc = az(emu, tmp_path, "--read-only", "create", "rg/ro", "--image", "busybox")
    assert proc.returncode == 7, proc.stderr
    applied = az(emu, tmp_path, "--read-only", "apply", "-f", str(TWO), "-g", "rg")
    assert applied.returncode == 7, applied.stderr
    listed = az(emu, tmp_path, "groups", "-g", "rg", "--json")
    assert json.loads(listed.stdout) == []


@pytest.mark.azure
def test_azure_create_apply_export_diff(tmp_path: Path, emu: Emulator) -> None:
    """On the emulator: create from flags, apply the YAML and the template, export → diff equal."""
    made = az(emu, tmp_path, "create", "rg/flags", "--image", "busybox", "--ports", "80",
              "--ip-address", "Public", "--secure-environment-variables", "K=secret-v")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "secret-v" not in made.stdout + made.stderr
    applied = az(emu, tmp_path, "apply", "-f", str(TWO), "-g", "rg")
    assert applied.returncode == 0, applied.stderr
    out = tmp_path / "webapp.yaml"
    assert az(emu, tmp_path, "export", "rg/webapp", "-o", str(out)).returncode == 0
    same = az(emu, tmp_path, "diff", "-f", str(out), "-g", "rg")
    assert same.returncode == 0, same.stdout + same.stderr
    arm = az(emu, tmp_path, "export", "rg/webapp", "--format", "arm")
    assert '"$schema"' in arm.stdout
    deployed = az(emu, tmp_path, "apply", "-f", str(TEMPLATE), "-g", "rg",
                  "--param", "containerGroupName=tut")  # fmt: skip
    assert deployed.returncode == 0, deployed.stderr
    assert "rg/tut" in deployed.stdout


@pytest.mark.docker
@pytest.mark.azure
def test_round_trip_docker_to_emulator_and_back(tmp_path: Path, rg: str, emu: Emulator) -> None:
    """Docker export → secret filled → apply on the emulator → export → diff on Docker: equal."""
    path = local_yaml(tmp_path, 18096)
    assert acitui("apply", "-f", str(path), "-g", rg, home=tmp_path).returncode == 0
    from_docker = tmp_path / "from-docker.yaml"
    assert acitui("export", f"{rg}/webapp", "-o", str(from_docker), home=tmp_path).returncode == 0
    refused = az(emu, tmp_path, "apply", "-f", str(from_docker), "-g", "rg")
    assert refused.returncode == 2 and "placeholder" in refused.stderr  # never wipes a secret
    text = from_docker.read_text().replace("<fill in: secure value of API_TOKEN>", "s3cr3t-token")
    from_docker.write_text(text)
    applied = az(emu, tmp_path, "apply", "-f", str(from_docker), "-g", "rg")
    assert applied.returncode == 0, applied.stderr
    from_azure = tmp_path / "from-azure.yaml"
    assert az(emu, tmp_path, "export", "rg/webapp", "-o", str(from_azure)).returncode == 0
    on_docker = acitui("diff", "-f", str(from_azure), "-g", rg, home=tmp_path)
    assert on_docker.returncode == 0, on_docker.stdout + on_docker.stderr
    on_azure = az(emu, tmp_path, "diff", "-f", str(path), "-g", "rg")
    assert on_azure.returncode == 0, on_azure.stdout + on_azure.stderr
