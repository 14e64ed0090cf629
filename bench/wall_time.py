"""The median wall time of a command line, for the bench scripts that compare two commands in one run."""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path


def median_wall(command: list[str], runs: int, cwd: Path) -> float:
    """Seconds ``command`` takes from start to exit, the median of ``runs`` runs (each must exit 0)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
