"""Within-channel comparison of posts: the engagement index, the stratified effect and its
interval, the best-group decision, and the hashtag difference; hand-computed on small fixtures,
plus seeded simulations of clients with no effect (the rule must stay silent) and with one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ronr import engagement
from tests.factories import make_posts

# Simpson's paradox by hand (reach 1,000 everywhere, so a rate is likes / 1,000):
#   instagram (strong): photos 60 80 90 100 120 likes, videos 130 150;     median 100 likes
#   facebook  (weak):   photos 4 6 likes,           videos 8 10 12 14 16;  median 10 likes
# Video beats photo on both channels but is mostly posted on the weak one, so pooled it loses:
# photo (450 + 10) / 7 = 65.71 likes per post, video (280 + 60) / 7 = 48.57.
SIMPSON = {
    "instagram": {"photo": [60, 80, 90, 100, 120], "video": [130, 150]},
    "facebook": {"photo": [4, 6], "video": [8, 10, 12, 14, 16]},
}


def _posts(likes_by_channel: dict[str, dict[str, list[int]]], **extra) -> pd.DataFrame:
    """Posts with reach 1,000 and the given likes, per channel and post type."""
    return make_posts(
        [
            {
                "channel": channel,
                "post_type": post_type,
                "likes": likes,
                "reach": 1000,
                "published_at": "2025-03-10",
                **extra,
            }
            for channel, types in likes_by_channel.items()
            for post_type, all_likes in types.items()
            for likes in all_likes
        ]
    )


def test_index_engagement_divides_each_post_by_its_channels_median_post():
    indexed = engagement.index_engagement(_posts(SIMPSON))
    instagram = indexed[indexed["channel"] == "instagram"]
    assert instagram["channel_median"].unique() == pytest.approx([0.10])
    # 60 80 90 100 120 130 150 likes / the median 100
    assert instagram["engagement_index"].tolist() == pytest.approx(
        [0.6, 0.8, 0.9, 1.0, 1.2, 1.3, 1.5]
    )
    facebook = indexed[indexed["channel"] == "facebook"]
    assert facebook["channel_median"].unique() == pytest.approx([0.01])
    assert facebook["engagement_index"].tolist() == pytest.approx(
        [0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6]
    )
    assert set(indexed["measure"]) == {"engagement rate by reach"}


def test_index_engagement_chooses_the_basis_per_channel_and_keeps_missing_missing():
    rows = [
        # x reports impressions only: its rates are by impressions, 10/100 and 30/100
        {"channel": "x", "likes": 10, "impressions": 100},
        {"channel": "x", "likes": 30, "impressions": 100},
        # instagram by reach: 5/50, 10/50, 20/50 → median 0.2; no likes: no value, no index
        {"channel": "instagram", "likes": 5, "reach": 50},
        {"channel": "instagram", "likes": 10, "reach": 50},
        {"channel": "instagram", "likes": 20, "reach": 50},
        {"channel": "instagram", "likes": None, "reach": 50},
        # facebook: the median post has 0 engagements, so no post there has an index
        {"channel": "facebook", "likes": 0, "reach": 100},
        {"channel": "facebook", "likes": 0, "reach": 100},
        {"channel": "facebook", "likes": 5, "reach": 100},
    ]
    posts = make_posts([{"published_at": "2025-03-10", **row} for row in rows])
    indexed = engagement.index_engagement(posts)
    assert indexed["measure"].tolist()[:3] == [
        "engagement rate by impressions",
        "engagement rate by impressions",
        "engagement rate by reach",
    ]
    # x: median (0.1 + 0.3)/2 = 0.2 → 0.5 and 1.5; instagram: 0.1, 0.2, 0.4 over 0.2
    assert indexed["engagement_index"].iloc[:5].tolist() == pytest.approx([0.5, 1.5, 0.5, 1, 2])
    assert indexed["engagement_index"].iloc[5:].isna().all()
    assert indexed["channel_median"].iloc[6] == 0


def test_within_channel_comparison_undoes_simpsons_paradox():
    posts = _posts(SIMPSON)
    pooled = engagement.engagement_by(posts, by="post_type").set_index("post_type")
    assert pooled.loc["photo", "mean_rate"] > pooled.loc["video", "mean_rate"]  # 0.0657 > 0.0486
    table = engagement.compare_within_channel(posts, by="post_type")
    assert table["post_type"].tolist() == ["video", "photo"]  # best effect first
    video = table.iloc[0]
    # mean index (1.3 + 1.5 + 0.8 + 1.0 + 1.2 + 1.4 + 1.6) / 7 = 8.8 / 7
    assert video["mean_index"] == pytest.approx(8.8 / 7)
    # instagram: video 1.4 − photo 0.9 = 0.5; facebook: 1.2 − 0.5 = 0.7; MH weights 2·5/7 on
    # both, so the effect is (0.5 + 0.7)/2 = 0.6.
    # Welch variances s²/n: instagram 0.02/2 + 0.05/5 = 0.02, facebook 0.1/5 + 0.02/2 = 0.03;
    # var = (0.02 + 0.03)/4 = 0.0125, se = 0.111803. Satterthwaite df =
    # 0.0125² / ((0.01/4)²/1 + (0.01/4)²/4 + (0.02/4)²/4 + (0.01/4)²/1) = 7.6923.
    assert video["effect"] == pytest.approx(0.6)
    assert video["effect_se"] == pytest.approx(0.0125**0.5)
    assert video["effect_df"] == pytest.approx(7.6923077)
    half = 2.322158874446695 * 0.0125**0.5  # t(0.975, 7.6923)
    assert (video["effect_low"], video["effect_high"]) == pytest.approx((0.6 - half, 0.6 + half))
    assert video["effect_low"] > 0
    assert (video["n"], video["n_compared"], video["n_other"]) == (7, 7, 7)
    assert video["channels"] == "facebook, instagram"
    assert table.iloc[1]["effect"] == pytest.approx(-0.6)  # photo mirrors video
    assert table.attrs["measure"] == "engagement index"
    assert table.attrs["measures"] == {
        "facebook": "engagement rate by reach",
        "instagram": "engagement rate by reach",
    }


def test_one_channel_effect_is_welchs_interval():
    instagram = _posts({"instagram": SIMPSON["instagram"]})
    row = engagement.compare_within_channel(instagram).set_index("post_type").loc["video"]
    # indexes 1.3 1.5 against 0.6 0.8 0.9 1.0 1.2 (median 100 likes)
    welch = stats.ttest_ind([1.3, 1.5], [0.6, 0.8, 0.9, 1.0, 1.2], equal_var=False)
    interval = welch.confidence_interval(0.95)
    assert row["effect"] == pytest.approx(0.5)
    assert row["effect_df"] == pytest.approx(welch.df)  # 3.2
    assert (row["effect_low"], row["effect_high"]) == pytest.approx((interval.low, interval.high))
    # mean index 1.4, sd √0.02: Student-t interval 1.4 ± t(0.975, 1)·√0.02/√2 = ± 12.7062·0.1
    assert row["ci_low"] == pytest.approx(1.4 - 12.706204736 * 0.1)


def test_a_channel_with_one_post_on_a_side_is_not_compared():
    # on x the single video has no variance of its own: x counts for neither type's effect
    posts = _posts({**SIMPSON, "x": {"photo": [1, 2, 3], "video": [9]}})
    table = engagement.compare_within_channel(posts).set_index("post_type")
    assert table.loc["video", "effect"] == pytest.approx(0.6)
    assert table.loc["video", "channels"] == "facebook, instagram"
    assert table.loc["video", "n"] == 8  # the x video still counts in its mean index
    assert table.loc["video", "n_compared"] == 7
    only_x = engagement.compare_within_channel(_posts({"x": {"photo": [1, 2, 3], "video": [9]}}))
    assert only_x["effect"].isna().all() and (only_x["n_compared"] == 0).all()
    assert (only_x["channels"] == "").all()
    # x: 1 2 3 9 likes, median 2.5 → photos 0.4 0.8 1.2, mean 0.8, sd 0.4; t(0.975, 2) = 4.302653
    # gives 0.8 ± 0.99368, whose lower end is clipped at 0 (an index cannot be negative)
    photo = only_x.set_index("post_type").loc["photo"]
    assert (photo["ci_low"], photo["ci_high"]) == pytest.approx((0, 0.8 + 4.302653 * 0.4 / 3**0.5))


def test_compare_within_channel_by_weekday_and_on_no_posts():
    posts = _posts({"instagram": {"photo": [60, 80, 90, 100, 120], "video": [130, 150]}})
    posts["published_weekday"] = ["mon"] * 5 + ["sat"] * 2  # the same split, by weekday
    by_day = engagement.compare_within_channel(posts, by="published_weekday")
    assert by_day["published_weekday"].tolist() == ["sat", "mon"]
    assert by_day["effect"].tolist() == pytest.approx([0.5, -0.5])
    empty = engagement.compare_within_channel(posts.iloc[:0])
    assert empty.empty
    assert list(empty.columns) == ["post_type", *engagement.WITHIN_COLUMNS]


def _effects(*rows: tuple[str, float, float, float, int]) -> pd.DataFrame:
    """A comparison table with only what the decision reads."""
    return pd.DataFrame(
        rows, columns=["post_type", "effect", "effect_se", "effect_df", "n_compared"]
    ).assign(n_other=40)


def test_select_best_group_widens_the_interval_for_the_number_of_groups_compared():
    # effect 0.5, se 0.2, df 30: alone, 0.5 − t(0.975, 30)·0.2 = 0.5 − 2.0423·0.2 = 0.0915 > 0
    alone = engagement.select_best_group(_effects(("video", 0.5, 0.2, 30, 40)), min_posts=10)
    assert alone["post_type"] == "video" and alone["k"] == 1
    assert alone["adjusted_low"] == pytest.approx(0.5 - 2.0422724563 * 0.2)
    # best of 4: confidence 1 − 0.05/4 = 0.9875, t(0.99375, 30) = 2.6574: 0.5 − 0.5315 < 0
    four = _effects(
        ("video", 0.5, 0.2, 30, 40),
        ("photo", 0.1, 0.2, 30, 40),
        ("link", -0.2, 0.2, 30, 40),
        ("reel", -0.3, 0.2, 30, 40),
    )
    assert engagement.select_best_group(four, min_posts=10) is None
    # groups below min_posts do not compete, so do not widen the interval
    few = four.assign(n_compared=[40, 9, 9, 9])
    assert engagement.select_best_group(few, min_posts=10)["k"] == 1
    assert engagement.select_best_group(few, min_posts=41) is None
    # an effect with no interval (se missing) never competes
    assert engagement.select_best_group(_effects(("video", 0.5, np.nan, np.nan, 40))) is None


def test_select_best_group_on_the_simpson_posts():
    table = engagement.compare_within_channel(_posts(SIMPSON))
    best = engagement.select_best_group(table, min_posts=5)
    # two types compete: confidence 0.975, t(0.9875, 7.6923) = 2.776159
    half = 2.776158822360193 * 0.0125**0.5
    assert best["post_type"] == "video" and best["adjusted_confidence"] == pytest.approx(0.975)
    assert (best["adjusted_low"], best["adjusted_high"]) == pytest.approx((0.6 - half, 0.6 + half))
    assert engagement.select_best_group(table, min_posts=8) is None  # 7 posts each side


def test_hashtag_effect_adds_the_welch_difference():
    rows = [
        *({"text": "Spring #coffee", "likes": likes} for likes in (20, 30, 40)),
        *({"text": "Spring coffee", "likes": likes} for likes in (70, 80, 90)),
        {"text": None, "likes": 500},  # unknown whether it had a hashtag: left out
    ]
    posts = make_posts([{"reach": 1000, "published_at": "2025-03-10", **row} for row in rows])
    table = engagement.hashtag_effect(posts)
    assert list(table.columns) == ["has_hashtags", *engagement.BY_COLUMNS]
    # 0.03 − 0.08 = −0.05; s² = 0.0001 on both sides, se = √(2·0.0001/3) = 0.0081650, Welch
    # df = 4, t(0.975, 4) = 2.776445: −0.05 ± 0.022669
    half = 2.7764451051977934 * (2 * 0.0001 / 3) ** 0.5
    assert table.attrs["difference"] == pytest.approx(-0.05)
    assert (table.attrs["difference_low"], table.attrs["difference_high"]) == pytest.approx(
        (-0.05 - half, -0.05 + half)
    )
    one_each = engagement.hashtag_effect(posts.iloc[[0, 3]])
    assert one_each.attrs["difference"] == pytest.approx(-0.05)
    assert np.isnan(one_each.attrs["difference_high"])  # a variance needs two posts a side


# --- simulated clients ------------------------------------------------------------------------

# Three channels far apart in level and spread, four post types spread very unevenly over them:
# video lives on tiktok (the strong channel), photo on facebook (the weak one). Per type: photo
# 72, video 95, link 30, reel 72 posts (with about 48 photos, ×1.5 is found in 53 of 100).
CHANNELS = {  # channel: (median rate, lognormal sigma, posts per type)
    "facebook": (0.01, 0.4, {"photo": 50, "video": 14, "link": 22, "reel": 4}),
    "instagram": (0.05, 0.6, {"photo": 18, "video": 18, "link": 4, "reel": 50}),
    "tiktok": (0.20, 0.8, {"photo": 4, "video": 63, "link": 4, "reel": 18}),
}


def _simulated_client(rng: np.random.Generator, *, lift: dict[str, float]) -> pd.DataFrame:
    """One client's posts: engagement lognormal around its channel's median, × lift[type]."""
    frames = []
    for channel, (median, sigma, counts) in CHANNELS.items():
        types = np.repeat(list(counts), list(counts.values()))
        rate = median * np.exp(sigma * rng.standard_normal(len(types)))
        rate *= np.array([lift.get(t, 1.0) for t in types])
        likes = np.round(rate * 5000)
        frames.append(
            pd.DataFrame(
                {
                    "channel": channel,
                    "post_type": types,
                    "reach": 5000.0,
                    "likes": likes,
                    "total_engagements": likes,  # as the store derives it at load
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _pooled_pick(posts: pd.DataFrame) -> str | None:
    """The old pooled rule: the type whose interval lies above every other type's."""
    table = engagement.engagement_by(posts, by="post_type")
    solid = table[table["n"] >= 10]
    if len(solid) >= 2 and solid["ci_low"].iloc[0] > solid["ci_high"].iloc[1:].max():
        return solid["post_type"].iloc[0]
    return None


