"""The cover: headline numbers and the top recommendations, each with its evidence.

Every number here comes from a stage function and names its metric key in ``metrics.py``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import channels, engagement, growth, labels, listen, measure, recommend, ror, sections
from .config import ROR_COMPONENTS
from .derive import feed_posts
from .formats import typographic_minus
from .metrics import METRICS
from .names import channel_name, language_name
from .recommend import Recommendation
from .stats import difference_interval, ratio_difference_interval
from .store import Workspace, describe_absence


@dataclass(frozen=True)
class Headline:
    """A cover number: ``value`` as shown, its ``metric`` key, the ``n`` it rests on, the
    unformatted ``number`` (to compare periods) and its ``change`` against the previous
    period in words (empty when the report does not compare)."""

    label: str
    value: str
    metric: str
    n: int
    number: float | None = None
    change: str = ""
    month: str = ""  # the one month a headline is of (the ROR index), named in its change
    detail: str = ""  # a sentence under the number (e.g. the sentiment check's intervals)
    # per unit (post) numerators and denominators of a ratio headline, for its change's
    # bootstrap interval: (numerators, denominators)
    sample: tuple = dataclasses.field(default=(), compare=False, repr=False)


COUNT_UNITS = frozenset({"mentions", "posts"})
MIN_COMPONENTS = 3  # of the six ROR components, for the index to be a cover headline
# shares whose n is their denominator (distinct mentions, mentions needing an answer): their
# change gets Newcombe's interval; a rate by reach or a growth rate has no such n
PROPORTIONS = frozenset({"share_of_voice", "response_rate"})


def _pct(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.1%}"


def _number(value) -> float | None:
    """A headline's value as a plain float, None when unknown."""
    return None if value is None or pd.isna(value) else float(value)


def headline_numbers(ws: Workspace, *, previous: Workspace | None = None) -> list[Headline]:
    """The few numbers on the cover, for the client's brand over the period.

    With ``previous`` (:func:`ronr.store.load_comparison`), each headline also says its
    change against that period (:func:`compare_headlines`).
    """
    heads = _headlines(ws)
    if previous is None:
        return heads
    compared = compare_headlines(heads, _headlines(previous), since=previous)
    return [
        dataclasses.replace(h, change=_ror_change(ws, previous) or h.change)
        if h.metric == "ror_index"
        else h
        for h in compared
    ]


def _ror_month(ws: Workspace) -> pd.Timestamp | None:
    """The last month whose index rests on at least :data:`MIN_COMPONENTS` components."""
    table = sections.ror_index(ws)
    index = table.loc[table["components_used"] >= MIN_COMPONENTS, "ror_index"].dropna()
    return None if index.empty else index.index[-1]


def _ror_change(ws: Workspace, previous: Workspace) -> str | None:
    """The index's change against the earlier period's last month, on the components both
    months have (:func:`ronr.ror.compare_index_months`); None when either has no index."""
    now, before = _ror_month(ws), _ror_month(previous)
    if now is None or before is None:
        return None
    scores = pd.concat(
        [sections.ror_scores(previous).loc[[before]], sections.ror_scores(ws).loc[[now]]]
    )
    compared = ror.compare_index_months(scores, weights=ws.config.ror_weights)
    if compared is None:
        return None
    then, later = (round(float(v)) for v in compared["ror_index"])
    shared = sum(c.startswith("contribution_") for c in compared)
    delta = later - then
    text = "no change" if delta == 0 else f"{delta:+d} point{'' if abs(delta) == 1 else 's'}"
    if shared == int(scores.notna().sum(axis=1).iloc[1]) == int(scores.notna().sum(axis=1).iloc[0]):
        return typographic_minus(f"{text} against {before:%b %Y} ({then})")
    return typographic_minus(
        f"{text} against {before:%b %Y}, on the {shared} components both months have "
        f"({then} then, {later} now)"
    )


def split_lead(heads: list[Headline]) -> tuple[Headline | None, list[Headline]]:
    """The ROR index's headline (None without one) and the other headlines, in order: the
    cover shows the index beside the recommendations and the rest as cards below."""
    lead = next((h for h in heads if h.metric == "ror_index"), None)
    return lead, [h for h in heads if h is not lead]


