"""The HTTP side of every ARM call: a deadline per call and a cap on every body read.

An endpoint that completes TLS and then never answers, or answers without
end, must not hold or fill acitui. Two pieces, both inside the SDK's pipeline
so every call (lists, pages, gets, logs, operation polls) gets them:

- :class:`DeadlinePolicy` runs each call (its retries and back-off included)
  under one deadline; when it passes the call ends with "no answer from
  <endpoint> after N s". Time spent signing in (a person entering a device
  code) is not counted: see :func:`deadline_paused`.
- :class:`CappedTransport` reads every response body through a size cap
  (after decompression) before anything parses it.
- :class:`AnswerCheckPolicy` refuses a successful read that is not a JSON
  object (an HTML login page, an empty body, a bare list) with one line that
  names the endpoint, before the SDK's deserializer trips over it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import AsyncHTTPPolicy
from azure.core.pipeline.transport import AioHttpTransport
from yarl import URL

from acitui.errors import BackendError, UnavailableError
from acitui.sanitize import sanitize

#: Seconds one ARM call may take, retries included (``[azure] request_timeout``).
DEFAULT_TIMEOUT = 30.0
#: Bytes one ARM response body may hold (a page of 100 groups is ~0.5 MB, a log ≤ ~4 MB).
DEFAULT_MAX_BODY = 32 * 1024 * 1024

_deadline: ContextVar[asyncio.Timeout | None] = ContextVar("acitui_arm_deadline", default=None)


def endpoint_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, safe to show."""
    parts = urlsplit(url)
    return sanitize(f"{parts.scheme}://{parts.netloc}" if parts.netloc else url, max_len=120)


def no_answer(endpoint: str, seconds: float) -> UnavailableError:
    return UnavailableError(
        f"No answer from {endpoint} after {seconds:g} s",
        hint="Check the network, proxy and --arm-endpoint; "
        "[azure] request_timeout sets how long to wait",
    )


def too_large(endpoint: str, limit: int) -> BackendError:
    return BackendError(
        f"The endpoint {endpoint} sent more than {limit / 1024 / 1024:g} MB in one answer",
        hint="Is --arm-endpoint (or a proxy on the way) really Azure Resource Manager?",
        title="Answer too large",
    )


class DeadlinePolicy(AsyncHTTPPolicy):
    """Ends a call that has not been answered within ``seconds`` (retries included)."""

    def __init__(self, seconds: float, endpoint: str) -> None:
        super().__init__()
        self.seconds = seconds
        self.endpoint = endpoint

    async def send(self, request: PipelineRequest) -> PipelineResponse:
        scope = asyncio.timeout(self.seconds)
        try:
            async with scope:
                token = _deadline.set(scope)
                try:
                    return await self.next.send(request)
                finally:
                    _deadline.reset(token)
        except TimeoutError:
            if scope.expired():
                raise no_answer(self.endpoint, self.seconds) from None
            raise


def unexpected_answer(endpoint: str, what: str, why: str) -> BackendError:
    return BackendError(
        f"Unexpected answer from {endpoint} while trying to {what}: {why}",
        hint="Is --arm-endpoint (or a proxy on the way) really Azure Resource Manager?",
    )


class AnswerCheckPolicy(AsyncHTTPPolicy):
    """A successful GET must answer with a JSON object; anything else is said plainly."""

    def __init__(self, endpoint: str) -> None:
        super().__init__()
        self.endpoint = endpoint

    async def send(self, request: PipelineRequest) -> PipelineResponse:
        response = await self.next.send(request)
        http = response.http_response
        if request.http_request.method != "GET" or not 200 <= http.status_code < 300:
            return response
        try:
            body = http.body()
        except Exception:  # a streamed answer: its reader checks it
            return response
        why = _not_a_json_object(body, http.headers.get("Content-Type", ""))
        if why:
            last = urlsplit(request.http_request.url).path.rstrip("/").rpartition("/")[2]
            what = f"read …/{sanitize(last, max_len=80)}"
            raise unexpected_answer(self.endpoint, what, why)
        return response


