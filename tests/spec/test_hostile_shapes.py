"""Any node of a group replaced by a value of the wrong shape gives findings, never an exception."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from acitui.errors import InvalidInputError
from acitui.spec.load import load
from acitui.spec.model import Path as DocPath
from acitui.spec.read import read_group
from acitui.spec.template import read_template
from acitui.spec.validate import validate
from acitui.spec.yaml_file import Document, read_file

FIXTURES = Path(__file__).parent / "fixtures"
WRONG: tuple[Any, ...] = (None, 7, -1.5, "text", [], {}, True, [{"x": 1}], "<fill in: x>")


def _paths(value: Any, path: DocPath = ()) -> list[DocPath]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*path, i))
    return out


def _replaced(data: Any, path: DocPath, new: Any) -> Any:
    if not path:
        return new
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new
    return data


@pytest.mark.parametrize(
    "fixture", ["reference-all-fields.yaml", "two-containers-init-emptydir.yaml"]
)
def test_every_node_of_the_wrong_shape_is_a_finding_not_a_crash(fixture: str) -> None:
    """Each node swapped for None, numbers, text, lists, maps, booleans: read and validate cope."""
    doc = read_file(FIXTURES / fixture)
    for path in _paths(doc.data):
        for wrong in WRONG:
            data = _replaced(doc.data, path, wrong)
            spec, _ = read_group(data, fixture, doc.lines)
            if spec is not None:
                validate(spec, name="n", target="docker")


def test_every_template_node_of_the_wrong_shape_is_a_finding_not_a_crash() -> None:
    """The tutorial template with any node of the wrong shape evaluates to findings."""
    doc = read_file(FIXTURES / "aci-tutorial-template.json")
    for path in _paths(doc.data):
        for wrong in WRONG:
            broken = Document(doc.file, _replaced(doc.data, path, wrong), doc.lines)
            if isinstance(broken.data, dict):
                read_template(broken, {"containerGroupName": "g"})
            else:
                assert load(broken).errors


def _laughs(levels: int) -> str:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[" * 3000 + "]" * 3000, "nested too deeply"),
        ("\x00\x01", "not valid YAML"),
        (_laughs(9), "more than 100000 nodes"),
        ("a: !!python/object:os.system x", "could not determine a constructor"),
    ],
)
def test_hostile_files_are_one_line_refusals(tmp_path: Path, text: str, needle: str) -> None:
    """Deep nesting, NUL bytes, alias bombs and Python tags are refused in one line, quickly."""
    path = tmp_path / "evil.yaml"
    path.write_text(text)
    with pytest.raises(InvalidInputError) as info:
        load(path)
    assert needle in str(info.value) and "\n" not in str(info.value)
