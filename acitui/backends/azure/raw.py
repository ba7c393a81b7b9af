"""ARM JSON through the SDK client's own pipeline, for api-versions the SDK does not speak.

``send_request(HttpRequest(...))`` keeps the client's credential, retries,
deadline, body cap and CA bundle; the JSON is mapped straight to neutral models
(no SDK model deserialisation). :class:`Json` lets the mapping functions written
for SDK objects read ARM JSON too: ``obj.instance_view`` finds ``instanceView``,
at the top or under ``properties``, as the SDK's flattening does.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest
from azure.mgmt.core.exceptions import ARMErrorFormat

from acitui.backends.azure.transport import unexpected_answer

_CAMEL = re.compile(r"_([a-z0-9])")
#: Snake-case names whose ARM spelling is not plain camelCase.
_SPELLING = {"memory_in_gb": "memoryInGB", "dns_name_label": "dnsNameLabel"}


def camel(name: str) -> str:
    return _SPELLING.get(name) or _CAMEL.sub(lambda m: m.group(1).upper(), name)


class Json(Mapping[str, Any]):
    """Read-only attribute (and mapping) view of an ARM JSON object; missing keys read as None."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        key = camel(name)
        data = self._data
        if key in data:
            return wrap(data[key])
        props = data.get("properties")
        if isinstance(props, Mapping) and key in props:
            return wrap(props[key])
        lowered = key.lower()  # ARM's casing drifts (memoryInGb)
        for scope in (data, props if isinstance(props, Mapping) else {}):
            for k, v in scope.items():
                if isinstance(k, str) and k.lower() == lowered:
                    return wrap(v)
        return None

    @property
    def raw(self) -> Mapping[str, Any]:
        return self._data

    def __getitem__(self, key: str) -> Any:
        return wrap(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def wrap(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Json(value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


def path(*parts: str) -> str:
    """An ARM path with each name quoted (names come from users and listings)."""
    return "/" + "/".join(quote(p, safe="") if i % 2 else p for i, p in enumerate(parts))


class RawArm:
    """GET/POST ARM JSON with one client's pipeline at a chosen api-version."""

    def __init__(self, client: Any, endpoint: str) -> None:
        self.client = client
        self.endpoint = endpoint

    async def send(self, method: str, url: str, api_version: str | None = None) -> Any:
        """One request; the parsed JSON (None when empty). Errors raise the SDK's kinds."""
        params = {"api-version": api_version} if api_version else None
        request = HttpRequest(method, url, params=params)
        response = await self.client._send_request(request)  # 10.1.0 names it so
        if response.status_code >= 400:
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        body = response.content
        if not body:
            return None
        try:
            return response.json()
        except ValueError:
            raise unexpected_answer(self.endpoint, f"{method} {url}", "not JSON") from None

    async def pages(self, url: str, api_version: str, what: str) -> AsyncIterator[list[Any]]:
        """A list's pages, following ``nextLink`` (only to the same host)."""
        doc = await self.send("GET", url, api_version)
        host = urlsplit(self.endpoint).netloc.lower()
        for _ in range(10_000):
            if not isinstance(doc, Mapping) or not isinstance(doc.get("value", []), list):
                raise unexpected_answer(self.endpoint, what, "no list of values")
            yield list(doc.get("value") or [])
            link = doc.get("nextLink")
            if not isinstance(link, str) or not link:
                return
            if urlsplit(link).netloc.lower() not in ("", host):
                raise unexpected_answer(self.endpoint, what, "a next page on another host")
            doc = await self.send("GET", link)
        raise unexpected_answer(self.endpoint, what, "too many pages")

    async def items(self, url: str, api_version: str, what: str) -> list[Any]:
        out: list[Any] = []
        async for page in self.pages(url, api_version, what):
            out += page
        return out


def mappings(values: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    """Only the objects of a list (a stray string or number in ARM's answer is skipped)."""
    return (v for v in values if isinstance(v, Mapping))
