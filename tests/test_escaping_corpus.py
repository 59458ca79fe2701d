"""Every text field of a client holds a corpus of hostile payloads; the report stays inert.

One client carries XSS and HTML payloads (script tags, event handlers, ``javascript:`` links,
plotly's own ``<a href>``/``<b>``/``<span style>``/``<br>``, entities, template braces, RTL
overrides, attribute breakers) in mention texts, authors and URLs, post texts and post types,
brand and competitor names and keywords, audience dimensions and buckets, target-market keys,
the display name, export file names and an unknown channel value. A twin client has harmless
texts in the same places. The report notebooks run in this process (``tests/report_runner.py``)
and every displayed HTML is parsed: the hostile report uses no element or attribute the harmless
one lacks, no script or handler is markup, and no chart text holds a raw tag. Last, the hostile
report is rendered in full and opened offline in headless Chromium: no dialog fires, no request
leaves the machine, and no chart holds a web or ``javascript:`` link or payload-styled text.
"""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
import yaml

from tests.report_runner import run_report

PAYLOADS = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    '<img src="https://evil.example/pixel.gif">',
    "<svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    '<iframe src="javascript:alert(6)"></iframe>',
    "javascript:alert(7)",
    "JaVaScRiPt:alert(8)//",
    '<a href="javascript:alert(9)">click</a>',
    '<a href="https://evil.example/phish">Verify your account</a>',
    "<a href='//evil.example'>x</a>",
    "<b>bold</b>",
    "<i>italic</i><em>em</em>",
    '<span style="font-size:60px;fill:red">BIG</span>',
    "<br>line<br/>break",
    "x<sup>2</sup><sub>n</sub>",
    '"><script>alert(10)</script>',
    "'><img src=x onerror=alert(11)>",
    '" onmouseover="alert(12)" x="',
    "' onfocus='alert(13)' autofocus='",
    "`\"'><",
    "&lt;script&gt;alert(14)&lt;/script&gt;",
    "&amp;lt;b&amp;gt;double&amp;lt;/b&amp;gt;",
    "&#60;script&#62;alert(15)&#60;/script&#62;",
    "&quot;&apos;&#x27;",
    "{{7*7}}",
    "${7*7}",
    "{% raw %}{{ config }}{% endraw %}",
    "<%= 7*7 %>",
    "\u202egnp.exe\u202c evil",
    "\u200b\u200d zero width",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<form action=https://evil.example><input name=x></form>",
    '<object data="javascript:alert(16)"></object>',
    "<details open ontoggle=alert(17)>",
    "<body onload=alert(18)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(19)>",
    "<!--<img src=x onerror=alert(20)>-->",
    "<![CDATA[<script>alert(21)</script>]]>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "\\u003cscript\\u003ealert(22)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(23)%3C/script%3E",
    "<<b>b>nested<</b>/b>",
    '<a href="https://evil.example"><b>both</b></a> & co',
)
# <br> is left out: the report wraps long titles with it (a payload's is escaped, &lt;br&gt;)
RAW_IN_CHART = (
    "<a ",
    "<b>",
    "<span",
    "<img",
    "<script",
    "<svg",
    "<i>",
    "<sup>",
    "<sub>",
    "<iframe",
)
CHANNELS = ("facebook", "x")


def _pick(texts, i: int) -> str:
    return texts[i % len(texts)]


