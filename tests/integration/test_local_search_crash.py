"""The embedded index survives kill -9 of its writer at any moment, mid-commit included: it opens at
the last commit (whole batches only), the dead writer's lock is free again, and writing resumes."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from mediamon.search.local.engine import LocalIndex
from mediamon.search.params import SearchParams
from tests.conftest import REPO_ROOT

BATCH = 200
NOW = datetime(2026, 12, 4, tzinfo=timezone.utc)
WRITER = f"""
import sys
from pathlib import Path
from mediamon.search.local.engine import LocalIndex
index = LocalIndex(Path(sys.argv[1]))
for batch in range(10_000):
    index.write([{{"id": f"a{{batch}}-{{n}}", "title": f"Заголовок {{n}}", "text": "Военная операция " * 200,
                  "lang": "ru", "published": "2026-12-01T10:00:00+00:00", "entities": ["SMO"]}}
                 for n in range({BATCH})])
    print(batch, flush=True)
"""


def _kill_mid_write(path: Path, after: float) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    writer.stdout.readline()  # one batch committed; the next ones are being written when the kill comes
    time.sleep(after)
    writer.send_signal(signal.SIGKILL)
    writer.wait()


def test_kill_9_mid_commit_leaves_whole_batches_and_a_free_lock(tmp_path: Path) -> None:
    for after in (0.05, 0.13, 0.31):
        _kill_mid_write(tmp_path, after)
        found = LocalIndex(tmp_path).search(SearchParams(q='"военной операции"', size=1), NOW).total
        assert found >= BATCH and found % BATCH == 0, f"{found} articles: a batch was half committed"
    index = LocalIndex(tmp_path)
    written = index.write([{"id": "after-crash", "title": "После сбоя", "text": "Саммит ОДКБ", "lang": "ru",
                            "published": "2026-12-02T10:00:00+00:00"}])
    assert written.created == 1 and index.search(SearchParams(q="ОДКБ"), NOW).total == 1
