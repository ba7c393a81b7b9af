"""The diagnosis line: one rule at a time, on neutral model fixtures."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta

import pytest

from acitui.diagnosis import diagnose, exit_meaning
from acitui.model import (
    Container,
    ContainerGroup,
    ContainerState,
    ContainerStatus,
    Event,
    GroupState,
    MetricSample,
    Severity,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def running(since: datetime | None = None) -> ContainerState:
    return ContainerState(ContainerStatus.RUNNING, start_time=since or ago(hours=1))


def ended(code: int, detail: str = "", at: datetime | None = None) -> ContainerState:
    detail = detail or ("Completed" if code == 0 else "Error")
    return ContainerState(
        ContainerStatus.TERMINATED, detail, code, ago(hours=1), at or ago(seconds=1)
    )


def container(name: str = "app", state: ContainerState | None = None, **kw) -> Container:
    return Container(name, "busybox:1.36", memory_gb=1.5, current_state=state or running(), **kw)


def group(*containers: Container, state: GroupState = GroupState.RUNNING, **kw) -> ContainerGroup:
    return ContainerGroup("web", "rg", state, containers=containers or (container(),), **kw)


def event(
    container: str | None,
    name: str,
    message: str = "",
    kind: str = "Warning",
    at: datetime | None = None,
    count: int = 1,
    first: datetime | None = None,
) -> Event:
    when = at or ago(seconds=30)
    return Event(container, kind, name, message, count, first or when, when)


def test_healthy_running_group_has_no_diagnosis() -> None:
    """A running group whose containers all run gets no line at all."""
    assert diagnose(group(container("a"), container("b")), now=NOW) is None


@pytest.mark.parametrize("state", [GroupState.STOPPED, GroupState.SUCCEEDED])
def test_stopped_or_finished_groups_are_not_unhealthy(state: GroupState) -> None:
    """A group stopped on purpose or finished cleanly gets no line."""
    assert diagnose(group(container(state=ended(0)), state=state), now=NOW) is None


def test_list_row_without_live_state_says_nothing_unless_failed() -> None:
    """An ACI list row (no instance view) is not guessed at; a Failed one says to open it."""
    assert diagnose(group(state=GroupState.RUNNING, detailed=False), now=NOW) is None
    found = diagnose(group(state=GroupState.FAILED, detailed=False), now=NOW)
    assert found is not None and found.rule == "failed" and "open it" in found.summary


@pytest.mark.parametrize(
    ("message", "why"),
    [
        (
            'Failed to pull image "acr.io/app:9": unauthorized: authentication required',
            "credentials",
        ),
        (
            "The image 'acr.io/app:9' in container group 'web' is not accessible. Please check the "
            "image and registry credential.",
            "credentials",
        ),
        (
            'Failed to pull image "busybox:nope": manifest unknown: manifest unknown',
            "does not exist",
        ),
        ("ErrImagePull: dial tcp: i/o timeout", "could not be reached"),
    ],
)
def test_image_pull_failure_names_the_image_and_the_reason(message: str, why: str) -> None:
    """A pull failure says which image, and whether it is auth, a missing tag or the network."""
    waiting = ContainerState(ContainerStatus.WAITING, "ErrImagePull")
    g = group(
        container(state=waiting),
        state=GroupState.PENDING,
        events=(event("app", "Failed", message, count=4),),
    )
    found = diagnose(g, now=NOW)
    assert found is not None and found.rule == "image-pull" and found.severity is Severity.ERROR
    assert "busybox:1.36" in found.summary and why in found.summary
    assert any("×4" in line and "Failed" in line for line in found.evidence)


def test_inaccessible_image_as_detail_status_alone_is_enough() -> None:
    """ACI's InaccessibleImage in the waiting detail is diagnosed even without an event."""
    waiting = ContainerState(ContainerStatus.WAITING, "InaccessibleImage")
    found = diagnose(group(container(state=waiting), state=GroupState.PENDING), now=NOW)
    assert found is not None and found.rule == "image-pull"


