"""The hostile-audience-label case: HTML in audience buckets and target-market keys.

Every chart and table must show the labels as plain text: no link, no styled text. Plotly
renders ``<a href>``, ``<b>`` and ``<span style>`` in axis labels, so a label that reaches a
figure unescaped would be a clickable link in the client's report.
"""

from __future__ import annotations

import re

import pytest

from tests.cases import copy_case_data
from tests.report_runner import run_report


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    data_dir = copy_case_data("hostile-audience-label", tmp_path_factory.mktemp("hostile"))
    monkeypatch = pytest.MonkeyPatch()
    try:
        yield run_report("acme-demo", data_dir=data_dir, monkeypatch=monkeypatch)
    finally:
        monkeypatch.undo()


def test_no_audience_label_reaches_a_chart_or_table_as_markup(report):
    shown = "\n".join(html for outputs in report.values() for html in outputs)
    # the report's own links to its metric definitions are the only links it makes
    shown = re.sub(r"<a class=.ronr-definition-link. href=.#metric-[a-z0-9_]+.>", "", shown)
    # figure JSON escapes "<" as \u003c; either spelling of a raw tag is a fault
    for tag in ("<a ", "<b>", "<span style", "\\u003ca ", "\\u003cb\\u003e", "\\u003cspan style"):
        assert tag not in shown, tag
    # the labels are there, as text
    assert re.search(r"&(amp;)?lt;a href", shown)
