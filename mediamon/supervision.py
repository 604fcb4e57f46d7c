"""A child of `mediamon run` stops when `run` is gone, even when `run` was killed outright.

`run` starts its children in their own sessions (so a Ctrl-C reaches only `run`, which then stops
them in order), and SIGKILL gives `run` no chance to stop them: without this watch a killed `run`
left a worker, a poller and an API holding ports and consumer-group seats until someone found them.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

log = logging.getLogger(__name__)

CHECK_SECONDS = 1.0


def stop_when_parent_exits(parent_pid: int, check_seconds: float = CHECK_SECONDS) -> None:
    """Send ourselves SIGTERM (the graceful stop every child already handles) once `parent_pid`
    is no longer our parent: the kernel re-parents an orphan, so `getppid` changes."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(check_seconds)
        log.warning("mediamon run (pid %d) is gone; stopping", parent_pid)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
