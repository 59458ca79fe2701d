import math

import numpy as np
import pandas as pd
import pytest

from ronr import tweak
from tests.factories import make_mentions

MONDAY = "2025-01-06"
# usual count per weekday, Monday first: a weekday level near 20, a weekend near 8
USUAL = [20, 22, 21, 19, 20, 8, 9]


def daily(counts, first=MONDAY):
    return pd.DataFrame({"date": pd.date_range(first, periods=len(counts)), "negative": counts})


def weekly_series():
    """36 days from a Monday: weeks 0-3 at usual + (-1, 0, +1, 0), then the usual counts.

    Day 28 (Monday) is set to 1000 and day 33 (Saturday) to 26.
    """
    counts = [p + bump for bump in (-1, 0, 1, 0) for p in USUAL] + USUAL + USUAL[:1]
    counts[28], counts[33] = 1000, 26
    return counts


def test_baseline_is_the_weekday_median_and_the_scale_at_least_poisson():
    table = tweak.detect_spikes(daily(weekly_series()))
    # day 28, Monday; window days 0-27. Mondays 19, 20, 21, 20 -> baseline 20.
    # week-on-week changes of every weekday are +1, +1, -1: 14 x (+1), 7 x (-1) -> median 1,
    # |d - 1| has 14 zeros -> MAD 0. Window median: 8 weekend values (7..10) below 20 values
    # (18..23) of which the 6th and 7th (14th and 15th overall) are 20 -> 20.
    # scale = max(0, sqrt(max(20, 20)), 1) = 4.4721; threshold = 20 + 4 x 4.4721 = 37.8885
    assert table["baseline"].iloc[28] == 20
    assert table["scale"].iloc[28] == pytest.approx(math.sqrt(20))
    assert table["threshold"].iloc[28] == pytest.approx(20 + 4 * math.sqrt(20))
    # day 33, Saturday; window days 5-32, day 28 entering as its baseline 20 (a spike).
    # Saturdays 7, 8, 9, 8 -> baseline 8. Changes: Sat and Sun +1, +1, -1; Mon-Fri +1, -1, 0
    # -> 9 x (+1), 7 x (-1), 5 x 0: median 0, |d| has 5 zeros and 16 ones -> MAD 1 ->
    # 1.4826 / sqrt 2 = 1.048. Window median 20 (as above). scale = max(1.048, sqrt(max(8, 20)),
    # 1) = 4.4721: the whole window's level guards the low weekend. threshold = 25.8885
    assert table["baseline"].iloc[33] == 8
    assert table["scale"].iloc[33] == pytest.approx(math.sqrt(20))
    assert table["threshold"].iloc[33] == pytest.approx(8 + 4 * math.sqrt(20))
    # day 34, Sunday: Sundays 8, 9, 10, 9 -> 9
    assert table["baseline"].iloc[34] == 9
    # day 35, Monday: Mondays 20, 21, 20 and day 28 cleaned to its baseline 20 -> 20
    # (the raw 1000 would give (20 + 21) / 2 = 20.5: a spike does not raise later baselines)
    assert table["baseline"].iloc[35] == 20
    assert table["is_spike"].tolist() == [False] * 28 + [True] + [False] * 4 + [True] + [False] * 2
    assert table["threshold"].iloc[:28].isna().all()
    assert table.attrs == {"window": 28, "k": 4.0, "min_count": 5}


def spread_series(last):
    """29 days from a Monday: Mon-Thu 10, 16, 10, 16 over the 4 weeks, Fri-Sun 10; day 28 last."""
    weeks = [[10 + 6 * (w % 2)] * 4 + [10] * 3 for w in range(4)]
    return [c for week in weeks for c in week] + [last]


def test_scale_is_the_mad_of_week_on_week_changes_when_it_exceeds_the_floor():
    # Mondays 10, 16, 10, 16 -> baseline 13. Changes Mon-Thu +6, -6, +6; Fri-Sun 0, 0, 0 ->
    # 8 x 6, 4 x (-6), 9 x 0: median 0, |d| has 9 zeros and 12 sixes -> MAD 6.
    # spread = 1.4826 x 6 / sqrt 2 = 6.2902 > sqrt(max(13, 10)) = 3.606 -> scale 6.2902;
    # threshold = 13 + 4 x 6.2902 = 38.161
    spread = 1.482602 * 6 / math.sqrt(2)
    table = tweak.detect_spikes(daily(spread_series(39)))
    assert table["baseline"].iloc[28] == 13
    assert table["scale"].iloc[28] == pytest.approx(spread, rel=1e-5)
    assert table["threshold"].iloc[28] == pytest.approx(38.161, abs=1e-3)
    assert table["is_spike"].iloc[28]
    assert not tweak.detect_spikes(daily(spread_series(38)))["is_spike"].iloc[28]
    # k = 3: threshold 13 + 3 x 6.2902 = 31.871, so 32 is a spike
    assert tweak.detect_spikes(daily(spread_series(32)), k=3)["is_spike"].iloc[28]


