"""Reading ACI YAML as people write it: liberal, with file and line on every finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from acitui.errors import InvalidInputError
from acitui.spec.load import load
from acitui.spec.yaml_file import parse_text, read_file

FIXTURES = Path(__file__).parent / "fixtures"


def _load_text(tmp_path: Path, text: str, **options: object):
    path = tmp_path / "group.yaml"
    path.write_text(text)
    return load(path, **options)  # type: ignore[arg-type]


def test_microsoft_docs_yaml_reads_with_only_a_naming_warning() -> None:
    """The multi-container YAML from Microsoft's tutorial reads; a mixed-case name only warns."""
    loaded = load(FIXTURES / "aci-docs-multi-container.yaml")
    assert loaded.errors == []
    [group] = loaded.groups
    assert group.name == "myContainerGroup"
    assert group.api_version == "2019-12-01"  # an unquoted YAML date stays the text it was
    assert [c.name for c in group.containers] == ["aci-tutorial-app", "aci-tutorial-sidecar"]
    assert group.containers[0].requests.memory_gb == 1.5  # memoryInGb, not memoryInGB
    assert group.ip_address is not None
    assert [p.port for p in group.ip_address.ports] == [80, 8080]
    assert group.ip_address.ports[0].protocol == "TCP"
    assert group.tags == {"exampleTag": "tutorial"}
    [warning] = loaded.warnings
    assert "naming rule" in warning.message and warning.line == 3


def test_full_fixture_reads_init_container_emptydir_secure_value_and_probe() -> None:
    """Two containers, an init container, emptyDir, a secure variable and a probe arrive."""
    loaded = load(FIXTURES / "two-containers-init-emptydir.yaml")
    assert loaded.findings == []
    [group] = loaded.groups
    assert [c.name for c in group.init_containers] == ["seed"]
    assert group.restart_policy == "OnFailure"
    web = group.container("web")
    assert web is not None
    token = next(v for v in web.environment if v.name == "API_TOKEN")
    assert token.secure and token.value == "s3cr3t-token"
    assert web.volume_mounts[0].read_only
    assert web.liveness is not None and web.liveness.exec_command == ("cat", "/work/ready")
    assert group.volumes[0].kind == "emptyDir"


def test_numbers_as_strings_integer_env_and_casing_drift(tmp_path: Path) -> None:
    """port: '80', cpu: '.4', memoryingb, integer and boolean env values all read."""
    loaded = _load_text(
        tmp_path,
        """name: g
properties:
  containers:
  - name: app
    properties:
      image: busybox
      ports: [{port: '80'}]
      resources: {requests: {cpu: '.4', memoryingb: '1'}}
      environmentVariables:
      - {name: WORKERS, value: 4}
      - {name: DEBUG, value: yes}
  ipaddress: {type: public, ports: [{port: '80', protocol: udp}]}
  OSTYPE: linux
""",
    )
    assert loaded.errors == []
    [group] = loaded.groups
    app = group.containers[0]
    assert app.ports[0].port == 80
    assert app.requests.cpu == pytest.approx(0.4) and app.requests.memory_gb == 1
    assert [(v.name, v.value) for v in app.environment] == [("WORKERS", "4"), ("DEBUG", "true")]
    assert group.ip_address.type == "Public" and group.ip_address.ports[0].protocol == "UDP"


def test_absent_name_comes_from_the_command_line(tmp_path: Path) -> None:
    """A file without a name takes --name; without either it is refused."""
    text = "properties:\n  containers:\n  - name: a\n    properties: {image: busybox}\n"
    loaded = _load_text(tmp_path, text, name="from-cli")
    assert loaded.errors == [] and loaded.groups[0].name == "from-cli"
    refused = _load_text(tmp_path, text)
    assert any("no name" in f.message for f in refused.errors)


def test_stray_key_is_warned_with_a_typo_guess_and_its_line(tmp_path: Path) -> None:
    """'imgae' beside a real image is passed on but warned about, naming 'image' and line 5."""
    loaded = _load_text(
        tmp_path,
        "name: g\nproperties:\n  containers:\n  - name: a\n"
        "    properties: {image: x,\n      imgae: y}\n",
    )
    [warning] = [f for f in loaded.warnings if "imgae" in f.message]
    assert "did you mean 'image'" in warning.message
    assert warning.line == 6


def test_bad_yaml_is_one_line_with_its_line_number(tmp_path: Path) -> None:
    """Broken syntax names the file and the line, never a traceback."""
    path = tmp_path / "bad.yaml"
    path.write_text("name: g\nproperties:\n  containers: [\n    - a\n  b: c\n")
    with pytest.raises(InvalidInputError) as info:
        read_file(path)
    assert str(path) in str(info.value) and ":" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("- a\n- b\n", "container group"),
        ("name: g\nproperties: {containers: []}\n", "no containers"),
    ],
)
def test_files_that_are_not_groups_are_refused_plainly(text: str, needle: str) -> None:
    """An empty file, a list, or a group without containers is refused with a clear message."""
    try:
        doc = parse_text(text, "f.yaml")
    except InvalidInputError as exc:
        assert needle in str(exc)
        return
    loaded = load(doc)
    assert any(needle in f.message for f in loaded.errors)


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    """A path that does not exist is an InvalidInputError naming it."""
    with pytest.raises(InvalidInputError, match="no such file"):
        read_file(tmp_path / "nope.yaml")
