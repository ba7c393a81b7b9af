"""ARM deployments for templates: ``PUT …/providers/Microsoft.Resources/deployments/{name}``.

The template is evaluated with :mod:`acitui.spec.template` (the subset of ARM's
functions ACI templates use); a template ARM would refuse is a synchronous 400
``InvalidTemplate`` naming the problem. Every ``Microsoft.ContainerInstance/
containerGroups`` resource is validated first and then created through
:func:`acitui.emulator.create.create_or_update`, so a deployment whose groups do not
all validate creates none of them and fails as ARM reports it (``DeploymentFailed``
with one detail per resource). Progress is an async operation: Running until every
group it created has provisioned, then Succeeded.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from aiohttp import web

from acitui.emulator.create import create_or_update, validate_group
from acitui.emulator.limits import read_json
from acitui.emulator.payloads import ArmError, BadRequest, iso
from acitui.emulator.routing import Context, Params, Reply, Route, route
from acitui.emulator.store import Store
from acitui.spec.template import read_template
from acitui.spec.yaml_file import Document

_DEP = "subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.resources/deployments/{name}"
_FAILED = (
    "At least one resource deployment operation failed. Please list deployment operations "
    "for details. Please see https://aka.ms/arm-deployment-operations for usage details."
)


@dataclass
class _Deployment:
    id: str
    name: str
    operation: str
    timestamp: str
    mode: str
    parameters: dict[str, Any]
    group_ops: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None


_LOCK = threading.Lock()
_REGISTRY: WeakKeyDictionary[Store, dict[tuple[str, str], _Deployment]] = WeakKeyDictionary()


def _table(store: Store) -> dict[tuple[str, str], _Deployment]:
    with _LOCK:
        return _REGISTRY.setdefault(store, {})


def _status(store: Store, dep: _Deployment) -> str:
    if dep.error is not None:
        return "Failed"
    done = all(store.operation(op)["status"] == "Succeeded" for op in dep.group_ops)
    return "Succeeded" if done else "Running"


def _render(store: Store, dep: _Deployment) -> dict[str, Any]:
    props: dict[str, Any] = {
        "provisioningState": _status(store, dep),
        "timestamp": dep.timestamp,
        "mode": dep.mode,
        "correlationId": dep.operation,
        "parameters": dep.parameters,
        "outputResources": [{"id": rid} for rid in dep.resources],
        "outputs": {},
    }
    if dep.error is not None:
        props["error"] = dep.error
    return {
        "id": dep.id,
        "name": dep.name,
        "type": "Microsoft.Resources/deployments",
        "properties": props,
    }


def _invalid(message: str) -> BadRequest:
    return BadRequest("InvalidTemplate", f"Deployment template validation failed: '{message}'.")


def _request_parts(body: Any) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(template, parameter values, mode) from a deployment PUT body, or a 400."""
    props = body.get("properties") if isinstance(body, dict) else None
    if not isinstance(props, dict):
        raise BadRequest("InvalidRequestContent", "The request content has no 'properties'.")
    if props.get("templateLink") is not None or props.get("parametersLink") is not None:
        raise _invalid("templateLink and parametersLink are not supported by the emulator")
    template = props.get("template")
    if not isinstance(template, dict):
        raise BadRequest("InvalidRequestContent", "properties.template must be a JSON object.")
    values: dict[str, Any] = {}
    raw_params = props.get("parameters") or {}
    if not isinstance(raw_params, dict):
        raise BadRequest("InvalidRequestContent", "properties.parameters must be an object.")
    for key, item in raw_params.items():
        if not isinstance(item, dict) or "value" not in item:
            raise _invalid(f"parameter '{key}' needs a 'value' (Key Vault references unsupported)")
        values[str(key)] = item["value"]
    mode = str(props.get("mode") or "Incremental")
    if mode.lower() not in ("incremental", "complete"):
        raise BadRequest("InvalidDeploymentMode", f"The deployment mode '{mode}' is invalid.")
    return template, values, mode


