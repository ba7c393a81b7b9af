"""Routes beyond the 2023-05-01 container-group API: the provider listing, NGroups,
container group profiles, usages and capabilities, and Azure Monitor metrics.

NGroups and profiles are served by two shared handlers (a listing, and one resource's
GET/PUT/PATCH/DELETE) over a small table of how to reach each kind in the Store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from acitui.emulator import metrics, quota, versions
from acitui.emulator.limits import read_json
from acitui.emulator.ngroups import NGroupStore
from acitui.emulator.payloads import ArmError
from acitui.emulator.routing import (
    ACI,
    CG,
    RG,
    SUB,
    Context,
    Handler,
    Params,
    Reply,
    Route,
    async_headers,
    route,
)


@dataclass(frozen=True)
class _Kind:
    """How to list, read, write and delete one kind of resource in ``NGroupStore``."""

    listing: Callable[[NGroupStore, str | None], list[dict[str, Any]]]
    get: Callable[[NGroupStore, str, str], dict[str, Any]]
    put: Callable[[NGroupStore, str, str, Any], dict[str, Any]]
    delete: Callable[[NGroupStore, str, str], None]


_NGROUPS = _Kind(
    NGroupStore.ngroups, NGroupStore.ngroup, NGroupStore.put_ngroup, NGroupStore.delete_ngroup
)
_PROFILES = _Kind(
    NGroupStore.profiles,
    lambda store, rg, name: store.profile(rg, name),
    NGroupStore.put_profile,
    NGroupStore.delete_profile,
)


def _listing(kind: _Kind) -> Handler:
    """GET of a collection: the subscription's (no ``rg`` captured) or a resource group's."""

    async def handler(ctx: Context, request: web.Request, p: Params) -> Reply:
        return 200, {"value": kind.listing(ctx.store.ngroups, p.get("rg"))}, {}

    return handler


def _resource(kind: _Kind) -> Handler:
    """GET, PUT (201 when new), PATCH (merged, then put) and DELETE of one resource."""

    async def handler(ctx: Context, request: web.Request, p: Params) -> Reply:
        ngroups, rg, name = ctx.store.ngroups, p["rg"], p["name"]
        if request.method == "PUT":
            existed = _exists(lambda: kind.get(ngroups, rg, name))
            body = kind.put(ngroups, rg, name, await read_json(request))
            return (200 if existed else 201), body, {}
        if request.method == "PATCH":  # merged into what is there, then applied like a PUT
            patch = await read_json(request)
            if not isinstance(patch, dict):
                raise ArmError(
                    400, "InvalidRequestContent", "The request content must be an object."
                )
            return 200, kind.put(ngroups, rg, name, _merge(kind.get(ngroups, rg, name), patch)), {}
        if request.method == "DELETE":
            kind.delete(ngroups, rg, name)
            return 200, None, {}
        return 200, kind.get(ngroups, rg, name), {}

    return handler


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """JSON merge patch (RFC 7386) as ARM's PATCH applies it."""
    out = dict(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _exists(get: Callable[[], Any]) -> bool:
    try:
        get()
    except ArmError:
        return False
    return True


async def _provider(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, versions.provider(ctx.store.subscription_id, ctx.api_versions), {}


async def _usages(ctx: Context, request: web.Request, p: Params) -> Reply:
    groups, _ = ctx.store.list_groups()
    return 200, quota.usages(groups, p["loc"], ctx.store.quota_limits), {}


async def _capabilities(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, quota.capabilities(p["loc"]), {}


def _lifecycle(verb: str) -> Handler:
    """POST start/stop/restart of an NGroup: every member, then an async operation."""

    async def handler(ctx: Context, request: web.Request, p: Params) -> Reply:
        store = ctx.store
        store.ngroups.lifecycle(p["rg"], p["name"], verb)
        if verb == "stop":  # as for container groups: a plain 204
            return 204, None, {}
        location = store.ngroups.ngroup(p["rg"], p["name"])["location"]
        op = store.new_operation(location, store.timings.restart)
        return 202, None, async_headers(request, p["sub"], location, op)

    return handler


async def _profile_revisions(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, {"value": ctx.store.ngroups.revisions(p["rg"], p["name"])}, {}


async def _profile_revision(ctx: Context, request: web.Request, p: Params) -> Reply:
    try:
        number = int(p["revision"])
    except ValueError:
        raise ArmError(
            400, "InvalidRevision", f"'{p['revision']}' is not a revision number."
        ) from None
    return 200, ctx.store.ngroups.profile(p["rg"], p["name"], number), {}


async def _metrics(ctx: Context, request: web.Request, p: Params) -> Reply:
    store = ctx.store
    with store.lock:
        group = store.raw_group(p["rg"], p["name"])
        rg_key, name_key = p["rg"].lower(), p["name"].lower()
        kinds = {
            c: k for (r, g, c), k in store.metric_kinds.items() if (r, g) == (rg_key, name_key)
        }
        resource_id = store.group(p["rg"], p["name"])["id"]
        body = metrics.metrics(resource_id, group, kinds, dict(request.query), store.clock.now())
    return 200, body, {}


async def _metric_definitions(ctx: Context, request: web.Request, p: Params) -> Reply:
    return 200, metrics.definitions(ctx.store.group(p["rg"], p["name"])["id"]), {}


_NG = RG + ACI + "/ngroups/{name}"
_PROFILE = RG + ACI + "/containergroupprofiles/{name}"
_INSIGHTS = CG + "/providers/microsoft.insights"
_NG_TYPE = "ngroups"  # served on api-version 2025-09-01 and later only
_PROFILE_TYPE = "containerGroupProfiles"
ROUTES: list[Route] = [
    route("provider", SUB + ACI, "GET", _provider),
    route("usages", SUB + ACI + "/locations/{loc}/usages", "GET", _usages),
    route("capabilities", SUB + ACI + "/locations/{loc}/capabilities", "GET", _capabilities),
    route(
        "ngroups_by_subscription",
        SUB + ACI + "/ngroups",
        "GET",
        _listing(_NGROUPS),
        newer_type=_NG_TYPE,
    ),
    route(
        "ngroups_by_resource_group",
        RG + ACI + "/ngroups",
        "GET",
        _listing(_NGROUPS),
        newer_type=_NG_TYPE,
    ),
    route("ngroup", _NG, "GET PUT PATCH DELETE", _resource(_NGROUPS), newer_type=_NG_TYPE),
    route("ngroup_start", _NG + "/start", "POST", _lifecycle("start"), newer_type=_NG_TYPE),
    route("ngroup_stop", _NG + "/stop", "POST", _lifecycle("stop"), newer_type=_NG_TYPE),
    route("ngroup_restart", _NG + "/restart", "POST", _lifecycle("restart"), newer_type=_NG_TYPE),
    route(
        "profiles_by_subscription",
        SUB + ACI + "/containergroupprofiles",
        "GET",
        _listing(_PROFILES),
        newer_type=_PROFILE_TYPE,
    ),
    route(
        "profiles_by_resource_group",
        RG + ACI + "/containergroupprofiles",
        "GET",
        _listing(_PROFILES),
        newer_type=_PROFILE_TYPE,
    ),
    route("profile", _PROFILE, "GET PUT DELETE", _resource(_PROFILES), newer_type=_PROFILE_TYPE),
    route(
        "profile_revisions",
        _PROFILE + "/revisions",
        "GET",
        _profile_revisions,
        newer_type=_PROFILE_TYPE,
    ),
    route(
        "profile_revision",
        _PROFILE + "/revisions/{revision}",
        "GET",
        _profile_revision,
        newer_type=_PROFILE_TYPE,
    ),
    route("metrics", _INSIGHTS + "/metrics", "GET", _metrics),
    route("metric_definitions", _INSIGHTS + "/metricdefinitions", "GET", _metric_definitions),
]
