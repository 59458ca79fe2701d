"""Bench: a batch render of 12 clients against the papermill + nbconvert loop a user would write
(issue target ≥ 4×).

The 12 clients are the six demo generators (:data:`ronr.demo.DEMO_CLIENTS` and their null
clients) at two seeds each, the second seed's folder renamed ``<name>-b`` (its client.yaml's
``client`` and ``display_name`` changed to match), in one temporary data folder, with
``texts="varied"`` (realistic, mostly distinct texts).

- ronr: ``ronr render --all --jobs 2 --force`` into a fresh reports folder each round (one
  kernel per client, running the assembled report notebook; the HTML export of
  :mod:`ronr.report.html`).
- The naive loop, in one subprocess: for each client, for each section notebook the report is
  assembled from (:data:`ronr.report.assemble.REPORT_SECTIONS`), ``papermill.execute_notebook``
  with the parameters ``ronr render`` injects (papermill's defaults otherwise: one kernel per
  notebook, the notebook saved after each cell), then nbconvert's ``HTMLExporter`` with its
  default (lab) template and ``exclude_input`` (the reports hide code too): one HTML page per
  notebook, one after the other. The notebooks' ``lab-only`` cells (explorers) are left out of
  its inputs, as the report leaves them out, so both sides run the same cells.

Both sides start with no import cache (``<data>/cache`` is removed before each), so each
imports every client's exports once; rounds alternate which side goes first. Peak memory is
the side's process tree's summed proportional set size, as every bench measures it
(:mod:`memory`).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from memory import run_measured

from ronr.demo import DEMO_CLIENTS, NULL_DEMO_CLIENTS, generate_client
from ronr.paths import NOTEBOOKS_DIR, list_clients
from ronr.report.assemble import LAB_ONLY_TAG, REPORT_SECTIONS

RONR = Path(sys.executable).with_name("ronr")
SECOND_SEED = 2026
MB = 1024 * 1024

# What a user writes without ronr: every notebook through papermill, then through nbconvert.
NAIVE_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import papermill as pm
    from nbconvert import HTMLExporter

    data_dir, notebooks, out = (Path(arg) for arg in sys.argv[1:4])
    clients = sys.argv[4].split(",")
    sections = sys.argv[5].split(",")
    exporter = HTMLExporter(exclude_input=True)
    for client in clients:
        (out / client).mkdir(parents=True, exist_ok=True)
        for section in sections:
            executed = out / client / section
            pm.execute_notebook(
                str(notebooks / section),
                str(executed),
                parameters={
                    "client": client,
                    "period": "",
                    "data_dir": str(data_dir),
                    "interactive": False,
                    "compare": "",
                },
                progress_bar=False,
            )
            body, _ = exporter.from_filename(str(executed))
            executed.with_suffix(".html").write_text(body, encoding="utf-8")
    """
)


@dataclass
class _Run:
    seconds: float
    peak: int  # bytes
    size: int  # bytes of HTML written


def make_clients(folder: Path, *, scale: float) -> dict[str, int]:
    """Write the 12 clients into ``folder/clients``; the mentions (rows) of each, by name."""
    generators = (*DEMO_CLIENTS, *NULL_DEMO_CLIENTS)
    for name in generators:
        generate_client(name, folder, scale=scale, texts="varied")
    second = folder / "second-seed"
    for name in generators:
        source = generate_client(name, second, seed=SECOND_SEED, scale=scale, texts="varied")
        renamed = f"{name}-b"
        target = folder / "clients" / renamed
        shutil.move(str(source), target)
        config = target / "client.yaml"
        text = config.read_text(encoding="utf-8")
        header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
        data = yaml.safe_load(text)
        data["client"] = renamed
        data["display_name"] = f"{data['display_name']} (seed {SECOND_SEED})"
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        config.write_text(header + body, encoding="utf-8")
    shutil.rmtree(second)
    return {
        client: _rows(folder / "clients" / client / "exports" / "mentions.csv")
        for client in list_clients(folder)
    }


def _rows(csv: Path) -> int:
    import pandas as pd

    return len(pd.read_csv(csv, usecols=[0]))


def _report_notebooks(folder: Path) -> Path:
    """The report's section notebooks without their lab-only cells, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in REPORT_SECTIONS:
        nb = nbformat.read(str(NOTEBOOKS_DIR / name), as_version=4)
        nb.cells = [c for c in nb.cells if LAB_ONLY_TAG not in c.metadata.get("tags", [])]
        nbformat.write(nb, str(folder / name))
    return folder


def _measured(command: list[str], cwd: Path) -> tuple[float, int]:
    """Run ``command`` in ``cwd``: its wall time and its process tree's peak memory (bytes)."""
    measured = run_measured(command, cwd=cwd)
    return measured.seconds, round(measured.peak_mb * 2**20)


