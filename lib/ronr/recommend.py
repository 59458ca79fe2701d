"""Recommendation rules: small units that each turn one finding into an action with its evidence.

Each rule is a pure function of the workspace and its settings (``ronr.config``
``recommendations.<key>``: ``enabled`` and its named thresholds, with defaults) returning the
recommendations it makes, each naming its metric in ``ronr.metrics``. :data:`RULES` lists them
in cover order; :func:`apply_rules` runs the enabled ones. After ydata-profiling's alerts
(small rule units with thresholds in config).

To add a rule: write ``advise_<finding>(ws, *, settings)``, give it a settings model in
``config.RecommendationSettings`` under the rule's key, and add a :class:`Rule` to ``RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import channels, engagement, sections, tweak
from .config import (
    ClientConfig,
    ClosedDaysSettings,
    EffortGapSettings,
    FacebookHashtagsSettings,
    NegativeSpikeSettings,
    PostTypeSettings,
    RuleSettings,
)
from .names import channel_name
from .store import Workspace


@dataclass(frozen=True)
class Recommendation:
    """One action for the client: what to do, why in numbers, and the metric it rests on."""

    title: str
    evidence: str
    metric: str


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One recommendation rule and where its pieces are defined.

    Attributes
    ----------
    key
        Its key under ``recommendations:`` in client.yaml.
    title
        What it advises, in words (its recommendations' titles name the channel or type).
    metric
        The key of the metric its evidence rests on, in ``ronr.metrics.METRICS``.
    advise
        The rule: ``advise(ws, settings=...)`` → the recommendations it makes (often none).
    settings
        Its settings model: ``enabled`` and its thresholds, with their defaults.
    """

    key: str
    title: str
    metric: str
    advise: Callable[..., list[Recommendation]]
    settings: type[RuleSettings]

    def settings_of(self, config: ClientConfig) -> RuleSettings:
        """This rule's settings in a client's config (the defaults where it sets none)."""
        return getattr(config.recommendations, self.key)


