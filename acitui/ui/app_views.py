"""The views the app opens for the list's requests and the app-wide keys.

Each screen module is imported only when first opened (none is on the first
frame). The app owns one :class:`Views` and forwards its actions and the
screens' :class:`GroupRequested` messages here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from acitui.backends import backend_names
from acitui.backends.base import Backend
from acitui.model import ContainerGroup, GroupRef
from acitui.ui.messages import GroupRequested

if TYPE_CHECKING:
    from acitui.ui.app import AcituiApp
    from acitui.ui.exec_pick import ExecLauncher

#: Verbs that open the detail view, and the tab each opens on.
TABS = {"open": "overview", "describe": "overview", "events": "events"}


class Views:
    """Pushes the screens of one app: detail, logs, YAML, forms, dialogs."""

    def __init__(self, app: AcituiApp) -> None:
        self.app = app

    def group(self, request: GroupRequested) -> None:
        """A screen asked for something about one group (open, logs, exec, stop…)."""
        app = self.app
        backend = app.backend
        if backend is None:
            return
        group, verb = request.group, request.verb
        if verb in ("start", "stop", "restart", "delete"):
            app.lifecycle.request(backend, group, verb)
        elif verb == "logs":
            self._logs(backend, group, request.container)
        elif verb == "exec":
            self._exec_launcher().request(backend, group, request.container)
        elif verb == "yaml":
            from acitui.ui.screens.document import DocumentScreen

            app.push_screen(DocumentScreen(group))
        else:
            from acitui.ui.screens.detail import GroupDetailScreen

            tab = TABS.get(verb, verb)
            refresh = app.settings.ui.refresh_seconds
            app.push_screen(GroupDetailScreen(group, backend, app.now, refresh, tab=tab))

    def _exec_launcher(self) -> ExecLauncher:
        app = self.app
        if app.exec_launcher is None:
            from acitui.ui.exec_pick import ExecLauncher

            app.exec_launcher = ExecLauncher(app, app.notices)
        return app.exec_launcher

    def _logs(self, backend: Backend, group: ContainerGroup, container: str | None) -> None:
        if not backend.capabilities.follow_logs:
            self.app.notices.say(f"The {backend.name} backend cannot show logs.", title="Logs")
            return
        from acitui.ui.logs import LogsScreen

        self.app.push_screen(LogsScreen(backend, group, container, self.app.settings))

    def _creatable(self, title: str) -> tuple[Backend, str] | None:
        """The backend (if it can create groups) and the resource group to suggest."""
        backend = self.app.backend
        if backend is None or not backend.capabilities.create:
            self.app.notices.say("This backend cannot create groups.", title=title)
            return None
        chosen = self.app.groups_screen.selected
        rg = chosen.resource_group if chosen else ("local" if backend.name == "docker" else "")
        return backend, rg

    def _select(self, refs: list[GroupRef]) -> None:
        """New groups: the first is selected (now, or when its row arrives); all are reread."""
        if refs:
            self.app.groups_screen.model.select(str(refs[0]))
        for ref in refs:
            self.app.group_changed(ref, False)

    def create(self) -> None:
        """A form with az container create's fields; the new group is selected."""
        found = self._creatable("Create")
        if found is None:
            return
        from acitui.ui.screens.create import CreateScreen

        backend, rg = found
        screen = CreateScreen(backend, rg, self.app.notices.backend_notice)
        self.app.push_screen(screen, callback=lambda ref: self._select([ref] if ref else []))

    def apply(self) -> None:
        """Apply an ACI YAML file or ARM template; the new group is selected."""
        found = self._creatable("Apply")
        if found is None:
            return
        from acitui.ui.screens.apply import ApplyScreen

        backend, rg = found
        screen = ApplyScreen(backend, rg, self.app.notices.backend_notice)
        self.app.push_screen(screen, callback=lambda refs: self._select(refs or []))

    def export(self, ref: GroupRef) -> None:
        """The export dialog for one group."""
        if self.app.backend is not None:
            from acitui.ui.screens.export import ExportScreen

            self.app.push_screen(ExportScreen(self.app.backend, ref))

    def diff(self) -> None:
        """Compare the selected group with an ACI YAML file or ARM template."""
        chosen = self.app.groups_screen.selected
        if self.app.backend is None or chosen is None:
            self.app.notices.say("Select a group to compare with a file.", title="Diff")
            return
        from acitui.ui.screens.diff import DiffScreen

        self.app.push_screen(DiffScreen(self.app.backend, chosen.ref))

    def help(self) -> None:
        from acitui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(dict(self.app.settings.keys)))

    def quota(self) -> None:
        from acitui.ui.screens.quota import QuotaScreen  # issue 16: quota, NGroups, profiles

        self.app.push_screen(QuotaScreen(self.app.backend))

    def confirm_quit(self, busy: list[str]) -> None:
        """Ask before quitting while a start/stop/restart/delete is under way."""
        from acitui.ui.screens.confirm import ConfirmScreen

        question = f"{', '.join(busy)} is still under way. Quit anyway?"
        app = self.app
        app.push_screen(ConfirmScreen(question), callback=lambda ok: app.exit() if ok else None)

    def switch_backend(self) -> None:
        """The backend picker; the chosen backend becomes active, back on its list."""
        from acitui.ui.screens.backend_picker import BackendPickerScreen

        app = self.app

        def chosen(name: str | None) -> None:
            if name and name != (app.session.name if app.session else None):
                while app.screen is not app.groups_screen and len(app.screen_stack) > 1:
                    app.pop_screen()
                app.activate(name)

        current = app.session.name if app.session else app.wanted
        app.push_screen(BackendPickerScreen(backend_names(), current), callback=chosen)
