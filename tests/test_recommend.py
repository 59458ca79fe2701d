"""Each recommendation rule on a small hand-made workspace: it fires with the numbers computed by
hand, and stays silent just below its threshold."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ronr import engagement, metrics, recommend, sections, stats, tweak
from ronr.config import (
    ClosedDaysSettings,
    FacebookHashtagsSettings,
    NegativeSpikeSettings,
    PostTypeSettings,
    RecommendationSettings,
    parse_config,
)
from ronr.recommend import RULES, Recommendation, apply_rules
from ronr.schema import empty_table
from ronr.store import Workspace, data_spans
from tests.factories import make_mentions, make_posts, ts

CONFIG = {
    "client": "acme",
    "display_name": "Acme",
    "brand": {"name": "Acme", "handles": ["@acme"]},
    "competitors": [{"name": "Beta", "handles": ["@beta"]}],
    "period": {"start": "2025-03-01", "end": "2025-03-31"},
}


def make_workspace(*, config: dict | None = None, **tables: pd.DataFrame) -> Workspace:
    """A workspace over March 2025 holding ``tables`` (the others empty), as the store builds it."""
    full = {
        name: tables.get(name, empty_table(name))
        for name in ("posts", "mentions", "responses", "audience", "followers")
    }
    return Workspace(
        config=parse_config({**CONFIG, **(config or {})}),
        **full,
        provenance=pd.DataFrame(),
        rejects=pd.DataFrame(),
        start=ts("2025-03-01"),
        end=ts("2025-03-31"),
        spans=data_spans(full),
    )


def said(found) -> list[tuple[str, str, str]]:
    """What each recommendation says: title, evidence and metric."""
    return [(r.title, r.evidence, r.metric) for r in found]


# --- the table of rules ---------------------------------------------------------------------


def test_every_rule_names_a_registered_metric():
    assert [rule.metric for rule in RULES] == [
        "response_rate_by_theme",
        "channel_audience_fit",
        "first_response_time",
        "member_love",
        "negative_spike",
        "engagement_index_effect",
        "hashtag_effect",
    ]
    assert {rule.metric for rule in RULES} <= set(metrics.METRICS)


def test_every_rule_has_its_config_section_with_the_rules_defaults():
    fields = RecommendationSettings.model_fields
    assert [rule.key for rule in RULES] == list(
        fields
    )  # no rule without config, nor config without rule
    absent = RecommendationSettings()  # what a client.yaml without `recommendations:` gets
    for rule in RULES:
        assert fields[rule.key].annotation is rule.settings
        assert getattr(absent, rule.key) == rule.settings()
        assert rule.settings_of(parse_config(CONFIG)) == rule.settings()


def test_the_defaults_are_the_thresholds_the_cover_has_always_used():
    assert RecommendationSettings().model_dump() == {
        "answer_theme": {"enabled": True, "min_mentions": 10, "confidence": 0.99},
        "effort_gap": {"enabled": True},
        "closed_days": {"enabled": True, "ratio": 2.0},
        "standout_members": {"enabled": True, "min_members": 2, "ratio": 2.0, "min_z": 2.5},
        "negative_spike": {
            "enabled": True,
            "min_incidents": 1,
            "severity": 6.0,
            "min_negative": 10,
        },
        "post_type": {"enabled": True, "min_posts": stats.SMALL_SAMPLE, "confidence": 0.99},
        "facebook_hashtags": {"enabled": True, "min_posts": 2, "confidence": 0.99},
    }


def test_a_disabled_rule_makes_no_recommendation():
    posts = _post_type_posts(videos=10)
    assert [r.metric for r in apply_rules(make_workspace(posts=posts))] == [
        "engagement_index_effect"
    ]
    off = make_workspace(posts=posts, config={"recommendations": {"post_type": {"enabled": False}}})
    assert apply_rules(off) == []


# --- effort gap -----------------------------------------------------------------------------


def _audience(female_share: dict[str, float]) -> pd.DataFrame:
    rows = [
        {"channel": ch, "dimension": "gender", "bucket": bucket, "share": share}
        for ch, female in female_share.items()
        for bucket, share in (("female", female), ("male", round(1 - female, 2)))
    ]
    return pd.DataFrame(rows).assign(as_of=ts("2025-03-31"))


GENDER_MARKET = {"target_market": {"gender": {"female": 0.5, "male": 0.5}}}
# fit = 1 − total variation distance: instagram 1.0, x 1 − (0.2 + 0.2)/2 = 0.8, facebook 0.6
AUDIENCE = _audience({"instagram": 0.5, "x": 0.7, "facebook": 0.9})


def test_effort_gap_names_each_channel_where_the_market_lives_with_too_little_effort():
    # effort shares 0.1, 0.3, 0.6 against an equal split of 1/3; the median fit is 0.8
    ws = make_workspace(
        audience=AUDIENCE,
        config={**GENDER_MARKET, "effort": {"instagram": 10, "x": 30, "facebook": 60}},
    )
    found = recommend.advise_effort_gap(ws)
    assert said(found) == [
        (
            "Put more effort into Instagram",
            "Its audience fits the target market (fit 1.00, rank 1 of 3) but it gets 10% of "
            "the effort.",
            "channel_audience_fit",
        ),
        (
            "Put more effort into X",
            "Its audience fits the target market (fit 0.80, rank 2 of 3) but it gets 30% of "
            "the effort.",
            "channel_audience_fit",
        ),
    ]
    # the expected effect: fit above the median channel's 0.8; the whole audience, no interval
    assert [r.effect for r in found] == [pytest.approx(0.2), pytest.approx(0.0)]
    assert [(r.low, r.high, r.strength) for r in found] == [(None, None, None)] * 2
    # with follower counts, n is the channel's last known count: the audience the shares describe
    counts = pd.DataFrame(
        {
            "channel": ["instagram", "instagram", "x"],
            "date": pd.to_datetime(["2025-03-01", "2025-03-31", "2025-03-31"], utc=True),
            "followers": pd.array([1000, 1200, 300], dtype="Int64"),
        }
    )
    counted = recommend.advise_effort_gap(dataclasses.replace(ws, followers=counts, _memo={}))
    assert [r.n for r in counted] == [1200, 300]
    assert "(fit 1.00, rank 1 of 3; its audience: 1,200 followers)" in counted[0].evidence
    assert "fits the target market 0.20 better than the median channel (1.00 against 0.80)" in (
        found[0].expected
    )


def test_effort_gap_is_silent_at_an_equal_split_and_without_audience_data():
    equal = {**GENDER_MARKET, "effort": {"instagram": 1, "x": 1, "facebook": 1}}
    assert recommend.advise_effort_gap(make_workspace(audience=AUDIENCE, config=equal)) == []
    short = {**GENDER_MARKET, "effort": {"instagram": 10, "x": 30, "facebook": 60}}
    assert recommend.advise_effort_gap(make_workspace(config=short)) == []


# --- closed days ----------------------------------------------------------------------------


def _answered(asked_and_delays: list[tuple[str, float]]) -> dict[str, pd.DataFrame]:
    """Questions to Acme at the given UTC times, each answered after the given hours."""
    mentions = make_mentions(
        [{"brand": "Acme", "created_at": at, "is_question": True} for at, _ in asked_and_delays]
    )
    responses = pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(len(mentions))],
            "mention_id": mentions["mention_id"],
            "channel": "x",
            "created_at": mentions["created_at"]
            + pd.to_timedelta([hours for _, hours in asked_and_delays], unit="h"),
            "author": "@acme",
        }
    )
    return {"mentions": mentions, "responses": responses}


# business hours by default: Mon–Fri 09:00–17:00 UTC; 3 and 4 March are a Monday and Tuesday
OPEN_DAYS = [("2025-03-03 10:00", 1.0), ("2025-03-04 10:00", 2.0)]  # median 1.5 h


def test_closed_days_fires_when_their_median_is_over_twice_business_hours_and_the_target():
    # Saturday and Sunday questions answered after 4 h and 3 h: median 3.5 h > 2 × 1.5 h and > 2 h
    tables = _answered([*OPEN_DAYS, ("2025-03-08 10:00", 4.0), ("2025-03-09 10:00", 3.0)])
    [advice] = recommend.advise_closed_days(make_workspace(**tables))
    assert said([advice]) == [
        (
            "Answer on closed days too",
            "Mentions that arrive on closed days wait a median 3.5 hours (clock time) for a "
            "first response, against 1.5 hours for those arriving in business hours (target 2 h; "
            "2 answered on closed days).",
            "first_response_time",
        )
    ]
    # answered as in business hours they would wait 3.5 − 1.5 = 2 h less; a resample's medians
    # are 3, 3.5 or 4 against 1, 1.5 or 2 h, so the interval lies within −3 to −1 h
    assert (advice.effect, advice.n) == (-2.0, 2)
    assert -3.0 <= advice.low <= advice.effect <= advice.high <= -1.0


def test_closed_days_is_silent_at_the_ratio_and_under_the_target():
    # closed-day median (4 + 2) / 2 = 3.0 h is exactly 2 × 1.5 h: not above it
    at_ratio = _answered([*OPEN_DAYS, ("2025-03-08 10:00", 4.0), ("2025-03-09 10:00", 2.0)])
    assert recommend.advise_closed_days(make_workspace(**at_ratio)) == []
    over = _answered([*OPEN_DAYS, ("2025-03-08 10:00", 4.0), ("2025-03-09 10:00", 3.0)])
    # 3.5 h is not above 2.5 × 1.5 = 3.75 h, nor above a 4 h target
    ws = make_workspace(**over)
    assert recommend.advise_closed_days(ws, settings=ClosedDaysSettings(ratio=2.5)) == []
    assert (
        recommend.advise_closed_days(
            make_workspace(**over, config={"responses": {"target_hours": 4}})
        )
        == []
    )
    assert recommend.advise_closed_days(make_workspace(mentions=over["mentions"])) == []


# --- negative spike -------------------------------------------------------------------------


def _negatives_per_day(counts: list[int]) -> pd.DataFrame:
    """Acme's mentions from 1 March: on each day a neutral one and ``counts[i]`` negative ones."""
    rows = []
    for i, negative in enumerate(counts):
        day = pd.Timestamp("2025-03-01") + pd.Timedelta(days=i)
        rows.append({"brand": "Acme", "created_at": f"{day:%Y-%m-%d} 12:00"})
        rows += [
            {"brand": "Acme", "created_at": f"{day:%Y-%m-%d} 13:00", "sentiment_label": "negative"}
        ] * negative
    return make_mentions(rows)


