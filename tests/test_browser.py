"""The reports as a reader's browser shows and prints them: headless Chromium, network blocked.

`ronr render --pdf` renders the small demo-coffee client and a client with only a conversation
export (../shared/cases/conversation-only-client) once; Chromium then opens each report from
disk and every request, console message and chart is checked, on screen and as printed.
A screenshot of each report's cover goes to tests/artifacts/ (git-ignored).

Chromium is installed by `make chromium` (which `make test` runs); without it these tests fail
with the command that installs it.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from ronr.cli import app
from ronr.config import load_config
from ronr.errors import RenderError
from ronr.paths import client_dir, resolve_data_dir
from ronr.report.pdf import (
    CHARTS_DRAWN,
    find_chromium,
    launch_chromium,
    offline_page,
    print_layout_problems,
)
from tests.cases import copy_case_data

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CLIENTS = ("demo-coffee", "demo-support")
MIN_CHARTS = {"demo-coffee": 10, "demo-support": 3}
SCREEN = {"width": 1280, "height": 900}
LOCAL = ("file://", "data:")
# The toolbar's links to plotly's site and its cloud: the logo, "Edit in Chart Studio", share.
FORBIDDEN_TOOLBAR_ITEMS = """() => Array.from(document.querySelectorAll(
    '.modebar a[href^="http"], .modebar a[href^="//"], .modebar [data-title]'))
  .map(el => el.getAttribute('href') || el.getAttribute('data-title'))
  .filter(what => /^(https?:)?\\/\\/|chart studio|share|cloud/i.test(what))"""
DRAWN_WIDTHS = """() => Array.from(document.querySelectorAll('.js-plotly-plot svg.main-svg'))
  .map(svg => Number(svg.getAttribute('width')))"""
PHONE = {"width": 420, "height": 900}
REDRAWN_FOR_PHONE = """() => Array.from(document.querySelectorAll('.js-plotly-plot svg.main-svg'))
  .every(svg => Number(svg.getAttribute('width')) <= 420)"""
# Chart text (titles, notes, legends, axis titles and ticks) drawn beyond its chart's edge
OUTSIDE_THE_CHART = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .flatMap(div => {
    const svg = div.querySelector('svg.main-svg');
    if (!svg) return [];
    const box = svg.getBoundingClientRect();
    return Array.from(div.querySelectorAll(
        '.gtitle, .g-gtitle text, .legendtext, .g-xtitle text, .g-ytitle text, .xtick text'))
      .map(text => [text.textContent, text.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1))
      .map(([text]) => text.slice(0, 60));
  })"""
HIDDEN_IN_PRINT = """() => Array.from(document.querySelectorAll('.modebar-container'))
  .every(el => getComputedStyle(el).display === 'none')"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Both clients rendered by the command line with --pdf, in one batch."""
    try:
        find_chromium()
    except RenderError as exc:
        pytest.fail(str(exc))
    root = tmp_path_factory.mktemp("browser")
    data_dir = copy_case_data("conversation-only-client", root / "data")
    shutil.copytree(
        resolve_data_dir() / "clients" / "demo-coffee", data_dir / "clients" / "demo-coffee"
    )
    out = root / "reports"
    command = ["render", *CLIENTS, "--data-dir", data_dir, "--out", out, "--jobs", 2, "--pdf"]
    result = CliRunner().invoke(app, [str(arg) for arg in command])
    assert result.exit_code == 0, result.output
    return {"out": out, "data_dir": data_dir}


