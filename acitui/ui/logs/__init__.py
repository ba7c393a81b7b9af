"""The log viewer: follow, pause, search, wrap, timestamps, all containers, copy, save.

Push it with ``LogsScreen(backend, group, container, settings)``; ``container``
None means the group's first container.
"""

from acitui.ui.logs.screen import LogsScreen

__all__ = ["LogsScreen"]
