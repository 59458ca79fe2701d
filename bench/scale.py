"""Bench: ingest and sentiment at 1,000,000 mentions, and growth from 10,000 to 1,000,000.

Both use demo clients at a size with mostly distinct texts (``ronr demo --mentions N --texts
varied``), so nothing is faster for texts repeating, as template texts would make it.

- **Ingest** (measurement 2): a cold ``load_workspace`` (no cache: every export read, every
  text's language detected and sentiment scored) against what a user would write by hand,
  ``pandas.read_csv`` of the mentions and ``SentimentIntensityAnalyzer().polarity_scores`` on
  each row; each in its own process, rounds interleaved, with the tree's peak memory. The
  scores are compared mention by mention: ronr scores a text with brand names, @handles and
  URLs masked and hashtags read as words, and leaves texts in other languages unscored, so
  only the English texts none of that changes must score the same, and they are counted.
- **Growth** (measurement 5): cold ingest and a full render (``ronr render``) at each size,
  with time per 1,000 mentions and peak memory.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

import pandas as pd
from memory import run_measured

from ronr.demo import generate_client, scale_for

CLIENT = "demo-coffee"
PYTHON = sys.executable
RONR = str(Path(sys.executable).with_name("ronr"))  # the command line installed beside it

RONR_INGEST = """
import sys
import pandas as pd
from ronr.store import load_workspace
ws = load_workspace(sys.argv[1], data_dir=sys.argv[2])
pd.DataFrame({"mention_id": ws.mentions["mention_id"], "score": ws.mentions["sentiment"],
              "language": ws.mentions["language"]}).to_parquet(sys.argv[3])
"""

NAIVE_INGEST = """
import sys
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
analyzer = SentimentIntensityAnalyzer()
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
frame["score"] = frame["text"].map(lambda text: analyzer.polarity_scores(text)["compound"])
frame[["mention_id", "text", "score"]].to_parquet(sys.argv[2])
"""


def make_client(root: Path, mentions: int) -> Path:
    """A demo client of about ``mentions`` mentions with varied texts in ``root``."""
    return generate_client(CLIENT, root, scale=scale_for(CLIENT, mentions), texts="varied")


def ingest_cold(root: Path, out: Path):
    """A cold ronr ingest of ``CLIENT`` in ``root`` (its caches removed first)."""
    shutil.rmtree(root / "cache", ignore_errors=True)
    return run_measured([PYTHON, "-c", RONR_INGEST, CLIENT, str(root), str(out)])


def _same_scores(ronr_file: Path, naive_file: Path) -> str:
    from ronr.text import mask_for_sentiment

    ronr = pd.read_parquet(ronr_file)
    naive = pd.read_parquet(naive_file)
    both = ronr.merge(naive, on="mention_id", suffixes=("_ronr", "_naive"))
    english = both["language"].isin(["en", "und"])
    # texts the masking leaves as they are (no brand term, handle, URL or hashtag)
    unchanged = both["text"].str.strip() == mask_for_sentiment(both["text"]).str.strip()
    compared = both[english & unchanged & both["score_ronr"].notna()]
    same = int((compared["score_ronr"] == compared["score_naive"]).sum())
    return (
        f"identical scores on {same:,} of the {len(compared):,} English mentions ronr's "
        f"masking leaves unchanged ({len(both):,} mentions in all)"
    )


def bench_ingest(folder: str | Path, *, mentions: int = 1_000_000, rounds: int = 3) -> str:
    """Measurement 2: the result line (see the module docstring)."""
    root = Path(folder) / f"ingest-{mentions}"
    export = make_client(root, mentions) / "exports" / "mentions.csv"
    rows = sum(1 for _ in export.open(encoding="utf-8")) - 1  # no quoted line breaks here
    ronr, naive = [], []
    for i in range(rounds):
        ronr.append(ingest_cold(root, root / "ronr.parquet"))
        naive.append(
            run_measured([PYTHON, "-c", NAIVE_INGEST, str(export), str(root / "naive.parquet")])
        )
        print(
            f"  round {i + 1}: ronr {ronr[-1].seconds:.1f} s, naive {naive[-1].seconds:.1f} s",
            file=sys.stderr,
        )
    same = _same_scores(root / "ronr.parquet", root / "naive.parquet")
    r_med = statistics.median(m.seconds for m in ronr)
    n_med = statistics.median(m.seconds for m in naive)
    ratio = n_med / r_med
    r_peak = max(m.peak_mb for m in ronr)
    size = export.stat().st_size / 2**20
    return (
        f"ingest + sentiment of {rows:,} mentions ({size:.0f} MB CSV, mostly distinct texts; "
        f"{rounds} interleaved rounds, cold caches): ronr min {min(m.seconds for m in ronr):.1f} "
        f"s, median {r_med:.1f} s, peak {r_peak:,.0f} MB ({ronr[0].how}); read_csv + row-wise "
        f"VADER min {min(m.seconds for m in naive):.1f} s, median {n_med:.1f} s, peak "
        f"{max(m.peak_mb for m in naive):,.0f} MB (ratio {ratio:.2f}x, target >= 3x: "
        f"{'ok' if ratio >= 3 else 'MISSED'}; peak < 2 GB: "
        f"{'ok' if r_peak < 2048 else 'MISSED'}); {same}"
    )


def bench_growth(
    folder: str | Path, *, sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)
) -> list[str]:
    """Measurement 5: one line per size, then the growth line."""
    lines, per = [], {}
    for size in sizes:
        root = Path(folder) / f"growth-{size}"
        make_client(root, size)
        ingest = ingest_cold(root, root / "scores.parquet")
        render = run_measured(
            [
                RONR,
                "render",
                CLIENT,
                "--data-dir",
                str(root),
                "--out",
                str(root / "reports"),
                "--timeout",
                "7200",
                "--cell-timeout",
                "3600",
            ]
        )
        report = root / "reports" / f"{CLIENT}.html"
        per[size] = (ingest.seconds + render.seconds) / size * 1000
        lines.append(
            f"growth at {size:,} mentions: ingest {ingest.seconds:.1f} s (peak "
            f"{ingest.peak_mb:,.0f} MB), render {render.seconds:.1f} s (peak "
            f"{render.peak_mb:,.0f} MB), report {report.stat().st_size / 1000:,.0f} kB; "
            f"{per[size]:.2f} s per 1,000 mentions"
        )
    first, last = sizes[0], sizes[-1]
    factor = per[last] / per[first]
    lines.append(
        f"growth {first:,} -> {last:,} mentions ({last // first}x): time per mention "
        f"x{factor:.2f} ({'linear or better' if factor <= 1.1 else 'WORSE than linear'})"
    )
    return lines


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["ingest", "growth"])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ronr-bench-scale-") as tmp:
        if args.what == "ingest":
            print(bench_ingest(tmp, mentions=args.mentions, rounds=args.rounds))
        else:
            print("\n".join(bench_growth(tmp)))
