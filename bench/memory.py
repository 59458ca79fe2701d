"""Run a command and measure its wall time and the peak memory of its whole process tree.

Memory is the tree's summed proportional set size (PSS: a page shared by a process and its
forked workers counts once), sampled every 0.2 s from /proc; where /proc has no
``smaps_rollup`` (not Linux), the largest child's maximum resident set size is used instead,
and the result says so.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    how: str  # "tree PSS" or "largest process RSS"
    output: str


def _children(pid: int) -> list[int]:
    found = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        current = todo.pop()
        seen.append(current)
        todo += _children(current)
    return seen


def _pss_kb(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(
    command: list[str], *, env: dict | None = None, cwd: str | Path | None = None
) -> Measured:
    """Run ``command`` (raising when it fails) and measure it; see the module docstring."""
    sampled = (PROC / "self" / "smaps_rollup").exists()
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )
    peak = 0
    if sampled:
        while process.poll() is None:
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.2)
    output = process.communicate()[0]
    seconds = time.perf_counter() - start
    if process.returncode:
        sys.stderr.write(output[-3000:])
        raise RuntimeError(f"{' '.join(command[:4])}… failed ({process.returncode})")
    if not sampled:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    how = "tree PSS" if sampled else "largest process RSS"
    return Measured(seconds, peak / 1024, how, output)
