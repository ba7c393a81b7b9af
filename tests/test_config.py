"""Settings: file, environment and flags combine; a broken file is a clear error."""

from pathlib import Path

import pytest

from acitui.config import load_settings
from acitui.errors import InvalidInputError


def test_file_then_environment(tmp_path: Path) -> None:
    """The config file sets defaults and the environment overrides them."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('backend = "azure"\n[ui]\nlog_cap = 5000\n[keys]\nrefresh = "f5"\n')
    s = load_settings(cfg, env={"ACITUI_READ_ONLY": "1", "AZURE_SUBSCRIPTION_ID": "sub-1"})
    assert s.backend == "azure" and s.read_only and s.ui.log_cap == 5000
    assert s.azure.subscription == "sub-1" and s.keys == {"refresh": "f5"}


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    """No config file is not an error."""
    s = load_settings(tmp_path / "nope.toml", env={})
    assert s.backend == "docker" and not s.read_only


@pytest.mark.parametrize(
    "text, expect",
    [
        ("backend = [", "not valid TOML"),
        ("colour = 1", "unknown key"),
        ("[ui]\nlogcap = 1", "logcap"),
    ],
)
def test_malformed_file_names_the_problem(tmp_path: Path, text: str, expect: str) -> None:
    """A broken config file gives a message naming the file and what is wrong."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(text)
    with pytest.raises(InvalidInputError) as err:
        load_settings(cfg, env={})
    assert str(cfg) in str(err.value) and expect in str(err.value)


def test_token_is_not_in_repr(tmp_path: Path) -> None:
    """A bearer token never appears when settings are printed or logged."""
    s = load_settings(tmp_path / "none.toml", env={"ACITUI_AZURE_TOKEN": "sekrit-token"})
    assert s.azure.token == "sekrit-token" and "sekrit-token" not in repr(s)
