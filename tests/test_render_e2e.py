"""End to end: render one small demo client into a report and read the report as a user would."""

import csv
import json
import re
import shutil

import pytest

from ronr import metrics, summary
from ronr.paths import resolve_data_dir
from ronr.report import RenderOptions, render_client, write_index
from ronr.store import load_workspace
from tests.visible import raw_words, report_body, visible_texts

HOSTILE = "<script>alert(1)</script> worst, awful, horrible, disgusting coffee. I hate it!!!"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    shutil.copytree(
        resolve_data_dir() / "clients" / "demo-coffee", data_dir / "clients" / "demo-coffee"
    )
    mentions = data_dir / "clients" / "demo-coffee" / "exports" / "mentions.csv"
    with mentions.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    row = {
        "mention_id": "hostile-1",
        "channel": "x",
        "created_at": "2025-05-05T10:00:00Z",
        "author": "@mallory",
        "author_followers": "12",
        "text": HOSTILE,
        "brand": "Northbean",
        "kind": "mention",
    }
    with mentions.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow([row.get(column, "") for column in header])
    out_dir = data_dir / "reports"
    result = render_client("demo-coffee", RenderOptions(data_dir=data_dir, out_dir=out_dir))
    index = write_index([result], out_dir=out_dir)
    ws = load_workspace("demo-coffee", data_dir=data_dir)
    html = result.html.read_text(encoding="utf-8") if result.html else ""
    return result, html, ws, index


def test_the_report_renders(rendered):
    result, _, _, _ = rendered
    assert result.status == "ok", result.error
    assert result.size > 100_000


def test_untrusted_text_is_escaped_never_a_tag(rendered):
    _, html, _, _ = rendered
    # a table puts break points (<wbr>) in long words such as this one
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in re.sub(r"<wbr\s*/?>", "", html)
    assert "<script>alert(1)" not in html


def test_no_code_is_shown(rendered):
    _, html, _, _ = rendered
    for code in ("load_workspace(", "show.show_table(", "import ronr", "from ronr import"):
        assert code not in html


def test_the_report_holds_its_numbers_sections_and_appendix(rendered):
    _, html, ws, _ = rendered
    for headline in summary.headline_numbers(ws):
        assert headline.value in html, headline
    for recommendation in summary.recommendations(ws):
        assert recommendation.title in html
    for title in ("Listen", "Audience", "Channel mix", "Measure", "Tweak", "Appendix"):
        assert title in html
    for name in metrics.metrics_table()["name"]:
        assert name in html
    read = int(ws.provenance["rows_read"].sum())
    assert f"{read:,} rows" in html


def test_charts_work_offline(rendered):
    result, html, _, _ = rendered
    assert html.count("Plotly.newPlot(") >= 5
    # plotly.js is loaded once, from the file beside the report; nothing from a network address
    [script] = re.findall(r'<script[^>]+id="ronr-plotlyjs"[^>]*src="([^"/:]+)"', html)
    assert len(re.findall(r"plotly\.js v\d", (result.html.parent / script).read_text())) == 1
    assert result.size < 1_000_000  # the report itself, without the shared script
    assert not re.findall(r"<script[^>]+src=[\"']?https?:", html)
    assert not re.findall(r"<link[^>]+href=[\"']?https?:", html)
    assert "require.js" not in html and "MathJax.js" not in html


def test_index_links_the_report(rendered):
    result, _, ws, index = rendered
    page = index.read_text(encoding="utf-8")
    assert f'<a href="{result.html.name}">HTML</a>' in page
    assert "<td>Northbean Coffee</td>" in page  # the client's display name
    assert str(index.parent) not in page  # relative links, no machine paths
    catalogued = json.loads((index.parent / "reports.json").read_text(encoding="utf-8"))
    entry = catalogued["reports"][result.html.name]
    assert (entry["client"], entry["period"], entry["size"]) == (
        "demo-coffee",
        ws.period_label,
        result.size,
    )


def test_header_index_and_sections_write_the_period_one_way(rendered):
    result, html, ws, index = rendered
    label = ws.period_label  # what the sections write, e.g. "01 Jan 2025 – 31 Dec 2025"
    assert re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4} – \d\d [A-Z][a-z]{2} \d{4}", label)
    assert result.period is None and result.period_label == label
    assert f"<dt>Period</dt><dd>{label}</dd>" in html
    assert f"<td>{label}</td>" in index.read_text(encoding="utf-8")
    # the raw text form never reaches a reader
    assert f"{ws.start:%Y-%m-%d} – " not in html and f"{ws.start:%Y-%m-%d}.." not in html


def test_example_client_renders_what_its_data_supports(tmp_path):
    result = render_client("uci-cosmetics", RenderOptions(out_dir=tmp_path))
    assert result.status == "ok", result.error
    html = result.html.read_text(encoding="utf-8")
    assert "No mentions" in html and "no day" in html
    assert "No responses data for this period" in html
    # no day of 2014 is invented: besides the period's end, full dates are only the first of a
    # month, which is how a monthly point is written in the charts' data
    days = set(re.findall(r"2014-\d\d-\d\d", html)) - {"2014-12-31"}
    assert days and all(day.endswith("-01") for day in days)
    assert "Engagement rate by reach per month" in html


def test_no_raw_value_or_developer_word_reaches_the_client(rendered):
    _, html, _, _ = rendered
    body = report_body(html)
    assert len(body) < len(html)  # the appendix (keys and function names) is cut off
    assert raw_words(visible_texts(body)) == []