@pytest.mark.parametrize(
    ("message", "word"),
    [
        (
            "ContainerGroupQuotaReached: Resource type "
            "'Microsoft.ContainerInstance/containerGroups' has reached the quota limit of '100'",
            "quota",
        ),
        (
            "ServiceUnavailable: The requested resource is not available in the location "
            "'westeurope' at this moment.",
            "capacity",
        ),
        ("RegionCapacityExceeded: not enough capacity for 4 CPU", "capacity"),
    ],
)
def test_quota_or_capacity_refusal_quotes_the_service(message: str, word: str) -> None:
    """A quota/capacity refusal says which, quotes the service and says what to try."""
    g = group(
        container(state=ContainerState(ContainerStatus.WAITING)),
        state=GroupState.FAILED,
        events=(event(None, "Failed", message),),
        provisioning_state="Failed",
    )
    found = diagnose(g, now=NOW)
    assert found is not None and found.rule == "quota" and word in found.summary
    assert any(message[:40] in line for line in found.evidence)
    assert "region" in found.evidence[-1]


def test_crash_loop_counts_restarts_and_explains_the_exit_code() -> None:
    """A running container that restarted often and recently: count, last exit and its meaning."""
    c = container(
        state=running(ago(seconds=20)),
        restart_count=7,
        previous_state=ended(139, at=ago(seconds=21)),
    )
    started = event("app", "Started", "Started container", "Normal", count=8, first=ago(minutes=6))
    found = diagnose(
        group(c, events=(started,)), now=NOW, previous_tail=["boot", "Segfault at 0x0"]
    )
    assert found is not None and found.rule == "crash-loop" and found.severity is Severity.ERROR
    assert "7 restarts in the last 6 min, last 21 s ago" in found.summary
    assert "segmentation fault" in found.summary and "139" in found.summary
    assert found.evidence[-3:] == ("previous run ended with:", "  boot", "  Segfault at 0x0")


def test_old_restarts_on_a_now_steady_container_are_healthy() -> None:
    """Restarts long ago, running steadily since, are not a crash loop."""
    c = container(
        state=running(ago(hours=2)), restart_count=5, previous_state=ended(1, at=ago(hours=2))
    )
    assert diagnose(group(c), now=NOW) is None


def test_back_off_waiting_container() -> None:
    """Waiting in CrashLoopBackOff: says it keeps crashing, the last exit code and the restarts."""
    waiting = ContainerState(ContainerStatus.WAITING, "CrashLoopBackOff: Back-off restarting")
    c = container(state=waiting, restart_count=4, previous_state=ended(1, at=ago(seconds=40)))
    backoff = event("app", "BackOff", "Back-off restarting failed container", count=3)
    found = diagnose(group(c, events=(backoff,)), now=NOW)
    assert found is not None and found.rule == "back-off"
    assert "keeps crashing" in found.summary and "exit code 1" in found.summary
    assert "4 restarts, last 30 s ago" in found.summary
    assert any("BackOff ×3" in line for line in found.evidence)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (137, "out of memory"),
        (139, "segmentation fault"),
        (143, "SIGTERM"),
        (1, "error"),
        (2, "error"),
        (126, "could not be run"),
        (127, "not found"),
        (130, "signal 2"),
    ],
)
def test_exit_codes_have_their_usual_meaning(code: int, words: str) -> None:
    """Common exit codes read in plain words."""
    assert words in exit_meaning(code)


def test_oom_killed_container_wins_over_crash_loop() -> None:
    """An OOM-killed crash loop is reported as out of memory, with the limit and peak."""
    c = container(
        state=running(ago(seconds=5)),
        restart_count=3,
        previous_state=ended(137, "OOMKilled", at=ago(seconds=6)),
    )
    samples = [
        MetricSample("app", ago(seconds=s), memory_percent=p) for s, p in ((60, 80), (10, 99))
    ]
    found = diagnose(group(c), now=NOW, metrics=samples)
    assert found is not None and found.rule == "oom" and "ran out of memory" in found.summary
    assert "memory limit: 1.5 GB" in found.evidence and "memory reached 99% of its limit" in (
        found.evidence
    )


