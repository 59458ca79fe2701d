"""Growth: relationships take time. Followers month by month, and who keeps coming back.

Pure functions over the canonical followers and mentions tables. A day without a follower
count is unknown, not zero: counts are never filled in as 0, and a month without any count
is missing.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .stats import SMALL_SAMPLE, safe_ratio


def _day(stamps: pd.Series, *, timezone: str = "UTC") -> pd.Series:
    """The day of each timestamp in ``timezone``, tz-naive."""
    stamps = pd.to_datetime(stamps, utc=True)
    return stamps.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()


def _utc_day(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.tz_localize(None).normalize()


def _known_counts(followers: pd.DataFrame) -> pd.DataFrame:
    """Rows with a known count, sorted by channel and date, with ``day`` (tz-naive)."""
    known = followers.loc[followers["followers"].notna() & followers["date"].notna()]
    known = known[["channel", "date", "followers"]].assign(day=_day(known["date"]))
    known["followers"] = known["followers"].astype("Int64")
    return known.sort_values(["channel", "day"], kind="stable").reset_index(drop=True)


GROWTH_COLUMNS = [
    "channel",
    "first_date",
    "first_followers",
    "last_date",
    "last_followers",
    "net_change",
    "growth_rate",
    "days_covered",
    "period_days",
    "counts",
]


def follower_growth(followers: pd.DataFrame, *, start, end) -> pd.DataFrame:
    """Follower growth per channel over a period.

    Parameters
    ----------
    followers
        Canonical followers table (any row order).
    start, end
        First and last day of the period, both included (timestamps or dates; naive ones
        are read as UTC).

    Returns
    -------
    DataFrame
        ``channel first_date first_followers last_date last_followers net_change growth_rate
        days_covered period_days counts``, one row per channel in the table, biggest first.
        ``first_*``/``last_*`` are the first and last known counts in the period; net_change =
        last − first; growth_rate = net_change / first (missing when first is 0);
        days_covered = days from the first to the last count, both included, out of
        ``period_days``; ``counts`` = days with a known count. With fewer than two counts in
        the period, the change is missing (not 0); a channel without any count in the period
        has missing values throughout.
    """
    first_day, last_day = _utc_day(start), _utc_day(end)
    if last_day < first_day:
        raise ValueError(f"end {end} is before start {start}")
    known = _known_counts(followers)
    inside = known[(known["day"] >= first_day) & (known["day"] <= last_day)]
    rows = []
    for channel in sorted(followers["channel"].dropna().unique()):
        group = inside[inside["channel"] == channel]
        row = {"channel": channel, "counts": len(group)}
        if len(group):
            first, last = group.iloc[0], group.iloc[-1]
            row.update(
                first_date=first["date"],
                first_followers=first["followers"],
                last_date=last["date"],
                last_followers=last["followers"],
                days_covered=(last["day"] - first["day"]).days + 1,
            )
            if len(group) > 1:
                row["net_change"] = last["followers"] - first["followers"]
        rows.append(row)
    table = pd.DataFrame(rows, columns=GROWTH_COLUMNS)
    for column in ("first_followers", "last_followers", "net_change", "days_covered", "counts"):
        table[column] = table[column].astype("Int64")
    table["growth_rate"] = safe_ratio(table["net_change"], table["first_followers"])
    table["period_days"] = (last_day - first_day).days + 1
    table = table.sort_values(
        ["last_followers", "channel"], ascending=[False, True], na_position="last"
    )
    return table.reset_index(drop=True)


MONTHLY_COLUMNS = [
    "period",
    "channel",
    "followers",
    "as_of",
    "baseline",
    "baseline_date",
    "net_change",
    "growth_rate",
]


def monthly_followers(followers: pd.DataFrame) -> pd.DataFrame:
    """Followers at each month end and the net change over the month, per channel.

    Parameters
    ----------
    followers
        Canonical followers table (any row order); filter it to the period first.

    Returns
    -------
    DataFrame
        ``period channel followers as_of baseline baseline_date net_change growth_rate``, one
        row per channel and month (UTC) from the first to the last month with any count.

        - ``followers``: the last known count at or before the month end, taken only from
          that month (``as_of`` is its date): a month without any count is missing, as are
          its change and rate. Days without a count are never read as 0.
        - ``baseline``: what the month's change is measured from: the previous month's
          ``followers`` when that month has a count, else (first month of the data, or after
          a month without counts) the month's own first count, so the change covers only part
          of the month (``baseline_date`` says from when).
        - ``net_change`` = followers − baseline (missing when both are the same day);
          ``growth_rate`` = net_change / baseline.
    """
    known = _known_counts(followers)
    if known.empty:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in MONTHLY_COLUMNS})
        table["period"] = pd.Series(dtype="datetime64[us]")
        for column in ("followers", "baseline", "net_change"):
            table[column] = table[column].astype("Int64")
        table["growth_rate"] = table["growth_rate"].astype(float)
        return table
    known["period"] = known["day"].dt.to_period("M").dt.start_time
    per_month = known.groupby(["channel", "period"]).agg(
        followers=("followers", "last"),
        as_of=("date", "last"),
        first=("followers", "first"),
        first_date=("date", "first"),
    )
    months = pd.date_range(known["period"].min(), known["period"].max(), freq="MS")
    grid = pd.MultiIndex.from_product(
        [sorted(known["channel"].unique()), months], names=["channel", "period"]
    )
    table = per_month.reindex(grid).reset_index()
    previous = table.groupby("channel")[["followers", "as_of"]].shift(1)
    has_previous = previous["followers"].notna()
    table["baseline"] = previous["followers"].where(has_previous, table["first"])
    table["baseline_date"] = previous["as_of"].where(has_previous, table["first_date"])
    elapsed = _day(table["as_of"]) > _day(table["baseline_date"])
    table["followers"] = table["followers"].astype("Int64")
    table["baseline"] = table["baseline"].astype("Int64")
    table["net_change"] = (table["followers"] - table["baseline"]).where(elapsed)
    table["net_change"] = table["net_change"].astype("Int64")
    table["growth_rate"] = safe_ratio(table["net_change"], table["baseline"])
    table = table.sort_values(["period", "channel"], kind="stable").reset_index(drop=True)
    return table[MONTHLY_COLUMNS]


def _authored(
    mentions: pd.DataFrame, brand: str, exclude_authors: Iterable[str]
) -> tuple[pd.DataFrame, int]:
    """The brand's mentions with a (stripped, non-empty) author, and how many had none."""
    own = mentions[mentions["brand"] == brand]
    author = own["author"].astype("string").str.strip()
    author = author.mask(author == "")
    excluded = {str(a).strip() for a in exclude_authors}
    without = int(author.isna().sum())
    keep = author.notna() & ~author.isin(excluded)
    frame = pd.DataFrame(
        {"author": author[keep].astype(object), "created_at": own.loc[keep, "created_at"]}
    )
    return frame.reset_index(drop=True), without


