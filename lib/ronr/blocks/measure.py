"""Blocks of the measure section: Kaushik's rates, engagement rates and the relationship.

The relationship part follows the Orbit Model (members, levels, movement, gravity) and ends
in the Return-on-Relationship index and, with the client's own money values, a value ledger.
"""

from __future__ import annotations

import pandas as pd

from .. import engagement, measure, orbit, plots, ror, sections
from ..config import ROR_COMPONENTS
from ..derive import feed_posts
from ..show import Chart, Note, Table, context_note, missing_notes
from ..store import Workspace
from .channel_mix import POSTS_HINT
from .order import client_first
from .tweak import stories_note

# a monthly chart with no or one month of posts: the tables above give the period's rates
ONE_MONTH = "Fewer than two months with posts in this period, so there is no trend to draw."
ONE_MONTH_ONLY = "One month only: a month-by-month chart needs two; the table gives the month."
KAUSHIK_LINES = {
    "conversation_rate": "comments per post",
    "amplification_rate": "shares per post",
    "applause_rate": "likes per post",
}


def intro(ws: Workspace) -> list:
    """The section's context line, and which export supplies posts when there are none."""
    return [
        context_note(ws),
        *missing_notes(
            ws,
            "posts",
            needed_for="conversation, amplification, applause and engagement rates",
            export_hint=POSTS_HINT,
        ),
        *stories_note(len(ws.posts) - len(feed_posts(ws.posts)), what="these rates"),
    ]


def kaushik_table(ws: Workspace) -> list:
    """Conversation, amplification and applause rates per brand and channel."""
    if not len(ws.posts):
        return []
    rates = measure.kaushik_rates(feed_posts(ws.posts), by=("brand", "channel"))
    return [Table(client_first(rates, ws))]


def kaushik_monthly(ws: Workspace) -> list:
    """The client's rates month by month."""
    if not len(ws.posts):
        return []
    monthly = measure.kaushik_rates(
        feed_posts(ws.own_posts), by=(), freq="MS", timezone=ws.timezone
    )
    figure = plots.plot_rates_over_time(
        monthly,
        columns=KAUSHIK_LINES,
        title="Kaushik's rates per month",
        timezone=ws.timezone,
        span=ws.covered_span("posts"),
    )
    return [Chart(figure, empty=ONE_MONTH)]


def engagement_table(ws: Workspace) -> list:
    """Engagement rate per brand and channel, each row naming its basis."""
    if not len(ws.posts):
        return []
    return [
        Table(
            client_first(
                measure.engagement_rate(feed_posts(ws.posts), by=("brand", "channel")), ws
            ),
            empty="No post has reach or impressions, so no engagement rate can be computed; "
            "compare the per-post rates above.",
        )
    ]


def engagement_monthly(ws: Workspace) -> list:
    """The client's engagement rate month by month, on the basis its posts support."""
    feed = feed_posts(ws.own_posts)
    basis = engagement.choose_basis(feed)
    if not basis:
        return []
    monthly = measure.engagement_rate(feed, by=(), freq="MS", basis=basis, timezone=ws.timezone)
    figure = plots.plot_rates_over_time(
        monthly,
        columns={"engagement_rate": f"engagement rate by {basis}"},
        title=f"Engagement rate by {basis} per month",
        percent=True,
        timezone=ws.timezone,
        span=ws.covered_span("posts"),
    )
    return [Chart(figure, empty=ONE_MONTH)]


