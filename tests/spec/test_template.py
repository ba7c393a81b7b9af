"""ARM templates evaluated locally: the tutorial's template, parameters, and refusals by line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from acitui.spec.expressions import Context, ExpressionError, evaluate
from acitui.spec.load import load

FIXTURES = Path(__file__).parent / "fixtures"
TUTORIAL = FIXTURES / "aci-tutorial-template.json"


def _template(tmp_path: Path, template: dict[str, Any]) -> Path:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template, indent=2))
    return path


def _group(name: str = "[parameters('name')]", **props: Any) -> dict[str, Any]:
    return {
        "type": "Microsoft.ContainerInstance/containerGroups",
        "apiVersion": "2023-05-01",
        "name": name,
        "location": "[resourceGroup().location]",
        "properties": {
            "osType": "Linux",
            "containers": [{"name": "app", "properties": {"image": "busybox"}}],
            **props,
        },
    }


SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def test_tutorial_template_gives_two_containers_named_by_parameter() -> None:
    """Microsoft's two-container template: name from defaultValue, location from the RG."""
    loaded = load(TUTORIAL, resource_group="demo", location="westeurope")
    assert loaded.template and loaded.errors == []
    [group] = loaded.groups
    assert group.name == "myContainerGroup" and group.location == "westeurope"
    assert [(c.name, c.image) for c in group.containers] == [
        ("aci-tutorial-app", "mcr.microsoft.com/azuredocs/aci-helloworld:latest"),
        ("aci-tutorial-sidecar", "mcr.microsoft.com/azuredocs/aci-tutorial-sidecar"),
    ]
    assert group.ip_address is not None
    assert [p.port for p in group.ip_address.ports] == [80, 8080]
    # lines point into the template file itself
    assert group.line("properties", "containers", 1, "properties", "image") == 50


def test_param_overrides_default_value_and_images_can_be_swapped() -> None:
    """--param containerGroupName=web1 renames the group; the rest is unchanged."""
    loaded = load(TUTORIAL, params={"containerGroupName": "web1"})
    assert loaded.errors == [] and loaded.groups[0].name == "web1"


def test_unknown_param_and_missing_value_are_refused(tmp_path: Path) -> None:
    """--param for an undeclared name, or a parameter without value or default, refuses."""
    assert any("no such parameter" in f.message for f in load(TUTORIAL, params={"x": "1"}).errors)
    path = _template(
        tmp_path,
        {"$schema": SCHEMA, "parameters": {"name": {"type": "string"}}, "resources": [_group()]},
    )
    [error] = load(path).errors
    assert "--param name=VALUE" in error.message
    assert load(path, params={"name": "g"}).errors == []


def test_unsupported_function_is_refused_by_name_and_line(tmp_path: Path) -> None:
    """reference() in a resource is refused, naming the function and its line."""
    group = _group("g")
    group["properties"]["containers"][0]["properties"]["image"] = "[reference('x').image]"
    path = _template(tmp_path, {"$schema": SCHEMA, "resources": [group]})
    [error] = load(path).errors
    assert "'reference' is not supported" in error.message
    text = path.read_text().splitlines()
    assert error.line is not None
    assert "reference" in text[error.line - 1]


def test_other_resource_types_are_skipped_with_a_warning(tmp_path: Path) -> None:
    """A storage account beside the group is skipped (warned); outputs are never evaluated."""
    path = _template(
        tmp_path,
        {
            "$schema": SCHEMA,
            "variables": {"n": "[concat('web-', toLower('ABC'))]"},
            "resources": [
                {"type": "Microsoft.Storage/storageAccounts", "name": "s"},
                _group("[variables('n')]"),
            ],
            "outputs": {"ip": {"type": "string", "value": "[reference('x').ip]"}},
        },
    )
    loaded = load(path)
    assert loaded.errors == []
    assert loaded.groups[0].name == "web-abc"
    assert any("Microsoft.Storage/storageAccounts" in w.message for w in loaded.warnings)


def test_copy_loops_and_self_referring_variables_are_refused(tmp_path: Path) -> None:
    """A copy loop or a variable defined by itself is an error, not a hang."""
    looped = _group("g")
    looped["copy"] = {"name": "c", "count": 2}
    assert "copy" in load(_template(tmp_path, {"resources": [looped]})).errors[0].message
    path = _template(
        tmp_path,
        {"variables": {"a": "[variables('a')]"}, "resources": [_group("[variables('a')]")]},
    )
    assert "refers to itself" in load(path).errors[0].message


def _ctx() -> Context:
    rg = {"name": "rg1", "location": "westeurope", "id": "/subscriptions/s/resourceGroups/rg1"}
    return Context(lambda n: {"p": "P", "n": 3}[n], lambda n: {"v": ["x"]}[n], rg, "s")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("[concat('a', parameters('p'), 1)]", "aP1"),
        ("[concat(variables('v'), variables('v'))]", ["x", "x"]),
        ("[format('{0}-{1}', 'web', parameters('n'))]", "web-3"),
        ("[toLower(resourceGroup().location)]", "westeurope"),
        ("[resourceId('Microsoft.ContainerInstance/containerGroups', 'g')]",
         "/subscriptions/s/resourceGroups/rg1/providers/Microsoft.ContainerInstance/containerGroups/g"),
        ("[[literal]", "[literal]"),
        ("['it''s']", "it's"),
        ("plain", "plain"),
    ],
)  # fmt: skip
def test_supported_functions_evaluate_like_arm(expression: str, value: Any) -> None:
    """concat, format, toLower, resourceGroup, resourceId, escapes, quotes: as ARM does."""
    assert evaluate(expression, _ctx()) == value


def test_unique_string_is_stable_and_13_characters() -> None:
    """uniqueString gives the same 13-character id for the same inputs, another for others."""
    one = evaluate("[uniqueString(resourceGroup().id)]", _ctx())
    assert one == evaluate("[uniqueString(resourceGroup().id)]", _ctx())
    assert len(one) == 13 and one != evaluate("[uniqueString('other')]", _ctx())


@pytest.mark.parametrize("bad", ["[concat('a',]", "[reference('x')]", "[1 2]", "[toLower()]"])
def test_malformed_expressions_raise_expression_error(bad: str) -> None:
    """Syntax errors, unsupported functions and wrong arities are ExpressionErrors."""
    with pytest.raises(ExpressionError):
        evaluate(bad, _ctx())
