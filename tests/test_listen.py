import math

import numpy as np
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
    # all four mentions are by one author (@someone): resampling that author gives the same
    # share every time, so the author-cluster bootstrap interval is the point, flagged small
    assert sov.loc["Acme", "share_of_voice_low"] == pytest.approx(0.75)
    assert sov.loc["Acme", "share_of_voice_high"] == pytest.approx(0.75)
    assert (sov["authors"] == 1).all() and sov["small_sample"].all()
    # a brand with no mention: [0, 0] (the bootstrap cannot see what was never observed)
    assert sov.loc["Gamma", ["share_of_voice_low", "share_of_voice_high"]].tolist() == [0, 0]
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


def _three_mentions(**extra):
    # m1 names A only, m2 names A and B (two rows, one mention_id), m3 names B only
    rows = [
        {"mention_id": "m1", "brand": "A", "author": "@x", "author_followers": 9},
        {"mention_id": "m2", "brand": "A", "author": "@y", "author_followers": 99},
        {"mention_id": "m2", "brand": "B", "author": "@y", "author_followers": 99},
        {"mention_id": "m3", "brand": "B", "author": "@z", "author_followers": 0},
    ]
    return make_mentions([{"created_at": "2025-03-03T10:00Z", **row, **extra} for row in rows])


def test_share_of_voice_counts_a_mention_of_two_brands_half_to_each():
    sov = listen.share_of_voice(_three_mentions()).set_index("brand")
    # A: m1 (1) + m2 (1/2) = 1.5; B: m2 (1/2) + m3 (1) = 1.5; total 3 = distinct mentions
    assert sov["mentions"].tolist() == [2, 2]  # mentions naming the brand, integers
    assert sov["mentions_fractional"].tolist() == [1.5, 1.5]
    assert sov["mentions_fractional"].sum() == 3
    assert sov["share_of_voice"].tolist() == [0.5, 0.5]
    # weights 1+log10(1+followers): m1 2, m2 3 (1.5 to each), m3 1 -> A 3.5, B 2.5 of 6
    assert sov.loc["A", "weighted"] == pytest.approx(3.5)
    assert sov.loc["A", "share_of_voice_weighted"] == pytest.approx(3.5 / 6)
    assert sov.loc["B", "share_of_voice_weighted"] == pytest.approx(2.5 / 6)
    assert sov["authors"].tolist() == [3, 3]


def test_share_of_voice_splits_engagement_weight_over_the_brands_named():
    data = _three_mentions().assign(engagements=pd.array([4, 1, 1, None], dtype="Int64"))
    sov = listen.share_of_voice(data).set_index("brand")
    # 1 + engagements: m1 5, m2 2 (1 to each), m3 unknown -> 1; A 6, B 2 of 8
    assert sov.loc["A", "engaged"] == pytest.approx(6)
    assert sov.loc["A", "share_of_voice_engagement"] == pytest.approx(0.75)
    assert sov.loc["B", "share_of_voice_engagement"] == pytest.approx(0.25)


def test_share_of_voice_only_tracked_brands_share_a_mention():
    # m2 also names C, which is not tracked: among A and B it names only A
    data = _three_mentions()
    data.loc[2, "brand"] = "C"
    sov = listen.share_of_voice(data, brands=["A", "B"]).set_index("brand")
    # A: m1 1 + m2 1 = 2; B: m3 1; 3 distinct mentions
    assert sov["mentions_fractional"].tolist() == [2.0, 1.0]
    assert sov.loc["A", "share_of_voice"] == pytest.approx(2 / 3)


def test_share_of_voice_row_without_mention_id_is_a_mention_of_its_own():
    data = _three_mentions()
    data["mention_id"] = None  # the two m2 rows can no longer be told to be one mention
    sov = listen.share_of_voice(data).set_index("brand")
    assert sov["mentions_fractional"].tolist() == [2.0, 2.0]  # 4 rows, 4 mentions
    assert sov["share_of_voice"].tolist() == [0.5, 0.5]


def test_share_of_voice_mention_without_author_is_its_own_cluster():
    data = _three_mentions(author=None)
    sov = listen.share_of_voice(data).set_index("brand")
    assert sov["authors"].tolist() == [3, 3]  # m2's two rows are one cluster, not two


def _fifty_mentions(authors):
    # 30 mentions of A, then 20 of B
    brands = ["A"] * 30 + ["B"] * 20
    return make_mentions(
        [
            {"brand": b, "author": a, "created_at": "2025-03-03"}
            for b, a in zip(brands, authors, strict=True)
        ]
    )


