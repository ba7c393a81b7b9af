"""Export a live group to a re-appliable file and diff files against live groups."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from acitui.model import (
    Container,
    ContainerGroup,
    EnvVar,
    GroupState,
    IpAddress,
    Port,
    Volume,
    VolumeMount,
)
from acitui.spec.diff import CHANGED, NOT_COMPARABLE, ONLY_FILE, ONLY_LIVE, diff
from acitui.spec.export import export_arm, export_yaml
from acitui.spec.load import load
from acitui.spec.yaml_file import parse_text

FIXTURES = Path(__file__).parent / "fixtures"


def live_group() -> ContainerGroup:
    """A group as a backend reports it: secrets already stripped, read-only fields present."""
    web = Container(
        name="web",
        image="busybox:1.36",
        command=("httpd", "-f", "-p", "80"),
        cpu=0.5,
        memory_gb=0.5,
        ports=(Port(80),),
        environment=(EnvVar("MODE", "production"), EnvVar("API_TOKEN", None, secure=True)),
        volume_mounts=(VolumeMount("work", "/work", True), VolumeMount("creds", "/creds")),
    )
    sidecar = Container(name="sidecar", image="busybox:1.36", cpu=0.25, memory_gb=0.25)
    seed = Container(
        name="seed",
        image="busybox:1.36",
        command=("sh", "-c", "echo ready > /work/ready"),
        volume_mounts=(VolumeMount("work", "/work"),),
    )
    return ContainerGroup(
        name="webapp",
        resource_group="rg",
        state=GroupState.RUNNING,
        location="westeurope",
        provisioning_state="Succeeded",
        restart_policy="OnFailure",
        ip_address=IpAddress("20.1.2.3", "Public", (Port(80),), "x.westeurope.azurecontainer.io"),
        containers=(web, sidecar),
        init_containers=(seed,),
        volumes=(
            Volume("work", "emptyDir"),
            Volume("creds", "secret", {"contents": "hidden"}),
            Volume("share", "azureFile", {"share": "data", "account": "acct"}),
        ),
        tags={"app": "webapp"},
        id="/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/webapp",
        extra={"sku": "Standard", "registries": "myreg.azurecr.io (password hidden)"},
    )


def test_export_drops_read_only_fields_and_marks_every_stripped_secret() -> None:
    """No id, IP, FQDN, state or default SKU; every stripped secret is a placeholder."""
    text = export_yaml(live_group())
    for read_only in (
        "20.1.2.3",
        "azurecontainer.io",
        "Succeeded",
        "instanceView",
        "/subscriptions/",
        "sku",
    ):
        assert read_only not in text
    for secret in (
        "<fill in: secure value of API_TOKEN>",
        "<fill in: storage account key for volume share>",
        "<fill in: file name in secret volume creds>",
        "<fill in: registry password for myreg.azurecr.io>",
    ):
        assert secret in text
    assert "apiVersion: '2023-05-01'" in text


def test_exported_yaml_is_refused_until_placeholders_are_filled() -> None:
    """The raw export is refused (an error per placeholder, with lines); filled, it loads."""
    text = export_yaml(live_group())
    loaded = load(parse_text(text, "export.yaml"))
    assert (
        len(loaded.errors) == 6
    )  # secure value, storage key, secret name+value, registry user+pass
    assert all(e.line and "placeholder" in e.message for e in loaded.errors)
    filled = (
        text.replace("<fill in: secure value of API_TOKEN>", "t0ken")
        .replace("<fill in: storage account key for volume share>", "a2V5")
        .replace("<fill in: file name in secret volume creds>", "token.txt")
        .replace("<fill in: its base64 contents>", "dG9rZW4=")
        .replace("<fill in: registry username for myreg.azurecr.io>", "me")
        .replace("<fill in: registry password for myreg.azurecr.io>", "pw")
    )
    assert load(parse_text(filled, "export.yaml")).errors == []


@pytest.mark.parametrize("export", [export_yaml, export_arm])
def test_round_trip_export_parse_diff_is_equal(export) -> None:
    """A group exported (YAML or ARM template), read back and diffed against itself is equal."""
    group = live_group()
    loaded = load(parse_text(export(group), "export"), resource_group="rg")
    [spec] = loaded.groups
    result = diff(spec, group)
    assert result.equal, [str(d) for d in result.changes]
    not_comparable = {d.path for d in result.differences if d.status == NOT_COMPARABLE}
    assert not_comparable == {"containers[web].env[API_TOKEN]", "volumes[creds]"}


def test_fixture_file_against_its_running_twin_is_equal() -> None:
    """The two-container fixture diffs equal against the group it would create (secure aside)."""
    [spec] = load(FIXTURES / "two-containers-init-emptydir.yaml").groups
    group = live_group()
    group = replace(
        group,
        containers=(
            replace(
                group.containers[0],
                command=("httpd", "-f", "-p", "80", "-h", "/work"),
                volume_mounts=(VolumeMount("work", "/work", True),),
            ),
            replace(
                group.containers[1],
                command=(
                    "sh",
                    "-c",
                    "while true; do wget -qO- http://localhost/ready; sleep 5; done",
                ),
            ),
        ),
        volumes=(Volume("work", "emptyDir"),),
        extra={},
    )
    result = diff(spec, group)
    assert result.equal, [str(d) for d in result.changes]


def test_diff_reports_each_changed_added_and_removed_field() -> None:
    """An image bump, a new container, a gone volume, a plain→secure variable: each reported."""
    group = live_group()
    [spec] = load(parse_text(export_yaml(group), "e.yaml")).groups
    web = spec.containers[0]
    env = tuple(
        replace(v, secure=True, value="x") if v.name == "MODE" else v for v in web.environment
    )
    spec = replace(
        spec,
        containers=(
            replace(web, image="busybox:1.37", environment=env),
            spec.containers[1],
            replace(spec.containers[1], name="extra"),
        ),
        volumes=spec.volumes[:2],
        restart_policy="Always",
    )
    found = {(d.path, d.status) for d in diff(spec, group).differences}
    assert ("containers[web].image", CHANGED) in found
    assert ("containers[extra]", ONLY_FILE) in found
    assert ("volumes[share]", ONLY_LIVE) in found
    assert ("containers[web].env[MODE]", CHANGED) in found
    assert ("restartPolicy", CHANGED) in found
    rendered = [str(d) for d in diff(spec, group).differences]
    assert "~ containers[web].env[MODE]: plain → secure" in rendered


def test_secure_values_are_never_shown_in_a_diff() -> None:
    """A secure value in the file appears nowhere in the diff's text."""
    group = live_group()
    text = export_yaml(group).replace("<fill in: secure value of API_TOKEN>", "hunter2-secret")
    [spec] = load(parse_text(text, "e.yaml")).groups
    spec = replace(
        spec, containers=(replace(spec.containers[0], image="other"), spec.containers[1])
    )
    rendered = "\n".join(str(d) for d in diff(spec, group).differences)
    assert "hunter2-secret" not in rendered and "image" in rendered
