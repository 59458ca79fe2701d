"""What resonates: each kind of post's engagement against its channel's typical post.

Every feed post carries its engagement index (:func:`ronr.engagement.index_engagement`: the
post's engagement ÷ the median post of its own channel), so a group of posts is compared
within channel whatever channels it spans. A group's *lift* is the median index of its posts
minus 1: +40 % means its typical post earns 1.4× the typical post of its channel.

Why the median: engagement is skewed, so the mean index of posts drawn at random from a
channel lies above 1 (a lognormal's mean exceeds its median): a lift on the mean would call
every large group "better than typical". The median index of any group chosen without regard
to engagement lies at 1 (each channel's index has median 1, and so does any mix of channels),
so on data with no signal the lifts scatter around 0.

Intervals are percentile bootstrap intervals of the median (Efron & Tibshirani 1993, ch. 13),
resampling posts (no clustering), seeded so a report is reproducible; they stay within the
lift's range (−100 % and up) by construction. A group is measured only on the channels
where it has other posts beside it: on a channel of videos only, the typical post is a video.
A group with fewer than
:data:`ronr.stats.SMALL_SAMPLE` posts is shown but never ranked. A group *resonates* when its
interval, widened for the number of groups ranked (Bonferroni 1936), lies wholly above 0, and
*falls flat* when it lies wholly below: on data without a signal, the chance of any such
finding stays below ``1 − family_confidence``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .derive import feed_posts
from .engagement import has_hashtags, index_engagement
from .stats import SMALL_SAMPLE

N_BOOT = 4000
"""Bootstrap resamples per group (enough for the tails of the widened interval)."""
CONFIDENCE = 0.95
"""Of each group's interval as shown."""
FAMILY_CONFIDENCE = 0.95
"""Of the verdicts together: the interval behind a verdict is at 1 − (1 − this) / k."""
HOUR_BANDS = ((0, 6, "night"), (6, 12, "morning"), (12, 18, "afternoon"), (18, 24, "evening"))
"""Local hours [start, end) of each part of the day."""
LENGTH_BANDS = (
    (0, 80, "Short (under 80 characters)"),
    (80, 200, "Medium (80 to 199 characters)"),
    (200, np.inf, "Long (200 characters or more)"),
)
MEDIA = {
    "photo": "Image",
    "image": "Image",
    "carousel": "Image",
    "album": "Image",
    "video": "Video",
    "reel": "Video",
    "live": "Video",
    "short": "Video",
    "link": "Link preview",
    "status": "Text only",
    "text": "Text only",
}
"""The media a post type carries, where the exports have no media column."""
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DIMENSIONS = (
    "Post type",
    "Day and time",
    "Theme",
    "Text length",
    "Media",
    "Hashtags",
    "Links",
    "Paid or organic",
)
"""The ways posts are grouped, in the order the tables list them."""
TIMING_DIMENSIONS = ("Day and time",)
RESONANCE_COLUMNS = (
    "dimension",
    "group",
    "n",
    "median_lift",
    "lift_low",
    "lift_high",
    "needs_more",
    "ranked",
    "resonates",
    "falls_flat",
    "verdict",
)
PERIOD_COLUMNS = (
    "dimension",
    "group",
    "n_before",
    "lift_before",
    "n_latest",
    "lift_latest",
    "lift_change",
    "lift_change_low",
    "lift_change_high",
    "needs_more",
    "ranked",
    "verdict",
)
_LINK = r"(?i)https?://|www\."


def _band(hour) -> str | None:
    if pd.isna(hour):
        return None
    for start, end, name in HOUR_BANDS:
        if start <= int(hour) < end:
            return name
    return None


def _local(posts: pd.DataFrame, timezone: str) -> pd.Series:
    stamps = pd.to_datetime(posts["published_at"], utc=True)
    return stamps.dt.tz_convert(timezone)


