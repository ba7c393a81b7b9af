"""Masking rules for environment variables. Standard library only.

A secure variable has no value (ARM never returns it): it is shown as secure
and can never be revealed. A plain value is masked unless the user asked to
reveal it.
"""

from __future__ import annotations

from acitui.model import EnvVar
from acitui.sanitize import sanitize

MASK = "********"
SECURE_LABEL = "secure — not retrievable"


def masked_value(var: EnvVar, *, reveal: bool = False) -> str | None:
    """The value for machine output: None when secure, MASK unless revealed."""
    if var.secure or var.value is None:
        return None
    return sanitize(var.value) if reveal else MASK


def display_value(var: EnvVar, *, reveal: bool = False) -> str:
    """The value for a screen: a label when secure, MASK unless revealed."""
    if var.secure:
        return SECURE_LABEL
    if var.value is None:
        return ""
    return sanitize(var.value) if reveal else MASK
