"""The 2023-05-01 ARM API: tenants, subscriptions, resource groups and container groups
(CRUD, start/stop/restart, logs, exec, attach, async operations).
"""

from __future__ import annotations

from aiohttp import web

from acitui.emulator.create import create_or_update
from acitui.emulator.exec_ws import open_attach, open_exec
from acitui.emulator.limits import read_json
from acitui.emulator.payloads import ArmError
from acitui.emulator.routing import (
    ACI,
    API_VERSION,
    CG,
    RG,
    SUB,
    Context,
    Params,
    Reply,
    Route,
    async_headers,
    route,
)


async def _subscriptions(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, {"value": [ctx.store.subscription()]}, {}


async def _tenants(ctx: Context, request: web.Request, p: Params) -> Reply:
    tenant = ctx.store.subscription()["tenantId"]
    return 200, {"value": [{"id": f"/tenants/{tenant}", "tenantId": tenant}]}, {}


async def _subscription(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, ctx.store.subscription(), {}


async def _resource_groups(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, {"value": ctx.store.resource_groups()}, {}


async def _resource_group(ctx: Context, request: web.Request, p: Params) -> Reply:
    store = ctx.store
    if request.method == "PUT":
        created, body = store.put_resource_group(p["rg"], await read_json(request))
        return (201 if created else 200), body, {}
    if request.method == "DELETE":
        store.delete_resource_group(p["rg"])
        return 200, None, {}
    body = store.resource_group(p["rg"])
    return (204, None, {}) if request.method == "HEAD" else (200, body, {})


def _page(ctx: Context, request: web.Request, rg: str | None) -> dict[str, object]:
    """One page of groups, with a ``nextLink`` carrying the offset while more remain."""
    try:
        offset = max(0, int(request.query.get("$skiptoken", "0")))
    except ValueError:
        raise ArmError(400, "InvalidSkipToken", "The $skiptoken is invalid.") from None
    items, total = ctx.store.list_groups(rg, offset, ctx.page_size)
    page: dict[str, object] = {"value": items}
    if offset + ctx.page_size < total:
        version = request.query.get("api-version", API_VERSION)
        page["nextLink"] = (
            f"{request.scheme}://{request.host}{request.path}"
            f"?api-version={version}&$skiptoken={offset + ctx.page_size}"
        )
    return page


async def _groups_by_subscription(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, _page(ctx, request, None), {}


async def _groups_by_resource_group(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, _page(ctx, request, p["rg"]), {}


async def _group(ctx: Context, request: web.Request, p: Params) -> Reply:
    store = ctx.store
    if request.method == "PUT":
        created, body, op, loc = create_or_update(
            store, p["rg"], p["name"], await read_json(request)
        )
        return (201 if created else 200), body, async_headers(request, p["sub"], loc, op)
    if request.method == "DELETE":
        return 200, store.delete_group(p["rg"], p["name"]), {}
    if request.method == "PATCH":
        return 200, store.patch_group(p["rg"], p["name"], await read_json(request)), {}
    return 200, store.group(p["rg"], p["name"]), {}


async def _start(ctx: Context, request: web.Request, p: Params) -> Reply:
    op, loc = ctx.store.start_group(p["rg"], p["name"])
    return 202, None, async_headers(request, p["sub"], loc, op)


async def _stop(ctx: Context, request: web.Request, p: Params) -> Reply:
    ctx.store.stop_group(p["rg"], p["name"])
    return 204, None, {}


async def _restart(ctx: Context, request: web.Request, p: Params) -> Reply:
    op, loc = ctx.store.restart_group(p["rg"], p["name"])
    return 204, None, async_headers(request, p["sub"], loc, op)


async def _operation(ctx: Context, request: web.Request, p: Params) -> Reply:
    body = ctx.store.operation(p["op"])
    return 200, body, ({"Retry-After": "1"} if body["status"] == "InProgress" else {})


async def _logs(ctx: Context, request: web.Request, p: Params) -> Reply:
    raw_tail = request.query.get("tail")
    tail = None
    if raw_tail not in (None, ""):
        try:
            tail = int(raw_tail)
        except ValueError:
            raise ArmError(400, "InvalidTail", f"tail must be an integer: {raw_tail}") from None
    stamps = request.query.get("timestamps", "false").lower() == "true"
    content = ctx.store.logs(p["rg"], p["name"], p["container"], tail, stamps)
    return 200, {"content": content}, {}


async def _exec(ctx: Context, request: web.Request, p: Params) -> Reply:
    body = await read_json(request)
    return 200, open_exec(ctx.store, ctx.sessions, request, p, body), {}


async def _attach(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, open_attach(ctx.store, ctx.sessions, request, p), {}


_GROUPS = ACI + "/containergroups"
ROUTES: list[Route] = [
    route("tenants", "tenants", "GET", _tenants),
    route("subscriptions", "subscriptions", "GET", _subscriptions),
    route("subscription", SUB, "GET", _subscription),
    route("resource_groups", SUB + "/resourcegroups", "GET", _resource_groups),
    route("resource_group", RG, "GET PUT DELETE HEAD", _resource_group),
    route("groups_by_subscription", SUB + _GROUPS, "GET", _groups_by_subscription, group_body=True),
    route(
        "groups_by_resource_group", RG + _GROUPS, "GET", _groups_by_resource_group, group_body=True
    ),
    route("group", CG, "GET PUT DELETE PATCH", _group, group_body=True),
    route("start", CG + "/start", "POST", _start),
    route("stop", CG + "/stop", "POST", _stop),
    route("restart", CG + "/restart", "POST", _restart),
    route("logs", CG + "/containers/{container}/logs", "GET", _logs),
    route("exec", CG + "/containers/{container}/exec", "POST", _exec),
    route("attach", CG + "/containers/{container}/attach", "POST", _attach),
    route("operation", SUB + ACI + "/locations/{loc}/operations/{op}", "GET", _operation),
]
