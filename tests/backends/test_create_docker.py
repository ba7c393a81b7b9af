"""Creating groups from files on the real Docker engine (issue 13)."""

from __future__ import annotations

import asyncio
import base64
import subprocess
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from acitui.backends.base import Notice, NoticeKind
from acitui.backends.docker.backend import DockerBackend
from acitui.errors import BackendError, InvalidInputError, ReadOnlyError
from acitui.model import ContainerStatus, GroupRef, GroupState
from acitui.spec.diff import diff
from acitui.spec.export import export_yaml
from acitui.spec.load import load
from acitui.spec.yaml_file import parse_text
from tests.docker_image import IMAGE, busybox_image, engine_client

pytestmark = pytest.mark.docker
FIXTURES = Path(__file__).parent.parent / "spec" / "fixtures"


def local(name: str, **swap: str) -> str:
    """A fixture's text with its images swapped for the local busybox image."""
    text = (FIXTURES / name).read_text()
    for old in ("busybox:1.36", *swap.values()):
        text = text.replace(old, IMAGE)
    return text


@pytest.fixture
async def docker_backend() -> AsyncIterator[DockerBackend]:
    busybox_image()
    backend = DockerBackend()
    rg = f"create-{uuid.uuid4().hex[:8]}"
    backend.test_rg = rg  # type: ignore[attr-defined]
    try:
        yield backend
    finally:
        api = engine_client()
        for c in api.containers(all=True, filters={"label": f"acitui.resource-group={rg}"}):
            api.remove_container(c["Id"], force=True)
        for v in api.volumes(filters={"label": f"acitui.resource-group={rg}"}).get("Volumes") or []:
            api.remove_volume(v["Name"], force=True)
        api.close()
        await backend.close()


def spec_of(text: str, file: str = "group.yaml"):
    loaded = load(parse_text(text, file))
    assert not loaded.errors, loaded.errors
    return loaded.groups[0]


async def test_yaml_with_init_emptydir_and_secret_runs_and_diffs_equal(
    docker_backend: DockerBackend,
) -> None:
    """Two containers, an init container, an emptyDir and a secure variable run; diff says equal."""
    text = local("two-containers-init-emptydir.yaml").replace('"80"', '"18080"')
    text = text.replace("port: 80", "port: 18080").replace("localhost/", "localhost:18080/")
    spec = spec_of(text)
    ref = GroupRef(docker_backend.test_rg, "webapp")  # type: ignore[attr-defined]
    notices: list[Notice] = []
    group = await docker_backend.create_group(ref, spec, progress=notices.append)
    assert [c.name for c in group.containers] == ["web", "sidecar"]
    assert group.state is GroupState.RUNNING
    assert [c.name for c in group.init_containers] == ["seed"]
    secure = next(v for v in group.containers[0].environment if v.name == "API_TOKEN")
    assert secure.secure and secure.value is None
    assert "s3cr3t-token" not in repr(group)
    assert diff(spec, group).equal, [str(d) for d in diff(spec, group).changes]
    assert all(c.current_state.status is ContainerStatus.RUNNING for c in group.containers)

    async def served() -> str:  # the sidecar reads, over localhost, what the init container wrote
        async for line in docker_backend.follow_logs(ref, "sidecar", tail=10):
            if "ready" in line.text:
                return line.text
        return ""

    assert await asyncio.wait_for(served(), 60) == "ready"
    api = engine_client()
    label = f"acitui.resource-group={ref.resource_group}"
    by_name = {
        c["Labels"]["acitui.container"]: api.inspect_container(c["Id"])
        for c in api.containers(filters={"label": label})
    }
    api.close()
    web = by_name["web"]["HostConfig"]
    assert web["NanoCpus"] == 500_000_000 and web["Memory"] == 512 * 1024**2
    assert web["RestartPolicy"]["Name"] == "on-failure"
    assert web["PortBindings"] == {"18080/tcp": [{"HostIp": "", "HostPort": "18080"}]}
    check = by_name["web"]["Config"]["Healthcheck"]
    assert check["Test"] == ["CMD", "cat", "/work/ready"] and check["Interval"] == 10 * 10**9
    owner = by_name["web"]["Id"]
    assert by_name["sidecar"]["HostConfig"]["NetworkMode"] == f"container:{owner}"
    exported = export_yaml(group)
    assert "s3cr3t-token" not in exported and "<fill in: " in exported
    listed = await docker_backend.list_groups(ref.resource_group)
    assert [g.name for g in listed] == ["webapp"]