def post_features(posts: pd.DataFrame, *, timezone: str = "UTC") -> pd.DataFrame:
    """Each post's group in every dimension of :data:`DIMENSIONS`, as a client reads it.

    Parameters
    ----------
    posts
        Canonical posts (``post_type``, ``published_at``, ``text``, ``paid``; optional
        ``theme`` and ``media`` columns, and ``published_weekday``/``published_hour`` used
        where ``published_at`` is missing).
    timezone
        The client's zone: weekdays and hours are its local ones.

    Returns
    -------
    DataFrame
        On the index of ``posts``, one column per dimension (``Post type``, ``Day and time``
        e.g. ``Tue morning`` (a source's own weekday code as written, e.g. ``Weekday 4
        morning``, where it gives no exact time), ``Theme``, ``Text length``, ``Media``, ``Hashtags`` (``With
        hashtags``/``Without hashtags``), ``Links``, ``Paid or organic``). A value is missing
        where the post's group is unknown (no text: length, hashtags and links unknown; no time;
        no ``paid`` flag; no theme column): missing is not a group.
    """
    index = posts.index
    out = pd.DataFrame(index=index)
    kind = posts["post_type"] if "post_type" in posts else pd.Series(pd.NA, index=index)
    kind = kind.astype("string").str.strip().str.lower()
    out["Post type"] = kind.map(lambda v: v[:1].upper() + v[1:] if isinstance(v, str) else None)
    if "published_at" in posts and posts["published_at"].notna().any():
        local = _local(posts, timezone)
        weekday = local.dt.day_of_week.map(lambda d: WEEKDAY_NAMES[int(d)] if pd.notna(d) else None)
        hour = local.dt.hour
    else:
        weekday = pd.Series(None, index=index, dtype=object)
        hour = pd.Series(np.nan, index=index)
    if "published_weekday" in posts:  # sources with a weekday and hour but no exact time
        raw = posts["published_weekday"].astype("string").str.strip()
        named = raw.str[:3].str.title()
        # a day name as Mon; the source's own code as it wrote it ("Weekday 4": UCI's
        # dataset does not say which day is 1)
        given = named.where(named.isin(WEEKDAY_NAMES), raw.str[:1].str.upper() + raw.str[1:])
        given = given.where(raw.notna() & (raw != ""))
        weekday = weekday.where(weekday.notna(), given.astype(object))
    if "published_hour" in posts:
        hour = hour.where(hour.notna(), pd.to_numeric(posts["published_hour"], errors="coerce"))
    band = hour.map(_band)
    out["Day and time"] = [
        f"{d} {b}" if isinstance(d, str) and isinstance(b, str) else None
        for d, b in zip(weekday, band, strict=True)
    ]
    if "theme" in posts:
        theme = posts["theme"].astype("string")
        out["Theme"] = theme.where(theme.str.strip() != "")
    else:
        out["Theme"] = None
    text = posts["text"].astype("string") if "text" in posts else pd.Series(pd.NA, index=index)
    known = text.notna()
    length = text.str.len()
    bands = pd.Series(None, index=index, dtype=object)
    for low, high, name in LENGTH_BANDS:
        bands[known & (length >= low) & (length < high)] = name
    out["Text length"] = bands
    if "media" in posts:
        media = posts["media"].astype("string").str.strip()
        out["Media"] = media.where(media != "").str.capitalize()
    else:
        out["Media"] = kind.map(lambda v: MEDIA.get(v, "Other") if isinstance(v, str) else None)
    tags = has_hashtags(posts.assign(text=text))
    out["Hashtags"] = np.where(known, np.where(tags, "With hashtags", "Without hashtags"), None)
    links = text.fillna("").str.contains(_LINK, regex=True)
    out["Links"] = np.where(known, np.where(links, "With a link", "Without a link"), None)
    if "paid" in posts:
        paid = posts["paid"].astype("boolean")
        out["Paid or organic"] = paid.map(
            lambda v: None if pd.isna(v) else ("Paid" if v else "Organic")
        )
    else:
        out["Paid or organic"] = None
    return out.astype(object).where(out.notna(), None)