def compare_headlines(
    heads: list[Headline], before: list[Headline], *, since: Workspace
) -> list[Headline]:
    """``heads`` with their change against ``before`` (the same metrics over ``since``).

    A share or rate changes in percentage points (a proportion with Newcombe's 95% interval
    of the difference, :func:`ronr.stats.difference_interval`), a count by its difference and
    in %, a score or index by its difference, in the metric's unit; a headline the other
    period has no value for says "no earlier data" (missing is not zero). Changes use
    :func:`ror.compare_periods`.
    """
    earlier = {h.metric: h for h in before}
    span = f"{since.start:%d %b %Y} – {since.end:%d %b %Y}"
    return [
        dataclasses.replace(head, change=_change_text(head, earlier.get(head.metric), span))
        for head in heads
    ]


def _change_text(head: Headline, before: Headline | None, span: str) -> str:
    if before is None or before.number is None or head.number is None:
        return f"no earlier data ({span})"
    unit = METRICS[head.metric].unit
    # shares (0–1) change in percentage points; "shares per post" is a count per post
    rate = unit.startswith(("share (", "share of")) or unit.endswith("; share")
    change = ror.compare_periods(head.number, before.number, rate=rate)
    delta, relative = change["change"], change["relative_change"]
    low = high = float("nan")
    if head.sample and before.sample:
        _, low, high = ratio_difference_interval(head.sample, before.sample)
    if not np.isnan(low):
        if rate:
            text = f"{delta:+.1f} pp (95% interval {low * 100:+.1f} to {high * 100:+.1f})"
        else:
            text = f"{delta:+.2f} (95% interval {low:+.2f} to {high:+.2f})"
    elif rate and head.metric in PROPORTIONS:
        low, high = difference_interval(
            head.number * head.n, head.n, before.number * before.n, before.n
        )
        text = f"{delta:+.1f} pp (95% interval {low * 100:+.1f} to {high * 100:+.1f})"
    elif rate:
        text = f"{delta:+.1f} pp"
    elif unit in COUNT_UNITS:
        text = f"{delta:+,.0f}" + (f" ({relative:+.0%})" if relative is not None else "")
    elif unit == "hours":
        text = f"{delta:+.1f} h"
    elif unit.startswith("index"):
        text = f"{delta:+.0f} points"
    else:
        text = f"{delta:+.2f}"
    if not any(digit in "123456789" for digit in text.split("(")[0]):
        text = "no change"  # +0.00 or −0 h: the same at the precision shown
    return typographic_minus(f"{text} against {before.month or span} ({before.value})")


def _headlines(ws: Workspace) -> list[Headline]:
    brand = ws.brand
    own_mentions = ws.mentions[ws.mentions["brand"] == brand]
    heads = _ror_headline(ws)
    sov = listen.share_of_voice(ws.mentions, brands=ws.config.brand_names, n_boot=0)
    sov = sov.set_index("brand")
    if len(ws.mentions):
        heads.append(
            Headline(
                "Mentions of the brand",
                f"{len(own_mentions):,}",
                "mention_volume",
                len(own_mentions),
                len(own_mentions),
            )
        )
    if len(ws.mentions) and ws.config.competitors:  # alone, a brand's share is trivially 100%
        share = sov.loc[brand, "share_of_voice"] if brand in sov.index else None
        clusters = listen.voice_by_author(ws.mentions, brand=brand, brands=ws.config.brand_names)
        heads.append(
            Headline(
                "Share of voice",
                _pct(share) if share is not None else "–",
                "share_of_voice",
                round(sov["mentions_fractional"].sum()),  # distinct mentions
                _number(share),
                # its change resamples authors, as its interval does (share_of_voice)
                sample=(clusters["own"].to_numpy(), clusters["total"].to_numpy()),
            )
        )
    if own_mentions["sentiment_label"].notna().any():
        net = listen.net_sentiment(own_mentions).iloc[0]
        if net["n"]:  # only neutral mentions: no sign to report
            heads.append(
                Headline(
                    "Net sentiment",
                    f"{net['net_sentiment']:+.2f}",
                    "net_sentiment",
                    int(net["n"]),
                    _number(net["net_sentiment"]),
                )
            )
    checked = labels.sentiment_check_headline(ws)  # beside net sentiment, when labelled
    if checked is not None:
        heads.append(Headline(**checked))
    heads.extend(_post_headlines(ws.posts[ws.posts["brand"] == brand]))
    heads.extend(_audience_headlines(ws))
    if len(ws.responses):
        resp = channels.response_times(
            ws.mentions, ws.responses, brand=brand, hours=ws.config.business_hours
        ).iloc[0]
        if resp["needing_answer"]:  # replies with no mention in the exports answer nothing known
            heads.append(
                Headline(
                    "Response rate",
                    _pct(resp["response_rate"]),
                    "response_rate",
                    int(resp["needing_answer"]),
                    _number(resp["response_rate"]),
                )
            )
        if resp["answered"]:
            heads.append(
                Headline(
                    "Median first response (business hours)",
                    f"{resp['median_business_hours']:.1f} h",
                    "first_response_time",
                    int(resp["answered"]),
                    _number(resp["median_business_hours"]),
                )
            )
    return heads


