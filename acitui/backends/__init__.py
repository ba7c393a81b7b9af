"""Backend loader: a name → module map, imported only when a backend is chosen.

The Docker path never imports azure or aiohttp; the Azure path imports them
only when ``load_backend("azure", ...)`` runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from acitui.errors import InvalidInputError, UnavailableError

if TYPE_CHECKING:
    from acitui.backends.base import Backend
    from acitui.config import Settings

#: backend name → "module:factory". The factory takes Settings, returns a Backend.
REGISTRY: dict[str, str] = {
    "docker": "acitui.backends.docker.backend:DockerBackend.from_settings",
    "azure": "acitui.backends.azure:AzureBackend.from_settings",
}


def backend_names() -> list[str]:
    return sorted(REGISTRY)


def load_backend(name: str, settings: Settings) -> Backend:
    """Import and build the backend called ``name`` from ``settings``.

    Raises InvalidInputError for an unknown name; the backend's own errors
    (UnavailableError, AuthError…) for a target that cannot be used.
    """
    try:
        target = REGISTRY[name]
    except KeyError:
        raise InvalidInputError(
            f"Unknown backend {name!r}",
            hint=f"Choose one of: {', '.join(backend_names())}.",
        ) from None
    module_name, _, attr = target.partition(":")
    try:
        obj: object = importlib.import_module(module_name)
    except ImportError as exc:
        raise UnavailableError(
            f"The {name} backend cannot be loaded ({exc})",
            hint="Reinstall acitui with its dependencies: pip install acitui.",
        ) from None
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj(settings)  # type: ignore[operator, no-any-return]
