"""Client reports: run the section notebooks, export HTML with the code hidden, batch over clients.

Each client's sections run as one combined notebook in one ``python -m ronr.execute``
subprocess (one kernel start per client, and a hung kernel can be killed without stopping the
batch). The executed notebook is kept next to the HTML for whoever has to debug a number.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import functools
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .errors import RenderError, RonrError
from .execute import EXIT_TEMPFAIL, short_message
from .paths import NOTEBOOKS_DIR, client_dir, resolve_data_dir

if TYPE_CHECKING:
    import nbformat
    from rich.console import Console
    from rich.table import Table

REPORT_SECTIONS = (
    "cover.ipynb",
    "01_listen.ipynb",
    "02_audience.ipynb",
    "03_channels.ipynb",
    "04_measure.ipynb",
    "05_tweak.ipynb",
    "appendix.ipynb",
)
TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "ronr"
ANCHOR_TAG = "ronr-anchor"
PARAMETERS_TAG = "parameters"
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
_WIDGET_NOTE = (
    "<div class='ronr-note ronr-missing'>"
    "Interactive control left out: open the notebook in JupyterLab to use it.</div>"
)
_KERNEL_NOISE = "Kernel is running over TCP without encryption"

# Clients share caches (e.g. sentiment scores by text hash); loading is mostly CPU-bound
# Python anyway, so warm-ups run one at a time while other clients' kernels keep running.
_WARM_UP_LOCK = threading.Lock()

WarmUp = Callable[..., object]
"""``warm_up(client, *, data_dir, period)``: loads a client's data in the parent process."""


@dataclass(frozen=True)
class RenderResult:
    """What happened to one client's report.

    Attributes
    ----------
    client
        The client's folder name.
    status
        ``"ok"`` or ``"failed"``.
    html
        The report, when it was written.
    seconds
        Wall time of the whole render, retries included.
    size
        Bytes of the HTML report (0 when failed).
    error
        Why it failed, in one line.
    period
        The period asked for (empty: the client's configured period).
    notebook
        The executed notebook, kept for debugging (also after most failures).
    """

    client: str
    status: str
    html: Path | None = None
    seconds: float = 0.0
    size: int = 0
    error: str = ""
    period: str = ""
    notebook: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether the report was written."""
        return self.status == "ok"


class _TransientError(RenderError):
    """A failure of the machinery, not of the notebook: worth one retry."""


# ---------------------------------------------------------------------------------------------
# One combined notebook per client


def build_report_notebook(
    *, notebooks_dir: str | Path = NOTEBOOKS_DIR, sections: Sequence[str] = REPORT_SECTIONS
) -> nbformat.NotebookNode:
    """Concatenate the section notebooks into one report notebook.

    One kernel per client is much faster than one per section. The first ``parameters`` cell
    is kept and the later ones dropped (each section declares the same parameters). Every
    section starts with an anchor cell, and the notebook's ``metadata.ronr.sections`` lists
    ``{"notebook", "anchor", "title"}`` for the table of contents; every cell records in
    ``metadata.ronr`` the section notebook and cell number it came from.

    Parameters
    ----------
    notebooks_dir
        The folder holding the section notebooks.
    sections
        The section notebooks' file names, in report order.

    Raises
    ------
    RenderError
        A section is missing or unreadable, declares a parameter the first one does not, or
        no section has a ``parameters`` cell.
    """
    import nbformat

    combined = nbformat.v4.new_notebook()
    toc = []
    first_parameters: tuple[str, set[str]] | None = None
    for name in sections:
        section = _read_section(Path(notebooks_dir) / name)
        anchor = _anchor_id(name)
        toc.append({"notebook": name, "anchor": anchor, "title": _section_title(section, name)})
        combined.cells.append(_anchor_cell(name, anchor))
        for number, cell in enumerate(section.cells, start=1):
            if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
                names = _assigned_names(cell.source, name)
                if first_parameters is not None:
                    _check_parameters(first_parameters, (name, names))
                    continue
                first_parameters = (name, names)
            combined.cells.append(_copy_cell(cell, name, number))
    if first_parameters is None:
        raise RenderError(f"no section has a cell tagged {PARAMETERS_TAG!r}")
    combined.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "ronr": {"sections": toc},
    }
    return combined


def _read_section(path: Path) -> nbformat.NotebookNode:
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except FileNotFoundError:
        raise RenderError(f"report section not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise RenderError(f"report section {path} cannot be read: {exc}") from None


def _anchor_id(name: str) -> str:
    return "section-" + re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")


def _section_title(section: nbformat.NotebookNode, name: str) -> str:
    """The ``# Title`` the section's first markdown cell starts with, else its file name."""
    for cell in section.cells:
        if cell.cell_type == "markdown":
            first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
            if first_line.startswith("# "):
                return first_line[2:].strip()
            break
    return Path(name).stem.replace("_", " ").strip().capitalize()