def _count(n: int, noun: str) -> str:
    """``1 incident``, ``2 incidents``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def format_value(value: float, measure_name: str) -> str:
    """A rate in % (engagement rate by reach or impressions), else a count per post."""
    return f"{value:.2%}" if measure_name.startswith("engagement rate") else f"{value:,.1f}"


def advise_effort_gap(
    ws: Workspace, *, settings: EffortGapSettings | None = None
) -> list[Recommendation]:
    """One recommendation per channel where the market lives but the effort is short.

    The gap is :func:`ronr.channels.effort_gaps` (fit at or above the channels' median, effort
    below an equal split); the fit is :func:`ronr.audience.channel_fit` (metric
    ``channel_audience_fit``). The rule has no threshold of its own.
    """
    fit = sections.channel_fit(ws)
    mix = sections.channel_mix(ws)
    ranked = fit["channel"].tolist()
    return [
        Recommendation(
            f"Put more effort into {channel_name(gap.channel)}",
            f"Its audience fits the target market (fit {gap.fit:.2f}, rank "
            f"{ranked.index(gap.channel) + 1} of {len(fit)}) but it gets "
            f"{gap.effort_share:.0%} of the effort.",
            "channel_audience_fit",
        )
        for gap in channels.effort_gaps(mix).itertuples()
    ]


def advise_closed_days(
    ws: Workspace, *, settings: ClosedDaysSettings | None = None
) -> list[Recommendation]:
    """Answer on closed days when their median first response is ``ratio`` × business hours'.

    Fires when the median first response (:func:`ronr.channels.response_times`, metric
    ``first_response_time``) of mentions arriving on closed days exceeds ``settings.ratio``
    times that of mentions in business hours and also the client's ``responses.target_hours``.
    """
    settings = settings or ClosedDaysSettings()
    if not len(ws.responses):
        return []
    target = ws.config.responses.target_hours
    by_window = channels.response_times(
        ws.mentions, ws.responses, brand=ws.brand, hours=ws.config.business_hours, by="window"
    ).set_index("window")
    if not {"business hours", "closed day"} <= set(by_window.index):
        return []
    open_h = by_window.loc["business hours", "median_hours"]
    closed_h = by_window.loc["closed day", "median_hours"]
    if not (closed_h > settings.ratio * open_h and closed_h > target):
        return []
    return [
        Recommendation(
            "Answer on closed days too",
            f"Mentions that arrive on closed days wait a median {closed_h:.1f} hours (clock "
            f"time) for a first response, against {open_h:.1f} hours for those arriving in "
            f"business hours (target {target:g} h).",
            "first_response_time",
        )
    ]


def advise_disaster_plan(
    ws: Workspace, *, settings: NegativeSpikeSettings | None = None
) -> list[Recommendation]:
    """Keep a disaster plan ready when the period has at least ``min_incidents`` severe incidents.

    Incidents are :func:`ronr.tweak.group_incidents` of the negative spikes of
    :func:`ronr.tweak.detect_spikes` (metric ``negative_spike``) on the client's local days,
    judged only on the days the mention exports cover. A severe one brought at least
    ``min_negative`` negative mentions and has a day over baseline + ``severity`` × its robust
    scale, so a year of noise raises one rarely (:func:`ronr.tweak.severe_incidents`).
    """
    settings = settings or NegativeSpikeSettings()
    spikes = sections.negative_spikes(ws)
    if spikes is None:
        return []
    severe = tweak.severe_incidents(
        spikes, severity=settings.severity, min_negative=settings.min_negative
    )
    if len(severe) < settings.min_incidents:
        return []
    worst = severe.iloc[0]
    span = (
        f"on {worst['start']:%d %b %Y}"
        if worst["days"] == 1
        else f"from {worst['start']:%d %b} to {worst['end']:%d %b %Y}"
    )
    return [
        Recommendation(
            "Keep a disaster plan ready",
            f"{_count(len(severe), 'severe negative incident')}; the largest, {span}, brought "
            f"{int(worst['negative']):,} negative mentions, {int(worst['peak_negative']):,} on its "
            f"worst day against a usual {worst['baseline']:.1f}.",
            "negative_spike",
        )
    ]


def advise_post_type(
    ws: Workspace, *, settings: PostTypeSettings | None = None
) -> list[Recommendation]:
    """Make more of the post type that beats the other posts on the same channels.

    Each post is indexed to its channel's median post and each type compared with the other
    posts channel by channel (:func:`ronr.engagement.compare_within_channel`, metrics
    ``engagement_index`` and ``engagement_index_effect``), so a type posted mostly on a weak
    channel is not blamed for the channel (Simpson's paradox). Fires when the type with the
    largest effect has ``min_posts`` posts, and the rest ``min_posts``, on the channels compared
    and its effect's interval lies wholly above 0 at ``confidence`` widened for picking the best
    of the k competing types (Bonferroni: 1 − (1 − confidence)/k;
    :func:`ronr.engagement.select_best_group`).
    """
    settings = settings or PostTypeSettings()
    table = engagement.compare_within_channel(
        ws.own_posts, by="post_type", confidence=settings.confidence
    )
    best = engagement.select_best_group(
        table, min_posts=settings.min_posts, confidence=settings.confidence
    )
    if best is None:
        return []
    k = int(best["k"])
    picked = (
        f"widened because the best of {k} types was picked"
        if k > 1
        else "the only type with enough posts"
    )
    return [
        Recommendation(
            f"Make more {best['post_type']} posts",
            f"{str(best['post_type']).capitalize()} posts earn {best['mean_index']:.2f}× the "
            "engagement of a typical post on the same channel "
            f"({settings.confidence * 100:g}% interval {best['ci_low']:.2f}–"
            f"{best['ci_high']:.2f}×, n = {best['n']}). Compared channel by channel, they beat "
            f"the other posts by {best['effect']:.2f} of a typical post's engagement "
            f"({best['adjusted_confidence'] * 100:.4g}% interval {best['adjusted_low']:.2f}–"
            f"{best['adjusted_high']:.2f}, {picked}).",
            "engagement_index_effect",
        )
    ]


def advise_facebook_hashtags(
    ws: Workspace, *, settings: FacebookHashtagsSettings | None = None
) -> list[Recommendation]:
    """Drop hashtags on Facebook when posts with them do worse, the difference's interval below 0.

    Compares the brand's Facebook posts with and without a #hashtag
    (:func:`ronr.engagement.hashtag_effect`, metric ``hashtag_effect``; one channel, so no
    channel mix can bias it): fires when each side has ``min_posts`` posts and the Welch
    interval of the difference (with − without) lies wholly below 0.
    """
    settings = settings or FacebookHashtagsSettings()
    tags = engagement.hashtag_effect(
        ws.own_posts, channel="facebook", confidence=settings.confidence
    )
    low = tags.attrs.get("difference_low", float("nan"))  # read before set_index
    high = tags.attrs.get("difference_high", float("nan"))
    tags = tags.set_index("has_hashtags")
    if not {True, False} <= set(tags.index):
        return []
    with_tags, without = tags.loc[True], tags.loc[False]
    if min(with_tags["n"], without["n"]) < settings.min_posts:
        return []
    if not high < 0:  # a missing interval (a side with n < 2, no variance) never fires
        return []
    measure_name = with_tags["measure"]
    rate = measure_name.startswith("engagement rate")
    # a gap between two rates is in percentage points, not a share of either
    gap = (
        f"{-high * 100:.2f}–{-low * 100:.2f} percentage points"
        if rate
        else f"{-high:,.1f}–{-low:,.1f} engagements per post"
    )
    return [
        Recommendation(
            "Drop hashtags on Facebook",
            f"Facebook posts with hashtags earn {format_value(with_tags['mean_rate'], measure_name)} "
            f"{measure_name} against {format_value(without['mean_rate'], measure_name)} without "
            f"(n = {with_tags['n']} and {without['n']}): {gap} less "
            f"({settings.confidence * 100:g}% interval).",
            "hashtag_effect",
        )
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        key="effort_gap",
        title="Put more effort into a channel where the market lives",
        metric="channel_audience_fit",
        advise=advise_effort_gap,
        settings=EffortGapSettings,
    ),
    Rule(
        key="closed_days",
        title="Answer on closed days too",
        metric="first_response_time",
        advise=advise_closed_days,
        settings=ClosedDaysSettings,
    ),
    Rule(
        key="negative_spike",
        title="Keep a disaster plan ready",
        metric="negative_spike",
        advise=advise_disaster_plan,
        settings=NegativeSpikeSettings,
    ),
    Rule(
        key="post_type",
        title="Make more posts of the type that resonates",
        metric="engagement_index_effect",
        advise=advise_post_type,
        settings=PostTypeSettings,
    ),
    Rule(
        key="facebook_hashtags",
        title="Drop hashtags on Facebook",
        metric="hashtag_effect",
        advise=advise_facebook_hashtags,
        settings=FacebookHashtagsSettings,
    ),
)


def apply_rules(ws: Workspace, *, rules: Sequence[Rule] = RULES) -> list[Recommendation]:
    """The recommendations of every enabled rule, in the order of ``rules``.

    Parameters
    ----------
    ws
        The client's workspace; its config's ``recommendations`` section holds each rule's
        settings.
    rules
        The rules to apply (default :data:`RULES`).
    """
    found: list[Recommendation] = []
    for rule in rules:
        settings = rule.settings_of(ws.config)
        if settings.enabled:
            found.extend(rule.advise(ws, settings=settings))
    return found
