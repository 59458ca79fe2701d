"""What changed this period: each rule of the cover's narrative on hand-made numbers."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from ronr import changes, ror
from ronr.summary import Headline, compare_headlines
from tests.test_relationship import make_workspace

SINCE = dataclasses.make_dataclass("Since", ["start", "end"])(
    pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-31")
)


def _moves(now: list[Headline], before: list[Headline]) -> list[str]:
    return changes.describe_moves(compare_headlines(now, before, since=SINCE), before)


def test_only_moves_a_test_tells_from_noise_are_told():
    now = [
        Headline("Mentions of the brand", "12,632", "mention_volume", 12632, 12632),
        Headline("Share of voice", "44.8%", "share_of_voice", 100, 0.448),
        Headline("Likes per post", "35.1", "applause_rate", 180, 35.1),
        Headline("Return-on-Relationship index, Jun 2025 (0–100)", "35", "ror_index", 90, 35.0),
    ]
    before = [
        Headline("Mentions of the brand", "9,161", "mention_volume", 9161, 9161),
        Headline("Share of voice", "38.4%", "share_of_voice", 100, 0.384),
        Headline("Likes per post", "29.5", "applause_rate", 180, 29.5),
        Headline("Return-on-Relationship index, Mar 2025 (0–100)", "47", "ror_index", 90, 47.0),
    ]
    # mentions: +38% and (12,632 − 9,161) / √21,793 = 23.5 Poisson standard errors. Share of
    # voice on 100 mentions each: Newcombe's interval −7.2 to +19.6 points holds 0. Likes per
    # post have no test here; the index has its own card and sentence.
    assert _moves(now, before) == [
        "Mentions of the brand rose from 9,161 to 12,632 (+3,471, +38%)."
    ]
    # on 10,000 mentions each the same shares differ beyond noise
    wide = [dataclasses.replace(h, n=10_000) if h.metric == "share_of_voice" else h for h in now]
    wide_before = [
        dataclasses.replace(h, n=10_000) if h.metric == "share_of_voice" else h for h in before
    ]
    said = _moves(wide, wide_before)
    assert said[1].startswith("Share of voice rose from 38.4% to 44.8% (+6.4 pp, 95% interval")


def test_a_small_move_or_a_small_sample_is_no_news():
    # +5%: under the 10% a count needs; 9 mentions: under the 10 a side needs
    assert _moves(
        [Headline("Mentions of the brand", "1,050", "mention_volume", 1050, 1050)],
        [Headline("Mentions of the brand", "1,000", "mention_volume", 1000, 1000)],
    ) == ["No headline moved beyond the usual variation against the earlier period."]
    assert _moves(
        [Headline("Mentions of the brand", "9", "mention_volume", 9, 9)],
        [Headline("Mentions of the brand", "2", "mention_volume", 2, 2)],
    ) == ["No headline moved beyond the usual variation against the earlier period."]


def test_net_sentiment_is_tested_as_the_proportion_it_is_made_of():
    # +0.43 on 80 mentions is p = 0.715 positive of the signed ones; −0.01 on 80 is 0.495:
    # Newcombe's interval of the difference leaves out 0
    said = _moves(
        [Headline("Net sentiment", "−0.01", "net_sentiment", 80, -0.01)],
        [Headline("Net sentiment", "+0.43", "net_sentiment", 80, 0.43)],
    )
    assert said == ["Net sentiment fell from +0.43 to −0.01 (−0.44)."]
    # +0.10 against +0.05 on 80 each: p 0.55 against 0.525, within noise
    assert _moves(
        [Headline("Net sentiment", "+0.10", "net_sentiment", 80, 0.10)],
        [Headline("Net sentiment", "+0.05", "net_sentiment", 80, 0.05)],
    ) == ["No headline moved beyond the usual variation against the earlier period."]


def test_two_months_of_the_index_compare_on_the_components_both_have():
    # February lacks audience fit; on advocacy and sentiment alone the index went from
    # (50 + 80) / 2 = 65 to (60 + 40) / 2 = 50, not to the 63.3 of all three
    scores = pd.DataFrame(
        {"advocacy": [50.0, 60.0], "sentiment": [80.0, 40.0], "audience_fit": [None, 90.0]},
        index=pd.to_datetime(["2025-02-01", "2025-03-01"]),
    )
    compared = ror.compare_index_months(scores)
    assert list(compared["ror_index"]) == [65.0, 50.0]
    assert list(compared["contribution_sentiment"]) == [40.0, 20.0]
    assert "contribution_audience_fit" not in compared
    # a weight of 0 leaves a component out; nothing shared, nothing compared
    weighted = ror.compare_index_months(scores, weights={"advocacy": 1, "sentiment": 3})
    assert list(weighted["ror_index"]) == [72.5, 45.0]
    assert ror.compare_index_months(scores[["audience_fit"]]) is None


def _with_incidents(rows: list[dict]):
    ws = make_workspace()
    ws._memo["negative_incidents"] = pd.DataFrame(rows)
    return ws


def test_incidents_are_told_one_or_the_largest_of_several():
    one = {
        "start": pd.Timestamp("2025-06-12"),
        "end": pd.Timestamp("2025-06-15"),
        "days": 4,
        "negative": 2740,
        "peak_negative": 771,
        "baseline": 18.0,
    }
    assert changes.incident_summary(_with_incidents([one])) == [
        "One negative incident, from 12 Jun to 15 Jun 2025: 2,740 negative mentions, 771 on its "
        "worst day against a usual 18.0."
    ]
    small = {**one, "start": pd.Timestamp("2025-03-02"), "days": 1, "negative": 12}
    assert changes.incident_summary(_with_incidents([one, small]))[0].startswith(
        "2 negative incidents; the largest, from 12 Jun to 15 Jun 2025, brought 2,740"
    )
    quiet = _with_incidents([])
    quiet._memo["negative_incidents"] = pd.DataFrame(columns=list(one))
    assert changes.incident_summary(quiet) == [
        "No negative incident: no day's negative mentions rose far above the usual."
    ]


def test_themes_sharing_a_word_are_one_subject():
    grown = [
        ("recall · cold brew · contaminated", 706, 0),
        ("angry customers · bad week · brew recall", 340, 0),
        ("opening hours · sunday", 40, 5),
        ("stores cold · brew · money", 254, 0),
    ]
    groups = changes.group_related(grown)
    assert [[theme for theme, _, _ in group] for group in groups] == [
        [
            "recall · cold brew · contaminated",
            "angry customers · bad week · brew recall",
            "stores cold · brew · money",
        ],
        ["opening hours · sunday"],
    ]


def test_advocates_who_came_and_went_for_good_are_named():
    # the period is January to April: levels in its last two months (March, April) against
    # December, the month before it
    rows = {
        "@ann": (None, "advocate", "advocate"),  # became one, and stayed: told
        "@bob": ("fan", "advocate", "fan"),  # one month at the threshold: not told
        "@cat": ("advocate", "fan", "fan"),  # fell back for good: told
        "@dan": ("advocate", "advocate", "fan"),  # one month below: not told
        "@eve": ("advocate", "advocate", "advocate"),
    }
    months = pd.to_datetime(["2024-12-01", "2025-03-01", "2025-04-01"])
    history = pd.DataFrame(
        [
            {"author": author, "period": month, "level": level}
            for author, levels in rows.items()
            for month, level in zip(months, levels, strict=True)
            if level is not None
        ]
    )
    ws = make_workspace()
    ws._memo["member_levels_history"] = history
    assert changes.advocate_moves(ws) == [
        "1 member became an advocate: @ann; 1 member is no longer an advocate: @cat."
    ]
    # in the fixture's own data Ann is an advocate in April only: nothing lasting to tell
    assert changes.advocate_moves(make_workspace()) == []


def test_without_mentions_the_narrative_says_so():
    ws = make_workspace()
    empty = dataclasses.replace(ws, mentions=ws.mentions.iloc[0:0], _memo={})
    assert changes.what_changed(empty)[-1] == (
        "These exports hold no mentions: what people say, and how it changed, cannot be told."
    )


@pytest.mark.parametrize("period", ["2025-06..2025-06", "2025-04..2025-06"])
def test_the_same_inputs_give_the_same_words(period):
    from ronr.store import load_comparison, load_workspace

    ws = load_workspace("demo-coffee", period=period)
    previous = load_comparison(ws, compare="previous")
    first = changes.what_changed(ws, previous=previous)
    assert first == changes.what_changed(ws, previous=previous)
    assert any(s.startswith("One negative incident, from 12 Jun to 15 Jun 2025") for s in first)


def test_counts_over_periods_of_different_lengths_compare_per_day():
    # 3,079 mentions in 31 days against 2,716 in 28: +13.4% in all, +2.4% a day: no news
    now = [Headline("Mentions of the brand", "3,079", "mention_volume", 3079, 3079)]
    before = [Headline("Mentions of the brand", "2,716", "mention_volume", 2716, 2716)]
    heads = compare_headlines(now, before, since=SINCE)
    assert changes.describe_moves(heads, before, exposure=31 / 28) == [
        "No headline moved beyond the usual variation against the earlier period."
    ]
    # 3,500 in 31 days: 3,500 × 28 / 31 = 3,161 against 2,716, +16.4% a day, told with both
    more = [Headline("Mentions of the brand", "3,500", "mention_volume", 3500, 3500)]
    heads = compare_headlines(more, before, since=SINCE)
    assert changes.describe_moves(heads, before, exposure=31 / 28) == [
        "Mentions of the brand rose from 2,716 to 3,500 (+784, +29%; +16% a day)."
    ]


def test_a_rate_per_post_changes_with_its_bootstrap_interval_and_is_told_only_beyond_noise():
    import numpy as np

    def per_post(label, values):
        values = np.asarray(values, dtype=float)
        mean = values.mean()
        return Headline(label, f"{mean:.1f}", "applause_rate", len(values), mean,
                        sample=(values, np.ones(len(values))))  # fmt: skip

    # 12 posts of 10 likes against 12 of 20: every resample differs by exactly −10
    low = per_post("Likes per post", [10] * 12)
    high = per_post("Likes per post", [20] * 12)
    [changed] = compare_headlines([low], [high], since=SINCE)
    assert changed.change.startswith("−10.00 (95% interval −10.00 to −10.00) against")
    assert changes.describe_moves([changed], [high]) == [
        "Likes per post fell from 20.0 to 10.0 (−10.00, 95% interval −10.00 to −10.00)."
    ]
    # the same means from posts that vary widely: within noise, not told
    noisy = per_post("Likes per post", [0, 40] * 6)  # mean 20
    wide = per_post("Likes per post", [0, 20] * 6)  # mean 10
    [changed] = compare_headlines([wide], [noisy], since=SINCE)
    assert changes.describe_moves([changed], [noisy]) == [
        "No headline moved beyond the usual variation against the earlier period."
    ]
