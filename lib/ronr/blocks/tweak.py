"""Blocks of the tweak section: what resonates, and the negative spikes."""

from __future__ import annotations

import pandas as pd

from .. import engagement, measure, plots, resonance, sections, tweak
from ..formats import typographic_minus
from ..names import channel_name
from ..show import Chart, Note, Table, context_note, coverage_notes, missing_notes
from ..store import Workspace
from .channel_mix import POSTS_HINT

NO_TYPE = "No post of the client has a known post type and engagement."
# what a within-channel comparison shows a client (its standard error and df stay in the data)
WITHIN_SHOWN = ["n", "mean_index", "ci_low", "ci_high", "effect", "effect_low", "effect_high",
                "n_compared", "channels", "small_sample"]  # fmt: skip


def intro(ws: Workspace) -> list:
    """The section's context line, and which export supplies posts when there are none."""
    return [
        context_note(ws),
        *missing_notes(
            ws,
            "posts",
            needed_for="what resonates (post types, hashtags, timing)",
            export_hint=POSTS_HINT,
        ),
    ]


def _by(ws: Workspace, column: str, title: str, empty: str) -> list:
    if not len(ws.posts):
        return []
    table = sections.within_channel(ws, column)
    zone = ws.timezone if column.startswith("published_") else None
    figure = plots.plot_engagement_index(table, by=column, title=title, timezone=zone)
    return [Chart(figure, empty=empty)]


def post_type_chart(ws: Workspace) -> list:
    """Engagement per post by post type, with intervals."""
    return _by(ws, "post_type", "Engagement by post type, within channel", NO_TYPE)


def post_type_tables(ws: Workspace) -> list:
    """The post-type comparison as a table, and Kaushik's rates per post type."""
    if not len(ws.posts):
        return []
    table = sections.within_channel(ws, "post_type")
    return [
        Note(
            "Each post is compared with the typical (median) post of its own channel, so a type "
            "posted mostly where engagement runs high does not look better for that. Engagement "
            "index: 1.00× is a typical post of its channel. Effect: how far the type's posts beat "
            "(or trail) the other posts of the same channels, in typical posts."
        ),
        Table(table[[by for by in ["post_type", *WITHIN_SHOWN] if by in table]], empty=NO_TYPE),
        *_stories_note(table),
        Note(
            "Comments, shares and likes per post of each post type (Kaushik's conversation, "
            "amplification and applause rates):"
        ),
        Table(measure.kaushik_rates(ws.own_posts, by=("post_type",))),
    ]


def hashtags(ws: Workspace) -> list:
    """Facebook posts with and without hashtags."""
    if not len(ws.posts):
        return []
    table = engagement.hashtag_effect(ws.own_posts, channel="facebook")
    return [Table(table), *_difference_note(table)]


def _stories_note(table) -> list:
    """Say how many Stories a comparison set aside: they are compared with nothing in the feed."""
    return stories_note(table.attrs.get("stories_left_out", 0), what="these comparisons")


def stories_note(stories: int, *, what: str) -> list:
    """A note that ``stories`` Stories are left out of ``what`` (none when there are none)."""
    if not stories:
        return []
    return [
        Note(
            f"{stories:,} Stor{'y is' if stories == 1 else 'ies are'} left out of {what}: a "
            "Story is full-screen, gone in a day and reached apart from the feed."
        )
    ]


def _difference_note(table) -> list:
    """The with − without difference and its interval, in words (when both sides have one)."""
    low, high = table.attrs.get("difference_low"), table.attrs.get("difference_high")
    if low is None or high is None or low != low or high != high:  # missing: n < 2 a side
        return []
    percent = str(table.attrs.get("measure", "")).startswith("engagement rate")
    value = (lambda v: f"{v * 100:+.2f}") if percent else (lambda v: f"{v:+,.1f}")
    unit = " percentage points" if percent else " engagements per post"
    return [
        Note(
            typographic_minus(
                f"With hashtags minus without: {value(table.attrs['difference'])}{unit} (95% "
                f"interval {value(low)} to {value(high)}); an interval that includes 0 shows no "
                "difference."
            )
        )
    ]


def weekday_chart(ws: Workspace) -> list:
    """Engagement per post by weekday of publication (local time)."""
    return _by(
        ws,
        "published_weekday",
        "Engagement by weekday of publication, within channel",
        "No post with a known weekday and engagement.",
    )


def hour_chart(ws: Workspace) -> list:
    """Engagement per post by hour of publication (local time)."""
    return _by(
        ws,
        "published_hour",
        "Engagement by hour of publication, within channel",
        "No post with a known hour and engagement.",
    )


def spikes_chart(ws: Workspace) -> list:
    """Daily negative mentions over the covered days, with the spike threshold."""
    missing = missing_notes(
        ws,
        "mentions",
        needed_for="negative spikes",
        export_hint="Add a mentions export or a conversation export.",
    )
    if missing:
        return missing
    daily = sections.negative_spikes(ws)
    if daily is None:
        return [*coverage_notes(ws, "mentions"), Chart(None)]
    reason = _not_judged(daily)
    if reason:  # said once here; the incidents and spike mentions below are then left out
        return [*coverage_notes(ws, "mentions"), Note(reason, kind="missing")]
    return [
        *coverage_notes(ws, "mentions"),
        Chart(plots.plot_negative_spikes(daily, timezone=ws.timezone)),
    ]