# 1–28 March: 1 0 1 0 1 0 1 negative, four weeks. 29 March is a Saturday like 1, 8, 15 and 22
# March, all with 1: baseline (the same weekday's median) 1; the 28 days' median is 1 (16 ones,
# 12 zeros), the week-on-week changes are all 0 (MAD 0), so the scale is its floor
# max(0, √1, 1) = 1 and the threshold 1 + 4·1 = 5. A 6 is a spike (6 > 5 and ≥ 5); a 5 is not.
FOUR_WEEKS = [1, 0, 1, 0, 1, 0, 1] * 4


def test_negative_spike_fires_on_a_severe_incident():
    # 11 on 29 March: a spike (11 > 5), at least min_negative 10 and over 1 + 6·1 = 7: severe
    ws = make_workspace(mentions=_negatives_per_day([*FOUR_WEEKS, 11]))
    [advice] = recommend.advise_disaster_plan(ws)
    assert said([advice]) == [
        (
            "Keep a disaster plan ready",
            "One severe negative incident, on 29 Mar 2025: 11 negative mentions, 11 on its worst "
            "day against a usual 1.0.",
            "negative_spike",
        )
    ]
    # 11 − 1 = 10 negative mentions over the usual; its Poisson standard error √(11 + 1)
    assert (advice.effect, advice.n) == (10.0, 11)
    assert advice.strength == pytest.approx(10 / 12**0.5)


