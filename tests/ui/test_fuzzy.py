"""The filter's fuzzy match: every query word a subsequence of the row's text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from acitui.ui.fuzzy import filter_keys, matcher

ALPHABET = "ab-0 "


@given(st.text(ALPHABET, max_size=6), st.text(ALPHABET, max_size=12))
def test_matches_exactly_the_in_order_subsequences(query: str, text: str) -> None:
    """A row matches when each word's letters appear in it in order, and only then."""
    expected = all(
        re.search(".*?".join(re.escape(c) for c in word), text) for word in query.split()
    )
    assert matcher(query)(text) == bool(expected)


def test_filter_keeps_input_order_and_empty_query_keeps_all() -> None:
    """Matching rows keep their order; an empty query shows every row."""
    rows = [("a", "web running"), ("b", "api stopped"), ("c", "webhook running")]
    assert filter_keys("web run", rows) == ["a", "c"]
    assert filter_keys("  ", rows) == ["a", "b", "c"]
