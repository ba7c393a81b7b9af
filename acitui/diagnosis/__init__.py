"""A one-line "why" for a container group that is not healthy, with its evidence.

Standard library only. :func:`diagnose` reads what every backend fills in the
neutral model — the group's state, its containers' current and previous
states, exit codes, restart counts and events — plus, when the caller has
them, the tail of the previous run's log and recent metric samples. Rules run
from the most decisive to the most general; the first that fits wins. Every
line is built from sanitised values (:mod:`acitui.diagnosis.words`).

Rule ids (stable, for JSON and tests): ``quota``, ``image-pull``,
``init-failed``, ``init-waiting``, ``oom``, ``back-off``, ``crash-loop``,
``probe``, ``memory-at-limit``, ``exited``, ``provisioning``, ``not-running``,
``failed``, ``unknown``.
"""

from __future__ import annotations

from datetime import datetime

from acitui.diagnosis import crashing, starting
from acitui.diagnosis.context import MEMORY_AT_LIMIT, STUCK_AFTER, WINDOW, Context, failed_members
from acitui.diagnosis.words import aware, exit_meaning
from acitui.model import ContainerGroup, Diagnosis, GroupState, MetricSample, Severity

__all__ = ["MEMORY_AT_LIMIT", "RULES", "STUCK_AFTER", "WINDOW", "diagnose", "exit_meaning"]

#: Most decisive first: a crash loop caused by OOM is reported as OOM, and so on.
RULES = (
    starting.quota,
    starting.image_pull,
    starting.init_container,
    crashing.out_of_memory,
    crashing.back_off,
    crashing.crash_loop,
    crashing.probe,
    crashing.memory_at_limit,
    crashing.exited,
    starting.starting,
    starting.not_running,
    starting.failed_or_unknown,
)


def diagnose(
    group: ContainerGroup,
    *,
    now: datetime,
    previous_tail: list[str] | None = None,
    metrics: list[MetricSample] | None = None,
) -> Diagnosis | None:
    """Why ``group`` is not healthy, or None when it is (or was stopped or finished on purpose).

    ``now``: the current time (naive means UTC); ``previous_tail``: the last
    lines of the crashed run's log, when the caller kept them; ``metrics``:
    recent samples of the group's containers (any order).
    """
    if group.state in (GroupState.STOPPED, GroupState.SUCCEEDED) and not failed_members(group):
        return None
    if not group.detailed:  # a list row without live state: nothing to reason from yet
        if group.state is GroupState.FAILED:
            return Diagnosis(Severity.ERROR, "The group failed; open it to see why.", rule="failed")
        return None
    ctx = Context(group, aware(now), previous_tail or [], metrics or [])
    for rule in RULES:
        found = rule(ctx)
        if found is not None:
            return found
    return None
