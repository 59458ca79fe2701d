import math

import pandas as pd
import pytest

from ronr import listen
from tests.factories import make_mentions


@pytest.fixture
def mentions():
    # Acme: 3 mentions (2 positive, 1 negative); Beta: 1 neutral. Two weeks.
    return make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-03-03T10:00Z",
                "author_followers": 9,
                "sentiment": 0.6,
                "sentiment_label": "positive",
                "channel": "x",
            },
            {
                "brand": "Acme",
                "created_at": "2025-03-04T10:00Z",
                "author_followers": 99,
                "sentiment": 0.5,
                "sentiment_label": "positive",
                "channel": "facebook",
            },
            {
                "brand": "Acme",
                "created_at": "2025-03-11T10:00Z",
                "author_followers": 0,
                "sentiment": -0.7,
                "sentiment_label": "negative",
                "channel": "x",
            },
            {
                "brand": "Beta",
                "created_at": "2025-03-12T10:00Z",
                "author_followers": 999,
                "sentiment": 0.0,
                "sentiment_label": "neutral",
                "channel": "x",
            },
        ]
    )


def test_share_of_voice_counts_and_weights(mentions):
    sov = listen.share_of_voice(mentions, brands=["Acme", "Beta", "Gamma"]).set_index("brand")
    assert sov.loc["Acme", "mentions"] == 3
    assert sov.loc["Acme", "share_of_voice"] == pytest.approx(0.75)
    assert sov.loc["Gamma", "share_of_voice"] == 0
    # Wilson 95% interval of 3 of 4: (0.3006, 0.9544)
    assert sov.loc["Acme", "share_of_voice_low"] == pytest.approx(0.3006, abs=1e-4)
    assert sov.loc["Acme", "share_of_voice_high"] == pytest.approx(0.9544, abs=1e-4)
    # weights: 1+log10(10)=2, 1+log10(100)=3, 1+log10(1)=1 -> Acme 6; Beta 1+log10(1000)=4
    assert sov.loc["Acme", "weighted"] == pytest.approx(6)
    assert sov.loc["Acme", "share_of_voice_weighted"] == pytest.approx(0.6)
    assert sov.loc["Beta", "share_of_voice_weighted"] == pytest.approx(0.4)


def test_share_of_voice_weighted_by_engagement(mentions):
    # Acme's mentions received 4, unknown and 0 engagements; Beta's 5
    data = mentions.assign(engagements=pd.array([4, None, 0, 5], dtype="Int64"))
    sov = listen.share_of_voice(data).set_index("brand")
    # weights 1 + engagements, unknown counts once: Acme 5 + 1 + 1 = 7, Beta 6
    assert sov.loc["Acme", "engaged"] == 7
    assert sov.loc["Acme", "share_of_voice_engagement"] == pytest.approx(7 / 13)
    assert sov.loc["Beta", "share_of_voice_engagement"] == pytest.approx(6 / 13)


def test_engagement_share_is_missing_without_engagement_data(mentions):
    sov = listen.share_of_voice(mentions)
    assert sov["share_of_voice_engagement"].isna().all()


def test_share_of_voice_per_week_and_channel(mentions):
    weekly = listen.share_of_voice(mentions, freq="W")
    week2 = weekly[weekly["period"] == pd.Timestamp("2025-03-10")].set_index("brand")
    assert week2.loc["Acme", "share_of_voice"] == pytest.approx(0.5)
    by_channel = listen.share_of_voice(mentions, by=("channel",)).set_index(["channel", "brand"])
    assert by_channel.loc[("facebook", "Acme"), "share_of_voice"] == pytest.approx(1.0)
    assert by_channel.loc[("x", "Beta"), "share_of_voice"] == pytest.approx(1 / 3)


def test_count_mentions_weeks_start_monday(mentions):
    counts = listen.count_mentions(mentions, freq="W")
    assert counts.to_dict("records") == [
        {"period": pd.Timestamp("2025-03-03"), "brand": "Acme", "mentions": 2},
        {"period": pd.Timestamp("2025-03-10"), "brand": "Acme", "mentions": 1},
        {"period": pd.Timestamp("2025-03-10"), "brand": "Beta", "mentions": 1},
    ]


def test_net_sentiment(mentions):
    table = listen.net_sentiment(mentions).set_index("brand")
    assert table.loc["Acme", "net_sentiment"] == pytest.approx((2 - 1) / (2 + 1))
    # p = 2/3 positive of polar mentions; Wilson 95% for 2 of 3 is (0.2077, 0.9385) -> 2p − 1
    assert table.loc["Acme", "net_sentiment_low"] == pytest.approx(2 * 0.2077 - 1, abs=2e-4)
    assert table.loc["Acme", "net_sentiment_high"] == pytest.approx(2 * 0.9385 - 1, abs=2e-4)
    assert table.loc["Acme", "mean_compound"] == pytest.approx((0.6 + 0.5 - 0.7) / 3)
    assert bool(table.loc["Acme", "small_sample"]) is True
    # Beta has no positive and no negative mention: net sentiment is undefined, not 0
    assert math.isnan(table.loc["Beta", "net_sentiment"])


def test_net_sentiment_needs_a_group(mentions):
    with pytest.raises(ValueError, match="grouping"):
        listen.net_sentiment(mentions, by=())


def test_extreme_mentions_distinct_texts():
    data = make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-03-03",
                "text": "awful",
                "sentiment": -0.9,
                "sentiment_label": "negative",
            },
            {
                "brand": "Acme",
                "created_at": "2025-03-04",
                "text": "awful",
                "sentiment": -0.9,
                "sentiment_label": "negative",
            },
            {
                "brand": "Acme",
                "created_at": "2025-03-05",
                "text": "meh",
                "sentiment": -0.1,
                "sentiment_label": "negative",
            },
            {
                "brand": "Beta",
                "created_at": "2025-03-05",
                "text": "worst",
                "sentiment": -1.0,
                "sentiment_label": "negative",
            },
        ]
    )
    worst = listen.extreme_mentions(data, brand="Acme", which="negative", n=5)
    assert worst["text"].tolist() == ["awful", "meh"]


def test_share_of_voice_is_not_weighted_without_follower_counts():
    from tests.factories import make_mentions

    data = make_mentions(
        [
            {"created_at": "2025-01-01", "brand": "Acme", "author_followers": None},
            {"created_at": "2025-01-01", "brand": "Beta", "author_followers": None},
            {"created_at": "2025-01-02", "brand": "Acme", "author_followers": None},
        ]
    )
    sov = listen.share_of_voice(data).set_index("brand")
    assert sov.loc["Acme", "share_of_voice"] == pytest.approx(2 / 3)
    assert sov["share_of_voice_weighted"].isna().all()  # nothing to weigh by, not 2/3 again
    assert sov["weighted"].isna().all() and sov["engaged"].isna().all()
