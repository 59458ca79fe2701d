"""Every number a report shows has its definition in ``ronr.metrics``.

The report of a demo client and of the example client is run with a spy on the one function
that writes tables; each column with fractional numbers (a rate, share, score, interval,
weight or threshold) must name its metric in ``ronr.formats``. Whole-number columns are counts
of what their header says (posts, mentions, days) and need none.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ronr import metrics, show
from ronr.formats import column_metric
from ronr.paths import resolve_data_dir
from tests.report_runner import run_report


@pytest.mark.parametrize("client", ["demo-coffee", "uci-cosmetics"])
def test_every_fractional_number_shown_has_a_definition(client, monkeypatch):
    undefined: dict[str, str] = {}
    write = show.format_table

    def spy(data, *, formats=None, **options):
        for column in data.columns:
            values = data[column]
            if column in (formats or {}):  # one column per brand, in a named metric's format
                continue
            if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
                continue
            known = pd.to_numeric(values, errors="coerce").dropna().astype(float)
            if (known == known.round()).all() and pd.api.types.is_integer_dtype(values):
                continue  # a count
            key = column_metric(str(column), measure=data.attrs.get("measure"))
            if key not in metrics.METRICS:
                undefined[str(column)] = str(values.dtype)
        return write(data, formats=formats, **options)

    monkeypatch.setattr(show, "format_table", spy)
    run_report(client, data_dir=resolve_data_dir(), monkeypatch=monkeypatch)
    assert undefined == {}
