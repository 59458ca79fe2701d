"""Blocks of the tweak section: what resonates, and the negative spikes."""

from __future__ import annotations

from .. import engagement, measure, plots, sections, tweak
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
            f"With hashtags minus without: {value(table.attrs['difference'])}{unit} (95% "
            f"interval {value(low)} to {value(high)}); an interval that includes 0 shows no "
            "difference."
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
    if spikes is None or _not_judged(spikes):
        return []
    if not spikes["is_spike"].any():
        return [Note("No spike day, so no mention to show here.")]
    return [
        Table(
            tweak.spike_mentions(
                ws.mentions, spikes, brand=ws.brand, n=8, timezone=ws.timezone
            ).assign(created_at=lambda f: f["created_at"].dt.tz_convert(ws.timezone))
        )
    ]