def repeat_engagement(
    mentions: pd.DataFrame,
    *,
    brand: str,
    min_mentions: int = 2,
    exclude_authors: Iterable[str] = (),
) -> pd.DataFrame:
    """Who engages: how much of the talk about ``brand`` comes from people who come back.

    An author is a repeat author when they wrote at least ``min_mentions`` of the brand's
    mentions in the data given (any channel, any kind). An author is their handle as given,
    stripped of surrounding spaces (case matters).

    Parameters
    ----------
    mentions
        Canonical mentions table (the period's, usually).
    brand
        The tracked brand whose mentions count.
    min_mentions
        Mentions from which an author counts as a repeat author (at least 2).
    exclude_authors
        Handles to leave out, e.g. the brand's own accounts.

    Returns
    -------
    DataFrame
        One row: ``brand mentions authors repeat_authors repeat_mentions repeat_share
        mentions_without_author min_mentions small_sample``. ``mentions`` counts the mentions
        with an author; repeat_share = repeat_mentions / mentions (missing when there are
        none); ``small_sample`` flags fewer than 10 mentions.
    """
    if min_mentions < 2:
        raise ValueError(f"min_mentions must be at least 2, not {min_mentions!r}")
    frame, without = _authored(mentions, brand, exclude_authors)
    per_author = frame["author"].value_counts()
    repeat = per_author[per_author >= min_mentions]
    total, repeated = int(per_author.sum()), int(repeat.sum())
    return pd.DataFrame(
        {
            "brand": [brand],
            "mentions": [total],
            "authors": [len(per_author)],
            "repeat_authors": [len(repeat)],
            "repeat_mentions": [repeated],
            "repeat_share": [repeated / total if total else float("nan")],
            "mentions_without_author": [without],
            "min_mentions": [min_mentions],
            "small_sample": [total < SMALL_SAMPLE],
        }
    )


