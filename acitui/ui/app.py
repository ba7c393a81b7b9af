"""The Textual app: one per run, built by :func:`build_app` for the CLI, tests and screenshots.

It knows backends only through :mod:`acitui.backends` (a loader) and the Backend
protocol: never docker, never azure. Every backend call runs in a worker, so the
first frame never waits for one (from the CLI the first listing is already under
way: :mod:`acitui.first_listing`). Screens talk to the app through the typed
messages of :mod:`acitui.ui.messages`; the app tells them what changed. The views
it opens are in :mod:`acitui.ui.app_views`, themes and keys in
:mod:`acitui.ui.app_look`, change notices in :mod:`acitui.ui.app_changes`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

import rich
from textual import on
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen

from acitui.backends import load_backend, words
from acitui.backends.base import Backend
from acitui.config import Settings
from acitui.errors import AuthError, ThrottledError, UnavailableError
from acitui.model import GroupRef
from acitui.ui import keys
from acitui.ui.activation import BackendFactory, Sessions, preload_backend
from acitui.ui.app_changes import Changes
from acitui.ui.app_look import Look
from acitui.ui.app_views import Views
from acitui.ui.lifecycle import GroupActionRunner
from acitui.ui.messages import (
    ConnectionChanged,
    ExportRequested,
    GroupRequested,
    RefreshRequested,
    WorkFailed,
)
from acitui.ui.notices import Notices
from acitui.ui.palette import palette_commands
from acitui.ui.screens.groups import GroupsScreen
from acitui.ui.session import Session
from acitui.ui.widgets.status_header import AppStatus
from acitui.ui.work import BackendWork

if TYPE_CHECKING:
    from acitui.first_listing import FirstListing
    from acitui.ui.exec_pick import ExecLauncher


class AcituiApp(BackendWork, App[int]):
    """Container groups on one backend at a time; switch with ``b``."""

    CSS_PATH = "app.tcss"
    TITLE = "acitui"
    BINDINGS: ClassVar[list[BindingType]] = [*keys.bindings("app")]
    status: reactive[AppStatus] = reactive(AppStatus, always_update=True)

    def __init__(self, settings: Settings, backend_factory: BackendFactory) -> None:
        super().__init__()
        self.settings = settings
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.notices = Notices(self)
        self._sessions = Sessions(
            backend_factory, read_only=settings.read_only, notify=self.notices.backend_notice
        )
        self.lifecycle = GroupActionRunner(
            self, self.notices, on_activity=self._show_activity, on_changed=self.group_changed
        )
        self.exec_launcher: ExecLauncher | None = None  # x: made on first use
        self.groups_screen = GroupsScreen(
            lambda: self.backend, self.now, words(settings.backend).resource_groups
        )
        self.wanted = settings.backend  # the backend to (re)activate
        self.changes = Changes(self)
        self.look = Look(self, settings, self.notices)
        self.theme_names = self.look.names
        self._theme_problems = self.look.problems
        self.views = Views(self)
        preload_backend(settings.backend)

    # ----- start-up ------------------------------------------------------------------
    @property
    def sessions(self) -> dict[str, Session]:
        return self._sessions.by_name

    @property
    def session(self) -> Session | None:
        return self._sessions.current

    @property
    def backend(self) -> Backend | None:
        return self.session.backend if self.session is not None else None

    def now(self) -> datetime:
        return self.clock()

    async def on_mount(self) -> None:
        self.notices.started()
        self.look.install()
        self.status = AppStatus(
            backend=self.settings.backend,
            read_only=self.settings.read_only,
            demo=self.settings.demo,
        )
        self.set_interval(self.settings.ui.refresh_seconds, self._poll)
        # After the list screen's own mount (it is the default screen, composed in Textual's
        # start-up): a worker, so the first frame does not wait for it.
        self.groups_screen.call_later(self.activate, self.settings.backend)

    def get_default_screen(self) -> Screen[None]:
        """The list is the bottom screen: its first render is the one written (a pushed screen
        was rendered once inside Textual's start-up batch and thrown away)."""
        return self.groups_screen

    # ----- backends ------------------------------------------------------------------
    def activate(self, name: str) -> None:
        """Make ``name`` the active backend, keeping the current one's place."""
        if self.session is not None and self.screen is self.groups_screen:
            self.session.place = self.groups_screen.place()
        self.wanted = name
        self.workers.cancel_group(self, "watch")
        self.backend_work(self._activate(name), group="activate", exclusive=True)

    async def _activate(self, name: str) -> None:
        self.status = replace(
            self.status, backend=name, target="connecting…", connection="connecting"
        )
        session = await self._sessions.open(name)
        self.status = replace(
            self.status,
            read_only=session.backend.read_only,
            demo=self.settings.demo and name == self.settings.backend,
        )
        assert session.place is not None  # Session makes one
        self.groups_screen.vocabulary = words(name).resource_groups
        self.groups_screen.reset(session.place)
        self.groups_screen.reload()
        self.backend_work(self._describe(session), group="describe", exclusive=True)
        self.changes.start()

    async def _describe(self, session: Session) -> None:
        target = await session.backend.describe_target()
        session.target = target
        if session is self.session:  # the subscription may only now be known: read-only too
            self.status = replace(self.status, target=target, read_only=session.backend.read_only)

    def _poll(self) -> None:
        if self.session is None:
            if not any(w.group == "activate" and not w.is_finished for w in self.workers):
                self.activate(self.wanted)
            return
        self.groups_screen.reload()

    @on(ConnectionChanged)
    def _connection_changed(self, message: ConnectionChanged) -> None:
        if message.error is None:
            self.connection_ok()
        else:
            self.connection_failed(message.error)

    def connection_ok(self) -> None:
        if self.backend is not None and self.backend.read_only != self.status.read_only:
            self.status = replace(self.status, read_only=self.backend.read_only)
        if self.status.connection != "connected":
            self.status = replace(self.status, connection="connected")
        self.changes.start()

    def connection_failed(self, error: BaseException) -> None:
        if isinstance(error, AuthError):
            self.status = replace(self.status, connection="signed out")
        elif isinstance(error, UnavailableError | ThrottledError):
            self.status = replace(self.status, connection="unreachable")

    @on(WorkFailed)
    def _work_failed(self, message: WorkFailed) -> None:
        self.notices.report_error(message.error)

    # ----- what screens ask for ------------------------------------------------------
    @on(GroupRequested)
    def _group_requested(self, request: GroupRequested) -> None:
        self.views.group(request)

    def group_changed(self, ref: GroupRef, deleted: bool) -> None:
        """An action changed a group: the list and the view on top show it anew."""
        if self.backend is not None:
            self.changes.tell_views(ref, deleted=deleted, list_too=True)

    def _show_activity(self, activity: str) -> None:
        self.status = replace(self.status, activity=activity)

    # ----- app-wide actions -------------------------------------------------------------------
    def action_create_group(self) -> None:
        """``n``: a form with az container create's fields; the new group is selected."""
        self.views.create()

    @on(ExportRequested)
    def _export_requested(self, message: ExportRequested) -> None:
        """ctrl+s in the YAML view: the export dialog for that group."""
        self.views.export(message.ref)

    def action_diff_file(self) -> None:
        """``D``: compare the selected group with an ACI YAML file or ARM template."""
        self.views.diff()

    def action_apply_file(self) -> None:
        """``A``: apply an ACI YAML file or ARM template; the new group is selected."""
        self.views.apply()

    def action_help(self) -> None:
        self.views.help()

    def action_quota(self) -> None:
        self.views.quota()

    def action_refresh(self) -> None:
        if self.session is None:
            self.activate(self.wanted)
            return
        self.groups_screen.reload()
        if self.screen is not self.groups_screen:
            self.screen.post_message(RefreshRequested())

    async def action_back_or_quit(self) -> None:
        """``q``: back one level from a pushed view; quit only from the list."""
        screen = self.screen
        if screen is self.groups_screen or len(self.screen_stack) <= 1:
            await self.action_quit()
        elif not await self.run_action("back", screen):
            screen.dismiss()

    async def action_quit(self) -> None:
        """Quit, asking first while a start/stop/restart/delete is under way."""
        busy = self.lifecycle.busy
        if busy:
            self.views.confirm_quit(busy)
        else:
            self.exit()

    def action_switch_backend(self) -> None:
        self.views.switch_backend()

    def action_next_theme(self) -> None:
        self.look.next()

    async def on_unmount(self) -> None:
        """However the app ends (q, ctrl+q, a test leaving), release every backend."""
        await self._sessions.close_all()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette: each command once (see :mod:`acitui.ui.palette`)."""
        builtin = super().get_system_commands(screen)
        return palette_commands(self, screen, builtin, self.theme_names)

    def _fatal_error(self) -> None:
        """Textual's crash report without local variables: they can hold log lines or secrets."""
        from rich.traceback import Traceback

        self.bell()
        self.panic(Traceback(show_locals=False, width=None, suppress=[rich]))


def build_app(
    settings: Settings,
    backend_factory: BackendFactory | None = None,
    first: FirstListing | None = None,
) -> AcituiApp:
    """The one factory: the CLI, the tests and the screenshot script build the app here.

    ``first``: the backend already being built and listed on a thread (the CLI's start).
    """
    if backend_factory is None:

        def backend_factory(name: str) -> Backend:
            early = first.take(name) if first is not None else None
            return early or load_backend(name, settings.with_(backend=name))

    return AcituiApp(settings, backend_factory)


def run_app(settings: Settings, first: FirstListing | None = None) -> int:
    """Run the UI until the user quits; the exit code."""
    app = build_app(settings, first=first)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
