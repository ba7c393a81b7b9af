"""The backend registry: a name → package map, each package describing itself.

Standard library only. A backend package's ``__init__`` holds a
:class:`~acitui.backends.descriptor.BackendDescriptor` called ``DESCRIPTOR`` and
imports no SDK; its client code is imported only by :func:`load_backend`. So the
Docker path never imports azure or aiohttp, and the Azure path imports them only
when ``load_backend("azure", ...)`` runs.

Adding a backend is one package plus one entry here — or, for a plugin or a test,
one :func:`register` call: config, the command line, the UI and the contract suite
iterate the registry.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from acitui.backends.descriptor import BackendDescriptor, Words
from acitui.errors import InvalidInputError, UnavailableError

if TYPE_CHECKING:
    from acitui.backends.base import Backend
    from acitui.config import Settings

#: Built-in backends: name → the package whose ``DESCRIPTOR`` describes it.
REGISTRY: dict[str, str] = {
    "docker": "acitui.backends.docker",
    "azure": "acitui.backends.azure",
}
#: Backends registered at run time (plugins, tests), by name.
_REGISTERED: dict[str, BackendDescriptor] = {}


def register(descriptor: BackendDescriptor) -> None:
    """Make ``descriptor``'s backend available by name (replacing one of the same name)."""
    _REGISTERED[descriptor.name] = descriptor


def unregister(name: str) -> None:
    """Forget a backend added with :func:`register` (built-in ones stay)."""
    _REGISTERED.pop(name, None)


def backend_names() -> list[str]:
    return sorted({*REGISTRY, *_REGISTERED})


def descriptor(name: str) -> BackendDescriptor:
    """The descriptor of the backend called ``name``; InvalidInputError for an unknown name."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    if name not in REGISTRY:
        raise InvalidInputError(
            f"Unknown backend {name!r}",
            hint=f"Choose one of: {', '.join(backend_names())}.",
        )
    found: BackendDescriptor = importlib.import_module(REGISTRY[name]).DESCRIPTOR
    return found


def descriptors() -> list[BackendDescriptor]:
    """Every registered backend's descriptor, by name."""
    return [descriptor(name) for name in backend_names()]


def words(name: str) -> Words:
    """The backend's vocabulary (the defaults for a name the registry does not know)."""
    try:
        return descriptor(name).words
    except InvalidInputError:
        return Words()


def factory_module(name: str) -> str:
    """The module holding the backend's client code ("" for an unknown name)."""
    try:
        return descriptor(name).factory.partition(":")[0]
    except InvalidInputError:
        return ""


def load_backend(name: str, settings: Settings) -> Backend:
    """Import and build the backend called ``name`` from ``settings``.

    Raises InvalidInputError for an unknown name; the backend's own errors
    (UnavailableError, AuthError…) for a target that cannot be used.
    """
    found = descriptor(name)
    try:
        return found.build(settings)
    except ImportError as exc:
        raise UnavailableError(
            f"The {name} backend cannot be loaded ({exc})",
            hint="Reinstall acitui with its dependencies: pip install acitui.",
        ) from None
