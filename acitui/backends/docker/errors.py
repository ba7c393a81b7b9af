"""docker-py and requests exceptions → acitui errors, with the daemon's words sanitised."""

from __future__ import annotations

import functools
import http.client
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import docker.errors

from acitui.backends.docker.transport import no_answer
from acitui.errors import (
    AcituiError,
    BackendError,
    ConflictError,
    NotFoundError,
    UnavailableError,
)
from acitui.sanitize import sanitize

START_HINT = "Start Docker (sudo systemctl start docker) or set DOCKER_HOST, or try --demo"

# docker-py, requests and urllib3 are imported when an error is translated, not with
# this module: the first list goes over the engine's socket without them (socket_list).


@functools.cache
def connection_errors() -> tuple[type[BaseException], ...]:
    """What a dropped or refused connection looks like from below docker-py.

    (docker-py's APIError is an OSError too: test with :func:`is_connection_error`.)
    """
    import requests.exceptions
    import urllib3.exceptions

    return (
        requests.exceptions.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.HTTPError,
        http.client.HTTPException,
        ConnectionError,
        FileNotFoundError,
    )


def is_connection_error(exc: BaseException) -> bool:
    """True when ``exc`` means the engine could not be reached (not an answer from it)."""
    import docker.errors

    if isinstance(exc, docker.errors.APIError):
        return False
    return isinstance(exc, connection_errors())


def unavailable(host: str) -> UnavailableError:
    return UnavailableError(f"No Docker engine at {sanitize(host)}", hint=START_HINT)


def daemon_message(exc: docker.errors.APIError) -> str:
    """The daemon's own explanation, made safe to show."""
    text = exc.explanation or str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return sanitize(str(text), max_len=500)


def is_timeout(exc: BaseException) -> bool:
    """True when ``exc`` means the engine took too long to answer."""
    import docker.errors
    import requests.exceptions
    import urllib3.exceptions

    if isinstance(exc, requests.exceptions.Timeout | urllib3.exceptions.TimeoutError):
        return True
    if isinstance(exc, TimeoutError) and not isinstance(exc, docker.errors.APIError):
        return True
    return isinstance(exc, docker.errors.DockerException) and "timed out" in str(exc).lower()


def translate(
    exc: BaseException, host: str, what: str = "", timeout: float | None = None
) -> AcituiError:
    """The acitui error for a docker-py/requests exception (``what`` names the object)."""
    import docker.errors
    import requests.exceptions

    if isinstance(exc, AcituiError):
        return exc
    if timeout is not None and is_timeout(exc):
        return no_answer(host, timeout)
    if isinstance(exc, docker.errors.NotFound):
        return NotFoundError(f"{what or 'Object'} not found ({daemon_message(exc)})")
    if isinstance(exc, docker.errors.APIError):
        status = exc.status_code or 0
        if status == 409 or status == 304:
            return ConflictError(daemon_message(exc))
        return BackendError(f"Docker refused: {daemon_message(exc)}")
    if isinstance(exc, requests.exceptions.Timeout):
        return UnavailableError(
            f"The Docker engine at {sanitize(host)} did not answer in time",
            hint="Check the engine's load, or set DOCKER_HOST to another engine",
        )
    if isinstance(exc, docker.errors.DockerException):
        text = sanitize(str(exc), max_len=500)
        if "paramiko" in text:
            return BackendError(
                "Docker over ssh:// needs the paramiko package",
                hint="pip install paramiko, or forward the socket (ssh -L /tmp/d.sock:"
                "/var/run/docker.sock HOST) and set DOCKER_HOST=unix:///tmp/d.sock",
            )
        if "connect" in text.lower() or "fetching server api version" in text.lower():
            return unavailable(host)
        return BackendError(f"Docker: {text}")
    if is_connection_error(exc):
        return unavailable(host)
    return BackendError(f"Docker: {sanitize(f'{type(exc).__name__}: {exc}', max_len=500)}")


@contextmanager
def engine_errors(host: str, what: str = "", timeout: float | None = None) -> Iterator[None]:
    """Re-raise any docker-py/requests failure as the matching acitui error.

    With ``timeout`` (the client's), a call that timed out says "no answer after N s".
    """
    try:
        yield
    except AcituiError:
        raise
    except Exception as exc:
        raise translate(exc, host, what, timeout) from None
