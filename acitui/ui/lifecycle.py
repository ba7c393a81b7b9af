"""Start/stop/restart/delete from the UI: check the state, confirm, run with visible progress."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

from textual.app import App
from textual.screen import ModalScreen

from acitui.backends.base import Backend
from acitui.model import ContainerGroup, GroupRef, GroupState
from acitui.render_newer import ngroup_warning
from acitui.sanitize import sanitize_name
from acitui.ui.notices import Notices

Verb = Literal["start", "stop", "restart", "delete"]
VERBS: dict[Verb, tuple[str, str]] = {
    # verb: (present participle, past)
    "start": ("Starting", "started"),
    "stop": ("Stopping", "stopped"),
    "restart": ("Restarting", "restarted"),
    "delete": ("Deleting", "deleted"),
}
#: A verb that would change nothing in this state: said instead of asked.
ALREADY: dict[Verb, tuple[GroupState, str]] = {
    "start": (GroupState.RUNNING, "is already running"),
    "stop": (GroupState.STOPPED, "is already stopped"),
}


class GroupActionRunner:
    """Runs lifecycle verbs for one app; knows which are under way (``busy``).

    Works through the app's public API only (workers, modal screens); says what is
    under way through ``on_activity`` and what changed through ``on_changed``.
    """

    def __init__(
        self,
        app: App[Any],
        notices: Notices,
        *,
        on_activity: Callable[[str], None],
        on_changed: Callable[[GroupRef, bool], None],
    ) -> None:
        self.app = app
        self.notices = notices
        self.on_activity = on_activity
        self.on_changed = on_changed
        self._activities: dict[str, int] = {}

    @property
    def busy(self) -> list[str]:
        """What is under way now, e.g. ``["Stopping prod/api"]``."""
        return sorted(self._activities)

    def request(self, backend: Backend, group: ContainerGroup, verb: Verb) -> None:
        """Check, confirm, then run ``verb`` on ``group`` in a worker."""
        caps = backend.capabilities
        able = {
            "start": caps.start,
            "stop": caps.stop,
            "restart": caps.restart,
            "delete": caps.delete,
        }
        if not able[verb]:
            self.notices.say(
                f"The {backend.name} backend cannot {verb} groups.", title="Not supported"
            )
            return
        if backend.read_only:  # nothing to ask: the backend refuses, and says why
            self._work(self._run(backend, group, verb), f"{verb} {group.key}")
        else:
            self._work(self._check_then_ask(backend, group, verb), f"check {group.key}")

    def _work(self, work: Coroutine[Any, Any, None], description: str) -> None:
        """A worker of the app: its failure reaches the app's one error handler."""
        self.app.run_worker(work, group="actions", exit_on_error=False, description=description)

    async def _check_then_ask(self, backend: Backend, group: ContainerGroup, verb: Verb) -> None:
        """Say so when the verb would change nothing; otherwise ask (the dialog answers later)."""
        if verb in ALREADY:
            group = await backend.get_group(group.ref)  # the state now, not the list's
            state, words = ALREADY[verb]
            if group.state is state:
                self.notices.say(f"{group.key} {words}.", title="Nothing to do")
                return

        def answered(ok: bool | None) -> None:
            if ok:
                self._work(self._run(backend, group, verb), f"{verb} {group.key}")

        self.app.push_screen(self._dialog(group, verb), callback=answered)

    def _dialog(self, group: ContainerGroup, verb: Verb) -> ModalScreen[bool]:
        from acitui.ui.screens.confirm import ConfirmScreen, DeleteConfirmScreen

        if verb == "delete":
            return DeleteConfirmScreen(group.name, group.key, ngroup_warning(group))
        return ConfirmScreen(f"{verb.capitalize()} {sanitize_name(group.key)}?")

    async def _run(self, backend: Backend, group: ContainerGroup, verb: Verb) -> None:
        doing, done = VERBS[verb]
        activity = f"{doing} {sanitize_name(group.key)}"
        self._activities[activity] = self._activities.get(activity, 0) + 1
        self._show_activity()
        try:
            await _call(backend, verb)(group.ref)
        finally:
            self._activities[activity] -= 1
            if not self._activities[activity]:
                del self._activities[activity]
            self._show_activity()
        self.notices.say(f"{group.key} {done}.", title=done.capitalize())
        self.on_changed(group.ref, verb == "delete")

    def _show_activity(self) -> None:
        self.on_activity("  ".join(f"⟳ {a}…" for a in self.busy))


def _call(backend: Backend, verb: Verb) -> Callable[[GroupRef], Awaitable[None]]:
    methods = {
        "start": backend.start_group,
        "stop": backend.stop_group,
        "restart": backend.restart_group,
        "delete": backend.delete_group,
    }
    return methods[verb]
