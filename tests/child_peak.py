"""A child process's own peak memory, whatever the size of the test process that starts it.

Linux keeps, in a process's ``ru_maxrss``, the resident size it had *before* ``exec``: a
child forked from a pytest process of 400 MB reports at least 400 MB (``wait4``,
``RUSAGE_CHILDREN``, ``getrusage`` in the child alike), although its own memory after
``exec`` (``VmHWM``) stays at 85 MB. So the child is started by a small launcher, itself
forked from the test process: the launcher's grandchild is forked from a ~10 MB process,
and the launcher hands its ``ru_maxrss`` back on a pipe.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

_LAUNCHER = """\
import os, signal, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())
code = os.waitstatus_to_exitcode(status)
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


class MeasuredChild:
    """``command`` running under the launcher; ``peak_mb()`` once it has ended."""

    def __init__(self, command: list[str], **popen: Any) -> None:
        read_end, write_end = os.pipe()
        try:
            self.proc: subprocess.Popen[bytes] = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(write_end), *command],
                pass_fds=(write_end,),
                start_new_session=True,  # kill() reaches the launcher and the child alike
                **popen,
            )
        finally:
            os.close(write_end)
        self._read_end = read_end

    def kill(self) -> None:
        """Kill the launcher and the command (one process group)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self) -> int:
        """Wait for the launcher; its exit code is the command's."""
        return self.proc.wait()

    def peak_mb(self) -> float:
        """The command's own peak RSS in MB (blocks until the launcher has ended)."""
        with os.fdopen(self._read_end, "rb") as reader:
            data = reader.read()
        assert data, "the launcher ended without reporting the command's peak memory"
        return int(data) / 1024
