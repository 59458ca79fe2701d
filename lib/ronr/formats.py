"""How each column of a report table is written, defined once.

A column that reports a metric is written in the format of that metric's unit (its entry in
:mod:`ronr.metrics`): every share as a percentage with one decimal, every net sentiment signed
with two decimals, and so on, in whichever section the column appears. The few columns that
report no metric of their own (counts behind a rate, per-day rates, thresholds) have their
format here too. Columns of neither kind fall back to the dtype's default in
:func:`ronr.show.format_table`.
"""

from __future__ import annotations

import re

from .config import ROR_COMPONENTS
from .metrics import METRICS
from .names import channel_name, channel_names, dimension_name, language_name, post_type_name

MINUS = "\u2212"  # the charts' minus sign (plotly writes −0.88): tables and text match them
# a hyphen-minus before a number's digits, not inside a word or an exponent (1.2e-05)
_NEGATIVE = re.compile(r"(?<![\w.])-(?=\d)")


def typographic_minus(text: str) -> str:
    """``text`` with the sign of each negative number written as the minus sign (−).

    >>> typographic_minus("-0.88 (95% interval -1.73 to +0.2); e-mail; 1.2e-05")
    '−0.88 (95% interval −1.73 to +0.2); e-mail; 1.2e-05'
    """
    return _NEGATIVE.sub(MINUS, text)


UNIT_FORMATS = {
    "share (0–1)": "{:.1%}",
    "mentions, share (0–1)": "{:.1%}",
    "ratio (−1..1)": "{:+.2f}",
    "score (−1..1)": "{:+.2f}",
    "score (0–1)": "{:.2f}",
    "engagements": "{:,.0f}",
    "ratio": "{:.1f}",
    "mentions per month, per month": "{:+.1f}",
    "hours": "{:.1f}",
    "followers": "{:,.0f}",
    "posts per week": "{:.1f}",
    "comments per post": "{:,.2f}",
    "shares per post": "{:,.2f}",
    "likes per post": "{:,.2f}",
    "share of reach": "{:.2%}",
    "share of impressions": "{:.2%}",
    "× the channel's typical post": "{:.2f}×",
    "typical posts of the channel (difference of indexes)": "{:+.2f}",
    "share points": "{:+.1%}",
    "index": "{:.0f}",
    "love points": "{:,.0f}",
    "score (0–100)": "{:.0f}",
    "index (0–100)": "{:.0f}",
    "weighted commitment per member": "{:+.2f}",
    "index points": "{:+.1f}",
    "share of the channel's typical post, as a lift": "{:+.0%}",
}

COLUMN_METRICS = {
    "share_of_voice": "share_of_voice",
    "share_of_voice_low": "share_of_voice",
    "share_of_voice_high": "share_of_voice",
    "share_of_voice_weighted": "share_of_voice_weighted",
    "share_of_voice_engagement": "share_of_voice_engagement",
    "net_sentiment": "net_sentiment",
    "net_sentiment_low": "net_sentiment",
    "net_sentiment_high": "net_sentiment",
    "competitors_net_sentiment": "net_sentiment",
    "net_sentiment_gap": "net_sentiment",
    "sentiment": "sentiment_compound",
    "mean_sentiment": "theme_sentiment",
    "share": "theme_share",
    "trend": "theme_trend",
    "lift": "emerging_term_lift",
    "fit": "channel_audience_fit",
    "repeat_share": "repeat_share",
    "effort_share": "effort_share",
    "posts_per_week": "posts_per_week",
    "response_rate": "response_rate",
    "within_target": "within_target",
    "median_hours": "first_response_time",
    "p90_hours": "first_response_time",
    "median_business_hours": "first_response_time",
    "p90_business_hours": "first_response_time",
    "conversation_rate": "conversation_rate",
    "amplification_rate": "amplification_rate",
    "applause_rate": "applause_rate",
    "conversation_rate_per_1k": "conversation_rate",
    "amplification_rate_per_1k": "amplification_rate",
    "applause_rate_per_1k": "applause_rate",
    "engagement_rate": "engagement_rate_reach",
    "mean_index": "engagement_index",
    "effect": "engagement_index_effect",
    "effect_low": "engagement_index_effect",
    "effect_high": "engagement_index_effect",
    "target_mix_followers": "target_mix_followers",
    "target_mix_followers_rounded": "target_mix_followers",
    "mean_compound": "mean_compound",
    "scored": "scored_share",
    "share_of_posts": "share_of_posts",
    # numbers behind a metric (its parts, weights and thresholds), written in their own format
    "mean_rate": "engagement_by_group",
    "mentions_fractional": "share_of_voice",
    "weighted": "share_of_voice_weighted",
    "engaged": "share_of_voice_engagement",
    "engagements": "engagements",
    "basis_total": "engagement_rate_reach",
    "growth_rate": "follower_growth",
    "net_change": "follower_growth",
    "mix_match": "target_mix_followers",
    "baseline": "negative_spike",
    "threshold": "negative_spike",
    "scale": "negative_spike",
    "recent_per_day": "emerging_term_lift",
    "baseline_per_day": "emerging_term_lift",
    "p_value": "emerging_term_lift",
    "q_value": "emerging_term_lift",
    "question_share": "content_gap",
    "post_share": "content_gap",
    "gap": "content_gap",
    "gap_low": "content_gap",
    "gap_high": "content_gap",
    "similarity": "theme_similarity",
    "audience_share": "audience_index",
    "index": "audience_index",
    # the relationship (orbit levels and the ROR index)
    "love": "member_love",
    "level": "member_level",
    "share_of_members": "member_level",
    "gravity": "orbit_gravity",
    "weighted_commitment": "orbit_gravity",
    "response_rate_low": "response_rate_by_theme",
    "response_rate_high": "response_rate_by_theme",
    "ror_index": "ror_index",
    "mean_ror_index": "ror_index",
    "last_index": "ror_index",
    "last_change": "ror_sensitivity",
    "rank_correlation": "ror_sensitivity",
    "weight_share": "ror_index",
    "latest_score": "ror_index",
    "answered_share": "member_love",
    "recency_days": "member_love",
    "tenure_days": "member_love",
    **{f"ror_{c}": f"ror_{c}" for c in ROR_COMPONENTS},
    # stage 5: what resonates, best time to post, each incident explained
    "median_lift": "resonance_lift",
    "lift_low": "resonance_lift",
    "lift_high": "resonance_lift",
    "lift_before": "resonance_change",
    "lift_latest": "resonance_change",
    "lift_change": "resonance_change",
    "lift_change_low": "resonance_change",
    "lift_change_high": "resonance_change",
    "median_index": "best_time_to_post",
    "share_during": "incident_drivers",
    "share_before": "incident_drivers",
    "excess": "incident_drivers",
    "first_reply_business_hours": "incident_overview",
    "hours_to_flag": "incident_replay",
}