def test_a_week_of_zeros_then_one_mention_is_no_spike():
    counts = [0] * 28 + [1]
    table = tweak.detect_spikes(daily(counts))
    # baseline 0, MAD 0, sqrt(0) = 0 -> the scale floor of 1 mention: threshold 4
    assert table["threshold"].iloc[28] == 4
    assert not table["is_spike"].iloc[28]
    # even with a threshold of 0.5, one mention is below the minimum count of 5
    assert not tweak.detect_spikes(daily(counts), k=0.5)["is_spike"].iloc[28]
    assert tweak.detect_spikes(daily(counts), k=0.5, min_count=1)["is_spike"].iloc[28]
    # five mentions after four quiet weeks are a spike (5 > 4 and 5 >= 5)
    assert tweak.detect_spikes(daily([0] * 28 + [5]))["is_spike"].iloc[28]


def test_no_day_is_judged_before_a_full_window_or_over_a_missing_day():
    table = tweak.detect_spikes(daily([0] * 27 + [50]))
    assert table["threshold"].isna().all()
    assert not table["is_spike"].any()
    reason = tweak.spike_days(table).attrs["reason"]
    assert "28 days before it" in reason
    assert "at least 29 covered days" in reason
    assert "cover 28 days" in reason
    # a missing count in the window is not a zero: the day cannot be judged
    counts = [0.0] * 28 + [50.0]
    counts[3] = np.nan
    table = tweak.detect_spikes(daily(counts))
    assert np.isnan(table["threshold"].iloc[28])
    assert not table["is_spike"].iloc[28]
    assert "reason" in tweak.spike_days(table).attrs


def test_detect_spikes_rejects_gaps_and_partial_weeks():
    with pytest.raises(ValueError, match="multiple of 7"):
        tweak.detect_spikes(daily([0] * 40), window=30)
    gappy = daily([0] * 40).drop(index=10)
    with pytest.raises(ValueError, match="consecutive day"):
        tweak.detect_spikes(gappy)


def test_spike_days_most_negative_first_without_reason_when_judged():
    table = tweak.detect_spikes(daily(weekly_series()))
    days = tweak.spike_days(table)
    assert days["negative"].tolist() == [1000, 26]
    assert "reason" not in days.attrs


def incident_frame():
    # hand-made flags; threshold present (days judged)
    return pd.DataFrame(
        {
            "date": pd.date_range("2025-01-01", periods=9),
            "negative": [1, 10, 12, 3, 8, 2, 1, 9, 2],
            "baseline": [1, 2, 2.5, 2, 3, 2, 2, 1.5, 2],
            "threshold": [5.0] * 9,
            "is_spike": [False, True, True, False, True, False, False, True, False],
        }
    )


def test_group_incidents_bridges_one_quiet_day():
    incidents = tweak.group_incidents(incident_frame())
    # flagged 2, 3, 5 Jan (4 Jan bridged): 10 + 12 + 3 + 8 = 33, peak 3 Jan (12, baseline 2.5);
    # then 8 Jan alone (9, baseline 1.5); 6-7 Jan are two quiet days, so 8 Jan starts anew
    assert incidents.columns.tolist() == tweak.INCIDENT_COLUMNS
    assert incidents["start"].tolist() == pd.to_datetime(["2025-01-02", "2025-01-08"]).tolist()
    assert incidents["peak"].tolist() == pd.to_datetime(["2025-01-03", "2025-01-08"]).tolist()
    assert incidents["end"].tolist() == pd.to_datetime(["2025-01-05", "2025-01-08"]).tolist()
    assert incidents["days"].tolist() == [4, 1]
    assert incidents["negative"].tolist() == [33, 9]
    assert incidents["peak_negative"].tolist() == [12, 9]
    assert incidents["baseline"].tolist() == [2.5, 1.5]
    assert "reason" not in incidents.attrs


def test_group_incidents_with_no_gap_splits_and_sorts_largest_first():
    incidents = tweak.group_incidents(incident_frame(), gap=0)
    # 2-3 Jan: 22; 8 Jan: 9; 5 Jan: 8
    assert incidents["negative"].tolist() == [22, 9, 8]
    assert (
        incidents["start"].tolist()
        == pd.to_datetime(["2025-01-02", "2025-01-08", "2025-01-05"]).tolist()
    )
    with pytest.raises(ValueError, match="gap"):
        tweak.group_incidents(incident_frame(), gap=-1)


