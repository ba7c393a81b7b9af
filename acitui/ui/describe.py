"""A group as text for the TUI: the describe view and the YAML/JSON view.

Both come from :mod:`acitui.render_group`, the one serialiser headless ``show``
uses too; this module only turns the document into YAML or JSON text.
"""

from __future__ import annotations

import json

from acitui.model import ContainerGroup
from acitui.output import dumps
from acitui.render_group import describe, group_json, state_text

__all__ = ["as_json", "as_yaml", "describe", "state_text"]


def as_json(group: ContainerGroup) -> str:
    """The group's document as JSON, the same text ``show --json`` prints."""
    return dumps(group_json(group))


def as_yaml(group: ContainerGroup) -> str:
    """The group's document as YAML (its strings have crossed the display boundary)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        """Sanitised text (a ``str`` subclass) is written as the string it is."""

    Dumper.add_multi_representer(str, yaml.SafeDumper.represent_str)
    doc = json.loads(as_json(group))  # plain types only, odd characters already escaped
    return yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True)
