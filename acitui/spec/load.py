"""One entry point for apply and diff: a file (ACI YAML or ARM template) → validated groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath

from acitui.errors import InvalidInputError
from acitui.spec.model import Finding, GroupSpec
from acitui.spec.read import read_group
from acitui.spec.template import is_template, read_template
from acitui.spec.validate import validate
from acitui.spec.yaml_file import Document, read_file


@dataclass
class Loaded:
    """The groups a file describes, every finding, and whether it was a template."""

    groups: list[GroupSpec] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    template: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]


def load(
    source: str | FsPath | Document,
    *,
    params: Mapping[str, str] | None = None,
    name: str | None = None,
    resource_group: str = "local",
    location: str = "",
    target: str = "azure",
) -> Loaded:
    """Read, evaluate (templates) and validate; bad syntax raises InvalidInputError."""
    doc = source if isinstance(source, Document) else read_file(source)
    out = Loaded(template=is_template(doc.data))
    if out.template:
        result = read_template(
            doc, params, resource_group=resource_group, location=location or "local"
        )
        out.findings.extend(result.findings)
        specs = result.groups
        if not specs and not out.errors:
            out.findings.append(
                Finding("error", "the template deploys no container group", doc.file, None)
            )
    else:
        if params:
            out.findings.append(
                Finding("error", "--param applies to ARM templates only", doc.file, None)
            )
        spec, found = read_group(doc.data, doc.file, doc.lines)
        out.findings.extend(found)
        specs = [spec] if spec is not None else []
    for spec in specs:
        out.findings.extend(validate(spec, name=name, target=target))
        if not spec.name and name:
            spec = replace(spec, name=name)
        if not spec.location and location:
            spec = replace(spec, location=location)
        out.groups.append(spec)
    return out


def load_or_raise(source: str | FsPath | Document, **options: object) -> Loaded:
    """As :func:`load`, raising InvalidInputError (first error, file and line) when refused."""
    loaded = load(source, **options)  # type: ignore[arg-type]
    if loaded.errors:
        first, more = loaded.errors[0], len(loaded.errors) - 1
        suffix = f" (and {more} more error{'s' if more > 1 else ''})" if more else ""
        raise InvalidInputError(f"{first}{suffix}", hint="Nothing was created.")
    return loaded