def _echo(template: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Parameters as ARM echoes them: secure ones without their value."""
    raw = template.get("parameters")
    declared: dict[str, Any] = raw if isinstance(raw, dict) else {}
    out = {}
    for key, value in values.items():
        item = declared.get(key)
        spec: dict[str, Any] = item if isinstance(item, dict) else {}
        kind = str(spec.get("type", "String"))
        out[key] = (
            {"type": kind} if kind.lower().startswith("secure") else {"type": kind, "value": value}
        )
    return out


async def _deployment(ctx: Context, request: web.Request, p: Params) -> Reply:
    store, key = ctx.store, (p["rg"].lower(), p["name"].lower())
    table = _table(store)
    if request.method == "GET":
        dep = table.get(key)
        if dep is None:
            raise ArmError(
                404, "DeploymentNotFound", f"Deployment '{p['name']}' could not be found."
            )
        return 200, _render(store, dep), {}
    if request.method == "DELETE":
        store.resource_group(p["rg"])
        return (200 if table.pop(key, None) else 204), None, {}
    template, values, mode = _request_parts(await read_json(request))
    rg = store.resource_group(p["rg"])  # 404 ResourceGroupNotFound first
    result = read_template(
        Document("template", template),
        values,
        resource_group=rg["name"],
        location=rg.get("location", ""),
        subscription_id=p["sub"],
    )
    errors = [f for f in result.findings if f.level == "error"]
    if errors:
        raise _invalid(errors[0].message)
    op = str(uuid.uuid4())
    dep_id = (
        f"/subscriptions/{p['sub']}/resourceGroups/{rg['name']}"
        f"/providers/Microsoft.Resources/deployments/{p['name']}"
    )
    dep = _Deployment(dep_id, p["name"], op, iso(store.clock.now()), mode, _echo(template, values))
    bodies = [
        (spec.name, {k: v for k, v in res.items() if k not in ("type", "apiVersion", "name")})
        for spec, res in zip(result.groups, result.resources, strict=True)
    ]
    details = []
    for name, body in bodies:
        try:
            validate_group(name, body)
        except ArmError as err:
            details.append({"code": err.code, "message": err.message, "target": name})
    if details:
        dep.error = {"code": "DeploymentFailed", "message": _FAILED, "details": details}
    else:
        for name, body in bodies:
            try:
                _, rendered, group_op, _ = create_or_update(store, rg["name"], name, body)
            except ArmError as err:  # e.g. a group that exists in another location
                detail = {"code": err.code, "message": err.message, "target": name}
                dep.error = {"code": "DeploymentFailed", "message": _FAILED, "details": [detail]}
                break
            dep.group_ops.append(group_op)
            dep.resources.append(rendered["id"])
    created = key not in table
    table[key] = dep
    url = (
        f"{request.scheme}://{request.host}{request.path}/operationStatuses/{op}"
        f"?api-version={request.query.get('api-version', '')}"
    )
    headers = {"Azure-AsyncOperation": url, "Retry-After": "1"}
    return (201 if created else 200), _render(store, dep), headers


async def _deployment_status(ctx: Context, request: web.Request, p: Params) -> Reply:
    dep = _table(ctx.store).get((p["rg"].lower(), p["name"].lower()))
    if dep is None or dep.operation != p["op"]:
        raise ArmError(404, "OperationNotFound", f"Operation '{p['op']}' was not found.")
    status = _status(ctx.store, dep)
    body: dict[str, Any] = {"status": status}
    if dep.error is not None:
        body["error"] = dep.error
    return 200, body, ({"Retry-After": "1"} if status == "Running" else {})


ROUTES: list[Route] = [
    route("deployment", _DEP, "GET PUT DELETE", _deployment),
    route("deployment_status", _DEP + "/operationstatuses/{op}", "GET", _deployment_status),
]