MENTIONS_HINT = "Add a mentions export (a listening tool's CSV, or a conversation export)."
COMPONENT_NAMES = {
    "advocacy": "Advocacy",
    "loyalty": "Loyalty",
    "conversation": "Conversation",
    "responsiveness": "Responsiveness",
    "sentiment": "Sentiment",
    "audience_fit": "Audience fit",
}
# why a component can lack data in a month, in a reader's words
NO_DATA_REASONS = {
    "advocacy": "no member was active",
    "loyalty": "a month needs the 3 months before it in the data to tell who came back",
    "conversation": "no member was active",
    "responsiveness": "no mention needed an answer, or no brand replies were exported",
    "sentiment": "no mention of the brand was positive or negative",
    "audience_fit": "no audience snapshot up to then, or no target market in the config",
}
SCALES = {
    **ror.COMPONENT_SCALES,
    "conversation": ror.COMPONENT_SCALES["conversation"].replace(
        "cap", f"{ror.CONVERSATION_CAP:g}"
    ),
}
LEDGER_ACTIONS = {
    "share": "Shares by members",
    "mention": "Mentions by members",
    "review": "Reviews by members",
    "comment": "Comments by members",
    "reply": "Replies in threads by members",
    "advocate": "Advocates at the period's end",
    "fan": "Fans at the period's end",
    "follower": "Net new followers",
}
TOP_ADVOCATES = 10
FANS_SHOWN = 20


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _months_text(months) -> str:
    """``Jan 2025``, ``Jan 2025 and Feb 2025``, ``Jan 2025 – Jun 2025 (6 months)``, or for
    months with gaps between them ``4 months from Feb 2025 to Nov 2025``."""
    stamps = [pd.Timestamp(m) for m in months]
    names = [f"{m:%b %Y}" for m in stamps]
    if len(names) <= 3:
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    span = (stamps[-1].year - stamps[0].year) * 12 + stamps[-1].month - stamps[0].month + 1
    if span == len(stamps):
        return f"{names[0]} – {names[-1]} ({len(names)} months)"
    return f"{len(names)} months from {names[0]} to {names[-1]}"


def _month(table: pd.DataFrame) -> pd.DataFrame:
    """``period`` as ``month`` (written Mar 2025)."""
    return table.rename(columns={"period": "month"})


def _local_day(stamps: pd.Series, timezone: str) -> pd.Series:
    return stamps.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()


def relationship_intro(ws: Workspace) -> list:
    """Who counts as a member, and who is left out (the brand's own accounts, bot-like ones)."""
    if not len(ws.mentions):
        return missing_notes(
            ws,
            "mentions",
            needed_for="members, their levels and the Return-on-Relationship index",
            export_hint=MENTIONS_HINT,
        )
    members = sections.members(ws)
    excluded = sections.excluded_authors(ws)
    staff = excluded[excluded["reason"] == "staff"]
    bots = excluded[excluded["reason"] != "staff"]
    counted = f"A member is an author of a mention of {ws.brand} in the period: " + _plural(
        len(members), "member.", "members."
    )
    if excluded.empty:
        counted += " No author was left out: neither the brand's own accounts nor accounts "
        counted += "that post like bots mention it."
    else:
        counted += (
            f" Left out and counted apart: the brand's own accounts ({len(staff):,}, with "
            f"{_plural(int(staff['mentions'].sum()), 'mention', 'mentions')}) and accounts "
            f"that post like bots ({len(bots):,}, with "
            f"{_plural(int(bots['mentions'].sum()), 'mention', 'mentions')}; at least 20 "
            "mentions a day on 3 days, or nearly always the same text)."
        )
    notes = [Note(counted)]
    without = int(members.attrs.get("without_author", 0))
    if without:
        notes.append(
            Note(f"{_plural(without, 'mention has', 'mentions have')} no author: no member.")
        )
    return notes


def _weights_text(ws: Workspace) -> str:
    """``'a share counts 3, a mention 2, a review 2, a comment 1, a reply 1'``: the weights in
    use (``members.activity_weights`` in client.yaml, else the defaults)."""
    weights = sections.activity_weights(ws)
    ordered = sorted(weights.items(), key=lambda kv: (-kv[1], list(weights).index(kv[0])))
    return ", ".join(
        f"a {kind} counts {weight:g}" if i == 0 else f"a {kind} {weight:g}"
        for i, (kind, weight) in enumerate(ordered)
    )


