"""``u``: today's ACI at a glance — quota per location, NGroups with their members, profiles.

Loaded in a worker from a backend that offers them (:class:`AciResources`); any
other backend (or an endpoint too old for NGroups) gets one plain sentence.
Every provider string is sanitised and drawn as plain ``Text``.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from acitui.backends.base import Backend
from acitui.errors import AcituiError
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


class QuotaScreen(ModalScreen[None]):
    """A modal with quota, NGroups and profiles of the current backend; esc/q/u closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,u", "dismiss", "Close")]

    def __init__(self, backend: Backend | None) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("Quota, NGroups and profiles"), classes="title")
            yield Static(Text("Loading…"), id="aci-body")

    def on_mount(self) -> None:
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
            body.append_text(ngroups_text(await backend.list_ngroups()))
            body.append("\n")
            body.append_text(profiles_text(await backend.list_profiles()))
        except AcituiError as exc:
            body.append(f"NGroups and profiles: {sanitize(exc.one_line())}\n")
        self.query_one("#aci-body", Static).update(body)
