"""The UI uses Textual's public API only, so a Textual upgrade cannot silently break it.

Two rules, checked on the source of every module under ``acitui/ui``:

- no class that subclasses a Textual class defines, overrides, reads or calls a
  ``_name`` that one of its Textual base classes defines (as a method, a class
  attribute or an instance attribute; dunders aside);
- no module imports a private Textual module (``textual._x``, ``textual.widgets._x``)
  or a private name from a public one.

Each rule is also shown to catch what it is for (the old ``LogView(Log)`` override).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from functools import cache
from pathlib import Path
from types import ModuleType

import acitui.ui


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def _textual_privates(cls: type) -> frozenset[str]:
    """Private names one Textual class defines: in its namespace and as ``self._x``."""
    names = {n for n in vars(cls) if _private(n)}
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return frozenset(names)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return frozenset(names)


def _textual_bases(cls: type) -> list[type]:
    return [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] == "textual"]


def private_uses(cls: type, source: str) -> set[str]:
    """The Textual-private names that ``cls``'s own ``source`` defines or touches."""
    theirs: set[str] = set()
    for base in _textual_bases(cls):
        theirs |= _textual_privates(base)
    ours: set[str] = set()
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            ours.add(node.attr)  # self._x, super()._x(), other._x: read, written or called
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            ours.add(node.name)
        elif isinstance(node, ast.ClassDef):  # class-level assignments
            for statement in node.body:
                targets = statement.targets if isinstance(statement, ast.Assign) else []
                if isinstance(statement, ast.AnnAssign):
                    targets = [statement.target]
                ours |= {t.id for t in targets if isinstance(t, ast.Name)}
    return {name for name in ours & theirs if _private(name)}


def private_imports(source: str) -> list[str]:
    """Imports of a private Textual module, or of a private name from a Textual module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
            names = [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] != "textual":
                continue
            if any(_private(part) for part in parts):
                found.append(module)
            found += [f"{module}.{name}" for name in names if _private(name)]
    return found


def _ui_modules() -> list[ModuleType]:
    names = [acitui.ui.__name__]
    prefix = acitui.ui.__name__ + "."
    names += [info.name for info in pkgutil.walk_packages(acitui.ui.__path__, prefix)]
    return [importlib.import_module(name) for name in names]


def _own_textual_classes(module: ModuleType) -> list[type]:
    return [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and obj.__module__ == module.__name__ and _textual_bases(obj)
    ]


#: Known uses, each to be removed (the test fails once one is gone, so the list only shrinks).
KNOWN = {
    # No public hook hides the locals in Textual's crash report (they can hold log lines).
    "acitui.ui.app.AcituiApp: _fatal_error",
}


def test_ui_classes_touch_no_private_textual_names() -> None:
    """No widget, screen or app of ours overrides or calls a Textual base class's `_name`."""
    checked, offences = 0, set()
    for module in _ui_modules():
        for cls in _own_textual_classes(module):
            checked += 1
            used = private_uses(cls, inspect.getsource(cls))
            offences |= {f"{module.__name__}.{cls.__qualname__}: {n}" for n in used}
    assert checked >= 10, "the walk found too few Textual classes to be checking the UI"
    assert sorted(offences - KNOWN) == [], "new uses of Textual's private names"
    assert sorted(KNOWN - offences) == [], "fixed: take these off KNOWN"


def test_ui_modules_import_no_private_textual_module() -> None:
    """No module under acitui/ui imports `textual._x`, `textual.widgets._x` or a `_name`."""
    root = Path(acitui.ui.__file__).parent
    offences = []
    for path in sorted(root.rglob("*.py")):
        for found in private_imports(path.read_text(encoding="utf-8")):
            offences.append(f"{path.relative_to(root.parent.parent)}: {found}")
    assert offences == []


#: What the log view was (Textual 8.2.8's Log, patched through its private methods).
OLD_LOG_VIEW = """
from textual.widgets import Log

class OldLogView(Log):
    def _update_size(self, updates, lines):
        width = max(map(len, lines))
        self._update_maximum_width(updates, width)

    def write_batch(self, lines):
        self.write_lines(lines)
        self._private_of_our_own = True
"""


def test_the_guard_catches_an_override_of_logs_private_methods() -> None:
    """The old LogView(Log) override of `_update_size` and its `_update_maximum_width` call fail."""
    namespace: dict[str, object] = {}
    exec(compile(OLD_LOG_VIEW, "<old view>", "exec"), namespace)
    cls = namespace["OldLogView"]
    assert isinstance(cls, type)
    assert private_uses(cls, OLD_LOG_VIEW) == {"_update_size", "_update_maximum_width"}


def test_the_guard_catches_private_textual_imports() -> None:
    """Importing from `textual.widgets._data_table` or a `_name` from textual is caught."""
    source = (
        "from textual.widgets._data_table import RowKey\n"
        "import textual._compositor\n"
        "from textual.widget import _BorderTitle\n"
        "from textual.widgets import DataTable\n"
    )
    assert private_imports(source) == [
        "textual.widgets._data_table",
        "textual._compositor",
        "textual.widget._BorderTitle",
    ]