def _ror_headline(ws: Workspace) -> list[Headline]:
    """The Return-on-Relationship index of the period's last month with one (0–100).

    n is the members active that month (the people the index is about), else the largest
    number any of its components rests on.
    """
    # a month resting on fewer than half the components says too little for the cover
    month = _ror_month(ws)
    if month is None:
        return []
    table = sections.ror_index(ws)
    index = table.loc[[month], "ror_index"]
    parts = sections.ror_components(ws)
    parts = parts[parts["period"] == month]
    active = parts.loc[parts["component"] == "advocacy", "n"]
    known = parts["n"].dropna()
    if len(active) and pd.notna(active.iloc[0]):
        n = int(active.iloc[0])
    else:
        n = int(known.max()) if len(known) else 0
    used = int(sections.ror_index(ws).loc[month, "components_used"])
    of = "" if used == len(ROR_COMPONENTS) else f", {used} of {len(ROR_COMPONENTS)} components"
    return [
        Headline(
            f"Return-on-Relationship index, {month:%b %Y} (0–100{of})",
            f"{index.iloc[-1]:.0f}",
            "ror_index",
            n,
            _number(index.iloc[-1]),
            month=f"{month:%b %Y}",
        )
    ]


KAUSHIK_LABELS = {
    "conversation_rate": "Comments per post",
    "amplification_rate": "Shares per post",
    "applause_rate": "Likes per post",
}


def _post_headlines(own_posts: pd.DataFrame) -> list[Headline]:
    """Posts, Kaushik's per-post rates, and the engagement rate on each basis the posts have."""
    if own_posts.empty:
        return []
    heads = [Headline("Posts", f"{len(own_posts):,}", "posts", len(own_posts), len(own_posts))]
    feed = feed_posts(own_posts)  # a Story's reach and reactions are not a feed post's
    if feed.empty:
        return heads
    kaushik = measure.kaushik_rates(feed, by=()).iloc[0]
    for rate, label in KAUSHIK_LABELS.items():
        counts = feed[measure.KAUSHIK[rate]].dropna().to_numpy(dtype=float)
        if len(counts):
            heads.append(
                Headline(
                    label,
                    f"{kaushik[rate]:,.1f}",
                    rate,
                    len(counts),
                    _number(kaushik[rate]),
                    sample=(counts, np.ones(len(counts))),
                )
            )
    per_post = measure.engagement_rate(feed, by="post_id") if "post_id" in feed else None
    for row in measure.engagement_rate(feed, by=()).itertuples():
        parts = () if per_post is None else per_post[per_post["basis"] == row.basis]
        heads.append(
            Headline(
                f"Engagement rate by {row.basis}",
                _pct(row.engagement_rate),
                f"engagement_rate_{row.basis}",
                int(row.posts),
                _number(row.engagement_rate),
                sample=()
                if per_post is None
                else (
                    parts["engagements"].to_numpy(dtype=float),
                    parts["basis_total"].to_numpy(dtype=float),
                ),
            )
        )
    return heads


def _audience_headlines(ws: Workspace) -> list[Headline]:
    """Follower growth over the channels with two counts, and the best channel's audience fit."""
    heads = []
    if len(ws.followers):
        table = growth.follower_growth(ws.followers, start=ws.start, end=ws.end)
        known = table[table["net_change"].notna() & (table["first_followers"] > 0)]
        if len(known):
            rate = known["net_change"].sum() / known["first_followers"].sum()
            heads.append(
                Headline("Follower growth", f"{rate:+.1%}", "follower_growth", len(known), rate)
            )
    fit = sections.channel_fit(ws)
    if len(fit):
        best = fit.iloc[0]
        heads.append(
            Headline(
                f"Audience fit, best channel ({channel_name(best['channel'])})",
                f"{best['fit']:.2f}",
                "channel_audience_fit",
                int(best["dimensions"]),
                _number(best["fit"]),
            )
        )
    return heads


