"""Rules for containers that start and then fail: OOM, back-off, crash loop, probes, exits."""

from __future__ import annotations

from acitui.diagnosis.context import (
    MEMORY_AT_LIMIT,
    PROBE_WORDS,
    WINDOW,
    Context,
    crash_evidence,
    detail_of,
    last_crash,
    last_exit,
    restart_words,
    status_of,
)
from acitui.diagnosis.words import (
    aware,
    describe_exit,
    ended_line,
    event_line,
    last_exit_words,
    name,
    state_line,
    tail_lines,
)
from acitui.model import ContainerStatus, Diagnosis, GroupState, Severity


def out_of_memory(ctx: Context) -> Diagnosis | None:
    """A container was OOM-killed recently (state, event, or 137 with memory at limit)."""
    for c in ctx.group.containers:
        states = [s for s in (c.current_state, c.previous_state) if s is not None]
        flagged = any(
            s.detail_status.lower() == "oomkilled"
            and (
                s is c.current_state
                or not s.finish_time
                or ctx.now - aware(s.finish_time) <= WINDOW
            )
            for s in states
        )
        events = [e for e in ctx.events_of(c.name, ("oom",)) if ctx.recent(e)]
        shares = ctx.memory_shares(c.name)
        peak = max(shares) if shares else None
        at_limit = peak is not None and peak >= MEMORY_AT_LIMIT and last_exit(c) == 137
        if not (flagged or events or at_limit):
            continue
        summary = f"{name(c.name)} ran out of memory and was killed"
        if (c.restart_count or 0) > 0 and not (c.current_state and c.current_state.exit_code):
            summary += f" ({restart_words(c, ctx)})"
        summary += "; give it more memory or find what grows."
        lines = [state_line(c), ended_line(c, ctx.now)]
        if c.memory_gb:
            lines.append(f"memory limit: {c.memory_gb:g} GB")
        if peak is not None:
            lines.append(f"memory reached {peak:.0f}% of its limit")
        lines += [event_line(e, ctx.now) for e in events[:2]]
        return ctx.make(
            Severity.ERROR, "oom", summary, lines + tail_lines(ctx.tail, "the killed run"), c.name
        )
    return None


def back_off(ctx: Context) -> Diagnosis | None:
    """A container waits in back-off (CrashLoopBackOff) after crashing."""
    for c in ctx.group.containers:
        if status_of(c) is not ContainerStatus.WAITING or "backoff" not in detail_of(c).lower():
            continue
        summary = (
            f"{name(c.name)} keeps crashing and waits to be restarted (back-off): "
            f"{restart_words(c, ctx)}{last_exit_words(last_exit(c))}."
        )
        lines = crash_evidence(c, ctx, ("backoff", "died"))
        return ctx.make(Severity.ERROR, "back-off", summary, lines, c.name)
    return None


def crash_loop(ctx: Context) -> Diagnosis | None:
    """A container restarted repeatedly in the window and the last run failed."""
    for c in ctx.group.containers:
        last = last_crash(c, ctx)
        backoff = [e for e in ctx.events_of(c.name, ("backoff",)) if ctx.recent(e)]
        restarting = (c.restart_count or 0) >= 2 and last is not None and ctx.now - last <= WINDOW
        if not (restarting or backoff) or last_exit(c) == 0:
            continue
        summary = (
            f"{name(c.name)} is crash-looping: "
            f"{restart_words(c, ctx)}{last_exit_words(last_exit(c))}."
        )
        lines = crash_evidence(c, ctx, ("backoff", "died"))
        return ctx.make(Severity.ERROR, "crash-loop", summary, lines, c.name)
    return None


def probe(ctx: Context) -> Diagnosis | None:
    """A running container whose liveness/readiness probe or health check is failing."""
    for c in ctx.group.containers:
        hits = [
            e for e in ctx.events_of(c.name, PROBE_WORDS) if e.container == c.name and ctx.recent(e)
        ]
        if not hits and detail_of(c).lower() != "unhealthy":
            continue
        said = " ".join(f"{e.name} {e.message}" for e in hits).lower()
        kind = (
            "liveness probe"
            if "liveness" in said
            else "readiness probe"
            if "readiness" in said
            else "health check"
        )
        summary = f"{name(c.name)} is running but its {kind} is failing."
        lines = [state_line(c), *(event_line(e, ctx.now) for e in hits[:3])]
        return ctx.make(Severity.WARNING, "probe", summary, lines, c.name)
    return None


def memory_at_limit(ctx: Context) -> Diagnosis | None:
    """A running container whose latest memory sample is at its limit."""
    for c in ctx.group.containers:
        shares = ctx.memory_shares(c.name)
        if not c.ready or not shares or shares[-1] < MEMORY_AT_LIMIT:
            continue
        summary = (
            f"{name(c.name)} is using {shares[-1]:.0f}% of its memory limit; "
            "it will be killed (OOM) if it grows."
        )
        limit = [f"memory limit: {c.memory_gb:g} GB"] if c.memory_gb else []
        return ctx.make(
            Severity.WARNING, "memory-at-limit", summary, [state_line(c), *limit], c.name
        )
    return None


def exited(ctx: Context) -> Diagnosis | None:
    """A container ended with a non-zero exit code (not a deliberate stop)."""
    for c in ctx.group.containers:
        code = c.exit_code
        if status_of(c) is not ContainerStatus.TERMINATED or not code:
            continue
        if (
            ctx.group.state is GroupState.STOPPED
            and code in (137, 143)
            and detail_of(c).lower() != "oomkilled"
        ):
            continue  # stopped on purpose
        summary = f"{name(c.name)} exited with {describe_exit(code)}."
        lines = [state_line(c), ended_line(c, ctx.now), *tail_lines(ctx.tail, "its log")]
        return ctx.make(Severity.ERROR, "exited", summary, lines, c.name)
    return None
