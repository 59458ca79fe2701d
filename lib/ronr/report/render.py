"""Render one client's report: warm the cache, assemble, execute in a subprocess, export HTML
(and print it to PDF if asked).

The warm-up and the notebook each run in a subprocess under the render's memory and time
limits (:mod:`ronr.report.isolate`), so a client whose data is too big or too slow fails
alone. The executed notebook is kept next to the HTML for whoever has to debug a number.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RenderError, RonrError
from ..paths import client_dir
from .archive import write_text_atomically
from .assemble import build_report_notebook
from .html import export_html, write_plotly_script
from .isolate import execute_isolated, importable_name, run_warm_up
from .options import AS_CONFIGURED, RenderOptions
from .protocol import short_message
from .reuse import render_key, reusable_period

if TYPE_CHECKING:
    from ..periods import Period  # pandas: imported where a period is handled

# Clients share caches (e.g. sentiment scores by text hash); loading is mostly CPU-bound
# Python anyway, so warm-ups run one at a time while other clients' kernels keep running.
# Each warm-up holds it at most its timeout (RenderOptions.timeout): waiting clients give up
# only when one holds it longer, plus a grace for stopping a subprocess.
_WARM_UP_LOCK = threading.Lock()
_WARM_UP_GRACE = 10.0
_warm_up_since = 0.0  # when the lock was last taken (time.monotonic)


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
        The period asked for (None: the client's configured period).
    period_label
        The period as the report's header shows it (:meth:`ronr.periods.Period.label`), for
        the index page and the results table.
    notebook
        The executed notebook, kept for debugging (also after most failures).
    pdf
        The report printed to PDF, when :attr:`RenderOptions.pdf` asked for it and it was
        written.
    reused
        The client's inputs, the notebooks, the parameters and ronr were unchanged, so its
        existing report was kept (:mod:`ronr.report.reuse`).
    """

    client: str
    status: str
    html: Path | None = None
    seconds: float = 0.0
    size: int = 0
    error: str = ""
    period: Period | None = None
    period_label: str = AS_CONFIGURED
    notebook: Path | None = None
    pdf: Path | None = None
    reused: bool = False

    @property
    def ok(self) -> bool:
        """Whether the report was written."""
        return self.status == "ok"


def render_client(client: str, options: RenderOptions | None = None) -> RenderResult:
    """Render one client's report: ``<out_dir>/<client>[__<period>].html`` and ``.ipynb``.

    Never raises for a failure of the client's data or notebooks: the result says what failed.

    Parameters
    ----------
    client
        The client's folder name under ``<data_dir>/clients``.
    options
        The period, folders, timeouts and warm-up (see :class:`RenderOptions`); the defaults
        if not given.

    Returns
    -------
    RenderResult
        The outcome, with the period labelled as the report's header shows it: the period
        the warm-up found, else the one asked for, else the configured one.
    """
    options = options or RenderOptions()
    started = time.perf_counter()
    notebook_path: Path | None = None
    title, period_label = client, options.period.label() if options.period else AS_CONFIGURED
    try:
        _check_client_name(client)
        title, period_label = _header(client, options)
        options.out_dir.mkdir(parents=True, exist_ok=True)
        stem = report_stem(client, options.period)
        notebook_path = options.out_dir / f"{stem}.ipynb"
        html_path = options.out_dir / f"{stem}.html"
        key = render_key(client, options)
        kept = None if options.force else reusable_period(html_path, key, pdf=options.pdf)
        if kept is not None:
            return RenderResult(
                client,
                "ok",
                html=html_path,
                seconds=time.perf_counter() - started,
                size=html_path.stat().st_size,
                period=options.period,
                period_label=kept,
                notebook=notebook_path if notebook_path.exists() else None,
                pdf=html_path.with_suffix(".pdf") if options.pdf else None,
                reused=True,
            )
        parameters = notebook_parameters(client, options)
        covered = _warm_up(client, options)
        if covered is not None:
            period_label = covered.label()
        nb = build_report_notebook(notebooks_dir=options.notebooks_dir, sections=options.sections)
        execute_isolated(
            nb,
            notebook_path,
            parameters=parameters,
            cwd=options.notebooks_dir,
            cell_timeout=options.cell_timeout,
            timeout=options.timeout,
            memory_limit=options.memory_limit,
        )
        script = None if options.self_contained else write_plotly_script(options.out_dir)
        page = export_html(
            notebook_path,
            client=client,
            title=title,
            period=period_label,
            plotly_src=script,
            render_key=key or "",
        )
        _write_report(html_path, page)
    except Exception as exc:  # one client's failure, whatever it is, must not stop the batch
        return RenderResult(
            client,
            "failed",
            seconds=time.perf_counter() - started,
            error=_describe_error(exc),
            period=options.period,
            period_label=period_label,
            notebook=notebook_path if notebook_path and notebook_path.exists() else None,
        )
    pdf_path, pdf_error = (
        _print_pdf(html_path, memory_limit=options.memory_limit) if options.pdf else (None, "")
    )
    return RenderResult(
        client,
        "failed" if pdf_error else "ok",
        html=html_path,
        seconds=time.perf_counter() - started,
        size=html_path.stat().st_size,
        error=pdf_error,
        period=options.period,
        period_label=period_label,
        notebook=notebook_path,
        pdf=pdf_path,
    )