def test_exit_137_with_memory_at_limit_is_oom_even_without_the_flag() -> None:
    """Exit 137 right after memory reached its limit reads as OOM (ACI often says just Error)."""
    c = container(state=ended(137), restart_count=0)
    samples = [MetricSample("app", ago(seconds=5), memory_percent=98.0)]
    found = diagnose(group(c, state=GroupState.FAILED), now=NOW, metrics=samples)
    assert found is not None and found.rule == "oom"
    assert diagnose(group(c, state=GroupState.FAILED), now=NOW).rule == "exited"  # type: ignore[union-attr]


def test_memory_at_limit_on_a_running_container_is_a_warning() -> None:
    """Latest memory sample at its limit warns before the OOM kill; a past peak does not."""
    climbing = [
        MetricSample("app", ago(seconds=s), memory_percent=p) for s, p in ((60, 70), (5, 97))
    ]
    found = diagnose(group(), now=NOW, metrics=climbing)
    assert found is not None and found.rule == "memory-at-limit"
    assert found.severity is Severity.WARNING and "97%" in found.summary
    fell = [MetricSample("app", ago(seconds=s), memory_percent=p) for s, p in ((60, 99), (5, 40))]
    assert diagnose(group(), now=NOW, metrics=fell) is None


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Liveness probe failed: HTTP probe failed with statuscode: 500", "liveness probe"),
        ("Readiness probe failed: dial tcp 10.0.0.4:80: connect: refused", "readiness probe"),
        ("Health check failed", "health check"),
    ],
)
def test_failing_probe_is_named(message: str, kind: str) -> None:
    """A probe failing recently names which probe, and quotes its text."""
    g = group(events=(event("app", "Unhealthy", message, count=12),))
    found = diagnose(g, now=NOW)
    assert found is not None and found.rule == "probe" and kind in found.summary
    assert any(message[:30] in line for line in found.evidence)


def test_old_probe_failure_is_forgotten() -> None:
    """A probe that failed an hour ago and runs fine now is healthy."""
    g = group(events=(event("app", "Unhealthy", "Liveness probe failed", at=ago(hours=1)),))
    assert diagnose(g, now=NOW) is None


def test_waiting_on_an_init_container() -> None:
    """A pending group whose init container still runs says so, and for how long."""
    init = container("migrate", running(ago(minutes=7)))
    app = container(state=ContainerState(ContainerStatus.WAITING, "Waiting"))
    found = diagnose(group(app, state=GroupState.PENDING, init_containers=(init,)), now=NOW)
    assert found is not None and found.rule == "init-waiting"
    assert "migrate" in found.summary and "7 min" in found.summary
    assert found.severity is Severity.WARNING  # past STUCK_AFTER


def test_failed_init_container() -> None:
    """An init container that exited non-zero is the reason nothing starts."""
    init = container("migrate", ended(2))
    app = container(state=ContainerState(ContainerStatus.WAITING))
    g = group(app, state=GroupState.FAILED, init_containers=(init,))
    found = diagnose(g, now=NOW, previous_tail=["ERROR: relation users does not exist"])
    assert found is not None and found.rule == "init-failed" and "exit code 2" in found.summary
    assert "  ERROR: relation users does not exist" in found.evidence


def test_stuck_provisioning_says_how_long_and_the_last_event() -> None:
    """Pending past the threshold is 'stuck', with the duration and the last event."""
    waiting = ContainerState(ContainerStatus.WAITING, "Pulling")
    pulling = event("app", "Pulling", 'pulling image "llm:2025"', "Normal", at=ago(minutes=14))
    g = group(
        container(state=waiting),
        state=GroupState.PENDING,
        created=ago(minutes=15),
        provisioning_state="Pending",
        events=(pulling,),
    )
    found = diagnose(g, now=NOW)
    assert found is not None and found.rule == "provisioning"
    assert found.summary.startswith("Stuck starting for 15 min")
    assert "pulling image" in found.summary
    assert found.severity is Severity.WARNING
    fresh = diagnose(replace(g, created=ago(seconds=40)), now=NOW)
    assert fresh is not None and fresh.summary.startswith("Starting for 40 s")
    assert fresh.severity is Severity.INFO


