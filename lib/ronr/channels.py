"""Channel mix: where the effort goes, where the market lives, and how fast the brand answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .config import WEEKDAYS, BusinessHours
from .derive import answer_need, needs_answer_of
from .ingest.base import text_isin
from .periods import as_columns
from .stats import SMALL_SAMPLE, safe_ratio
from .worktime import business_hours_between

HOUR = pd.Timedelta(hours=1)


def summarise_channels(
    posts: pd.DataFrame,
    *,
    brand: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
    effort: Mapping[str, float] | None = None,
    fit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Posts, cadence, effort and audience fit of the brand's channels.

    Parameters
    ----------
    posts
        The canonical posts table (all brands; only ``brand``'s are counted).
    brand
        The client's brand.
    start, end
        The period (inclusive days), for posts per week.
    effort
        Effort shares per channel (see ``ClientConfig.effort_shares``).
    fit
        Optional output of :func:`ronr.audience.channel_fit`.

    Returns
    -------
    DataFrame
        ``channel posts posts_per_week share_of_posts effort_share [fit]``, one row per channel
        with posts or effort, largest effort first. Without any post of the brand the post
        columns are missing (unknown), not 0.
    """
    own = posts[posts["brand"] == brand]
    weeks = ((end - start).days + 1) / 7
    table = own.groupby("channel").size().rename("posts").reset_index()
    effort = dict(effort or {})
    for channel in effort:
        if channel not in set(table["channel"]):
            table.loc[len(table)] = {"channel": channel, "posts": 0}
    table["posts"] = table["posts"].astype("Int64")
    if own.empty:  # no post export: how much was posted is unknown, not zero
        table["posts"] = pd.NA
    table["posts_per_week"] = table["posts"].astype("Float64") / weeks
    table["share_of_posts"] = safe_ratio(table["posts"], table["posts"].sum())
    table["effort_share"] = table["channel"].map(effort).astype(float)
    if fit is not None and len(fit):
        table = table.merge(fit[["channel", "fit"]], on="channel", how="left")
    return table.sort_values(
        ["effort_share", "posts"], ascending=False, na_position="last"
    ).reset_index(drop=True)


def arrival_window(stamps: pd.Series, hours: BusinessHours) -> pd.Series:
    """'business hours', 'outside hours' (open weekday, closed time) or 'closed day', local time."""
    local = stamps.dt.tz_convert(hours.timezone)
    open_day = local.dt.day_of_week.isin([WEEKDAYS.index(d) for d in hours.days])
    minutes = local.dt.hour * 60 + local.dt.minute
    start = hours.start.hour * 60 + hours.start.minute
    end = hours.end.hour * 60 + hours.end.minute
    in_hours = open_day & (minutes >= start) & (minutes < end)
    labels = np.select(
        [in_hours, open_day], ["business hours", "outside hours"], default="closed day"
    )
    return pd.Series(labels, index=stamps.index)


def replies_of(mentions: pd.DataFrame, responses: pd.DataFrame, *, brand: str) -> pd.Series:
    """Which responses may answer for ``brand``: all but those tagged with another tracked brand.

    Parameters
    ----------
    mentions
        The canonical mentions table; the brands in its ``brand`` column are the tracked ones.
    responses
        The canonical responses table. An optional ``brand`` column names the brand whose
        account replied (the conversation export writes it, competitors' replies included);
        a response without it, or with a value that is no brand of ``mentions`` (an export of
        the client's own account), is the client's.
    brand
        The brand whose replies are wanted.

    Returns
    -------
    Series of bool
        On the index of ``responses``.
    """
    if "brand" not in responses:
        return pd.Series(True, index=responses.index)
    others = set(mentions["brand"].dropna().unique()) - {brand}
    return ~responses["brand"].isin(others)


def first_responses(
    mentions: pd.DataFrame,
    responses: pd.DataFrame,
    *,
    brand: str,
    hours: BusinessHours,
    need: str = "yes",
) -> pd.DataFrame:
    """One row per mention needing an answer, with its first reply's delay (or missing).

    ``hours`` is the delay in clock hours; ``business_hours`` the business hours it spans in the
    client's calendar (:func:`ronr.worktime.business_hours_between`). Only the brand's own
    replies count (:func:`replies_of`): a competitor's reply to the same tweet is not the
    brand's response. ``need="unknown"`` gives the mentions whose need is unknown instead
    (:func:`ronr.derive.answer_need`).
    """
    if need == "yes":
        wanted = needs_answer_of(mentions, brand=brand)
    else:
        known = mentions["answer_need"] if "answer_need" in mentions else answer_need(mentions)
        wanted = (known == need) & (mentions["brand"] == brand)
    asked = mentions[wanted][["mention_id", "channel", "created_at"]]
    asked = asked.drop_duplicates("mention_id")
    responses = responses[replies_of(mentions, responses, brand=brand)]
    first = responses.groupby("mention_id")["created_at"].min().rename("replied_at")
    table = asked.merge(first, left_on="mention_id", right_index=True, how="left")
    delay = (table["replied_at"] - table["created_at"]) / HOUR
    table["hours"] = delay.where(delay >= 0)
    table["business_hours"] = business_hours_between(
        table["created_at"], table["replied_at"].where(delay >= 0), hours=hours
    )
    table["window"] = arrival_window(table["created_at"], hours)
    table["weekend"] = table["created_at"].dt.tz_convert(hours.timezone).dt.day_of_week >= 5
    return table.reset_index(drop=True)


