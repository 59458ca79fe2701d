"""Printing a report to PDF: the print stylesheet, the running header and `--pdf`'s errors.

A toy report (three sections, a chart drawn wider than any paper, a wide table) is exported
with the report template, without a kernel, and printed by headless Chromium. Chromium is
installed by `make chromium`; without it these tests fail and say so.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest
from pypdf import PdfReader

from ronr.errors import RenderError
from ronr.report import RenderOptions, build_report_notebook, export_html, render_client
from ronr.report import pdf as pdf_module
from ronr.report.pdf import find_chromium, pdf_pages, print_pdf, printable_size
from ronr.report.templating import TEMPLATE_DIR
from ronr.show import format_table
from tests.factories import write_section

TITLE = 'Acme "Tea" </style> & Co'
PERIOD = "01 Jan 2025 – 31 Mar 2025"
SECTIONS = ("cover.ipynb", "01_first.ipynb", "02_second.ipynb")
LONG_WORD = "https://example.org/" + "a-very-long-path-without-a-space" * 8


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        return find_chromium()
    except RenderError as exc:
        pytest.fail(str(exc))


def chart_html(title: str, *, width: int | None = None) -> str:
    """A chart as a report cell shows it: a plotly div, plotly.js left to the page."""
    figure = go.Figure(
        go.Scatter(x=list(range(30)), y=[(i * 7) % 11 for i in range(30)], name="mentions"),
        layout={"title": {"text": title}, "height": 420, "width": width},
    )
    return figure.to_html(full_html=False, include_plotlyjs=False, config={"responsive": True})


def wide_table_html() -> str:
    columns = {
        f"column_{i}_with_a_long_header": [f"an_identifier_without_spaces_{i}" * 2]
        for i in range(11)
    }
    return format_table(pd.DataFrame(columns))  # as every report table is written


def toy_notebook(folder: Path) -> nbformat.NotebookNode:
    """The assembled report of three sections, its code cells' outputs filled in by hand."""
    folder.mkdir(parents=True)
    write_section(folder / "cover.ipynb", "Return on Relationship", "table")
    write_section(folder / "01_first.ipynb", "1 · First", "wide chart")
    write_section(folder / "02_second.ipynb", "2 · Second", "responsive chart")
    nb = build_report_notebook(notebooks_dir=folder, sections=SECTIONS)
    outputs = {
        "table": wide_table_html(),
        "wide chart": chart_html("Wider than paper", width=1200),
        "responsive chart": chart_html("As wide as the screen"),
    }
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source in outputs:
            cell.outputs = [
                nbformat.v4.new_output("display_data", data={"text/html": outputs[cell.source]})
            ]
    nb.cells[-1].outputs.append(nbformat.v4.new_output("stream", name="stdout", text=LONG_WORD))
    return nb


@pytest.fixture(scope="module")
def toy_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    nb = toy_notebook(folder / "notebooks")
    html = folder / "acme.html"
    html.write_text(export_html(nb, client="acme", title=TITLE, period=PERIOD), encoding="utf-8")
    return html


@pytest.fixture(scope="module")
def a4(toy_report: Path, chromium: str) -> Path:
    return print_pdf(toy_report, toy_report.with_name("acme-a4.pdf")).path


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(pdf)).pages]


# -- the stylesheet and the check agree --------------------------------------------------------


def test_the_page_margins_checked_are_the_stylesheets():
    css = (TEMPLATE_DIR / "ronr" / "ronr.css").read_text(encoding="utf-8")
    page_rule = re.search(r"@page\s*\{[^}]*?margin:\s*([^;]+);", css)
    assert page_rule, "ronr.css has no @page margin"
    top, sides, bottom = (float(v.removesuffix("mm")) for v in page_rule.group(1).split())
    margins = {"top": top, "right": sides, "bottom": bottom, "left": sides}
    assert margins == pdf_module.PAGE_MARGINS_MM


def test_printable_size_of_a4_and_letter():
    # 96 CSS px per inch, inside margins of 12 mm at the sides, 16 + 14 mm at top and bottom
    assert printable_size("A4") == (703, 1009)
    assert printable_size("Letter") == (725, 943)
    with pytest.raises(ValueError, match="A4, Letter"):
        printable_size("A5")


# -- printing --------------------------------------------------------------------------------


def test_a4_pdf_gives_each_section_a_page_under_the_running_header(a4: Path):
    assert a4.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(str(a4))
    assert len(reader.pages) == 3
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (596, 843)  # A4 in points
    texts = page_texts(a4)
    for number, text in enumerate(texts, start=1):
        # the header's CSS string escapes " and </style> and prints them as written
        assert TITLE in text and PERIOD in text, text[:200]
        assert f"Page {number} of 3" in text
    assert "Return on Relationship" in texts[0]
    assert "1 · First" in texts[1] and "Wider than paper" in texts[1]
    assert "2 · Second" not in texts[1]
    assert "2 · Second" in texts[2] and "As wide as the screen" in texts[2]
    # a word longer than the page wraps, never cut at the margin
    assert LONG_WORD in "".join(texts[2].split())