def notebook_parameters(client: str, options: RenderOptions) -> dict[str, str | bool]:
    """The values injected into the report's ``parameters`` cell: plain JSON, already checked.

    The kernel gets the period as ``START..END`` (:meth:`ronr.periods.Period.text`, which
    parses back to the same period), or ``""`` for the configured one, and the resolved data
    folder.
    """
    return {
        "client": client,
        "period": options.period_text,
        "data_dir": str(options.data_dir),
        "interactive": False,
        "compare": options.compare,
    }


def default_warm_up(client: str, *, data_dir: Path, period: Period | None) -> Period:
    """Load the client's workspace (:func:`ronr.store.load_workspace`); the period it covers."""
    from ..store import load_workspace

    return load_workspace(client, data_dir=data_dir, period=period).period


def report_stem(client: str, period: Period | None = None) -> str:
    """File name (without suffix) of a report: the client, plus the period's days if any.

    ``report_stem("acme", Period.parse("2025-01..2025-06"))`` is
    ``"acme__2025-01-01_2025-06-30"``: one period, one name, however it was written.
    """
    if period is None:
        return client
    return f"{client}__{re.sub(r'[^A-Za-z0-9-]+', '_', period.text())}"


def _print_pdf(html: Path, *, memory_limit: int | None) -> tuple[Path | None, str]:
    """Print ``html`` to the PDF beside it: the PDF, or why it could not be printed.

    Chromium runs under the render's ``memory_limit`` (as its data segment, see
    :mod:`ronr.report.pdf`). A failed print removes an older PDF, which would no longer match
    the HTML.
    """
    from .pdf import print_pdf

    pdf = html.with_suffix(".pdf")
    try:
        return print_pdf(html, pdf, memory_limit=memory_limit).path, ""
    except Exception as exc:  # the HTML is written: the PDF's failure must not hide it
        pdf.unlink(missing_ok=True)
        return None, f"PDF not written: {_describe_error(exc)}"


def _check_client_name(client: str) -> None:
    if not client or client in (".", "..") or re.search(r"[/\\\x00]", client):
        raise RenderError(f"not a client folder name: {client!r}")


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, RonrError):
        return short_message(str(exc))
    return short_message(f"{type(exc).__name__}: {exc}")


def _warm_up(client: str, options: RenderOptions) -> Period | None:
    """Run the client's warm-up, one client at a time, within the render's timeout.

    A warm-up importable by name runs in a subprocess under the memory limit and is killed
    at the timeout (:func:`ronr.report.isolate.run_warm_up`); any other callable runs here.
    A client waits for the others' warm-ups while each runs within the timeout, so one stuck
    import fails alone, not the clients queued behind it; it stops waiting when one has held
    the lock past the timeout (an in-process warm-up cannot be killed).
    """
    global _warm_up_since
    warm_up = options.warm_up or default_warm_up
    while not _WARM_UP_LOCK.acquire(timeout=1):
        held = time.monotonic() - _warm_up_since
        if held > options.timeout + _WARM_UP_GRACE:
            raise RenderError(
                f"import not started: another client's import has run for {held:.0f} s, "
                f"over the {options.timeout:g} s timeout"
            )
    _warm_up_since = time.monotonic()
    try:
        if importable_name(warm_up) is None:
            return warm_up(client, data_dir=options.data_dir, period=options.period)
        covered = run_warm_up(
            warm_up,
            client,
            data_dir=options.data_dir,
            period=options.period_text,
            timeout=options.timeout,
            memory_limit=options.memory_limit,
        )
    finally:
        _WARM_UP_LOCK.release()
    if covered is None:
        return None
    from ..periods import Period

    return Period.parse(covered)


def _write_report(path: Path, text: str) -> None:
    """Write ``path`` so that a reader never sees half a report; a failure keeps the old one."""
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        kept = "; the previous one is kept" if path.exists() else ""
        raise RenderError(f"report not written: {reason} ({path.name}){kept}") from None


def _header(client: str, options: RenderOptions) -> tuple[str, str]:
    """The report's title and period label, from the options and the client's config.

    The period is labelled by :meth:`ronr.periods.Period.label`, as the report's sections
    label it: the one asked for, else the configured one, else :data:`AS_CONFIGURED`.
    """
    title, period = client, options.period
    try:
        from ..config import load_config
        from ..periods import Period

        config = load_config(client_dir(client, options.data_dir) / "client.yaml")
        title = config.display_name
        if period is None and config.period is not None:
            period = Period.of_days(config.period.start, config.period.end)
    except Exception:  # the header is cosmetic; the notebooks report config errors themselves
        pass
    return title, period.label() if period else AS_CONFIGURED
