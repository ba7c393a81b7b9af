"""A private, throw-away dockerd (own root, socket, bridge, containerd namespace).

Used by the daemon-restart tests and the fault benchmark: restarting it never
touches the shared engine at /var/run/docker.sock. The bridge is our own:
``--bridge=none`` would delete the host's ``docker0`` on start — breaking the
shared engine — so the private daemon gets a bridge of its own instead.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

DOCKERD = "/usr/sbin/dockerd"


class PrivateEngine:
    def __init__(self, prefix: str = "acitui-pd") -> None:
        sid = uuid.uuid4().hex[:6]
        self.root = Path(tempfile.mkdtemp(prefix=f"{prefix}-{sid}-"))
        self.bridge = f"acpd{sid}"
        # In the benchmarking range (never a real network), random so parallel runs don't clash.
        self.subnet = f"198.18.{int(sid, 16) % 250 + 2}.1/24"
        self.host = f"unix://{self.root}/d.sock"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, live_restore: bool = False) -> None:
        """Start dockerd and return once it answers; RuntimeError if it doesn't in 30 s."""
        log = open(self.root / "dockerd.log", "ab")
        self.process = subprocess.Popen(
            [
                DOCKERD,
                f"--data-root={self.root / 'data'}",
                f"--exec-root={self.root / 'exec'}",
                f"--pidfile={self.root / 'dockerd.pid'}",
                f"--host={self.host}",
                f"--bridge={self.bridge}",
                "--iptables=false",
                "--ip-masq=false",
                *(["--live-restore"] if live_restore else []),
                f"--containerd-namespace=acitui-{self.bridge}",
                f"--containerd-plugins-namespace=acitui-{self.bridge}-plugins",
            ],
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 30
        while not self._answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"private dockerd did not start; see {self.root}/dockerd.log")
            time.sleep(0.1)

    def _answers(self) -> bool:
        import docker

        try:
            docker.APIClient(base_url=self.host, version="auto", timeout=2).close()
            return True
        except Exception:
            return False

    def restart(self, *, live_restore: bool = False) -> float:
        """Stop and start again; seconds the daemon was away."""
        started = time.monotonic()
        self.stop()
        self.start(live_restore=live_restore)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.process = None


@contextlib.contextmanager
def private_engine(
    *, live_restore: bool = False, prefix: str = "acitui-pd"
) -> Iterator[PrivateEngine]:
    """A started private engine; on exit its containers, bridge, mounts and files go."""
    engine = PrivateEngine(prefix)
    subprocess.run(["ip", "link", "add", engine.bridge, "type", "bridge"], check=True)
    subprocess.run(["ip", "addr", "add", engine.subnet, "dev", engine.bridge], check=True)
    try:
        engine.start(live_restore=live_restore)
        yield engine
    finally:
        if engine.process is not None:
            import docker

            with contextlib.suppress(Exception):
                api = docker.APIClient(base_url=engine.host, version="auto", timeout=30)
                for c in api.containers(all=True):
                    api.remove_container(c["Id"], force=True)
                api.close()
        engine.stop()
        subprocess.run(["ip", "link", "del", engine.bridge], check=False)
        _unmount_under(engine.root)
        shutil.rmtree(engine.root, ignore_errors=True)


def _unmount_under(root: Path) -> None:
    """dockerd may leave its data root bind-mounted: unmount, deepest first."""
    mounts = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    for target in sorted((m for m in mounts if m.startswith(str(root))), reverse=True):
        subprocess.run(["umount", "-l", target], check=False)
