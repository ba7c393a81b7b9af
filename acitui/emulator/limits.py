"""What the emulator accepts from a client: the token, compared in constant time, and
request bodies bounded in size (413) and nesting (400), answered the way ARM answers.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from aiohttp import web

from acitui.emulator.payloads import ArmError

#: Largest request body accepted (ARM's own limit is 4 MB for most resources).
MAX_BODY = 8 * 1024 * 1024
#: Deepest JSON nesting accepted in a request body (a real group body is under 10).
MAX_DEPTH = 64


def same_secret(given: str, expected: str) -> bool:
    """Compare a credential in constant time (no timing hint about how much matched)."""
    return hmac.compare_digest(
        given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
    )


async def read_json(request: web.Request) -> Any:
    """The request's JSON: 413 over MAX_BODY, 400 when unparsable or nested past MAX_DEPTH."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ArmError(
            413,
            "RequestEntityTooLarge",
            f"The request content is larger than the {MAX_BODY // (1024 * 1024)} MB allowed.",
        ) from None
    invalid = ArmError(
        400, "InvalidRequestContent", "The request content was invalid and could not be parsed."
    )
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise invalid from None
    if _depth_over(value, MAX_DEPTH):
        raise ArmError(
            400, "InvalidRequestContent", f"The request content is nested deeper than {MAX_DEPTH}."
        )
    return value


def _depth_over(value: Any, limit: int) -> bool:
    """True when lists/objects in ``value`` nest deeper than ``limit`` (no recursion)."""
    if not isinstance(value, dict | list):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False
