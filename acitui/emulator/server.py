"""``Emulator``: the ARM emulator as an HTTPS server in its own thread and event loop."""

from __future__ import annotations

import asyncio
import errno
import importlib
import secrets
import shutil
import tempfile
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from acitui.emulator.clock import Clock
from acitui.emulator.faults import Faults
from acitui.emulator.sim import Behaviour, Timings
from acitui.emulator.store import Store
from acitui.emulator.versions import STABLE
from acitui.errors import UnavailableError

DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-00000000a0c1"
Seed = Callable[["Emulator"], None]
#: Seeds known by name, imported only when asked for ("module:function"; None: nothing).
SEEDS: dict[str, str | None] = {
    "empty": None,
    "demo": "acitui.emulator.demo:seed_demo",  # the classic fleet the UI snapshots show
    "demo-full": "acitui.emulator.demo:seed_full_demo",  # plus NGroup, Spot, Confidential…
}


def resolve_seed(seed: Seed | str | None) -> Seed | None:
    """A seed function from a function, a known name, or None."""
    if seed is None or callable(seed):
        return seed
    if seed not in SEEDS:
        raise ValueError(f"seed must be a function or one of {sorted(SEEDS)}, not {seed!r}")
    target = SEEDS[seed]
    if target is None:
        return None
    module, _, function = target.partition(":")
    found: Seed = getattr(importlib.import_module(module), function)
    return found