def month_name(value) -> str:
    """A month start as the tables write months: ``Mar 2025``."""
    return f"{value:%b %Y}"


def level_name(value) -> str:
    """An orbit level as a reader reads it: ``advocate`` → ``Advocate``."""
    return str(value)[:1].upper() + str(value)[1:]


def lift_percent(value) -> str:
    """A lift as a signed whole percentage (``+58%``, ``−4%``, ``0%``), never ``<1%``."""
    text = f"{value:+.0%}"
    return "0%" if text in ("+0%", "-0%") else text.replace("-", "\u2212")


def small_sample_note(flag) -> str:
    """A row's small-sample flag as a reader's note (blank when the sample is large enough)."""
    return "small sample: read with care" if flag else ""


LIFT_COLUMNS = ("median_lift", "lift_low", "lift_high", "lift_before", "lift_latest",
                "lift_change", "lift_change_low", "lift_change_high")  # fmt: skip

# the format of columns whose metric's unit does not say it (parts, counts behind a rate), and
# the names a client reads for keys
COLUMN_FORMATS = {
    "channel": channel_name,
    "channels": channel_names,
    "language": language_name,
    "small_sample": small_sample_note,
    "post_type": post_type_name,
    "dimension": dimension_name,
    "dimensions": dimension_name,
    "missing_dimensions": dimension_name,
    "recent_per_day": "{:.2f}",
    "p_value": "{:.1e}",
    "q_value": "{:.1e}",
    "baseline_per_day": "{:.2f}",
    "target_share": "{:.1%}",
    "mix_match": "{:.1%}",
    "growth_rate": "{:+.1%}",
    "net_change": "{:+,}",
    "weighted": "{:,.0f}",
    "mentions_fractional": "{:,.1f}",
    "engaged": "{:,.0f}",
    "engagements": "{:,.0f}",
    "basis_total": "{:,.0f}",
    "baseline": "{:.1f}",
    "threshold": "{:.1f}",
    "scale": "{:.2f}",
    "question_share": "{:.1%}",
    "post_share": "{:.1%}",
    "audience_share": "{:.1%}",
    "mean_rate": "{:,.3g}",  # only without a named measure (see column_format)
    "month": month_name,
    "cohort": month_name,
    "level": level_name,
    "share_of_members": "{:.1%}",
    "answered_share": "{:.0%}",
    "weight_share": "{:.0%}",
    "weighted_commitment": "{:,.0f}",
    "recency_days": "{:,.0f}",
    "tenure_days": "{:,.0f}",
    "rank_correlation": "{:.2f}",
    "latest_score": "{:.0f}",
    "last_index": "{:.1f}",
    "mean_ror_index": "{:.1f}",
    "share_during": "{:.1%}",
    "share_before": "{:.1%}",
    "excess": "{:+,.0f}",
    "first_reply_business_hours": "{:.1f}",
    "hours_to_flag": "{:.1f}",
    **dict.fromkeys(LIFT_COLUMNS, lift_percent),
    "status": level_name,
    "verdict": level_name,
}

RATE_COLUMNS = ("mean_rate", "ci_low", "ci_high")


def metric_format(key: str) -> str:
    """The format of metric ``key``'s unit (raises KeyError for an unknown metric or unit)."""
    return UNIT_FORMATS[METRICS[key].unit]


def column_format(column: str, *, measure: str | None = None) -> str | None:
    """The format of a report column, or None when the dtype's default should be used.

    ``measure`` names what a per-post comparison holds (``engagement.engagement_by``'s
    ``attrs["measure"]``): a rate is a percentage, engagements per post a count.
    """
    if column in RATE_COLUMNS and measure == "engagement index":
        return metric_format("engagement_index")
    if column in RATE_COLUMNS and measure:
        return "{:.2%}" if measure.startswith("engagement rate") else "{:,.1f}"
    if column in COLUMN_FORMATS:
        return COLUMN_FORMATS[column]
    if column in COLUMN_METRICS:  # a unit without a format of its own: the dtype's default
        return UNIT_FORMATS.get(METRICS[COLUMN_METRICS[column]].unit)
    return None


def column_metric(column: str, *, measure: str | None = None) -> str | None:
    """The key of the metric in :mod:`ronr.metrics` that defines a report column, or None.

    The interval columns of a per-post comparison belong to the measure the table holds.
    """
    if column in RATE_COLUMNS:
        return "engagement_index" if measure == "engagement index" else "engagement_by_group"
    return COLUMN_METRICS.get(column)
