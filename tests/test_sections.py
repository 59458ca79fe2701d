"""Work a section does is done once per report: the cover and the sections share it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ronr import channels, sections, themes, tweak
from ronr.paths import resolve_data_dir
from ronr.store import load_workspace
from tests.report_runner import run_report


def _counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_themes_mix_and_spikes_are_computed_once_per_report(monkeypatch):
    fits = _counting(monkeypatch, themes, "question_themes")
    mixes = _counting(monkeypatch, channels, "summarise_channels")
    spikes = _counting(monkeypatch, tweak, "detect_spikes")
    # a period of its own, so no earlier test has filled this workspace's results
    run_report(
        "demo-software",
        data_dir=resolve_data_dir(),
        period="2025-02..2025-11",
        monkeypatch=monkeypatch,
    )
    # the FAQ themes serve the listen section and the audience's content themes; the channel
    # mix and the spikes serve the cover's recommendations and their sections
    assert (len(fits), len(mixes), len(spikes)) == (1, 1, 1)


def test_a_result_is_kept_per_workspace():
    ws = load_workspace("demo-coffee", data_dir=resolve_data_dir())
    assert sections.channel_mix(ws) is sections.channel_mix(ws)
    other = load_workspace("demo-coffee", data_dir=resolve_data_dir(), period="2025-03..2025-04")
    assert sections.channel_mix(other) is not sections.channel_mix(ws)


def test_no_spikes_without_mentions(tmp_path):
    from tests.test_report_shapes import write_client

    write_client(tmp_path, "posts-only", ("posts",))
    ws = load_workspace("posts-only", data_dir=tmp_path)
    assert sections.negative_spikes(ws) is None
    with pytest.raises(KeyError):
        ws.memo("missing", lambda: {}["x"])


def test_a_one_month_report_judges_its_first_days_against_the_weeks_before():
    # demo data cover all of 2025: a June report reads the 28 days before 1 June as its
    # baseline, so 1 June is judged (before, a day needed 28 covered days inside the period)
    ws = load_workspace("demo-coffee", data_dir=resolve_data_dir(), period="2025-06..2025-06")
    spikes = sections.negative_spikes(ws)
    assert spikes["date"].iloc[0] == pd.Timestamp("2025-06-01")
    assert spikes["threshold"].notna().all()
    assert len(spikes) == 30
    # the history is every local day before June, never counted in the period
    before = ws.mentions_before["created_at"].dt.tz_convert(ws.timezone).dt.date
    assert (before.min(), before.max()) == (dt.date(2025, 1, 1), dt.date(2025, 5, 31))
    assert not ws.mentions["mention_id"].isin(ws.mentions_before["mention_id"]).any()
    # the planted incident (12–15 June) is found whole
    [incident] = tweak.group_incidents(spikes).itertuples()
    assert (incident.start, incident.end) == (
        pd.Timestamp("2025-06-12"),
        pd.Timestamp("2025-06-15"),
    )


def test_a_months_return_on_relationship_is_the_same_in_every_report_that_shows_it():
    # June's members, loyalty and index read the months before June in a one-month, a
    # one-quarter and the full-year report alike
    data = resolve_data_dir()
    reports = [
        load_workspace("demo-coffee", data_dir=data, period=period)
        for period in ("2025-06..2025-06", "2025-04..2025-06", "2025-01..2025-12")
    ]
    june = pd.Timestamp("2025-06-01")
    scores = [sections.ror_scores(ws).loc[june] for ws in reports]
    assert scores[0].notna().all()  # loyalty too: its 3 months' lookback is history
    for other in scores[1:]:
        pd.testing.assert_series_equal(scores[0], other)
    index = {round(sections.ror_index(ws).loc[june, "ror_index"], 6) for ws in reports}
    assert len(index) == 1
