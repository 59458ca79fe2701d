"""Print a rendered report to PDF with the machine's headless Chromium (Debian's ``chromium``).

Chromium is driven through playwright, with the browser found here (:func:`find_chromium`),
never one that playwright downloads. Playwright waits until every chart is drawn and refuses
every request that would leave the machine; Chromium's own ``--print-to-pdf`` flag can only
guess how long the charts take (``--virtual-time-budget``) and cannot refuse a request.

Before printing, the report is laid out as on paper (print media, the page's printable width)
and every chart is checked to fit the page: the report's ``ronr-print`` script redraws the
charts for paper on ``beforeprint`` (see ``templates/ronr/index.html.j2`` and ``ronr.css``).

Chromium runs under a memory limit, as the render's child does, but not the same kind: the
render caps the address space (``RLIMIT_AS``), which Chromium cannot start under (V8 and its
allocator reserve tens of GB of address space they never use: it dies at 4 GB). Chromium's
processes are started through a small shell script that caps their data segment instead
(``ulimit -d``, ``RLIMIT_DATA``: memory written to, not address space reserved), so a report
that would eat gigabytes fails its allocations, or its page crashes, and the print stops
with an error; the ``timeout`` bounds the time. No cgroup is needed (Linux; elsewhere the
limit is not set).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import RenderError
from .options import DEFAULT_MEMORY_LIMIT
from .protocol import format_limit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM_ENV = "RONR_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = (
    "install it with `sudo apt-get install chromium` (or `make chromium`), "
    f"or set ${CHROMIUM_ENV} to its executable"
)
PAPER = "A4"
PAPERS_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
"""Width and height of the papers a report is printed on."""
PAGE_MARGINS_MM = {"top": 16.0, "right": 12.0, "bottom": 14.0, "left": 12.0}
"""The ``@page`` margins of ``ronr.css`` (a test keeps the two the same)."""
LOCAL_SCHEMES = ("file:", "data:", "about:")
"""Requests a self-contained report may make; every other one is refused."""
# No host name resolves, in case anything bypasses the offline context's request routing.
CHROMIUM_ARGS = ("--host-resolver-rules=MAP * ~NOTFOUND",)

CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
    .every(div => div.querySelector('svg.main-svg'))"""

PRINT_LAYOUT_PROBLEMS = """([width, height]) => {
  const problems = [];
  const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
  charts.forEach((div, i) => {
    const svg = div.querySelector('svg.main-svg');
    const title = ((div.layout || {}).title || {}).text || '';
    const name = `chart ${i + 1} of ${charts.length}` + (title ? ` ("${title}")` : '');
    if (!svg) { problems.push(`${name} is not drawn`); return; }
    // the size plotly drew at: a stylesheet may shrink the svg's box, cropping the drawing
    const box = svg.getBoundingClientRect();
    const right = box.left + Number(svg.getAttribute('width') || box.width);
    const high = Number(svg.getAttribute('height') || box.height);
    if (right > width + 0.5) {
      problems.push(`${name} is ${Math.round(right)} px wide, the page ${width} px`);
    }
    if (high > height + 0.5) {
      problems.push(`${name} is ${Math.round(high)} px high, the page ${height} px`);
    }
  });
  for (const element of document.querySelectorAll('main *')) {
    if (element.closest('.js-plotly-plot')) continue;  // charts are checked above
    const box = element.getBoundingClientRect();
    if (box.right > width + 0.5) {
      const text = (element.innerText || '').trim().slice(0, 40);
      problems.push(`<${element.tagName.toLowerCase()}> "${text}" runs ` +
        `${Math.round(box.right - width)} px past the page's right margin`);
      break;  // its parents and children say the same
    }
  }
  return problems;
}"""

T = TypeVar("T")


@dataclass(frozen=True)
class PrintedPdf:
    """A report printed to PDF.

    Attributes
    ----------
    path
        The PDF file.
    pages
        How many pages it has.
    """

    path: Path
    pages: int


def find_chromium() -> str:
    """The Chromium to print with: ``$RONR_CHROMIUM``, else the first found on ``PATH``.

    The names looked for are :data:`CHROMIUM_NAMES`.

    Raises
    ------
    RenderError
        No Chromium was found; the message says how to install it.
    """
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise RenderError(f"${CHROMIUM_ENV}={configured} is not an executable file; {INSTALL_HINT}")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(
        f"Chromium not found (looked for {', '.join(CHROMIUM_NAMES)} on PATH); {INSTALL_HINT}"
    )


def printable_size(paper: str = PAPER) -> tuple[int, int]:
    """Width and height in CSS pixels (96 per inch) inside the ``@page`` margins of ``paper``."""
    if paper not in PAPERS_MM:
        raise ValueError(f"paper must be one of {', '.join(PAPERS_MM)}, not {paper!r}")
    width, height = PAPERS_MM[paper]
    width -= PAGE_MARGINS_MM["left"] + PAGE_MARGINS_MM["right"]
    height -= PAGE_MARGINS_MM["top"] + PAGE_MARGINS_MM["bottom"]
    return round(width / 25.4 * 96), round(height / 25.4 * 96)


def limited_executable(executable: str, memory_limit: int | None, folder: Path) -> str:
    """A script in ``folder`` that starts ``executable`` with its data segment capped at
    ``memory_limit`` bytes (``RLIMIT_DATA``, inherited by every Chromium process); the
    executable itself when there is no limit or the system is not Linux.

    Playwright starts the browser itself, with no hook to set a limit in between: the script
    is that hook. ``ulimit -d`` counts KiB.
    """
    if not memory_limit or not sys.platform.startswith("linux"):
        return executable
    script = folder / "chromium-limited"
    script.write_text(
        f"#!/bin/sh\nulimit -d {max(1, memory_limit // 1024)} || exit 1\n"
        f'exec {shlex.quote(executable)} "$@"\n',
        encoding="utf-8",
    )
    script.chmod(0o700)
    return str(script)


