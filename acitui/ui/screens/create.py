"""``n``: create a group from ``az container create``'s fields, checked as you type.

Each change rebuilds the group with :func:`acitui.create_spec.build_spec` and shows
the first problem (or "ready"); secure variables go in a masked input and are never
shown. ``ctrl+s`` (or enter in any field) creates it with the backend's progress as
toasts; the screen closes with the new group's ref, or shows the failure in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from acitui.backends.base import Backend, Notice
from acitui.create_spec import (
    IP_TYPES,
    OS_TYPES,
    RESTART_POLICIES,
    CreateOptions,
    build_spec,
    parse_number,
    parse_pairs,
    parse_ports,
)
from acitui.errors import AcituiError
from acitui.model import GroupRef
from acitui.sanitize import sanitize
from acitui.spec.model import GroupSpec
from acitui.spec.validate import validate

#: (id, label, placeholder) of the text fields, in order.
FIELDS = (
    ("name", "RG/NAME", "my-rg/my-group"),
    ("image", "Image", "nginx:latest"),
    ("cpu", "CPU", "1"),
    ("memory", "Memory (GB)", "1.5"),
    ("ports", "Ports", "80 443"),
    ("dns", "DNS name label", "optional (implies a public IP)"),
    ("env", "Variables", "KEY=value KEY2='two words'"),
    ("secure", "Secure variables", "KEY=value (masked, never shown)"),
    ("command", "Command line", "optional: the image's own when empty"),
    ("location", "Location", "optional: the resource group's"),
)


class CreateScreen(ModalScreen[GroupRef | None]):
    """A form with ``az container create``'s fields; ctrl+s creates."""

    DEFAULT_CSS = """
    CreateScreen .dialog { width: 84; }
    CreateScreen .form-row { height: auto; }
    CreateScreen .form-label { width: 18; }
    CreateScreen Input, CreateScreen Select { width: 1fr; }
    CreateScreen #create-status { margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "create", "Create"),
    ]

    def __init__(
        self, backend: Backend, resource_group: str, notify: Callable[[Notice], None]
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.backend = backend
        self.resource_group = resource_group
        self.notify_backend = notify
        self.busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text("New container group (ctrl+s creates, esc cancels)"))
            for field_id, label, hint in FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(Text(label), classes="form-label")
                    yield Input(
                        placeholder=sanitize(hint), id=f"create-{field_id}", compact=True,
                        password=field_id == "secure",
                    )  # fmt: skip
            for field_id, label, choices, default in (
                ("ip", "IP address", ("None", *IP_TYPES), "None"),
                ("restart", "Restart policy", RESTART_POLICIES, "Always"),
                ("os", "OS type", OS_TYPES, "Linux"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(Text(label), classes="form-label")
                    yield Select(
                        [(c, c) for c in choices], value=default, allow_blank=False,
                        id=f"create-{field_id}", compact=True,
                    )  # fmt: skip
            yield Static(Text(""), id="create-status")

    def on_mount(self) -> None:
        name = self.query_one("#create-name", Input)
        name.value = f"{self.resource_group}/" if self.resource_group else ""
        self.query_one("#create-cpu", Input).value = "1"
        self.query_one("#create-memory", Input).value = "1.5"
        self.query_one("#create-ports", Input).value = "80"
        name.focus()
        name.cursor_position = len(name.value)

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#create-{field_id}", Input).value.strip()

    def _choice(self, field_id: str) -> str:
        return str(self.query_one(f"#create-{field_id}", Select).value)

    def build(self) -> tuple[GroupRef, GroupSpec]:
        """The ref and group the fields describe; InvalidInputError names the first problem."""
        ref = GroupRef.parse(self._value("name"))
        ip = self._choice("ip")
        options = CreateOptions(
            image=self._value("image"),
            cpu=parse_number(self._value("cpu") or "1", "CPU"),
            memory=parse_number(self._value("memory") or "1.5", "memory"),
            ports=parse_ports(self._value("ports")),
            ip_address=None if ip == "None" else ip,
            dns_name_label=self._value("dns") or None,
            environment=parse_pairs(self._value("env")),
            secure_environment=parse_pairs(self._value("secure"), "secure variable"),
            command_line=self._value("command") or None,
            restart_policy=self._choice("restart"),
            os_type=self._choice("os"),
            location=self._value("location"),
        )
        return ref, build_spec(ref.name, options)

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#create-status", Static).update(Text(sanitize(text), style=style))

    def check(self) -> tuple[GroupRef, GroupSpec] | None:
        """Show the first problem or the warnings; the ref and spec when it can be created."""
        try:
            ref, spec = self.build()
        except AcituiError as exc:
            self._status(exc.one_line(), "bold")
            return None
        findings = validate(spec, name=ref.name, target=self.backend.name)
        errors = [f.message for f in findings if f.level == "error"]
        if errors:
            self._status(errors[0], "bold")
            return None
        notes = [f.message for f in findings]
        self._status("\n".join([f"Ready to create {ref} on {self.backend.name}.", *notes]))
        return ref, spec

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        if not self.busy:
            self.check()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_create()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    def action_create(self) -> None:
        if self.busy:
            return
        checked = self.check()
        if checked is not None:
            self.busy = True
            self._status(f"Creating {checked[0]}…")
            self._create(*checked)

    @work(exclusive=True, group="create", exit_on_error=False)
    async def _create(self, ref: GroupRef, spec: GroupSpec) -> None:
        try:
            group = await self.backend.create_group(ref, spec, progress=self.notify_backend)
        except AcituiError as exc:
            self.busy = False
            self._status(f"Failed: {exc.one_line()}", "bold")
            return
        self.dismiss(group.ref)
