"""The newer ACI fields of a container group (api-version 2025-09-01+) → neutral values.

Pure functions over SDK objects or :class:`~acitui.backends.azure.raw.Json`
views; every field may be missing. Secret references carry a Key Vault URI and
an identity, never a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

from acitui.model import ProfileRef, SecretReference

#: The tag ACI puts on an NGroup's members: the NGroup's resource id.
ORCHESTRATOR_TAG = "orchestratorId"
#: Group properties acitui reads (2023-05-01 … 2026-05-01); others are listed in ``extra``.
KNOWN_PROPERTIES = frozenset(
    p.lower()
    for p in (
        "provisioningState containers initContainers imageRegistryCredentials restartPolicy "
        "ipAddress osType volumes instanceView diagnostics subnetIds dnsConfig sku "
        "encryptionProperties extensions confidentialComputeProperties priority "
        "containerGroupProfile standbyPoolProfile isCreatedFromStandbyPool secretReferences "
        "identityAcls"
    ).split()
)


def _s(value: Any) -> str:
    if value is None:
        return ""
    return str(value.value) if isinstance(value, Enum) else str(value)


def _items(value: Any) -> list[Any]:
    ok = isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)
    return list(value) if ok else []


def last_segment(resource_id: Any) -> str:
    """The name at the end of an ARM id (``…/userAssignedIdentities/NAME`` → NAME)."""
    return _s(resource_id).rstrip("/").rsplit("/", 1)[-1]


def ngroup_of(group: Any) -> str | None:
    """The NGroup a member group belongs to (its ``orchestratorId`` tag), else None."""
    tags = getattr(group, "tags", None)
    if not isinstance(tags, Mapping):
        return None
    for key, value in tags.items():
        if str(key).lower() == ORCHESTRATOR_TAG.lower() and "/ngroups/" in _s(value).lower():
            return last_segment(value) or None
    return None


def profile_of(group: Any) -> ProfileRef | None:
    ref = getattr(group, "container_group_profile", None)
    name = last_segment(getattr(ref, "id", None)) if ref is not None else ""
    if not name:
        return None
    revision = getattr(ref, "revision", None)
    ok = isinstance(revision, int) and not isinstance(revision, bool)
    return ProfileRef(name, revision if ok else None)


def identity_names(identity: Any) -> tuple[str, ...]:
    """ "system" for a system-assigned identity, then user-assigned identity names."""
    if identity is None:
        return ()
    kind = _s(getattr(identity, "type", None)).lower()
    names = ["system"] if "systemassigned" in kind.replace(" ", "") else []
    users = getattr(identity, "user_assigned_identities", None)
    if isinstance(users, Mapping):
        names += sorted(last_segment(k) for k in users if last_segment(k))
    return tuple(names)


def secret_references(group: Any) -> tuple[SecretReference, ...]:
    out = []
    for ref in _items(getattr(group, "secret_references", None)):
        name = _s(getattr(ref, "name", None))
        if name:
            out.append(
                SecretReference(
                    name,
                    uri=_s(getattr(ref, "secret_reference_uri", None)),
                    identity=last_segment(getattr(ref, "identity", None)),
                )
            )
    return tuple(out)


def _unknown_properties(group: Any) -> list[str]:
    raw = getattr(group, "raw", None)  # only a Json view knows what ARM sent
    props = raw.get("properties") if isinstance(raw, Mapping) else None
    if not isinstance(props, Mapping):
        return []
    return sorted(str(k) for k in props if str(k).lower() not in KNOWN_PROPERTIES)


def newer_extra(group: Any) -> dict[str, str]:
    """Badge facts kept in ``extra``: CCE policy, DNS label scope, standby pool, unknowns."""
    extra: dict[str, str] = {}
    if _s(getattr(group, "sku", None)).lower() == "confidential":
        cce = getattr(getattr(group, "confidential_compute_properties", None), "cce_policy", None)
        extra["cce_policy"] = "present" if cce else "absent"
    ip = getattr(group, "ip_address", None)
    scope = _s(getattr(ip, "auto_generated_domain_name_label_scope", None))
    if scope:
        extra["dns_label_scope"] = scope
    if getattr(group, "is_created_from_standby_pool", None):
        pool = getattr(getattr(group, "standby_pool_profile", None), "id", None)
        extra["standby_pool"] = last_segment(pool) or "yes"
    acls = getattr(group, "identity_acls", None)
    if acls:
        extra["identity_acls"] = f"{len(_items(getattr(acls, 'acls', None)))} ACL(s)"
    unknown = _unknown_properties(group)
    if unknown:
        extra["unknown_fields"] = ", ".join(unknown)[:300]
    return extra
