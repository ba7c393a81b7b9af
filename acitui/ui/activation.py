"""Which backend is active: each built once (its slow import off the event loop) and kept."""

from __future__ import annotations

import asyncio
import importlib
import sys
import threading
from collections.abc import Callable

from acitui.backends import factory_module
from acitui.backends.base import Backend, Notifier
from acitui.ui.session import Session

BackendFactory = Callable[[str], Backend]


def backend_module(name: str) -> str:
    """The module a backend lives in ("" for a name the registry does not know)."""
    return factory_module(name)


def preload_backend(name: str) -> None:
    """Start importing the backend's module (SDKs: the slowest import) in a thread now.

    It overlaps Textual's start-up and first frame; :meth:`Sessions.open` then waits
    for it (the import lock) instead of starting it after the first frame.
    """
    module = backend_module(name)
    if module and module not in sys.modules:

        def load() -> None:
            try:
                importlib.import_module(module)
            except Exception:  # Sessions.open imports it again and reports the error
                pass

        threading.Thread(target=load, name=f"import {module}", daemon=True).start()


class Sessions:
    """One session per backend name, built on first use and kept across switches."""

    def __init__(self, factory: BackendFactory, *, read_only: bool, notify: Notifier) -> None:
        self.factory = factory
        self.read_only = read_only
        self.notify = notify
        self.by_name: dict[str, Session] = {}
        self.current: Session | None = None

    async def open(self, name: str) -> Session:
        """The session for ``name``, building its backend if needed; it becomes current.

        Raises what the backend factory raises (unknown name, unusable target).
        """
        session = self.by_name.get(name)
        if session is None:
            module = backend_module(name)
            if module and module not in sys.modules:  # slow imports (SDKs): off the event loop
                try:
                    await asyncio.to_thread(importlib.import_module, module)
                except ImportError:
                    pass  # the factory below reports it properly
            backend = self.factory(name)
            if self.read_only:
                backend.read_only = True
            backend.notify = self.notify
            session = self.by_name[name] = Session(name, backend)
        self.current = session
        return session

    async def close_all(self) -> None:
        """Release every backend that was used; best effort, each within 3 s."""
        for session in self.by_name.values():
            try:
                await asyncio.wait_for(session.backend.close(), timeout=3)
            except Exception:  # closing is best effort; we are leaving anyway
                pass