def test_negative_spike_is_silent_on_a_spike_short_of_severe_and_below_min_incidents():
    # 5 is no spike (not > 5); 9 is a spike the report shows, but under min_negative 10
    for last in (5, 9):
        quiet = make_workspace(mentions=_negatives_per_day([*FOUR_WEEKS, last]))
        assert recommend.advise_disaster_plan(quiet) == [], last
    assert len(tweak.group_incidents(sections.negative_spikes(quiet))) == 1  # the 9 is shown
    # 11 is severe at the default severity 6 (11 > 7) but not at 10 (11 > 11 fails)
    spiked = make_workspace(mentions=_negatives_per_day([*FOUR_WEEKS, 11]))
    for settings in (NegativeSpikeSettings(min_incidents=2), NegativeSpikeSettings(severity=10)):
        assert recommend.advise_disaster_plan(spiked, settings=settings) == []


def test_negative_spike_needs_four_weeks_before_a_day():
    # eight days cannot be judged: no incident, however large the last day
    ws = make_workspace(mentions=_negatives_per_day([1, 0, 1, 0, 1, 0, 1, 40]))
    assert recommend.advise_disaster_plan(ws) == []


# --- post type ------------------------------------------------------------------------------


def _post_type_posts(*, videos: int) -> pd.DataFrame:
    """Instagram posts with reach 1,000: ``videos`` videos with 100, 120, 100, … likes (rates
    0.10 and 0.12 alternating) and ten photos with 40, 60, … likes (0.04 and 0.06)."""
    video = [{"post_type": "video", "likes": 100 + 20 * (i % 2)} for i in range(videos)]
    photo = [{"post_type": "photo", "likes": 40 + 20 * (i % 2)} for i in range(10)]
    return make_posts(
        [
            {**row, "channel": "instagram", "reach": 1000, "published_at": "2025-03-10"}
            for row in video + photo
        ]
    )


