import pandas as pd
import pytest

from ronr import tweak
from tests.factories import make_mentions


def daily(counts):
    return pd.DataFrame(
        {"date": pd.date_range("2025-01-01", periods=len(counts)), "negative": counts}
    )


def test_spike_over_trailing_mean_plus_two_sigma():
    # trailing 7 days [1,2,1,2,1,2,1]: mean 10/7, sample sd 0.534522 -> threshold 2.4976
    table = tweak.detect_spikes(daily([1, 2, 1, 2, 1, 2, 1, 3, 2]))
    assert table["threshold"].iloc[7] == pytest.approx(10 / 7 + 2 * 0.5345225, rel=1e-6)
    assert table["is_spike"].tolist() == [False] * 7 + [True, False]


def test_no_spike_judged_before_a_full_window():
    table = tweak.detect_spikes(daily([0, 0, 0, 50]))
    assert not table["is_spike"].any()


def test_k_changes_the_threshold():
    counts = [1, 2, 1, 2, 1, 2, 1, 3]
    assert tweak.detect_spikes(daily(counts), k=2)["is_spike"].iloc[-1]
    assert not tweak.detect_spikes(daily(counts), k=3)["is_spike"].iloc[-1]


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
    assert table["mentions"].tolist() == [1, 0, 1]
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
