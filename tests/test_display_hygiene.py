"""Display hygiene: every place text reaches the screen takes it from the display boundary.

An AST scan over the faces (``acitui/ui/**``, ``cli.py``, ``cli_extras.py``, ``commands.py``,
``output.py``, ``render_group.py``): a call that puts text on screen (``notify``, ``Static``,
``Label``, ``.update``, ``add_row``, ``update_cell``, ``print``, ``Option``,
``border_title = …``) must get a literal, a ``Text(…)``, a call to the
boundary (``sanitize``/``sanitize_name``) or something built only from those. Anything else
(a parameter, an attribute, a subscript, an f-string over raw values) is a violation unless it
is in the small allow-list below, each entry with the reason it is safe. A local name is safe
when every assignment to it in its function (``=``, ``+=``, ``.append``, ``.extend``) is safe;
a call to a function of the same module when all its returns are. ``notify`` must also pass
``markup=False`` (a ``[`` in a group name is data, not a tag).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACES = [
    ROOT / f"acitui/{name}.py"
    for name in ("cli", "cli_extras", "commands", "output", "render_group")
]
SCANNED = sorted([*(ROOT / "acitui" / "ui").rglob("*.py"), *FACES])

#: Callables whose text arguments reach the screen (or stdout/stderr).
SINK_CALLS = {
    "notify",
    "Static",
    "Label",
    "update",
    "add_row",
    "update_cell",
    "print",
    "Option",
    "Button",
    "_out",
}
#: Keyword arguments that reach the screen too.
SINK_KEYWORDS = {"title", "placeholder", "label", "prompt"}
#: Attributes whose assigned value reaches the screen.
SINK_ATTRS = {"border_title", "border_subtitle", "title", "sub_title"}
#: Calls that return text which crossed the boundary (or is built only from such text).
BOUNDARY = {
    "sanitize",
    "sanitize_name",
    "Safe",
    "Text",  # plain text: a ``[`` is data; its content is checked where it is built
    # helpers proven to return only sanitised text (each has its own tests)
    "describe",
    "as_yaml",
    "as_json",
    "state_text",
    "address",
    "ports",
    "age",
    "display_value",
    "masked_value",
    "log_line_text",
    "dumps",
    "table",
    "_endpoint",
    "event_line",
    "ports_text",
    "_s",
    # numbers and our own enums/words
    "len",
    "int",
    "round",
    "format",
}
#: Methods that keep a safe receiver safe.
STR_METHODS = {"ljust", "rjust", "center", "strip", "rstrip", "lstrip", "upper", "lower", "title"}
#: Names that only ever hold numbers or our own literal words (never provider text).
TRUSTED_NAMES = {
    *("count", "total", "n", "index", "width", "exit_code", "restart_count", "port"),
    *("verb", "severity"),
}
#: (file, source of the argument) → why it is safe. Keep this short; prefer fixing the code.
UNEXPECTED = (
    "f'acitui: unexpected error: {type(exc).__name__}: {sanitize(str(exc))[:500]} "
    "(set ACITUI_DEBUG=1 to see the traceback)'"
)
PICKER = "f\"{name}{('  (current)' if name == self.current else '')}\""
ALLOW = {
    ("acitui/ui/groups_loader.py", "(g.key for g in page)"): "set.update, not a widget",
    ("acitui/ui/groups_loader.py", "wanted"): "set.update, not a widget",
    ("acitui/ui/screens/detail.py", "EventsTable.summary(events)"): "counts only",
    ("acitui/ui/screens/groups.py", "self.vocabulary"): "the backend's own declared words",
    ("acitui/ui/screens/backend_picker.py", PICKER): "backend names are the registry's keys",
    ("acitui/ui/logs/screen.py", "state.title(styles)"): "StatusState.title returns a Text",
    ("acitui/ui/logs/screen.py", "notice"): "StatusState.notice returns a Text",
    ("acitui/ui/logs/screen.py", "f'Tail: {tail_label(self.tail)} lines, fetched again.'"): (
        "tail_label formats a number"
    ),
    ("acitui/cli_extras.py", "path"): "the config path the user chose (or the default)",
    ("acitui/cli_extras.py", "completion_script(args.shell, parser)"): "our own parser's words",
    ("acitui/cli.py", UNEXPECTED): "a Python class name, and the message through sanitize",
}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    sink: str
    source: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.sink}({self.source})"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


Env = dict[str, list[ast.expr]]
#: The functions of the module being scanned: a call to one is safe when all its returns are.
_FUNCS: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}


#: Expressions that are safe when all their parts are: node type → the fields holding the parts.
PARTS: dict[type, tuple[str, ...]] = {
    ast.JoinedStr: ("values",),  # f"…{x}…"
    ast.FormattedValue: ("value",),
    ast.Starred: ("value",),
    ast.IfExp: ("body", "orelse"),
    ast.List: ("elts",),
    ast.Tuple: ("elts",),
    ast.GeneratorExp: ("elt",),
    ast.ListComp: ("elt",),
}


def is_safe(node: ast.expr, env: Env | None = None, seen: frozenset[str] = frozenset()) -> bool:
    """True when ``node`` can only produce text that crossed the boundary.

    ``env``: every value assigned to each local name of the enclosing function; ``seen``: the
    names and functions already being followed (a cycle is not safe).
    """
    env = env or {}
    if isinstance(node, ast.Constant):
        return True
    if type(node) in PARTS:
        return _all_safe(_parts(node), env, seen)
    if isinstance(node, ast.BinOp):  # "a" + b, "%s" % b; no other operator makes text
        parts = [node.left, node.right]
        return isinstance(node.op, ast.Add | ast.Mod) and _all_safe(parts, env, seen)
    if isinstance(node, ast.Attribute):  # x.count, status.read_only…: numbers by name only
        return node.attr in TRUSTED_NAMES
    if isinstance(node, ast.Name):
        return _safe_name(node, env, seen)
    if isinstance(node, ast.Call):
        return _safe_call(node, env, seen)
    return False


def _parts(node: ast.expr) -> list[ast.expr]:
    found: list[ast.expr] = []
    for field in PARTS[type(node)]:
        value = getattr(node, field)
        found.extend(value if isinstance(value, list) else [value])
    return found


def _all_safe(nodes: Iterable[ast.expr], env: Env, seen: frozenset[str]) -> bool:
    return all(is_safe(n, env, seen) for n in nodes)


def _safe_name(node: ast.Name, env: Env, seen: frozenset[str]) -> bool:
    """A trusted name, or a local whose every assigned value is safe (a ``Text`` always is)."""
    if node.id in TRUSTED_NAMES:
        return True
    values = env.get(node.id)
    if not values or node.id in seen:
        return False
    if any(isinstance(v, ast.Call) and _name(v.func) == "Text" for v in values):
        return True  # a Text: whatever is appended to it is plain text, never markup
    return _all_safe(values, env, seen | {node.id})


def _safe_call(node: ast.Call, env: Env, seen: frozenset[str]) -> bool:
    """The boundary, a join/str method over safe text, or a same-module function returning it."""
    name = _name(node.func)
    if name in BOUNDARY:
        return True
    if isinstance(node.func, ast.Attribute) and name == "join":
        return is_safe(node.func.value, env, seen) and _all_safe(node.args, env, seen)
    if isinstance(node.func, ast.Attribute) and name in STR_METHODS:
        return is_safe(node.func.value, env, seen)
    if name == "str" and node.args:
        return is_safe(node.args[0], env, seen)
    key = f"def {name}"
    if name in _FUNCS and key not in seen:
        return all(_returns_safe(f, seen | {key}) for f in _FUNCS[name])
    return False


def _returns_safe(func: ast.FunctionDef | ast.AsyncFunctionDef, seen: frozenset[str]) -> bool:
    env = _assignments(func)
    returns = [n.value for n in ast.walk(func) if isinstance(n, ast.Return) and n.value]
    return bool(returns) and all(is_safe(r, env, seen) for r in returns)


def _assignments(func: ast.AST) -> Env:
    """Every value given to each plain local name inside ``func``."""
    env: Env = {}
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    env.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
            if isinstance(node.target, ast.Name):
                env.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.func.attr in ("append", "extend") and isinstance(owner, ast.Name):
                env.setdefault(owner.id, []).extend(node.args)
    for node in ast.walk(func):  # loop variables, parameters…: unknown, so never safe
        if isinstance(node, ast.For | ast.comprehension) and isinstance(node.target, ast.Name):
            env[node.target.id] = []
    return env


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _check(path: str, node: ast.expr, sink: str, found: list[Violation], env: Env) -> None:
    if is_safe(node, env):
        return
    source = ast.unparse(node)
    if (path, source) not in ALLOW:
        found.append(Violation(path, node.lineno, sink, source))


def _scopes(tree: ast.Module) -> list[tuple[ast.AST, Env]]:
    """Each function with its own assignments (module level: no names are known)."""
    funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    return [(f, _assignments(f)) for f in funcs]


def scan(path: Path) -> tuple[list[Violation], list[Violation]]:
    """(text violations, notify calls without ``markup=False``) in one file."""
    rel = _rel(path)
    tree = ast.parse(path.read_text(), str(path))
    scopes = _scopes(tree)
    _FUNCS.clear()
    for func, _ in scopes:
        _FUNCS.setdefault(func.name, []).append(func)  # type: ignore[attr-defined]
    env_of = _env_of_each_node(scopes)
    text: list[Violation] = []
    markup: list[Violation] = []
    for node in ast.walk(tree):
        env = env_of.get(id(node), {})
        if isinstance(node, ast.Call):
            _scan_call(rel, node, env, text)
            if _name(node.func) == "notify" and not _markup_off(node):
                markup.append(Violation(rel, node.lineno, "notify", "markup=False missing"))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in SINK_ATTRS:
                    _check(rel, node.value, f".{target.attr} =", text, env)
    return text, markup


def _env_of_each_node(scopes: list[tuple[ast.AST, Env]]) -> dict[int, Env]:
    """For each node inside a function, the names of the innermost function around it."""
    env_of: dict[int, Env] = {}
    for func, env in sorted(scopes, key=lambda fe: -fe[0].lineno):  # innermost first
        for node in ast.walk(func):
            env_of.setdefault(id(node), env)
    return env_of


def _scan_call(rel: str, node: ast.Call, env: Env, text: list[Violation]) -> None:
    """The text arguments and text keywords of a call that puts them on screen."""
    name = _name(node.func)
    if name in SINK_CALLS:
        args = node.args[2:3] if name == "update_cell" else node.args  # row, column, value
        for arg in args:
            value = arg.value if isinstance(arg, ast.Starred) else arg
            _check(rel, value, name, text, env)
    if name in SINK_CALLS or name in {"Input", "push_screen"}:
        for kw in node.keywords:
            if kw.arg in SINK_KEYWORDS:
                _check(rel, kw.value, f"{name} {kw.arg}=", text, env)


def _markup_off(call: ast.Call) -> bool:
    """The call passes ``markup=False`` literally."""
    return any(
        kw.arg == "markup" and isinstance(kw.value, ast.Constant) and kw.value.value is False
        for kw in call.keywords
    )


def _all() -> tuple[list[Violation], list[Violation]]:
    text: list[Violation] = []
    markup: list[Violation] = []
    for path in SCANNED:
        t, m = scan(path)
        text += t
        markup += m
    return text, markup


def test_the_scan_catches_what_it_must() -> None:
    """The scan itself flags a raw group key in a toast, a border title and a table cell."""
    bad = ast.parse(
        'self.notify(f"restarting {group.key}")\n'
        "screen.border_title = title\n"
        "table.add_row(name, Text(name))\n"
        'self.notify(sanitize_name(x), title="t", markup=False)\n'
    )
    calls = [n for n in ast.walk(bad) if isinstance(n, ast.Call)]
    first = next(c for c in calls if _name(c.func) == "notify")
    assert not is_safe(first.args[0])
    assigned = next(n for n in ast.walk(bad) if isinstance(n, ast.Assign))
    assert not is_safe(assigned.value)
    row = next(c for c in calls if _name(c.func) == "add_row")
    assert [is_safe(a) for a in row.args] == [False, True]


def test_every_text_on_screen_comes_from_the_boundary() -> None:
    """No toast, title, label, cell or printed line is built from raw provider text."""
    text, _ = _all()
    assert not text, "raw text reaches the screen:\n" + "\n".join(map(str, text))


def test_every_notify_disables_markup() -> None:
    """Every toast is shown with markup=False, so a name like bad[/nope] cannot crash or click."""
    _, markup = _all()
    assert not markup, "notify without markup=False:\n" + "\n".join(map(str, markup))
