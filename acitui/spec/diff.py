"""Field by field: what a file asks for versus what runs.

Read-only fields (state, IP address, events) and the service's defaults (TCP,
restart policy Always, SKU Standard, Regular priority) are not differences. ARM
never returns secure values, so two secure variables are "not comparable" rather
than "changed"; secure values are never shown. A field the live side does not
report (None) is not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from acitui.model import Container, ContainerGroup
from acitui.spec.model import ContainerSpec, GroupSpec
from acitui.spec.to_arm import DEFAULT_CPU, DEFAULT_MEMORY_GB

CHANGED, ONLY_FILE, ONLY_LIVE, NOT_COMPARABLE = (
    "changed", "only in file", "only live", "not comparable"
)  # fmt: skip
SECURE = "(secure value)"
#: The setting compared for a volume of each kind: its key in the file, and in the live detail.
VOLUME_FIELDS = {"azureFile": ("shareName", "share"), "gitRepo": ("repository", "repository")}


@dataclass(frozen=True, slots=True)
class Difference:
    path: str  # e.g. containers[web].image
    status: str  # changed | only in file | only live | not comparable
    file_value: str = ""
    live_value: str = ""

    def __str__(self) -> str:
        if self.status == CHANGED:
            return f"~ {self.path}: {self.live_value} → {self.file_value}"
        if self.status == ONLY_FILE:
            return f"+ {self.path}: {self.file_value}"
        if self.status == ONLY_LIVE:
            return f"- {self.path}: {self.live_value}"
        return f"? {self.path}: not comparable ({self.file_value})"


@dataclass(frozen=True, slots=True)
class DiffResult:
    differences: tuple[Difference, ...]

    @property
    def equal(self) -> bool:
        """No field differs (entries that are only "not comparable" do not count)."""
        return all(d.status == NOT_COMPARABLE for d in self.differences)

    @property
    def changes(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.status != NOT_COMPARABLE)


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple | list | set | frozenset):
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    return "(none)" if value in (None, "") else str(value)


class _Diff:
    def __init__(self) -> None:
        self.out: list[Difference] = []

    def field(self, path: str, want: object, have: object) -> None:
        if have is None:
            return
        if want != have:
            self.out.append(Difference(path, CHANGED, _fmt(want), _fmt(have)))

    def keyed(
        self, path: str, want: Iterable[str], have: Iterable[str]
    ) -> tuple[set[str], set[str]]:
        """Report names only on one side; return (both sides', file-only) names."""
        want_set, have_set = set(want), set(have)
        for name in sorted(want_set - have_set):
            self.out.append(Difference(f"{path}[{name}]", ONLY_FILE, "defined in the file"))
        for name in sorted(have_set - want_set):
            self.out.append(Difference(f"{path}[{name}]", ONLY_LIVE, live_value="running"))
        return want_set & have_set, want_set - have_set

    def container(self, path: str, want: ContainerSpec, have: Container, init: bool) -> None:
        self.field(f"{path}.image", want.image, have.image)
        self.field(f"{path}.command", list(want.command), list(have.command))
        if not init:
            cpu = want.requests.cpu if want.requests.cpu is not None else DEFAULT_CPU
            memory = want.requests.memory_gb
            memory = memory if memory is not None else DEFAULT_MEMORY_GB
            self.field(f"{path}.cpu", float(cpu), have.cpu)
            self.field(f"{path}.memoryInGB", float(memory), have.memory_gb)
            self.field(
                f"{path}.ports",
                {f"{p.port}/{p.protocol.upper()}" for p in want.ports},
                {f"{p.port}/{p.protocol.upper()}" for p in have.ports},
            )
        want_env = {v.name: v for v in want.environment}
        have_env = {v.name: v for v in have.environment}
        both, _ = self.keyed(f"{path}.env", want_env, have_env)
        for name in sorted(both):
            w, h = want_env[name], have_env[name]
            where = f"{path}.env[{name}]"
            if w.secure and h.secure:
                self.out.append(Difference(where, NOT_COMPARABLE, "the service never returns it"))
            elif w.secure != h.secure:
                self.out.append(
                    Difference(where, CHANGED, "secure" if w.secure else "plain",
                               "secure" if h.secure else "plain")
                )  # fmt: skip
            else:
                self.field(where, w.value or "", h.value or "")
        self.field(
            f"{path}.volumeMounts",
            {f"{m.name}:{m.mount_path}{':ro' if m.read_only else ''}" for m in want.volume_mounts},
            {f"{m.name}:{m.mount_path}{':ro' if m.read_only else ''}" for m in have.volume_mounts},
        )


def _location(value: str) -> str:
    return value.replace(" ", "").lower()


def diff(spec: GroupSpec, live: ContainerGroup) -> DiffResult:
    """The differences between a file's group and the live one (empty when equal)."""
    d = _Diff()
    d.field("osType", spec.os_type.lower(), (live.os_type or "Linux").lower())
    d.field("restartPolicy", spec.restart_policy.lower(), (live.restart_policy or "Always").lower())
    if spec.location and live.location:
        d.field("location", _location(spec.location), _location(live.location))
    d.field("tags", dict(spec.tags), dict(live.tags))
    ip_want = spec.ip_address
    ip_have = live.ip_address
    want_ports = {f"{p.port}/{p.protocol.upper()}" for p in ip_want.ports} if ip_want else set()
    have_ports = {f"{p.port}/{p.protocol.upper()}" for p in ip_have.ports} if ip_have else set()
    d.field("ipAddress.ports", want_ports, have_ports)
    if ip_want is not None and ip_have is not None:
        d.field("ipAddress.type", ip_want.type.lower(), ip_have.type.lower())
        d.field("ipAddress.dnsNameLabel", ip_want.dns_name_label or "", ip_have.dns_label or "")
    for kind, wanted, running, init in (
        ("containers", spec.containers, live.containers, False),
        ("initContainers", spec.init_containers, live.init_containers, True),
    ):
        want_by = {c.name: c for c in wanted}
        have_by = {c.name: c for c in running}
        both, _ = d.keyed(kind, want_by, have_by)
        for name in sorted(both):
            d.container(f"{kind}[{name}]", want_by[name], have_by[name], init)
    want_vols = {v.name: v for v in spec.volumes}
    have_vols = {v.name: v for v in live.volumes}
    both, _ = d.keyed("volumes", want_vols, have_vols)
    for name in sorted(both):
        want_vol, have_vol = want_vols[name], have_vols[name]
        d.field(f"volumes[{name}].kind", want_vol.kind, have_vol.kind)
        if want_vol.kind == have_vol.kind and want_vol.kind in VOLUME_FIELDS:
            key, live_key = VOLUME_FIELDS[want_vol.kind]
            want, have = want_vol.detail.get(key), have_vol.detail.get(live_key)
            d.field(f"volumes[{name}].{key}", want, have)
        if want_vol.kind == have_vol.kind == "secret":
            d.out.append(
                Difference(f"volumes[{name}]", NOT_COMPARABLE, "secret contents are never returned")
            )
    extra = live.extra
    servers = extra.get("registries", "").replace("(password hidden)", "")
    have_servers = {s.strip() for s in servers.split(",") if s.strip()}
    d.field("imageRegistryCredentials", {c.server for c in spec.registry_credentials}, have_servers)
    if "sku" in extra:
        d.field("sku", (spec.sku or "Standard").lower(), extra["sku"].lower())
    if "priority" in extra:
        d.field("priority", (spec.priority or "Regular").lower(), extra["priority"].lower())
    if "subnets" in extra or spec.subnet_ids:
        have_subnets = {s.strip() for s in extra.get("subnets", "").split(",") if s.strip()}
        d.field("subnetIds", set(spec.subnet_ids), have_subnets)
    return DiffResult(tuple(d.out))
