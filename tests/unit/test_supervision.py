"""Children of `mediamon run` stop when it is killed outright (SIGKILL leaves it no time to stop them)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

CHILD = ("import os, signal, sys, time\n"
         "from mediamon.supervision import stop_when_parent_exits\n"
         "signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"
         "stop_when_parent_exits(os.getppid(), check_seconds=0.05)\n"
         "time.sleep(60)\n")
PARENT = ("import subprocess, sys, time\n"
          f"child = subprocess.Popen([sys.executable, '-c', {CHILD!r}], start_new_session=True)\n"
          "print(child.pid, flush=True)\n"
          "time.sleep(60)\n")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_child_stops_soon_after_its_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    try:
        time.sleep(0.3)
        assert _alive(child_pid), "the child runs while its parent does"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child_pid), "the orphaned child is still running"
    finally:
        if _alive(child_pid):
            os.kill(child_pid, signal.SIGKILL)
