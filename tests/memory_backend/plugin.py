"""``pytest -p tests.memory_backend.plugin``: the in-memory backend joins the registry first.

A plugin registers a backend the way a third-party package would, before the
contract suite reads the registry to decide which backends it runs on. It does so
on import: ``-p`` plugins load before the test directories' conftest files, which
is when ``tests/backends/conftest.py`` reads the registry.
"""

from __future__ import annotations

from tests.memory_backend import register

register()
