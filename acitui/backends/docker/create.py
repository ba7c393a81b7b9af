"""A :class:`GroupSpec` → containers on a Docker engine, as ACI would run it.

The first container owns the network namespace and publishes the group's ports
(same port inside and out); the others join it. Init containers run to the end
first, in order, and are removed. Volumes are named Docker volumes of the group;
what Docker cannot honour is skipped with one warning each. A failure midway
removes everything created so far. Blocking: the backend runs it in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import docker.errors

from acitui.backends.base import Notice
from acitui.backends.docker.grouping import LABEL_CONTAINER, LABEL_GROUP, LABEL_RG
from acitui.backends.docker.spec_labels import LABEL_SPEC, dump
from acitui.backends.docker.volumes import GroupVolumes, docker_volume
from acitui.errors import BackendError
from acitui.model import GroupRef
from acitui.spec.model import ContainerSpec, GroupSpec, ProbeSpec
from acitui.spec.to_arm import DEFAULT_CPU, DEFAULT_MEMORY_GB
from acitui.spec.validate import docker_warnings

POLICIES = {"always": "always", "onfailure": "on-failure", "never": "no"}
_NS = 1_000_000_000


def _healthcheck(probe: ProbeSpec | None) -> dict[str, Any] | None:
    if probe is None or not probe.exec_command:
        return None
    check: dict[str, Any] = {"test": ["CMD", *probe.exec_command]}
    for key, value in (
        ("interval", probe.period_seconds),
        ("timeout", probe.timeout_seconds),
        ("start_period", probe.initial_delay_seconds),
    ):
        if value:
            check[key] = int(value) * _NS
    if probe.failure_threshold:
        check["retries"] = int(probe.failure_threshold)
    return check


class GroupCreator:
    """One creation: what it made so far, so a failure can take it all back."""

    def __init__(self, api: Any, ref: GroupRef, spec: GroupSpec, progress: Callable[..., None]):
        self.api, self.ref, self.spec, self.progress = api, ref, spec, progress
        self.containers: list[str] = []
        self.volumes: list[str] = []

    # -- pieces --------------------------------------------------------------------
    def _say(self, message: str) -> None:
        self.progress(Notice.progress(f"Creating {self.ref}", message))

    def _warn(self, message: str) -> None:
        self.progress(Notice.warning(f"{self.ref}: skipped locally", message))

    def _auth(self, image: str) -> dict[str, str] | None:
        for cred in self.spec.registry_credentials:
            if image.startswith(cred.server.rstrip("/") + "/") and cred.username:
                return {"username": cred.username, "password": cred.password or ""}
        return None

    def _image(self, image: str) -> None:
        """A local image if present (no registry needed), else pulled with the group's auth."""
        try:
            self.api.inspect_image(image)
            return
        except docker.errors.ImageNotFound:
            pass
        self._say(f"pulling {image}")
        auth = self._auth(image)
        if "@" in image:  # a digest names one image: pull exactly it
            self.api.pull(image, auth_config=auth)
            return
        repo, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
        self.api.pull(repo or image, tag=tag or "latest", auth_config=auth)

    def _binds(self, c: ContainerSpec) -> list[str]:
        kinds = {v.name: v for v in self.spec.volumes}
        out = []
        for m in c.volume_mounts:
            name = docker_volume(self.ref, kinds[m.name])
            out.append(f"{name}:{m.mount_path}:{'ro' if m.read_only else 'rw'}")
        return out

    def _label(self, c: ContainerSpec, init: bool = False) -> dict[str, Any]:
        return {
            "name": c.name,
            "image": c.image,
            "env": [e.name for e in c.environment if not e.secure],
            "secure": [e.name for e in c.environment if e.secure],
            "command": list(c.command) if c.command else None,
            "ports": [f"{p.port}/{p.protocol.upper()}" for p in c.ports],
            "mounts": [[m.name, m.mount_path, m.read_only] for m in c.volume_mounts],
            **(
                {"values": {e.name: e.value or "" for e in c.environment if not e.secure}}
                if init
                else {}
            ),
        }

    def _config(self, c: ContainerSpec, **host: Any) -> dict[str, Any]:
        env = {e.name: e.value or "" for e in c.environment}
        res = c.limits or c.requests
        cpu = res.cpu if res.cpu is not None else (c.requests.cpu or DEFAULT_CPU)
        memory = res.memory_gb if res.memory_gb is not None else c.requests.memory_gb
        memory = memory if memory is not None else DEFAULT_MEMORY_GB
        host_config = self.api.create_host_config(
            binds=self._binds(c), nano_cpus=int(cpu * _NS), mem_limit=int(memory * 1024**3), **host
        )
        return {
            "image": c.image,
            "entrypoint": list(c.command[:1]) or None,
            "command": list(c.command[1:]) if c.command else None,
            "environment": env,
            "host_config": host_config,
            "healthcheck": _healthcheck(c.liveness or c.readiness),
        }

    # -- the whole -------------------------------------------------------------------
    def _init_container(self, c: ContainerSpec, index: int) -> None:
        self._say(f"init container {c.name} ({index + 1}/{len(self.spec.init_containers)})")
        config = self._config(c)
        cid = self.api.create_container(**config, labels={"acitui.init-of": str(self.ref)})["Id"]
        self.containers.append(cid)
        self.api.start(cid)
        code = self.api.wait(cid).get("StatusCode")
        if code != 0:
            tail = self.api.logs(cid, tail=5).decode("utf-8", "replace").strip()
            raise BackendError(
                f"Init container {c.name!r} of {self.ref} exited with code {code}",
                hint=f"Its last output: {tail}" if tail else "Nothing was created.",
            )
        self.api.remove_container(cid, force=True)
        self.containers.remove(cid)

    def _group_label(self) -> dict[str, Any]:
        ip = self.spec.ip_address
        return {
            "volumes": {v.name: v.kind for v in self.spec.volumes},
            "init": [self._label(c, init=True) for c in self.spec.init_containers],
            "ip": {
                "type": ip.type,
                "dns": ip.dns_name_label or "",
                "ports": [f"{p.port}/{p.protocol.upper()}" for p in ip.ports],
            }
            if ip
            else None,
            "location": self.spec.location,
        }

    def run(self) -> None:
        for finding in docker_warnings(self.spec):
            self._warn(str(finding))
        for c in self.spec.containers:
            if c.readiness and c.liveness and c.readiness.exec_command:
                self._warn(f"readiness probe of {c.name!r}: one health check per container")
            for probe in (c.liveness, c.readiness):
                if probe is not None and not probe.exec_command:
                    self._warn(f"HTTP probe of {c.name!r}: Docker health checks run commands only")
        policy = {"Name": POLICIES.get(self.spec.restart_policy.lower(), "always")}
        for image in dict.fromkeys(
            c.image for c in (*self.spec.init_containers, *self.spec.containers)
        ):
            self._image(image)
        volumes = GroupVolumes(self.api, self.ref, self.spec, self._warn)
        try:
            for v in self.spec.volumes:
                volumes.create(v)
        finally:
            self.volumes.extend(volumes.made)
        for i, c in enumerate(self.spec.init_containers):
            self._init_container(c, i)
        group_ports = self.spec.ip_address.ports if self.spec.ip_address else ()
        owner = ""
        for i, c in enumerate(self.spec.containers):
            label = self._label(c)
            if i == 0:
                label["group"] = self._group_label()
                bindings = {f"{p.port}/{p.protocol.lower()}": p.port for p in group_ports}
                config = self._config(c, restart_policy=policy, port_bindings=bindings)
                config["ports"] = [(p.port, p.protocol.lower()) for p in group_ports]
            else:
                config = self._config(c, restart_policy=policy, network_mode=f"container:{owner}")
            labels = {
                **{k: str(v) for k, v in self.spec.tags.items()},  # tags are plain labels
                LABEL_GROUP: self.ref.name,
                LABEL_RG: self.ref.resource_group,
                LABEL_CONTAINER: c.name,
                LABEL_SPEC: dump(label),
            }
            name = f"{self.ref.resource_group}-{self.ref.name}-{c.name}"
            cid = self.api.create_container(**config, labels=labels, name=_docker_name(name))["Id"]
            self.containers.append(cid)
            owner = owner or cid
        for i, cid in enumerate(self.containers):
            self._say(f"starting {self.spec.containers[i].name}")
            self.api.start(cid)

    def undo(self) -> None:
        """Remove what this creation made (best effort: the first error is the one reported)."""
        for cid in reversed(self.containers):
            try:
                self.api.remove_container(cid, force=True)
            except docker.errors.APIError:
                pass
        for name in self.volumes:
            try:
                self.api.remove_volume(name, force=True)
            except docker.errors.APIError:
                pass


def _docker_name(name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "_.-" else "-" for ch in name).strip("-._")
    return safe or "acitui-group"
