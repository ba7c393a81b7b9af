"""``u``: today's ACI at a glance — quota per location, NGroups with their members, profiles.

Loaded in a worker from a backend that offers them (:class:`AciResources`); any
other backend (or an endpoint too old for NGroups) gets one plain sentence.
The NGroups are also a list: ``S``/``X``/``R`` start, stop or restart the
highlighted one after a confirmation (read-only is refused by the backend).
Every provider string is sanitised and drawn as plain ``Text``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from acitui.backends.base import Backend
from acitui.errors import AcituiError
from acitui.model import GroupRef
from acitui.model_aci import AciResources, GroupProfile, NGroup, Usage
from acitui.sanitize import sanitize, sanitize_name

#: A usage at or above this share of its limit is flagged.
NEAR_LIMIT = 0.8


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def quota_text(usages: list[Usage]) -> Text:
    text = Text("Quota\n", style="bold underline")
    if not usages:
        text.append("  (no usage reported)\n")
    for u in usages:
        near = u.limit > 0 and u.current / u.limit >= NEAR_LIMIT
        line = f"  {sanitize_name(u.location):<14} {sanitize_name(u.name):<28} "
        text.append(line)
        text.append(f"{_number(u.current)}/{_number(u.limit)}", style="bold" if near else "")
        text.append("  near limit\n" if near else "\n", style="bold" if near else "")
    return text


def ngroups_text(ngroups: list[NGroup]) -> Text:
    text = Text("NGroups\n", style="bold underline")
    if not ngroups:
        text.append("  (none)\n")
    for n in ngroups:
        desired = "-" if n.desired_count is None else str(n.desired_count)
        facts = [
            f"{n.running}/{desired} running",
            "keeps count" if n.maintain_desired_count else "count not kept",
            sanitize_name(n.update_mode or "-"),
        ]
        if n.zones:
            facts.append("zones " + ",".join(sanitize_name(z) for z in n.zones))
        if n.profile is not None:
            facts.append(f"profile {sanitize_name(str(n.profile))}")
        name = f"{sanitize_name(n.resource_group)}/{sanitize_name(n.name)}"
        text.append(f"  {name}  ", style="bold")
        text.append(" · ".join(facts) + "\n")
        for member in n.members:
            text.append(f"    {sanitize_name(member)}\n")
    return text


def profiles_text(profiles: list[GroupProfile]) -> Text:
    text = Text("Container group profiles\n", style="bold underline")
    if not profiles:
        text.append("  (none)\n")
    for p in profiles:
        name = f"{sanitize_name(p.resource_group)}/{sanitize_name(p.name)}"
        revisions = ",".join(str(r) for r in p.revisions) or "-"
        text.append(f"  {name}  ", style="bold")
        text.append(f"revision {p.revision if p.revision is not None else '-'} ")
        images = " ".join(sanitize_name(c) for c in p.containers)
        text.append(f"(revisions {revisions})  {images}\n")
    return text


NGroupVerb = Literal["start", "stop", "restart"]


class QuotaScreen(ModalScreen[None]):
    """A modal with quota, NGroups and profiles of the current backend; esc/q/u closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,u", "dismiss", "Close"),
        Binding("S", "ngroup('start')", "Start NGroup"),
        Binding("X", "ngroup('stop')", "Stop NGroup"),
        Binding("R", "ngroup('restart')", "Restart NGroup"),
    ]

    def __init__(self, backend: Backend | None) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend
        self.ngroups: list[NGroup] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("Quota, NGroups and profiles"), classes="title")
            yield Static(Text("Loading…"), id="aci-body")
            yield Static(Text("NGroups: S start · X stop · R restart (confirmed)"), id="ng-hint")
            yield OptionList(id="ngroup-list")

    def on_mount(self) -> None:
        self.query_one("#ng-hint").display = False
        self.query_one("#ngroup-list").display = False
        self.run_worker(self._load(), exclusive=True, group="aci-resources")

    async def _load(self) -> None:
        backend = self.backend
        if not isinstance(backend, AciResources):
            name = sanitize_name(backend.name) if backend is not None else "current"
            missing = Text(f"The {name} backend has no quota, NGroups or profiles.")
            self.query_one("#aci-body", Static).update(missing)
            return
        body = Text()
        try:
            body.append_text(quota_text(await backend.list_usages()))
        except AcituiError as exc:
            body.append(f"Quota: {sanitize(exc.one_line())}\n")
        body.append("\n")
        try:
            self.ngroups = await backend.list_ngroups()
            body.append_text(ngroups_text(self.ngroups))
            body.append("\n")
            body.append_text(profiles_text(await backend.list_profiles()))
        except AcituiError as exc:
            body.append(f"NGroups and profiles: {sanitize(exc.one_line())}\n")
        self.query_one("#aci-body", Static).update(body)
        self._list_ngroups()

    def _list_ngroups(self) -> None:
        options = self.query_one("#ngroup-list", OptionList)
        options.clear_options()
        for n in self.ngroups:
            label = Text(f"{sanitize_name(n.resource_group)}/{sanitize_name(n.name)}")
            desired = "-" if n.desired_count is None else str(n.desired_count)
            label.append(f"  {n.running}/{desired} running")
            options.add_option(Option(label))
        shown = bool(self.ngroups)
        options.display = shown
        self.query_one("#ng-hint").display = shown
        if shown:
            options.highlighted = 0
            options.focus()

    def action_ngroup(self, verb: NGroupVerb) -> None:
        """Confirm, then start/stop/restart the highlighted NGroup in a worker."""
        index = self.query_one("#ngroup-list", OptionList).highlighted
        if index is None or index >= len(self.ngroups):
            return
        chosen = self.ngroups[index]
        ref = GroupRef(chosen.resource_group, chosen.name)
        from acitui.ui.screens.confirm import ConfirmScreen

        question = f"{verb.capitalize()} every member of NGroup {sanitize_name(str(ref))}?"

        def answered(ok: bool | None) -> None:
            if ok:
                self.run_worker(self._act(verb, ref), group="ngroup-action")

        self.app.push_screen(ConfirmScreen(question), callback=answered)

    async def _act(self, verb: NGroupVerb, ref: GroupRef) -> None:
        backend = self.backend
        assert isinstance(backend, AciResources)
        name = sanitize_name(str(ref))
        self.app.notify(f"NGroup {name}: {verb} …", markup=False)
        try:
            await backend.ngroup_action(verb, ref)
        except AcituiError as exc:
            self.app.notify(
                sanitize(exc.one_line()), title="NGroup", severity="error", markup=False
            )
            return
        self.app.notify(f"NGroup {name}: {verb} done", markup=False)
        await self._load()