def test_group_incidents_empty_says_why_only_when_nothing_was_judged():
    quiet = incident_frame().assign(is_spike=False)
    assert tweak.group_incidents(quiet).empty
    assert "reason" not in tweak.group_incidents(quiet).attrs
    unjudged = quiet.assign(threshold=np.nan)
    incidents = tweak.group_incidents(unjudged)
    assert incidents.empty
    assert incidents.columns.tolist() == tweak.INCIDENT_COLUMNS
    assert "cover 9 days" in incidents.attrs["reason"]


def test_daily_negative_fills_empty_days_and_counts_only_the_brand():
    data = make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-01-01T23:59Z",
                "sentiment_label": "negative",
                "sentiment": -0.5,
            },
            {
                "brand": "Acme",
                "created_at": "2025-01-03T00:00Z",
                "sentiment_label": "positive",
                "sentiment": 0.5,
            },
            {
                "brand": "Beta",
                "created_at": "2025-01-02T00:00Z",
                "sentiment_label": "negative",
                "sentiment": -0.5,
            },
        ]
    )
    table = tweak.daily_negative(
        data,
        brand="Acme",
        start=pd.Timestamp("2025-01-01", tz="UTC"),
        end=pd.Timestamp("2025-01-03", tz="UTC"),
    )
    assert table.columns.tolist() == ["date", "mentions", "negative"]
    assert table["mentions"].tolist() == [1, 0, 1]
    assert table["negative"].tolist() == [1, 0, 0]


def around_the_clock_change():
    # 29 Mar 2025 is GMT (London = UTC); 31 Mar is BST (UTC+1), so 23:30 UTC is 00:30 on 1 Apr
    return make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-03-29T23:30Z",
                "text": "before the change",
                "sentiment_label": "negative",
                "sentiment": -0.5,
            },
            {
                "brand": "Acme",
                "created_at": "2025-03-31T23:30Z",
                "text": "after the change",
                "sentiment_label": "negative",
                "sentiment": -0.6,
            },
        ]
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (pd.Timestamp("2025-03-29", tz="UTC"), pd.Timestamp("2025-04-01", tz="UTC")),
        (pd.Timestamp("2025-03-29"), pd.Timestamp("2025-04-01 18:00")),
    ],
)
def test_daily_negative_counts_local_days(start, end):
    london = tweak.daily_negative(
        around_the_clock_change(), brand="Acme", start=start, end=end, timezone="Europe/London"
    )
    assert london["date"].tolist() == pd.date_range("2025-03-29", "2025-04-01").tolist()
    assert london["negative"].tolist() == [1, 0, 0, 1]
    utc = tweak.daily_negative(around_the_clock_change(), brand="Acme", start=start, end=end)
    assert utc["negative"].tolist() == [1, 0, 1, 0]


def test_daily_negative_leaves_out_local_days_outside_the_range():
    # in London the 31 Mar 23:30 UTC mention falls on 1 Apr, after the last day
    table = tweak.daily_negative(
        around_the_clock_change(),
        brand="Acme",
        start=pd.Timestamp("2025-03-29", tz="UTC"),
        end=pd.Timestamp("2025-03-31", tz="UTC"),
        timezone="Europe/London",
    )
    assert table["negative"].tolist() == [1, 0, 0]


def test_spike_mentions_lists_negative_mentions_on_spike_days():
    data = make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-01-08T10:00Z",
                "text": "recall!",
                "sentiment_label": "negative",
                "sentiment": -0.8,
            },
            {
                "brand": "Acme",
                "created_at": "2025-01-07T10:00Z",
                "text": "older",
                "sentiment_label": "negative",
                "sentiment": -0.9,
            },
        ]
    )
    spikes = pd.DataFrame(
        {"date": pd.to_datetime(["2025-01-07", "2025-01-08"]), "is_spike": [False, True]}
    )
    assert tweak.spike_mentions(data, spikes, brand="Acme")["text"].tolist() == ["recall!"]


def test_spike_mentions_uses_local_days():
    spikes = pd.DataFrame({"date": pd.to_datetime(["2025-04-01"]), "is_spike": [True]})
    data = around_the_clock_change()
    local = tweak.spike_mentions(data, spikes, brand="Acme", timezone="Europe/London")
    assert local["text"].tolist() == ["after the change"]
    assert tweak.spike_mentions(data, spikes, brand="Acme").empty