def test_the_wide_table_wraps_inside_the_page(a4: Path):
    # every cell printed: the table is not cut at the right margin
    text = "".join(page_texts(a4)[0].split())
    assert "an_identifier_without_spaces_10" in text
    assert "Column10withalongheader" in text


def test_letter_pdf(toy_report: Path, chromium: str, tmp_path: Path):
    printed = print_pdf(toy_report, tmp_path / "acme.pdf", paper="Letter")
    assert printed.pages == 3 == pdf_pages(printed.path)
    mediabox = PdfReader(str(printed.path)).pages[0].mediabox
    assert (round(float(mediabox[2])), round(float(mediabox[3]))) == (612, 792)


def test_a_chart_not_redrawn_for_paper_is_reported(toy_report: Path, chromium: str, tmp_path):
    page = toy_report.read_text(encoding="utf-8")
    without_script, found = re.subn(
        r'<script[^>]*id="ronr-print"[^>]*>.*?</script>', "", page, flags=re.S
    )
    assert found == 1
    html = tmp_path / "no-print-script.html"
    html.write_text(without_script, encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        print_pdf(html)
    message = str(caught.value)
    assert 'does not fit A4: chart 1 of 2 ("Wider than paper") is 1200 px wide' in message
    assert "the page 703 px" in message
    assert not html.with_suffix(".pdf").exists()
    assert not list(tmp_path.glob(".*.partial"))


# -- without Chromium ------------------------------------------------------------------------


def test_missing_chromium_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.delenv("RONR_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError) as caught:
        print_pdf(tmp_path / "any.html")
    message = str(caught.value)
    assert "Chromium not found" in message
    assert "sudo apt-get install chromium" in message and "make chromium" in message
    assert "\n" not in message


def test_a_wrong_ronr_chromium_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("RONR_CHROMIUM", str(tmp_path / "chrome"))
    with pytest.raises(RenderError, match=r"RONR_CHROMIUM=.*chrome is not an executable file"):
        find_chromium()


def test_a_program_that_is_not_chromium_fails_to_start(monkeypatch, toy_report, tmp_path):
    monkeypatch.setenv("RONR_CHROMIUM", "/bin/true")
    with pytest.raises(RenderError, match=r"Chromium \(/bin/true\) did not start"):
        print_pdf(toy_report, tmp_path / "acme.pdf")
    assert not (tmp_path / "acme.pdf").exists()


def no_warm_up(client: str, *, data_dir: Path, period) -> None:
    return None


def test_render_without_chromium_fails_the_client_but_writes_the_html(monkeypatch, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_section(notebooks / "cover.ipynb", "Cover", "print(f'Client: {client}')")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "acme.pdf").write_bytes(b"%PDF- an older report")
    monkeypatch.setenv("RONR_CHROMIUM", str(tmp_path / "missing-chromium"))
    options = RenderOptions(
        data_dir=tmp_path / "data",
        out_dir=out,
        notebooks_dir=notebooks,
        sections=("cover.ipynb",),
        warm_up=no_warm_up,
        pdf=True,
    )
    result = render_client("acme", options)
    assert result.status == "failed" and not result.ok
    assert result.error.startswith("PDF not written: $RONR_CHROMIUM=")
    assert "sudo apt-get install chromium" in result.error
    assert result.pdf is None
    assert result.html == out / "acme.html" and "Client: acme" in result.html.read_text()
    assert result.size == result.html.stat().st_size
    # the older PDF no longer matches the report
    assert not (out / "acme.pdf").exists()


def test_chromium_prints_under_a_memory_limit(chromium: str, tmp_path: Path):
    # a page writing 1.5 GiB in 64 MiB blocks: under a 512 MiB limit its allocations are refused
    # (fewer than 8 blocks), without the limit all 24 succeed; either way the page prints
    hog = tmp_path / "hog.html"
    hog.write_text(
        "<html><body><script>const keep = []; try { for (let i = 0; i < 24; i++) {"
        " const a = new Uint8Array(64 << 20); a.fill(1); keep.push(a); } } catch (e) {}"
        " document.body.append('blocks ' + keep.length);</script></body></html>",
        encoding="utf-8",
    )

    def blocks(limit):
        printed = print_pdf(hog, tmp_path / "hog.pdf", timeout=60, memory_limit=limit)
        text = PdfReader(str(printed.path)).pages[0].extract_text()
        return int(text.split("blocks")[1].split()[0])

    assert blocks(1 << 29) < 8
    assert blocks(None) == 24
