"""Typo suggestions for keys: the known key a stray one most likely misspells."""

from __future__ import annotations

from collections.abc import Collection


def distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance between two short strings (stops counting past ``limit``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def suggest(key: str, expected: Collection[str]) -> str | None:
    """The expected key ``key`` most likely misspells: within 1 edit (short keys) or 2."""
    limit = 1 if len(key) <= 4 else 2
    scored = sorted((distance(key.lower(), c.lower()), c) for c in expected)
    return scored[0][1] if scored and scored[0][0] <= limit else None
