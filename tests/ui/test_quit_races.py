"""Work that finishes while the app quits: it must not crash the exit.

A change notice is batched on a 0.2 s timer and a stop/start reports its group when its worker
ends; either can land while Textual closes the screens on quit, when ``app.screen`` raises
ScreenStackError ("No screens on stack") and the exit turns into a traceback.
"""

from __future__ import annotations

from tests.ui.helpers import make_app, settle, until


async def test_a_group_change_landing_after_quit_is_ignored() -> None:
    """A stop that ends after the user quit tells no views and raises nothing."""
    app, backends = make_app()
    ref = next(iter(backends["memory"].groups.values())).ref
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: app.backend is not None)
    assert not app.is_running  # the user has quit
    app.group_changed(ref, deleted=False)  # what a late lifecycle worker or notice does
