"""What a backend package says about itself, so faces and config need no edit per backend.

Standard library only. Each backend package (``acitui/backends/<name>/__init__.py``)
defines ``DESCRIPTOR``: its name and words, its settings section (a frozen dataclass
whose number fields may carry ``metadata={"range": (low, high)}``), the command-line
options it adds, how the environment overrides its section, and a ``module:callable``
factory imported only when the backend is chosen.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from acitui.backends.base import Backend
    from acitui.config import Settings


@dataclass(frozen=True)
class Words:
    """The backend's own vocabulary for the UI and the headless tables."""

    #: What a folder of groups is called, plural and singular ("Resource groups").
    resource_groups: str = "Resource groups"
    resource_group: str = "Resource group"


@dataclass(frozen=True)
class CliOption:
    """One command-line option a backend adds; its value lands in a field of its section.

    ``kwargs`` go to ``argparse.add_argument`` (help, choices, action, metavar). A
    ``store_true`` flag sets the field to True; any other option sets it to the value given.
    """

    flags: tuple[str, ...]
    #: The section field the option's value lands in.
    target: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dest(self) -> str:
        return self.flags[0].lstrip("-").replace("-", "_")

    def add_to(self, parser: argparse.ArgumentParser, *, suppress: bool) -> None:
        extra: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
        parser.add_argument(*self.flags, dest=self.dest, **{**self.kwargs, **extra})

    def apply(self, section: Any, args: argparse.Namespace) -> Any:
        """``section`` with this option's value from ``args``, when the option was given."""
        value = getattr(args, self.dest, None)
        if value is None or value is False:
            return section
        return replace(section, **{self.target: value})


def _no_env(section: Any, env: Mapping[str, str]) -> Any:
    return section


@dataclass(frozen=True)
class BackendDescriptor:
    """A backend package's self-description; see the module docstring."""

    name: str
    #: A few words for --help and the backend picker ("the local Docker engine").
    summary: str
    #: ``"module:attr.attr"`` → a callable taking Settings and returning a Backend.
    factory: str
    #: The ``[name]`` section of the config file; every field has a default.
    settings_cls: type[Any]
    words: Words = field(default_factory=Words)
    options: tuple[CliOption, ...] = ()
    #: Environment overrides: ``(section, env) -> section`` (an empty variable counts as unset).
    apply_env: Callable[[Any, Mapping[str, str]], Any] = _no_env
    #: Fields ``acitui config init`` leaves out of the file (tokens, one-off sign-in choices).
    not_in_file: frozenset[str] = frozenset()
    #: One-line notes ``acitui config init`` writes beside a field.
    notes: Mapping[str, str] = field(default_factory=dict)
    #: The contract suite's fleet builder, ``"module:callable"`` (a test-time hook; built-in
    #: backends leave it empty and keep theirs in ``tests/backends/fleet_<name>.py``).
    contract_fleet: str = ""
    #: Its listing holds no event-loop state (blocking calls on threads): the TUI may read
    #: the first listing on a thread while Textual starts (see :mod:`acitui.first_listing`).
    list_off_loop: bool = False

    def build(self, settings: Settings) -> Backend:
        """Import the backend's module (only now) and build it from ``settings``."""
        import importlib

        module_name, _, attr = self.factory.partition(":")
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
        backend: Backend = obj(settings)
        return backend