def _medians(values: np.ndarray, rng: np.random.Generator, n_boot: int) -> np.ndarray:
    """``n_boot`` bootstrap replicates of the median of ``values`` (posts drawn with replacement).

    Each replicate draws n posts with replacement; its median is read from how often each of
    the sorted values was drawn (the middle ranks of the cumulative counts), which is the
    same as sorting the draw and much faster (no sort per replicate).
    """
    ordered = np.sort(values)
    n = len(ordered)
    low_rank, high_rank = (n - 1) // 2, n // 2  # 0-based ranks of the middle value(s)
    out = np.empty(n_boot)
    chunk = max(1, 2**22 // n)
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        drawn = rng.integers(0, n, size=(size, n))
        drawn += (np.arange(size) * n)[:, None]
        counts = np.bincount(drawn.ravel(), minlength=size * n).reshape(size, n)
        below = counts.cumsum(axis=1)
        low = (below <= low_rank).sum(axis=1)  # first position whose count passes the rank
        high = (below <= high_rank).sum(axis=1)
        out[start : start + size] = (ordered[low] + ordered[high]) / 2
    return out


def _quantiles(replicates: np.ndarray, confidence: float) -> tuple[float, float]:
    alpha = (1 - confidence) / 2
    low, high = np.quantile(replicates, [alpha, 1 - alpha])
    return float(low), float(high)


def _interval(replicates: np.ndarray, confidence: float) -> tuple[float, float]:
    low, high = _quantiles(replicates, confidence)
    return max(low, -1.0), high  # a lift cannot fall below −100 %


def _needs(n: int, min_posts: int) -> str:
    more = max(0, min_posts - n)
    return f"needs {more:,} more post{'' if more == 1 else 's'}"


def _groups(
    features: pd.DataFrame,
    index: pd.Series,
    channel: pd.Series,
    dimensions: Sequence[str],
    rows: pd.Series | None = None,
):
    """(dimension, group, index values) for every group with a post of known index.

    A group's posts on a channel where every post (of known group and index) belongs to the
    group are left out: there the channel's typical post is the group's own, and the group
    would be compared with itself (a YouTube of videos only says nothing about videos). This
    is judged on all the posts given; ``rows`` (a boolean mask) then keeps a period's posts.
    """
    for dimension in dimensions:
        if dimension not in features:
            continue
        frame = pd.DataFrame(
            {"group": features[dimension], "index": index, "channel": channel}
        ).dropna()
        kinds = frame.groupby("channel")["group"].transform("nunique")
        frame = frame[kinds > 1]
        if rows is not None:
            frame = frame[rows.reindex(frame.index, fill_value=False).to_numpy(dtype=bool)]
        for group, part in frame.groupby("group", sort=True):
            yield dimension, str(group), part["index"].to_numpy(dtype=float)


def _rng(seed: int, dimension: str, group: str) -> np.random.Generator:
    # a stream per group, from its names: a group's interval does not depend on the others
    words = [ord(c) for c in f"{dimension}\x00{group}"]
    return np.random.default_rng([seed, *words])


def _post_index(posts: pd.DataFrame, index: pd.Series | None) -> tuple[pd.DataFrame, pd.Series]:
    feed = feed_posts(posts)
    if index is None:
        index = index_engagement(feed)["engagement_index"]
    return feed, pd.to_numeric(index.reindex(feed.index), errors="coerce").astype(float)


def lift_table(
    posts: pd.DataFrame,
    *,
    index: pd.Series | None = None,
    timezone: str = "UTC",
    dimensions: Sequence[str] = DIMENSIONS,
    min_posts: int = SMALL_SAMPLE,
    n_boot: int = N_BOOT,
    confidence: float = CONFIDENCE,
    family_confidence: float = FAMILY_CONFIDENCE,
    seed: int = 0,
) -> pd.DataFrame:
    """The lift of every group of posts against its channel's typical post, with intervals.

    Parameters
    ----------
    posts
        Canonical posts of ONE brand (Stories are left out: they are compared with nothing in
        the feed). ``theme`` and ``media`` columns are used when present.
    index
        Each post's engagement index on the index of ``posts`` (the ``engagement_index`` of
        :func:`ronr.engagement.index_engagement`); computed from the feed posts when None.
    timezone
        The client's zone, for the day and time of publication.
    dimensions
        Which groupings of :func:`post_features` to compare.
    min_posts
        Posts a group needs to be ranked (default :data:`ronr.stats.SMALL_SAMPLE`).
    n_boot
        Bootstrap resamples per group (at least 1,000).
    confidence
        Of each group's interval (``lift_low``, ``lift_high``).
    family_confidence
        Of the verdicts over all ranked groups together (Bonferroni).
    seed
        Of the resampling.

    Returns
    -------
    DataFrame
        One row per group with a post of known index on a channel that also has posts of
        other groups (a group's posts on a channel where every post belongs to it are compared
        with themselves, and are left out): ``dimension`` and ``group`` (client
        words), ``n`` (posts), ``median_lift`` (median engagement index − 1, a fraction: 0.4 is
        +40 % against the channel's typical post), ``lift_low``/``lift_high`` (percentile
        bootstrap interval at ``confidence``, never below −1), ``needs_more`` (max(0,
        ``min_posts`` − n)), ``ranked`` (n ≥ ``min_posts``), ``resonates``/``falls_flat``
        (ranked, and the interval at 1 − (1 − ``family_confidence``)/k, k the ranked groups,
        lies wholly above/below 0) and ``verdict`` (the same in words, or "needs N more
        posts"). Ordered by dimension, ranked groups by lift (largest first), then the small
        groups. ``attrs``: ``confidence``, ``family_confidence``, ``adjusted_confidence``,
        ``k``, ``n_boot``, ``min_posts``, ``posts`` (posts with a known index) and ``reason``
        when no post has one.

    Raises
    ------
    ValueError
        ``n_boot`` below 1,000.

    Notes
    -----
    Source: the index of :func:`ronr.engagement.index_engagement` (ronr methodology: compare
    within channel); percentile bootstrap of the median (Efron & Tibshirani 1993, ch. 13);
    Bonferroni (1936) over the groups ranked.
    """
    if n_boot < 1000:
        raise ValueError(f"n_boot must be at least 1,000, not {n_boot}")
    feed, values = _post_index(posts, index)
    features = post_features(feed, timezone=timezone)
    groups = list(_groups(features, values, feed["channel"], dimensions))
    k = sum(len(v) >= min_posts for _, _, v in groups)
    adjusted = 1 - (1 - family_confidence) / max(k, 1)
    rows = []
    for dimension, group, own in groups:
        n = len(own)
        replicates = _medians(own, _rng(seed, dimension, group), n_boot) - 1
        low, high = _interval(replicates, confidence)
        ranked = n >= min_posts
        wide_low, wide_high = _interval(replicates, adjusted)
        resonates = ranked and wide_low > 0
        falls_flat = ranked and wide_high < 0
        if not ranked:
            verdict = _needs(n, min_posts)
        elif resonates:
            verdict = "beats its channel's typical post"
        elif falls_flat:
            verdict = "trails its channel's typical post"
        else:
            verdict = "no clear difference"
        rows.append(
            {
                "dimension": dimension,
                "group": group,
                "n": n,
                "median_lift": float(np.median(own)) - 1,
                "lift_low": low,
                "lift_high": high,
                "needs_more": max(0, min_posts - n),
                "ranked": ranked,
                "resonates": resonates,
                "falls_flat": falls_flat,
                "verdict": verdict,
            }
        )
    table = pd.DataFrame(rows, columns=list(RESONANCE_COLUMNS))
    table = _ordered(table, dimensions)
    table.attrs.update(
        confidence=confidence,
        family_confidence=family_confidence,
        adjusted_confidence=adjusted,
        k=k,
        n_boot=n_boot,
        min_posts=min_posts,
        posts=int(values.notna().sum()),
    )
    if not values.notna().any():
        table.attrs["reason"] = (
            "No post has a known engagement and a typical post on its channel to compare with, "
            "so what resonates cannot be measured."
        )
    return table


def _ordered(table: pd.DataFrame, dimensions: Sequence[str]) -> pd.DataFrame:
    order = {d: i for i, d in enumerate(dimensions)}
    key = pd.DataFrame(
        {
            "dimension": table["dimension"].map(order),
            "small": ~table["ranked"].astype(bool),
            "lift": -table["median_lift"].where(table["ranked"].astype(bool), 0.0),
            "n": -table["n"],
        }
    )
    keep = key.sort_values(["dimension", "small", "lift", "n"], kind="stable").index
    return table.loc[keep].reset_index(drop=True)


def top_groups(table: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """The ``n`` ranked groups with the largest lift and the ``n`` with the smallest.

    Parameters
    ----------
    table
        Output of :func:`lift_table`.
    n
        Groups from each end.

    Returns
    -------
    DataFrame
        Rows of ``table`` (same columns), largest lift first; small groups are never in it
        (they are not ranked). A dimension with a single group is left out: all its posts are
        the channel's posts, compared with themselves.
    """
    several = table.groupby("dimension")["group"].transform("size") > 1
    ranked = table[table["ranked"].astype(bool) & several]
    ranked = ranked.sort_values("median_lift", ascending=False, kind="stable")
    if len(ranked) > 2 * n:
        ranked = pd.concat([ranked.head(n), ranked.tail(n)])
    return ranked.reset_index(drop=True)


def dimension_spread(table: pd.DataFrame) -> pd.DataFrame:
    """How far apart the ranked groups of each dimension lie: the size of its effects.

    Returns
    -------
    DataFrame
        ``dimension groups lowest highest spread``: per dimension with two ranked groups or
        more, the smallest and largest ``median_lift`` and their difference (fractions of
        the channel's typical post), largest spread first.
    """
    ranked = table[table["ranked"].astype(bool)]
    spread = ranked.groupby("dimension")["median_lift"].agg(["size", "min", "max"])
    spread = spread[spread["size"] >= 2]
    out = pd.DataFrame(
        {
            "dimension": spread.index,
            "groups": spread["size"].to_numpy(dtype=int),
            "lowest": spread["min"].to_numpy(dtype=float),
            "highest": spread["max"].to_numpy(dtype=float),
        }
    )
    out["spread"] = out["highest"] - out["lowest"]
    return out.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)


def _local_day(stamp) -> pd.Timestamp:
    stamp = pd.Timestamp(stamp)
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize()


def compare_periods(
    posts: pd.DataFrame,
    *,
    index: pd.Series | None = None,
    timezone: str = "UTC",
    period: int | str = 28,
    end=None,
    dimensions: Sequence[str] = DIMENSIONS,
    min_posts: int = SMALL_SAMPLE,
    n_boot: int = N_BOOT,
    confidence: float = CONFIDENCE,
    family_confidence: float = FAMILY_CONFIDENCE,
    seed: int = 0,
) -> pd.DataFrame:
    """The lift of every group in the latest period against the period before, and the change.

    Parameters
    ----------
    posts, index, timezone, dimensions, min_posts, n_boot, confidence, family_confidence, seed
        As in :func:`lift_table`. The index is the one of the whole data given, so both periods
        are measured against the same typical post of each channel.
    period
        Days of each period (the latest ends with the day of ``end``, local), or ``"month"``:
        the local calendar month of ``end`` against the month before.
    end
        The last day of the latest period (a date or naive timestamp: that local day; an aware
        timestamp: its local day); default the local day of the last post.

    Returns
    -------
    DataFrame
        One row per group with posts in either period: ``dimension group n_before
        lift_before n_latest lift_latest`` (lifts as in :func:`lift_table`, missing without a
        post), ``lift_change`` (lift_latest − lift_before, in fractions of the typical post: 0.1
        is 10 percentage points), ``lift_change_low``/``lift_change_high`` (percentile bootstrap
        interval of the difference of the two medians, resampled independently; missing unless
        both periods have a post), ``needs_more`` (posts the smaller period still needs to
        reach ``min_posts``), ``ranked`` (both periods have ``min_posts``) and ``verdict``
        ("rose"/"fell" when the interval widened for the k ranked groups (Bonferroni) lies
        wholly above/below 0, "no clear change", or "needs N more posts"). Ordered by
        dimension, ranked groups by change. ``attrs``: ``latest_start``, ``latest_end``,
        ``before_start``, ``before_end`` (naive local days, ends inclusive), ``period``,
        ``k``, ``adjusted_confidence``, and ``reason`` when there is no post with a time.
    """
    if n_boot < 1000:
        raise ValueError(f"n_boot must be at least 1,000, not {n_boot}")
    feed, values = _post_index(posts, index)
    empty = pd.DataFrame(columns=list(PERIOD_COLUMNS))
    if "published_at" not in feed or not feed["published_at"].notna().any():
        empty.attrs["reason"] = (
            "No post has a publication date, so the latest period cannot be compared."
        )
        return empty
    day = _local(feed, timezone).dt.tz_localize(None).dt.normalize()
    last = _local_day(end) if end is not None else day.max()
    if end is not None and pd.Timestamp(end).tzinfo is not None:
        last = pd.Timestamp(end).tz_convert(timezone).tz_localize(None).normalize()
    if period == "month":
        latest_start = last.to_period("M").start_time
        before_start = (latest_start - pd.Timedelta(days=1)).to_period("M").start_time
        latest_end = (latest_start + pd.offsets.MonthEnd(0)).normalize()
    else:
        days = pd.Timedelta(days=int(period))
        latest_end = last
        latest_start = last - days + pd.Timedelta(days=1)
        before_start = latest_start - days
    before_end = latest_start - pd.Timedelta(days=1)
    features = post_features(feed, timezone=timezone)
    latest = (day >= latest_start) & (day <= latest_end)
    before = (day >= before_start) & (day <= before_end)
    rows = []
    groups = {}
    for name, mask in (("before", before), ("latest", latest)):
        for dimension, group, own in _groups(
            features, values, feed["channel"], dimensions, rows=mask
        ):
            groups.setdefault((dimension, group), {})[name] = own
    k = sum(
        min(len(sides.get("before", ())), len(sides.get("latest", ()))) >= min_posts
        for sides in groups.values()
    )
    adjusted = 1 - (1 - family_confidence) / max(k, 1)
    for (dimension, group), sides in groups.items():
        a, b = sides.get("before", np.array([])), sides.get("latest", np.array([]))
        rng = _rng(seed, dimension, group)
        low = high = wide_low = wide_high = np.nan
        if len(a) and len(b):
            diff = _medians(b, rng, n_boot) - _medians(a, rng, n_boot)
            low, high = _quantiles(diff, confidence)
            wide_low, wide_high = _quantiles(diff, adjusted)
        ranked = min(len(a), len(b)) >= min_posts
        if not ranked:
            verdict = _needs(min(len(a), len(b)), min_posts)
        elif wide_low > 0:
            verdict = "rose"
        elif wide_high < 0:
            verdict = "fell"
        else:
            verdict = "no clear change"
        lift_a = float(np.median(a)) - 1 if len(a) else np.nan
        lift_b = float(np.median(b)) - 1 if len(b) else np.nan
        rows.append(
            {
                "dimension": dimension,
                "group": group,
                "n_before": len(a),
                "lift_before": lift_a,
                "n_latest": len(b),
                "lift_latest": lift_b,
                "lift_change": lift_b - lift_a,
                "lift_change_low": low,
                "lift_change_high": high,
                "needs_more": max(0, min_posts - min(len(a), len(b))),
                "ranked": ranked,
                "verdict": verdict,
            }
        )
    table = pd.DataFrame(rows, columns=list(PERIOD_COLUMNS))
    order = {d: i for i, d in enumerate(dimensions)}
    if len(table):
        key = pd.DataFrame(
            {
                "d": table["dimension"].map(order),
                "small": ~table["ranked"].astype(bool),
                "change": -table["lift_change"].fillna(-np.inf),
            }
        )
        table = table.loc[key.sort_values(["d", "small", "change"], kind="stable").index]
        table = table.reset_index(drop=True)
    table.attrs.update(
        latest_start=latest_start,
        latest_end=latest_end,
        before_start=before_start,
        before_end=before_end,
        period=period,
        adjusted_confidence=adjusted,
        k=k,
    )
    return table
