"""The same inputs render the same report, byte for byte, apart from when it was generated.

plotly names every chart's div with a random uuid unless given an id; ronr derives the id from
the figure (:mod:`ronr.chart_ids`), so two renders of the same data are identical and two
charts on one page never share an id.
"""

from __future__ import annotations

import difflib
import re

import nbformat
import plotly.graph_objects as go
import pytest

from ronr.chart_ids import chart_div_id, reset_chart_ids
from ronr.demo import generate_client
from ronr.report import RenderOptions, render_client
from ronr.report.html import PLOTLY_MIME, _static_output
from ronr.show import figure_bundle
from ronr.store import _load_cached

DIV_ID = re.compile(r'<div id="([^"]+)" class="plotly-graph-div"')  # as plotly writes it
NEW_PLOT = re.compile(r'Plotly\.newPlot\(\s*"([^"]+)"')  # also in the minified page


def figures() -> list[go.Figure]:
    """Three charts of a section: two different, the last one a repeat of the first."""
    bars = go.Figure(go.Bar(x=["Acme", "Beta"], y=[3, 4]), layout={"title": "Mentions"})
    line = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.1, 0.2, 0.3]), layout={"title": "Sentiment"})
    return [bars, line, go.Figure(bars)]


def page(figs: list[go.Figure]) -> str:
    """The chart HTML of one kernel's run: a fresh process, like every render."""
    reset_chart_ids()
    return "\n".join(figure_bundle(fig)["text/html"] for fig in figs)


@pytest.fixture(autouse=True)
def _fresh_ids():
    reset_chart_ids()
    yield
    reset_chart_ids()


def test_the_same_figures_give_the_same_html():
    first, second = page(figures()), page(figures())
    assert first == second
    ids = DIV_ID.findall(first)
    assert len(ids) == 3
    # no random uuid: the id is ronr's, and every Plotly.newPlot call names its own div
    assert all(i.startswith("ronr-chart-") for i in ids)
    for div_id in ids:
        assert first.count(f'Plotly.newPlot(                        "{div_id}"') == 1


def test_charts_on_one_page_never_share_an_id():
    ids = DIV_ID.findall(page(figures()))
    assert len(set(ids)) == 3
    # the repeated figure keeps its hash and gets its order
    assert ids[2] == f"{ids[0]}-2"


def test_the_id_follows_the_figure_not_its_position():
    bars, line, _ = figures()
    reset_chart_ids()
    alone = DIV_ID.findall(figure_bundle(line)["text/html"])
    assert DIV_ID.findall(page([bars, line]))[1] == alone[0]
    changed = go.Figure(line).update_layout(title="Sentiment, Beta")
    assert DIV_ID.findall(page([changed]))[0] != alone[0]


def test_chart_div_id_counts_per_page():
    seen: dict[str, int] = {}
    first = chart_div_id({"data": []}, seen=seen)
    assert chart_div_id({"data": []}, seen=seen) == f"{first}-2"
    assert chart_div_id({"data": []}, seen={}) == first
    assert chart_div_id({"data": []}, "cell 2", seen={}) != first
    assert re.fullmatch(r"ronr-chart-[0-9a-f]{16}", first)


def bare_figure_output(fig: go.Figure, execution_count: int | None = None):
    """A figure displayed without show_figure: plotly JSON only, no HTML."""
    data = {PLOTLY_MIME: fig.to_plotly_json()}
    if execution_count is None:
        return nbformat.v4.new_output("display_data", data=data)
    return nbformat.v4.new_output("execute_result", data=data, execution_count=execution_count)


def test_the_export_gives_bare_plotly_json_a_stable_id():
    bars, line, _ = figures()

    def export(outputs):
        seen: dict[str, int] = {}
        html = [_static_output(out, seen)["data"]["text/html"] for out in outputs]
        return [DIV_ID.findall(h)[0] for h in html]

    first = export([bare_figure_output(bars), bare_figure_output(line), bare_figure_output(bars)])
    again = export([bare_figure_output(bars), bare_figure_output(line), bare_figure_output(bars)])
    assert first == again and len(set(first)) == 3
    assert all(i.startswith("ronr-figure-") for i in first)  # never one of show_figure's ids
    # a cell's result carries its execution count: the same figure in two cells, two ids
    in_cells = export([bare_figure_output(bars, 3), bare_figure_output(bars, 4)])
    assert in_cells[0] != in_cells[1]
    # without a page counter (as report_view calls it today) the id is still stable
    alone = _static_output(bare_figure_output(line))["data"]["text/html"]
    assert DIV_ID.findall(alone) == [first[1]]


GENERATED = re.compile(r"(Generated(?:</dt><dd>| by ronr on ))[^<.]*")


RENDER_KEY = re.compile(r'<meta content="[0-9a-f]+"([^>]*name="ronr-render-key")')


def without_render_time(html: str) -> str:
    """The page without when it was made, nor its render key (which fingerprints the files it
    was made from, their folder and times included: ronr.report.reuse)."""
    return RENDER_KEY.sub(r'<meta content="…"\1', GENERATED.sub(r"\1…", html))


def differing_lines(first: str, second: str) -> list[str]:
    """The first few lines where two pages differ, each cut to a readable length."""
    changed = difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=0)
    return [line[:300] for line in changed][:12]


def test_two_renders_of_the_same_client_are_identical(tmp_path):
    pages = []
    for run in ("first", "second"):
        data_dir = tmp_path / run
        generate_client("demo-coffee", data_dir, scale=0.05)
        _load_cached.cache_clear()
        result = render_client(
            "demo-coffee", RenderOptions(data_dir=data_dir, out_dir=data_dir / "reports")
        )
        assert result.status == "ok", result.error
        pages.append(result.html.read_text(encoding="utf-8"))
    first, second = pages
    assert len(GENERATED.findall(first)) == 2  # the header and the footer
    differing = differing_lines(without_render_time(first), without_render_time(second))
    assert differing == [], differing
    ids = NEW_PLOT.findall(first)
    assert len(ids) >= 5 and len(set(ids)) == len(ids)
    assert all(i.startswith("ronr-") for i in ids)
    for div_id in ids:  # one div per chart
        assert len(re.findall(f'<div[^>]*\\bid="{div_id}"', first)) == 1