def _write(data_dir, client: str, texts) -> None:
    """A client whose every text field holds ``texts`` (payloads or harmless strings)."""
    own, rival = "Acme " + texts[13], "Beta " + texts[10]
    config = {
        "client": client,
        "display_name": "Client " + texts[0],
        "brand": {"name": own, "handles": ["@acme"], "keywords": ["acme", *texts[:20]]},
        "competitors": [
            {"name": rival, "handles": ["@beta"], "keywords": ["beta", *texts[20:]]},
            {"name": texts[15], "handles": ["@gamma"], "keywords": [texts[3]]},
        ],
        "target_market": {
            "age": {texts[0]: 0.4, texts[3]: 0.3, texts[11]: 0.3},
            # lower-case: exports' dimensions are lower-cased on reading, config keys are not
            texts[15].lower(): {texts[13]: 0.5, texts[27]: 0.5},
        },
        "effort": {"facebook": 3, "x": 1},
        "responses": {"target_hours": 2},
        "business_hours": {"timezone": "Europe/London"},
        "period": {"start": "2025-03-01", "end": "2025-04-30"},
    }
    folder = data_dir / "clients" / client
    exports = folder / "exports"
    exports.mkdir(parents=True)
    (folder / "client.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    brands = (own, rival, texts[15])
    n = len(texts)
    posts = pd.DataFrame(
        {
            "brand": [brands[i % 3] for i in range(n)],
            "channel": [CHANNELS[i % 2] for i in range(n)],
            "post_id": [f"p{i}" for i in range(n)],
            "published_at": [f"2025-03-{1 + i % 28:02d}T{9 + i % 8:02d}:00:00Z" for i in range(n)],
            "text": [f"{t} spring blend #coffee" for t in texts],
            "post_type": [_pick(texts, i * 7) for i in range(n)],
            "impressions": [1000 + 50 * i for i in range(n)],
            "reach": [800 + 40 * i for i in range(n)],
            "likes": [40 + i for i in range(n)],
            "comments": [5 + i % 4 for i in range(n)],
            "shares": [2 + i % 3 for i in range(n)],
        }
    )
    mentions = pd.DataFrame(
        {
            "mention_id": [f"m{i}" for i in range(2 * n)],
            "channel": [CHANNELS[i % 2] for i in range(2 * n)],
            "created_at": [
                f"2025-{3 + i % 2:02d}-{1 + (i * 7) % 27:02d}T{8 + i % 10:02d}:15:00Z"
                for i in range(2 * n)
            ],
            "author": [_pick(texts, i + 5) for i in range(2 * n)],
            "text": [
                f"{_pick(texts, i)} @acme where is my order? awful delivery"
                if i % 2
                else f"love the {_pick(texts, i)} blend, great coffee"
                for i in range(2 * n)
            ],
            "brand": [brands[i % 3] for i in range(2 * n)],
            "kind": ["mention"] * (2 * n),
            "url": [_pick(texts, i + 9) for i in range(2 * n)],
        }
    )
    unknown = mentions.iloc[:1].assign(mention_id="m-unknown", channel=texts[3])
    mentions = pd.concat([mentions, unknown], ignore_index=True)
    responses = pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(0, 2 * n, 3)],
            "mention_id": [f"m{i}" for i in range(0, 2 * n, 3)],
            "channel": [CHANNELS[i % 2] for i in range(0, 2 * n, 3)],
            "created_at": [
                f"2025-{3 + i % 2:02d}-{1 + (i * 7) % 27:02d}T22:40:00Z" for i in range(0, 2 * n, 3)
            ],
            "author": [_pick(texts, i + 2) for i in range(0, 2 * n, 3)],
        }
    )
    audience = pd.DataFrame(
        [
            {"channel": c, "dimension": d, "bucket": b, "share": s, "as_of": "2025-03-31"}
            for c in CHANNELS
            for d, buckets in config["target_market"].items()
            for b, s in zip(
                buckets, (0.5, 0.3, 0.2) if len(buckets) == 3 else (0.6, 0.4), strict=False
            )
        ]
    )
    followers = pd.DataFrame(
        {
            "channel": ["facebook", "facebook", "x", "x"],
            "date": ["2025-03-01", "2025-04-30", "2025-03-01", "2025-04-30"],
            "followers": [1000, 1100, 500, 480],
        }
    )
    for name, frame in {
        "posts": posts,
        "mentions": mentions,
        "responses": responses,
        "audience": audience,
        "followers": followers,
    }.items():
        safe = re.sub(r"[/\x00]", "", _file_word(texts, name))[:120]
        frame.to_csv(exports / f"{name} {safe}.csv", index=False)


def _file_word(texts, name: str) -> str:
    return {
        "posts": texts[13],
        "mentions": texts[0],
        "responses": texts[27],
        "audience": texts[31],
        "followers": texts[20],
    }[name]


HARMLESS = tuple(f"plain{i} words" for i in range(len(PAYLOADS)))


