"""Benchmarks: each prints its time against a naive baseline measured in the same run.

Run with ``make bench``. Uses the full-size demo coffee client (≈100k mentions) in a temporary
data folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from explorers import bench_explorers
from overhead import bench_overhead
from rerender import bench_rerender
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ronr.demo import generate_client
from ronr.sentiment import score_texts
from ronr.store import _load_cached, load_workspace


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


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


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ronr-bench-") as folder:
        seconds, _ = timed(lambda: generate_client("demo-coffee", folder))
        print(f"generate demo-coffee (scale 1): {seconds:.2f} s")

        first, ws = timed(lambda: load_workspace("demo-coffee", data_dir=folder))
        _load_cached.cache_clear()
        cached, _ = timed(lambda: load_workspace("demo-coffee", data_dir=folder))
        print(
            f"load workspace, {len(ws.mentions):,} mentions: import {first:.2f} s, "
            f"from Parquet cache {cached:.2f} s (ratio {first / cached:.1f}x)"
        )

        texts = ws.mentions["text"]
        analyzer = SentimentIntensityAnalyzer()
        sample = texts.head(20_000)
        naive, _ = timed(lambda: [analyzer.polarity_scores(t)["compound"] for t in sample.dropna()])
        deduped, _ = timed(lambda: score_texts(sample))
        print(
            f"sentiment of 20,000 mentions: naive per-row {naive:.2f} s, "
            f"distinct texts only {deduped:.2f} s (ratio {naive / deduped:.1f}x)"
        )
        cache = Path(folder) / "bench-sentiment.parquet"
        score_texts(texts, cache_path=cache)
        warm, _ = timed(lambda: score_texts(texts, cache_path=cache))
        print(
            f"sentiment of all {len(texts):,} mentions from the hash cache: {warm:.2f} s "
            f"(naive estimate {naive * len(texts) / len(sample):.1f} s)"
        )
        bench_explorers(ws)
        print(bench_rerender(folder))
        print(bench_overhead(folder))


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
    """Run every benchmark, printing each line, and add the lines to bench/RESULTS.md."""
    tee = _Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):
        main()
    record([line for line in tee.kept.getvalue().splitlines() if line.strip()])


if __name__ == "__main__":
    run()