def _anchor_cell(name: str, anchor: str) -> nbformat.NotebookNode:
    import nbformat

    # Raw HTML in markdown also makes the anchor work in JupyterLab.
    cell = nbformat.v4.new_markdown_cell(f'<a id="{anchor}"></a>')
    cell.metadata = {"tags": [ANCHOR_TAG], "ronr": {"notebook": name, "anchor": anchor}}
    cell.id = anchor[:64]
    return cell


def _copy_cell(cell: nbformat.NotebookNode, name: str, number: int) -> nbformat.NotebookNode:
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    cell.metadata["ronr"] = {"notebook": name, "cell": number}
    # Cell ids must be unique, and copies of one template notebook share theirs.
    cell.id = f"{re.sub(r'[^A-Za-z0-9_-]+', '-', Path(name).stem)[:50]}-{number}"
    return cell


def _assigned_names(source: str, name: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise RenderError(f"{name}: the parameters cell is not valid Python: {exc}") from None
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _check_parameters(first: tuple[str, set[str]], later: tuple[str, set[str]]) -> None:
    extra = later[1] - first[1]
    if extra:
        raise RenderError(
            f"{later[0]} declares parameters {sorted(extra)} that {first[0]} does not; "
            "every section must declare the same parameters"
        )


# ---------------------------------------------------------------------------------------------
# Rendering one client


def render_client(
    client: str,
    *,
    data_dir: str | Path | None = None,
    period: str = "",
    out_dir: str | Path = "reports",
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    sections: Sequence[str] = REPORT_SECTIONS,
    cell_timeout: float = 300,
    timeout: float = 1200,
    warm_up: WarmUp | None = None,
) -> RenderResult:
    """Render one client's report: ``<out_dir>/<client>[__<period>].html`` and ``.ipynb``.

    Never raises for a failure of the client's data or notebooks: the result says what failed.

    Parameters
    ----------
    client
        The client's folder name under ``<data_dir>/clients``.
    data_dir
        The data folder (see :func:`ronr.paths.resolve_data_dir`).
    period
        ``"START..END"``, or empty for the client's configured period.
    out_dir
        Where the report and the executed notebook are written.
    notebooks_dir, sections
        The section notebooks (see :func:`build_report_notebook`).
    cell_timeout
        Seconds one cell may run.
    timeout
        Seconds the whole notebook may run; a run that exceeds it, or whose kernel fails to
        start, is retried once.
    warm_up
        Called as ``warm_up(client, data_dir=..., period=...)`` before the notebooks run, so
        the client's cache is built once in this process; its exception is the client's
        failure. Default: :func:`default_warm_up`.
    """
    started = time.perf_counter()
    notebook_path: Path | None = None
    try:
        _check_client_name(client)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        stem = report_stem(client, period)
        notebook_path, html_path = out / f"{stem}.ipynb", out / f"{stem}.html"
        parameters = {
            "client": client,
            "period": period,
            "data_dir": str(resolve_data_dir(data_dir)),
            "interactive": False,
        }
        with _WARM_UP_LOCK:
            (warm_up or default_warm_up)(
                client, data_dir=parameters["data_dir"], period=parameters["period"]
            )
        nb = build_report_notebook(notebooks_dir=notebooks_dir, sections=sections)
        _execute_isolated(
            nb,
            notebook_path,
            parameters=parameters,
            cwd=Path(notebooks_dir),
            cell_timeout=cell_timeout,
            timeout=timeout,
        )
        page = export_html(notebook_path, **_header(client, period, data_dir))
        _write_atomically(html_path, page)
    except Exception as exc:  # one client's failure, whatever it is, must not stop the batch
        return RenderResult(
            client,
            "failed",
            seconds=time.perf_counter() - started,
            error=_describe_error(exc),
            period=period,
            notebook=notebook_path if notebook_path and notebook_path.exists() else None,
        )
    return RenderResult(
        client,
        "ok",
        html=html_path,
        seconds=time.perf_counter() - started,
        size=html_path.stat().st_size,
        period=period,
        notebook=notebook_path,
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write ``path`` so that a reader never sees half a report."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def default_warm_up(client: str, *, data_dir: str | Path | None, period: str) -> object:
    """Load the client's workspace with ``ronr.store.load_workspace`` if there is one."""
    if importlib.util.find_spec("ronr.store") is None:
        return None
    from . import store

    load_workspace = getattr(store, "load_workspace", None)
    if load_workspace is None:
        return None
    return load_workspace(client, data_dir=data_dir, period=period)


def report_stem(client: str, period: str = "") -> str:
    """File name (without suffix) of a report: the client, plus a slug of the period if any."""
    slug = re.sub(r"[^A-Za-z0-9-]+", "_", period).strip("_")
    return f"{client}__{slug}" if slug else client


def _check_client_name(client: str) -> None:
    if not client or client in (".", "..") or re.search(r"[/\\\x00]", client):
        raise RenderError(f"not a client folder name: {client!r}")


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, RonrError):
        return short_message(str(exc))
    return short_message(f"{type(exc).__name__}: {exc}")


def _execute_isolated(
    nb: nbformat.NotebookNode,
    output_path: Path,
    *,
    parameters: dict[str, Any],
    cwd: Path,
    cell_timeout: float,
    timeout: float,
) -> None:
    """Run ``nb`` in a ``python -m ronr.execute`` subprocess, retrying once if it hangs."""
    import nbformat

    from .execute import validate_parameters

    with tempfile.TemporaryDirectory(prefix="ronr-render-") as tmp:
        input_path = Path(tmp) / f"{output_path.stem}.ipynb"
        nbformat.write(nb, str(input_path))
        validate_parameters(input_path, parameters)
        command = [
            sys.executable,
            "-m",
            "ronr.execute",
            str(input_path),
            str(output_path.resolve()),
            "--parameters",
            json.dumps(parameters),
            "--cell-timeout",
            str(cell_timeout),
            "--cwd",
            str(cwd.resolve()),
        ]
        try:
            _run_execute(command, timeout=timeout)
        except _TransientError as first:
            try:
                _run_execute(command, timeout=timeout)
            except _TransientError as second:
                raise RenderError(f"{second} (also on the first try: {first})") from None


def _run_execute(command: list[str], *, timeout: float) -> None:
    env = dict(os.environ)
    # The kernel must import this very ronr, also when it runs from a source checkout.
    lib = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (lib, env.get("PYTHONPATH")) if p)
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # The kernel notices its parent is gone and exits (ipykernel's parent poller).
            process.kill()
            process.communicate()
            raise _TransientError(f"no result within {timeout:g} s") from None
    if process.returncode == 0:
        return
    message = _last_line(stderr) or f"ronr.execute exited with code {process.returncode}"
    if process.returncode == EXIT_TEMPFAIL:
        raise _TransientError(message)
    raise RenderError(message)


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip() and _KERNEL_NOISE not in line]
    return short_message(lines[-1]) if lines else ""