def recommendations(ws: Workspace, *, limit: int = 5) -> list[Recommendation]:
    """The cover's recommendations: those of every enabled rule of ``recommend.RULES``,
    strongest first (:func:`ronr.recommend.rank_recommendations`).

    Each says why in numbers, its expected effect and names its metric; ``limit`` keeps the
    first ones.
    """
    return recommend.rank_recommendations(recommend.apply_rules(ws))[:limit]


def unmatched_replies_note(ws: Workspace) -> str | None:
    """A sentence on the client's replies whose mention is in no export, or None if none."""
    counts = channels.count_responses(ws.mentions, ws.responses, brand=ws.brand)
    if not counts["unmatched"]:
        return None
    return (
        f"{counts['unmatched']:,} of the brand's {counts['replies']:,} replies "
        f"{'answers' if counts['unmatched'] == 1 else 'answer'} a mention that is not in the "
        "exports, so the response rate and response times cannot count "
        f"{'it' if counts['unmatched'] == 1 else 'them'}. Add the mentions they answer (a wider "
        "mentions or conversation export)."
    )


def data_limits(ws: Workspace) -> list[str]:
    """Plain statements of what this client's data cannot show, for the cover."""
    limits = []
    if not len(ws.mentions):
        limits.append(
            "No mentions: listening (share of voice, sentiment, questions), negative spikes and "
            "response times cannot be measured. "
            + (
                describe_absence(ws, "mentions")
                or "Add a mentions export or a conversation export."
            )
        )
    elif not len(ws.responses):
        limits.append("No brand replies: response rate and response times cannot be measured.")
    if len(ws.responses) and (note := unmatched_replies_note(ws)):
        limits.append(note)
    unscored = (
        int((ws.mentions["sentiment"].isna() & ws.mentions["text"].notna()).sum())
        if len(ws.mentions)
        else 0
    )
    if unscored:
        codes = ws.mentions.loc[ws.mentions["sentiment"].isna(), "language"].dropna().unique()
        languages = ", ".join(sorted(language_name(c) for c in codes))
        limits.append(
            f"{unscored:,} mentions are not in English ({languages}): they count in volumes and "
            "share of voice but have no sentiment score (VADER's lexicon is English)."
        )
    stories = len(ws.own_posts) - len(feed_posts(ws.own_posts))
    if stories:
        limits.append(
            f"{stories:,} of the client's posts {'is a Story' if stories == 1 else 'are Stories'}"
            ": counted among the posts but left out of the per-post rates, engagement rates and "
            "post comparisons (a Story is full-screen, gone in a day and reached apart from the "
            "feed)."
        )
    if not len(ws.audience):
        limits.append(
            "No audience demographics: audience fit and the channel-mix advice that rests on it "
            "cannot be computed. Add each channel's audience export."
        )
    if len(ws.mentions) and len(ws.config.competitors) == 0:
        limits.append("No competitors in client.yaml: share of voice has nothing to compare with.")
    posts = ws.posts
    if len(posts):
        undated = int(posts["published_at"].isna().sum())
        if undated:
            limits.append(
                f"{undated:,} of {len(posts):,} posts have a month, weekday and hour but no day: "
                "they appear in monthly views only, never in daily or weekly ones."
            )
        if posts["text"].isna().all():
            limits.append("No post text: hashtags and topics cannot be analysed.")
        own = posts[posts["brand"] == ws.brand]
        basis = engagement.choose_basis(own)
        if basis is None and len(own):
            limits.append(
                "No reach or impressions on the posts: engagement rates cannot be computed, so "
                "posts are compared by comments, shares and likes per post (Kaushik's rates). "
                "Add the post exports with reach (Facebook, Instagram) or impressions (X)."
            )
        elif basis == "impressions":
            limits.append(
                "No reach on the posts: engagement rates are by impressions (views, not people)."
            )
    else:
        limits.append(
            "No posts: post counts, engagement and what resonates cannot be measured. "
            + (
                describe_absence(ws, "posts")
                or "Add the post exports of the client's channels (page, tweet activity or "
                "Sprout exports)."
            )
        )
    covered = ws.covered_span("mentions")
    if covered and (covered[0] > ws.start or covered[1] < ws.end):
        limits.append(
            f"The mention exports cover {covered[0]:%d %b %Y} – {covered[1]:%d %b %Y} of the "
            "period: days outside it are unknown, not days without mentions, so spikes and "
            "emerging terms are judged inside it only."
        )
    return limits
