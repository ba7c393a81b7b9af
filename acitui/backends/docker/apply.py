"""Create-or-replace a group on Docker, and deploy an ARM template locally.

The engine has no template evaluator: :mod:`acitui.spec` evaluates the subset the
ACI tutorials use (and refuses any other function by name and line), then each
container group is created in turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from acitui.backends.base import Notice, Notifier
from acitui.backends.docker.create import GroupCreator
from acitui.backends.docker.volumes import remove_group_volumes
from acitui.errors import InvalidInputError
from acitui.model import ContainerGroup, GroupRef
from acitui.spec.load import load

if TYPE_CHECKING:
    from acitui.backends.docker.backend import DockerBackend
    from acitui.spec.model import GroupSpec
    from acitui.spec.yaml_file import Document


def create_sync(
    backend: DockerBackend, ref: GroupRef, spec: GroupSpec, progress: Notifier
) -> ContainerGroup:
    """Replace any group at ``ref`` with one made from ``spec``; all or nothing (blocking)."""

    def make(api: Any) -> None:
        try:
            old = backend._plan(api, ref).members
        except Exception:  # NotFoundError: a new group
            old = []
        if old:
            progress(Notice.progress(f"Creating {ref}", "removing the running version"))
            for m in reversed(old):
                api.remove_container(m.id, force=True)
            remove_group_volumes(api, ref)
        creator = GroupCreator(api, ref, spec, progress)
        try:
            creator.run()
        except BaseException:
            creator.undo()
            raise

    backend._sync(make, what=f"Create {ref}")
    return backend._sync(backend._get_sync, ref, what=f"Group {ref}")


async def deploy_locally(
    backend: DockerBackend,
    resource_group: str,
    document: Document,
    params: dict[str, str],
    progress: Notifier,
) -> list[ContainerGroup]:
    """Evaluate a template with acitui.spec and create each of its groups."""
    loaded = load(
        document, params=params, resource_group=resource_group
    )  # Docker warnings: at create
    if loaded.errors:
        first = loaded.errors[0]
        raise InvalidInputError(str(first), hint="Nothing was created.")
    for finding in loaded.warnings:
        progress(Notice.warning("Template", str(finding)))
    out = []
    for spec in loaded.groups:
        out.append(
            await backend.create_group(GroupRef(resource_group, spec.name), spec, progress=progress)
        )
    return out