def test_share_of_voice_interval_of_independent_authors_is_binomial_like():
    sov = listen.share_of_voice(_fifty_mentions([f"@u{i}" for i in range(50)]))
    a = sov.set_index("brand").loc["A"]
    # 50 authors, one mention each: the bootstrap of a proportion 30/50; its normal
    # approximation 0.6 ± 1.96·sqrt(0.6·0.4/50) = 0.6 ± 0.136 -> (0.464, 0.736)
    assert a["share_of_voice_low"] == pytest.approx(0.464, abs=0.02)
    assert a["share_of_voice_high"] == pytest.approx(0.736, abs=0.02)
    assert a["authors"] == 50 and not a["small_sample"]


def test_share_of_voice_interval_widens_when_one_author_posts_many():
    independent = listen.share_of_voice(_fifty_mentions([f"@u{i}" for i in range(50)]))
    # same counts (A 30, B 20), but one fan wrote 25 of A's 30 mentions: 26 authors
    fan = ["@fan"] * 25 + [f"@u{i}" for i in range(25)]
    clustered = listen.share_of_voice(_fifty_mentions(fan))
    assert clustered["share_of_voice"].tolist() == independent["share_of_voice"].tolist()
    assert clustered["authors"].iloc[0] == 26

    def width(t):
        return (t["share_of_voice_high"] - t["share_of_voice_low"]).iloc[0]

    # without the fan, A keeps 5 of 25 mentions (0.2); with the fan twice, 55 of 75 (0.73):
    # the clustered interval spans such swings, the independent one ~0.27
    assert width(clustered) > 2 * width(independent)
    assert clustered["share_of_voice_low"].iloc[0] < 0.3
    assert ((clustered[["share_of_voice_low", "share_of_voice_high"]] >= 0).all()).all()
    assert ((clustered[["share_of_voice_low", "share_of_voice_high"]] <= 1).all()).all()


def test_share_of_voice_bootstrap_is_seeded_and_can_be_skipped():
    data = _fifty_mentions([f"@u{i % 23}" for i in range(50)])
    first = listen.share_of_voice(data, seed=3)
    assert first.equals(listen.share_of_voice(data, seed=3))
    assert not first.equals(listen.share_of_voice(data, seed=4))
    skipped = listen.share_of_voice(data, n_boot=0)
    assert skipped["share_of_voice_low"].isna().all()
    assert skipped["share_of_voice"].tolist() == first["share_of_voice"].tolist()
    with pytest.raises(ValueError, match="n_boot"):
        listen.share_of_voice(data, n_boot=-1)
    with pytest.raises(ValueError, match="confidence"):
        listen.share_of_voice(data, confidence=1.5)


def test_share_of_voice_bootstraps_within_each_week():
    # week of 3 Mar: one author, A 2 of 3; week of 10 Mar: 40 authors, A 10 of 40
    rows = [{"brand": "A", "author": "@solo", "created_at": "2025-03-03"}] * 2
    rows += [{"brand": "B", "author": "@solo", "created_at": "2025-03-04"}]
    rows += [
        {"brand": "A" if i < 10 else "B", "author": f"@u{i}", "created_at": "2025-03-11"}
        for i in range(40)
    ]
    weekly = listen.share_of_voice(make_mentions(rows), freq="W").set_index(["period", "brand"])
    one = weekly.loc[(pd.Timestamp("2025-03-03"), "A")]
    assert one["share_of_voice"] == pytest.approx(2 / 3)
    assert one["share_of_voice_low"] == pytest.approx(2 / 3)  # one author: no variation
    assert one["share_of_voice_high"] == pytest.approx(2 / 3)
    assert one["authors"] == 1 and one["small_sample"]
    many = weekly.loc[(pd.Timestamp("2025-03-10"), "A")]
    assert many["share_of_voice"] == pytest.approx(0.25)
    assert many["share_of_voice_low"] < 0.25 < many["share_of_voice_high"]
    assert many["authors"] == 40


def test_share_of_voice_groups_add_up_to_one():
    rng = np.random.default_rng(0)
    n = 400
    data = make_mentions(
        [
            {
                "mention_id": f"m{rng.integers(0, 300)}",  # some ids repeat: multi-brand
                "brand": str(rng.choice(["A", "B", "C"])),
                "author": f"@u{rng.integers(0, 60)}",
                "channel": str(rng.choice(["x", "facebook"])),
                "created_at": "2025-03-03",
            }
            for _ in range(n)
        ]
    ).drop_duplicates(["mention_id", "brand"])
    data["channel"] = data.groupby("mention_id")["channel"].transform("first")
    sov = listen.share_of_voice(data, by="channel")
    totals = sov.groupby("channel")["share_of_voice"].sum()
    assert totals.to_numpy() == pytest.approx([1.0, 1.0])
    distinct = data.groupby("channel")["mention_id"].nunique()
    assert sov.groupby("channel")["mentions_fractional"].sum().to_numpy() == pytest.approx(
        distinct.to_numpy()
    )
    bounds = sov[["share_of_voice_low", "share_of_voice_high"]]
    assert ((bounds >= 0) & (bounds <= 1)).all().all()
    assert (sov["share_of_voice_low"] <= sov["share_of_voice_high"]).all()


