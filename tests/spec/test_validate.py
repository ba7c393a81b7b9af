"""Validation refuses only what cannot run, with file and line; warns about the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from acitui.errors import InvalidInputError
from acitui.spec.load import load, load_or_raise


def _load(tmp_path: Path, text: str, **options: object):
    path = tmp_path / "g.yaml"
    path.write_text(text)
    return load(path, **options)  # type: ignore[arg-type]


BASE = """name: g
properties:
  containers:
  - name: a
    properties:
      image: busybox
      volumeMounts: [{name: data, mountPath: /data}]
  - name: b
    properties: {image: busybox}
  volumes:
  - name: data
    emptyDir: {}
"""


def test_a_valid_group_has_no_findings(tmp_path: Path) -> None:
    """The base group is accepted with only the resource-default warnings."""
    loaded = _load(tmp_path, BASE)
    assert loaded.errors == []


@pytest.mark.parametrize(
    ("old", "new", "needle", "line"),
    [
        ("image: busybox\n      volumeMounts", "volumeMounts", "has no image", 5),
        ("- name: b", "- name: A", "used twice", 8),
        ("name: data, mountPath", "name: dta, mountPath", "'dta', which is not defined", 7),
    ],
)
def test_what_cannot_run_is_refused_with_its_line(
    tmp_path: Path, old: str, new: str, needle: str, line: int
) -> None:
    """No image, a duplicate container name, a mount naming no volume: each an error at its line."""
    loaded = _load(tmp_path, BASE.replace(old, new, 1))
    [error] = loaded.errors
    assert needle in error.message
    assert error.line == line
    assert str(error).startswith(f"{tmp_path / 'g.yaml'}:{line}: error:")


def test_name_contradicting_the_file_is_refused(tmp_path: Path) -> None:
    """--name other against name: g refuses; the same name in another case does not."""
    assert any("contradicts" in f.message for f in _load(tmp_path, BASE, name="other").errors)
    assert _load(tmp_path, BASE, name="G").errors == []


def test_unfilled_placeholder_is_refused_and_load_or_raise_says_nothing_was_created(
    tmp_path: Path,
) -> None:
    """An export placeholder left in a secure value refuses the file with a one-line error."""
    text = BASE.replace(
        "properties: {image: busybox}",
        "properties:\n      image: busybox\n      environmentVariables:\n"
        "      - {name: K, secureValue: '<fill in: secure value of K>'}",
    )
    loaded = _load(tmp_path, text)
    [error] = loaded.errors
    assert "placeholder" in error.message and error.line == 12
    with pytest.raises(InvalidInputError, match="Nothing was created"):
        load_or_raise(tmp_path / "g.yaml")


def test_group_port_no_container_exposes_is_a_warning(tmp_path: Path) -> None:
    """ipAddress port 443 with no container exposing it warns, it does not refuse."""
    text = BASE + "  ipAddress: {type: Public, ports: [{port: 443}]}\n"
    loaded = _load(tmp_path, text)
    assert loaded.errors == []
    assert any("443" in w.message and w.line == 13 for w in loaded.warnings)


def test_docker_target_warns_once_for_each_field_it_cannot_honour(tmp_path: Path) -> None:
    """GPU, subnets, DNS config, identity, diagnostics, Confidential, Spot: warned, not refused."""
    text = (
        BASE.replace(
            "properties: {image: busybox}",
            "properties: {image: busybox, resources: {requests: {cpu: 1, memoryInGB: 1,"
            " gpu: {count: 1, sku: V100}}}}",
        )
        + """  subnetIds: [{id: /subscriptions/x/subnets/s}]
  dnsConfig: {nameServers: [10.0.0.10]}
  diagnostics: {logAnalytics: {workspaceId: w, workspaceKey: k}}
  sku: Confidential
  priority: Spot
identity: {type: SystemAssigned}
"""
    )
    loaded = _load(tmp_path, text, target="docker")
    assert loaded.errors == []
    skipped = [w.message for w in loaded.warnings if "Docker cannot honour" in w.message]
    assert len(skipped) == 7
    assert not any("Docker" in w.message for w in _load(tmp_path, text, target="azure").warnings)