# Ten videos and ten photos: the channel's median post has (60 + 100)/2 = 80 likes, so the
# videos' indexes are 1.25 and 1.5 (mean 1.375) and the photos' 0.5 and 0.75 (mean 0.625).
# Each side: sd 0.125·√(10/9), s/√n = 0.125/3. The effect is 1.375 − 0.625 = 0.75 with Welch
# se √2·0.125/3 = 0.058926 and df 18.


def test_post_type_fires_when_the_best_effect_interval_is_above_zero():
    # mean index 1.375 ± t(0.975, 9)·0.125/3 = ± 2.262157 · 0.041667 = ± 0.094257
    # two types compete, so the effect's interval is at 1 − 0.05/2 = 97.5%:
    # 0.75 ± t(0.9875, 18) · 0.058926 = ± 2.445006 · 0.058926 = ± 0.144073
    # computed at 95% (the default is 99%, see test_the_defaults_...)
    [advice] = recommend.advise_post_type(
        make_workspace(posts=_post_type_posts(videos=10)),
        settings=PostTypeSettings(confidence=0.95),
    )
    # strength: the effect over its Welch se, 0.75 / 0.058926
    assert advice.effect == pytest.approx(0.75)
    assert advice.strength == pytest.approx(0.75 / 0.058926, rel=1e-4)
    assert (advice.low, advice.high) == (pytest.approx(0.605927), pytest.approx(0.894073))
    assert said([advice])[0] == (
        "Make more video posts",
        "Video posts earn 1.38× the engagement of a typical post on the same channel (95% "
        "interval 1.28–1.47×, n = 10). Compared channel by channel, they beat the other posts "
        "by 0.75 of a typical post's engagement (97.5% interval 0.61–0.89, allowing for picking the "
        "best of 2 types).",
        "engagement_index_effect",
    )


def test_post_type_is_silent_when_the_best_type_or_the_rest_has_too_few_posts():
    # nine videos are below the 10 posts a type needs; the photos have only 9 others to beat
    assert recommend.advise_post_type(make_workspace(posts=_post_type_posts(videos=9))) == []
    ten = make_workspace(posts=_post_type_posts(videos=10))
    assert recommend.advise_post_type(ten, settings=PostTypeSettings(min_posts=11)) == []


def test_post_type_names_the_confidence_of_its_intervals():
    ws = make_workspace(posts=_post_type_posts(videos=10))
    [advice] = recommend.advise_post_type(ws, settings=PostTypeSettings(confidence=0.9))
    # t(0.95, 9) = 1.833113: 1.375 ± 0.076380 = 1.30–1.45; the effect at 1 − 0.10/2 = 95%:
    # t(0.975, 18) = 2.100922, 0.75 ± 0.123799 = 0.63–0.87
    assert "(90% interval 1.30–1.45×, n = 10)" in advice.evidence
    assert "(95% interval 0.63–0.87, allowing for picking" in advice.evidence


