"""Benchmarks: each prints its time against a baseline measured in the same run.

Run with ``make bench`` (every measurement, about an hour on 2 cores) or
``python bench/run.py NAME ...`` for some of them: ``batch`` (12 clients against a papermill +
nbconvert loop), ``ingest`` (1,000,000 mentions against read_csv + row-wise VADER),
``rerender`` (an unchanged client's second render), ``overhead`` (a report against the same
calls in one process), ``growth`` (10,000 to 1,000,000 mentions) and ``explorers``. Each run
adds its lines to bench/RESULTS.md with the date and the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import platform
import sys
import tempfile
from pathlib import Path

from batch import bench_batch
from explorers import bench_explorers
from overhead import bench_overhead
from rerender import bench_rerender
from scale import bench_growth, bench_ingest

from ronr.demo import generate_client
from ronr.store import load_workspace

RESULTS = Path(__file__).with_name("RESULTS.md")


def record(lines: list[str]) -> None:
    """Add this run's result lines to bench/RESULTS.md, with the date and the machine."""
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
    machine += platform.python_version()
    head = "# Benchmark results\n\nEach run of `make bench` adds its lines here.\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else head
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text += f"\n## {when} · {machine}\n\n" + "".join(f"- {line}\n" for line in lines)
    RESULTS.write_text(text, encoding="utf-8")


def _demo(folder: str) -> str:
    """demo-coffee at scale 1 (about 100,000 mentions) with mostly distinct texts."""
    generate_client("demo-coffee", folder, texts="varied")
    return folder


def _explorers(folder: str) -> None:
    bench_explorers(load_workspace("demo-coffee", data_dir=_demo(folder)))


MEASUREMENTS = {
    "batch": lambda folder: print(bench_batch(folder)),
    "ingest": lambda folder: print(bench_ingest(folder)),
    "rerender": lambda folder: print(bench_rerender(_demo(folder))),
    "overhead": lambda folder: print(bench_overhead(_demo(folder))),
    "growth": lambda folder: print("\n".join(bench_growth(folder))),
    "explorers": _explorers,
}


def main(names: list[str]) -> None:
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"ronr-bench-{name}-") as folder:
            MEASUREMENTS[name](folder)
            sys.stdout.flush()


class _Tee(io.TextIOBase):
    """Standard output that also keeps what was printed, for bench/RESULTS.md."""

    def __init__(self, out) -> None:
        self.out, self.kept = out, io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()


def run() -> None:
    """Run the benchmarks named (all by default), printing each line; record them."""
    parser = argparse.ArgumentParser(description="ronr's benchmarks (see bench/run.py).")
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(MEASUREMENTS))
    names = parser.parse_args().names or list(MEASUREMENTS)
    unknown = [name for name in names if name not in MEASUREMENTS]
    if unknown:
        parser.error(f"no measurement {', '.join(unknown)} (expected {', '.join(MEASUREMENTS)})")
    tee = _Tee(sys.stdout)
    try:
        with contextlib.redirect_stdout(tee):
            main(names)
    finally:  # what was measured is kept, even when a later measurement fails
        lines = [line for line in tee.kept.getvalue().splitlines() if line.strip()]
        if lines:
            record(lines)


if __name__ == "__main__":
    run()
