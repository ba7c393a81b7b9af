"""The emulator's state: subscriptions, resource groups, container groups, operations.

Every public method takes the lock, so the HTTP thread, tests and the demo's
log thread can share one Store. HTTP-facing methods raise ``ArmError`` with
the status and code ARM would answer.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from acitui.emulator.clock import Clock
from acitui.emulator.ngroups import NGroupStore
from acitui.emulator.parse import normalize_group
from acitui.emulator.payloads import (
    ArmError,
    assign_ip,
    iso,
    render_group,
    rfc3339_nano,
)
from acitui.emulator.sim import Behaviour, ContainerSim, GroupSim, Timings

LOG_LIMIT_BYTES = 4 * 1024 * 1024


def _system_data(g: GroupSim) -> dict[str, Any]:
    """ARM's ``systemData``: who made the group and when (an NGroup's members: the service)."""
    by, kind = "operator@contoso.com", "User"
    if "orchestratorId" in (g.stored.get("tags") or {}):
        by, kind = "Microsoft.ContainerInstance", "Application"
    at = iso(g.created)
    return {
        "createdBy": by,
        "createdByType": kind,
        "createdAt": at,
        "lastModifiedBy": by,
        "lastModifiedByType": kind,
        "lastModifiedAt": at,
    }


def _not_found(kind: str, name: str, rg: str) -> ArmError:
    return ArmError(
        404,
        "ResourceNotFound",
        f"The Resource 'Microsoft.ContainerInstance/{kind}/{name}' under resource group "
        f"'{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    )


class Store:
    def __init__(self, subscription_id: str, clock: Clock, timings: Timings | None = None) -> None:
        self.subscription_id = subscription_id
        self.clock = clock
        self.timings = timings or Timings()
        self.lock = threading.RLock()
        self._rgs: dict[str, dict[str, Any]] = {}
        self._groups: dict[tuple[str, str], GroupSim] = {}
        #: The groups' keys in list order, kept until a group is added or removed.
        self._order: list[tuple[str, str]] | None = None
        self._ops: dict[str, tuple[str, datetime, datetime]] = {}
        self._op_ids = itertools.count(1)
        self.ngroups = NGroupStore(self)
        #: How NGroup members' containers behave (by container name).
        self.ngroup_behaviour: dict[str, Behaviour] = {}
        #: Metric personalities by (rg, group, container), lower-cased: busy, idle, leak.
        self.metric_kinds: dict[tuple[str, str, str], str] = {}
        #: Usage limits per quota name (``locations/{loc}/usages``); unset names use defaults.
        self.quota_limits: dict[str, int] = {}

    # -- subscriptions and resource groups -------------------------------------
    def subscription(self) -> dict[str, Any]:
        s = self.subscription_id
        return {
            "id": f"/subscriptions/{s}",
            "subscriptionId": s,
            "tenantId": "00000000-0000-0000-0000-0000000a0c17",
            "displayName": "acitui emulator",
            "state": "Enabled",
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01"},
            "authorizationSource": "RoleBased",
        }

    def check_subscription(self, sub: str) -> None:
        if sub.lower() != self.subscription_id.lower():
            raise ArmError(
                404, "SubscriptionNotFound", f"The subscription '{sub}' could not be found."
            )

    def _rg(self, name: str) -> dict[str, Any]:
        rg = self._rgs.get(name.lower())
        if rg is None:
            raise ArmError(
                404, "ResourceGroupNotFound", f"Resource group '{name}' could not be found."
            )
        return rg

    def resource_groups(self) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(rg) for rg in self._rgs.values()]

    def resource_group(self, name: str) -> dict[str, Any]:
        with self.lock:
            return dict(self._rg(name))

    def put_resource_group(self, name: str, body: Mapping[str, Any]) -> tuple[bool, dict[str, Any]]:
        if not isinstance(body, Mapping) or not body.get("location"):
            raise ArmError(400, "LocationRequired", "The location property is required.")
        with self.lock:
            existing = self._rgs.get(name.lower())
            stored_name = existing["name"] if existing else name
            rg = {
                "id": f"/subscriptions/{self.subscription_id}/resourceGroups/{stored_name}",
                "name": stored_name,
                "type": "Microsoft.Resources/resourceGroups",
                "location": str(body["location"]),
                "tags": dict(body.get("tags") or {}),
                "properties": {"provisioningState": "Succeeded"},
            }
            self._rgs[name.lower()] = rg
            return existing is None, dict(rg)

    def delete_resource_group(self, name: str) -> None:
        with self.lock:
            self._rg(name)
            del self._rgs[name.lower()]
            for key in [k for k in self._groups if k[0] == name.lower()]:
                del self._groups[key]
            self._order = None
            self.ngroups.drop_resource_group(name)

    # -- container groups ---------------------------------------------------------
    def _group(self, rg: str, name: str) -> GroupSim:
        self._rg(rg)
        group = self._groups.get((rg.lower(), name.lower()))
        if group is None:
            raise _not_found("containerGroups", name, rg)
        group.advance(self.clock.now())
        return group

    def _render(self, g: GroupSim, with_view: bool) -> dict[str, Any]:
        now = self.clock.now()
        g.advance(now)
        rg_name = self._rgs[g.resource_group.lower()]["name"]
        gid = (
            f"/subscriptions/{self.subscription_id}/resourceGroups/{rg_name}"
            f"/providers/Microsoft.ContainerInstance/containerGroups/{g.name}"
        )
        views = g.views() if with_view else None
        stored = {**g.stored, "systemData": _system_data(g)}
        return render_group(gid, g.name, stored, g.provisioning_state(now), g.ip, views)

    def raw_groups(self, rg: str) -> list[GroupSim]:
        """The simulated groups of one resource group (caller holds the lock)."""
        return [g for k, g in self._groups.items() if k[0] == rg.lower()]

    def raw_group(self, rg: str, name: str) -> GroupSim:
        """One simulated group, advanced to now (caller holds the lock)."""
        return self._group(rg, name)

    def list_groups(
        self, rg: str | None = None, offset: int = 0, limit: int | None = None
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of groups as the list API shows them (no instanceView), and the total."""
        with self.lock:
            if rg is not None:
                self._rg(rg)
            if self._order is None:  # sorted once, not per page (ARM pages a stable order)
                self._order = sorted(self._groups)
            keys = self._order if rg is None else [k for k in self._order if k[0] == rg.lower()]
            page = keys[offset:] if limit is None else keys[offset : offset + limit]
            return [self._render(self._groups[k], with_view=False) for k in page], len(keys)

    def group(self, rg: str, name: str) -> dict[str, Any]:
        with self.lock:
            return self._render(self._group(rg, name), with_view=True)

    def put_group(
        self,
        rg: str,
        name: str,
        body: Any,
        behaviour: Mapping[str, Behaviour] | None = None,
        *,
        instant: bool = False,
        age: float = 0.0,
    ) -> tuple[bool, dict[str, Any]]:
        """Create or update a group; ``instant`` skips provisioning, ``age`` backdates it."""
        if not name or len(name) > 63 or not all(ch.isalnum() or ch == "-" for ch in name):
            raise ArmError(
                400, "InvalidContainerGroupName", f"The container group name '{name}' is invalid."
            )
        stored = normalize_group(body)
        behaviour = behaviour or {}
        with self.lock:
            self._rg(rg)
            key = (rg.lower(), name.lower())
            existing = self._groups.get(key)
            if existing is not None:
                old_os = existing.stored["properties"]["osType"]
                if old_os != stored["properties"]["osType"]:
                    raise ArmError(
                        409,
                        "ContainerGroupUpdateNotSupported",
                        "The osType of an existing group cannot be changed; delete it first.",
                    )
                if (
                    existing.stored["properties"]["containers"]
                    == stored["properties"]["containers"]
                ):
                    existing.stored = stored
                    return False, self._render(existing, with_view=False)
            at = self.clock.now() - timedelta(seconds=age)
            created = at - timedelta(seconds=self.timings.creating) if instant else at
            containers = [
                ContainerSim(
                    c["name"],
                    c["properties"]["image"],
                    behaviour.get(c["name"], Behaviour()),
                    log_lines=self.timings.log_lines,
                )
                for c in stored["properties"]["containers"]
            ]
            group = GroupSim(
                rg,
                existing.name if existing else name,
                stored,
                created,
                assign_ip(stored, key),
                containers,
                self.timings,
            )
            group.provision(at, instant)
            self._groups[key] = group
            self._order = None if existing is None else self._order
            return existing is None, self._render(group, with_view=False)

    def patch_group(self, rg: str, name: str, body: Any) -> dict[str, Any]:
        """PATCH updates tags only, as the service's ``update`` does."""
        tags = body.get("tags") if isinstance(body, dict) else None
        if not isinstance(tags, dict) or set(body) - {"tags"}:
            raise ArmError(400, "InvalidRequestContent", "PATCH accepts only {'tags': {...}}.")
        with self.lock:
            group = self._group(rg, name)
            group.stored["tags"] = {str(k): str(v) for k, v in tags.items()}
            return self._render(group, with_view=False)

    def delete_group(self, rg: str, name: str, *, replace: bool = True) -> dict[str, Any]:
        """Delete a group; an NGroup that maintains its count makes a new member (``replace``)."""
        with self.lock:
            group = self._group(rg, name)
            body = self._render(group, with_view=False)
            del self._groups[(rg.lower(), name.lower())]
            self._order = None
            if replace:
                self.ngroups.member_deleted(rg, group.stored.get("tags") or {})
            return body

    def _operation(self, g: GroupSim, seconds: float) -> str:
        return self.new_operation(g.stored["location"], seconds)

    def new_operation(self, location: str, seconds: float) -> str:
        """An async operation that succeeds ``seconds`` from now; returns its id."""
        with self.lock:
            op_id = f"{next(self._op_ids):08d}-0000-0000-0000-00000000a0c1"
            now = self.clock.now()
            self._ops[op_id] = (location, now, now + timedelta(seconds=seconds))
            return op_id

    def start_group(self, rg: str, name: str) -> tuple[str, str]:
        """Start a stopped or finished group (reruns a job); returns (operation id, location)."""
        with self.lock:
            g = self._group(rg, name)
            if not g.stopped and g.state() not in ("Succeeded", "Failed"):
                raise ArmError(
                    409, "ContainerGroupNotStopped", f"Container group '{name}' is still running."
                )
            g.provision(self.clock.now(), instant=False)
            pull = max((c.behaviour.pull_seconds or self.timings.pull) for c in g.containers)
            return self._operation(g, pull), g.stored["location"]

    def stop_group(self, rg: str, name: str) -> None:
        with self.lock:
            self._group(rg, name).stop(self.clock.now())

    def restart_group(self, rg: str, name: str) -> tuple[str, str]:
        with self.lock:
            g = self._group(rg, name)
            if g.stopped:
                raise ArmError(
                    409, "ContainerGroupStopped", f"Container group '{name}' is stopped; start it."
                )
            g.restart(self.clock.now())
            return self._operation(g, self.timings.restart), g.stored["location"]

    def provisioning_operation(self, rg: str, name: str) -> tuple[str, str]:
        """An async operation (id, location) that succeeds once every container has started."""
        with self.lock:
            g = self._group(rg, name)
            now = self.clock.now()
            due = [g.created + timedelta(seconds=self.timings.creating)]
            due += [c.next_at for c in g.containers if c.next_kind == "pulled" and c.next_at]
            seconds = max(0.0, (max(due) - now).total_seconds())
            return self._operation(g, seconds), g.stored["location"]

    def container_spec(self, rg: str, name: str, container: str) -> dict[str, Any]:
        """What exec needs, secrets included: the stored group, the container and its state."""
        with self.lock:
            g = self._group(rg, name)
            c = self._container(rg, name, container)
            specs = g.stored["properties"]["containers"]
            spec = next(s for s in specs if s["name"].lower() == c.name.lower())
            return {
                "group": copy.deepcopy(g.stored),
                "container": copy.deepcopy(spec),
                "state": c.state,
                "stopped": g.stopped,
                "key": f"{g.resource_group.lower()}/{g.name.lower()}",
            }

    def operation(self, op_id: str) -> dict[str, Any]:
        with self.lock:
            op = self._ops.get(op_id)
            if op is None:
                raise ArmError(404, "OperationNotFound", f"Operation '{op_id}' was not found.")
            _, started, done = op
            status = "Succeeded" if self.clock.now() >= done else "InProgress"
            return {"id": op_id, "name": op_id, "status": status, "startTime": started.isoformat()}

    # -- containers ----------------------------------------------------------------
    def _container(self, rg: str, name: str, container: str) -> ContainerSim:
        g = self._group(rg, name)
        for c in g.containers:
            if c.name.lower() == container.lower():
                return c
        raise _not_found(f"containerGroups/{name}/containers", container, rg)

    def logs(self, rg: str, name: str, container: str, tail: int | None, timestamps: bool) -> str:
        with self.lock:
            lines = list(self._container(rg, name, container).logs)
        if tail is not None:
            lines = lines[-tail:] if tail > 0 else []
        rendered = [f"{rfc3339_nano(t)} {line}" if timestamps else line for t, line in lines]
        size, keep = 0, 0
        for line in reversed(rendered):
            size += len(line) + 1
            if size > LOG_LIMIT_BYTES:
                break
            keep += 1
        kept = rendered[len(rendered) - keep :]
        return "".join(line + "\n" for line in kept)

    def append_logs(
        self,
        rg: str,
        name: str,
        container: str,
        lines: list[str],
        at: list[datetime] | None = None,
        *,
        if_running: bool = False,
    ) -> None:
        """Append to the current instance's log (``if_running``: only while it runs)."""
        with self.lock:
            c = self._container(rg, name, container)
            if if_running and c.state != "Running":
                return
            if at is None:  # a log's timestamps never go backwards, even on a frozen clock
                stamp = self.clock.now()
                if c.logs and c.logs[-1][0] >= stamp:
                    stamp = c.logs[-1][0] + timedelta(microseconds=1)
                at = [stamp + timedelta(microseconds=i) for i in range(len(lines))]
            c.logs.extend(zip(at, lines, strict=True))

    def exit_container(self, rg: str, name: str, container: str, code: int, reason: str) -> None:
        with self.lock:
            g = self._group(rg, name)
            c = self._container(rg, name, container)
            g.terminate(c, self.clock.now(), code, reason)
            g.advance(self.clock.now())

    def set_behaviour(self, rg: str, name: str, container: str, behaviour: Behaviour) -> None:
        with self.lock:
            self._container(rg, name, container).behaviour = behaviour

    def counts(self) -> tuple[int, int]:
        with self.lock:
            return len(self._rgs), len(self._groups)