def response_times(
    mentions: pd.DataFrame,
    responses: pd.DataFrame,
    *,
    brand: str,
    hours: BusinessHours,
    by: str | Sequence[str] | None = None,
    target_hours: float | None = None,
) -> pd.DataFrame:
    """Response rate and first-response time of the brand.

    Parameters
    ----------
    mentions, responses
        Canonical tables.
    brand
        The client's brand.
    hours
        Business hours: the calendar of the business-hours delays, and the arrival windows.
    by
        None for one overall row, or column(s) of :func:`first_responses`
        (``'window'``, ``'weekend'``, ``'channel'``).
    target_hours
        If given, adds ``within_target``: the share of everything that needs an answer that was
        answered within this many business hours (an unanswered mention missed it).

    Returns
    -------
    DataFrame
        ``[by] needing_answer answered response_rate median_business_hours p90_business_hours
        median_hours p90_hours [within_target] unknown_need unknown_answered small_sample``:
        first-response time in business hours and in clock hours (``*_hours``), median and 90th
        percentile. ``unknown_need`` counts the mentions whether they need an answer is unknown
        (unscored languages, :func:`ronr.derive.answer_need`), outside every rate and time, and
        ``unknown_answered`` how many of them got a reply.
    """
    table = first_responses(mentions, responses, brand=brand, hours=hours)
    unknown = first_responses(mentions, responses, brand=brand, hours=hours, need="unknown")
    keys = as_columns(by) or ["group"]
    groups = table.groupby(keys) if by else [(("all",), table)]
    unknown_groups = dict(list(unknown.groupby(keys))) if by else {("all",): unknown}
    rows = []
    for key, group in groups:
        unsure = unknown_groups.get(key, unknown.iloc[0:0])
        answered = group["hours"].dropna()
        business = group["business_hours"].dropna()
        row = {
            "needing_answer": len(group),
            "answered": len(answered),
            "response_rate": len(answered) / len(group) if len(group) else np.nan,
            "median_business_hours": business.median() if len(business) else np.nan,
            "p90_business_hours": business.quantile(0.9) if len(business) else np.nan,
            "median_hours": answered.median() if len(answered) else np.nan,
            "p90_hours": answered.quantile(0.9) if len(answered) else np.nan,
            "small_sample": len(answered) < SMALL_SAMPLE,
        }
        if target_hours is not None:
            # over everything that needs an answer: an unanswered mention missed the target
            within = (business <= target_hours).sum()
            row["within_target"] = within / len(group) if len(group) else np.nan
        row["unknown_need"] = len(unsure)
        row["unknown_answered"] = int(unsure["hours"].notna().sum())
        rows.append({**dict(zip(keys, key, strict=True)), **row})
    columns = [
        *keys,
        "needing_answer",
        "answered",
        "response_rate",
        "median_business_hours",
        "p90_business_hours",
        "median_hours",
        "p90_hours",
    ]
    if target_hours is not None:
        columns.append("within_target")
    columns += ["unknown_need", "unknown_answered"]
    return pd.DataFrame(rows, columns=[*columns, "small_sample"])


def count_responses(mentions: pd.DataFrame, responses: pd.DataFrame, *, brand: str) -> pd.Series:
    """How many of the brand's replies answer a mention that the tables hold.

    A reply whose mention is not in the exports (the conversation export keeps a brand reply
    to a tweet outside the file, with that tweet's id as ``mention_id``) cannot count in the
    response rate; this says how many there are, so the report can say so.

    Parameters
    ----------
    mentions, responses
        Canonical tables (all brands), joined on ``mention_id``.
    brand
        The brand whose replies are counted (see :func:`replies_of`).

    Returns
    -------
    Series of int
        ``replies`` (the brand's replies), ``matched`` (answering one of the brand's mentions),
        ``other_brand`` (answering a mention of the tables that is another brand's) and
        ``unmatched`` (answering a mention that is in no table); ``replies = matched +
        other_brand + unmatched``. Definition: :data:`ronr.metrics.METRICS`
        ``["responses_matched"]``.
    """
    own = responses.loc[replies_of(mentions, responses, brand=brand), "mention_id"]
    # text_isin: pandas' isin on text is ~6x slower (8 s on a million mention ids)
    known = text_isin(own, mentions["mention_id"])
    matched = text_isin(own, mentions.loc[mentions["brand"] == brand, "mention_id"])
    return pd.Series(
        {
            "replies": len(own),
            "matched": int(matched.sum()),
            "other_brand": int((known & ~matched).sum()),
            "unmatched": int((~known).sum()),
        },
        dtype="int64",
    )


def effort_gaps(channels: pd.DataFrame) -> pd.DataFrame:
    """Channels where the market lives (fit above the median) but effort is below an equal split."""
    if "fit" not in channels or channels["fit"].isna().all():
        return channels.iloc[0:0]
    equal = 1 / max(len(channels), 1)
    gaps = channels[
        (channels["fit"] >= channels["fit"].median()) & (channels["effort_share"].fillna(0) < equal)
    ]
    return gaps.sort_values("fit", ascending=False).reset_index(drop=True)