def _not_judged(daily) -> str | None:
    """Why no day of ``daily`` could be judged a spike, or None when some could."""
    return tweak.spike_days(daily).attrs.get("reason")


def incidents(ws: Workspace) -> list:
    """The negative incidents (neighbouring spike days), largest first, or why none was judged."""
    found = sections.negative_incidents(ws)
    spikes = sections.negative_spikes(ws)
    if found is None or _not_judged(spikes):  # the chart's block said why
        return []
    return [Table(found, empty="No negative incident in this period.")]


def spike_mentions(ws: Workspace) -> list:
    """What people said on the spike days."""
    spikes = sections.negative_spikes(ws)
    if spikes is None:
        return []
    if _not_judged(spikes):  # why is said above, with the chart it replaces
        return [Note("No day could be judged yet, so there are no spike days to show.")]
    if not spikes["is_spike"].any():
        return [Note("No spike day, so no mention to show here.")]
    return [
        Table(
            tweak.spike_mentions(
                ws.mentions, spikes, brand=ws.brand, n=8, timezone=ws.timezone
            ).assign(created_at=lambda f: f["created_at"].dt.tz_convert(ws.timezone))
        )
    ]


# --- what resonates, best time to post, each incident explained (issue 14) ---------------------

RESONANCE_SHOWN = ["dimension", "group", "n", "median_lift", "lift_low", "lift_high", "verdict"]
PERIOD_SHOWN = ["dimension", "group", "n_before", "lift_before", "n_latest", "lift_latest",
                "lift_change", "lift_change_low", "lift_change_high", "verdict"]  # fmt: skip
CONTENT_DIMENSIONS = ("Post type", "Media", "Text length", "Hashtags", "Links", "Theme",
                      "Paid or organic")  # fmt: skip
TIMING = resonance.TIMING_DIMENSIONS  # too many slots for 28 days: shown in the map instead
NO_LIFT = "No post of the client has a known engagement to compare with its channel."


def _lifts(ws: Workspace):
    return sections.resonance_lifts(ws) if len(ws.own_posts) else None


def _percent(value: float) -> str:
    return f"{value:+.0%}".replace("-", "\u2212")


def what_resonates(ws: Workspace) -> list:
    """The groups of posts that beat, and trail, their channel's typical post the most."""
    table = _lifts(ws)
    if table is None:
        return []
    if table.empty:
        return [Table(table, empty=NO_LIFT)]
    top = resonance.top_groups(table, n=5)
    found = table[table["resonates"]]
    flat = table[table["falls_flat"]]
    if len(found) or len(flat):
        said = [
            f"{row.group!s} ({row.dimension.lower()}): {_percent(row.median_lift)}"
            for row in pd.concat([found, flat]).itertuples()
        ]
        finding = (
            "Clear differences, after allowing for the number of groups compared: "
            + "; ".join(said)
            + "."
        )
    else:
        finding = (
            f"No group of posts clearly beats or trails its channel's typical post once the "
            f"{table.attrs['k']:,} groups compared are allowed for: differences this size "
            "come up by chance."
        )
    return [
        Note(
            "Each post is compared with the typical (median) post of its own channel; a group's "
            "lift is the median of its posts against that typical post: +40% means its typical "
            "post earns 1.4 times as much. Groups with fewer than "
            f"{table.attrs['min_posts']} posts are shown with the posts they still need, never "
            "ranked."
        ),
        Note(finding),
        Chart(
            plots.plot_lifts(top, title="What resonates: the largest and smallest lifts"),
            empty=f"No group has {table.attrs['min_posts']} posts yet, so none is ranked.",
        ),
        Table(top[RESONANCE_SHOWN], empty="No group is large enough to rank yet."),
    ]


def resonance_by_content(ws: Workspace) -> list:
    """Every content group (post type, media, length, hashtags, links, paid), small ones greyed."""
    table = _lifts(ws)
    if table is None or table.empty:
        return []
    content = table[table["dimension"].isin(CONTENT_DIMENSIONS)]
    return [
        Chart(
            plots.plot_lifts(content, title="Lift by kind of post"),
            empty="No post with a known kind and engagement.",
        ),
        Table(content[RESONANCE_SHOWN], max_rows=60),
    ]


def resonance_by_time(ws: Workspace) -> list:
    """Lift by weekday and part of the day (local time): ranked slots, then the small ones."""
    table = _lifts(ws)
    if table is None or table.empty:
        return []
    slots = table[table["dimension"] == "Day and time"]
    return [
        Note(
            f"Parts of the day in {ws.timezone} time: night 00–06, morning 06–12, afternoon "
            "12–18, evening 18–24."
        ),
        Table(
            slots[RESONANCE_SHOWN].drop(columns="dimension"),
            max_rows=40,
            empty="No post with a known time and engagement.",
        ),
    ]