def member_levels(ws: Workspace) -> list:
    """Members per orbit level at the end of the period, with their activity and love."""
    if not len(ws.mentions):
        return []
    members = sections.members(ws)
    if members.empty:
        return [
            Note(f"No mention of {ws.brand} with an author in this period: no member to level.")
        ]
    grouped = members.groupby("level", observed=False)
    table = pd.DataFrame(
        {
            "members": grouped.size(),
            "activities": grouped["activities"].sum(),
            "love": grouped["love"].sum(),
        }
    ).iloc[::-1]
    table["share_of_members"] = table["members"] / table["members"].sum()
    table = table.rename_axis("level").reset_index()
    return [
        Note(
            f"Love is a member's weighted activity: {_weights_text(ws)}. "
            "Over a month and the 2 before it, an advocate has love of at "
            "least 12 and was active in 2 of the 3 months; a fan at least 6 and 2 months; a "
            "participant at least 3, or 2 months; an observer any activity. A member moves up "
            "at once and down only after a full quiet month."
        ),
        Table(table[["level", "members", "share_of_members", "activities", "love"]]),
    ]


def level_movement(ws: Workspace) -> list:
    """Per month, members by level, who moved up, held or moved down, and the gravity."""
    if not len(ws.mentions):
        return []
    movement = sections.level_movement(ws)
    if movement.empty:
        return []
    columns = [
        "period",
        "members",
        "advocate",
        "fan",
        "participant",
        "observer",
        "new",
        "returned",
        "moved_up",
        "held",
        "moved_down",
        "left",
        "weighted_commitment",
        "gravity",
    ]
    return [
        Chart(plots.plot_level_movement(movement, timezone=ws.timezone), empty=ONE_MONTH_ONLY),
        Note(
            "Weighted commitment adds up each member's level weight squared (observer 1, "
            "participant 4, fan 7, advocate 10); gravity is its change on the month before, "
            "per member: above 0 the community is pulling members closer."
        ),
        Table(_month(movement[columns])),
    ]


def cohort_returns(ws: Workspace) -> list:
    """New members by month of their first mention, and the share of them active again later."""
    if not len(ws.mentions):
        return []
    cohorts = sections.cohorts(ws)
    if cohorts.empty:
        return []
    later = [c for c in cohorts.columns if isinstance(c, int) and c > 0]
    names = {k: f"{k} month{'s' if k > 1 else ''} later" for k in later}
    table = cohorts[["cohort", "size", *later]].rename(columns={"size": "members", **names})
    first = pd.Timestamp(cohorts["cohort"].iloc[0])
    exported = ws.spans["mentions"][0].tz_localize(None).to_period("M").start_time
    caveat = (
        f"History before the data is unknown: the {first:%b %Y} group also holds members who "
        "first came earlier. "
        if first <= exported
        else "Who is new is judged on every mention exported before the period. "
    )
    return [
        Chart(plots.plot_cohort_returns(cohorts)),
        Note(
            caveat + "An empty cell is a month after the data, not a month without anyone "
            "coming back."
        ),
        Table(table, formats={name: "{:.0%}" for name in names.values()}),
    ]


def top_advocates(ws: Workspace, *, n: int = TOP_ADVOCATES) -> list:
    """The members closest to the centre: what they did, and whether the brand answered them."""
    if not len(ws.mentions):
        return []
    members = sections.members(ws)
    if members.empty:
        return []
    own = ws.mentions[ws.mentions["brand"] == ws.brand]
    top = orbit.top_advocates(
        members, own, ws.responses if len(ws.responses) else None, n=n
    ).rename(
        columns={
            "share": "shares",
            "mention": "mentions",
            "review": "reviews",
            "comment": "comments",
            "reply": "thread_replies",
            "answered": "answered_share",
            "replies": "brand_replies",
        }
    )
    for column in ("first_seen", "last_seen"):
        top[column] = _local_day(top[column], ws.timezone)
    notes = []
    if not len(ws.responses):
        notes.append(
            Note("No brand replies were exported: whether the brand answered them is unknown.")
        )
    return [*notes, Table(top.drop(columns=["orbit"]))]