def _header(client: str, period: str, data_dir: str | Path | None) -> dict[str, str]:
    """Title and period for the report header, from the client's config when it reads."""
    title, configured = client, ""
    try:
        from .config import load_config

        config = load_config(client_dir(client, data_dir) / "client.yaml")
        title = config.display_name
        if config.period is not None:
            configured = f"{config.period.start:%Y-%m-%d} – {config.period.end:%Y-%m-%d}"
    except Exception:  # the header is cosmetic; the notebooks report config errors themselves
        pass
    shown = period.replace("..", " – ") if period else configured or "as configured"
    return {"client": client, "title": title, "period": shown}


# ---------------------------------------------------------------------------------------------
# HTML export


def export_html(
    notebook: nbformat.NotebookNode | str | Path,
    *,
    client: str,
    title: str | None = None,
    period: str = "",
    generated: dt.datetime | None = None,
) -> str:
    """The executed notebook as one self-contained HTML page, without code.

    Uses the ``ronr`` nbconvert template (see ``templates/ronr/index.html.j2``): inputs,
    prompts and stderr are left out, plotly.js is inlined once, and nothing is loaded from
    the network.

    Parameters
    ----------
    notebook
        The executed notebook, or its path.
    client
        The client's folder name, shown in the header.
    title
        The report's title; the client's name if not given.
    period
        The period as shown in the header.
    generated
        When the report was made; now if not given.
    """
    import nbformat
    from nbconvert import HTMLExporter

    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(str(notebook), as_version=4)
    view = report_view(notebook)
    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        theme="light",
    )
    title = title or client
    generated = generated or dt.datetime.now().astimezone()
    resources = {
        "metadata": {"name": f"{title} – Return on Relationship report"},
        "ronr": {
            "title": title,
            "client": client,
            "period": period or "as configured",
            "generated": f"{generated:%Y-%m-%d %H:%M}",
            "toc": notebook.metadata.get("ronr", {}).get("sections", []),
            "plotlyjs": plotly_js(),
        },
    }
    body, _ = exporter.from_notebook_node(view, resources=resources)
    return body