def latest_period(ws: Workspace) -> list:
    """The lift of each group in the last 28 days against the 28 days before, and the change."""
    if not len(ws.own_posts):
        return []
    table = sections.resonance_periods(ws)
    if table.empty:
        return [Table(table, empty="No post in the last 56 days of the posts.")]
    a = table.attrs
    return [
        Note(
            f"Latest 28 days: {a['latest_start']:%d %b %Y} – {a['latest_end']:%d %b %Y}; the 28 "
            f"days before: {a['before_start']:%d %b %Y} – {a['before_end']:%d %b %Y}. Both are "
            "measured against the same typical post of each channel; a change in points of that "
            "typical post. Days and times of day are left out: 28 days hold too few posts for "
            "each."
        ),
        Table(table.loc[~table["dimension"].isin(TIMING), PERIOD_SHOWN], max_rows=60),
    ]


def best_time(ws: Workspace) -> list:
    """A weekday-and-hour map per channel with the history for it, else what it still needs."""
    if not len(ws.own_posts):
        return []
    cells = sections.timing_cells(ws)
    readiness = cells.attrs["readiness"]
    weeks, need = cells.attrs["min_weeks"], cells.attrs["min_posts"]
    blocks: list = []
    for row in readiness.itertuples():
        name = channel_name(row.channel)
        if row.ready:
            blocks.append(
                Chart(
                    plots.plot_timing_heatmap(
                        cells, channel=row.channel, timezone=ws.timezone, min_posts=need
                    )
                )
            )
            continue
        if not row.posts:
            blocks.append(
                Note(
                    f"{name}: no map: no post has an exact publication time and a known "
                    "engagement in the exports."
                )
            )
            continue
        missing = []
        if row.weeks_needed:
            missing.append(
                f"{row.weeks_needed:,} more week{'' if row.weeks_needed == 1 else 's'} of posts "
                f"(it has {row.weeks:,.0f} of the {weeks} needed)"
            )
        if row.posts_needed:
            missing.append(
                f"{row.posts_needed:,} more post{'' if row.posts_needed == 1 else 's'} in its "
                f"busiest weekday-and-hour slot (it has {row.busiest_cell:,}; a slot needs {need})"
            )
        blocks.append(Note(f"{name}: no map yet; it needs " + " and ".join(missing) + "."))
    return [*blocks, _timing_versus_content(ws)]


def _timing_versus_content(ws: Workspace) -> Note:
    """Timing effects are small against content effects: in this client's numbers if possible."""
    spread = resonance.dimension_spread(_lifts(ws)).set_index("dimension")["spread"]
    timing_spread = spread.get("Day and time")
    content_spread = spread.drop(list(resonance.TIMING_DIMENSIONS), errors="ignore")
    plain = (
        "When a post goes out usually matters much less than what it says and shows: treat a "
        "best time as a tie-breaker, not a strategy."
    )
    if timing_spread is None or content_spread.empty:
        return Note(plain)
    best = content_spread.idxmax()
    return Note(
        f"On this client's posts, the lifts of the best and worst {best.lower()} lie "
        f"{content_spread.max():.0%} of a typical post apart, those of the weekdays and times "
        f"of day {timing_spread:.0%} (the ranked groups only). " + plain
    )


def _incident_tables(ws: Workspace):
    spikes = sections.negative_spikes(ws)
    if spikes is None or _not_judged(spikes):
        return None
    found = sections.negative_incidents(ws)
    return None if found is None or found.empty else found


def incidents_explained(ws: Workspace) -> list:
    """Each incident: volume, net sentiment and answers; what drove it; what people said."""
    if _incident_tables(ws) is None:
        return []
    replies = "" if len(ws.responses) else " No reply export, so the answers are unknown."
    return [
        Note(
            "Each incident over its days (the client's time zone): mentions and net sentiment, "
            "how many of the mentions needing an answer the brand answered, and how fast "
            "(business hours)." + replies
        ),
        Table(sections.incident_overview(ws)),
        Note(
            "What drove it: words and phrases, FAQ themes, authors and channels of its negative "
            "mentions against the 28 days before it (at least 3 incident mentions each)."
        ),
        Table(sections.incident_drivers(ws), empty="No driver with 3 incident mentions."),
        Note(
            "What each incident was about: negative mentions holding most of its leading words "
            "and phrases, and the most engaged mentions about it."
        ),
        Table(sections.incident_mentions(ws), empty="No mention with text in the incidents."),
    ]


def disaster_plan(ws: Workspace) -> list:
    """The client's disaster plan checked step by step, and when the spike rule would have fired."""
    if _incident_tables(ws) is None:
        return []
    return [
        Note(
            "Each step of the client's disaster plan (set in its configuration, or the "
            "default) marked from the data: done, missed, or unknown where the exports cannot "
            "tell."
        ),
        Table(sections.incident_plan(ws)),
        Note(
            "Replay: checked every hour on the incident's first day, the spike rule would have "
            "flagged it once that day's running count of negative mentions passed the day's "
            "threshold."
        ),
        Table(sections.incident_replay(ws)),
    ]