def _simpson_posts() -> pd.DataFrame:
    """Video beats photo on both channels but, posted mostly on the weak one, loses pooled.

    instagram: photos 60 80 90 100 120 likes, videos 130 150 (median 100);
    facebook: photos 4 6 likes, videos 8 10 12 14 16 (median 10); reach 1,000 everywhere.
    """
    likes = {
        "instagram": {"photo": [60, 80, 90, 100, 120], "video": [130, 150]},
        "facebook": {"photo": [4, 6], "video": [8, 10, 12, 14, 16]},
    }
    return make_posts(
        [
            {
                "channel": ch,
                "post_type": kind,
                "likes": n,
                "reach": 1000,
                "published_at": "2025-03-10",
            }
            for ch, kinds in likes.items()
            for kind, counts in kinds.items()
            for n in counts
        ]
    )


def test_post_type_compares_within_channel_not_pooled():
    posts = _simpson_posts()
    # pooled, photos earn 460/7 = 65.7 likes per post against the videos' 340/7 = 48.6
    pooled = engagement.engagement_by(posts, by="post_type")
    assert pooled["post_type"].iloc[0] == "photo"
    # within channel the videos lead by 0.5 (instagram) and 0.7 (facebook) typical posts, equal
    # MH weights: 0.6, se √0.0125, Satterthwaite df 7.6923; 97.5% for two types:
    # 0.6 ± t(0.9875, 7.6923)·0.111803 = ± 2.776159 · 0.111803 = ± 0.310384 → 0.29–0.91.
    # The videos' indexes 1.3 1.5 0.8 1.0 1.2 1.4 1.6: mean 1.2571, sd √(0.477143/6) = 0.28200,
    # ± t(0.975, 6)·0.28200/√7 = ± 2.446912 · 0.106586 = ± 0.260807 → 0.9963–1.5180
    [advice] = recommend.advise_post_type(
        make_workspace(posts=posts), settings=PostTypeSettings(min_posts=5, confidence=0.95)
    )
    assert said([advice])[0] == (
        "Make more video posts",
        "Video posts earn 1.26× the engagement of a typical post on the same channel (95% "
        "interval 1.00–1.52×, n = 7). Compared channel by channel, they beat the other posts "
        "by 0.60 of a typical post's engagement (97.5% interval 0.29–0.91, allowing for picking the "
        "best of 2 types).",
        "engagement_index_effect",
    )


# --- hashtags on Facebook -------------------------------------------------------------------


def _hashtag_posts(without_likes: list[int]) -> pd.DataFrame:
    """Acme's Facebook posts with reach 1,000: three with a #hashtag (20, 30, 40 likes) and
    three without (``without_likes``); plus an Instagram and a competitor's post with hashtags,
    which the rule leaves out."""
    rows = [
        *({"text": "Spring #coffee", "likes": likes} for likes in (20, 30, 40)),
        *({"text": "Spring coffee", "likes": likes} for likes in without_likes),
        {"text": "Spring #coffee", "likes": 900, "channel": "instagram"},
        {"text": "Spring #coffee", "likes": 1, "brand": "Beta"},
    ]
    return make_posts([{"reach": 1000, "published_at": "2025-03-10", **row} for row in rows])


# With hashtags 0.02 0.03 0.04 (mean 0.03, sd 0.01); without, three posts with sd 0.01 too.
# Welch: se √(0.0001/3 + 0.0001/3) = 0.0081650, df 4, t(0.975, 4) = 2.776445, so the interval
# of the difference is (0.03 − mean without) ± 0.022669.


