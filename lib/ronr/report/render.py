"""Render one client's report: warm the cache, assemble, execute in a subprocess, export HTML.

The executed notebook is kept next to the HTML for whoever has to debug a number.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import RenderError, RonrError
from ..paths import NOTEBOOKS_DIR, client_dir, resolve_data_dir
from .assemble import REPORT_SECTIONS, build_report_notebook
from .html import export_html
from .isolate import execute_isolated
from .protocol import short_message

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
        The section notebooks (see :func:`ronr.report.assemble.build_report_notebook`).
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
        execute_isolated(
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


def default_warm_up(client: str, *, data_dir: str | Path | None, period: str) -> object:
    """Load the client's workspace with ``ronr.store.load_workspace`` if there is one."""
    if importlib.util.find_spec("ronr.store") is None:
        return None
    from .. import store

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


def _write_atomically(path: Path, text: str) -> None:
    """Write ``path`` so that a reader never sees half a report."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _header(client: str, period: str, data_dir: str | Path | None) -> dict[str, str]:
    """Title and period for the report header, from the client's config when it reads."""
    title, configured = client, ""
    try:
        from ..config import load_config

        config = load_config(client_dir(client, data_dir) / "client.yaml")
        title = config.display_name
        if config.period is not None:
            configured = f"{config.period.start:%Y-%m-%d} – {config.period.end:%Y-%m-%d}"
    except Exception:  # the header is cosmetic; the notebooks report config errors themselves
        pass
    shown = period.replace("..", " – ") if period else configured or "as configured"
    return {"client": client, "title": title, "period": shown}
