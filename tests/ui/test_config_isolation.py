"""UI tests never read the developer's config dir: an autouse fixture points it at a tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from acitui.config import Settings, default_config_path
from acitui.ui.themes import user_theme_dir
from tests.ui.helpers import make_app, notices, settle


async def test_broken_theme_in_the_home_dir_does_not_reach_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_config: Path
) -> None:
    """A broken theme under $HOME/.config/acitui/themes gives no error toast in a test run."""
    home = tmp_path / "home"
    themes = home / ".config" / "acitui" / "themes"
    themes.mkdir(parents=True)
    (themes / "broken.toml").write_text("this is = = not toml", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    assert user_theme_dir(Settings()).is_relative_to(isolated_config)
    assert default_config_path().is_relative_to(isolated_config)
    app, _ = make_app()
    assert app._theme_problems == []
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        assert not any("broken" in text for text in notices(app))