def test_facebook_hashtags_fires_when_the_difference_interval_is_below_zero():
    # without: 70, 80, 90 likes, mean 0.08: −0.05 ± 0.022669 = −0.0727 to −0.0273
    [advice] = recommend.advise_facebook_hashtags(
        make_workspace(posts=_hashtag_posts([70, 80, 90])),
        settings=FacebookHashtagsSettings(confidence=0.95),
    )
    # dropping them: +0.05 of reach (0.0273 to 0.0727); strength 0.05 over 0.022669 / 1.96
    assert advice.effect == pytest.approx(0.05)
    assert advice.low == pytest.approx(0.027331, abs=1e-6)
    assert advice.high == pytest.approx(0.072669, abs=1e-6)
    assert advice.strength == pytest.approx(0.05 / (0.022669 / 1.959964), rel=1e-4)
    assert "Expected effect: +5.00 percentage points of engagement rate by reach" in advice.expected
    assert said([advice])[0] == (
        "Drop hashtags on Facebook",
        "Facebook posts with hashtags earn 3.00% engagement rate by reach against 8.00% without "
        "(n = 3 and 3): 2.73–7.27 percentage points less (95% interval).",
        "hashtag_effect",
    )
    # without 43, 53, 63 likes: −0.023 ± 0.022669 ends at −0.000331, still below 0 at 95%
    near = make_workspace(posts=_hashtag_posts([43, 53, 63]))
    assert recommend.advise_facebook_hashtags(
        near, settings=FacebookHashtagsSettings(confidence=0.95)
    )
    # at the default 99%, t(0.995, 4) = 4.604095 (sd 0.01 each side, se 0.008165): ± 0.037591
    # reaches above 0, so no advice
    assert recommend.advise_facebook_hashtags(near) == []


def test_facebook_hashtags_is_silent_when_the_interval_reaches_zero_or_a_side_is_small():
    # without 42, 52, 62 likes: −0.022 ± 0.022669 ends at +0.000669 (at 95%)
    assert (
        recommend.advise_facebook_hashtags(
            make_workspace(posts=_hashtag_posts([42, 52, 62])),
            settings=FacebookHashtagsSettings(confidence=0.95),
        )
        == []
    )
    apart = make_workspace(posts=_hashtag_posts([70, 80, 90]))
    small = FacebookHashtagsSettings(min_posts=4)
    assert recommend.advise_facebook_hashtags(apart, settings=small) == []


def test_rules_are_pure_functions_of_the_workspace():
    ws = make_workspace(posts=_hashtag_posts([70, 80, 90]))
    before = ws.posts.copy()
    assert recommend.advise_facebook_hashtags(ws) == recommend.advise_facebook_hashtags(ws)
    pd.testing.assert_frame_equal(ws.posts, before)


def test_every_rule_and_its_default_thresholds_are_defined_in_the_metrics():
    # "every recommendation rule and its thresholds has its entry in metrics.py": the entry
    # rule_<key> names the rule's function and each setting with its default
    for rule in RULES:
        entry = metrics.METRICS[f"rule_{rule.key}"]
        assert entry.function == f"ronr.recommend.{rule.advise.__name__}"
        for name, value in rule.settings().model_dump(exclude={"enabled"}).items():
            assert f"{name} (default {value})" in entry.formula, (rule.key, name)


# --- a FAQ theme answered less than the rest --------------------------------------------------


def _themes_answered(rows: list[tuple[str, int, int, float]]) -> Workspace:
    """A workspace whose FAQ themes (theme, needing an answer, answered, median business hours)
    are given: the table :func:`ronr.sections.theme_responsiveness` computes from the texts."""
    tables = _answered([("2025-03-03 10:00", 1.0)])  # a reply export, so answers are known
    ws = make_workspace(**tables)
    table = pd.DataFrame(
        rows, columns=["theme", "needing_answer", "answered", "median_business_hours"]
    )
    table["response_rate"] = table["answered"] / table["needing_answer"]
    ws._memo["theme_responsiveness"] = table
    return ws


def test_answer_theme_fires_for_a_theme_answered_less_than_the_others():
    # delivery: 10 of 40 answered (25%); the other themes 99 of 110 (90%): 65 points apart.
    # Three themes are tested, so the interval is at 1 − 0.01/3, z = 2.935199
    ws = _themes_answered(
        [("delivery · late", 40, 10, 9.5), ("menu · vegan", 60, 54, 1.0), ("hours", 50, 45, 1.2)]
    )
    [advice] = recommend.advise_answer_theme(ws)
    assert said([advice]) == [
        (
            "Answer the questions about delivery · late",
            "40 mentions on it needed an answer, 75% went unanswered against 10% of the other "
            "110; median first response 9.5 business hours.",
            "response_rate_by_theme",
        )
    ]
    z = 2.935199
    low, high = stats.difference_interval(99, 110, 10, 40, z=z)
    assert advice.effect == pytest.approx(0.9 - 0.25)
    assert (advice.low, advice.high) == (pytest.approx(low), pytest.approx(high))
    assert advice.strength == pytest.approx(0.65 / ((high - low) / 2 / z), rel=1e-5)
    assert "+65 percentage points of response rate on the theme, about 26 more answers" in (
        advice.expected
    )
    # the menu theme (54 of 60) against the rest (55 of 90) is answered more: no advice on it


