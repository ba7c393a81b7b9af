"""Reading the pieces of a container group (containers, ports, probes, volumes…) liberally.

:class:`Reader` collects findings with file and line; :class:`Obj` reads a mapping
case-insensitively and reports the keys nobody asked for.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from acitui.spec.keys import suggest
from acitui.spec.model import (
    ContainerSpec,
    EnvSpec,
    Finding,
    MountSpec,
    Path,
    PortSpec,
    ProbeSpec,
    RegistryCredential,
    ResourceSpec,
    VolumeSpec,
    line_at,
)

CONTAINER = {
    "image", "command", "ports", "environmentVariables", "resources", "volumeMounts",
    "livenessProbe", "readinessProbe", "securityContext",
}  # fmt: skip


def text(value: Any) -> str:
    """A scalar as the service would see it in JSON, as text (``True`` → ``true``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class Obj:
    """A mapping read case-insensitively, remembering which keys were used."""

    def __init__(self, reader: Reader, data: Mapping[Any, Any], path: Path) -> None:
        self.reader, self.data, self.path = reader, data, path
        self.keys = {str(k).lower(): k for k in data}
        self.used: set[Any] = set()

    def get(self, key: str) -> Any:
        actual = self.keys.get(key.lower())
        if actual is None:
            return None
        self.used.add(actual)
        return self.data[actual]

    def at(self, key: str) -> Path:
        return (*self.path, str(self.keys.get(key.lower(), key)))

    def rest(self, expected: Collection[str], ignored: Collection[str] = ()) -> dict[str, Any]:
        """Keys nobody read, returned raw; those not in ``expected`` are warned about.

        ``ignored`` keys (read-only fields such as ``instanceView``) are dropped.
        """
        stray: dict[str, Any] = {}
        dropped = {k.lower() for k in ignored}
        known = {k.lower() for k in expected}
        for key, value in self.data.items():
            if key in self.used or str(key).lower() in dropped:
                continue
            if str(key).lower() not in known:
                guess = suggest(str(key), set(expected))
                hint = f" (did you mean '{guess}'?)" if guess else ""
                where = (*self.path, str(key))
                self.reader.warn(f"unknown key '{key}'{hint}; passed on as written", where)
            stray[str(key)] = value
        return stray


class Reader:
    def __init__(self, file: str, lines: Mapping[Path, int]) -> None:
        self.file, self.lines = file, lines
        self.findings: list[Finding] = []

    def warn(self, message: str, path: Path) -> None:
        self.findings.append(Finding("warning", message, self.file, line_at(self.lines, path)))

    def error(self, message: str, path: Path) -> None:
        self.findings.append(Finding("error", message, self.file, line_at(self.lines, path)))

    def obj(self, value: Any, path: Path, what: str) -> Obj | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.error(f"{what} must be a mapping, not {type(value).__name__}", path)
            return None
        return Obj(self, value, path)

    def items(self, value: Any, path: Path, what: str) -> list[tuple[Path, Any]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"{what} must be a list", path)
            return []
        return [((*path, i), item) for i, item in enumerate(value)]

    def number(self, value: Any, path: Path, what: str) -> float | None:
        if value is None or value == "":
            return None
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(str(value).strip())
        except ValueError:
            self.error(f"{what} must be a number, not {value!r}", path)
            return None
        if not math.isfinite(number) or number < 0:
            self.error(f"{what} must be a positive number, not {value!r}", path)
            return None
        return number

    def integer(self, value: Any, path: Path, what: str) -> int | None:
        number = self.number(value, path, what)
        if number is None:
            return None
        if not number.is_integer():
            self.error(f"{what} must be a whole number, not {value!r}", path)
            return None
        return int(number)

    # -- pieces ---------------------------------------------------------------------------
    def ports(self, value: Any, path: Path, what: str) -> tuple[PortSpec, ...]:
        out = []
        for item_path, item in self.items(value, path, f"{what} ports"):
            port = self.obj(item, item_path, "a port")
            if port is None:
                continue
            number = self.integer(port.get("port"), port.at("port"), "port")
            if number is None:
                self.error(f"a port of {what} has no port number", item_path)
            elif not 1 <= number <= 65535:
                self.error(f"port {number} of {what} is outside 1-65535", port.at("port"))
            else:
                protocol = text(port.get("protocol")).upper() or "TCP"
                out.append(PortSpec(number, protocol))
            port.rest({"port", "protocol"})
        return tuple(out)

    def resources(self, value: Any, path: Path, what: str) -> ResourceSpec | None:
        res = self.obj(value, path, what)
        if res is None:
            return None
        gpu = self.obj(res.get("gpu"), res.at("gpu"), "gpu")
        spec = ResourceSpec(
            cpu=self.number(res.get("cpu"), res.at("cpu"), "cpu"),
            memory_gb=self.number(res.get("memoryInGB"), res.at("memoryInGB"), "memoryInGB"),
            gpu_count=self.integer(gpu.get("count"), gpu.at("count"), "gpu count") if gpu else None,
            gpu_sku=(text(gpu.get("sku")) or None) if gpu else None,
        )
        if gpu is not None:
            gpu.rest({"count", "sku"})
        res.rest({"cpu", "memoryInGB", "gpu"})
        return spec

    def env(self, value: Any, path: Path, owner: str) -> tuple[EnvSpec, ...]:
        out = []
        for item_path, item in self.items(value, path, "environmentVariables"):
            var = self.obj(item, item_path, "an environment variable")
            if var is None:
                continue
            name = text(var.get("name"))
            if not name:
                self.error(f"an environment variable of {owner} has no name", item_path)
                continue
            secure = var.get("secureValue")
            if secure is not None or var.get("secureValueReference") is not None:
                out.append(EnvSpec(name, text(secure) if secure is not None else None, True))
            else:
                out.append(EnvSpec(name, text(var.get("value"))))
            var.rest({"name", "value", "secureValue", "secureValueReference"})
        return tuple(out)

    def mounts(self, value: Any, path: Path) -> tuple[MountSpec, ...]:
        out = []
        for item_path, item in self.items(value, path, "volumeMounts"):
            mount = self.obj(item, item_path, "a volume mount")
            if mount is None:
                continue
            read_only = text(mount.get("readOnly")).lower() == "true"
            out.append(MountSpec(text(mount.get("name")), text(mount.get("mountPath")), read_only))
            mount.rest({"name", "mountPath", "readOnly"})
        return tuple(out)

    def headers(self, value: Any, path: Path) -> tuple[tuple[str, str], ...]:
        out = []
        for item_path, item in self.items(value, path, "httpHeaders"):
            header = self.obj(item, item_path, "an HTTP header")
            if header is not None:
                out.append((text(header.get("name")), text(header.get("value"))))
                header.rest({"name", "value"})
        return tuple(out)

    def probe(self, value: Any, path: Path) -> ProbeSpec | None:
        probe = self.obj(value, path, "a probe")
        if probe is None:
            return None
        exec_ = self.obj(probe.get("exec"), probe.at("exec"), "exec")
        http = self.obj(probe.get("httpGet"), probe.at("httpGet"), "httpGet")
        command = exec_.get("command") if exec_ else None
        ints = {
            key: self.integer(probe.get(key), probe.at(key), key)
            for key in (
                "initialDelaySeconds", "periodSeconds", "failureThreshold",
                "successThreshold", "timeoutSeconds",
            )
        }  # fmt: skip
        spec = ProbeSpec(
            exec_command=tuple(text(p) for p in command) if isinstance(command, list) else (),
            http_path=(text(http.get("path")) or None) if http else None,
            http_port=self.integer(http.get("port"), http.at("port"), "port") if http else None,
            http_scheme=(text(http.get("scheme")) or None) if http else None,
            http_headers=self.headers(http.get("httpHeaders"), http.at("httpHeaders"))
            if http
            else (),
            initial_delay_seconds=ints["initialDelaySeconds"],
            period_seconds=ints["periodSeconds"],
            failure_threshold=ints["failureThreshold"],
            success_threshold=ints["successThreshold"],
            timeout_seconds=ints["timeoutSeconds"],
        )
        if exec_ is not None:
            exec_.rest({"command"})
        if http is not None:
            http.rest({"path", "port", "scheme", "httpHeaders"})
        probe.rest({"exec", "httpGet", *ints})
        return spec

    def container(self, value: Any, path: Path, init: bool) -> ContainerSpec | None:
        kind = "init container" if init else "container"
        outer = self.obj(value, path, f"a {kind}")
        if outer is None:
            return None
        name = text(outer.get("name"))
        props = self.obj(outer.get("properties"), outer.at("properties"), f"{kind} properties")
        outer.rest({"name", "properties"})
        if props is None:
            return ContainerSpec(name, "")
        command = props.get("command")
        if isinstance(command, str):
            command = [command]
        elif command is not None and not isinstance(command, list):
            self.error(f"command of {kind} '{name}' must be a list", props.at("command"))
            command = None
        res = self.obj(props.get("resources"), props.at("resources"), "resources")
        requests = limits = None
        if res is not None:
            requests = self.resources(res.get("requests"), res.at("requests"), "requests")
            limits = self.resources(res.get("limits"), res.at("limits"), "limits")
            res.rest({"requests", "limits"})
        spec = ContainerSpec(
            name=name,
            image=text(props.get("image")),
            command=tuple(text(part) for part in command or ()),
            requests=requests or ResourceSpec(),
            limits=limits,
            ports=self.ports(props.get("ports"), props.at("ports"), f"{kind} '{name}'"),
            environment=self.env(
                props.get("environmentVariables"), props.at("environmentVariables"), name
            ),
            volume_mounts=self.mounts(props.get("volumeMounts"), props.at("volumeMounts")),
            liveness=self.probe(props.get("livenessProbe"), props.at("livenessProbe")),
            readiness=self.probe(props.get("readinessProbe"), props.at("readinessProbe")),
            extra={},
        )
        security = props.get("securityContext")
        extra = props.rest(CONTAINER, {"instanceView"})
        if security is not None:
            extra["securityContext"] = security
        return replace(spec, extra=extra)

    def volume(self, value: Any, path: Path) -> VolumeSpec | None:
        vol = self.obj(value, path, "a volume")
        if vol is None:
            return None
        name = text(vol.get("name"))
        for kind in ("emptyDir", "secret", "gitRepo", "azureFile"):
            raw = vol.get(kind)
            if raw is not None or vol.keys.get(kind.lower()) is not None:
                detail = dict(raw) if isinstance(raw, Mapping) else {}
                if kind == "azureFile" and not detail.get("shareName"):
                    self.error(f"azureFile volume '{name}' needs shareName", vol.at(kind))
                if kind == "gitRepo" and not detail.get("repository"):
                    self.error(f"gitRepo volume '{name}' needs repository", vol.at(kind))
                vol.rest({"name", "emptyDir", "secret", "gitRepo", "azureFile"})
                return VolumeSpec(name, kind, detail)
        self.error(f"volume '{name}' has no kind (emptyDir, secret, gitRepo or azureFile)", path)
        vol.rest({"name", "emptyDir", "secret", "gitRepo", "azureFile"})
        return None

    def credential(self, value: Any, path: Path) -> RegistryCredential | None:
        cred = self.obj(value, path, "a registry credential")
        if cred is None:
            return None
        server = text(cred.get("server"))
        if not server:
            self.error("a registry credential has no server", path)
        spec = RegistryCredential(
            server=server,
            username=text(cred.get("username")) or None,
            password=text(cred.get("password")) if cred.get("password") is not None else None,
            identity=text(cred.get("identity")) or None,
        )
        cred.rest(
            {"server", "username", "password", "identity", "identityUrl", "passwordReference"}
        )
        return spec