RETURNING_COLUMNS = [
    "period",
    "mentions",
    "authors",
    "new_authors",
    "returning_authors",
    "returning_mentions",
    "returning_share",
    "small_sample",
]


def monthly_repeat_engagement(
    mentions: pd.DataFrame,
    *,
    brand: str,
    lookback: int | None = None,
    exclude_authors: Iterable[str] = (),
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Per month, the share of the brand's mentions written by returning authors.

    A returning author in a month is one who also mentioned the brand in an **earlier calendar
    month** (in ``timezone``, the client's) of the data given, or, with ``lookback=k``, in one of the k months before.
    Earlier mentions in the same month do not count: someone who writes twice in their first
    month is new in that month and returning from a later month on, so every author is new in
    exactly one month.

    History before the data given is unknown, so the first month cannot be judged (nobody can
    have come back yet) and, with ``lookback=None``, later months have a longer history than
    early ones: the share tends to rise over the period even when loyalty does not. Use a
    ``lookback`` (e.g. 3) to compare months on an equal footing; the first ``lookback`` months,
    whose window reaches before the data, are then not judged.

    Parameters
    ----------
    mentions
        Canonical mentions table.
    brand
        The tracked brand whose mentions count.
    lookback
        Months to look back for an earlier mention; None for any earlier month in the data.
    exclude_authors
        Handles to leave out, e.g. the brand's own accounts.

    Returns
    -------
    DataFrame
        ``period mentions authors new_authors returning_authors returning_mentions
        returning_share small_sample``, every month from the first to the last with a mention
        (``period`` = first day of the month). Mentions without an author are left out.
        ``new_authors`` = authors whose first mention in the data is in that month (missing in
        the first month); returning_share = returning_mentions / mentions (the returning
        columns are missing in the months not judged); ``small_sample`` flags fewer than 10
        mentions in the month.
    """
    if lookback is not None and lookback < 1:
        raise ValueError(f"lookback must be at least 1 month or None, not {lookback!r}")
    frame, _ = _authored(mentions, brand, exclude_authors)
    if frame.empty:
        table = pd.DataFrame({c: pd.Series(dtype="Int64") for c in RETURNING_COLUMNS})
        table["period"] = pd.Series(dtype="datetime64[us]")
        table["returning_share"] = table["returning_share"].astype(float)
        table["small_sample"] = table["small_sample"].astype(bool)
        return table
    month = _day(frame["created_at"], timezone=timezone).dt.to_period("M")
    frame["period"] = month.dt.start_time
    frame["month"] = month.astype("int64")  # months since 1970-01, to count months apart
    # per author and month they were active, how many months since they were last active
    active = frame[["author", "month"]].drop_duplicates().sort_values(["author", "month"])
    active["since"] = active["month"] - active.groupby("author")["month"].shift(1)
    frame = frame.merge(active, on=["author", "month"], how="left")
    is_new = frame["since"].isna()
    returning = frame["since"].notna() & (True if lookback is None else frame["since"] <= lookback)
    months = pd.date_range(frame["period"].min(), frame["period"].max(), freq="MS", name="period")
    grouped = frame.groupby("period")
    back = frame[returning].groupby("period")
    table = pd.DataFrame(
        {
            "mentions": grouped.size(),
            "authors": grouped["author"].nunique(),
            "new_authors": frame[is_new].groupby("period")["author"].nunique(),
            "returning_authors": back["author"].nunique(),
            "returning_mentions": back.size(),
        }
    ).reindex(months)
    table = table.fillna(0).astype("Int64")
    not_judged = months[: 1 if lookback is None else lookback]
    table.loc[months[0], "new_authors"] = pd.NA
    table.loc[not_judged, ["returning_authors", "returning_mentions"]] = pd.NA
    table["returning_share"] = safe_ratio(table["returning_mentions"], table["mentions"])
    table["small_sample"] = table["mentions"] < SMALL_SAMPLE
    return table.reset_index()[RETURNING_COLUMNS]
