"""The Textual app: one per run, built by :func:`build_app` for the CLI, tests and screenshots.

It knows backends only through :mod:`acitui.backends` (a loader) and the Backend
protocol: never docker, never azure. The first frame paints before any backend
call; every call runs in a worker; :meth:`AcituiApp.report_error` is the one
place a failure becomes a notification.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen

from acitui.backends import REGISTRY, backend_names, load_backend
from acitui.backends.base import Backend
from acitui.config import Settings
from acitui.errors import AcituiError, AuthError, ThrottledError, UnavailableError
from acitui.model import GroupRef
from acitui.ui import keys
from acitui.ui.actions import GroupActions
from acitui.ui.notices import Notices
from acitui.ui.screens.groups import GroupsScreen
from acitui.ui.session import Session
from acitui.ui.themes import DEFAULT_THEME, builtin_theme_dirs, load_themes, user_theme_dir
from acitui.ui.widgets.status_header import AppStatus
from acitui.ui.work import BackendWork

BackendFactory = Callable[[str], Backend]


def preload_backend(name: str) -> None:
    """Start importing the backend's module (SDKs: the slowest import) in a thread now.

    It overlaps Textual's start-up and first frame; ``_activate`` then waits for it
    (the import lock) instead of starting it after the first frame.
    """
    module = REGISTRY.get(name, "").partition(":")[0]
    if module and module not in sys.modules:

        def load() -> None:
            try:
                importlib.import_module(module)
            except Exception:  # _activate imports it again and reports the error
                pass

        threading.Thread(target=load, name=f"import {module}", daemon=True).start()


class AcituiApp(Notices, GroupActions, BackendWork, App[int]):
    """Container groups on one backend at a time; switch with ``b``."""

    CSS_PATH = "app.tcss"
    TITLE = "acitui"
    BINDINGS = keys.bindings("app")
    status: reactive[AppStatus] = reactive(AppStatus, always_update=True)

    def __init__(self, settings: Settings, backend_factory: BackendFactory) -> None:
        super().__init__()
        self.settings = settings
        self.backend_factory = backend_factory
        self.sessions: dict[str, Session] = {}
        self.session: Session | None = None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.groups_screen = GroupsScreen()
        self._wanted = settings.backend
        self._recent: dict[str, float] = {}
        self._notices: set[GroupRef | None] = set()
        self._loop_thread: int | None = None
        dirs = [*builtin_theme_dirs(), user_theme_dir(settings)]
        self._themes, self._theme_problems = load_themes(dirs)
        self.theme_names = [t.name for t in self._themes]
        preload_backend(settings.backend)

    # ----- start-up ------------------------------------------------------------------
    @property
    def backend(self) -> Backend | None:
        return self.session.backend if self.session is not None else None

    def now(self) -> datetime:
        return self.clock()

    def on_mount(self) -> None:
        self._loop_thread = threading.get_ident()
        for theme in self._themes:
            self.register_theme(theme)
        self.use_theme(self.settings.ui.theme)
        for problem in self._theme_problems:
            self.report_error(problem)
        self._apply_keymap()
        self.status = AppStatus(
            backend=self.settings.backend,
            read_only=self.settings.read_only,
            demo=self.settings.demo,
        )
        self.push_screen(self.groups_screen)
        self.set_interval(self.settings.ui.refresh_seconds, self._poll)
        self.call_after_refresh(self.activate, self.settings.backend)

    def _apply_keymap(self) -> None:
        known = keys.binding_ids()
        unknown = sorted(set(self.settings.keys) - known)
        if unknown:
            self.report_error(
                AcituiError(
                    f"Unknown key binding id(s) in the config: {', '.join(unknown)}",
                    hint=f"Known ids: {', '.join(sorted(known))}.",
                    title="Config",
                )
            )
        self.set_keymap({k: v for k, v in self.settings.keys.items() if k in known})

    def use_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
            return
        self.report_error(
            AcituiError(
                f"No theme called {name!r}",
                hint=f"Available: {', '.join(self.theme_names)}.",
                title="Theme",
            )
        )
        if DEFAULT_THEME in self.available_themes:
            self.theme = DEFAULT_THEME

    # ----- backends ------------------------------------------------------------------
    def activate(self, name: str) -> None:
        """Make ``name`` the active backend, keeping the current one's place."""
        if self.session is not None and self.screen is self.groups_screen:
            self.session.place = self.groups_screen.place()
        self._wanted = name
        self.workers.cancel_group(self, "watch")
        self.backend_work(self._activate(name), group="activate", exclusive=True)

    async def _activate(self, name: str) -> None:
        self.status = replace(
            self.status, backend=name, target="connecting…", connection="connecting"
        )
        session = self.sessions.get(name)
        if session is None:
            module = REGISTRY.get(name, "").partition(":")[0]
            if module:  # the slow imports (SDKs) happen off the event loop
                try:
                    await asyncio.to_thread(importlib.import_module, module)
                except ImportError:
                    pass  # the factory below reports it properly
            backend = self.backend_factory(name)
            if self.settings.read_only:
                backend.read_only = True
            backend.notify = self._backend_notice
            session = Session(name, backend)
            self.sessions[name] = session
        self.session = session
        self.status = replace(
            self.status,
            read_only=session.backend.read_only,
            demo=self.settings.demo and name == self.settings.backend,
        )
        self.groups_screen.reset(session.place)  # type: ignore[arg-type]
        self.groups_screen.reload()
        self.backend_work(self._describe(session), group="describe", exclusive=True)
        self._start_watch()

    async def _describe(self, session: Session) -> None:
        target = await session.backend.describe_target()
        session.target = target
        if session is self.session:  # the subscription may only now be known: read-only too
            self.status = replace(self.status, target=target, read_only=session.backend.read_only)

    def _start_watch(self) -> None:
        backend = self.backend
        if backend is None or not backend.capabilities.watch:
            return
        if any(w.group == "watch" and not w.is_finished for w in self.workers):
            return
        self.backend_work(self._watch(self.session), group="watch", exclusive=True)  # type: ignore[arg-type]

    async def _watch(self, session: Session) -> None:
        async for ref in session.backend.watch():
            if session is not self.session:
                return
            self._notices.add(ref)
            if len(self._notices) == 1:
                self.set_timer(0.2, self._flush_notices)

    def _flush_notices(self) -> None:
        notices, self._notices = self._notices, set()
        if None in notices:
            self.groups_screen.reload()
        for ref in notices:
            if ref is None:
                continue
            if None not in notices:
                self.groups_screen.group_changed(ref)
            detail = sys.modules.get("acitui.ui.screens.detail")  # imported when first opened
            screen = self.screen
            if detail is not None and isinstance(screen, detail.GroupDetailScreen):
                if screen.ref == ref:
                    screen.reload()

    def _poll(self) -> None:
        if self.session is None:
            if not any(w.group == "activate" and not w.is_finished for w in self.workers):
                self.activate(self._wanted)
            return
        self.groups_screen.reload()

    def connection_ok(self) -> None:
        if self.backend is not None and self.backend.read_only != self.status.read_only:
            self.status = replace(self.status, read_only=self.backend.read_only)
        if self.status.connection != "connected":
            self.status = replace(self.status, connection="connected")
        self._start_watch()

    def connection_failed(self, error: BaseException) -> None:
        if isinstance(error, AuthError):
            self.status = replace(self.status, connection="signed out")
        elif isinstance(error, UnavailableError | ThrottledError):
            self.status = replace(self.status, connection="unreachable")

    # ----- app-wide actions -------------------------------------------------------------------
    def action_help(self) -> None:
        from acitui.ui.screens.help import HelpScreen  # not needed for the first frame

        self.push_screen(HelpScreen(dict(self.settings.keys)))

    def action_refresh(self) -> None:
        if self.session is None:
            self.activate(self._wanted)
            return
        self.groups_screen.reload()
        reload = getattr(self.screen, "reload", None)
        if self.screen is not self.groups_screen and callable(reload):
            reload()

    def action_switch_backend(self) -> None:
        from acitui.ui.screens.backend_picker import BackendPickerScreen

        def chosen(name: str | None) -> None:
            if name and name != (self.session.name if self.session else None):
                while self.screen is not self.groups_screen and len(self.screen_stack) > 1:
                    self.pop_screen()
                self.activate(name)

        current = self.session.name if self.session else self._wanted
        self.push_screen(BackendPickerScreen(backend_names(), current), callback=chosen)

    def action_next_theme(self) -> None:
        names = self.theme_names or [self.theme]
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    async def on_unmount(self) -> None:
        """However the app ends (q, ctrl+q, a test leaving), release every backend."""
        for session in self.sessions.values():
            try:
                await asyncio.wait_for(session.backend.close(), timeout=3)
            except Exception:  # closing is best effort; we are leaving anyway
                pass

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: every keyed action available here, plus each theme."""
        yield from super().get_system_commands(screen)
        for k in keys.KEYS:
            if k.id == "palette":
                continue
            label = f"{k.description}  [{k.key}]"
            if hasattr(screen, f"action_{k.action}"):
                yield SystemCommand(
                    label, f"{k.scope}: {k.id}", partial(screen.run_action, k.action)
                )
            elif k.scope == "app" and hasattr(self, f"action_{k.action}"):
                yield SystemCommand(label, f"app: {k.id}", partial(self.run_action, k.action))
        for name in self.theme_names:
            yield SystemCommand(
                f"Theme: {name}", "Switch theme", partial(setattr, self, "theme", name)
            )


def build_app(settings: Settings, backend_factory: BackendFactory | None = None) -> AcituiApp:
    """The one factory: the CLI, the tests and the screenshot script build the app here."""
    if backend_factory is None:

        def backend_factory(name: str) -> Backend:
            return load_backend(name, settings.with_(backend=name))

    return AcituiApp(settings, backend_factory)


def run_app(settings: Settings) -> int:
    """Run the UI until the user quits; the exit code."""
    app = build_app(settings)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
