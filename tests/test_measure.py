import math

import pytest

from ronr import engagement, measure
from tests.factories import make_posts


@pytest.fixture
def posts():
    return make_posts(
        [
            # engagements 10+2+3=15 of reach 100; followers 1000
            {
                "published_at": "2025-01-06T09:00Z",
                "likes": 10,
                "comments": 2,
                "shares": 3,
                "reach": 100,
                "impressions": 200,
                "followers_at_post": 1000,
                "post_type": "photo",
            },
            # engagements 20+4+1+5(saves)=30 of reach 200; followers 1000
            {
                "published_at": "2025-01-07T09:00Z",
                "likes": 20,
                "comments": 4,
                "shares": 1,
                "saves": 5,
                "reach": 200,
                "impressions": 300,
                "followers_at_post": 1000,
                "post_type": "photo",
            },
            # comments unknown (missing is not 0); no reach -> not in reach-based rate
            {
                "published_at": "2025-02-03T09:00Z",
                "likes": 6,
                "comments": None,
                "shares": 2,
                "reach": None,
                "impressions": 100,
                "followers_at_post": None,
                "post_type": "video",
            },
        ]
    )


def test_kaushik_rates_count_only_known_values(posts):
    rates = measure.kaushik_rates(posts, by=("brand",)).iloc[0]
    assert rates["posts"] == 3
    assert rates["conversation_rate"] == pytest.approx((2 + 4) / 2)
    assert rates["amplification_rate"] == pytest.approx((3 + 1 + 2) / 3)
    assert rates["applause_rate"] == pytest.approx((10 + 20 + 6) / 3)
    # per 1,000 followers: only posts with followers known
    assert rates["applause_rate_per_1k"] == pytest.approx(30 / 2000 * 1000)
    assert rates["conversation_rate_per_1k"] == pytest.approx(6 / 2000 * 1000)
    assert bool(rates["small_sample"]) is True


def test_kaushik_rates_per_month(posts):
    monthly = measure.kaushik_rates(posts, by=(), freq="MS")
    assert monthly["posts"].tolist() == [2, 1]
    assert math.isnan(monthly["conversation_rate"].iloc[1])


def test_engagement_rate_by_reach_and_impressions(posts):
    by_reach = measure.engagement_rate(posts, by=("brand",)).iloc[0]
    assert by_reach["posts"] == 2
    assert by_reach["engagement_rate"] == pytest.approx((15 + 30) / (100 + 200))
    assert by_reach["basis"] == "reach"
    by_impressions = measure.engagement_rate(posts, by=(), basis="impressions").iloc[0]
    # the February post's comments are unknown on a channel that reports comments: its
    # engagements are unknown (not 6 + 2), so it leaves the impressions rate too
    assert by_impressions["posts"] == 2
    assert by_impressions["engagement_rate"] == pytest.approx((15 + 30) / (200 + 300))


def test_engagement_rate_rejects_unknown_basis(posts):
    with pytest.raises(ValueError, match="basis"):
        measure.engagement_rate(posts, basis="followers")


def test_engagement_by_post_type_with_interval(posts):
    table = engagement.engagement_by(posts, by="post_type").set_index("post_type")
    # per-post rates 0.15 and 0.15 -> mean 0.15, zero spread -> interval collapses
    assert table.loc["photo", "n"] == 2
    assert table.loc["photo", "mean_rate"] == pytest.approx(0.15)
    assert table.loc["photo", "ci_low"] == pytest.approx(0.15)
    assert "video" not in table.index  # no reach, no rate


def test_engagement_by_interval_matches_student_t():
    data = make_posts(
        [
            {"published_at": "2025-01-01", "likes": likes, "reach": 100, "post_type": "reel"}
            for likes in (10, 20, 30)
        ]
    )
    row = engagement.engagement_by(data, by="post_type").iloc[0]
    # mean 0.2, sd 0.1, n 3: t(0.975, 2) = 4.302653 -> half width 4.302653 * 0.1 / sqrt(3)
    half = 4.302653 * 0.1 / 3**0.5
    assert row["mean_rate"] == pytest.approx(0.2)
    assert 0.2 - half < 0  # a rate cannot be negative: the interval is clipped at 0
    assert row["ci_low"] == 0.0
    assert row["ci_high"] == pytest.approx(0.2 + half, rel=1e-5)


def test_has_hashtags():
    data = make_posts(
        [
            {"published_at": "2025-01-01", "text": "Morning! #coffee"},
            {"published_at": "2025-01-01", "text": "Issue #5 of our letter"},
            {"published_at": "2025-01-01", "text": "no tags, just C#"},
            {"published_at": "2025-01-01", "text": None},
        ]
    )
    assert engagement.has_hashtags(data).tolist() == [True, True, False, False]


def test_safe_ratio_with_scalar_and_zero_denominators():
    import pandas as pd

    from ronr.stats import safe_ratio

    assert safe_ratio(3, 4) == 0.75
    assert math.isnan(safe_ratio(3, 0))
    assert safe_ratio(pd.Series([1, 2]), 0).isna().all()
    result = safe_ratio(pd.Series([1, 2]), pd.Series([2, 0]))
    assert result.iloc[0] == 0.5 and math.isnan(result.iloc[1])


def test_by_takes_a_column_or_a_sequence_everywhere(posts):
    one = engagement.engagement_by(posts, by="post_type")
    two = engagement.engagement_by(posts, by=("channel", "post_type"))
    assert list(two.columns[:2]) == ["channel", "post_type"]
    assert two["mean_rate"].tolist() == one["mean_rate"].tolist()  # one channel: same groups
    assert measure.kaushik_rates(posts, by="brand")["posts"].tolist() == [3]
    assert measure.kaushik_rates(posts, by=None)["posts"].tolist() == [3]