def _not_a_json_object(body: bytes, content_type: str) -> str:
    """Why ``body`` is not a JSON object ("" when it looks like one)."""
    kind = sanitize(content_type.split(";")[0].strip().lower(), max_len=60)
    start = body.lstrip()[:1]
    if not start:
        return "an empty answer"
    if kind and "json" not in kind:
        page = " (an HTML page)" if "html" in kind or start == b"<" else ""
        return f"{kind}{page}, not JSON"
    if start == b"<":
        return "an HTML page, not JSON"
    if start != b"{":
        return "JSON that is not an object" if start in b'["-0123456789tfn' else "not JSON"
    return ""


@contextlib.asynccontextmanager
async def deadline_paused() -> AsyncIterator[None]:
    """Stop the current call's clock while a person signs in; restart it with what was left."""
    scope = _deadline.get()
    when = scope.when() if scope is not None else None
    if scope is None or when is None or scope.expired():
        yield
        return
    loop = asyncio.get_running_loop()
    left = when - loop.time()
    scope.reschedule(None)
    try:
        yield
    finally:
        scope.reschedule(loop.time() + max(left, 0.0))


def capped_response_class(limit: int) -> type[aiohttp.ClientResponse]:
    """An aiohttp response class whose ``read()`` refuses bodies over ``limit`` bytes."""

    class CappedResponse(aiohttp.ClientResponse):
        async def read(self) -> bytes:
            if self._body is None:  # read once, capped; aiohttp then serves it from _body
                self._body = await self._read_capped()
            return await super().read()

        async def _read_capped(self) -> bytes:
            endpoint = endpoint_of(str(self.url))
            if self.content_length is not None and self.content_length > limit:
                self.close()
                raise too_large(endpoint, limit)
            body = bytearray()
            try:
                async for chunk in self.content.iter_any():
                    body += chunk
                    if len(body) > limit:
                        raise too_large(endpoint, limit)
            except BaseException:
                self.close()
                raise
            return bytes(body)

    return CappedResponse


class CappedTransport(AioHttpTransport):
    """azure-core's aiohttp transport on a session whose bodies are size-capped.

    The session decompresses as it reads, so the cap counts decompressed bytes
    (a small gzip bomb cannot grow past it either).
    """

    #: azure-core's own attribute, declared here so its type is known.
    session: aiohttp.ClientSession | None

    def __init__(self, *, max_body_bytes: int = DEFAULT_MAX_BODY, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_body_bytes = max_body_bytes
        self._made_session = False
        self._ssl: dict[tuple[Any, Any], Any] = {}
        self._proxies: dict[tuple[str, str], tuple[Any, Any] | None] = {}

    async def open(self) -> None:
        if self.session is None and not self._made_session:
            self._made_session = True
            self.session = aiohttp.ClientSession(
                trust_env=False,  # the env's proxies: see send(); ~/.netrc: not for a bearer token
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=True,
                response_class=capped_response_class(self.max_body_bytes),
            )
        await super().open()

    async def send(self, request: Any, **config: Any) -> Any:
        """The env's proxy for the request's host, found once per host, as ``trust_env`` did.

        With ``trust_env`` aiohttp looked the proxy and ~/.netrc up on a worker thread
        for every request: two thread hops a request, each waiting for the GIL while
        the TUI's thread worked (the TUI's list pages came 15-35 ms slower than a
        headless listing's). A netrc entry for the ARM host only ever clashed with
        the bearer token (aiohttp refuses both at once), so it is not read.
        """
        if "proxy" not in config and not config.get("proxies"):
            found = self._env_proxy(str(request.url))
            if found is not None:
                config["proxy"], config["proxy_auth"] = found
        return await super().send(request, **config)

    def _env_proxy(self, url: str) -> tuple[Any, Any] | None:
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            try:
                self._proxies[key] = get_env_proxy_for_url(URL(url))
            except LookupError:  # no proxy for this scheme, or NO_PROXY names the host
                self._proxies[key] = None
        return self._proxies[key]

    def _build_ssl_config(self, cert: Any, verify: Any) -> Any:
        """One SSL context per CA bundle, not one per request (azure-core 1.41 builds anew).

        aiohttp pools connections by their SSL context: a new one each request meant
        a new TCP + TLS handshake (and the bundle re-read) for every page of a list.
        """
        try:
            key = (cert, verify)
            if key not in self._ssl:
                self._ssl[key] = super()._build_ssl_config(cert, verify)
        except TypeError:  # an unhashable setting: build it each time, as azure-core does
            return super()._build_ssl_config(cert, verify)
        return self._ssl[key]