@pytest.fixture(scope="module")
def seen(rendered: dict) -> dict[str, dict]:
    """What Chromium saw of each report: requests, console errors, charts, toolbar, print."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    facts = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for client in CLIENTS:
                with offline_page(browser) as (page, refused):
                    facts[client] = look_at(page, refused, rendered["out"] / f"{client}.html")
        finally:
            browser.close()
    return facts


def look_at(page, refused: list[str], report: Path) -> dict:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(SCREEN)
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    screenshot = ARTIFACTS / f"{report.stem}-cover.png"
    page.screenshot(path=str(screenshot))
    charts = page.eval_on_selector_all(
        ".plotly-graph-div", "divs => divs.map(div => !!div.querySelector('svg.main-svg'))"
    )
    toolbar = page.evaluate(FORBIDDEN_TOOLBAR_ITEMS)
    # a phone: the responsive charts redraw 340 px wide, and no text may run off them
    page.set_viewport_size(PHONE)
    # plotly redraws on a debounced resize: wait until every chart is drawn narrower
    page.wait_for_function(REDRAWN_FOR_PHONE, timeout=30_000)
    page.wait_for_timeout(300)
    outside = page.evaluate(OUTSIDE_THE_CHART)
    # Printing fires no resize: the charts drawn for a wide screen must be redrawn for paper
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed_widths = page.evaluate(DRAWN_WIDTHS)
    page.set_viewport_size({"width": 703, "height": 1009})  # A4 inside the @page margins
    problems = print_layout_problems(page)
    return {
        "requests": requests,
        "refused": refused,
        "errors": errors,
        "charts": charts,
        "toolbar": toolbar,
        "outside_on_phone": outside,
        "print_problems": problems,
        "printed_widths": printed_widths,
        "toolbar_hidden_in_print": page.evaluate(HIDDEN_IN_PRINT),
        "screenshot": screenshot,
    }


@pytest.mark.parametrize("client", CLIENTS)
def test_every_chart_is_drawn(seen, client):
    charts = seen[client]["charts"]
    assert len(charts) >= MIN_CHARTS[client]
    assert all(charts), f"{charts.count(False)} of {len(charts)} charts have no SVG"


@pytest.mark.parametrize("client", CLIENTS)
def test_nothing_leaves_the_machine(seen, client):
    facts = seen[client]
    assert facts["refused"] == []
    assert facts["requests"] and all(url.startswith(LOCAL) for url in facts["requests"])


@pytest.mark.parametrize("client", CLIENTS)
def test_no_console_error(seen, client):
    assert seen[client]["errors"] == []


@pytest.mark.parametrize("client", CLIENTS)
def test_the_chart_toolbar_links_nowhere(seen, client):
    # needs the plotly config of ronr.plots (no logo, no share or Chart Studio button)
    assert seen[client]["toolbar"] == []


@pytest.mark.parametrize("client", CLIENTS)
def test_on_a_phone_no_chart_text_runs_off_its_chart(seen, client):
    assert seen[client]["outside_on_phone"] == []


@pytest.mark.parametrize("client", CLIENTS)
def test_printed_every_chart_fits_the_page_and_no_toolbar_shows(seen, client):
    widths = seen[client]["printed_widths"]
    assert widths and max(widths) <= 703, widths
    assert seen[client]["print_problems"] == []
    assert seen[client]["toolbar_hidden_in_print"]


@pytest.mark.parametrize("client", CLIENTS)
def test_the_cover_screenshot_is_saved(seen, client):
    png = seen[client]["screenshot"].read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


# -- the PDFs `ronr render --pdf` wrote --------------------------------------------------------


def pdf_lines(rendered: dict, client: str) -> list[list[str]]:
    """Each page's lines of text, top to bottom."""
    pdf = rendered["out"] / f"{client}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    return [
        [line.strip() for line in page.extract_text(extraction_mode="layout").splitlines()]
        for page in PdfReader(str(pdf)).pages
    ]


def cover(report: Path) -> tuple[str, list[str]]:
    """The report's period as its header shows it, and its sections' titles."""
    page = report.read_text(encoding="utf-8")
    period = re.search(r"<dt>Period</dt><dd>([^<]*)</dd>", page)
    toc = re.search(r'<nav[^>]*class="ronr-toc".*?</nav>', page, re.S)
    assert period and toc
    titles = re.findall(r'<a href="#[^"]*">([^<]*)</a>', toc[0])
    return html_lib.unescape(period[1]), [html_lib.unescape(title) for title in titles]


@pytest.mark.parametrize("client", CLIENTS)
def test_the_pdf_has_a_running_header_and_a_page_per_stage(rendered, client):
    pages = [[line for line in lines if line] for lines in pdf_lines(rendered, client)]
    period, titles = cover(rendered["out"] / f"{client}.html")
    assert len(titles) == 7
    # the cover's summary shares its page; every later section starts one; a page for each
    # chart and table, and one for every two definitions of the appendix, would be a layout
    # gone wrong (each block on a page of its own)
    page = (rendered["out"] / f"{client}.html").read_text(encoding="utf-8")
    blocks = page.count('class="plotly-graph-div"') + page.count('class="dataframe ronr-table"')
    definitions = page.count('class="ronr-definition"')
    bound = blocks + definitions // 2 + len(titles)
    assert len(titles) <= len(pages) < bound, (len(pages), bound)
    name = load_config(client_dir(client, rendered["data_dir"]) / "client.yaml").display_name
    for number, lines in enumerate(pages, start=1):
        assert re.split(r"\s{2,}", lines[0]) == [name, period]
        assert lines[-1] == f"Page {number} of {len(pages)}"
    first_lines = [lines[1] for lines in pages]
    assert first_lines[0] == "RETURN ON RELATIONSHIP REPORT"
    for title in titles[1:]:
        assert title in first_lines, f"{title!r} does not start a page"