def _within_pick(posts: pd.DataFrame) -> str | None:
    best = engagement.select_best_group(
        engagement.compare_within_channel(posts), min_posts=10, confidence=0.95
    )
    return None if best is None else best["post_type"]


def test_no_post_type_effect_rarely_makes_a_recommendation():
    rng = np.random.default_rng(2025)
    clients = [_simulated_client(rng, lift={}) for _ in range(200)]
    within = [_within_pick(posts) for posts in clients]
    pooled = [_pooled_pick(posts) for posts in clients]
    # measured: 3 of 200 (seed 2025); Bonferroni bounds the rate near 2.5% in theory
    assert sum(pick is not None for pick in within) <= 10  # ≤ 5%
    # the pooled rule calls the channel's level a post-type effect (measured: 97 of 200, video)
    assert sum(pick == "video" for pick in pooled) >= 60


def test_a_real_post_type_effect_is_found_in_most_clients():
    # photos earn 1.5× the other posts on every channel, but photos live on the weak channel
    rng = np.random.default_rng(7)
    clients = [_simulated_client(rng, lift={"photo": 1.5}) for _ in range(100)]
    within = [_within_pick(posts) for posts in clients]
    assert sum(pick == "photo" for pick in within) >= 75  # measured: 92 of 100
    assert sum(pick not in (None, "photo") for pick in within) <= 5
    pooled = [_pooled_pick(posts) for posts in clients]
    assert "photo" not in pooled  # blind to it, and 49 of 100 times it says video


