"""Listing containers over the engine's unix socket with ``http.client`` (no docker-py).

docker-py (with requests and urllib3) takes ~100 ms to import; the first frame
needs only ``GET /containers/json?all=1`` and ``GET /containers/{id}/json`` per
container — the same JSON docker-py returns — so the first listing goes straight
to the socket over one keep-alive connection, and docker-py loads behind it.

Only ``unix://`` engines, only answers that look right: anything else (a status
other than 200/404, a dropped connection, not JSON) raises :class:`Unusable` and
the caller takes the docker-py path, which reports errors in its usual words. A
body over the cap and a socket silent past the timeout are the same errors
docker-py's path gives ("sent more than", "no answer").
"""

from __future__ import annotations

import http.client
import json
import socket
import sys
from typing import Any
from urllib.parse import quote

from acitui.backends.docker.transport import DEFAULT_MAX_BODY, no_answer, too_large


class Unusable(Exception):
    """The socket path cannot answer this; use docker-py instead."""


class Gone(Exception):
    """The engine answered 404: the container was removed since it was listed."""


def is_gone(exc: BaseException) -> bool:
    """True for "no such container" from either path (ours or docker-py's NotFound)."""
    if isinstance(exc, Gone):
        return True
    errors = sys.modules.get("docker.errors")  # loaded only if docker-py made the call
    return errors is not None and isinstance(exc, errors.NotFound)


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


class SocketApi:
    """The two read calls of docker-py's ``APIClient`` a listing makes, over a unix socket."""

    def __init__(self, host: str, timeout: float, max_body: int = DEFAULT_MAX_BODY) -> None:
        if not host.startswith("unix://"):
            raise Unusable(host)
        self.host = host
        self.timeout = timeout
        self.max_body = max_body
        self._conn = _UnixConnection(host[len("unix://") :], timeout)

    def _get(self, path: str) -> Any:
        try:
            self._conn.request("GET", path, headers={"Host": "docker"})
            resp = self._conn.getresponse()
            if (resp.length or 0) > self.max_body:  # said up front: refuse before reading
                self.close()
                raise too_large(self.host, self.max_body)
            body = resp.read(self.max_body + 1)
        except TimeoutError:
            self.close()
            raise no_answer(self.host, self.timeout) from None
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise Unusable(type(exc).__name__) from None
        if resp.status == 404:
            raise Gone(path)
        if len(body) > self.max_body:
            self.close()
            raise too_large(self.host, self.max_body)
        if resp.status != 200:
            self.close()
            raise Unusable(f"{resp.status} for {path}")
        try:
            return json.loads(body)
        except ValueError:
            raise Unusable(f"not JSON from {path}") from None

    def containers(self, all: bool = False) -> list[dict[str, Any]]:
        found = self._get("/containers/json?all=1" if all else "/containers/json")
        if not isinstance(found, list):
            raise Unusable("/containers/json is not a list")
        return found

    def inspect_container(self, cid: str) -> dict[str, Any]:
        found = self._get(f"/containers/{quote(cid, safe='')}/json")
        if not isinstance(found, dict):
            raise Unusable("inspect is not an object")
        return found

    def close(self) -> None:
        self._conn.close()
