"""Bad input: hypothesis-generated ARM payloads and hostile log bytes.

1. ARM container-group payloads with missing, null and odd-typed fields and
   hostile strings go through the SDK's own ``ContainerGroup.deserialize`` (as
   a list/get response does), then :func:`acitui.backends.azure.mapping.map_group`,
   then what the user sees: the table cells (``acitui.ui.rows.row_values``) and
   the headless JSON (``acitui.output``). The mapping must never raise, and no
   control byte may reach the cells or the JSON text.
2. Hostile log text (escape sequences, C0/C1, DEL, bidi, CR, random bytes
   decoded as UTF-8) through :func:`acitui.sanitize.sanitize`:
   never raises, nothing but plain text survives.
"""

from __future__ import annotations

import re
import time
import traceback
from datetime import UTC, datetime
from typing import Any

from common import Report, cli, say
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: What must never reach a terminal: C0 (but TAB), DEL, C1, line/paragraph separators, bidi.
FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c]")
FORBIDDEN_IN_JSON = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u061c]"
)

HOSTILE_PIECES = [
    "\x1b]52;c;aGk=\x07",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x1b[6n",
    "\x1b[?1049l",
    "\x1bP1$r0m\x1b\\",
    "\x9b31m",
    "\x9d8;;http://x\x9c",
    "\x1b[31mred\x1b[0m",
    "\r",
    "\x00",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u2028",
    "\x1b",
    "\x1b[",
    "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "\t",
    "é",
    "中文",
    "\U0001f600",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=12)), max_size=12
).map("".join)
odd = st.one_of(
    st.none(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.booleans(),
    hostile_text,
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The right type most of the time, else null or something odd."""
    return st.one_of(value, value, st.none(), odd)


def fields(**kw: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object whose keys may each be missing."""
    return st.fixed_dictionaries({}, optional=kw)


timestamp = st.one_of(
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
    st.just("2026-13-45T99:99:99Z"),
    hostile_text,
)
state_view = fields(
    state=maybe(hostile_text),
    startTime=maybe(timestamp),
    finishTime=maybe(timestamp),
    exitCode=maybe(st.integers()),
    detailStatus=maybe(hostile_text),
)
event = fields(
    count=maybe(st.integers()),
    firstTimestamp=maybe(timestamp),
    lastTimestamp=maybe(timestamp),
    name=maybe(hostile_text),
    message=maybe(hostile_text),
    type=maybe(hostile_text),
)
container = fields(
    name=maybe(hostile_text),
    properties=maybe(
        fields(
            image=maybe(hostile_text),
            command=maybe(st.lists(hostile_text, max_size=3)),
            ports=maybe(st.lists(fields(port=maybe(st.integers()), protocol=maybe(hostile_text)))),
            environmentVariables=maybe(
                st.lists(
                    fields(
                        name=maybe(hostile_text),
                        value=maybe(hostile_text),
                        secureValue=maybe(hostile_text),
                    ),
                    max_size=3,
                )
            ),
            resources=maybe(
                fields(
                    requests=maybe(fields(cpu=maybe(st.floats()), memoryInGB=maybe(st.floats())))
                )
            ),
            instanceView=maybe(
                fields(
                    restartCount=maybe(st.integers()),
                    currentState=maybe(state_view),
                    previousState=maybe(state_view),
                    events=maybe(st.lists(event, max_size=3)),
                )
            ),
            volumeMounts=maybe(
                st.lists(
                    fields(name=maybe(hostile_text), mountPath=maybe(hostile_text)), max_size=2
                )
            ),
        )
    ),
)
group_payload = fields(
    id=maybe(
        st.one_of(
            st.just(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/g"
            ),
            hostile_text,
        )
    ),
    name=maybe(hostile_text),
    location=maybe(hostile_text),
    tags=maybe(st.dictionaries(hostile_text, maybe(hostile_text), max_size=3)),
    properties=maybe(
        fields(
            provisioningState=maybe(hostile_text),
            osType=maybe(hostile_text),
            restartPolicy=maybe(hostile_text),
            containers=maybe(st.lists(container, max_size=3)),
            initContainers=maybe(st.lists(container, max_size=1)),
            ipAddress=maybe(
                fields(
                    ip=maybe(hostile_text),
                    type=maybe(hostile_text),
                    fqdn=maybe(hostile_text),
                    dnsNameLabel=maybe(hostile_text),
                    ports=maybe(
                        st.lists(fields(port=maybe(st.integers()), protocol=maybe(hostile_text)))
                    ),
                )
            ),
            volumes=maybe(
                st.lists(fields(name=maybe(hostile_text), emptyDir=maybe(st.just({}))), max_size=2)
            ),
            instanceView=maybe(
                fields(state=maybe(hostile_text), events=maybe(st.lists(event, max_size=3)))
            ),
        )
    ),
)


def arm_fuzz(examples: int) -> dict[str, Any]:
    from azure.mgmt.containerinstance.models import ContainerGroup as ArmGroup

    from acitui import output
    from acitui.backends.azure.mapping import map_group
    from acitui.ui.rows import row_values

    stats = {"cases": 0, "sdk_rejected": 0, "mapped": 0, "raised": 0, "leaked": 0}
    failures: list[str] = []
    now = datetime(2026, 11, 23, tzinfo=UTC)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(group_payload, st.booleans())
    def case(payload: dict[str, Any], detailed: bool) -> None:
        stats["cases"] += 1
        try:
            raw = ArmGroup.deserialize(payload)
        except Exception:  # the SDK refuses it: arm_errors turns that into our error
            stats["sdk_rejected"] += 1
            return
        try:
            group = map_group(raw, detailed=detailed or None)
            cells = row_values(group, now)
            text = output.dumps(output.group_json(group)) + output.dumps(
                output.group_summary_json(group)
            )
        except Exception:
            stats["raised"] += 1
            if len(failures) < 3:
                failures.append(f"{payload!r}\n{traceback.format_exc(limit=4)}")
            return
        stats["mapped"] += 1
        leaks = [v for v in cells.values() if FORBIDDEN.search(v)]
        if leaks or FORBIDDEN_IN_JSON.search(text):
            stats["leaked"] += 1
            if len(failures) < 3:
                where = leaks[:1] or FORBIDDEN_IN_JSON.findall(text)[:3]
                failures.append(f"control bytes shown: {where!r} from {payload!r}")

    case()
    stats["failures"] = failures
    return stats


def log_fuzz(examples: int) -> dict[str, Any]:
    from acitui.sanitize import sanitize

    stats = {"cases": 0, "raised": 0, "leaked": 0}
    failures: list[str] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.one_of(hostile_text, st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")))
    )
    def case(text: str) -> None:
        stats["cases"] += 1
        try:
            plain = sanitize(text)
        except Exception:
            stats["raised"] += 1
            failures.append(f"{text!r}: {traceback.format_exc(limit=2)}")
            return
        if FORBIDDEN.search(plain):
            stats["leaked"] += 1
            if len(failures) < 3:
                failures.append(f"{text!r} → {plain!r}")

    case()
    stats["failures"] = failures
    return stats


def main() -> None:
    args = cli(__doc__.splitlines()[0])
    report = Report("bad input")
    arm_n, log_n = (500, 3000) if args.quick else (3000, 20000)
    started = time.monotonic()
    arm = arm_fuzz(arm_n)
    say(f"  ARM payloads: {arm} in {time.monotonic() - started:.0f} s")
    for failure in arm["failures"]:
        say(f"    {failure[:600]}")
    report.add(
        "ARM payloads (missing/null/odd-typed/hostile) → SDK deserialize → map_group"
        " → table cells and JSON",
        f"{arm['cases']:,} cases ({arm['sdk_rejected']:,} refused by the SDK itself); "
        f"{arm['raised']} raised, {arm['leaked']} let a control byte through",
        "0 raised, 0 leaked",
        arm["raised"] == 0 and arm["leaked"] == 0,
    )
    started = time.monotonic()
    logs = log_fuzz(log_n)
    say(f"  log text: {logs} in {time.monotonic() - started:.0f} s")
    for failure in logs["failures"]:
        say(f"    {failure[:600]}")
    report.add(
        "hostile log text → sanitize",
        f"{logs['cases']:,} cases; {logs['raised']} raised, {logs['leaked']} leaked",
        "0 raised, 0 leaked",
        logs["raised"] == 0 and logs["leaked"] == 0,
    )
    report.save(args.json)


if __name__ == "__main__":
    main()
