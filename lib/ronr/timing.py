"""Best time to post: each channel's engagement by weekday and hour of publication.

A cell of the week (Tuesday 09:00–09:59, the client's local time) holds the posts published
in it; its value is the median engagement index of those posts (each post's engagement ÷ its
channel's typical post, :func:`ronr.engagement.index_engagement`). A channel's map is shown
only once it has :data:`MIN_WEEKS` weeks of history, and a cell only with :data:`MIN_CELL`
posts: fewer are noise, and a strategist would move a posting schedule on them.

Timing effects are usually small next to content effects (what is posted matters more than
when); the report says so beside the map, in this client's own numbers where it can.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .derive import feed_posts
from .engagement import index_engagement

MIN_WEEKS = 16
"""Weeks from a channel's first to its last post before its map is shown."""
MIN_CELL = 5
"""Posts a weekday-and-hour cell needs before its value is shown."""
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HEATMAP_COLUMNS = ("channel", "weekday", "hour", "n", "median_index", "shown")
READINESS_COLUMNS = (
    "channel",
    "posts",
    "weeks",
    "weeks_needed",
    "cells_shown",
    "busiest_cell",
    "posts_needed",
    "ready",
)


def _timed(posts: pd.DataFrame, index: pd.Series | None, timezone: str) -> pd.DataFrame:
    """Feed posts with a known time and index: ``channel local index``."""
    feed = feed_posts(posts)
    if index is None:
        index = index_engagement(feed)["engagement_index"]
    values = pd.to_numeric(index.reindex(feed.index), errors="coerce").astype(float)
    if "published_at" in feed:
        stamps = pd.to_datetime(feed["published_at"], utc=True)
    else:
        stamps = pd.Series(pd.NaT, index=feed.index, dtype="datetime64[ns, UTC]")
    frame = pd.DataFrame(
        {"channel": feed["channel"], "local": stamps.dt.tz_convert(timezone), "index": values}
    )
    return frame[frame["local"].notna()]


def timing_readiness(
    posts: pd.DataFrame,
    *,
    index: pd.Series | None = None,
    timezone: str = "UTC",
    min_weeks: int = MIN_WEEKS,
    min_posts: int = MIN_CELL,
) -> pd.DataFrame:
    """Whether each channel has the history and the posts for a best-time map, and what it lacks.

    Parameters
    ----------
    posts
        Canonical posts of ONE brand (feed posts are used; Stories left out).
    index
        Each post's engagement index on the index of ``posts``; computed when None.
    timezone
        The client's zone.
    min_weeks
        Weeks of history (first to last post with a time) a map needs.
    min_posts
        Posts a cell needs.

    Returns
    -------
    DataFrame
        One row per channel with a post: ``channel``, ``posts`` (with a time and a known
        index), ``weeks`` (days from the channel's first to its last post with a time, ÷ 7),
        ``weeks_needed`` (whole weeks still missing, 0 when enough), ``cells_shown`` (cells
        with ``min_posts`` posts), ``busiest_cell`` (posts in the fullest cell),
        ``posts_needed`` (posts the fullest cell still needs when no cell has enough, else 0)
        and ``ready`` (enough weeks and a cell shown).
    """
    feed = feed_posts(posts)
    timed = _timed(posts, index, timezone)
    rows = []
    for channel in sorted(feed["channel"].dropna().unique()):
        own = timed[timed["channel"] == channel]
        known = own[own["index"].notna()]
        span = (own["local"].max() - own["local"].min()) / pd.Timedelta(days=7) if len(own) else 0.0
        cells = known.groupby([known["local"].dt.day_of_week, known["local"].dt.hour]).size()
        busiest = int(cells.max()) if len(cells) else 0
        shown = int((cells >= min_posts).sum())
        rows.append(
            {
                "channel": channel,
                "posts": len(known),
                "weeks": float(span),
                "weeks_needed": max(0, math.ceil(min_weeks - span - 1e-9)),
                "cells_shown": shown,
                "busiest_cell": busiest,
                "posts_needed": 0 if shown else min_posts - busiest,
                "ready": bool(span >= min_weeks and shown > 0),
            }
        )
    table = pd.DataFrame(rows, columns=list(READINESS_COLUMNS))
    table.attrs.update(min_weeks=min_weeks, min_posts=min_posts, timezone=timezone)
    return table


def timing_heatmap(
    posts: pd.DataFrame,
    *,
    index: pd.Series | None = None,
    timezone: str = "UTC",
    min_weeks: int = MIN_WEEKS,
    min_posts: int = MIN_CELL,
) -> pd.DataFrame:
    """The median engagement index of each weekday-and-hour cell of the ready channels.

    Parameters
    ----------
    posts, index, timezone, min_weeks, min_posts
        As in :func:`timing_readiness`.

    Returns
    -------
    DataFrame
        For each channel that is ready (:func:`timing_readiness`), all 7 × 24 cells:
        ``channel``, ``weekday`` (``Mon`` … ``Sun``, local), ``hour`` (0–23, local),
        ``n`` (posts with a known index), ``median_index`` (their median engagement index, ×
        the channel's typical post; missing when n < ``min_posts``: too few to show) and
        ``shown`` (n ≥ ``min_posts``). Empty when no channel is ready; ``attrs`` carries the
        readiness table as ``readiness``.

    Notes
    -----
    Source: ronr methodology (compare within channel, in the client's local time); the median,
    not the mean, so one viral post does not colour a cell.
    """
    readiness = timing_readiness(
        posts, index=index, timezone=timezone, min_weeks=min_weeks, min_posts=min_posts
    )
    timed = _timed(posts, index, timezone)
    timed = timed[timed["index"].notna()]
    frames = []
    for channel in readiness.loc[readiness["ready"], "channel"]:
        own = timed[timed["channel"] == channel]
        grouped = own.groupby([own["local"].dt.day_of_week, own["local"].dt.hour])["index"]
        stats = pd.DataFrame({"n": grouped.size(), "median": grouped.median()})
        full = pd.MultiIndex.from_product([range(7), range(24)], names=["day", "hour"])
        stats = stats.reindex(full)
        n = stats["n"].fillna(0).astype(int).to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "channel": channel,
                    "weekday": [WEEKDAY_NAMES[d] for d in full.get_level_values("day")],
                    "hour": full.get_level_values("hour").to_numpy(dtype=int),
                    "n": n,
                    "median_index": np.where(n >= min_posts, stats["median"], np.nan),
                    "shown": n >= min_posts,
                }
            )
        )
    table = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(HEATMAP_COLUMNS))
    )
    table.attrs.update(readiness=readiness, min_weeks=min_weeks, min_posts=min_posts)
    return table