def closest_fans(ws: Workspace, *, rows: int = FANS_SHOWN) -> list:
    """The first ``rows`` of the worklist of members to know personally (at most 150).

    In a notebook, ``rows=150`` shows the whole list (:func:`ronr.sections.closest_fans`).
    """
    if not len(ws.mentions):
        return []
    fans = sections.closest_fans(ws)
    if fans.empty:
        return []
    columns = ["rank", "author", "level", "love", "activities", "active_months"]
    shown = fans[[*columns, "last_seen", "recency_days", "answered"]]
    shown = shown.rename(columns={"answered": "answered_share"})
    shown = shown.assign(last_seen=_local_day(shown["last_seen"], ws.timezone))
    return [
        Note(
            f"A worklist of the {_plural(len(fans), 'member', 'members')} to know personally, "
            f"advocates first, capped at {orbit.DUNBAR_NUMBER}: about the number of stable "
            "relationships one person can keep (Dunbar 1992)."
            + (
                f" The first {rows} are shown here; this section's notebook can show all "
                f"{len(fans):,}."
                if len(fans) > rows
                else ""
            )
        ),
        Table(shown.head(rows), max_rows=rows),
    ]


def responsiveness_by_theme(ws: Workspace) -> list:
    """Per FAQ theme, the share of mentions needing an answer that got one, and how fast."""
    if not len(ws.mentions):
        return []
    if not len(ws.responses):
        return [
            Note(
                "No brand replies were exported, so the response rate per theme cannot be "
                "measured. Add the replies export (or a conversation export).",
                kind="missing",
            )
        ]
    table = sections.theme_responsiveness(ws)
    return [
        Note(
            "Each question or complaint is in its nearest FAQ theme (as in the listen "
            "section); the 95% interval shows how sure the response rate is, and the times "
            "are of the answered ones."
        ),
        Table(
            table[list(orbit.RESPONSIVENESS_COLUMNS)],
            empty="No mention needed an answer in this period.",
        ),
    ]


def _dropped_notes(ws: Workspace, index: pd.DataFrame, scores: pd.DataFrame) -> list[Note]:
    """One note per weighted component that lacks data in some month with an index."""
    weights = ws.config.ror_weights
    weighted = [c for c in ROR_COMPONENTS if weights is None or weights.get(c, 0) > 0]
    judged = index["ror_index"].notna()
    notes = []
    for component in weighted:
        missing = scores.index[judged & scores[component].isna()]
        if not len(missing):
            continue
        when = "any month" if len(missing) == judged.sum() else _months_text(missing)
        notes.append(
            Note(
                f"{COMPONENT_NAMES[component]} has no data in {when} "
                f"({NO_DATA_REASONS[component]}): it is left out of "
                f"{'that month’s' if len(missing) == 1 else 'those months’'} index and the other "
                "components' weights are scaled up to fill its share, never counted as 0.",
                kind="missing" if len(missing) == judged.sum() else "info",
            )
        )
    return notes


def ror_index(ws: Workspace) -> list:
    """The ROR index per month: its components, their weights, and the trend."""
    index = sections.ror_index(ws)
    scores = sections.ror_scores(ws)
    if not index["ror_index"].notna().any():
        return [
            Note(
                "No component of the Return-on-Relationship index has data in this period: "
                "it needs mentions, brand replies or audience snapshots.",
                kind="missing",
            )
        ]
    weights = ws.config.ror_weights
    raw = pd.Series(
        {c: 1.0 if weights is None else float(weights.get(c, 0.0)) for c in ROR_COMPONENTS}
    )
    known = index["ror_index"].dropna()
    last = known.index[-1]
    components = pd.DataFrame(
        {
            "component": [COMPONENT_NAMES[c] for c in ROR_COMPONENTS],
            "how_scored": [SCALES[c] for c in ROR_COMPONENTS],
            "weight_share": (raw / raw.sum()).to_numpy(),
            "months_with_data": [int(scores[c].notna().sum()) for c in ROR_COMPONENTS],
            "latest_score": [scores.loc[last, c] for c in ROR_COMPONENTS],
        }
    )
    monthly = index[["ror_index", "components_used"]].join(
        scores.rename(columns={c: f"ror_{c}" for c in ROR_COMPONENTS})
    )
    monthly = _month(monthly.rename_axis("period").reset_index())
    weighting = (
        "equal weights (no ror_weights in the client's config)"
        if weights is None
        else "the weights set in the client's config"
    ).replace("ror_weights", "ROR weights")
    return [
        Note(
            f"The index for {last:%b %Y} is {known.iloc[-1]:.0f} of 100: the weighted mean of six "
            f"components, each scored 0–100 on the scale below, with {weighting}."
        ),
        *_dropped_notes(ws, index, scores),
        Table(components),
        Chart(plots.plot_ror_index(index, timezone=ws.timezone), empty=ONE_MONTH_ONLY),
        Table(monthly, empty="No month has an index."),
    ]