def _ronr(data: Path, out: Path, clients: list[str], *, cold: bool) -> _Run:
    if cold:
        shutil.rmtree(data / "cache", ignore_errors=True)
    command = [str(RONR), "render", "--all", "--jobs", "2", "--force"]
    seconds, peak = _measured([*command, "--data-dir", str(data), "--out", str(out)], data)
    pages = [out / f"{client}.html" for client in clients]
    missing = [page.name for page in pages if not page.is_file()]
    if missing:
        raise RuntimeError(f"ronr render wrote no {', '.join(missing)}")
    size = sum(page.stat().st_size for page in pages)
    size += sum(script.stat().st_size for script in out.glob("*.js"))  # the shared plotly.js
    return _Run(seconds, peak, size)


def _naive(data: Path, notebooks: Path, out: Path, clients: list[str], *, cold: bool) -> _Run:
    if cold:
        shutil.rmtree(data / "cache", ignore_errors=True)
    script = data / "naive_loop.py"
    script.write_text(NAIVE_LOOP, encoding="utf-8")
    command = [sys.executable, str(script), str(data), str(notebooks), str(out)]
    seconds, peak = _measured([*command, ",".join(clients), ",".join(REPORT_SECTIONS)], data)
    size = 0
    for client in clients:
        for section in REPORT_SECTIONS:
            executed = out / client / section
            nb = nbformat.read(str(executed), as_version=4)
            errors = [
                o
                for c in nb.cells
                if c.cell_type == "code"
                for o in c.outputs
                if o.output_type == "error"
            ]
            if errors:
                raise RuntimeError(f"naive loop: {client} {section}: {errors[0].get('ename')}")
            size += executed.with_suffix(".html").stat().st_size
    return _Run(seconds, peak, size)


def bench_batch(
    folder: str | Path, *, rounds: int = 3, scale: float = 0.1, import_cache: bool = False
) -> str:
    """Time ``rounds`` interleaved pairs (``ronr render --all``, the naive loop) over 12 clients
    written into ``folder/batch`` at ``scale``; return the result line.

    By default each side starts with no import cache (the exports are new, as in a monthly
    batch); ``import_cache`` keeps the caches a first untimed ``ronr render --all`` builds, so
    both sides only render.
    """
    data = Path(folder) / "batch"
    mentions = make_clients(data, scale=scale)
    clients = sorted(mentions)
    notebooks = _report_notebooks(data / "naive-notebooks")
    warm = data / "warm-up"  # the first render warms the import cache of Python and the disk
    which = ["--all"] if import_cache else clients[:1]
    subprocess.run(
        [str(RONR), "render", *which, "--data-dir", str(data), "--out", str(warm)],
        check=True,
        capture_output=True,
    )
    ronr_runs: list[_Run] = []
    naive_runs: list[_Run] = []
    for index in range(rounds):
        reports, pages = data / f"reports-{index}", data / f"naive-{index}"
        for side in ("ronr", "naive") if index % 2 == 0 else ("naive", "ronr"):
            if side == "ronr":
                run = _ronr(data, reports, clients, cold=not import_cache)
                ronr_runs.append(run)
            else:
                run = _naive(data, notebooks, pages, clients, cold=not import_cache)
                naive_runs.append(run)
            print(f"  round {index + 1}: {side} {run.seconds:.1f} s", file=sys.stderr, flush=True)
        shutil.rmtree(reports)
        shutil.rmtree(pages)
    fast = [run.seconds for run in ronr_runs]
    slow = [run.seconds for run in naive_runs]
    ratio = statistics.median(slow) / statistics.median(fast)
    counts = sorted(mentions.values())
    files = len(clients) * len(REPORT_SECTIONS)
    cache = "import cache built" if import_cache else "no import cache"
    return (
        f"batch of {len(clients)} clients (scale {scale:g}, {counts[0]:,}-{counts[-1]:,} mentions "
        f"each; {rounds} interleaved rounds, {cache}): ronr render --all --jobs 2 "
        f"min {min(fast):.1f} s, median {statistics.median(fast):.1f} s, peak "
        f"{max(r.peak for r in ronr_runs) / MB:.0f} MB, reports "
        f"{ronr_runs[-1].size / MB:.1f} MB ({len(clients)} pages and the shared plotly.js); "
        f"papermill + nbconvert loop min {min(slow):.1f} s, median {statistics.median(slow):.1f} "
        f"s, peak {max(r.peak for r in naive_runs) / MB:.0f} MB, HTML "
        f"{naive_runs[-1].size / MB:.1f} MB ({files} pages) (ratio {ratio:.1f}x, target >= 4x: "
        f"{'ok' if ratio >= 4 else 'MISSED'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument(
        "--import-cache", action="store_true", help="keep the import cache (render only)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ronr-bench-batch-") as folder:
        line = bench_batch(
            folder, rounds=args.rounds, scale=args.scale, import_cache=args.import_cache
        )
        print(line)


if __name__ == "__main__":
    main()
