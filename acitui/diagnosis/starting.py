"""Rules for groups that do not get going: quota, image pull, init containers, provisioning."""

from __future__ import annotations

from acitui.diagnosis.context import (
    AUTH_WORDS,
    MISSING_WORDS,
    PULL_WORDS,
    QUOTA_WORDS,
    STARTING_STATES,
    STUCK_AFTER,
    Context,
    detail_of,
    has,
    status_of,
)
from acitui.diagnosis.words import (
    ago,
    aware,
    describe_exit,
    event_line,
    name,
    quote,
    state_line,
    tail_lines,
)
from acitui.model import ContainerStatus, Diagnosis, GroupState, Severity


def quota(ctx: Context) -> Diagnosis | None:
    """The service refused the group for quota or regional capacity (its own message)."""
    if ctx.group.state is GroupState.RUNNING:
        return None
    hits = ctx.events_of(None, QUOTA_WORDS)
    details = [detail_of(c) for c in ctx.group.containers if has(detail_of(c), QUOTA_WORDS)]
    said = hits[0].message or hits[0].name if hits else details[0] if details else ""
    if not said:
        return None
    what = "quota" if has(said, ("quota",)) else "capacity"
    summary = (
        f"Azure refused to run the group: the subscription's {what} is used up."
        if what == "quota"
        else "Azure refused to run the group: not enough capacity in this region right now."
    )
    lines = [f'the service said: "{quote(said)}"']
    lines += [event_line(e, ctx.now) for e in hits[:3]]
    lines.append(
        "try another region or SKU, or ask for more quota"
        if what == "quota"
        else "retry later, or deploy to another region"
    )
    return ctx.make(Severity.ERROR, "quota", summary, lines)


def image_pull(ctx: Context) -> Diagnosis | None:
    """A container cannot start because its image cannot be pulled (missing, or auth)."""
    for c in (*ctx.group.init_containers, *ctx.group.containers):
        if c.ready:
            continue
        hits = [e for e in ctx.events_of(c.name, PULL_WORDS) if e.container in (c.name, None)]
        if not hits and not has(detail_of(c), PULL_WORDS):
            continue
        said = " ".join(f"{e.name} {e.message}" for e in hits) + " " + detail_of(c)
        if has(said, AUTH_WORDS):
            why = "the registry refused the credentials (check the registry login)"
        elif has(said, MISSING_WORDS):
            why = "the image or tag does not exist"
        else:
            why = "the registry could not be reached or refused it"
        summary = f"{name(c.name)} cannot start: image {name(c.image)} cannot be pulled — {why}."
        lines = [state_line(c), *(event_line(e, ctx.now) for e in hits[:4])]
        return ctx.make(Severity.ERROR, "image-pull", summary, lines, c.name)
    return None


def init_container(ctx: Context) -> Diagnosis | None:
    """The app containers wait on an init container that is running or failed."""
    if ctx.group.state not in (GroupState.PENDING, GroupState.FAILED):
        return None
    for c in ctx.group.init_containers:
        code = c.exit_code
        if status_of(c) is ContainerStatus.TERMINATED and code == 0:
            continue
        if code is not None and code != 0:
            summary = (
                f"Init container {name(c.name)} failed ({describe_exit(code)}); "
                "the app containers never start."
            )
            return ctx.make(
                Severity.ERROR,
                "init-failed",
                summary,
                [state_line(c), *tail_lines(ctx.tail, "its log")],
                c.name,
            )
        since = c.current_state.start_time if c.current_state else None
        severity = Severity.INFO
        if since is not None and ctx.now - aware(since) > STUCK_AFTER:
            severity = Severity.WARNING
        how_long = f" for {ago(since, ctx.now)}" if since else ""
        summary = f"Waiting on init container {name(c.name)} ({status_of(c).value}{how_long})."
        return ctx.make(severity, "init-waiting", summary, [state_line(c)], c.name)
    return None


def starting(ctx: Context) -> Diagnosis | None:
    """Provisioning or pending: for how long, and what happened last."""
    group = ctx.group
    if (
        group.state is not GroupState.PENDING
        and group.provisioning_state.lower() not in STARTING_STATES
    ):
        return None
    dated = [aware(t) for e in ctx.events for t in (e.first_timestamp,) if t]
    since = aware(group.created) if group.created else min(dated, default=None)
    stuck = since is not None and ctx.now - since > STUCK_AFTER
    last = ctx.events[0] if ctx.events else None
    doing = f"last: {quote(last.message) or name(last.name)}" if last else "no events yet"
    how_long = f" for {ago(since, ctx.now)}" if since else ""
    summary = f"{'Stuck starting' if stuck else 'Starting'}{how_long} — {doing}."
    lines = [f"provisioning state: {name(group.provisioning_state or 'unknown')}"]
    lines += [state_line(c) for c in (*group.init_containers, *group.containers)]
    lines += [event_line(e, ctx.now) for e in ctx.events[:3]]
    return ctx.make(Severity.WARNING if stuck else Severity.INFO, "provisioning", summary, lines)


def not_running(ctx: Context) -> Diagnosis | None:
    """A Running group with a member that is not running (and did not just finish)."""
    if ctx.group.state is not GroupState.RUNNING:
        return None
    for c in ctx.group.containers:
        if c.ready or (status_of(c) is ContainerStatus.TERMINATED and c.exit_code == 0):
            continue
        detail = f" ({quote(detail_of(c))})" if detail_of(c) else ""
        summary = f"{name(c.name)} is not running: {status_of(c).value}{detail}."
        return ctx.make(Severity.WARNING, "not-running", summary, [state_line(c)], c.name)
    return None


def failed_or_unknown(ctx: Context) -> Diagnosis | None:
    """The last resort: the group failed, or its state is unknown."""
    group = ctx.group
    lines = [f"provisioning state: {name(group.provisioning_state or 'unknown')}"]
    lines += [event_line(e, ctx.now) for e in ctx.events[:3]]
    if group.state is GroupState.FAILED:
        return ctx.make(Severity.ERROR, "failed", "The group failed.", lines)
    if group.state is GroupState.UNKNOWN:
        summary = "The provider did not say what state this group is in."
        return ctx.make(Severity.INFO, "unknown", summary, lines)
    return None
