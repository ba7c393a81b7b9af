"""Docker answers acitui must not trust: an endless container list, a silent engine."""

from __future__ import annotations

import http.server
import json
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from acitui.backends.docker.backend import DockerBackend
from acitui.errors import BackendError, UnavailableError


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "endless"

    def do_GET(self) -> None:
        if self.path.endswith("/version"):
            body = json.dumps({"ApiVersion": "1.41", "Version": "20.10.0"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.mode == "huge-length":
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b'{"Id": "0123456789ab", "Names": ["/x"]},' * 100
        try:
            self.wfile.write(b"1\r\n[\r\n")
            while True:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except OSError:
            return

    def log_message(self, *args: object) -> None:
        return None

    def address_string(self) -> str:
        return "unix"


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


@pytest.fixture(params=["endless", "huge-length"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fake engine on a unix socket: /version is fine, the container list never ends."""
    handler = type("Handler", (_Handler,), {"mode": request.param})
    server = _Server(str(tmp_path / "d.sock"), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"unix://{tmp_path / 'd.sock'}"
    finally:
        server.shutdown()
        server.server_close()


async def test_endless_container_list_is_refused_at_the_cap(engine: str) -> None:
    """A container list larger than the cap is refused with "sent more than", never parsed."""
    backend = DockerBackend(engine, max_body_bytes=256 * 1024)
    try:
        with pytest.raises(BackendError, match=r"sent more than 0\.25 MB"):
            await backend.list_groups()
    finally:
        await backend.close()


async def test_silent_engine_says_no_answer(tmp_path: Path) -> None:
    """An engine that accepts and never answers ends with "No answer … after 1 s"."""
    path = tmp_path / "silent.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.listen(8)
    backend = DockerBackend(f"unix://{path}", request_timeout=1)
    try:
        with pytest.raises(UnavailableError, match=r"No answer from the Docker engine .* 1 s"):
            await backend.list_groups()
    finally:
        await backend.close()
        listener.close()
