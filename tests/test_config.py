"""Settings: file, environment and flags combine; a broken file is a clear error."""

import subprocess
import sys
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


GUID = "0a1b2c3d-0000-4000-8000-00000000abcd"


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "Yes", "on", "ON", " true ", "on\n"])
def test_read_only_env_accepts_every_yes_word(tmp_path: Path, word: str) -> None:
    """ACITUI_READ_ONLY=on (or yes, 1, true in any case, trimmed) turns read-only on."""
    s = load_settings(tmp_path / "none.toml", env={"ACITUI_READ_ONLY": word})
    assert s.read_only and s.is_read_only()


@pytest.mark.parametrize("word", ["0", "false", "No", "OFF", ""])
def test_read_only_env_no_words_leave_it_off(tmp_path: Path, word: str) -> None:
    """ACITUI_READ_ONLY=off (or no, 0, false, empty) leaves read-only off."""
    assert not load_settings(tmp_path / "none.toml", env={"ACITUI_READ_ONLY": word}).read_only


@pytest.mark.parametrize("word", ["enabled", "y", "2", "tru", "on please"])
def test_read_only_env_refuses_unknown_words(tmp_path: Path, word: str) -> None:
    """An unknown read-only word refuses the start, naming the variable, instead of failing open."""
    with pytest.raises(InvalidInputError, match="ACITUI_READ_ONLY"):
        load_settings(tmp_path / "none.toml", env={"ACITUI_READ_ONLY": word})


@pytest.mark.parametrize(
    "text, key",
    [
        ('read_only = "enabled"', "read_only"),
        ("read_only = 2", "read_only"),
        ('[azure]\ndevice_code = "sure"', "device_code"),
        ("[azure]\nmanaged_identity = 5", "managed_identity"),
    ],
)
def test_file_booleans_refuse_unknown_values(tmp_path: Path, text: str, key: str) -> None:
    """A yes/no key in the file with any other value is refused with the key's name."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(text + "\n")
    with pytest.raises(InvalidInputError, match=key):
        load_settings(cfg, env={})


def test_file_booleans_accept_words(tmp_path: Path) -> None:
    """read_only = "on" and device_code = "yes" in the file mean true."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('read_only = "on"\n[azure]\ndevice_code = "Yes"\nmanaged_identity = false\n')
    s = load_settings(cfg, env={})
    assert s.read_only and s.azure.device_code and not s.azure.managed_identity


def test_read_only_subscriptions_are_normalised_guids(tmp_path: Path) -> None:
    """Listed subscription ids match in any case and with braces, and make the target read-only."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[azure]\nread_only_subscriptions = ["{{{GUID.upper()}}}"]\n')
    s = load_settings(cfg, env={})
    assert s.azure.read_only_subscriptions == (GUID,)
    assert s.is_read_only(GUID) and s.is_read_only("{" + GUID.upper() + "}")
    assert not s.is_read_only("11111111-0000-4000-8000-00000000abcd") and not s.is_read_only()


@pytest.mark.parametrize("value", [f'"{GUID}"', '["prod"]', "[1]", f'["{GUID}", "x"]', "true"])
def test_read_only_subscriptions_must_be_a_list_of_ids(tmp_path: Path, value: str) -> None:
    """A string, a non-id or a non-list in read_only_subscriptions refuses the start."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"[azure]\nread_only_subscriptions = {value}\n")
    with pytest.raises(InvalidInputError, match="read_only_subscriptions"):
        load_settings(cfg, env={})


@pytest.mark.parametrize(
    "text, key",
    [
        ("[ui]\nrefresh_seconds = nan", "refresh_seconds"),
        ("[ui]\nrefresh_seconds = -1", "refresh_seconds"),
        ("[ui]\nrefresh_seconds = 0", "refresh_seconds"),
        ("[ui]\nrefresh_seconds = inf", "refresh_seconds"),
        ("[ui]\nrefresh_seconds = 86400", "refresh_seconds"),
        ('[ui]\nrefresh_seconds = "15"', "refresh_seconds"),
        ('[ui]\nlog_cap = "abc"', "log_cap"),
        ("[ui]\nlog_cap = 10", "log_cap"),
        ("[ui]\nlog_cap = 1e12", "log_cap"),
        ("[ui]\nlog_cap = 5000.5", "log_cap"),
        ("[ui]\nlog_cap = true", "log_cap"),
        ("[ui]\nlog_tail = -5", "log_tail"),
        ("[azure]\nlog_poll_seconds = 0", "log_poll_seconds"),
        ("[azure]\nlog_poll_seconds = nan", "log_poll_seconds"),
        ("[azure]\nsubscription = 12", "subscription"),
        ("[ui]\ntheme = 3", "theme"),
        ("theme = 3", "theme"),
        ("[docker]\nhost = false", "host"),
    ],
)
def test_numbers_and_types_are_checked(tmp_path: Path, text: str, key: str) -> None:
    """A number out of range, not finite or of the wrong TOML type is refused with its key."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(text + "\n")
    with pytest.raises(InvalidInputError, match=key) as err:
        load_settings(cfg, env={})
    assert str(cfg) in str(err.value)


def test_sensible_numbers_are_accepted(tmp_path: Path) -> None:
    """Whole numbers where seconds go, and values at the bounds, load as given."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        "[ui]\nrefresh_seconds = 1\nlog_cap = 100\nlog_tail = 0\n[azure]\nlog_poll_seconds = 0.1\n"
    )
    s = load_settings(cfg, env={})
    assert s.ui.refresh_seconds == 1.0 and isinstance(s.ui.refresh_seconds, float)
    assert s.ui.log_cap == 100 and s.ui.log_tail == 0 and s.azure.log_poll_seconds == 0.1


@pytest.mark.parametrize("text, env", [('backend = "podman"', {}), ("", {"ACITUI_BACKEND": "k8s"})])
def test_backend_must_be_registered(tmp_path: Path, text: str, env: dict[str, str]) -> None:
    """A backend name from the file or the environment that no backend has is refused."""
    cfg = tmp_path / "config.toml"
    cfg.write_text(text + "\n")
    with pytest.raises(InvalidInputError, match=r"backend|ACITUI_BACKEND") as err:
        load_settings(cfg, env=env)
    assert "docker" in (err.value.hint or "")


def test_cli_refuses_a_bad_read_only_word_with_exit_2(tmp_path: Path) -> None:
    """`ACITUI_READ_ONLY=enabled acitui groups` exits 2 naming the setting, not running."""
    env = {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "ACITUI_CONFIG": str(tmp_path / "none.toml"),
        "ACITUI_READ_ONLY": "enabled",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "acitui", "groups"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "ACITUI_READ_ONLY" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_refusal_message_cannot_carry_escapes(tmp_path: Path) -> None:
    """A hostile value is quoted safely in the refusal: no escape reaches the terminal."""
    with pytest.raises(InvalidInputError) as err:
        load_settings(tmp_path / "none.toml", env={"ACITUI_READ_ONLY": "\x1b]52;c;QUFB\x07on"})
    assert "\x1b" not in str(err.value) and "\x07" not in str(err.value)
