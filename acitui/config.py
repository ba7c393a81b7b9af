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

from acitui.errors import InvalidInputError
from acitui.settings_checks import (
    check_backend,
    check_section,
    normalise_subscription,
    parse_bool,
    subscription_ids,
)


@dataclass(frozen=True)
class DockerSettings:
    host: str = ""  # "" → DOCKER_HOST or the default socket
    #: Seconds a call to the engine may wait for an answer.
    request_timeout: float = field(default=30.0, metadata={"range": (1, 600)})


@dataclass(frozen=True)
class AzureSettings:
    subscription: str = ""
    #: A bearer token (ACITUI_AZURE_TOKEN, or the demo emulator's). Never shown.
    token: str = field(default="", repr=False)
    cloud: str = "AzureCloud"
    arm_endpoint: str = ""
    device_code: bool = False
    managed_identity: bool = False
    ca_bundle: str = ""
    log_poll_seconds: float = field(default=2.0, metadata={"range": (0.1, 3600)})
    #: Seconds one ARM call may take, retries included.
    request_timeout: float = field(default=30.0, metadata={"range": (1, 600)})
    read_only_subscriptions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        ids = subscription_ids(self.read_only_subscriptions, "read_only_subscriptions")
        object.__setattr__(self, "read_only_subscriptions", ids)

    def protects(self, subscription: str) -> bool:
        """True when ``subscription`` is listed in ``read_only_subscriptions``."""
        wanted = normalise_subscription(subscription)
        return bool(wanted) and wanted in self.read_only_subscriptions


@dataclass(frozen=True)
class UiSettings:
    theme: str = "acitui-dark"
    log_cap: int = field(default=100_000, metadata={"range": (100, 10_000_000)})
    log_tail: int = field(default=500, metadata={"range": (0, 10_000_000)})
    refresh_seconds: float = field(default=15.0, metadata={"range": (1, 3600)})


@dataclass(frozen=True)
class Settings:
    """Everything a face or backend may be configured with; passed in, never global."""

    backend: str = "docker"
    read_only: bool = False
    demo: bool = False
    docker: DockerSettings = field(default_factory=DockerSettings)
    azure: AzureSettings = field(default_factory=AzureSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    keys: Mapping[str, str] = field(default_factory=dict)
    config_path: Path | None = None

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def is_read_only(self, subscription: str = "") -> bool:
        """The one read-only decision: the flag/env/file, or a protected subscription.

        Backends set their guard from it, and the header shows the backend's guard.
        """
        return self.read_only or self.azure.protects(subscription)


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
    setting and the problem.
    """
    env = os.environ if env is None else env
    path = path or default_config_path()
    data = _read_file(path)
    top_known = {"backend", "read_only", "theme", "docker", "azure", "ui", "keys"}
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
        docker=_section(data, "docker", DockerSettings, path),
        azure=_section(data, "azure", AzureSettings, path),
        ui=ui,
        keys=dict(keys),
        config_path=path,
    )
    return apply_env(settings, env)


def apply_env(settings: Settings, env: Mapping[str, str]) -> Settings:
    """Environment overrides the file: ACITUI_BACKEND, ACITUI_READ_ONLY, etc.

    An empty variable counts as unset; a read-only variable can only turn read-only on.
    """
    if env.get("ACITUI_BACKEND", "").strip():
        settings = replace(settings, backend=check_backend(env["ACITUI_BACKEND"], "ACITUI_BACKEND"))
    if env.get("ACITUI_READ_ONLY", "").strip():
        if parse_bool(env["ACITUI_READ_ONLY"], "ACITUI_READ_ONLY"):
            settings = replace(settings, read_only=True)
    azure = settings.azure
    if env.get("ACITUI_AZURE_TOKEN") and not azure.token:
        azure = replace(azure, token=env["ACITUI_AZURE_TOKEN"])
    if env.get("ACITUI_ARM_ENDPOINT"):
        azure = replace(azure, arm_endpoint=env["ACITUI_ARM_ENDPOINT"])
    if not azure.subscription and env.get("AZURE_SUBSCRIPTION_ID"):
        azure = replace(azure, subscription=env["AZURE_SUBSCRIPTION_ID"])
    if not azure.ca_bundle:
        bundle = env.get("REQUESTS_CA_BUNDLE") or env.get("SSL_CERT_FILE") or ""
        azure = replace(azure, ca_bundle=bundle)
    docker = settings.docker
    if not docker.host and env.get("DOCKER_HOST"):
        docker = replace(docker, host=env["DOCKER_HOST"])
    return replace(settings, azure=azure, docker=docker)
