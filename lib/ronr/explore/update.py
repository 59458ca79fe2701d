"""Each stage's explorer numbers for a filter, computed from the cube (:mod:`.cube`).

Pure functions ``update_<stage>(cube, filters) -> dict of DataFrames``. Every table equals the
stage function's on the raw tables the filters keep (:func:`.cube.filter_tables`); the tests
check it, column by column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from .. import growth
from ..engagement import BASES, MEASURES
from ..stats import net_sentiment_interval, safe_ratio
from .cube import (
    LABELS,
    Cube,
    Filters,
    chosen,
    day_range,
    day_stamp,
    select_answers,
    select_cells,
    select_posts,
    week_of,
)

KAUSHIK = {
    "conversation_rate": "comments",
    "amplification_rate": "shares",
    "applause_rate": "likes",
}


def _mention_sums(cube: Cube, filters: Filters) -> dict:
    """The kept cells summed per week × brand (arrays of weeks × brands, alphabetical brands).

    ``count``: rows (each a distinct mention of its brand); ``voice``: Σ 1/k, k the chosen
    brands the mention names; ``labels``: rows per sentiment label (weeks × brands × 3);
    ``sentiment_sum``/``sentiment_n``: the scored rows' compound scores.
    """
    cells = cube.mentions
    keep = select_cells(cube, filters)
    chosen_bits = np.int64(0)
    for name in chosen(filters.brands, cube.brands):
        chosen_bits |= np.int64(1) << cube.brands.index(name)
    shared = cells.mask[keep] & chosen_bits
    k = np.zeros(len(shared), dtype=np.int64)  # the chosen brands the mention names
    for bit in range(len(cube.brands)):
        k += (shared >> bit) & 1
    weeks, week = np.unique(week_of(cells.day[keep]), return_inverse=True)
    n_brands = len(cube.brands)
    size = len(weeks) * n_brands
    group = week * n_brands + cells.brand[keep]
    count = cells.count[keep].astype(float)
    label = cells.label[keep]
    scored = label < len(LABELS)
    shape = (len(weeks), n_brands)

    def total(weights, index=group, n=size):
        return np.bincount(index, weights=weights, minlength=n)

    return {
        "weeks": weeks,
        "count": total(count).reshape(shape),
        "voice": total(count / np.maximum(k, 1)).reshape(shape),
        "labels": total(
            count[scored], group[scored] * len(LABELS) + label[scored], size * len(LABELS)
        ).reshape((*shape, len(LABELS))),
        "sentiment_sum": total(cells.sentiment_sum[keep]).reshape(shape),
        "sentiment_n": total(cells.sentiment_n[keep]).reshape(shape),
    }


def _shares(count, voice, codes: list[int], names: list[str], periods=None) -> pd.DataFrame:
    """Share of voice of the brands ``codes`` (config order) per row of ``count``/``voice``."""
    count, voice = np.atleast_2d(count)[:, codes], np.atleast_2d(voice)[:, codes]
    totals = voice.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(totals > 0, voice / totals, np.nan)
    table = pd.DataFrame(
        {
            "brand": np.tile(np.asarray(names, dtype=object), len(count)),
            "mentions": count.ravel().astype(int),
            "mentions_fractional": voice.ravel(),
            "share_of_voice": share.ravel(),
        }
    )
    if periods is not None:
        table.insert(0, "period", np.repeat(day_stamp(periods), len(codes)))
    return table


def _sentiment(labels, sums, counts, names, periods=None) -> pd.DataFrame:
    """Net sentiment per group × brand of ``labels`` (… × brands × 3), where one is scored."""
    flat = labels.reshape(-1, len(LABELS))
    has = flat.sum(axis=1) > 0
    table = pd.DataFrame(flat[has].astype(int), columns=list(LABELS))
    repeats = len(has) // len(names)
    table.insert(0, "brand", np.tile(np.asarray(names, dtype=object), repeats)[has])
    if periods is not None:
        table.insert(0, "period", np.repeat(day_stamp(periods), len(names))[has])
    table["n"] = table["positive"] + table["negative"]
    net, low, high = net_sentiment_interval(table["positive"], table["negative"])
    table["net_sentiment"], table["net_sentiment_low"], table["net_sentiment_high"] = net, low, high
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(counts.ravel() > 0, sums.ravel() / counts.ravel(), np.nan)
    table["mean_compound"] = mean[has]
    return table


def update_listen(cube: Cube, filters: Filters) -> dict[str, pd.DataFrame]:
    """The listen explorer's numbers: weekly volume, share of voice and net sentiment.

    Parameters
    ----------
    cube
        :func:`ronr.explore.cube.build_cube` of the workspace.
    filters
        Days, channels and brands (post types do not apply to mentions).

    Returns
    -------
    dict of DataFrame
        ``volume`` (``period brand mentions``: :func:`ronr.listen.count_mentions`, weekly),
        ``share_of_voice`` (``brand mentions mentions_fractional share_of_voice``:
        :func:`ronr.listen.share_of_voice` over the chosen brands, without interval) and
        ``share_of_voice_weekly`` (the same per week), ``sentiment`` and ``sentiment_weekly``
        (``[period] brand positive neutral negative n net_sentiment net_sentiment_low
        net_sentiment_high mean_compound``: :func:`ronr.listen.net_sentiment` by brand).
        Weeks start on Monday in the client's time zone.
    """
    sums = _mention_sums(cube, filters)
    names = chosen(filters.brands, cube.brand_order)
    codes = [cube.brands.index(b) for b in names]
    weeks, count, every = sums["weeks"], sums["count"], cube.brands
    week, brand = np.nonzero(count > 0)  # weeks first, then brands in alphabetical order
    volume = pd.DataFrame(
        {
            "period": day_stamp(weeks[week]),
            "brand": np.asarray(every, dtype=object)[brand],
            "mentions": count[week, brand].astype(int),
        }
    )
    labels, total, scored = sums["labels"], sums["sentiment_sum"], sums["sentiment_n"]
    return {
        "volume": volume,
        "share_of_voice": _shares(count.sum(0), sums["voice"].sum(0), codes, names),
        "share_of_voice_weekly": _shares(count, sums["voice"], codes, names, weeks),
        "sentiment": _sentiment(labels.sum(0), total.sum(0), scored.sum(0), every),
        "sentiment_weekly": _sentiment(labels, total, scored, every, weeks),
    }


def _mean_intervals(values: pd.DataFrame, by: str, value: str) -> pd.DataFrame:
    """Per group: ``n``, mean and Student-t 95% interval of ``value`` (as stats.mean_interval)."""
    stats = values.groupby(by, sort=True)[value].agg(["size", "mean", "std"])
    n = stats["size"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = sps.t.ppf(0.975, df=n - 1) * stats["std"].to_numpy() / np.sqrt(n)
    half = np.where(n >= 2, half, np.nan)
    mean = stats["mean"].to_numpy()
    return pd.DataFrame(
        {
            by: stats.index.to_numpy(),
            "n": stats["size"].to_numpy(dtype=int),
            "mean": mean,
            "ci_low": np.maximum(mean - half, 0.0),  # NaN stays NaN
            "ci_high": mean + half,
        }
    )


def _follower_growth(cube: Cube, filters: Filters) -> pd.DataFrame:
    """Follower growth per channel over the chosen days, as :func:`ronr.growth.follower_growth`
    computes it: the first and last known count on those days (UTC day labels)."""
    first, last = day_range(cube, filters)
    index = cube.followers
    days, values = index["day"].to_numpy(), index["followers"].to_numpy()
    dates = index["date"].array
    bounds = index.groupby("channel", sort=True).indices
    rows = []
    for channel in chosen(filters.channels, cube.follower_channels):
        at = bounds.get(channel, np.zeros(0, dtype=np.int64))
        lo = at[0] if len(at) else 0
        a = lo + np.searchsorted(days[at], first, side="left")
        b = lo + np.searchsorted(days[at], last, side="right")
        row = {"channel": channel, "counts": b - a}
        if b > a:
            row.update(
                first_date=dates[a],
                first_followers=values[a],
                last_date=dates[b - 1],
                last_followers=values[b - 1],
                days_covered=days[b - 1] - days[a] + 1,
            )
            if b - a > 1:
                row["net_change"] = values[b - 1] - values[a]
        rows.append(row)
    table = pd.DataFrame(rows, columns=growth.GROWTH_COLUMNS)
    for column in ("first_followers", "last_followers", "net_change", "days_covered", "counts"):
        table[column] = table[column].astype("Int64")
    table["growth_rate"] = safe_ratio(table["net_change"], table["first_followers"])
    table["period_days"] = last - first + 1
    table = table.sort_values(
        ["last_followers", "channel"], ascending=[False, True], na_position="last"
    )
    return table.reset_index(drop=True)


def update_audience(cube: Cube, filters: Filters) -> dict[str, pd.DataFrame]:
    """The audience explorer's numbers: follower growth and the client's engagement by post type.

    Returns
    -------
    dict of DataFrame
        ``follower_growth`` (as :func:`ronr.growth.follower_growth` of the chosen channels
        over the chosen days), ``followers`` (``channel date followers``: the daily counts
        drawn) and ``engagement`` (``post_type n mean_rate ci_low ci_high measure``:
        :func:`ronr.engagement.engagement_by` of the client's chosen posts by post type).
    """
    first, last = day_range(cube, filters)
    followers = cube.followers
    shown = (followers["day"] >= first) & (followers["day"] <= last)
    if filters.channels is not None:
        shown &= followers["channel"].isin(filters.channels)
    posts = select_posts(cube, filters, own=True)
    basis = next(
        (b for b in BASES if ((posts["engagements"].notna()) & (posts[b] > 0)).any()), None
    )
    if basis is None:
        rate = posts["engagements"]
    else:
        rate = posts["engagements"] / posts[basis].where(posts[basis] > 0)
    values = pd.DataFrame({"post_type": posts["post_type"], "rate": rate}).dropna()
    engaged = _mean_intervals(values, "post_type", "rate").rename(columns={"mean": "mean_rate"})
    engaged["measure"] = MEASURES[basis]
    engaged = engaged.sort_values("mean_rate", ascending=False).reset_index(drop=True)
    return {
        "follower_growth": _follower_growth(cube, filters),
        "followers": followers.loc[shown, ["channel", "date", "followers"]],
        "engagement": engaged,
    }


def update_channels(cube: Cube, filters: Filters) -> dict[str, pd.DataFrame]:
    """The channel-mix explorer's numbers: the client's posts and answers per channel.

    Returns
    -------
    dict of DataFrame
        ``posts`` (``channel posts posts_per_week share_of_posts effort_share``, as
        :func:`ronr.channels.summarise_channels` over the chosen days; a channel with effort
        and no post has 0) and ``responses`` (``channel needing_answer answered response_rate
        median_business_hours p90_business_hours median_hours p90_hours``, as
        :func:`ronr.channels.response_times` by channel, on the client's mentions needing an
        answer).
    """
    ws = cube.ws
    first, last = day_range(cube, filters)
    own = select_posts(cube, filters, own=True)
    counts = own.groupby("channel").size()
    effort = {
        c: v
        for c, v in ws.config.effort_shares().items()
        if filters.channels is None or c in filters.channels
    }
    channels = list(counts.index) + [c for c in effort if c not in counts.index]
    posts = pd.Series(counts.reindex(channels, fill_value=0).to_numpy(), dtype="Int64")
    if own.empty:
        posts[:] = pd.NA
    table = pd.DataFrame({"channel": channels, "posts": posts})
    table["posts_per_week"] = table["posts"].astype("Float64") / ((last - first + 1) / 7)
    table["share_of_posts"] = safe_ratio(table["posts"], table["posts"].sum())
    table["effort_share"] = table["channel"].map(effort).astype(float)
    table = table.sort_values(["effort_share", "posts"], ascending=False, na_position="last")

    answers = select_answers(cube, filters)
    rows = []
    for channel, group in answers.groupby("channel", sort=True):
        answered = group["hours"].dropna().to_numpy()
        business = group["business_hours"].dropna().to_numpy()
        rows.append(
            {
                "channel": channel,
                "needing_answer": len(group),
                "answered": len(answered),
                "response_rate": len(answered) / len(group),
                "median_business_hours": np.median(business) if len(business) else np.nan,
                "p90_business_hours": np.quantile(business, 0.9) if len(business) else np.nan,
                "median_hours": np.median(answered) if len(answered) else np.nan,
                "p90_hours": np.quantile(answered, 0.9) if len(answered) else np.nan,
            }
        )
    columns = [
        "channel",
        "needing_answer",
        "answered",
        "response_rate",
        "median_business_hours",
        "p90_business_hours",
        "median_hours",
        "p90_hours",
    ]
    return {"posts": table.reset_index(drop=True), "responses": pd.DataFrame(rows, columns=columns)}


def update_measure(cube: Cube, filters: Filters) -> dict[str, pd.DataFrame]:
    """The measure explorer's numbers: Kaushik's rates per brand and channel (feed posts).

    Returns
    -------
    dict of DataFrame
        ``kaushik``: ``brand channel posts conversation_rate amplification_rate applause_rate``
        and their ``*_per_1k``, as :func:`ronr.measure.kaushik_rates` of the chosen feed posts
        by brand and channel: each rate = Σ count / posts where the count is known; per 1,000
        = Σ count / Σ followers at post × 1,000 over posts where both are known.
    """
    posts = select_posts(cube, filters)
    posts = posts[posts["feed"].to_numpy(dtype=bool)]
    brand, brands = pd.factorize(posts["brand"], sort=True)
    channel, channels = pd.factorize(posts["channel"], sort=True)
    groups, group = np.unique(brand * max(len(channels), 1) + channel, return_inverse=True)
    n = len(groups)

    def total(weights):
        return np.bincount(group, weights=weights, minlength=n)

    followers = posts["followers_at_post"].to_numpy(dtype=float)
    table = {
        "brand": np.asarray(brands, dtype=object)[groups // max(len(channels), 1)],
        "channel": np.asarray(channels, dtype=object)[groups % max(len(channels), 1)],
        "posts": total(None).astype(int),
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        for rate, column in KAUSHIK.items():
            counts = posts[column].to_numpy(dtype=float)
            known = ~np.isnan(counts)
            both = known & (followers > 0)  # a NaN follower count is never > 0
            known_n = total(known.astype(float))
            table[rate] = np.where(known_n > 0, total(np.where(known, counts, 0)) / known_n, np.nan)
            base = total(np.where(both, followers, 0))
            table[f"{rate}_per_1k"] = np.where(
                total(both.astype(float)) > 0,
                total(np.where(both, counts, 0)) / base * 1000,
                np.nan,
            )
    return {"kaushik": pd.DataFrame(table)}


def update_tweak(cube: Cube, filters: Filters) -> dict[str, pd.DataFrame]:
    """The tweak explorer's numbers: the client's engagement index by post type, within channel.

    Each feed post's value (engagements by reach, else impressions, else per post, chosen per
    channel) is divided by its channel's median post among the chosen posts, as
    :func:`ronr.engagement.index_engagement` does.

    Returns
    -------
    dict of DataFrame
        ``post_types`` (``post_type n mean_index ci_low ci_high``, as
        :func:`ronr.engagement.compare_within_channel` by post type) and ``by_channel``
        (``channel post_type n mean_index``: the same per channel, drawn).
    """
    posts = select_posts(cube, filters, own=True)
    posts = posts[posts["feed"]]
    engaged = posts["engagements"].to_numpy(dtype=float)
    value = np.full(len(posts), np.nan)
    median = np.full(len(posts), np.nan)
    for rows in posts.groupby("channel", sort=True).indices.values():
        known = ~np.isnan(engaged[rows])
        usable = [b for b in BASES if (known & (posts[b].to_numpy()[rows] > 0)).any()]
        if usable:
            base = posts[usable[0]].to_numpy()[rows]
            with np.errstate(divide="ignore", invalid="ignore"):
                own = engaged[rows] / np.where(base > 0, base, np.nan)
        else:
            own = engaged[rows]
        value[rows] = own
        median[rows] = np.median(own[~np.isnan(own)]) if (~np.isnan(own)).any() else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        index = value / np.where(median > 0, median, np.nan)
    frame = pd.DataFrame(
        {"post_type": posts["post_type"], "channel": posts["channel"], "index": index}
    ).dropna()
    types = _mean_intervals(frame, "post_type", "index").rename(columns={"mean": "mean_index"})
    by_channel = (
        frame.groupby(["channel", "post_type"], sort=True)["index"]
        .agg(n="size", mean_index="mean")
        .reset_index()
    )
    return {"post_types": types, "by_channel": by_channel}


UPDATES = {
    "listen": update_listen,
    "audience": update_audience,
    "channels": update_channels,
    "measure": update_measure,
    "tweak": update_tweak,
}