def launch_chromium(
    playwright: Playwright, *, memory_limit: int | None = None, folder: Path | None = None
) -> Browser:
    """Start headless Chromium (:func:`find_chromium`) with no host name resolving.

    Parameters
    ----------
    memory_limit
        Bytes of data segment each Chromium process may use (:func:`limited_executable`,
        whose script is written to ``folder``); None for no limit.

    Raises
    ------
    RenderError
        No Chromium was found, or it did not start.
    """
    from playwright.sync_api import Error

    executable = find_chromium()
    started = executable
    if memory_limit and folder is not None:
        started = limited_executable(executable, memory_limit, folder)
    try:
        return playwright.chromium.launch(executable_path=started, args=list(CHROMIUM_ARGS))
    except Error as exc:
        raise RenderError(f"Chromium ({executable}) did not start: {_first_line(exc)}") from None


@contextmanager
def offline_page(browser: Browser, *, paper: str = PAPER) -> Iterator[tuple[Page, list[str]]]:
    """A page in an offline browser context whose viewport is ``paper``'s printable width.

    Yields the page and the list it appends every refused request's URL to: only
    :data:`LOCAL_SCHEMES` are let through.
    """
    width, height = printable_size(paper)
    context = browser.new_context(offline=True, viewport={"width": width, "height": height})
    refused: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    try:
        yield context.new_page(), refused
    finally:
        context.close()


def print_layout_problems(page: Page, *, paper: str = PAPER) -> list[str]:
    """What would not fit ``paper``, in words; empty when all fits.

    A chart wider or higher than the page, or anything else running past its right margin.

    The page is measured as printed, and left so (printing it next redraws nothing): print
    media, at the printable width (the page's viewport, see :func:`offline_page`), with the
    charts redrawn for paper by the report's ``beforeprint`` handler.
    """
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    return page.evaluate(PRINT_LAYOUT_PROBLEMS, list(printable_size(paper)))


def pdf_pages(path: str | Path) -> int:
    """The number of pages of the PDF at ``path``."""
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def print_pdf(
    html: str | Path,
    pdf: str | Path | None = None,
    *,
    paper: str = PAPER,
    timeout: float = 120,
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
) -> PrintedPdf:
    """Print the report ``html`` to ``pdf`` (``html`` with suffix ``.pdf`` if not given).

    Nothing is sent to the network: the browser context is offline and every request but a
    local file's is refused. The PDF is written whole or not at all.

    Parameters
    ----------
    html
        The rendered report (see :func:`ronr.report.html.export_html`).
    pdf
        Where the PDF goes.
    paper
        ``"A4"`` or ``"Letter"``.
    timeout
        Seconds Chromium may take to load, draw and print the report.
    memory_limit
        Bytes of memory each Chromium process may write (``RLIMIT_DATA``, see the module's
        docstring; the render's default, 4 GB); None for no limit.

    Returns
    -------
    PrintedPdf
        The PDF and its number of pages.

    Raises
    ------
    RenderError
        Chromium is missing (the message says how to install it) or failed, a chart was not
        drawn in time, or a chart or table does not fit the page.
    """
    html = Path(html).resolve()
    target = Path(pdf) if pdf is not None else html.with_suffix(".pdf")
    printable_size(paper)  # an unknown paper fails before Chromium starts
    find_chromium()  # the clear message first, before playwright is even imported
    partial = target.with_name(f".{target.name}.partial")
    try:
        _outside_event_loop(
            lambda: _print(html, partial, paper=paper, timeout=timeout, limit=memory_limit)
        )
        pages = pdf_pages(partial)
        if pages < 1:
            raise RenderError(f"Chromium printed no page of {html.name}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return PrintedPdf(target, pages)


def _print(html: Path, pdf: Path, *, paper: str, timeout: float, limit: int | None) -> None:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise RenderError(
            "the playwright package is missing: pip install -e . installs it (no browser "
            f"download is needed); {INSTALL_HINT}"
        ) from None
    with (
        tempfile.TemporaryDirectory(prefix="ronr-chromium-") as folder,
        sync_playwright() as playwright,
    ):
        browser = launch_chromium(playwright, memory_limit=limit, folder=Path(folder))
        try:
            with offline_page(browser, paper=paper) as (page, _refused):
                page.set_default_timeout(timeout * 1000)
                try:
                    page.goto(html.as_uri(), wait_until="load")
                    page.wait_for_function(CHARTS_DRAWN)
                except Error as exc:
                    raise RenderError(
                        f"{html.name}: its charts were not drawn in {timeout:g} s: "
                        f"{_first_line(exc)}"
                    ) from None
                problems = print_layout_problems(page, paper=paper)
                if problems:
                    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                    raise RenderError(f"{html.name} does not fit {paper}: {problems[0]}{more}")
                page.pdf(path=str(pdf), format=paper, print_background=True)
        except Error as exc:
            # a page over the limit crashes rather than saying why
            over = f" (over the {format_limit(limit)} memory limit?)" if limit else ""
            raise RenderError(
                f"Chromium could not print {html.name}: {_first_line(exc)}{over}"
            ) from None
        finally:
            browser.close()


def _outside_event_loop(work: Callable[[], T]) -> T:
    """``work()``, in a thread of its own where an event loop runs (e.g. in a notebook).

    Playwright's synchronous API refuses to run inside an event loop.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
