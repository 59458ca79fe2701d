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

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from . import channels, engagement, sections, tweak
from .config import (
    AnswerThemeSettings,
    ClientConfig,
    ClosedDaysSettings,
    EffortGapSettings,
    FacebookHashtagsSettings,
    NegativeSpikeSettings,
    PostTypeSettings,
    RuleSettings,
    StandoutMembersSettings,
)
from .names import channel_name
from .orbit import DUNBAR_NUMBER
from .stats import difference_interval, median_difference_interval
from .store import Workspace


@dataclass(frozen=True)
class Recommendation:
    """One action for the client: what to do, why in numbers, and the metric it rests on.

    Attributes
    ----------
    title, evidence
        What to do, and why in numbers (n and interval where the finding is a sample's).
    metric
        The key in ``ronr.metrics.METRICS`` of the number the evidence rests on.
    expected
        The expected effect of the action in words, in ``effect``'s unit.
    effect, low, high
        The expected effect in its metric's unit and its interval (missing where the finding
        is not a sample's estimate, e.g. the whole audience's shares).
    n
        The observations the finding rests on.
    strength
        |effect| over its standard error (for an incident, its worst day's distance from the
        baseline in robust scales): the cover ranks by it (:func:`rank_recommendations`);
        missing where there is no sampling error to weigh it by.
    stage
        The stage of the method the finding comes from (listen, audience, channels, measure,
        tweak).
    """

    title: str
    evidence: str
    metric: str
    expected: str = ""
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    n: int | None = None
    strength: float | None = None
    stage: str = ""


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
    stage
        The stage of the method its finding comes from.
    """

    key: str
    title: str
    metric: str
    advise: Callable[..., list[Recommendation]]
    settings: type[RuleSettings]
    stage: str

    def settings_of(self, config: ClientConfig) -> RuleSettings:
        """This rule's settings in a client's config (the defaults where it sets none)."""
        return getattr(config.recommendations, self.key)


CONFIDENCE = 0.95  # of the intervals a rule reports without a threshold of its own


def _strength(effect: float, low: float, high: float, confidence: float) -> float | None:
    """|effect| over the standard error its two-sided interval implies (normal approximation)."""
    half = (high - low) / 2
    if not half > 0:
        return None
    return abs(effect) / (half / float(norm.ppf(0.5 + confidence / 2)))


def rank_recommendations(found: Sequence[Recommendation]) -> list[Recommendation]:
    """``found`` ranked by strength (effect over its uncertainty), strongest first.

    A recommendation without a strength (no sampling error to weigh it by) comes after those
    with one; ties keep their rule order.
    """
    return sorted(found, key=lambda r: (r.strength is None, -(r.strength or 0.0)))


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
    ``channel_audience_fit``). The rule has no threshold of its own. Its n is the channel's
    last known follower count: the platform's audience shares describe all of them, so the
    fit has no sampling interval (and the recommendation no strength: it ranks last).
    """
    fit = sections.channel_fit(ws)
    mix = sections.channel_mix(ws)
    ranked = fit["channel"].tolist()
    median = float(fit["fit"].median())
    # the audience the shares describe: the channel's last known follower count
    known = ws.followers.dropna(subset=["followers"]).sort_values("date")
    followers = known.groupby("channel")["followers"].last()
    found = []
    for gap in channels.effort_gaps(mix).itertuples():
        n = int(followers[gap.channel]) if gap.channel in followers.index else None
        whom = f"; its audience: {n:,} followers" if n is not None else ""
        found.append(
            Recommendation(
                f"Put more effort into {channel_name(gap.channel)}",
                f"Its audience fits the target market (fit {gap.fit:.2f}, rank "
                f"{ranked.index(gap.channel) + 1} of {len(fit)}{whom}) but it gets "
                f"{gap.effort_share:.0%} of the effort.",
                "channel_audience_fit",
                expected="Expected effect: effort moved there reaches an audience that fits "
                f"the target market {round(gap.fit, 2) - round(median, 2):.2f} better than the "
                f"median channel ({gap.fit:.2f} against {median:.2f}).",
                effect=float(gap.fit - median),
                n=n,
            )
        )
    return found


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
    answers = sections.first_responses(ws)
    waits = answers.groupby("window")["hours"]
    closed, opened = waits.get_group("closed day"), waits.get_group("business hours")
    gap, low, high = median_difference_interval(closed, opened, confidence=CONFIDENCE)
    n = int(closed.notna().sum())
    return [
        Recommendation(
            "Answer on closed days too",
            f"Mentions that arrive on closed days wait a median {closed_h:.1f} hours (clock "
            f"time) for a first response, against {open_h:.1f} hours for those arriving in "
            f"business hours (target {target:g} h; {n:,} answered on closed days).",
            "first_response_time",
            expected=f"Expected effect: a first response {gap:.1f} hours sooner to mentions on "
            "closed days "
            f"({CONFIDENCE:.0%} interval {low:.1f}–{high:.1f} h), if answered as in business "
            "hours.",
            effect=-gap,
            low=-high,
            high=-low,
            n=n,
            strength=_strength(gap, low, high, CONFIDENCE),
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
    peak = spikes.loc[spikes["date"] == worst["peak"]].iloc[0]
    excess = float(worst["peak_negative"] - worst["baseline"])
    return [
        Recommendation(
            "Keep a disaster plan ready",
            (
                f"One severe negative incident, {span}: "
                if len(severe) == 1
                else f"{_count(len(severe), 'severe negative incident')}; the largest, {span}: "
            )
            + f"{int(worst['negative']):,} negative mentions, {int(worst['peak_negative']):,} on "
            f"its worst day against a usual {worst['baseline']:.1f}.",
            "negative_spike",
            expected="At stake: the first hours of the next incident. This one's worst day "
            f"brought {excess:,.0f} more negative mentions than usual, "
            f"{excess / peak['scale']:.0f} times the day's usual variation.",
            effect=excess,
            n=int(worst["negative"]),
            # on the scale of the other rules: the excess over its Poisson standard error
            strength=excess / float(np.sqrt(worst["peak_negative"] + worst["baseline"])),
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
        f"allowing for picking the best of {k} types"
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
            expected=f"Expected effect: {best['effect']:+.2f} of a typical post's engagement for "
            "each "
            f"{best['post_type']} post instead of another type "
            f"({best['adjusted_confidence'] * 100:.4g}% interval "
            f"{best['adjusted_low']:+.2f} to {best['adjusted_high']:+.2f}).",
            effect=float(best["effect"]),
            low=float(best["adjusted_low"]),
            high=float(best["adjusted_high"]),
            n=int(best["n_compared"]),
            strength=abs(float(best["effect"])) / float(best["effect_se"]),
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
    difference = tags.attrs.get("difference", float("nan"))
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
            expected="Expected effect: "
            + (
                f"{-difference * 100:+.2f} percentage points of {measure_name}"
                if rate
                else f"{-difference:+,.1f} engagements"
            )
            + f" for each Facebook post without hashtags ({settings.confidence * 100:g}% "
            f"interval {gap}).",
            effect=-difference,
            low=-high,
            high=-low,
            n=int(with_tags["n"] + without["n"]),
            strength=_strength(difference, low, high, settings.confidence),
        )
    ]


def advise_answer_theme(
    ws: Workspace, *, settings: AnswerThemeSettings | None = None
) -> list[Recommendation]:
    """Answer the questions of a FAQ theme the brand answers less often than the others.

    Per FAQ theme (:func:`ronr.sections.theme_responsiveness`, metric
    ``response_rate_by_theme``), the response rate of the other mentions needing an answer
    minus the theme's, with Newcombe's interval (:func:`ronr.stats.difference_interval`) at
    1 − (1 − confidence)/k for the k themes tested (Bonferroni). Fires for each theme with
    ``min_mentions`` needing an answer (the others too) whose interval lies wholly above 0:
    the brand answers it less than the rest of the same client's mentions, whatever its
    overall rate.
    """
    settings = settings or AnswerThemeSettings()
    if not len(ws.responses) or not len(ws.mentions):
        return []
    table = sections.theme_responsiveness(ws)
    need, answered = int(table["needing_answer"].sum()), int(table["answered"].sum())
    eligible = table[
        table["theme"].notna()
        & (table["needing_answer"] >= settings.min_mentions)
        & (need - table["needing_answer"] >= settings.min_mentions)
    ]
    if eligible.empty:
        return []
    level = 1 - (1 - settings.confidence) / len(eligible)
    z = float(norm.ppf(0.5 + level / 2))
    found = []
    for row in eligible.itertuples():
        rest_n, rest_x = need - row.needing_answer, answered - row.answered
        low, high = difference_interval(rest_x, rest_n, row.answered, row.needing_answer, z=z)
        if not low > 0:
            continue
        gap = rest_x / rest_n - row.response_rate
        wait = (
            f"; median first response {row.median_business_hours:.1f} business hours"
            if pd.notna(row.median_business_hours)
            else ""
        )
        found.append(
            Recommendation(
                f"Answer the questions about {row.theme}",
                f"{row.needing_answer:,} mentions on it needed an answer, "
                f"{1 - row.response_rate:.0%} went unanswered against "
                f"{1 - rest_x / rest_n:.0%} of the other {rest_n:,}{wait}.",
                "response_rate_by_theme",
                expected=f"Expected effect: {gap * 100:+.0f} percentage points of response rate "
                "on the theme, "
                f"about {gap * row.needing_answer:,.0f} more answers in a period like this one "
                f"({level * 100:.4g}% interval {low * 100:+.0f} to {high * 100:+.0f} points, "
                f"widened for {len(eligible)} themes).",
                effect=gap,
                low=low,
                high=high,
                n=int(row.needing_answer),
                strength=_strength(gap, low, high, level),
            )
        )
    return found


def _poisson_gap(high: float, low: float) -> float:
    """How many standard errors ``high`` lies above ``low``, both Poisson-like counts."""
    return (high - low) / float(np.sqrt(high + low)) if high + low > 0 else 0.0


def advise_standout_members(
    ws: Workspace, *, settings: StandoutMembersSettings | None = None
) -> list[Recommendation]:
    """Know by name the few members whose love is far above everyone else's.

    The members (:func:`ronr.sections.members`, metric ``member_love``; staff and bot-like
    authors left out) are sorted by love in the period. A group of the top k (``min_members``
    ≤ k ≤ 150, Dunbar's number) stands out when its least active member has at least
    ``ratio`` × the love of the most active member outside it and the gap is at least
    ``min_z`` Poisson standard errors ((a − b) / √(a + b)); of the groups that do, the one with
    the widest gap in standard errors. On members who all behave alike no such gap appears.
    """
    settings = settings or StandoutMembersSettings()
    if not len(ws.mentions):
        return []
    members = sections.members(ws)
    love = np.sort(members["love"].to_numpy(dtype=float))[::-1]
    best, best_z = 0, 0.0
    # a group stands out against someone: at least one member stays outside it
    for k in range(settings.min_members, min(len(love) - 1, DUNBAR_NUMBER) + 1):
        rest = love[k]
        z = _poisson_gap(love[k - 1], rest)
        if love[k - 1] >= settings.ratio * rest and z >= settings.min_z and z > best_z:
            best, best_z = k, z
    if not best:
        return []
    top = members.sort_values(["love", "author"], ascending=[False, True]).head(best)
    rest = love[best]
    levels = top["level"].astype(str).value_counts()
    named = ", ".join(f"{levels[lv]} {lv}{'s' if levels[lv] > 1 else ''}" for lv in levels.index)
    # what they wrote in the period, and the brand's answers to those that needed one
    own = ws.mentions[ws.mentions["brand"] == ws.brand]
    own = own[own["mention_id"].isna() | ~own["mention_id"].duplicated()]
    theirs = own[own["author"].astype("string").str.strip().isin(set(top["author"]))]
    positive = float((theirs["sentiment_label"] == "positive").mean()) if len(theirs) else 0.0
    asked = pd.DataFrame(columns=["hours"])
    if len(ws.responses):
        answers = sections.first_responses(ws)
        asked = answers[answers["mention_id"].isin(set(theirs["mention_id"].dropna()))]
    if not len(ws.responses):
        replied = ""
    elif asked.empty:
        replied = "; none of their mentions asked for an answer"
    else:
        replied = (
            f"; the brand answered {int(asked['hours'].notna().sum()):,} of the "
            f"{len(asked):,} that asked for one"
        )
    return [
        Recommendation(
            f"Know your {best} standout members by name",
            f"Each has {top['love'].min():,.0f}–{top['love'].max():,.0f} points of love "
            f"(weighted activity) against at most {rest:,.0f} for any other member; they are "
            f"{named}{replied}. The worklist of closest fans names them.",
            "member_love",
            expected=f"At stake: {len(theirs):,} mentions in the period from {best} people, "
            f"{positive:.0%} of them positive.",
            effect=float(len(theirs)),
            n=len(theirs),
            strength=best_z,
        )
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        key="answer_theme",
        title="Answer the questions of a theme the brand answers less often",
        metric="response_rate_by_theme",
        advise=advise_answer_theme,
        settings=AnswerThemeSettings,
        stage="listen",
    ),
    Rule(
        key="effort_gap",
        title="Put more effort into a channel where the market lives",
        metric="channel_audience_fit",
        advise=advise_effort_gap,
        settings=EffortGapSettings,
        stage="audience",
    ),
    Rule(
        key="closed_days",
        title="Answer on closed days too",
        metric="first_response_time",
        advise=advise_closed_days,
        settings=ClosedDaysSettings,
        stage="channels",
    ),
    Rule(
        key="standout_members",
        title="Know the standout members by name",
        metric="member_love",
        advise=advise_standout_members,
        settings=StandoutMembersSettings,
        stage="measure",
    ),
    Rule(
        key="negative_spike",
        title="Keep a disaster plan ready",
        metric="negative_spike",
        advise=advise_disaster_plan,
        settings=NegativeSpikeSettings,
        stage="tweak",
    ),
    Rule(
        key="post_type",
        title="Make more posts of the type that resonates",
        metric="engagement_index_effect",
        advise=advise_post_type,
        settings=PostTypeSettings,
        stage="tweak",
    ),
    Rule(
        key="facebook_hashtags",
        title="Drop hashtags on Facebook",
        metric="hashtag_effect",
        advise=advise_facebook_hashtags,
        settings=FacebookHashtagsSettings,
        stage="tweak",
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
            found.extend(
                dataclasses.replace(advice, stage=rule.stage)
                for advice in rule.advise(ws, settings=settings)
            )
    return found
