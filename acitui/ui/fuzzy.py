"""Fuzzy filtering of groups by name, state and image: fast at thousands of rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def _subsequence(word: str, text: str) -> bool:
    """``word``'s characters appear in ``text`` in order (earliest match, no backtracking)."""
    find = text.find
    pos = 0
    for ch in word:
        pos = find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def matcher(query: str) -> Callable[[str], bool]:
    """A predicate: every word of ``query`` appears in order (subsequence), any case.

    ``"web run"`` matches a running group whose name contains w…e…b. An empty
    query matches everything. Callers pass lower-cased text.
    """
    words = query.lower().split()
    if not words:
        return lambda _text: True

    def match(text: str) -> bool:
        return all(word in text or _subsequence(word, text) for word in words)

    return match


def filter_keys(query: str, haystacks: Iterable[tuple[str, str]]) -> list[str]:
    """Keys whose lower-cased haystack matches ``query``, in input order."""
    if not query.split():
        return [key for key, _text in haystacks]
    words = query.lower().split()
    if len(words) == 1:  # the usual case, without a generator per row
        word = words[0]
        return [key for key, text in haystacks if word in text or _subsequence(word, text)]
    match = matcher(query)
    return [key for key, text in haystacks if match(text)]
