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
    read_only_subscriptions = ["prod-sub-id"]
    log_poll_seconds = 2.0

    [ui]
    log_cap = 100000
    refresh_seconds = 15.0

    [keys]
    refresh = "ctrl+r"           # binding id = key(s)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from acitui.errors import InvalidInputError


@dataclass(frozen=True)
class DockerSettings:
    host: str = ""  # "" → DOCKER_HOST or the default socket


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
    log_poll_seconds: float = 2.0
    read_only_subscriptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class UiSettings:
    theme: str = "acitui-dark"
    log_cap: int = 100_000
    log_tail: int = 500
    refresh_seconds: float = 15.0


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


def default_config_path() -> Path:
    """Where the config file is looked for (``ACITUI_CONFIG`` overrides)."""
    explicit = os.environ.get("ACITUI_CONFIG")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_config_dir("acitui")) / "config.toml"


def _section(data: Mapping[str, Any], name: str, cls: type, path: Path) -> Any:
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
    values = dict(raw)
    for key, value in values.items():
        if isinstance(value, list):
            values[key] = tuple(value)
    try:
        return cls(**values)
    except TypeError as exc:  # pragma: no cover - defensive
        raise InvalidInputError(f"{path}: [{name}]: {exc}") from None


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the config file (if any) and the environment into Settings.

    A malformed file raises InvalidInputError naming the file and the problem.
    """
    env = os.environ if env is None else env
    path = path or default_config_path()
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInputError(
                f"{path} is not valid TOML ({exc})", hint="Fix or remove the file."
            ) from None
        except OSError as exc:
            raise InvalidInputError(f"Cannot read {path}: {exc.strerror}") from None
    top_known = {"backend", "read_only", "theme", "docker", "azure", "ui", "keys"}
    unknown = sorted(set(data) - top_known)
    if unknown:
        raise InvalidInputError(
            f"{path}: unknown key(s): {', '.join(unknown)}",
            hint=f"Known keys: {', '.join(sorted(top_known))}.",
        )
    ui = _section(data, "ui", UiSettings, path)
    if "theme" in data:
        ui = replace(ui, theme=str(data["theme"]))
    keys = data.get("keys", {})
    if not isinstance(keys, Mapping) or not all(isinstance(v, str) for v in keys.values()):
        raise InvalidInputError(f"{path}: [keys] must map binding ids to key strings")
    settings = Settings(
        backend=str(data.get("backend", "docker")),
        read_only=bool(data.get("read_only", False)),
        docker=_section(data, "docker", DockerSettings, path),
        azure=_section(data, "azure", AzureSettings, path),
        ui=ui,
        keys=dict(keys),
        config_path=path,
    )
    return apply_env(settings, env)


def apply_env(settings: Settings, env: Mapping[str, str]) -> Settings:
    """Environment overrides the file: ACITUI_BACKEND, ACITUI_READ_ONLY, etc."""
    if env.get("ACITUI_BACKEND"):
        settings = replace(settings, backend=env["ACITUI_BACKEND"])
    if env.get("ACITUI_READ_ONLY", "").lower() in {"1", "true", "yes"}:
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
