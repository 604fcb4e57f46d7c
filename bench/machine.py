"""The "machine:" line every benchmark prints first, so figures from different runs say where they came from.

Figures on a shared machine are only comparable with the load they ran under, hence the load average.
"""

from __future__ import annotations

import os
import platform

import psutil


def machine_line() -> str:
    return (f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cpus, {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
            f"python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
