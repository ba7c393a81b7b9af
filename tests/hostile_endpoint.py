"""A hostile HTTPS endpoint on loopback: real TLS (trustme), real sockets, answers chosen per test.

Modes: ``silent`` (TLS completes, the request is read, no answer ever),
``endless`` (200 JSON, a chunked body that never ends), ``html`` (200 text/html),
``empty`` (200, no body), or ``json`` with a fixed body for every request.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from pathlib import Path
from typing import Any

import trustme

_CHUNK = b'{"name": "x", "id": "/subscriptions/s/resourceGroups/rg/x"},' * 400
_ENDLESS_BOUND = 2 * 1024**3  # bytes: "endless" for a client that stops at 32 MB


class HostileEndpoint:
    """``with HostileEndpoint(mode, tmp_path) as ep:`` → ``ep.url``, ``ep.ca_file``, ``ep.hits``."""

    def __init__(self, mode: str, directory: Path, body: Any = None, status: int = 200) -> None:
        self.mode, self.body, self.status = mode, body, status
        #: Bodies for requests whose path ends with the key (``json`` mode), e.g. ``"/logs"``.
        self.body_for: dict[str, Any] = {}
        ca = trustme.CA()
        self.ca_file = str(directory / "hostile-ca.pem")
        ca.cert_pem.write_to_path(self.ca_file)
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(self._context)
        self.hits = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._stopping = False

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __enter__(self) -> HostileEndpoint:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self._context)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        self._stopping = True
        if self._server is not None:
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.hits += 1
                path = head.split(b" ", 2)[1].split(b"?")[0].decode("latin-1")
                length = 0
                for line in head.decode("latin-1").split("\r\n"):
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                if length:
                    await reader.readexactly(length)
                await self._answer(writer, path)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def _answer(self, writer: asyncio.StreamWriter, path: str) -> None:
        if self.mode == "silent":
            await asyncio.Event().wait()  # never answers, never closes
        if self.mode == "endless":
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            writer.write(b'%x\r\n{"value": [\r\n' % len(b'{"value": ['))
            sent = 0
            # Until the client hangs up (an SSL transport may not say so: a sent-bytes bound,
            # far past acitui's cap, ends it anyway); sleep(0) lets the server's shutdown run.
            while not writer.is_closing() and not self._stopping and sent < _ENDLESS_BOUND:
                writer.write(b"%x\r\n%s\r\n" % (len(_CHUNK), _CHUNK))
                sent += len(_CHUNK)
                await writer.drain()
                await asyncio.sleep(0)
            return
        if self.mode == "html":
            kind, data = "text/html", b"<html><body><h1>Proxy login</h1></body></html>"
        elif self.mode == "empty":
            kind, data = "application/json", b""
        else:
            body = next((b for end, b in self.body_for.items() if path.endswith(end)), self.body)
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            kind, data = "application/json", raw
        writer.write(
            f"HTTP/1.1 {self.status} X\r\nContent-Type: {kind}\r\n"
            f"Content-Length: {len(data)}\r\n\r\n".encode()
            + data
        )
        await writer.drain()
