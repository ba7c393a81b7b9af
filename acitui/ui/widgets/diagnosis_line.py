"""The one-line "why" of a group that is not healthy, coloured by severity."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from acitui.model import Diagnosis


def diagnosis_text(found: Diagnosis | None) -> Text:
    """``⚠ summary`` (already sanitised by the diagnosis rules); empty when healthy."""
    if found is None:
        return Text("")
    return Text(f"⚠ {found.summary}")


class DiagnosisLine(Static):
    """Shown above the detail's tabs; hidden while the group is healthy."""

    DEFAULT_CSS = """
    DiagnosisLine { height: auto; padding: 0 1; display: none; }
    DiagnosisLine.-shown { display: block; }
    DiagnosisLine.-error { color: $error; text-style: bold; }
    DiagnosisLine.-warning { color: $warning; }
    DiagnosisLine.-info { color: $text-muted; }
    """

    def show(self, found: Diagnosis | None) -> None:
        self.update(diagnosis_text(found))
        self.set_class(found is not None, "-shown")
        for severity in ("error", "warning", "info"):
            self.set_class(found is not None and found.severity == severity, f"-{severity}")
        self.tooltip = "\n".join(found.evidence) if found is not None and found.evidence else None
