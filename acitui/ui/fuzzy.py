"""Fuzzy filtering of groups by name, state and image: fast at thousands of rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def matcher(query: str) -> Callable[[str], bool]:
    """A predicate: every word of ``query`` appears in order (subsequence), any case.

    ``"web run"`` matches a running group whose name contains w…e…b. An empty
    query matches everything.
    """
    words = query.lower().split()
    if not words:
        return lambda _text: True
    patterns = [re.compile(".*?".join(re.escape(ch) for ch in word)) for word in words]

    def match(text: str) -> bool:
        return all(p.search(text) is not None for p in patterns)

    return match


def filter_keys(query: str, haystacks: Iterable[tuple[str, str]]) -> list[str]:
    """Keys whose lower-cased haystack matches ``query``, in input order."""
    if not query.split():
        return [key for key, _text in haystacks]
    match = matcher(query)
    return [key for key, text in haystacks if match(text)]
