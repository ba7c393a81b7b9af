"""Settings: defaults, then the TOML config file, then environment, then flags.

Nothing here touches the filesystem at import time. The config file lives in
the platform's config dir (``platformdirs``), e.g. ``~/.config/acitui/config.toml``::

    backend = "docker"          # or "azure"
    read_only = false
    theme = "acitui-dark"

    [docker]
    host = "unix:///var/run/docker.sock"

    [azure]
    subscription = "..."
    cloud = "AzureCloud"
    arm_endpoint = ""
    read_only_subscriptions = ["00000000-0000-0000-0000-000000000000"]
    log_poll_seconds = 2.0

    [ui]
    log_cap = 100000
    refresh_seconds = 15.0

    [keys]
    refresh = "ctrl+r"           # binding id = key(s)

Settings fail closed: a yes/no setting that is not a known word, a number of the
wrong type or out of range, a subscription list that is not a list of ids — each
refuses the start with an InvalidInputError naming the setting (the CLI's exit 2).
The checks live in :mod:`acitui.settings_checks`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from acitui.backends import backend_names, descriptors
from acitui.errors import InvalidInputError
from acitui.settings_checks import check_section, parse_bool, shown


@dataclass(frozen=True)
class UiSettings:
    theme: str = "acitui-dark"
    log_cap: int = field(default=100_000, metadata={"range": (100, 10_000_000)})
    log_tail: int = field(default=500, metadata={"range": (0, 10_000_000)})
    refresh_seconds: float = field(default=15.0, metadata={"range": (1, 3600)})


def check_backend(value: object, name: str) -> str:
    """A registered backend's name."""
    names = backend_names()
    if not isinstance(value, str) or value.strip() not in names:
        raise InvalidInputError(
            f"{name}: no backend called {shown(value)}", hint=f"Choose one of: {', '.join(names)}."
        )
    return value.strip()


def _default_sections() -> dict[str, Any]:
    return {d.name: d.settings_cls() for d in descriptors()}


@dataclass(frozen=True, init=False)
class Settings:
    """Everything a face or backend may be configured with; passed in, never global.

    Each registered backend has its section, read as ``settings.<backend name>``
    (``settings.docker``, ``settings.azure``) and given as a keyword of the same name:
    ``Settings(azure=AzureSettings(...))``, ``replace(settings, docker=...)``.
    """

    backend: str
    read_only: bool
    demo: bool
    ui: UiSettings
    keys: Mapping[str, str]
    config_path: Path | None
    #: backend name → its settings section (a frozen dataclass from its package).
    sections: Mapping[str, Any]

    def __init__(
        self,
        backend: str = "docker",
        read_only: bool = False,
        demo: bool = False,
        ui: UiSettings | None = None,
        keys: Mapping[str, str] | None = None,
        config_path: Path | None = None,
        sections: Mapping[str, Any] | None = None,
        **named: Any,
    ) -> None:
        merged = {**_default_sections(), **(sections or {}), **named}
        unknown = sorted(set(named) - set(backend_names()))
        if unknown:
            raise TypeError(f"Settings() got unknown backend section(s): {', '.join(unknown)}")
        for name, value in (
            ("backend", backend),
            ("read_only", read_only),
            ("demo", demo),
            ("ui", ui if ui is not None else UiSettings()),
            ("keys", dict(keys or {})),
            ("config_path", config_path),
            ("sections", merged),
        ):
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        """A backend's section by its name: ``settings.azure``."""
        sections = self.__dict__.get("sections", {})
        if name in sections:
            return sections[name]
        raise AttributeError(f"Settings has no attribute or backend section {name!r}")

    def section(self, name: str | None = None) -> Any:
        """The section of backend ``name`` (default: the chosen backend)."""
        return self.sections[name or self.backend]

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def is_read_only(self, target: str = "") -> bool:
        """The one read-only decision: the flag/env/file, or a target a section protects.

        A section protects a target (Azure: a subscription id) when it has a
        ``protects(target)`` method saying so. Backends set their guard from this,
        and the header shows the backend's guard.
        """
        if self.read_only:
            return True
        return any(
            bool(getattr(section, "protects", lambda _t: False)(target))
            for section in self.sections.values()
        )


def default_config_path() -> Path:
    """Where the config file is looked for (``ACITUI_CONFIG`` overrides)."""
    explicit = os.environ.get("ACITUI_CONFIG")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_config_dir("acitui")) / "config.toml"


def _section(data: Mapping[str, Any], name: str, cls: type[Any], path: Path) -> Any:
    raw = data.get(name, {})
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"{path}: [{name}] must be a table")
    known = {f for f in cls.__dataclass_fields__}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InvalidInputError(
            f"{path}: unknown key(s) in [{name}]: {', '.join(unknown)}",
            hint=f"Known keys: {', '.join(sorted(known))}.",
        )
    return cls(**check_section(cls, raw, f"{path}: [{name}]"))


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"{path} is not valid TOML ({exc})", hint="Fix or remove the file."
        ) from None
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror}") from None


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the config file (if any) and the environment into Settings.

    A malformed file or setting raises InvalidInputError naming the file, the
    setting and the problem. Each registered backend's section is read with the
    dataclass its package declares.
    """
    env = os.environ if env is None else env
    path = path or default_config_path()
    data = _read_file(path)
    backends = descriptors()
    top_known = {"backend", "read_only", "theme", "ui", "keys", *(d.name for d in backends)}
    unknown = sorted(set(data) - top_known)
    if unknown:
        raise InvalidInputError(
            f"{path}: unknown key(s): {', '.join(unknown)}",
            hint=f"Known keys: {', '.join(sorted(top_known))}.",
        )
    ui = _section(data, "ui", UiSettings, path)
    if "theme" in data:
        if not isinstance(data["theme"], str):
            raise InvalidInputError(f"{path}: theme must be a string")
        ui = replace(ui, theme=data["theme"])
    keys = data.get("keys", {})
    if not isinstance(keys, Mapping) or not all(isinstance(v, str) for v in keys.values()):
        raise InvalidInputError(f"{path}: [keys] must map binding ids to key strings")
    settings = Settings(
        backend=check_backend(data.get("backend", "docker"), f"{path}: backend"),
        read_only=parse_bool(data.get("read_only", False), f"{path}: read_only"),
        ui=ui,
        keys=dict(keys),
        config_path=path,
        sections={d.name: _section(data, d.name, d.settings_cls, path) for d in backends},
    )
    return apply_env(settings, env)


def apply_env(settings: Settings, env: Mapping[str, str]) -> Settings:
    """Environment overrides the file: ACITUI_BACKEND, ACITUI_READ_ONLY, then each backend's own.

    An empty variable counts as unset; a read-only variable can only turn read-only on.
    """
    if env.get("ACITUI_BACKEND", "").strip():
        settings = replace(settings, backend=check_backend(env["ACITUI_BACKEND"], "ACITUI_BACKEND"))
    if env.get("ACITUI_READ_ONLY", "").strip():
        if parse_bool(env["ACITUI_READ_ONLY"], "ACITUI_READ_ONLY"):
            settings = replace(settings, read_only=True)
    sections = {d.name: d.apply_env(settings.section(d.name), env) for d in descriptors()}
    return replace(settings, sections=sections)
