"""Render many clients: a thread pool of per-client subprocesses, the index page, the results.

Each client runs in its own subprocess from a thread pool (fork-based process pools hang with
Jupyter kernels). One client's failure never stops the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

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
) -> list[RenderResult]:
    """Render several clients concurrently, then write ``<out_dir>/index.html``.

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

    Returns
    -------
    list[RenderResult]
        One result per client, in the order given.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    options = options or RenderOptions()
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
    with bar, ThreadPoolExecutor(max_workers=options.jobs) as pool:
        task = bar.add_task("", total=len(clients))
        for future in as_completed(
            [pool.submit(render_client, client, options) for client in clients]
        ):
            result = future.result()
            results[result.client] = result
            bar.update(task, advance=1, description=f"{result.client}: {result.status}")
    ordered = [results[client] for client in clients]
    write_index(ordered, out_dir=options.out_dir)
    return ordered


def write_index(results: Sequence[RenderResult], *, out_dir: str | Path = "reports") -> Path:
    """Write ``<out_dir>/index.html``: one row per client with status, link, size and error.

    The page is ``templates/index/page.html.j2``; every value in it is escaped.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    page = render_template(
        "index/page.html.j2",
        results=results,
        rendered=sum(r.ok for r in results),
        generated=f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M}",
        format_size=format_size,
    )
    path.write_text(page, encoding="utf-8")
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
            Text("ok", style="green") if result.ok else Text("failed", style="bold red"),
            f"{result.seconds:.1f} s",
            format_size(result.size) if result.ok else "–",
            Text(str(result.html) if result.ok else result.error),
        )
    return table
