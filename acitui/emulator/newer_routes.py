"""Routes beyond the 2023-05-01 container-group API: the provider listing, NGroups,
container group profiles, usages and capabilities, and Azure Monitor metrics.

Each handler takes ``(app, request, params)`` and returns ``(status, body, headers)``
like ``ArmApp``'s own; ``ROUTES`` rows are (path, methods, route name, newer type),
where a newer type is only served on api-version 2025-09-01 and later.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from acitui.emulator import metrics, quota, versions
from acitui.emulator.limits import read_json
from acitui.emulator.payloads import ArmError

if TYPE_CHECKING:
    from acitui.emulator.routes import ArmApp

_SUB = "subscriptions/{sub}"
_RG = _SUB + "/resourcegroups/{rg}"
_ACI = "/providers/microsoft.containerinstance"
_NG = _RG + _ACI + "/ngroups/{name}"
_PROFILE = _RG + _ACI + "/containergroupprofiles/{name}"
_CG = _RG + _ACI + "/containergroups/{name}"

ROUTES: list[tuple[str, frozenset[str], str, str | None]] = [
    (_SUB + "/providers/microsoft.containerinstance", frozenset({"GET"}), "provider", None),
    (_SUB + _ACI + "/locations/{loc}/usages", frozenset({"GET"}), "usages", None),
    (_SUB + _ACI + "/locations/{loc}/capabilities", frozenset({"GET"}), "capabilities", None),
    (_SUB + _ACI + "/ngroups", frozenset({"GET"}), "ngroups_by_subscription", "ngroups"),
    (_RG + _ACI + "/ngroups", frozenset({"GET"}), "ngroups_by_resource_group", "ngroups"),
    (_NG, frozenset({"GET", "PUT", "PATCH", "DELETE"}), "ngroup", "ngroups"),
    (_NG + "/start", frozenset({"POST"}), "ngroup_start", "ngroups"),
    (_NG + "/stop", frozenset({"POST"}), "ngroup_stop", "ngroups"),
    (_NG + "/restart", frozenset({"POST"}), "ngroup_restart", "ngroups"),
    (
        _SUB + _ACI + "/containergroupprofiles",
        frozenset({"GET"}),
        "profiles_by_subscription",
        "containerGroupProfiles",
    ),
    (
        _RG + _ACI + "/containergroupprofiles",
        frozenset({"GET"}),
        "profiles_by_resource_group",
        "containerGroupProfiles",
    ),
    (_PROFILE, frozenset({"GET", "PUT", "DELETE"}), "profile", "containerGroupProfiles"),
    (_PROFILE + "/revisions", frozenset({"GET"}), "profile_revisions", "containerGroupProfiles"),
    (
        _PROFILE + "/revisions/{revision}",
        frozenset({"GET"}),
        "profile_revision",
        "containerGroupProfiles",
    ),
    (_CG + "/providers/microsoft.insights/metrics", frozenset({"GET"}), "metrics", None),
    (
        _CG + "/providers/microsoft.insights/metricdefinitions",
        frozenset({"GET"}),
        "metric_definitions",
        None,
    ),
]
NEWER_TYPES = {name: newer for _, _, name, newer in ROUTES if newer}

Handler = Callable[["ArmApp", web.Request, dict[str, str]], Awaitable[Any]]


async def _provider(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, versions.provider(app.store.subscription_id, app.api_versions), {}


async def _usages(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    groups, _ = app.store.list_groups()
    return 200, quota.usages(groups, p["loc"], app.store.quota_limits), {}


async def _capabilities(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, quota.capabilities(p["loc"]), {}


async def _ngroups_by_subscription(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, {"value": app.store.ngroups.ngroups(None)}, {}


async def _ngroups_by_resource_group(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, {"value": app.store.ngroups.ngroups(p["rg"])}, {}


async def _ngroup(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    ngroups = app.store.ngroups
    if request.method == "PUT":
        existed = _exists(lambda: ngroups.ngroup(p["rg"], p["name"]))
        body = ngroups.put_ngroup(p["rg"], p["name"], await read_json(request))
        return (200 if existed else 201), body, {}
    if request.method == "PATCH":  # merged into what is there, then applied like a PUT
        patch = await read_json(request)
        if not isinstance(patch, dict):
            raise ArmError(400, "InvalidRequestContent", "The request content must be an object.")
        merged = _merge(ngroups.ngroup(p["rg"], p["name"]), patch)
        return 200, ngroups.put_ngroup(p["rg"], p["name"], merged), {}
    if request.method == "DELETE":
        ngroups.delete_ngroup(p["rg"], p["name"])
        return 200, None, {}
    return 200, ngroups.ngroup(p["rg"], p["name"]), {}


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


async def _lifecycle(app: ArmApp, request: web.Request, p: dict[str, str], verb: str) -> Any:
    app.store.ngroups.lifecycle(p["rg"], p["name"], verb)
    if verb == "stop":  # as for container groups: a plain 204
        return 204, None, {}
    location = app.store.ngroups.ngroup(p["rg"], p["name"])["location"]
    op = app.store.new_operation(location, app.store.timings.restart)
    return 202, None, app.async_headers(request, p["sub"], location, op)


async def _ngroup_start(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return await _lifecycle(app, request, p, "start")


async def _ngroup_stop(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return await _lifecycle(app, request, p, "stop")


async def _ngroup_restart(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return await _lifecycle(app, request, p, "restart")


async def _profiles_by_subscription(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, {"value": app.store.ngroups.profiles(None)}, {}


async def _profiles_by_resource_group(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, {"value": app.store.ngroups.profiles(p["rg"])}, {}


async def _profile(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    ngroups = app.store.ngroups
    if request.method == "PUT":
        existed = _exists(lambda: ngroups.profile(p["rg"], p["name"]))
        body = ngroups.put_profile(p["rg"], p["name"], await read_json(request))
        return (200 if existed else 201), body, {}
    if request.method == "DELETE":
        ngroups.delete_profile(p["rg"], p["name"])
        return 200, None, {}
    return 200, ngroups.profile(p["rg"], p["name"]), {}


async def _profile_revisions(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, {"value": app.store.ngroups.revisions(p["rg"], p["name"])}, {}


async def _profile_revision(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    try:
        number = int(p["revision"])
    except ValueError:
        raise ArmError(
            400, "InvalidRevision", f"'{p['revision']}' is not a revision number."
        ) from None
    return 200, app.store.ngroups.profile(p["rg"], p["name"], number), {}


async def _metrics(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    store = app.store
    with store.lock:
        group = store.raw_group(p["rg"], p["name"])
        rg_key, name_key = p["rg"].lower(), p["name"].lower()
        kinds = {
            c: k for (r, g, c), k in store.metric_kinds.items() if (r, g) == (rg_key, name_key)
        }
        resource_id = store.group(p["rg"], p["name"])["id"]
        body = metrics.metrics(resource_id, group, kinds, dict(request.query), store.clock.now())
    return 200, body, {}


async def _metric_definitions(app: ArmApp, request: web.Request, p: dict[str, str]) -> Any:
    return 200, metrics.definitions(app.store.group(p["rg"], p["name"])["id"]), {}


HANDLERS: dict[str, Handler] = {
    name: globals()[f"_{name}"]
    for _, _, name, _ in ROUTES  # every row has its handler
}