class _Shape(HTMLParser):
    """The (tag, attribute) pairs of a document, and its script and handler markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs: set[tuple[str, str]] = set()
        self.hrefs: list[str] = []
        self.handlers: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.pairs.add((tag, ""))
        for name, value in attrs:
            self.pairs.add((tag, name))
            if name in ("href", "src", "action", "data", "formaction") and value:
                self.hrefs.append(value)
            if name.startswith("on") or "javascript:" in (value or "").lower():
                self.handlers.append(f"{tag} {name}={value!r}")
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _shape(outputs) -> _Shape:
    parser = _Shape()
    for html in itertools.chain(*outputs.values()):
        parser.feed(html)
    parser.close()
    return parser


def _run(tmp_path_factory, texts, name):
    data_dir = tmp_path_factory.mktemp(name)
    _write(data_dir, name, texts)
    monkeypatch = pytest.MonkeyPatch()
    try:
        return run_report(name, data_dir=data_dir, monkeypatch=monkeypatch)
    finally:
        monkeypatch.undo()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _run(tmp_path_factory, PAYLOADS, "hostile")


@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    return _run(tmp_path_factory, HARMLESS, "harmless")


def test_the_corpus_is_large():
    assert len(set(PAYLOADS)) >= 40


def test_the_payloads_reach_the_report(hostile):
    shown = "\n".join(itertools.chain(*hostile.values()))
    # as text: escaped once in HTML, or as \u003c in chart JSON
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "Verify your account" in shown and "{{7*7}}" in shown


def test_no_element_or_attribute_a_normal_report_lacks(hostile, harmless):
    extra = _shape(hostile).pairs - _shape(harmless).pairs
    # <wbr>: the break points ronr.show puts in long words, which payloads are more often
    assert extra - {("wbr", "")} == set()


def test_no_script_handler_or_javascript_link_is_markup(hostile, harmless):
    shape = _shape(hostile)
    assert shape.handlers == []
    # the only links are the report's own, to its metric definitions
    assert [href for href in shape.hrefs if not href.startswith("#")] == []
    # the only scripts are plotly's, one a chart, whole: a payload's "</script>" in chart
    # JSON would cut one short and start markup of its own
    assert len(shape.scripts) == len(_shape(harmless).scripts)
    for script in shape.scripts:
        assert script.lstrip().startswith("window.PLOTLYENV"), script[:200]
        assert script.rstrip().endswith("};"), script[-200:]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _figures(outputs):
    """The figure data and layout of every chart, from the JSON plotly writes in the HTML."""
    decoder = json.JSONDecoder()
    for html in itertools.chain(*outputs.values()):
        for match in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", html):
            rest = html[match.end() :]
            data, end = decoder.raw_decode(rest)
            layout, _ = decoder.raw_decode(rest[end:].lstrip(", \n"))
            yield data, layout


def test_no_chart_text_holds_a_raw_tag(hostile, harmless):
    figures = list(_figures(hostile))
    assert len(figures) >= 5
    texts = [text for figure in figures for text in _strings(figure)]
    assert any("&lt;script&gt;" in text for text in texts)  # the payloads do reach charts
    # the report's own hover templates use <br> and <extra>: the same in the harmless twin
    own = {text for figure in _figures(harmless) for text in _strings(figure)}
    leaks = sorted(
        {t for t in texts if t not in own and any(tag in t.lower() for tag in RAW_IN_CHART)}
    )
    assert leaks == []
    # a title wrapped with <br> never splits an entity (&l<br>t;) into visible markup
    assert [t for t in texts if re.search(r"&#?\w*<br>", t)] == []


def test_an_unknown_channel_is_rejected_and_named_as_text(hostile):
    appendix = "\n".join(hostile["appendix"])
    assert "&lt;img src=x onerror=alert(3)&gt;" in appendix


# What a hostile text would do in a browser if it became markup or a chart link
IN_CHARTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .flatMap(div => Array.from(div.querySelectorAll('a, [href], [xlink\\\\:href]')))
  .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
  .filter(href => /^(https?:|\\/\\/|javascript:|data:)/i.test(href.trim()))"""
ANYWHERE = """() => Array.from(document.querySelectorAll('[href], [src], [action]'))
  .map(el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action'))
  .filter(url => /^\\s*javascript:/i.test(url))"""
STYLED_IN_CHARTS = """() => Array.from(document.querySelectorAll(
    '.js-plotly-plot text [style*="font-size:60px"], .js-plotly-plot text tspan[style*="60px"]'))
  .length"""


def test_a_full_report_in_chromium_runs_no_payload(tmp_path):
    """The rendered report, opened offline in headless Chromium: no dialog, no request out,
    no link to the web or to javascript: inside a chart."""
    from playwright.sync_api import sync_playwright

    from ronr.report import RenderOptions, render_client
    from ronr.report.pdf import CHARTS_DRAWN, launch_chromium, offline_page

    _write(tmp_path, "hostile", PAYLOADS)
    result = render_client("hostile", RenderOptions(data_dir=tmp_path, out_dir=tmp_path / "out"))
    assert result.status == "ok", result.error
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            with offline_page(browser) as (page, refused):
                page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
                page.on("request", lambda request: requests.append(request.url))
                page.goto(result.html.as_uri(), wait_until="load")
                page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
                page.mouse.move(400, 400)  # an onmouseover payload, were it markup
                links_in_charts = page.evaluate(IN_CHARTS)
                script_links = page.evaluate(ANYWHERE)
                styled = page.evaluate(STYLED_IN_CHARTS)
                shown = page.inner_text("body")
        finally:
            browser.close()
    assert dialogs == []
    assert refused == []
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
    assert links_in_charts == []
    assert script_links == []
    assert styled == 0
    assert "<script>alert(1)</script>" in shown  # shown as text