def test_count_mentions_counts_a_mention_of_two_brands_once_overall():
    data = _three_mentions()
    assert listen.count_mentions(data, by=None, freq=None)["mentions"].tolist() == [3]
    per_brand = listen.count_mentions(data, freq=None)
    assert per_brand["mentions"].tolist() == [2, 2]  # m2 names both


def _sunday_night(**extra):
    # 23:30 UTC on Sunday 30 March 2025; British Summer Time began at 01:00 UTC that day,
    # so in London it is 00:30 on Monday 31 March: the week of Mon 31 Mar (in UTC, of 24 Mar)
    return make_mentions(
        [{"brand": "A", "created_at": "2025-03-30T23:30Z", "sentiment_label": "positive", **extra}]
    )


def test_buckets_are_in_the_clients_time_zone():
    data = _sunday_night()
    london, utc = pd.Timestamp("2025-03-31"), pd.Timestamp("2025-03-24")
    counted = listen.count_mentions(data, freq="W", timezone="Europe/London")
    assert counted["period"].tolist() == [london]
    assert listen.count_mentions(data, freq="W")["period"].tolist() == [utc]
    sov = listen.share_of_voice(data, freq="W", timezone="Europe/London")
    assert sov["period"].tolist() == [london]
    net = listen.net_sentiment(data, freq="W", timezone="Europe/London")
    assert net["period"].tolist() == [london]
    daily = listen.count_mentions(data, freq="D", timezone="Europe/London")
    assert daily["period"].tolist() == [pd.Timestamp("2025-03-31")]


def test_net_sentiment_n_excludes_neutral_mentions():
    labels = ["neutral"] * 47 + ["positive"] * 2 + ["negative"]
    data = make_mentions(
        [{"brand": "A", "created_at": "2025-03-03", "sentiment_label": x} for x in labels]
    )
    row = listen.net_sentiment(data).iloc[0]
    # (2 − 1) / (2 + 1) = +0.33 on n = 3, however many neutral mentions there are
    assert row["net_sentiment"] == pytest.approx(1 / 3)
    assert row["n"] == 3 and row["neutral"] == 47
    assert bool(row["small_sample"]) is True
    # Wilson 95% for 2 of 3 is (0.2077, 0.9385) -> 2p − 1 = (−0.585, 0.877), inside [−1, 1]
    assert row["net_sentiment_low"] == pytest.approx(-0.585, abs=1e-3)
    assert row["net_sentiment_high"] == pytest.approx(0.877, abs=1e-3)


def test_net_sentiment_counts_a_mention_of_two_brands_once_per_group():
    data = _three_mentions(sentiment_label="positive")
    weekly = listen.net_sentiment(data, by=None, freq="W").iloc[0]
    assert weekly["positive"] == 3  # m1, m2 and m3, not m2 twice
    per_brand = listen.net_sentiment(data).set_index("brand")
    assert per_brand["positive"].tolist() == [2, 2]


def test_language_mix_counts_distinct_mentions():
    data = _three_mentions(language="en")
    data.loc[3, "language"] = "de"
    mix = listen.language_mix(data).set_index("language")
    # m1 and m2 in English (m2 once, not twice), m3 in German
    assert mix["mentions"].to_dict() == {"en": 2, "de": 1}
    assert mix.loc["en", "share"] == pytest.approx(2 / 3)


def test_the_voice_of_each_author_sums_to_the_share_of_voice():
    from tests.factories import make_mentions

    mentions = make_mentions(
        [
            {"mention_id": "m1", "author": "@a", "brand": "Acme", "created_at": "2025-03-01"},
            {"mention_id": "m2", "author": "@a", "brand": "Acme", "created_at": "2025-03-02"},
            # one mention naming both brands: half to each
            {"mention_id": "m3", "author": "@b", "brand": "Acme", "created_at": "2025-03-02"},
            {"mention_id": "m3", "author": "@b", "brand": "Beta", "created_at": "2025-03-02"},
            {"mention_id": "m4", "author": "@c", "brand": "Beta", "created_at": "2025-03-03"},
        ]
    )
    voice = listen.voice_by_author(mentions, brand="Acme", brands=["Acme", "Beta"])
    assert voice.sort_index().to_dict("list") == {"own": [2.0, 0.5, 0.0], "total": [2.0, 1.0, 1.0]}
    share = listen.share_of_voice(mentions, brands=["Acme", "Beta"], n_boot=0)
    assert (
        voice["own"].sum() / voice["total"].sum()
        == share.set_index("brand").loc["Acme", "share_of_voice"]
        == 2.5 / 4
    )
