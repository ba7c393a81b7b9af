"""Masking: secrets never show unless revealed; secure values never at all."""

from acitui.masking import MASK, SECURE_LABEL, display_value, masked_value
from acitui.model import EnvVar


def test_plain_values_are_masked_until_revealed() -> None:
    """A plain value shows as a mask by default and as itself when revealed."""
    var = EnvVar("API_URL", "https://user:pw@db")
    assert masked_value(var) == MASK and display_value(var) == MASK
    assert masked_value(var, reveal=True) == "https://user:pw@db"


def test_secure_values_cannot_be_revealed() -> None:
    """A secure variable is labelled secure and has no value even when revealing."""
    var = EnvVar("DB_PASSWORD", None, secure=True)
    assert masked_value(var, reveal=True) is None
    assert display_value(var, reveal=True) == SECURE_LABEL


def test_revealed_values_are_sanitised() -> None:
    """A revealed value cannot carry an escape sequence to the terminal."""
    assert masked_value(EnvVar("X", "a\x1b]52;c;AAAA\x07b"), reveal=True) == "ab"
