"""`python -m bench [NAME ...] [-- ARGS]`: run every `bench/bench_*.py` (or the named ones) in turn.

Each benchmark runs in its own interpreter, so one's memory figures are not another's and each
keeps its own command-line flags; ARGS after `--` go to every selected benchmark. Exits non-zero
when any benchmark failed, after running the rest.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    split = argv.index("--") if "--" in argv else len(argv)
    names, extra = argv[:split], argv[split + 1:]
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available())}", file=sys.stderr)
        return 2
    failed = []
    for name in names or available():
        print(f"\n===== bench_{name} =====", flush=True)
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", f"bench.bench_{name}", *extra], cwd=HERE.parent)
        print(f"===== bench_{name}: exit {done.returncode} after {time.monotonic() - started:.0f} s =====", flush=True)
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
