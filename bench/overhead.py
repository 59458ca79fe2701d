"""Bench: a rendered report against the same library calls in one process (target ≤ 1.5×).

The baseline runs the code cells of the assembled report notebook (the cells a report runs,
lab-only ones left out) in this process, one fresh namespace per round, with their displays
turned into HTML as a notebook would (IPython's formatters); the report is
:func:`ronr.report.render_client` with ``force`` (kernel, papermill, export, isolation).
Rounds alternate the two.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from pathlib import Path

from IPython.core.formatters import DisplayFormatter

from ronr.report import RenderOptions, build_report_notebook, notebook_parameters, render_client
from ronr.store import _load_cached


def _in_process(client: str, options: RenderOptions) -> None:
    from ronr import show

    nb = build_report_notebook(notebooks_dir=options.notebooks_dir, sections=options.sections)
    formatter = DisplayFormatter()
    shown = []
    original = show.display
    show.display = lambda *objects, **_: shown.extend(formatter.format(o) for o in objects)
    try:
        namespace: dict = {}
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            exec(compile(cell.source, "<cell>", "exec"), namespace)
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(notebook_parameters(client, options))
    finally:
        show.display = original


def bench_overhead(data_dir: str | Path, *, client: str = "demo-coffee", rounds: int = 3) -> str:
    """Time ``rounds`` pairs (a full render, then the same calls in process): the result line."""
    options = dataclasses.replace(
        RenderOptions(data_dir=Path(data_dir), out_dir=Path(data_dir) / "bench-reports"),
        force=True,
    )
    render_client(client, options)  # warms the import cache, as a batch's warm-up does
    report, direct = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        render_client(client, options)
        report.append(time.perf_counter() - start)
        _load_cached.cache_clear()  # a kernel starts without the parent's loaded workspace
        start = time.perf_counter()
        _in_process(client, options)
        direct.append(time.perf_counter() - start)
    ratio = statistics.median(report) / statistics.median(direct)
    return (
        f"report overhead, {client} ({rounds} interleaved rounds): rendered report median "
        f"{statistics.median(report):.1f} s (min {min(report):.1f} s), the same calls in one "
        f"process median {statistics.median(direct):.1f} s (min {min(direct):.1f} s) (ratio "
        f"{ratio:.2f}x, target <= 1.5x: {'ok' if ratio <= 1.5 else 'MISSED'})"
    )
