"""The local test image: busybox-static in an image built FROM scratch.

No registry is reachable, so nothing is pulled: the image is built from the
host's ``/bin/busybox`` once per test session (the daemon's layer cache makes
rebuilds instant). Tests that need it call :func:`busybox_image`.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

from tests.conftest import require

IMAGE = "acitui-test/busybox:latest"
BUSYBOX = Path("/bin/busybox")
DOCKERFILE = """\
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
"""


def engine_client(base_url: str | None = None):
    """A docker-py low-level client for the shared engine, or skip/fail when none answers."""
    import docker

    try:
        if base_url:
            client = docker.APIClient(base_url=base_url, timeout=30)
        else:
            client = docker.APIClient(**docker.utils.kwargs_from_env(), timeout=30)
        client.ping()
    except Exception as exc:  # any failure here means "no engine"
        require(False, f"no Docker engine reachable ({type(exc).__name__})")
        raise
    return client


@functools.cache
def _build(base_url: str | None) -> str:
    client = engine_client(base_url)
    require(BUSYBOX.is_file(), f"{BUSYBOX} is missing (apt-get install busybox-static)")
    with tempfile.TemporaryDirectory(prefix="acitui-image-") as tmp:
        shutil.copy(BUSYBOX, Path(tmp) / "busybox")
        (Path(tmp) / "Dockerfile").write_text(DOCKERFILE)
        for chunk in client.build(path=tmp, tag=IMAGE, rm=True, decode=True, network_mode="none"):
            if "error" in chunk:
                raise RuntimeError(f"building {IMAGE} failed: {chunk['error']}")
    client.close()
    return IMAGE


def busybox_image(base_url: str | None = None) -> str:
    """Build (once per session and engine) and return the busybox test image's tag."""
    return _build(base_url)
