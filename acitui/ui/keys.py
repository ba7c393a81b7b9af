"""Every key binding of the app, in one place, each with an id users can remap.

Remap in the config file's ``[keys]`` table (``binding-id = "key"``); the app
applies it with ``App.set_keymap``. Screens take their bindings from here with
:func:`bindings`, so the footer, the ``?`` help and the palette all agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str
    key: str
    action: str
    description: str
    scope: str  # app | groups | detail | logs | env
    show: bool = True
    priority: bool = False


KEYS: tuple[Key, ...] = (
    # App-wide
    Key("quit", "q", "back_or_quit", "Quit", "app"),
    Key("help", "question_mark", "help", "Help", "app"),
    Key("palette", "ctrl+p", "command_palette", "Commands", "app", show=False),
    Key("refresh", "ctrl+r", "refresh", "Refresh", "app"),
    Key("switch-backend", "b", "switch_backend", "Backend", "app"),
    Key("theme", "T", "next_theme", "Theme", "app", show=False),
    Key("quota", "u", "quota", "Quota/NGroups", "app", show=False),
    Key("apply", "A", "apply_file", "Apply a file", "app", show=False),
    Key("create", "n", "create_group", "New group", "app", show=False),
    Key("diff", "D", "diff_file", "Diff with a file", "app", show=False),
    # Group list
    Key("filter", "slash", "filter", "Filter", "groups"),
    Key("open", "enter", "open", "Open", "groups"),
    Key("back", "escape", "back", "Back", "detail"),
    Key("containers", "c", "containers", "Containers", "detail"),
    Key("next-pane", "tab", "focus_next", "Next pane", "groups", show=False),
    Key("logs", "l", "logs", "Logs", "groups"),
    Key("events", "e", "events", "Events", "groups"),
    Key("environment", "v", "environment", "Env", "groups"),
    Key("describe", "d", "describe", "Describe", "groups"),
    Key("yaml", "y", "yaml", "YAML/JSON", "groups", show=False),
    Key("start", "S", "start", "Start", "groups", show=False),
    Key("stop", "X", "stop", "Stop", "groups", show=False),
    Key("restart", "R", "restart", "Restart", "groups", show=False),
    Key("delete", "ctrl+d", "delete", "Delete", "groups", show=False),
    Key("exec", "x", "exec", "Shell", "groups", show=False),
    Key("metrics", "m", "metrics", "Metrics", "groups", show=False),  # env view: m reveals
    # Logs
    Key("log-follow", "f", "toggle_follow", "Follow", "logs"),
    Key("log-timestamps", "t", "toggle_timestamps", "Time", "logs"),
    Key("log-wrap", "w", "toggle_wrap", "Wrap", "logs"),
    Key("log-search", "slash", "search", "Search", "logs"),
    Key("log-next", "n", "next_match", "Next match", "logs", show=False),
    Key("log-prev", "N", "previous_match", "Prev match", "logs", show=False),
    Key("log-all", "a", "toggle_all_containers", "All", "logs"),
    Key("log-copy", "c", "copy", "Copy", "logs", show=False),
    Key("log-save", "ctrl+s", "save", "Save", "logs"),
    Key("log-tail", "plus", "cycle_tail", "Tail size", "logs", show=False),
    Key("log-end", "end", "scroll_end_follow", "End", "logs", show=False),
    # Environment
    Key("env-reveal", "m", "reveal", "Reveal", "env"),
    Key("env-reveal-all", "M", "reveal_all", "Reveal all", "env"),
    Key("env-copy", "C", "copy_value", "Copy value", "env"),  # c is the containers tab
)


def bindings(scope: str) -> list[Binding]:
    """Textual bindings for one scope, each carrying its id for the keymap."""
    return [
        Binding(k.key, k.action, k.description, show=k.show, id=k.id, priority=k.priority)
        for k in KEYS
        if k.scope == scope
    ]


def keys_for(scope: str) -> list[Key]:
    return [k for k in KEYS if k.scope == scope]


def binding_ids() -> set[str]:
    return {k.id for k in KEYS}