def test_answer_theme_is_silent_when_every_theme_is_answered_alike_or_small():
    alike = [("delivery", 40, 32, 2.0), ("menu", 60, 48, 1.0), ("hours", 50, 40, 1.2)]
    assert recommend.advise_answer_theme(_themes_answered(alike)) == []
    # 9 needing an answer is below min_mentions: not tested, however low its rate
    small = [("delivery", 9, 0, None), ("menu", 60, 54, 1.0), ("hours", 50, 45, 1.2)]
    assert recommend.advise_answer_theme(_themes_answered(small)) == []


# --- standout members -------------------------------------------------------------------------


def _members(loves: list[float]) -> Workspace:
    # @m0 wrote three positive mentions in the period, @m1 one negative
    mentions = make_mentions(
        [
            *(
                {"brand": "Acme", "author": "@m0", "created_at": f"2025-03-1{i} 10:00"}
                | {"sentiment_label": "positive"}
                for i in range(3)
            ),
            {"brand": "Acme", "author": "@m1", "created_at": "2025-03-14 10:00"}
            | {"sentiment_label": "negative"},
        ]
    )
    ws = make_workspace(mentions=mentions)
    ws._memo["members"] = pd.DataFrame(
        {
            "author": [f"@m{i}" for i in range(len(loves))],
            "love": loves,
            "activities": [int(love // 2) for love in loves],
            "level": ["advocate"] * 2 + ["participant"] * (len(loves) - 2),
            "answered_mentions": pd.array([1] * len(loves), dtype="Int64"),
        }
    )
    return ws


def test_standout_members_are_the_group_far_above_the_next_member():
    # top two 40 and 36, then 12: 36 ≥ 2 × 12 and (36 − 12) / √48 = 3.4641 ≥ 2.5. The top
    # three (12 against 10) and so on do not stand out.
    [advice] = recommend.advise_standout_members(_members([40, 36, 12, 10, 9, 5, 5, 3]))
    assert advice.title == "Know your 2 standout members by name"
    assert advice.evidence == (
        "Each has 36–40 points of love (weighted activity) against at most 12 for any other "
        "member; they are 2 advocates. The worklist of closest fans names them."
    )  # no reply export: nothing said about answers
    assert advice.strength == pytest.approx(24 / 48**0.5)
    assert (
        advice.expected == "At stake: 4 mentions in the period from 2 people, 75% of them positive."
    )
    assert (advice.effect, advice.n) == (4.0, 4)


def test_standout_members_need_a_gap_and_someone_outside_the_group():
    # 18 against 12 is 1.5×; a group of everyone stands out against nobody
    assert recommend.advise_standout_members(_members([20, 18, 12, 10])) == []
    # 8 against 4 is 2× but (8 − 4) / √12 = 1.15 standard errors: chance
    assert recommend.advise_standout_members(_members([9, 8, 4, 3, 2])) == []


# --- ranking ----------------------------------------------------------------------------------


def test_the_cover_ranks_by_effect_over_uncertainty_and_unweighable_findings_last():
    def advice(title, strength):
        return Recommendation(title, "", "mention_volume", strength=strength)

    found = [
        advice("a", None),
        advice("b", 2.0),
        advice("c", 9.0),
        advice("d", None),
        advice("e", 2.0),
    ]
    assert [r.title for r in recommend.rank_recommendations(found)] == ["c", "b", "e", "a", "d"]


def test_every_recommendation_carries_its_rules_stage():
    ws = make_workspace(mentions=_negatives_per_day([*FOUR_WEEKS, 11]))
    assert [(r.metric, r.stage) for r in apply_rules(ws)] == [("negative_spike", "tweak")]
    assert {rule.stage for rule in RULES} == {"listen", "audience", "channels", "measure", "tweak"}
    for rule in RULES:  # the stage its definition in metrics.py names
        assert rule.stage == metrics.METRICS[f"rule_{rule.key}"].stage, rule.key
