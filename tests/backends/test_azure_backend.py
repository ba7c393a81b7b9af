"""The Azure backend, real SDK over HTTPS to the ARM emulator: reads, secrets, mutations, errors."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator

import pytest

from acitui.backends.azure.backend import AzureBackend
from acitui.emulator import Emulator
from acitui.errors import (
    AuthError,
    ConflictError,
    NotFoundError,
    ReadOnlyError,
    ThrottledError,
    UnavailableError,
)
from acitui.masking import SECURE_LABEL, display_value, masked_value
from acitui.model import GroupRef, GroupState
from tests.backends.fleet_azure import RG, make_settings, populate

pytestmark = pytest.mark.azure


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as server:
        yield server


@pytest.fixture(scope="module")
def refs(emu: Emulator) -> dict[str, GroupRef]:
    return populate(emu, "be")


@pytest.fixture
async def backend(emu: Emulator, refs: dict[str, GroupRef]) -> AsyncIterator[AzureBackend]:
    emu.faults.clear()
    b = AzureBackend.from_settings(make_settings(emu))
    b.lro_poll_seconds = 0.1
    b.progress_seconds = 0.2
    try:
        yield b
    finally:
        await b.close()
        emu.faults.clear()


async def test_list_is_one_cheap_read_and_detail_is_lazy(
    backend: AzureBackend, emu: Emulator, refs: dict[str, GroupRef]
) -> None:
    """Listing costs one ARM read and comes back undetailed; get_group fills in live state."""
    await backend.api_version()  # the provider read: once per subscription, before the first
    before = sum(emu.request_log.values())
    groups = await backend.list_groups(RG)
    assert sum(emu.request_log.values()) - before == 1
    assert {g.name for g in groups} >= {r.name for r in refs.values()}
    assert all(not g.detailed for g in groups)
    running = await backend.get_group(refs["running"])
    assert running.detailed and running.state is GroupState.RUNNING
    assert [c.name for c in running.containers] == ["web", "sidecar"]
    assert (await backend.get_group(refs["failed"])).state is GroupState.FAILED
    assert (await backend.get_group(refs["succeeded"])).state is GroupState.SUCCEEDED


async def test_detail_is_cached_briefly(
    backend: AzureBackend, emu: Emulator, refs: dict[str, GroupRef]
) -> None:
    """Asking for the same group twice in a row costs one ARM read."""
    before = emu.request_log[("GET", "group")]
    await backend.get_group(refs["succeeded"])
    await backend.get_group(refs["succeeded"])
    assert emu.request_log[("GET", "group")] - before == 1


async def test_simultaneous_asks_share_one_read(
    backend: AzureBackend, emu: Emulator, refs: dict[str, GroupRef]
) -> None:
    """Five callers asking for one group at once (table and detail pane) cost one read."""
    import asyncio

    emu.faults.latency = 0.2
    before = emu.request_log[("GET", "group")]
    groups = await asyncio.gather(*(backend.get_group(refs["failed"]) for _ in range(5)))
    assert emu.request_log[("GET", "group")] - before == 1
    assert all(g.state is GroupState.FAILED for g in groups)


async def test_concurrent_details_are_bounded(
    backend: AzureBackend, emu: Emulator, refs: dict[str, GroupRef]
) -> None:
    """Sixteen detail reads at once go at most eight at a time (two rounds of latency)."""
    import asyncio

    names = [f"bulk-{i}" for i in range(16)]
    for name in names:
        emu.put_group(RG, name, emu.get_group(RG, refs["stoppable"].name))
    emu.faults.latency = 0.3
    started = time.monotonic()
    groups = await asyncio.gather(*(backend.get_group(GroupRef(RG, n)) for n in names))
    elapsed = time.monotonic() - started
    assert [g.name for g in groups] == names
    assert elapsed >= 0.55


async def test_secure_variable_is_name_only_and_never_revealable(
    backend: AzureBackend, refs: dict[str, GroupRef]
) -> None:
    """A secure variable shows as secure even when reveal is asked for; plain ones reveal."""
    group = await backend.get_group(refs["running"])
    web = group.container("web")
    assert web is not None
    env = {v.name: v for v in web.environment}
    secret = env["DB_PASSWORD"]
    assert secret.secure and secret.value is None
    assert display_value(secret, reveal=True) == SECURE_LABEL
    assert masked_value(secret, reveal=True) is None
    assert masked_value(env["PLAIN_SETTING"], reveal=True) == "visible-value"
    assert "never-shown-secret" not in repr(group)


async def test_events_of_group_and_containers(
    backend: AzureBackend, refs: dict[str, GroupRef]
) -> None:
    """Events list container events (named) newest first."""
    events = await backend.list_events(refs["running"])
    assert {e.container for e in events} >= {"web", "sidecar"}
    stamps = [e.last_timestamp for e in events if e.last_timestamp]
    assert stamps == sorted(stamps, reverse=True)


async def test_logs_snapshot_with_tail_and_timestamps(
    backend: AzureBackend, refs: dict[str, GroupRef]
) -> None:
    """A snapshot honours tail, and timestamps are parsed off the text."""
    lines = await backend.get_logs(refs["running"], "web", tail=1, timestamps=True)
    assert len(lines) == 1 and lines[0].timestamp is not None
    assert lines[0].text.startswith("evil")
    plain = await backend.get_logs(refs["running"], "web")
    assert plain[0].text == "hello from web"


async def test_missing_things_are_not_found(
    backend: AzureBackend, refs: dict[str, GroupRef]
) -> None:
    """Unknown group, container or resource group: NotFoundError with a usable message."""
    with pytest.raises(NotFoundError):
        await backend.get_group(GroupRef(RG, "nope"))
    with pytest.raises(NotFoundError):
        await backend.get_logs(refs["running"], "no-such-container")
    with pytest.raises(NotFoundError, match=r"(?i)resource group"):
        await backend.list_groups("no-such-rg")


async def test_stop_start_restart_delete_with_progress(
    backend: AzureBackend, emu: Emulator
) -> None:
    """Lifecycle operations work and report progress; the group ends deleted."""
    emu.put_group(RG, "lifecycle", emu.get_group(RG, "stoppable-be"))
    ref = GroupRef(RG, "lifecycle")
    notes: list[tuple[str, str]] = []
    backend.notify = lambda notice: notes.append((notice.title, notice.message))
    await backend.stop_group(ref)
    assert (await backend.get_group(ref)).state is GroupState.STOPPED
    await backend.start_group(ref)
    assert any(title == f"Starting {ref}" and "InProgress" in msg for title, msg in notes)
    await backend.restart_group(ref)
    assert (await backend.get_group(ref)).state is GroupState.RUNNING
    await backend.delete_group(ref)
    with pytest.raises(NotFoundError):
        await backend.get_group(ref)


async def test_restart_of_stopped_group_is_a_conflict(backend: AzureBackend, emu: Emulator) -> None:
    """Restarting a stopped group gives a ConflictError saying what to do, not an SDK error."""
    emu.put_group(RG, "stopped-one", emu.get_group(RG, "stoppable-be"))
    ref = GroupRef(RG, "stopped-one")
    await backend.stop_group(ref)
    with pytest.raises(ConflictError) as caught:
        await backend.restart_group(ref)
    assert "stopped" in caught.value.message.lower() and caught.value.hint


async def test_read_only_subscription_refuses_mutations(
    emu: Emulator, refs: dict[str, GroupRef]
) -> None:
    """A subscription listed as read-only refuses stop before any request is sent."""
    settings = make_settings(emu, read_only_subscriptions=(emu.subscription_id.upper(),))
    backend = AzureBackend.from_settings(settings)
    before = emu.request_log[("POST", "stop")]
    try:
        assert backend.read_only
        with pytest.raises(ReadOnlyError):
            await backend.stop_group(refs["stoppable"])
    finally:
        await backend.close()
    assert emu.request_log[("POST", "stop")] == before


async def test_retry_after_is_honoured(backend: AzureBackend, emu: Emulator) -> None:
    """Two 429s with Retry-After 1 are waited out, and the list still arrives."""
    emu.faults.throttle(2, retry_after=1)
    started = time.monotonic()
    groups = await backend.list_groups(RG)
    assert groups and time.monotonic() - started >= 1.8


async def test_throttle_storm_becomes_throttled_error(backend: AzureBackend, emu: Emulator) -> None:
    """A 429 storm ends in a ThrottledError with the wait time, within seconds."""
    emu.faults.throttle(20, retry_after=1)
    started = time.monotonic()
    with pytest.raises(ThrottledError) as caught:
        await backend.list_groups(RG)
    assert time.monotonic() - started < 15
    assert "Try again in 1 s" in caught.value.hint  # the wait the person is told
    assert "throttl" in caught.value.message.lower()


async def test_server_errors_become_unavailable(backend: AzureBackend, emu: Emulator) -> None:
    """Persistent 500s end in UnavailableError naming the status, not a traceback."""
    emu.faults.fail(20, status=500)
    with pytest.raises(UnavailableError) as caught:
        await backend.list_groups(RG)
    assert "500" in caught.value.message and caught.value.hint


async def test_dropped_connections_become_unavailable(backend: AzureBackend, emu: Emulator) -> None:
    """Connections dropped mid-request end in UnavailableError."""
    emu.faults.drop(20)
    with pytest.raises(UnavailableError, match=r"(?i)reach|connection"):
        await backend.list_groups(RG)


async def test_untrusted_certificate_says_which_ca_setting_to_use(emu: Emulator) -> None:
    """Without the right CA bundle, the error says to set REQUESTS_CA_BUNDLE."""
    backend = AzureBackend.from_settings(make_settings(emu, ca_bundle=""))
    try:
        with pytest.raises(UnavailableError) as caught:
            await backend.list_groups(RG)
    finally:
        await backend.close()
    assert caught.value.title == "Certificate not trusted"
    assert "REQUESTS_CA_BUNDLE" in caught.value.hint


async def test_forbidden_is_not_authorised(backend: AzureBackend, emu: Emulator) -> None:
    """403 AuthorizationFailed is an AuthError titled 'Not authorised' with a role hint."""
    emu.faults.fail(1, status=403)
    with pytest.raises(AuthError) as caught:
        await backend.list_groups(RG)
    assert caught.value.title == "Not authorised" and "role" in caught.value.hint.lower()


async def test_wrong_token_asks_to_sign_in_again(emu: Emulator) -> None:
    """A rejected token gives an AuthError whose hint says how to get a new one."""
    backend = AzureBackend.from_settings(make_settings(emu, token="expired-token"))
    try:
        with pytest.raises(AuthError) as caught:
            await backend.list_groups()
    finally:
        await backend.close()
    assert "az login" in caught.value.hint and "expired-token" not in str(caught.value)


async def test_describe_target_names_endpoint_and_subscription(
    backend: AzureBackend, emu: Emulator
) -> None:
    """The target line names the endpoint and the subscription by name and id."""
    text = await backend.describe_target()
    assert text.startswith(f"azure {emu.endpoint}")
    assert f"({emu.subscription_id})" in text


async def test_list_subscriptions_marks_the_chosen_one(
    backend: AzureBackend, emu: Emulator
) -> None:
    """Subscriptions are listed with the one in use flagged as default."""
    subs = await backend.list_subscriptions()
    assert [s.id for s in subs if s.is_default] == [emu.subscription_id]
    assert all(s.state == "Enabled" for s in subs)


async def test_close_twice_is_safe(emu: Emulator) -> None:
    """Closing a used backend twice raises nothing."""
    backend = AzureBackend.from_settings(make_settings(emu))
    await backend.list_resource_groups()
    await backend.close()
    await backend.close()


async def test_paged_listing_yields_each_arm_page_as_it_arrives() -> None:
    """With 250 groups, iter_groups hands over ARM's pages one by one (first rows early)."""
    with Emulator(groups=250, resource_groups=5) as big:
        backend = AzureBackend.from_settings(make_settings(big))
        try:
            pages = [len(page) async for page in backend.iter_groups()]
        finally:
            await backend.close()
    assert pages == [100, 100, 50]