def test_an_effect_interval_stays_within_what_the_index_allows():
    # facebook 0 and 100 likes (type a) against 10 10 10 12 (type b): median 10 likes, indexes
    # a 0 and 10 (mean 5), b 1 1 1 1.2 (mean 1.05). b's effect 1.05 − 5 = −3.95 has Welch se
    # √(50/2 + 0.01/4) ≈ 5.0 on ≈ 1 df, so −3.95 − 12.7·5.0 would be far below −5; but b's
    # mean index cannot be below 0, so its effect cannot be below −5 (minus a's mean index)
    posts = _posts({"facebook": {"a": [0, 100], "b": [10, 10, 10, 12]}})
    table = engagement.compare_within_channel(posts).set_index("post_type")
    assert table.loc["b", "effect"] == pytest.approx(-3.95)
    assert table.loc["b", "effect_low"] == pytest.approx(-5)
    assert table.loc["a", "effect_high"] > 60  # above, an index has no bound


def test_stories_are_left_out_of_feed_comparisons():
    # instagram: reels 20 40, photos 10 30, stories 900 1,000 likes (reach 1,000 each). The
    # feed's median is (20 + 30) / 2 = 25 likes: reels index 0.8 and 1.6 (mean 1.2), photos 0.4
    # and 1.2 (mean 0.8); the stories would lift the median to 35 and take a row of their own
    rows = [
        ("reel", 20),
        ("reel", 40),
        ("photo", 10),
        ("photo", 30),
        ("story", 900),
        ("story", 1000),
    ]
    posts = make_posts(
        [
            {"channel": "instagram", "post_type": kind, "likes": likes, "reach": 1000,
             "published_at": "2025-03-10", "text": "#coffee" if kind == "story" else "hello"}
            for kind, likes in rows
        ]
    )  # fmt: skip
    table = engagement.compare_within_channel(posts, by="post_type").set_index("post_type")
    assert sorted(table.index) == ["photo", "reel"]
    assert table.loc["reel", "mean_index"] == pytest.approx(1.2)
    assert table.loc["photo", "mean_index"] == pytest.approx(0.8)
    assert table.attrs["stories_left_out"] == 2
    tags = engagement.hashtag_effect(posts, channel="instagram")
    assert tags.attrs["stories_left_out"] == 2
    assert list(tags["has_hashtags"]) == [False]  # only the stories had hashtags