class Emulator:
    """A stateful ARM endpoint for Container Instances, served over HTTPS on loopback.

    Requests must carry ``Authorization: Bearer <token>``. The admin methods
    (``put_group``, ``append_logs``, ``exit_container``, ``advance``…) are
    thread-safe and work whether or not the server is running.
    """

    def __init__(
        self,
        seed: Seed | str | None = None,
        groups: int = 0,
        resource_groups: int = 1,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        faults: Faults | None = None,
        subscription_id: str = DEFAULT_SUBSCRIPTION,
        clock: Callable[[], datetime] | str | None = None,
        *,
        timings: Timings | None = None,
        page_size: int = 100,
        live_logs: bool = True,
        api_versions: tuple[str, ...] = STABLE,
    ) -> None:
        seed_function = resolve_seed(seed)
        unknown = set(api_versions) - set(STABLE)
        if not api_versions or unknown:
            raise ValueError(f"api_versions must be some of {STABLE}, not {api_versions!r}")
        self.api_versions = tuple(api_versions)
        self.host = host
        self.port = port
        self.token = token or secrets.token_urlsafe(24)
        self.faults = faults or Faults()
        self.subscription_id = subscription_id
        self.clock = Clock(clock)
        self.store = Store(subscription_id, self.clock, timings)
        self.page_size = page_size
        self.live_logs = live_logs
        self._app: Any = None
        self._request_log: Counter[tuple[str, str]] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._tmp: Path | None = None
        self._stopping = threading.Event()
        self._background: list[Callable[[Emulator], None]] = []
        if seed_function is not None:
            seed_function(self)
        if groups:  # generated fleets for benchmarks, imported only when asked for
            populate = importlib.import_module("acitui.emulator.fleet").populate
            populate(self, groups, resource_groups)

    # -- lifecycle ----------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"https://{host}:{self.port}"

    @property
    def ca_file(self) -> str:
        """The CA certificate (PEM) clients must trust; exists while the server runs."""
        if self._tmp is None:
            raise RuntimeError("the emulator has not been started")
        return str(self._tmp / "acitui-emulator-ca.pem")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def stopping(self) -> threading.Event:
        """Set when ``stop`` begins; background threads watch it."""
        return self._stopping

    @property
    def request_log(self) -> Counter[tuple[str, str]]:
        """Requests served, counted by (method, route name), e.g. ``("GET", "logs")``.

        Route names are those of ``acitui.emulator.routes.TABLE`` (``group_routes``:
        subscriptions, subscription, resource_groups, resource_group,
        groups_by_subscription, groups_by_resource_group, group, start, stop,
        restart, logs, exec, attach, operation, tenants; ``newer_routes``: provider,
        usages, capabilities, ngroups_by_subscription, ngroups_by_resource_group, ngroup,
        ngroup_start, ngroup_stop, ngroup_restart, profiles_by_subscription,
        profiles_by_resource_group, profile, profile_revisions, profile_revision, metrics,
        metric_definitions; ``deployments``: deployment, deployment_status), and ``unknown``.
        """
        return self._request_log

    def add_background(self, run: Callable[[Emulator], None]) -> None:
        """Run ``run(emulator)`` in a daemon thread while the server runs (demo log writers)."""
        self._background.append(run)
        if self.running:
            self._spawn(run)

    def _spawn(self, run: Callable[[Emulator], None]) -> None:
        threading.Thread(target=run, args=(self,), daemon=True, name="acitui-emulator-bg").start()

    def start(self) -> Emulator:
        """Start serving; returns once the port is listening. Raises UnavailableError if not."""
        if self.running:
            return self
        from acitui.emulator import certs
        from acitui.emulator.routes import ArmApp

        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="acitui-emulator-"))
            # an emulator never stopped (a crashed test, a killed demo) still leaves no files
            weakref.finalize(self, shutil.rmtree, str(self._tmp), True)
        else:  # started again after stop(): same port, same CA path, so clients reconnect
            self._tmp.mkdir(mode=0o700, exist_ok=True)
        (self._tmp / "acitui-emulator-ca.pem").write_bytes(certs.ca_pem())
        context = certs.server_context(self.host)
        self._app = ArmApp(
            self.store,
            self.token,
            self.faults,
            self.page_size,
            self._request_log,
            api_versions=self.api_versions,
        )
        self._stopping.clear()
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._serve, args=(context, ready, failure), daemon=True, name="acitui-emulator"
        )
        self._thread.start()
        ready.wait(30)
        if failure:
            self._thread.join(5)
            self._thread = None
            self._cleanup_tmp()
            err = failure[0]
            if isinstance(err, OSError) and err.errno == errno.EADDRINUSE:
                raise UnavailableError(
                    f"Port {self.port} on {self.host} is already in use",
                    hint="Choose another port with --port, or --port 0 to pick a free one",
                    title="Port in use",
                ) from None
            raise UnavailableError(
                f"The emulator could not listen on {self.host}:{self.port}: {err}"
            )
        if self.live_logs:
            for run in self._background:
                self._spawn(run)
        return self

    def _serve(self, context: Any, ready: threading.Event, failure: list[BaseException]) -> None:
        from aiohttp import web

        loop = asyncio.new_event_loop()
        self._loop = loop
        runner = web.AppRunner(self._app.build(), access_log=None, shutdown_timeout=0.1)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.host, self.port, ssl_context=context)
            loop.run_until_complete(site.start())
            sockets = getattr(site._server, "sockets", None)
            if sockets:
                self.port = sockets[0].getsockname()[1]
        except BaseException as exc:
            failure.append(exc)
            loop.run_until_complete(runner.cleanup())
            loop.close()
            ready.set()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    def stop(self, *, keep_ca: bool = False) -> None:
        """Stop serving (prompt and idempotent) and remove the CA file.

        ``keep_ca=True`` leaves the CA file in place for an outage that ends with
        ``start()`` again (same port, same CA path): clients configured with the
        file would otherwise fail to build TLS contexts while the server is down.
        """
        self._stopping.set()
        thread, loop = self._thread, self._loop
        if thread is not None and loop is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
        self._thread = None
        if not keep_ca:
            self._cleanup_tmp()

    def _cleanup_tmp(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- admin API (thread-safe) ------------------------------------------------------
    def put_resource_group(self, name: str, location: str = "westeurope") -> None:
        self.store.put_resource_group(name, {"location": location})

    def put_group(
        self,
        resource_group: str,
        name: str,
        body: dict[str, Any],
        behaviour: Mapping[str, Behaviour] | None = None,
        *,
        instant: bool = True,
        age: float = 0.0,
    ) -> dict[str, Any]:
        """Create a group from an ARM PUT body (its resource group too, if missing).

        ``instant`` (default) makes it Running at once; ``instant=False`` goes
        through Creating → Pending → Running like an HTTP PUT. ``age`` backdates
        the start so crash loops have already happened. Returns the ARM body.
        """
        from acitui.emulator.payloads import ArmError

        try:
            self.store.resource_group(resource_group)
        except ArmError:
            self.put_resource_group(resource_group, str(body.get("location") or "westeurope"))
        return self.store.put_group(
            resource_group, name, body, behaviour, instant=instant, age=age
        )[1]

    def get_group(self, resource_group: str, name: str) -> dict[str, Any]:
        """The group as ``get`` returns it (with instance views)."""
        return self.store.group(resource_group, name)

    def append_logs(
        self, resource_group: str, group: str, container: str, lines: list[str]
    ) -> None:
        """Append lines to the container's current log, stamped with the emulator's clock."""
        self.store.append_logs(resource_group, group, container, list(lines))

    def exit_container(
        self, resource_group: str, group: str, container: str, exit_code: int, reason: str = ""
    ) -> None:
        """End the container's process; the restart policy applies (restart count +1, logs anew)."""
        self.store.exit_container(resource_group, group, container, exit_code, reason)

    def set_behaviour(
        self, resource_group: str, group: str, container: str, behaviour: Behaviour
    ) -> None:
        """Change how the container behaves from its next start."""
        self.store.set_behaviour(resource_group, group, container, behaviour)

    def set_metrics(self, resource_group: str, group: str, container: str, kind: str) -> None:
        """Give a container a metric personality: ``busy``, ``idle`` or ``leak``."""
        if kind not in ("busy", "idle", "leak"):
            raise ValueError(f"kind must be busy, idle or leak, not {kind!r}")
        key = (resource_group.lower(), group.lower(), container.lower())
        with self.store.lock:
            self.store.metric_kinds[key] = kind

    def put_profile(self, resource_group: str, name: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create a container group profile, or add its next revision (resource group too)."""
        self._ensure_resource_group(resource_group, body)
        return self.store.ngroups.put_profile(resource_group, name, body)

    def put_ngroup(
        self,
        resource_group: str,
        name: str,
        body: dict[str, Any],
        behaviour: Mapping[str, Behaviour] | None = None,
    ) -> dict[str, Any]:
        """Create an NGroup (ARM body); its members are made at once, running ``behaviour``."""
        self._ensure_resource_group(resource_group, body)
        if behaviour:
            self.store.ngroup_behaviour.update(behaviour)
        return self.store.ngroups.put_ngroup(resource_group, name, body)

    def _ensure_resource_group(self, name: str, body: Mapping[str, Any]) -> None:
        from acitui.emulator.payloads import ArmError

        try:
            self.store.resource_group(name)
        except ArmError:
            self.put_resource_group(name, str(body.get("location") or "westeurope"))

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward (works with every clock)."""
        self.clock.advance(seconds)

    def now(self) -> datetime:
        return self.clock.now()
