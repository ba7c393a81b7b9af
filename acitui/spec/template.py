"""ARM deployment templates: parameters, variables and the container groups they deploy.

Evaluated locally for targets without ARM (Docker): ``--param`` values override
``defaultValue``; every ``Microsoft.ContainerInstance/containerGroups`` resource
becomes a :class:`GroupSpec`; other resource types are skipped with a warning;
unsupported functions are refused by name and line. ``outputs`` are not evaluated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from acitui.spec.expressions import Context, ExpressionError, evaluate, unique_string
from acitui.spec.model import Finding, GroupSpec, Path, line_at
from acitui.spec.read import read_group
from acitui.spec.yaml_file import Document

GROUP_TYPE = "microsoft.containerinstance/containergroups"
_PARAM_TYPES = {"string", "securestring", "int", "bool", "object", "secureobject", "array"}


def is_template(data: Any) -> bool:
    """A deployment template: a ``$schema`` naming one, or ``resources`` without ``properties``."""
    if not isinstance(data, Mapping):
        return False
    schema = str(data.get("$schema", "")).lower()
    return "deploymenttemplate" in schema or ("resources" in data and "properties" not in data)


@dataclass
class TemplateResult:
    """The groups, each group's evaluated resource (an ARM PUT body and more), and findings."""

    groups: list[GroupSpec] = field(default_factory=list)
    resources: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _coerce(raw: str, kind: str, name: str) -> Any:
    """A ``--param`` string as the parameter's declared type."""
    kind = kind.lower()
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"parameter '{name}' is an int, not {raw!r}") from None
    if kind == "bool":
        if raw.lower() not in ("true", "false"):
            raise ValueError(f"parameter '{name}' is a bool (true or false), not {raw!r}")
        return raw.lower() == "true"
    if kind in ("object", "secureobject", "array"):
        try:
            return json.loads(raw)
        except ValueError:
            raise ValueError(f"parameter '{name}' is an {kind}: give it as JSON") from None
    return raw


class _Evaluator:
    def __init__(
        self, doc: Document, params: Mapping[str, Any], resource_group: str, location: str,
        subscription_id: str,
    ) -> None:  # fmt: skip
        self.doc = doc
        data = doc.data
        declared, variables = data.get("parameters"), data.get("variables")
        self.declared = declared if isinstance(declared, Mapping) else {}
        self.variables_raw = variables if isinstance(variables, Mapping) else {}
        self.given = dict(params)
        rg_id = f"/subscriptions/{subscription_id}/resourceGroups/{resource_group}"
        self.ctx = Context(
            self.parameter,
            self.variable,
            {"name": resource_group, "location": location, "id": rg_id},
            subscription_id,
        )
        self.param_values: dict[str, Any] = {}
        self.var_values: dict[str, Any] = {}
        self.busy: set[str] = set()

    def _declared(self, table: Mapping[str, Any], name: str) -> str | None:
        for key in table:
            if str(key).lower() == name.lower():
                return str(key)
        return None

    def parameter(self, name: str) -> Any:
        key = self._declared(self.declared, name)
        if key is None:
            raise ExpressionError(f"the template declares no parameter '{name}'")
        if key not in self.param_values:
            self.param_values[key] = self._parameter_value(key)
        return self.param_values[key]

    def _parameter_value(self, key: str) -> Any:
        spec = self.declared[key] if isinstance(self.declared[key], Mapping) else {}
        kind = str(spec.get("type", "string"))
        given = next((v for k, v in self.given.items() if k.lower() == key.lower()), None)
        if given is not None:
            try:
                value = _coerce(given, kind, key) if isinstance(given, str) else given
            except ValueError as exc:
                raise ExpressionError(str(exc)) from None
        elif "defaultValue" in spec:
            value = self.value(spec["defaultValue"], ("parameters", key, "defaultValue"))
        else:
            raise ExpressionError(f"parameter '{key}' has no value: pass --param {key}=VALUE")
        allowed = spec.get("allowedValues")
        if isinstance(allowed, list) and value not in allowed:
            choices = ", ".join(str(a) for a in allowed)
            raise ExpressionError(f"parameter '{key}' must be one of {choices}, not {value!r}")
        return value

    def variable(self, name: str) -> Any:
        key = self._declared(self.variables_raw, name)
        if key is None:
            raise ExpressionError(f"the template declares no variable '{name}'")
        if key not in self.var_values:
            if key in self.busy:
                raise ExpressionError(f"variable '{key}' refers to itself")
            self.busy.add(key)
            self.var_values[key] = self.value(self.variables_raw[key], ("variables", key))
            self.busy.discard(key)
        return self.var_values[key]

    def value(self, raw: Any, path: Path) -> Any:
        """``raw`` with every expression in it evaluated (keys included)."""
        if isinstance(raw, str):
            try:
                return evaluate(raw, self.ctx)
            except ExpressionError as exc:
                if isinstance(exc, _Located):
                    raise
                raise _Located(str(exc), path) from None
        if isinstance(raw, list):
            return [self.value(item, (*path, i)) for i, item in enumerate(raw)]
        if isinstance(raw, Mapping):
            return {
                str(self.value(str(k), (*path, str(k)))): self.value(v, (*path, str(k)))
                for k, v in raw.items()
            }
        return raw


