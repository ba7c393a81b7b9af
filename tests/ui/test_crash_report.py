"""A crash report never prints local variables (they can hold log lines or secrets)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.ui.helpers import make_app, settle


class Exploding(Static):
    """A widget with a bug: it raises while holding a secret in a local variable."""

    def on_mount(self) -> None:
        secret_line = "".join(reversed("tnirp-ton-od-2retnuh=DROWSSAP_BD"))  # not in the source
        raise RuntimeError(f"widget bug ({len(secret_line)} chars)")


async def test_crash_report_shows_the_error_but_no_locals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unhandled error ends the app with a traceback naming it, without the secret local."""
    app, _ = make_app()
    with pytest.raises(RuntimeError, match="widget bug"):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            await app.screen.mount(Exploding())
            await pilot.pause()
    report = capsys.readouterr().err
    assert "RuntimeError" in report and "widget bug" in report
    assert "hunter2" not in report
