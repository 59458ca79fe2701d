"""Benchmarks: each prints its time against a naive baseline measured in the same run.

Run with ``make bench``. Uses the full-size demo coffee client (≈100k mentions) in a temporary
data folder.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from explorers import bench_explorers
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ronr.demo import generate_client
from ronr.sentiment import score_texts
from ronr.store import _load_cached, load_workspace


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


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


if __name__ == "__main__":
    main()