def ror_contributions(ws: Workspace) -> list:
    """How many index points each component adds per month (they add up to the index)."""
    index = sections.ror_index(ws)
    if not index["ror_index"].notna().any():
        return []
    figure = plots.plot_ror_contributions(index, names=COMPONENT_NAMES, timezone=ws.timezone)
    return [Chart(figure, empty=ONE_MONTH_ONLY)]


def ror_sensitivity(ws: Workspace) -> list:
    """Each weight lowered and raised by half: how much the index and its ranking move."""
    index = sections.ror_index(ws)
    if not index["ror_index"].notna().any():
        return []
    table = sections.ror_sensitivity(ws)
    table = table[table["weight"] > 0].copy()  # a weight of 0 stays 0 either way
    shown = pd.DataFrame(
        {
            "component": table["component"].map(COMPONENT_NAMES),
            "weight_change": table["direction"].map({"down": "−50%", "up": "+50%"}),
            "weight_share": table["weight_share"],
            "last_index": table["last_index"],
            "last_change": table["last_change"],
            "mean_ror_index": table["mean_index"],
            "rank_correlation": table["rank_correlation"],
            "best_changed": table["best_changed"],
        }
    )
    base = table["base_last_index"].iloc[0] if len(table) else float("nan")
    largest = shown.loc[shown["last_change"].abs().idxmax()] if len(shown) else None
    text = "Each component's weight lowered and raised by half in turn, the others kept. "
    if largest is not None and pd.notna(base):
        text += (
            f"The latest month's index ({base:.1f}) moves by at most "
            f"{abs(largest['last_change']):.1f} points ({largest['component']}, weight "
            f"{largest['weight_change']}); a rank correlation near 1 means the months keep "
            "their order whatever the weights."
        )
    return [Note(text), Table(shown.reset_index(drop=True))]


def value_ledger(ws: Workspace) -> list:
    """What the relationship's actions are worth at the client's own money values, if any."""
    if not ws.config.money_values:
        return [
            Note(
                "No money values in the client's config: nothing is converted to money.",
                kind="limit",
            )
        ]
    counts = sections.relationship_counts(ws)
    ledger = ror.value_ledger(
        counts, money_values=ws.config.money_values, currency=ws.config.currency
    )
    currency = ws.config.currency
    uncounted = [a for a in ws.config.money_values if a not in counts.index]
    per_action, worth = f"Value per action ({currency})", f"Value ({currency})"
    table = pd.DataFrame(
        {
            "action": [LEDGER_ACTIONS.get(a, a) for a in ledger["action"]],
            "count": ledger["count"],
            per_action: ledger["value_per_action"],
            worth: ledger["value"],
        }
    )
    total = ledger.attrs.get("total")
    notes = [
        Note(
            f"At the client's own values, in {currency}: "
            + (
                f"{total:,.2f} {currency} over the period."
                if pd.notna(total)
                else "the total is unknown, as a count is missing."
            )
            + " Only actions the client gave a value are converted; no value is assumed."
        )
    ]
    if uncounted:
        names = ", ".join(str(a).replace("_", " ") for a in uncounted)
        notes.append(Note(f"Valued in the config but not counted by ronr: {names}."))
    return [
        *notes,
        Table(
            table,
            formats={"count": "{:,.0f}", per_action: "{:,.2f}", worth: "{:,.2f}"},
            empty="None of the actions with a money value was counted in this period.",
        ),
    ]
