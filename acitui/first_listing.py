"""The TUI's first listing, started on a thread as the process starts (before Textual loads).

Textual's import and first frame take a few hundred milliseconds of one core;
the backend's import and its first listing (a wait on the engine) can run beside
them. :func:`start_first_listing` builds the backend and reads its resource
groups and groups on a thread; the app then uses that backend, and its first
``list_resource_groups()`` and ``iter_groups()`` answer with what the thread read
— once, and only while it is younger than :data:`MAX_AGE` (else a fresh call).
Nothing is kept across runs: the rows on the first frame are read by this process.

Only backends whose descriptor says ``list_off_loop`` (their listing holds no
event-loop state, e.g. Docker's blocking calls) are listed early; for the others
this only starts their slow import.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acitui.backends.base import Backend
    from acitui.config import Settings
    from acitui.model import ContainerGroup, ResourceGroup

#: Seconds a listing read at start-up may be shown instead of a fresh one.
MAX_AGE = 3.0
#: Seconds the app waits for the thread to build the backend before building its own.
BUILD_WAIT = 5.0

Listing = tuple["list[ResourceGroup]", "list[ContainerGroup]", float]


class FirstListing:
    """A backend built, and its first listing read, on a thread of its own."""

    def __init__(self, name: str, settings: Settings) -> None:
        self.name = name
        self.settings = settings
        self.backend: Backend | None = None
        self.built = threading.Event()
        self.listing: Future[Listing] = Future()

    def start(self) -> FirstListing:
        threading.Thread(target=self._run, name=f"first listing {self.name}", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            from acitui.backends import descriptor, load_backend

            found = descriptor(self.name)
            importlib.import_module(found.factory.partition(":")[0])
            if not found.list_off_loop:
                self.listing.cancel()
                return
            backend = load_backend(self.name, self.settings.with_(backend=self.name))
            # its own methods, bound before take() can make them answer from this listing
            reads = (backend.list_resource_groups, backend.iter_groups)
            self.backend = backend
        except Exception:  # the app builds it again and reports the error in its words
            self.listing.cancel()
            return
        finally:
            self.built.set()
        try:
            self.listing.set_result(asyncio.run(_read(*reads)))
        except BaseException as exc:  # the app's own call reports it
            self.listing.set_exception(exc)

    def take(self, name: str) -> Backend | None:
        """The backend built on the thread (once), serving its listing; None: build one."""
        if name != self.name or not self.built.wait(BUILD_WAIT) or self.backend is None:
            return None
        backend, self.backend = self.backend, None
        _serve(backend, self.listing)
        return backend


async def _read(
    list_resource_groups: Callable[[], Awaitable[list[ResourceGroup]]],
    iter_groups: Callable[[], AsyncIterator[list[ContainerGroup]]],
) -> Listing:
    resource_groups = await list_resource_groups()
    groups = [g async for page in iter_groups() for g in page]
    return resource_groups, groups, time.monotonic()


async def _fresh(listing: Future[Listing]) -> Listing | None:
    """The thread's listing (waited for) if it succeeded and is young enough, else None."""
    if not listing.done():  # still on the wire: wait (its error is not ours to raise)
        waiter = asyncio.wrap_future(listing)
        await asyncio.wait([waiter])
        if not waiter.cancelled():
            waiter.exception()  # seen: asyncio must not log it as "never retrieved"
    if listing.cancelled() or listing.exception() is not None:
        return None
    found = listing.result()
    return found if time.monotonic() - found[2] <= MAX_AGE else None


def _serve(backend: Backend, listing: Future[Listing]) -> None:
    """Answer the backend's next resource-group list and group listing from ``listing``.

    Each is answered once; the instance attribute is then removed, so every later
    call is the backend's own method again.
    """
    target: Any = backend  # instance attributes shadowing the methods, for one call each

    async def list_resource_groups() -> list[ResourceGroup]:
        del target.list_resource_groups
        found = await _fresh(listing)
        return list(found[0]) if found else await backend.list_resource_groups()

    async def iter_groups(resource_group: str | None = None) -> AsyncIterator[list[ContainerGroup]]:
        del target.iter_groups
        found = await _fresh(listing)
        names = {rg.name for rg in found[0]} if found else set()
        if found is None or (resource_group is not None and resource_group not in names):
            async for page in backend.iter_groups(resource_group):
                yield page
            return
        yield [g for g in found[1] if resource_group in (None, g.ref.resource_group)]

    target.list_resource_groups = list_resource_groups
    target.iter_groups = iter_groups


def start_first_listing(settings: Settings) -> FirstListing:
    """Start building ``settings.backend`` and reading its first listing on a thread."""
    return FirstListing(settings.backend, settings).start()