async def test_docs_yaml_applies_with_a_warning_for_dns_label(
    docker_backend: DockerBackend,
) -> None:
    """Microsoft's multi-container YAML runs locally; the DNS label is skipped with a warning."""
    text = (
        local("aci-docs-multi-container.yaml")
        .replace("mcr.microsoft.com/azuredocs/aci-helloworld:latest", IMAGE)
        .replace("mcr.microsoft.com/azuredocs/aci-tutorial-sidecar", IMAGE)
    )
    text = text.replace(f"image: {IMAGE}\n", f"image: {IMAGE}\n      command: [sleep, '600']\n")
    text = text.replace("port: 80\n", "port: 18081\n").replace("port: 8080", "port: 18082")
    text = text.replace("    type: Public\n", "    type: Public\n    dnsNameLabel: myapp\n")
    spec = spec_of(text)
    ref = GroupRef(docker_backend.test_rg, "mixedCase")  # type: ignore[attr-defined]
    notices: list[Notice] = []
    group = await docker_backend.create_group(ref, spec, progress=notices.append)
    assert len(group.containers) == 2
    warnings = [n.message for n in notices if n.kind is NoticeKind.WARNING]
    assert len(warnings) == 1 and "dnsNameLabel" in warnings[0], warnings


async def test_failing_init_container_leaves_nothing_behind(
    docker_backend: DockerBackend,
) -> None:
    """An init container that fails stops the creation and removes what was made."""
    text = (
        local("two-containers-init-emptydir.yaml")
        .replace('"echo ready > /work/ready"', '"echo broken; exit 3"')
        .replace("port: 80", "port: 18083")
        .replace('"80"', '"18083"')
    )
    ref = GroupRef(docker_backend.test_rg, "broken")  # type: ignore[attr-defined]
    with pytest.raises(BackendError, match="exited with code 3"):
        await docker_backend.create_group(ref, spec_of(text))
    api = engine_client()
    rg = f"acitui.resource-group={ref.resource_group}"
    assert api.containers(all=True, filters={"label": rg}) == []
    assert not api.volumes(filters={"label": rg}).get("Volumes")
    api.close()


async def test_read_only_refuses_create_below_the_face() -> None:
    """In read-only mode the backend itself refuses to create, before touching the engine."""
    backend = DockerBackend("unix:///nonexistent.sock", read_only=True)
    spec = spec_of(local("two-containers-init-emptydir.yaml"))
    with pytest.raises(ReadOnlyError):
        await backend.create_group(GroupRef("rg", "webapp"), spec)


async def test_secret_gitrepo_and_azurefile_volumes_reach_the_container(
    docker_backend: DockerBackend, tmp_path: Path
) -> None:
    """Secret files, a cloned gitRepo and an azureFile share are mounted; the secret never shows."""
    origin = tmp_path / "origin"
    origin.mkdir()
    (origin / "hello.txt").write_text("from git\n")
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t",
                                                  "commit", "-qm", "one"]):  # fmt: skip
        subprocess.run(["git", "-C", str(origin), *args], check=True)
    token = base64.b64encode(b"top-secret-value").decode()
    text = f"""
name: vols
properties:
  osType: Linux
  containers:
  - name: app
    properties:
      image: {IMAGE}
      command: [sh, -c, "cat /s/token; echo; cat /g/repo/hello.txt; echo shared > /f/x; sleep 600"]
      resources: {{requests: {{cpu: 0.1, memoryInGB: 0.1}}}}
      volumeMounts:
      - {{name: sec, mountPath: /s}}
      - {{name: git, mountPath: /g}}
      - {{name: share, mountPath: /f}}
  volumes:
  - name: sec
    secret: {{token: {token}}}
  - name: git
    gitRepo: {{repository: {origin}}}
  - name: share
    azureFile: {{shareName: myshare, storageAccountName: acct, storageAccountKey: k}}
"""
    ref = GroupRef(docker_backend.test_rg, "vols")  # type: ignore[attr-defined]
    group = await docker_backend.create_group(ref, spec_of(text))
    assert {v.name: v.kind for v in group.volumes} == {
        "sec": "secret",
        "git": "gitRepo",
        "share": "azureFile",
    }
    assert "top-secret-value" not in repr(group) and token not in repr(group)

    async def seen() -> list[str]:
        got: list[str] = []
        async for line in docker_backend.follow_logs(ref, "app", tail=10):
            got.append(line.text)
            if "from git" in got:
                return got
        return got

    assert await asyncio.wait_for(seen(), 60) == ["top-secret-value", "from git"]
    await docker_backend.delete_group(ref)
    api = engine_client()
    names = [v["Name"] for v in api.volumes().get("Volumes") or []]
    api.close()
    assert not any(n.startswith(f"acitui-{ref.resource_group}-vols") for n in names)


async def test_secret_file_names_cannot_escape_the_volume(docker_backend: DockerBackend) -> None:
    """A secret file named ../x is refused with a clear error and nothing is left behind."""
    text = f"""
name: escape
properties:
  containers:
  - name: app
    properties:
      image: {IMAGE}
      command: [sleep, '600']
      volumeMounts: [{{name: sec, mountPath: /s}}]
  volumes:
  - name: sec
    secret: {{'../../x': aGk=}}
"""
    ref = GroupRef(docker_backend.test_rg, "escape")  # type: ignore[attr-defined]
    with pytest.raises(InvalidInputError, match="plain relative path"):
        await docker_backend.create_group(ref, spec_of(text))
    api = engine_client()
    rg = f"acitui.resource-group={ref.resource_group}"
    assert api.containers(all=True, filters={"label": rg}) == []
    assert not api.volumes(filters={"label": rg}).get("Volumes")
    api.close()
