"""HTTP side of the emulator: routing, auth, faults and the ARM handlers (aiohttp.web).

Routing is case-insensitive on ARM's fixed path words (``resourceGroups`` and
``resourcegroups`` are both used by Microsoft's own SDKs) and case-preserving
on names.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from typing import Any

from aiohttp import web

from acitui.emulator import deployments, newer_routes, versions
from acitui.emulator.create import create_or_update
from acitui.emulator.exec_ws import Sessions, open_attach, open_exec, register
from acitui.emulator.faults import Faults
from acitui.emulator.limits import MAX_BODY, read_json, same_secret
from acitui.emulator.payloads import ArmError
from acitui.emulator.store import Store

API_VERSION = "2023-05-01"
_SUB = "subscriptions/{sub}"
_RG = _SUB + "/resourcegroups/{rg}"
_CG = _RG + "/providers/microsoft.containerinstance/containergroups/{name}"
ROUTES: list[tuple[str, frozenset[str], str]] = [
    ("tenants", frozenset({"GET"}), "tenants"),
    ("subscriptions", frozenset({"GET"}), "subscriptions"),
    (_SUB, frozenset({"GET"}), "subscription"),
    (_SUB + "/resourcegroups", frozenset({"GET"}), "resource_groups"),
    (_RG, frozenset({"GET", "PUT", "DELETE", "HEAD"}), "resource_group"),
    (
        _SUB + "/providers/microsoft.containerinstance/containergroups",
        frozenset({"GET"}),
        "groups_by_subscription",
    ),
    (
        _RG + "/providers/microsoft.containerinstance/containergroups",
        frozenset({"GET"}),
        "groups_by_resource_group",
    ),
    (_CG, frozenset({"GET", "PUT", "DELETE", "PATCH"}), "group"),
    (_CG + "/start", frozenset({"POST"}), "start"),
    (_CG + "/stop", frozenset({"POST"}), "stop"),
    (_CG + "/restart", frozenset({"POST"}), "restart"),
    (_CG + "/containers/{container}/logs", frozenset({"GET"}), "logs"),
    (_CG + "/containers/{container}/exec", frozenset({"POST"}), "exec"),
    (_CG + "/containers/{container}/attach", frozenset({"POST"}), "attach"),
    (
        _SUB + "/providers/microsoft.containerinstance/locations/{loc}/operations/{op}",
        frozenset({"GET"}),
        "operation",
    ),
]
ROUTES += [(path, methods, name) for path, methods, name, _ in newer_routes.ROUTES]
ROUTES += deployments.ROUTES
_PATTERNS = [(tuple(p.split("/")), methods, name) for p, methods, name in ROUTES]


def match(path: str) -> tuple[str, frozenset[str], dict[str, str]] | None:
    """The route name, allowed methods and captured names for a request path."""
    parts = [p for p in path.strip("/").split("/") if p]
    for pattern, methods, name in _PATTERNS:
        if len(pattern) != len(parts):
            continue
        captured: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("{"):
                captured[want[1:-1]] = got
            elif want != got.lower():
                break
        else:
            return name, methods, captured
    return None


#: Routes whose body is a container group, or a page of them: served per api-version.
_GROUP_BODIES = {"group", "groups_by_subscription", "groups_by_resource_group"}


def _served_as(body: dict[str, Any], version: str) -> dict[str, Any]:
    if "value" in body and isinstance(body["value"], list):
        return {**body, "value": [versions.for_version(g, version) for g in body["value"]]}
    return versions.for_version(body, version) if "properties" in body else body


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        text=json.dumps(body), status=status, headers=headers, content_type="application/json"
    )


def _error(err: ArmError, headers: dict[str, str] | None = None) -> web.Response:
    return _json(err.body(), err.status, headers)


_FAULT_CODES = {
    403: "AuthorizationFailed",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


class ArmApp:
    """The aiohttp application serving one Store."""

    def __init__(
        self,
        store: Store,
        token: str,
        faults: Faults,
        page_size: int = 100,
        request_log: Counter[tuple[str, str]] | None = None,
        api_versions: tuple[str, ...] = versions.STABLE,
    ) -> None:
        self.store = store
        self.api_versions = api_versions
        self.token = token
        self.faults = faults
        self.page_size = page_size
        self.request_log: Counter[tuple[str, str]] = (
            Counter() if request_log is None else request_log
        )
        self.exec_sessions = Sessions()

    def build(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        register(app, self.store, self.exec_sessions)  # websockets: no bearer token
        app.router.add_route("*", "/{tail:.*}", self.dispatch)
        return app

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        found = match(request.path)
        route = found[0] if found else "unknown"
        self.request_log[(request.method, route)] += 1
        headers = {"x-ms-request-id": str(uuid.uuid4())}
        if self.faults.latency > 0:
            await asyncio.sleep(self.faults.latency)
        auth = request.headers.get("Authorization", "")
        if not auth:
            return _error(
                ArmError(
                    401,
                    "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing.",
                ),
                headers,
            )
        if not same_secret(auth, f"Bearer {self.token}"):
            return _error(
                ArmError(
                    401,
                    "InvalidAuthenticationToken",
                    "The access token is invalid.",
                ),
                headers,
            )
        fault = self.faults.next_fault(route)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)
        elif fault is not None:
            if fault.kind == "drop":
                if request.transport is not None:
                    request.transport.abort()
                raise asyncio.CancelledError
            if fault.kind == "throttle":
                seconds = max(1, round(fault.retry_after))
                return _error(
                    ArmError(
                        429,
                        "TooManyRequests",
                        "The request is being throttled; retry after the Retry-After period.",
                    ),
                    {**headers, "Retry-After": str(seconds)},
                )
            code = _FAULT_CODES.get(fault.status, "InternalServerError")
            message = (
                "The client does not have authorization to perform this action."
                if fault.status == 403
                else "The server encountered an internal error. Please retry the request."
            )
            return _error(ArmError(fault.status, code, message), headers)
        if found is None:
            return _error(ArmError(404, "NotFound", f"No route for {request.path}."), headers)
        name, methods, params = found
        if request.method not in methods:
            return _error(
                ArmError(405, "MethodNotAllowed", f"{request.method} is not allowed here."),
                headers,
            )
        version = request.query.get("api-version", "")
        if not versions.WELL_FORMED.match(version):
            return _error(
                ArmError(
                    400,
                    "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required.",
                ),
                headers,
            )
        try:
            versions.check(
                version, request.path, self.api_versions, newer_routes.NEWER_TYPES.get(name)
            )
            if name not in ("subscriptions", "tenants"):
                self.store.check_subscription(params["sub"])
            if name in deployments.HANDLERS:
                status, body, extra = await deployments.HANDLERS[name](self, request, params)
            elif name in newer_routes.HANDLERS:
                status, body, extra = await newer_routes.HANDLERS[name](self, request, params)
            else:
                handler = getattr(self, f"_{name}")
                status, body, extra = await handler(request, params)
            if name in _GROUP_BODIES and isinstance(body, dict):
                body = _served_as(body, version)
        except ArmError as err:
            return _error(err, headers)
        except Exception as exc:  # a bug here must still look like ARM to the client
            message = f"The emulator failed on this request: {type(exc).__name__}"
            return _error(ArmError(500, "InternalServerError", message), headers)
        headers.update(extra)
        if body is None:
            return web.Response(status=status, headers=headers)
        return _json(body, status, headers)

    # -- handlers: (request, params) -> (status, body, headers) ----------------------
    async def _subscriptions(self, request: web.Request, p: dict[str, str]) -> Any:
        return 200, {"value": [self.store.subscription()]}, {}

    async def _tenants(self, request: web.Request, p: dict[str, str]) -> Any:
        tenant = self.store.subscription()["tenantId"]
        return 200, {"value": [{"id": f"/tenants/{tenant}", "tenantId": tenant}]}, {}

    async def _subscription(self, request: web.Request, p: dict[str, str]) -> Any:
        return 200, self.store.subscription(), {}

    async def _resource_groups(self, request: web.Request, p: dict[str, str]) -> Any:
        return 200, {"value": self.store.resource_groups()}, {}

    async def _resource_group(self, request: web.Request, p: dict[str, str]) -> Any:
        if request.method == "PUT":
            created, body = self.store.put_resource_group(p["rg"], await read_json(request))
            return (201 if created else 200), body, {}
        if request.method == "DELETE":
            self.store.delete_resource_group(p["rg"])
            return 200, None, {}
        body = self.store.resource_group(p["rg"])
        return (204, None, {}) if request.method == "HEAD" else (200, body, {})

    def _page(self, request: web.Request, rg: str | None) -> dict[str, Any]:
        try:
            offset = max(0, int(request.query.get("$skiptoken", "0")))
        except ValueError:
            raise ArmError(400, "InvalidSkipToken", "The $skiptoken is invalid.") from None
        items, total = self.store.list_groups(rg, offset, self.page_size)
        page: dict[str, Any] = {"value": items}
        if offset + self.page_size < total:
            version = request.query.get("api-version", API_VERSION)
            page["nextLink"] = (
                f"{request.scheme}://{request.host}{request.path}"
                f"?api-version={version}&$skiptoken={offset + self.page_size}"
            )
        return page

    async def _groups_by_subscription(self, request: web.Request, p: dict[str, str]) -> Any:
        return 200, self._page(request, None), {}

    async def _groups_by_resource_group(self, request: web.Request, p: dict[str, str]) -> Any:
        return 200, self._page(request, p["rg"]), {}

    async def _group(self, request: web.Request, p: dict[str, str]) -> Any:
        if request.method == "PUT":
            put = create_or_update(self.store, p["rg"], p["name"], await read_json(request))
            created, body, op, loc = put
            return (201 if created else 200), body, self.async_headers(request, p["sub"], loc, op)
        if request.method == "DELETE":
            return 200, self.store.delete_group(p["rg"], p["name"]), {}
        if request.method == "PATCH":
            return 200, self.store.patch_group(p["rg"], p["name"], await read_json(request)), {}
        return 200, self.store.group(p["rg"], p["name"]), {}

    def async_headers(self, request: web.Request, sub: str, loc: str, op: str) -> dict[str, str]:
        """``Azure-AsyncOperation`` (same api-version as the request) and ``Retry-After``."""
        version = request.query.get("api-version", API_VERSION)
        url = (
            f"{request.scheme}://{request.host}/subscriptions/{sub}/providers/"
            f"Microsoft.ContainerInstance/locations/{loc}/operations/{op}?api-version={version}"
        )
        return {"Azure-AsyncOperation": url, "Retry-After": "1"}

    async def _start(self, request: web.Request, p: dict[str, str]) -> Any:
        op, loc = self.store.start_group(p["rg"], p["name"])
        return 202, None, self.async_headers(request, p["sub"], loc, op)

    async def _stop(self, request: web.Request, p: dict[str, str]) -> Any:
        self.store.stop_group(p["rg"], p["name"])
        return 204, None, {}

    async def _restart(self, request: web.Request, p: dict[str, str]) -> Any:
        op, loc = self.store.restart_group(p["rg"], p["name"])
        return 204, None, self.async_headers(request, p["sub"], loc, op)

    async def _operation(self, request: web.Request, p: dict[str, str]) -> Any:
        body = self.store.operation(p["op"])
        return 200, body, ({"Retry-After": "1"} if body["status"] == "InProgress" else {})

    async def _logs(self, request: web.Request, p: dict[str, str]) -> Any:
        raw_tail = request.query.get("tail")
        tail = None
        if raw_tail not in (None, ""):
            try:
                tail = int(raw_tail)
            except ValueError:
                raise ArmError(400, "InvalidTail", f"tail must be an integer: {raw_tail}") from None
        stamps = request.query.get("timestamps", "false").lower() == "true"
        content = self.store.logs(p["rg"], p["name"], p["container"], tail, stamps)
        return 200, {"content": content}, {}

    async def _exec(self, request: web.Request, p: dict[str, str]) -> Any:
        body = await read_json(request)
        return 200, open_exec(self.store, self.exec_sessions, request, p, body), {}

    async def _attach(self, request: web.Request, p: dict[str, str]) -> Any:
        return 200, open_attach(self.store, self.exec_sessions, request, p), {}