class _Located(ExpressionError):
    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def read_template(
    doc: Document,
    params: Mapping[str, Any] | None = None,
    *,
    resource_group: str = "local",
    location: str = "local",
    subscription_id: str = "00000000-0000-0000-0000-000000000000",
) -> TemplateResult:
    """Every container group a template deploys, evaluated, with findings (file and line).

    ``params`` are ``--param`` strings (converted to the declared type) or, from an ARM
    deployment body, values already typed.
    """
    result = TemplateResult()
    ev = _Evaluator(doc, params or {}, resource_group, location, subscription_id)
    _check_parameters(ev, params or {}, result)
    items = _resource_items(doc, result)
    if items is None:
        return result
    for path, resource in items:
        _read_resource(ev, path, resource, result)
    if not items:
        _finding(doc, result, "error", "the template deploys no resources", ("resources",))
    return result


def _finding(doc: Document, result: TemplateResult, level: str, message: str, path: Path) -> None:
    result.findings.append(Finding(level, message, doc.file, line_at(doc.lines, path)))


def _check_parameters(ev: _Evaluator, params: Mapping[str, Any], result: TemplateResult) -> None:
    """Errors for ``--param`` names the template lacks; warnings for unknown parameter types."""
    for name in params:
        if ev._declared(ev.declared, name) is None:
            message = f"--param {name}: the template has no such parameter"
            _finding(ev.doc, result, "error", message, ("parameters",))
    for key, spec in ev.declared.items():
        kind = str(spec.get("type", "")) if isinstance(spec, Mapping) else ""
        if kind.lower() not in _PARAM_TYPES:
            message = f"parameter '{key}' has type {kind!r}"
            _finding(ev.doc, result, "warning", message, ("parameters", str(key)))


def _resource_items(doc: Document, result: TemplateResult) -> list[tuple[Path, Any]] | None:
    """Each resource with its path (list or symbolic names), or None when there is no list."""
    resources = doc.data.get("resources")
    if isinstance(resources, Mapping):  # languageVersion 2.0: symbolic names
        return [(("resources", str(k)), v) for k, v in resources.items()]
    if isinstance(resources, list):
        return [(("resources", i), v) for i, v in enumerate(resources)]
    _finding(doc, result, "error", "the template has no 'resources' list", ())
    return None


def _read_resource(ev: _Evaluator, path: Path, resource: Any, result: TemplateResult) -> None:
    """One resource: a container group evaluated and read, or a finding saying why not."""
    doc = ev.doc
    if not isinstance(resource, Mapping):
        _finding(doc, result, "error", "a resource must be a mapping", path)
        return
    rtype = str(resource.get("type", ""))
    if rtype.lower() != GROUP_TYPE:
        message = f"resource of type {rtype!r} is skipped (only container groups)"
        _finding(doc, result, "warning", message, path)
        return
    if "copy" in resource:
        message = "'copy' loops are not supported outside ARM"
        _finding(doc, result, "error", message, (*path, "copy"))
        return
    try:
        if "condition" in resource and not ev.value(resource["condition"], (*path, "condition")):
            return
        evaluated = ev.value({k: v for k, v in resource.items() if k != "condition"}, path)
    except _Located as exc:
        _finding(doc, result, "error", str(exc), exc.path)
        return
    spec, found = read_group(evaluated, doc.file, doc.lines, origin=path)
    result.findings.extend(found)
    if spec is not None:
        result.groups.append(spec)
        result.resources.append(evaluated)


__all__ = ["TemplateResult", "is_template", "read_template", "unique_string"]
