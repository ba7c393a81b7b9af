"""Every field of the ACI YAML reference: read, kept in the ARM body, warned about on Docker."""

from __future__ import annotations

from pathlib import Path

import yaml

from acitui.spec.load import load
from acitui.spec.read import read_group
from acitui.spec.to_arm import to_arm, to_document

FULL = Path(__file__).parent / "fixtures" / "reference-all-fields.yaml"


def test_every_reference_field_reads_without_unknown_key_warnings() -> None:
    """No errors and no 'unknown key' warnings for the reference's fields."""
    loaded = load(FULL)
    assert loaded.errors == []
    assert not [w for w in loaded.warnings if "unknown key" in w.message]
    [group] = loaded.groups
    app = group.containers[0]
    assert app.requests.gpu_count == 1 and app.limits is not None and app.limits.cpu == 4
    assert app.readiness is not None and app.readiness.http_headers == (("X-Probe", "ready"),)
    assert {v.kind for v in group.volumes} == {"azureFile", "secret", "gitRepo", "emptyDir"}
    assert group.registry_credentials[0].password == "r3gistry"
    assert group.tags == {"team": "data", "costCenter": "42"}


def test_arm_body_keeps_every_field_and_reads_back_the_same() -> None:
    """GroupSpec → ACI YAML document → GroupSpec is the identity, secrets and probes included."""
    [group] = load(FULL).groups
    document = to_document(group)
    again, findings = read_group(yaml.safe_load(yaml.safe_dump(document)), "again.yaml")
    assert findings == []
    assert again is not None
    assert again.containers == group.containers
    assert again.init_containers == group.init_containers
    assert again.volumes == group.volumes
    assert (again.diagnostics, again.dns_config, again.identity) == (
        group.diagnostics, group.dns_config, group.identity,
    )  # fmt: skip
    assert again.extra == group.extra  # encryptionProperties
    body = to_arm(group)
    assert set(body) == {"location", "tags", "identity", "properties"}
    assert "instanceView" not in str(body) and "provisioningState" not in str(body)


def test_docker_target_warns_for_each_field_it_skips_and_refuses_none() -> None:
    """GPU, subnet, DNS config, identity, diagnostics and encryption: one warning each."""
    loaded = load(FULL, target="docker")
    assert loaded.errors == []
    skipped = sorted(w.message.split(":")[0] for w in loaded.warnings if "Docker" in w.message)
    assert skipped == [
        "GPU for 'app'", "diagnostics", "dnsConfig", "encryptionProperties", "identity",
        "subnetIds",
    ]  # fmt: skip
    assert all(w.line for w in loaded.warnings)
