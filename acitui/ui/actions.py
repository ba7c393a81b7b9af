"""What the app does to a group: open it, its logs, its document, and lifecycle actions."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from acitui.model import ContainerGroup

if TYPE_CHECKING:
    from acitui.backends.base import Backend

VERBS = {
    # verb: (capability, present participle, past)
    "start": ("start", "Starting", "started"),
    "stop": ("stop", "Stopping", "stopped"),
    "restart": ("restart", "Restarting", "restarted"),
    "delete": ("delete", "Deleting", "deleted"),
}


class GroupActions:
    """Mixed into the app: the screens call these with the group they show."""

    _activities: set[str]

    def open_group(self: Any, group: ContainerGroup, tab: str = "overview") -> None:
        from acitui.ui.screens.detail import GroupDetailScreen  # lazily: not on the first frame

        screen = self.screen
        if isinstance(screen, GroupDetailScreen) and screen.ref == group.ref:
            screen.run_action(f"{'describe' if tab == 'overview' else tab}")
            return
        self.push_screen(GroupDetailScreen(group, tab))

    def open_logs(self: Any, group: ContainerGroup, container: str | None = None) -> None:
        if self.backend is None:
            return
        try:
            from acitui.ui.logs import LogsScreen
        except ImportError:
            self.notify(
                "The log viewer is not available in this build.", title="Logs", severity="warning"
            )
            return
        self.push_screen(LogsScreen(self.backend, group, container, self.settings))

    def show_document(self: Any, group: ContainerGroup) -> None:
        from acitui.ui.screens.document import DocumentScreen

        self.push_screen(DocumentScreen(group))

    def group_action(self: Any, group: ContainerGroup, verb: str) -> None:
        from acitui.ui.screens.confirm import ConfirmScreen, DeleteConfirmScreen

        """Confirm, then run ``verb`` on the group with visible progress.

        In read-only mode there is nothing to confirm: the backend refuses, and
        its ReadOnlyError is shown like any other error.
        """
        backend: Backend | None = self.backend
        if backend is None:
            return
        capability, _, _ = VERBS[verb]
        if not getattr(backend.capabilities, capability, False):
            self.notify(f"The {backend.name} backend cannot {verb} groups.", title="Not supported")
            return
        if backend.read_only:
            self.backend_work(self._run_action(backend, group, verb), group="actions")
            return
        if verb == "delete":
            dialog: Any = DeleteConfirmScreen(group.name, group.key)
        else:
            dialog = ConfirmScreen(f"{verb.capitalize()} {group.key}?")

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.backend_work(self._run_action(backend, group, verb), group="actions")

        self.push_screen(dialog, callback=confirmed)

    async def _run_action(self: Any, backend: Backend, group: ContainerGroup, verb: str) -> None:
        from acitui.ui.screens.detail import GroupDetailScreen

        _, doing, done = VERBS[verb]
        activity = f"⟳ {doing} {group.key}…"
        self._set_activity(activity, True)
        try:
            await getattr(backend, f"{verb}_group")(group.ref)
        finally:
            self._set_activity(activity, False)
        self.notify(f"{group.key} {done}.", title=done.capitalize())
        if verb == "delete":
            screen = self.screen
            if isinstance(screen, GroupDetailScreen) and screen.ref == group.ref:
                screen.dismiss()
        elif isinstance(self.screen, GroupDetailScreen) and self.screen.ref == group.ref:
            self.screen.reload()
        if backend is self.backend:
            self.groups_screen.group_changed(group.ref)

    def _set_activity(self: Any, activity: str, on: bool) -> None:
        if not hasattr(self, "_activities"):
            self._activities = set()
        (self._activities.add if on else self._activities.discard)(activity)
        self.status = replace(self.status, activity="  ".join(sorted(self._activities)))
