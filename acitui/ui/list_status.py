"""What the list says about itself: the status line and the empty table's explanation.

Render layer (no Textual): from the model's state to safe text. An empty list
always says why: still loading, nothing there, nothing matching, or what went
wrong and what to do.
"""

from __future__ import annotations

from acitui.errors import AcituiError
from acitui.sanitize import sanitize
from acitui.ui.groups_model import GroupsModel


def explain(error: BaseException) -> tuple[str, str]:
    """What went wrong and what to do, each one safe line."""
    if isinstance(error, AcituiError):
        what = f"{error.title}: {error.message}"
        return sanitize(what, max_len=300), sanitize(error.hint, max_len=300)
    return sanitize(f"Unexpected error: {type(error).__name__}: {error}", max_len=300), ""


def list_status(model: GroupsModel, retry_in: float) -> tuple[str, list[str]]:
    """The status line, and the lines an empty table shows instead of rows."""
    if model.error is not None:
        what, hint = explain(model.error)
        retry = f"Retrying in {retry_in:g} s; ctrl+r retries now."
        return f"{what} {retry}", [what, hint, retry] if hint else [what, retry]
    if not model.complete:
        return "Loading…", ["Loading…"]
    shown = len(model.rows)
    status = f"{shown} of {len(model.groups)} groups"
    if model.query:
        status += f" matching {model.query!r}"
    if not model.groups:
        return status, ["No container groups here."]
    if not shown:
        return status, ["No group matches; esc clears the filter."]
    return status, []