def report_view(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with only what a reader should see.

    Drops stderr streams, code cells with nothing else to show, papermill's error banners and
    the saved widget state (its JS would come from a CDN).
    """
    view = copy.deepcopy(nb)
    cells = []
    for cell in view.cells:
        if PAPERMILL_ERROR_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [_static_output(o) for o in cell.outputs if not _is_stderr(o)]
            if not cell.outputs:
                continue
        cells.append(cell)
    view.cells = cells
    view.metadata.pop("widgets", None)
    return view


def _is_stderr(output: nbformat.NotebookNode) -> bool:
    return output.output_type == "stream" and output.get("name") == "stderr"


def _static_output(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An output as a static page can show it.

    A widget becomes a note (no kernel behind it); a figure displayed without
    :func:`ronr.show.show_figure` (plotly JSON only, which nbconvert cannot draw) gets its div.
    """
    data = output.get("data", {})
    if WIDGET_VIEW_MIME in data:
        output.data = {"text/html": _WIDGET_NOTE}
    elif PLOTLY_MIME in data and "text/html" not in data:
        import plotly.io as pio

        data["text/html"] = pio.to_html(
            data[PLOTLY_MIME],
            include_plotlyjs=False,
            full_html=False,
            validate=False,
            config={"responsive": True},
        )
    return output


@functools.cache
def plotly_js() -> str:
    """The plotly.js bundle of the installed plotly, safe to put inside a ``<script>``."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


# ---------------------------------------------------------------------------------------------
# Batches


def render_clients(
    clients: Iterable[str],
    *,
    jobs: int = 2,
    data_dir: str | Path | None = None,
    period: str = "",
    out_dir: str | Path = "reports",
    notebooks_dir: str | Path = NOTEBOOKS_DIR,
    sections: Sequence[str] = REPORT_SECTIONS,
    cell_timeout: float = 300,
    timeout: float = 1200,
    warm_up: WarmUp | None = None,
    console: Console | None = None,
    progress: bool = True,
) -> list[RenderResult]:
    """Render several clients concurrently, then write ``<out_dir>/index.html``.

    Each client runs in its own subprocess from a thread pool (fork-based process pools hang
    with Jupyter kernels). One client's failure never stops the others.

    Parameters
    ----------
    clients
        Client folder names; duplicates are rendered once.
    jobs
        How many clients render at the same time.
    console
        Where the progress bar goes; standard error if not given.
    progress
        Whether to show the progress bar.

    The other parameters are those of :func:`render_client`.

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

    clients = list(dict.fromkeys(clients))
    render = functools.partial(
        render_client,
        data_dir=data_dir,
        period=period,
        out_dir=out_dir,
        notebooks_dir=notebooks_dir,
        sections=sections,
        cell_timeout=cell_timeout,
        timeout=timeout,
        warm_up=warm_up,
    )
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
    with bar, ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        task = bar.add_task("", total=len(clients))
        for future in as_completed([pool.submit(render, client) for client in clients]):
            result = future.result()
            results[result.client] = result
            bar.update(task, advance=1, description=f"{result.client}: {result.status}")
    ordered = [results[client] for client in clients]
    write_index(ordered, out_dir=out_dir)
    return ordered


def write_index(results: Sequence[RenderResult], *, out_dir: str | Path = "reports") -> Path:
    """Write ``<out_dir>/index.html``: one row per client with status, link, size and error."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(_index_page(results), encoding="utf-8")
    return path


def _index_page(results: Sequence[RenderResult]) -> str:
    rows = "\n".join(_index_row(result) for result in results)
    failed = sum(not r.ok for r in results)
    summary = f"{len(results) - failed} of {len(results)} reports rendered"
    generated = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M}"
    return _INDEX_TEMPLATE.format(
        summary=html.escape(summary), generated=html.escape(generated), rows=rows
    )


def _index_row(result: RenderResult) -> str:
    e = html.escape
    if result.ok and result.html is not None:
        report = f'<a href="{e(quote(result.html.name))}">{e(result.html.name)}</a>'
    else:
        report = "–"
    return (
        f'<tr class="{e(result.status)}"><td>{e(result.client)}</td>'
        f"<td>{e(result.period or 'as configured')}</td>"
        f'<td class="status">{e(result.status)}</td><td>{report}</td>'
        f'<td class="num">{e(format_size(result.size)) if result.ok else "–"}</td>'
        f'<td class="num">{result.seconds:.1f} s</td><td>{e(result.error)}</td></tr>'
    )


def format_size(size: int) -> str:
    """``1.2 MB``-style size of ``size`` bytes."""
    for unit in ("B", "kB", "MB"):
        if size < 1000 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


_INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Return on Relationship reports</title>
<style>
body {{ font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2933; max-width: 1080px; margin: 0 auto; padding: 2rem 2.5rem; line-height: 1.5; }}
h1 {{ margin-bottom: 0.2rem; }}
p.meta {{ color: #52606d; margin-top: 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95rem; }}
th, td {{ border-bottom: 1px solid #d9e2ec; padding: 0.45rem 0.7rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f5f7fa; border-bottom: 2px solid #2f6f8f; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
tr.ok td.status {{ color: #276749; font-weight: 600; }}
tr.failed td.status {{ color: #c53030; font-weight: 600; }}
a {{ color: #2f6f8f; }}
</style>
</head>
<body>
<h1>Return on Relationship reports</h1>
<p class="meta">{summary} · generated {generated}</p>
<table>
<thead><tr><th>Client</th><th>Period</th><th>Status</th><th>Report</th><th>Size</th>
<th>Time</th><th>Error</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


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
            Text(result.period or "as configured"),
            Text("ok", style="green") if result.ok else Text("failed", style="bold red"),
            f"{result.seconds:.1f} s",
            format_size(result.size) if result.ok else "–",
            Text(str(result.html) if result.ok else result.error),
        )
    return table
