"""Why a log shows no lines yet, from the group and container state already known."""

from __future__ import annotations

from acitui.model import ContainerGroup, ContainerStatus, GroupState


def empty_reason(group: ContainerGroup, container: str) -> str:
    """A one-line reason for an empty log, or "" when lines may simply not have come yet."""
    if group.state is GroupState.STOPPED:
        return (
            "no output yet: the group is Stopped — start it with S, "
            "or its previous run's logs are gone"
        )
    match = next((c for c in group.containers if c.name == container), None)
    state = match.current_state if match is not None else None
    if state is None:
        if group.state is GroupState.PENDING:
            return "no output yet: the group is Pending — the container has not started"
        return ""
    if state.status is ContainerStatus.WAITING:
        detail = f" ({state.detail_status})" if state.detail_status else ""
        return f"no output yet: the container is Waiting{detail} — it has not started"
    if state.status is ContainerStatus.TERMINATED:
        code = f" with exit code {state.exit_code}" if state.exit_code is not None else ""
        return f"no output: the container Terminated{code} without writing to its log"
    return ""
