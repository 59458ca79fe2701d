"""Bench: the second render of an unchanged client against a full render (issue target ≥ 5×).

Rounds alternate a forced render (everything executed again) and a plain one (the unchanged
report kept, :mod:`ronr.report.reuse`), so both see the same machine load.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from pathlib import Path

from ronr.report import RenderOptions, render_client


def bench_rerender(data_dir: str | Path, *, client: str = "demo-coffee", rounds: int = 3) -> str:
    """Time ``rounds`` pairs (forced render, then a plain one) and return the result line."""
    options = RenderOptions(data_dir=Path(data_dir), out_dir=Path(data_dir) / "bench-reports")
    forced = dataclasses.replace(options, force=True)
    render_client(client, forced)  # the first render warms the import cache and the kernel
    full, kept = [], []
    for _ in range(rounds):
        for times, chosen in ((full, forced), (kept, options)):
            start = time.perf_counter()
            result = render_client(client, chosen)
            times.append(time.perf_counter() - start)
            if not result.ok:
                raise RuntimeError(f"{client}: {result.error}")
        if not result.reused:
            raise RuntimeError(f"{client}: the unchanged report was rendered again")
    ratio = statistics.median(full) / statistics.median(kept)
    return (
        f"second render of unchanged {client} ({rounds} interleaved rounds): full render "
        f"min {min(full):.1f} s, median {statistics.median(full):.1f} s; unchanged min "
        f"{min(kept):.2f} s, median {statistics.median(kept):.2f} s (ratio {ratio:.0f}x, "
        f"target >= 5x: {'ok' if ratio >= 5 else 'MISSED'})"
    )
