"""HTTP side of the emulator: the aiohttp application, authentication, injected faults,
api-version checks, and dispatch to the handlers the route modules register.

The handler modules (:mod:`group_routes`, :mod:`newer_routes`, :mod:`deployments`)
import only :mod:`routing`; this module assembles their tables, so nothing imports back.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from typing import Any

from aiohttp import web

from acitui.emulator import deployments, group_routes, newer_routes, versions
from acitui.emulator.exec_ws import Sessions, register
from acitui.emulator.faults import Fault, Faults
from acitui.emulator.limits import MAX_BODY, same_secret
from acitui.emulator.payloads import ArmError
from acitui.emulator.routing import Context, Params, Reply, Route, RouteTable
from acitui.emulator.store import Store

#: Every ARM route the emulator serves, in matching order.
TABLE = RouteTable([*group_routes.ROUTES, *newer_routes.ROUTES, *deployments.ROUTES])

_FAULT_CODES = {
    403: "AuthorizationFailed",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


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


def _auth_error(given: str, token: str) -> ArmError | None:
    """ARM's 401 for a missing or wrong bearer token, or None when it is right."""
    if not given:
        return ArmError(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        )
    if not same_secret(given, f"Bearer {token}"):
        return ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.")
    return None


async def _faulted(
    request: web.Request, fault: Fault | None, headers: dict[str, str]
) -> web.Response | None:
    """Apply an injected fault: wait (slow), drop the connection, or answer with an error."""
    if fault is None:
        return None
    if fault.kind == "slow":
        await asyncio.sleep(fault.delay)
        return None
    if fault.kind == "drop":
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError
    if fault.kind == "throttle":
        seconds = max(1, round(fault.retry_after))
        message = "The request is being throttled; retry after the Retry-After period."
        return _error(
            ArmError(429, "TooManyRequests", message), {**headers, "Retry-After": str(seconds)}
        )
    code = _FAULT_CODES.get(fault.status, "InternalServerError")
    message = (
        "The client does not have authorization to perform this action."
        if fault.status == 403
        else "The server encountered an internal error. Please retry the request."
    )
    return _error(ArmError(fault.status, code, message), headers)


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
        self.context = Context(store, api_versions, page_size, self.exec_sessions)

    def build(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        register(app, self.store, self.exec_sessions)  # websockets: no bearer token
        app.router.add_route("*", "/{tail:.*}", self.dispatch)
        return app

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        """Count, authenticate, apply faults, route, then answer as ARM would."""
        found = TABLE.match(request.path)
        name = found[0].name if found else "unknown"
        self.request_log[(request.method, name)] += 1
        headers = {"x-ms-request-id": str(uuid.uuid4())}
        if self.faults.latency > 0:
            await asyncio.sleep(self.faults.latency)
        refused = _auth_error(request.headers.get("Authorization", ""), self.token)
        if refused is not None:
            return _error(refused, headers)
        faulted = await _faulted(request, self.faults.next_fault(name), headers)
        if faulted is not None:
            return faulted
        if found is None:
            return _error(ArmError(404, "NotFound", f"No route for {request.path}."), headers)
        try:
            status, body, extra = await self._serve(request, *found)
        except ArmError as err:
            return _error(err, headers)
        except Exception as exc:  # a bug here must still look like ARM to the client
            message = f"The emulator failed on this request: {type(exc).__name__}"
            return _error(ArmError(500, "InternalServerError", message), headers)
        headers.update(extra)
        if body is None:
            return web.Response(status=status, headers=headers)
        return _json(body, status, headers)

    async def _serve(self, request: web.Request, route: Route, params: Params) -> Reply:
        """Check the verb, api-version and subscription, then run the route's handler."""
        if request.method not in route.methods:
            raise ArmError(405, "MethodNotAllowed", f"{request.method} is not allowed here.")
        version = request.query.get("api-version", "")
        if not versions.WELL_FORMED.match(version):
            raise ArmError(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required.",
            )
        versions.check(version, request.path, self.api_versions, route.newer_type)
        if route.name not in ("subscriptions", "tenants"):
            self.store.check_subscription(params["sub"])
        status, body, extra = await route.handler(self.context, request, params)
        if route.group_body and isinstance(body, dict):
            body = _served_as(body, version)
        return status, body, extra