def test_failed_job_names_container_and_exit_code() -> None:
    """A job that exited non-zero (policy Never) says which container and what the code means."""
    g = group(container("job", ended(3)), state=GroupState.FAILED, restart_policy="Never")
    found = diagnose(g, now=NOW, previous_tail=["failing"])
    assert found is not None and found.rule == "exited"
    assert found.summary == "job exited with exit code 3 — the app exited with an error."
    assert found.evidence[-2:] == ("its log ended with:", "  failing")


def test_diagnosis_serialises_to_stable_json() -> None:
    """A diagnosis becomes JSON with plain fields (for ``show --json``)."""
    g = group(container("job", ended(3)), state=GroupState.FAILED, restart_policy="Never")
    found = diagnose(g, now=NOW)
    assert found is not None
    data = json.loads(json.dumps(asdict(found)))
    assert data["severity"] == "error" and data["rule"] == "exited" and data["container"] == "job"
    assert data["summary"].startswith("job exited") and isinstance(data["evidence"], list)


def test_deliberately_stopped_container_with_sigterm_is_not_a_failure() -> None:
    """A stopped group whose container ended by SIGTERM/SIGKILL gets no line."""
    g = group(container(state=ended(143)), state=GroupState.STOPPED)
    assert diagnose(g, now=NOW) is None


def test_unknown_state() -> None:
    """A group in an unknown state says the provider did not say."""
    found = diagnose(group(state=GroupState.UNKNOWN), now=NOW)
    assert found is not None and found.rule == "unknown" and found.severity is Severity.INFO


def test_hostile_names_and_messages_cross_the_display_boundary() -> None:
    """Escape sequences in names, events and log tails never reach the diagnosis text."""
    evil = "app\x1b]52;c;aGk=\x07\x1b[2J"
    c = Container(evil, "img\x1b[31m", current_state=ended(1), restart_count=0)
    g = group(
        c,
        state=GroupState.FAILED,
        events=(event(evil, "Died\x9b2J", "boom \x1b]0;title\x07 \u202eevil"),),
    )
    found = diagnose(g, now=NOW, previous_tail=["tail \x1b[6n\x1bP+q\x1b\\ end"])
    assert found is not None
    for line in (found.summary, *found.evidence):
        assert "\x1b" not in line and "\x9b" not in line and "\x07" not in line
        assert "\u202e" not in line
    assert "app\\x1b" in found.summary  # odd names are shown escaped, not hidden


def test_long_event_text_is_cut_to_one_line() -> None:
    """A page-long registry error is quoted on one line, cut with an ellipsis."""
    message = "Failed to pull image: unauthorized\n" + "x" * 5000
    waiting = ContainerState(ContainerStatus.WAITING, "ErrImagePull")
    g = group(
        container(state=waiting),
        state=GroupState.PENDING,
        events=(event("app", "Failed", message),),
    )
    found = diagnose(g, now=NOW)
    assert found is not None
    assert all("\n" not in line and len(line) < 400 for line in found.evidence)


def test_naive_now_is_taken_as_utc() -> None:
    """A naive ``now`` works (taken as UTC) instead of raising on aware event times."""
    c = container(
        state=running(ago(seconds=20)), restart_count=3, previous_state=ended(1, at=ago(seconds=21))
    )
    found = diagnose(group(c), now=NOW.replace(tzinfo=None))
    assert found is not None and found.rule == "crash-loop"


def test_diagnosis_imports_only_the_standard_library() -> None:
    """The diagnosis package is core: no textual, rich, docker or azure on import."""
    code = (
        "import sys, acitui.diagnosis;"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich', 'docker', 'azure', 'aiohttp')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
