"""Feeds a :class:`GroupsModel` from a backend: the list page by page, details on demand.

No Textual here: the screen runs these as workers and repaints when told.
A loader writes only to the model it was given, so one still running for a
backend the user has left fills a model nobody shows any more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from acitui.backends.base import Backend
from acitui.errors import NotFoundError
from acitui.model import ContainerGroup, GroupRef
from acitui.ui.groups_model import GroupsModel

#: Details read at once; more would crowd out the list's own pages.
DETAIL_CONCURRENCY = 4


async def load_list(backend: Backend, model: GroupsModel, on_page: Callable[[int], None]) -> None:
    """Read every group into ``model``; ``on_page(groups so far)`` after each page.

    Groups that vanished are dropped only once the last page is in. On failure the
    model keeps what it had and holds the error, which is raised again.
    """
    listed: set[str] = set()
    model.begin(model.resource_groups)  # last list's, until this one's arrive
    # The resource groups are read beside the first page, not before it (one round trip less).
    resource_groups = asyncio.ensure_future(backend.list_resource_groups())
    try:
        async for page in backend.iter_groups():
            if resource_groups.done():
                model.resource_groups = resource_groups.result()
            model.take_page(page)
            listed.update(g.key for g in page)
            on_page(len(listed))
        model.resource_groups = await resource_groups
    except Exception as exc:
        model.fail(exc)
        raise
    finally:
        resource_groups.cancel()  # when the pages failed first (a no-op once done)
        if resource_groups.done() and not resource_groups.cancelled():
            resource_groups.exception()  # retrieved: the pages' error is the one said
    model.finish(listed)


async def load_group(backend: Backend, model: GroupsModel, ref: GroupRef) -> ContainerGroup | None:
    """Read one group into ``model``; None (and gone from the model) if it no longer exists."""
    try:
        group = await backend.get_group(ref)
    except NotFoundError:
        model.remove(str(ref))
        return None
    model.put_detail(group)
    return group


async def load_details(
    backend: Backend,
    model: GroupsModel,
    keys: Iterable[str],
    on_group: Callable[[ContainerGroup | None], None],
) -> None:
    """Read the live state of ``keys``, a few at a time; ``on_group`` after each."""
    wanted = list(keys)
    model.inflight.update(wanted)
    limit = asyncio.Semaphore(DETAIL_CONCURRENCY)

    async def one(key: str) -> None:
        async with limit:
            try:
                group = await load_group(backend, model, GroupRef.parse(key))
            finally:
                model.inflight.discard(key)
            on_group(group)

    await asyncio.gather(*(one(k) for k in wanted))
