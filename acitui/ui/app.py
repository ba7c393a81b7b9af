"""The Textual app: one per run, built by :func:`build_app` for the CLI, tests and screenshots.

It knows backends only through :mod:`acitui.backends` (a loader) and the Backend
protocol: never docker, never azure. The first frame paints before any backend
call; every call runs in a worker. Screens talk to the app through the typed
messages of :mod:`acitui.ui.messages`; the app tells them what changed.
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

from acitui.backends import backend_names, load_backend, words
from acitui.backends.base import Backend
from acitui.config import Settings
from acitui.errors import AcituiError, AuthError, ThrottledError, UnavailableError
from acitui.model import ContainerGroup, GroupRef
from acitui.ui import keys
from acitui.ui.activation import BackendFactory, Sessions, preload_backend
from acitui.ui.lifecycle import GroupActionRunner
from acitui.ui.messages import (
    ConnectionChanged,
    ExportRequested,
    GroupChanged,
    GroupRequested,
    RefreshRequested,
    WorkFailed,
)
from acitui.ui.notices import Notices
from acitui.ui.palette import palette_commands
from acitui.ui.screens.groups import GroupsScreen
from acitui.ui.session import Session
from acitui.ui.themes import DEFAULT_THEME, builtin_theme_dirs, load_themes, user_theme_dir
from acitui.ui.widgets.status_header import AppStatus
from acitui.ui.work import BackendWork

if TYPE_CHECKING:
    from acitui.ui.exec_pick import ExecLauncher

TABS = {"open": "overview", "describe": "overview", "events": "events"}


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
        self._wanted = settings.backend
        self._watched: set[GroupRef | None] = set()
        dirs = [*builtin_theme_dirs(), user_theme_dir(settings)]
        self._themes, self._theme_problems = load_themes(dirs)
        self.theme_names = [t.name for t in self._themes]
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

    def on_mount(self) -> None:
        self.notices.started()
        for theme in self._themes:
            self.register_theme(theme)
        self.use_theme(self.settings.ui.theme)
        for problem in self._theme_problems:
            self.notices.report_error(problem)
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
            self.notices.report_error(
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
        self.notices.report_error(
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
        self._start_watch()

    async def _describe(self, session: Session) -> None:
        target = await session.backend.describe_target()
        session.target = target
        if session is self.session:  # the subscription may only now be known: read-only too
            self.status = replace(self.status, target=target, read_only=session.backend.read_only)

    def _start_watch(self) -> None:
        session = self.session
        if session is None or not session.backend.capabilities.watch:
            return
        if any(w.group == "watch" and not w.is_finished for w in self.workers):
            return
        self.backend_work(self._watch(session), group="watch", exclusive=True)

    async def _watch(self, session: Session) -> None:
        async for ref in session.backend.watch():
            if session is not self.session:
                return
            self._watched.add(ref)
            if len(self._watched) == 1:
                self.set_timer(0.2, self._flush_watched)

    def _flush_watched(self) -> None:
        """Notices of the last 0.2 s at once: a "reload all" covers every single one."""
        watched, self._watched = self._watched, set()
        if None in watched:
            self.groups_screen.reload()
        for ref in watched:
            if ref is not None:
                self._tell_views(ref, deleted=False, list_too=None not in watched)

    def _poll(self) -> None:
        if self.session is None:
            if not any(w.group == "activate" and not w.is_finished for w in self.workers):
                self.activate(self._wanted)
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
        self._start_watch()

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
        backend = self.backend
        if backend is None:
            return
        group, verb = request.group, request.verb
        if verb in ("start", "stop", "restart", "delete"):
            self.lifecycle.request(backend, group, verb)
        elif verb == "logs":
            self._open_logs(backend, group, request.container)
        elif verb == "exec":
            self._exec_launcher().request(backend, group, request.container)
        elif verb == "yaml":
            from acitui.ui.screens.document import DocumentScreen

            self.push_screen(DocumentScreen(group))
        else:
            from acitui.ui.screens.detail import GroupDetailScreen  # not on the first frame

            tab = TABS.get(verb, verb)
            refresh = self.settings.ui.refresh_seconds
            self.push_screen(GroupDetailScreen(group, backend, self.now, refresh, tab=tab))

    def _exec_launcher(self) -> ExecLauncher:
        if self.exec_launcher is None:
            from acitui.ui.exec_pick import ExecLauncher  # not on the first frame

            self.exec_launcher = ExecLauncher(self, self.notices)
        return self.exec_launcher

    def _open_logs(self, backend: Backend, group: ContainerGroup, container: str | None) -> None:
        if not backend.capabilities.follow_logs:
            self.notices.say(f"The {backend.name} backend cannot show logs.", title="Logs")
            return
        from acitui.ui.logs import LogsScreen

        self.push_screen(LogsScreen(backend, group, container, self.settings))

    def group_changed(self, ref: GroupRef, deleted: bool) -> None:
        """An action changed a group: the list and the view on top show it anew."""
        if self.backend is not None:
            self._tell_views(ref, deleted=deleted, list_too=True)

    def _tell_views(self, ref: GroupRef, *, deleted: bool, list_too: bool) -> None:
        """Post :class:`GroupChanged` down to the list and the view on top (never handled here)."""
        if list_too:
            self.groups_screen.post_message(GroupChanged(ref, deleted=deleted))
        if self.screen is not self.groups_screen:
            self.screen.post_message(GroupChanged(ref, deleted=deleted))

    def _show_activity(self, activity: str) -> None:
        self.status = replace(self.status, activity=activity)

    # ----- app-wide actions -------------------------------------------------------------------
    def action_create_group(self) -> None:
        """``n``: a form with az container create's fields; the new group is selected."""
        backend = self.backend
        if backend is None or not backend.capabilities.create:
            self.notices.say("This backend cannot create groups.", title="Create")
            return
        from acitui.ui.screens.create import CreateScreen  # not needed for the first frame

        chosen = self.groups_screen.selected
        rg = chosen.resource_group if chosen else ("local" if backend.name == "docker" else "")

        def created(ref: GroupRef | None) -> None:
            if ref is not None:
                self.groups_screen.model.select(str(ref))  # now, or when its row arrives
                self.group_changed(ref, False)

        self.push_screen(CreateScreen(backend, rg, self.notices.backend_notice), callback=created)

    @on(ExportRequested)
    def _export_requested(self, message: ExportRequested) -> None:
        """ctrl+s in the YAML view: the export dialog for that group."""
        if self.backend is not None:
            from acitui.ui.screens.export import ExportScreen  # not needed for the first frame

            self.push_screen(ExportScreen(self.backend, message.ref))

    def action_diff_file(self) -> None:
        """``D``: compare the selected group with an ACI YAML file or ARM template."""
        chosen = self.groups_screen.selected
        if self.backend is None or chosen is None:
            self.notices.say("Select a group to compare with a file.", title="Diff")
            return
        from acitui.ui.screens.diff import DiffScreen  # not needed for the first frame

        self.push_screen(DiffScreen(self.backend, chosen.ref))

    def action_apply_file(self) -> None:
        """``A``: apply an ACI YAML file or ARM template; the new group is selected."""
        backend = self.backend
        if backend is None or not backend.capabilities.create:
            self.notices.say("This backend cannot create groups.", title="Apply")
            return
        from acitui.ui.screens.apply import ApplyScreen  # not needed for the first frame

        chosen = self.groups_screen.selected
        rg = chosen.resource_group if chosen else ("local" if backend.name == "docker" else "")

        def applied(refs: list[GroupRef] | None) -> None:
            if refs:
                self.groups_screen.model.select(str(refs[0]))  # now, or when its row arrives
            for ref in refs or []:
                self.group_changed(ref, False)

        self.push_screen(ApplyScreen(backend, rg, self.notices.backend_notice), callback=applied)

    def action_help(self) -> None:
        from acitui.ui.screens.help import HelpScreen  # not needed for the first frame

        self.push_screen(HelpScreen(dict(self.settings.keys)))

    def action_quota(self) -> None:
        from acitui.ui.screens.quota import QuotaScreen  # issue 16: quota, NGroups, profiles

        self.push_screen(QuotaScreen(self.backend))

    def action_refresh(self) -> None:
        if self.session is None:
            self.activate(self._wanted)
            return
        self.groups_screen.reload()
        if self.screen is not self.groups_screen:
            self.screen.post_message(RefreshRequested())

    async def action_back_or_quit(self) -> None:
        """``q``: back one level from a pushed view; quit only from the list."""
        screen = self.screen
        if screen is self.groups_screen or len(self.screen_stack) <= 2:
            await self.action_quit()
        elif not await self.run_action("back", screen):
            screen.dismiss()

    async def action_quit(self) -> None:
        """Quit, asking first while a start/stop/restart/delete is under way."""
        busy = self.lifecycle.busy
        if not busy:
            self.exit()
            return
        from acitui.ui.screens.confirm import ConfirmScreen

        question = f"{', '.join(busy)} is still under way. Quit anyway?"
        self.push_screen(ConfirmScreen(question), callback=lambda ok: self.exit() if ok else None)

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
        self.notices.say(f"Theme: {self.theme}", title="Theme")

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
