"""Render many clients: a thread pool of per-client subprocesses, the index page, the results.

Each client runs in its own subprocess from a thread pool (fork-based process pools hang with
Jupyter kernels). One client's failure never stops the others. After each run the reports
folder's index page lists every report in it, for the agency's clients, and the run's
operations summary goes to ``runs.json`` (see :mod:`ronr.report.archive`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from .archive import (
    INDEX,
    append_run,
    describe_run,
    folder_lock,
    reader_time,
    update_catalogue,
    write_text_atomically,
)
from .options import RenderOptions
from .render import RenderResult, render_client
from .templating import render_template

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def render_clients(
    clients: Iterable[str],
    options: RenderOptions | None = None,
    *,
    console: Console | None = None,
    progress: bool = True,
    scheduler: str | None = None,
) -> list[RenderResult]:
    """Render several clients concurrently, then update the reports folder's index.

    See :func:`write_index`: ``<out_dir>/index.html`` lists every report in the folder, and
    the run's statuses, errors and timings are appended to ``<out_dir>/runs.json``.

    Parameters
    ----------
    clients
        Client folder names; duplicates are rendered once.
    options
        The period, folders, timeouts, warm-up and ``jobs`` (how many clients render at the
        same time), the same for every client (see :class:`RenderOptions`); the defaults if
        not given.
    console
        Where the progress bar goes; standard error if not given.
    progress
        Whether to show the progress bar.
    scheduler
        None to render in this machine's thread pool; ``tcp://HOST:PORT`` of a Dask scheduler,
        or ``"local"`` for a Dask cluster of ``jobs`` worker processes started for the run, to
        submit the same per-client jobs to it (:mod:`ronr.report.cluster`; raises its
        :class:`~ronr.report.cluster.ClusterError` before any render when the cluster cannot
        be used). The results, index and records are the same either way.

    Returns
    -------
    BatchResults
        One :class:`RenderResult` per client, in the order given.

    The index page and the folder's records are written whatever happened to the clients;
    when they cannot be (a full disk), the previous ones stay, an error line goes to
    ``console`` and the returned list's ``index_error`` says why (see :class:`BatchResults`).
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    options = options or RenderOptions()
    started = dt.datetime.now().astimezone()
    clients = list(dict.fromkeys(clients))
    bar = Progress(
        TextColumn("Rendering"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        disable=not progress,
    )
    results: dict[str, RenderResult] = {}

    def arrived(result: RenderResult) -> None:
        results[result.client] = result
        bar.update(task, advance=1, description=f"{result.client}: {result.status}")

    with contextlib.ExitStack() as stack:
        dask = None
        if scheduler is not None:  # connected before the bar: a bad cluster stops the run here
            from .cluster import connect, render_on_cluster

            dask = stack.enter_context(connect(scheduler, workers=options.jobs))
        with bar:
            task = bar.add_task("", total=len(clients))
            if dask is not None:
                render_on_cluster(clients, options, dask, on_result=arrived)
            else:
                with ThreadPoolExecutor(max_workers=options.jobs) as pool:
                    for future in as_completed(
                        [pool.submit(render_client, client, options) for client in clients]
                    ):
                        arrived(future.result())
    ordered = BatchResults(results[client] for client in clients)
    try:
        write_index(ordered, out_dir=options.out_dir, options=options, started=started)
    except OSError as exc:  # the reports are written: the results must still be returned
        reason = exc.strerror or str(exc) or type(exc).__name__
        ordered.index_error = (
            f"index not written: {reason}; the previous index.html, reports.json and "
            "runs.json are kept"
        )
        bar.console.print(f"[bold red]Error:[/bold red] {escape(ordered.index_error)}")
    return ordered


class BatchResults(list):
    """The results of :func:`render_clients`, one per client, and whether the index failed.

    Attributes
    ----------
    index_error
        Why the reports folder's index and records could not be written (e.g. a full disk),
        in one line; ``""`` when they were.
    """

    index_error: str = ""


def write_index(
    results: Sequence[RenderResult],
    *,
    out_dir: str | Path = "reports",
    options: RenderOptions | None = None,
    started: dt.datetime | None = None,
) -> Path:
    """Record a run in the reports folder and rewrite its index page from the catalogue.

    Three files of ``out_dir`` change, together, under the folder's lock (so concurrent runs
    into one folder each land whole):

    - ``reports.json``: the run's written reports are catalogued; a failed render changes
      nothing, so the client's previous report stays listed
      (:func:`ronr.report.archive.update_catalogue`);
    - ``runs.json``: the run's operations summary (options, and each client's status,
      error, seconds and files) is appended (:func:`ronr.report.archive.append_run`);
    - ``index.html``: for the agency's clients, every report in the folder, by client display
      name then period, with when it was rendered, its size and links to its HTML and PDF
      (``templates/index/page.html.j2``); no statuses, errors or timings; every value escaped,
      links relative.

    Parameters
    ----------
    results
        The run's results, e.g. from :func:`render_clients` or
        :func:`ronr.report.render.render_client`.
    out_dir
        The reports folder; created if missing.
    options
        The run's options, summarised in ``runs.json`` (period, jobs, timeouts); None
        records none.
    started
        When the run began (timezone-aware); if not given, now less the longest render.

    Returns
    -------
    Path
        ``<out_dir>/index.html``.

    Raises
    ------
    OSError
        The folder, its lock file or one of the three files cannot be written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    finished = dt.datetime.now().astimezone()
    if started is None:
        started = finished - dt.timedelta(seconds=max((r.seconds for r in results), default=0))
    run = describe_run(results, started=started, finished=finished, options=options)
    path = out / INDEX
    with folder_lock(out):
        reports = update_catalogue(out, results)
        append_run(out, run)
        page = render_template(
            "index/page.html.j2",
            reports=reports,
            updated=reader_time(finished),
            format_size=format_size,
        )
        write_text_atomically(path, page)
    return path


def format_size(size: int) -> str:
    """``1.2 MB``-style size of ``size`` bytes."""
    for unit in ("B", "kB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def summarise_results(results: Sequence[RenderResult]) -> Table:
    """A rich table of what succeeded, what failed and why."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Reports", title_justify="left")
    for column, justify in (
        ("Client", "left"),
        ("Period", "left"),
        ("Status", "left"),
        ("Time", "right"),
        ("Size", "right"),
        ("Report / error", "left"),
    ):
        table.add_column(column, justify=justify, overflow="fold")
    for result in results:
        # Text, not markup: a client name or an error message may contain "[...]".
        table.add_row(
            Text(result.client),
            Text(result.period_label),
            (
                Text("unchanged" if result.reused else "ok", style="green")
                if result.ok
                else Text("failed", style="bold red")
            ),
            f"{result.seconds:.1f} s",
            format_size(result.size) if result.ok else "–",
            Text(str(result.html) if result.ok else result.error),
        )
    return table
