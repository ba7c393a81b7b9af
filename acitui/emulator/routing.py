"""The emulator's route table: what every ARM handler module registers into.

A handler takes ``(context, request, params)`` and returns ``(status, body, headers)``;
``context`` carries the Store and the serving options, so handler modules never import
the application that dispatches to them (no import cycle between the two).

Routing is case-insensitive on ARM's fixed path words (``resourceGroups`` and
``resourcegroups`` are both used by Microsoft's own SDKs) and case-preserving on names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from acitui.emulator.exec_ws import Sessions
from acitui.emulator.store import Store

#: The api-version used in links when a request named none.
API_VERSION = "2023-05-01"
SUB = "subscriptions/{sub}"
RG = SUB + "/resourcegroups/{rg}"
ACI = "/providers/microsoft.containerinstance"
CG = RG + ACI + "/containergroups/{name}"

Params = dict[str, str]
Reply = tuple[int, Any, dict[str, str]]


@dataclass(frozen=True)
class Context:
    """What handlers may use: the Store and how the emulator was asked to serve it."""

    store: Store
    api_versions: tuple[str, ...]
    page_size: int
    sessions: Sessions


Handler = Callable[[Context, web.Request, Params], Awaitable[Reply]]


@dataclass(frozen=True)
class Route:
    """One ARM path pattern, its verbs and its handler.

    ``name`` is what ``Emulator.request_log`` and fault bursts count by; ``newer_type``
    (e.g. ``"ngroups"``) is served on api-version 2025-09-01 and later only;
    ``group_body`` marks replies shaped per api-version as container groups.
    """

    path: str
    methods: frozenset[str]
    name: str
    handler: Handler
    newer_type: str | None = None
    group_body: bool = False
    parts: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.path.split("/")))


def route(name: str, path: str, methods: str, handler: Handler, **options: Any) -> Route:
    """A Route; ``methods`` is space-separated (``"GET PUT"``)."""
    return Route(path, frozenset(methods.split()), name, handler, **options)


class RouteTable:
    """Routes in order; the first whose pattern fits a path wins."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = tuple(routes)
        self._by_length: dict[int, list[Route]] = {}
        for item in self.routes:
            self._by_length.setdefault(len(item.parts), []).append(item)

    def match(self, path: str) -> tuple[Route, Params] | None:
        """The route for a request path and the names it captured, or None."""
        parts = [p for p in path.strip("/").split("/") if p]
        for candidate in self._by_length.get(len(parts), ()):
            captured: Params = {}
            for want, got in zip(candidate.parts, parts, strict=True):
                if want.startswith("{"):
                    captured[want[1:-1]] = got
                elif want != got.lower():
                    break
            else:
                return candidate, captured
        return None


def async_headers(request: web.Request, sub: str, loc: str, op: str) -> dict[str, str]:
    """``Azure-AsyncOperation`` (same api-version as the request) and ``Retry-After``."""
    version = request.query.get("api-version", API_VERSION)
    url = (
        f"{request.scheme}://{request.host}/subscriptions/{sub}/providers/"
        f"Microsoft.ContainerInstance/locations/{loc}/operations/{op}?api-version={version}"
    )
    return {"Azure-AsyncOperation": url, "Retry-After": "1"}
