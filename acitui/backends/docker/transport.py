"""Limits on what acitui reads from a Docker engine: bounded waits and capped bodies.

docker-py's client is a ``requests.Session``; its socket timeout bounds every
wait for an answer (``[docker] request_timeout``) and a response hook reads
every non-streamed body (container lists, inspects, versions) through a size
cap before docker-py parses it. Streamed bodies (logs, events) are read by
their own readers, which bound what they keep.
"""

from __future__ import annotations

from typing import Any

from acitui.errors import BackendError, UnavailableError
from acitui.sanitize import sanitize

#: Seconds a call may wait for the engine to answer (``[docker] request_timeout``).
DEFAULT_TIMEOUT = 30.0
#: Bytes one non-streamed answer may hold (a list of 5,000 containers is ~10 MB).
DEFAULT_MAX_BODY = 32 * 1024 * 1024
_READ = 256 * 1024


def no_answer(host: str, seconds: float) -> UnavailableError:
    return UnavailableError(
        f"No answer from the Docker engine at {sanitize(host)} after {seconds:g} s",
        hint="Check the engine's load, or set DOCKER_HOST to another engine; "
        "[docker] request_timeout sets how long to wait",
    )


def too_large(host: str, limit: int) -> BackendError:
    return BackendError(
        f"The Docker engine at {sanitize(host)} sent more than {limit / 1024 / 1024:g} MB "
        "in one answer",
        hint="Is DOCKER_HOST really a Docker engine?",
        title="Answer too large",
    )


def cap_bodies(api: Any, host: str, limit: int = DEFAULT_MAX_BODY) -> None:
    """Make every non-streamed response of ``api`` (a requests.Session) refuse over ``limit``."""

    def read_capped(response: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("stream"):
            return response
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limit:
            response.close()
            raise too_large(host, limit)
        body = bytearray()
        try:
            for chunk in response.iter_content(_READ):
                body += chunk
                if len(body) > limit:
                    raise too_large(host, limit)
        except BaseException:
            response.close()
            raise
        response._content = bytes(body)  # what requests' own ``.content`` would have stored
        return response

    api.hooks["response"].append(read_capped)
