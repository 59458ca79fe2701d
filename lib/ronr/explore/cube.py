"""The explorers' filters and the pre-aggregation they update from, built once per workspace.

Mentions are counted per cell of local day × brand × channel × sentiment label × the set of
tracked brands the mention names (its *brand mask*, which a fractional share of voice needs),
with an index from each cell to the rows behind it: a year of 100,000 mentions makes about
17,000 cells. Posts, the client's mentions that need an answer (with their first reply's delay,
computed once) and the known follower counts are a few thousand rows at most: they are kept as
per-row tables reduced to the columns the explorers read, which a filter selects with one mask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..derive import engagements_of, feed_posts
from ..store import Workspace

LABELS = ("positive", "neutral", "negative")
UNSCORED = len(LABELS)  # the label code of a mention without a sentiment label
NO_DAY = np.iinfo(np.int64).min  # the day code of a row without a time
MAX_BRANDS = 62  # brand masks are int64 bit sets


@dataclass(frozen=True)
class Filters:
    """What an explorer shows: local days, channels, brands, post types and themes (None: all).

    ``start`` and ``end`` are days in the client's time zone, both included. A post known only
    to its month (no exact time) is shown only while no day is chosen. A theme is one of the
    FAQ themes each mention and post is placed in (:func:`ronr.sections.text_themes`).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    channels: tuple[str, ...] | None = None
    brands: tuple[str, ...] | None = None
    post_types: tuple[str, ...] | None = None
    themes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class MentionCells:
    """Mentions counted per cell (one entry per cell in each array) and the rows behind each.

    The rows of cell ``i`` are ``order[offsets[i]:offsets[i + 1]]`` (positions in the
    workspace's mentions table).
    """

    day: np.ndarray
    brand: np.ndarray
    channel: np.ndarray
    label: np.ndarray
    mask: np.ndarray
    theme: np.ndarray
    count: np.ndarray
    sentiment_sum: np.ndarray
    sentiment_n: np.ndarray
    order: np.ndarray
    offsets: np.ndarray


@dataclass
class Cube:
    """Everything the explorers of one workspace read, built once by :func:`build_cube`."""

    ws: Workspace
    brands: list[str]  # alphabetical, as the stage functions group them (a brand's code)
    brand_order: list[str]  # the client first, then the competitors, as the config names them
    channels: list[str]
    post_types: list[str]
    themes: list[str]  # by mentions, most first
    first_day: int
    last_day: int
    mentions: MentionCells
    posts: pd.DataFrame
    answers: pd.DataFrame
    followers: pd.DataFrame
    follower_channels: list[str]


def day_numbers(stamps: pd.Series, *, timezone: str) -> np.ndarray:
    """The local day of each instant in ``timezone``, as days since 1970-01-01
    (:data:`NO_DAY` where the time is missing)."""
    local = stamps.dt.tz_convert(timezone).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    return local.astype("datetime64[D]").astype(np.int64)


def day_number(day) -> int:
    """A date (or timestamp) as days since 1970-01-01."""
    return int(np.datetime64(pd.Timestamp(day).date(), "D").astype(np.int64))


def day_stamp(days) -> pd.DatetimeIndex:
    """Day numbers as naive local midnights (the ``period`` labels of the stage functions)."""
    return pd.to_datetime(np.asarray(days, dtype=np.int64), unit="D")


def week_of(days: np.ndarray) -> np.ndarray:
    """The Monday starting the week of each day number (1 January 1970 was a Thursday)."""
    return days - (days + 3) % 7


def _missing_text(values: pd.Series) -> np.ndarray:
    return (values.isna() | (values.astype("string").str.strip() == "")).to_numpy(dtype=bool)


def _codes(values: pd.Series, names: list[str]) -> np.ndarray:
    return pd.Categorical(values, categories=names).codes.astype(np.int64)


def _brand_masks(mentions: pd.DataFrame, brand: np.ndarray) -> np.ndarray:
    """Per row, the bit set of the brands its mention names (a row without an id: its own)."""
    ids = mentions["mention_id"]
    missing = _missing_text(ids)
    key, uniques = pd.factorize(ids.where(~missing))
    key[missing] = len(uniques) + np.arange(missing.sum())
    bits = np.left_shift(np.int64(1), brand)
    masks = np.zeros(int(key.max()) + 1 if len(key) else 0, dtype=np.int64)
    np.bitwise_or.at(masks, key, bits)
    return masks[key]


def _mention_cells(
    mentions: pd.DataFrame, cube_brands, channels, timezone, themes: pd.Series, theme_names
) -> MentionCells:
    day = day_numbers(mentions["created_at"], timezone=timezone)
    theme = _codes(themes, theme_names)
    brand = _codes(mentions["brand"], cube_brands)
    channel = _codes(mentions["channel"], channels)
    labels = mentions.get("sentiment_label")
    label = np.full(len(mentions), UNSCORED, dtype=np.int64)
    if labels is not None:
        for code, name in enumerate(LABELS):
            label[(labels == name).fillna(False).to_numpy(dtype=bool)] = code
    mask = _brand_masks(mentions, brand)
    keys = pd.DataFrame(
        {"day": day, "brand": brand, "channel": channel, "label": label, "m": mask, "t": theme}
    )
    cell = keys.groupby(list(keys.columns), sort=True).ngroup().to_numpy()
    n_cells = int(cell.max()) + 1 if len(cell) else 0
    order = np.argsort(cell, kind="stable")
    count = np.bincount(cell, minlength=n_cells)
    offsets = np.concatenate([[0], np.cumsum(count)])
    first = order[offsets[:-1]]
    sentiment = (
        mentions["sentiment"].to_numpy(dtype=float, na_value=np.nan)
        if "sentiment" in mentions
        else np.full(len(mentions), np.nan)
    )
    scored = (label != UNSCORED) & ~np.isnan(sentiment)
    return MentionCells(
        day=day[first],
        brand=brand[first],
        channel=channel[first],
        label=label[first],
        mask=mask[first],
        theme=theme[first],
        count=count,
        sentiment_sum=np.bincount(
            cell, weights=np.where(scored, sentiment, 0.0), minlength=n_cells
        ),
        sentiment_n=np.bincount(cell, weights=scored.astype(float), minlength=n_cells),
        order=order,
        offsets=offsets,
    )


def _float(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return frame[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _post_index(posts: pd.DataFrame, timezone: str, themes: pd.Series) -> pd.DataFrame:
    """One row per post with the columns the explorers read (counts as floats, NaN unknown)."""
    feed = np.zeros(len(posts), dtype=bool)
    feed[posts.index.get_indexer(feed_posts(posts).index)] = True
    return pd.DataFrame(
        {
            "row": np.arange(len(posts)),
            "day": day_numbers(posts["published_at"], timezone=timezone),
            "brand": posts["brand"].to_numpy(dtype=object),
            "channel": posts["channel"].to_numpy(dtype=object),
            "post_type": (
                posts["post_type"].to_numpy(dtype=object)
                if "post_type" in posts
                else np.full(len(posts), None, dtype=object)
            ),
            "feed": feed,
            "theme": themes.to_numpy(dtype=object),
            "engagements": engagements_of(posts).to_numpy(dtype=float, na_value=np.nan),
            **{c: _float(posts, c) for c in ("reach", "impressions", "followers_at_post")},
            **{c: _float(posts, c) for c in ("comments", "shares", "likes")},
        }
    )


def _answer_index(ws: Workspace, first_responses: pd.DataFrame, themes: pd.Series) -> pd.DataFrame:
    """The client's mentions needing an answer, with their first reply's delay, row and theme."""
    table = first_responses.reset_index(drop=True)
    own = ws.mentions[ws.mentions["brand"] == ws.brand]
    rows = pd.Series(np.flatnonzero(ws.mentions["brand"] == ws.brand), index=own.index)
    first_row = rows.groupby(own["mention_id"].to_numpy()).first()
    row = table["mention_id"].map(first_row).fillna(-1).astype(np.int64).to_numpy()
    theme = themes.to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "row": row,
            "theme": np.where(row >= 0, theme[np.maximum(row, 0)] if len(theme) else None, None),
            "day": day_numbers(table["created_at"], timezone=ws.timezone),
            "channel": table["channel"].to_numpy(dtype=object),
            "hours": table["hours"].to_numpy(dtype=float, na_value=np.nan),
            "business_hours": table["business_hours"].to_numpy(dtype=float, na_value=np.nan),
        }
    )


def _follower_index(followers: pd.DataFrame) -> pd.DataFrame:
    """The known follower counts sorted by channel and UTC day (as growth.follower_growth
    reads them), with the day as a day number."""
    known = followers[followers["followers"].notna() & followers["date"].notna()]
    table = pd.DataFrame(
        {
            "channel": known["channel"].to_numpy(dtype=object),
            "date": known["date"].array,
            "day": day_numbers(known["date"], timezone="UTC"),
            "followers": known["followers"].to_numpy(dtype=np.int64),
        }
    )
    return table.sort_values(["channel", "day"], kind="stable").reset_index(drop=True)


def build_cube(ws: Workspace) -> Cube:
    """The pre-aggregation of ``ws`` that every explorer updates from (once per workspace).

    Parameters
    ----------
    ws
        The client's workspace.

    Returns
    -------
    Cube
        Mention cells with their row index, and the per-row arrays of the posts, the mentions
        needing an answer (with :func:`ronr.sections.first_responses`) and the follower counts.

    Raises
    ------
    ValueError
        More than 62 tracked brands (the brand masks are 64-bit).
    """
    from ..sections import first_responses, text_themes

    def build() -> Cube:
        mention_themes, post_themes = text_themes(ws)
        theme_names = list(
            pd.concat([mention_themes, post_themes]).value_counts(sort=True).index.astype(str)
        )
        present = sorted(set(ws.mentions["brand"].dropna()) | set(ws.posts["brand"].dropna()))
        order = [*ws.config.brand_names, *(b for b in present if b not in ws.config.brand_names)]
        brands = sorted(order)
        if len(brands) > MAX_BRANDS:
            raise ValueError(f"the explorers track at most {MAX_BRANDS} brands, not {len(brands)}")
        channels = sorted(
            set(ws.mentions["channel"].dropna())
            | set(ws.posts["channel"].dropna())
            | set(ws.followers["channel"].dropna())
        )
        types = ws.posts["post_type"].dropna() if "post_type" in ws.posts else pd.Series()
        answers = first_responses(ws) if len(ws.mentions) else None
        return Cube(
            ws=ws,
            brands=brands,
            brand_order=order,
            channels=channels,
            post_types=sorted(set(types)),
            themes=theme_names,
            first_day=day_number(ws.start),
            last_day=day_number(ws.end),
            mentions=_mention_cells(
                ws.mentions, brands, channels, ws.timezone, mention_themes, theme_names
            ),
            posts=_post_index(ws.posts, ws.timezone, post_themes),
            answers=(
                _answer_index(ws, answers, mention_themes)
                if answers is not None
                else pd.DataFrame(
                    columns=["row", "theme", "day", "channel", "hours", "business_hours"]
                )
            ),
            followers=_follower_index(ws.followers),
            follower_channels=sorted(ws.followers["channel"].dropna().unique()),
        )

    return ws.memo("explore_cube", build)


def chosen(values: tuple[str, ...] | None, every: list[str]) -> list[str]:
    """The values a filter keeps, in the order of ``every`` (all of them for None)."""
    return list(every) if values is None else [v for v in every if v in set(values)]


def day_range(cube: Cube, filters: Filters) -> tuple[int, int]:
    """The first and last day number the filters show (default: the workspace's period)."""
    first = day_number(filters.start) if filters.start is not None else cube.first_day
    last = day_number(filters.end) if filters.end is not None else cube.last_day
    return first, last


def select_cells(cube: Cube, filters: Filters) -> np.ndarray:
    """Which mention cells the filters keep (bools, one per cell)."""
    cells = cube.mentions
    keep = np.ones(len(cells.count), dtype=bool)
    if filters.start is not None:
        keep &= cells.day >= day_number(filters.start)
    if filters.end is not None:
        keep &= cells.day <= day_number(filters.end)
    if filters.channels is not None:
        keep &= np.isin(
            cells.channel, [cube.channels.index(c) for c in chosen(filters.channels, cube.channels)]
        )
    if filters.brands is not None:
        keep &= np.isin(
            cells.brand, [cube.brands.index(b) for b in chosen(filters.brands, cube.brands)]
        )
    if filters.themes is not None:
        keep &= np.isin(
            cells.theme, [cube.themes.index(t) for t in chosen(filters.themes, cube.themes)]
        )
    return keep


def _keep_rows(table: pd.DataFrame, filters: Filters, *, dated: bool = True) -> np.ndarray:
    keep = np.ones(len(table), dtype=bool)
    day = table["day"].to_numpy(dtype=np.int64)
    if dated and filters.start is not None:
        keep &= (day != NO_DAY) & (day >= day_number(filters.start))
    if dated and filters.end is not None:
        keep &= (day != NO_DAY) & (day <= day_number(filters.end))
    if filters.channels is not None:
        keep &= table["channel"].isin(filters.channels).to_numpy(dtype=bool)
    if filters.themes is not None and "theme" in table:
        keep &= table["theme"].isin(filters.themes).to_numpy(dtype=bool)
    return keep


def select_posts(cube: Cube, filters: Filters, *, own: bool = False) -> pd.DataFrame:
    """The rows of the post index the filters keep (``own``: the client's posts only)."""
    posts = cube.posts
    keep = _keep_rows(posts, filters)
    if filters.brands is not None:
        keep &= posts["brand"].isin(filters.brands).to_numpy(dtype=bool)
    if own:
        keep &= (posts["brand"] == cube.ws.brand).to_numpy(dtype=bool)
    if filters.post_types is not None:
        keep &= posts["post_type"].isin(filters.post_types).to_numpy(dtype=bool)
    return posts[keep]


def select_answers(cube: Cube, filters: Filters) -> pd.DataFrame:
    """The client's mentions needing an answer that the filters keep (none when the filters
    leave the client's brand out)."""
    if filters.brands is not None and cube.ws.brand not in filters.brands:
        return cube.answers.iloc[0:0]
    return cube.answers[_keep_rows(cube.answers, filters)]


def filter_tables(ws: Workspace, filters: Filters) -> dict[str, pd.DataFrame]:
    """The raw mentions and posts the filters keep, from the workspace's tables (no cube).

    The explorers' numbers are the stage functions' on these tables: this is the naive path the
    tests and the benchmark compare the cube with.
    """
    mentions, posts = ws.mentions, ws.posts
    keep_m = np.ones(len(mentions), dtype=bool)
    keep_p = np.ones(len(posts), dtype=bool)
    m_day = day_numbers(mentions["created_at"], timezone=ws.timezone)
    p_day = day_numbers(posts["published_at"], timezone=ws.timezone)
    if filters.start is not None:
        keep_m &= m_day >= day_number(filters.start)
        keep_p &= (p_day != NO_DAY) & (p_day >= day_number(filters.start))
    if filters.end is not None:
        keep_m &= m_day <= day_number(filters.end)
        keep_p &= (p_day != NO_DAY) & (p_day <= day_number(filters.end))
    if filters.channels is not None:
        keep_m &= mentions["channel"].isin(filters.channels).to_numpy(dtype=bool)
        keep_p &= posts["channel"].isin(filters.channels).to_numpy(dtype=bool)
    if filters.brands is not None:
        keep_m &= mentions["brand"].isin(filters.brands).to_numpy(dtype=bool)
        keep_p &= posts["brand"].isin(filters.brands).to_numpy(dtype=bool)
    if filters.post_types is not None:
        keep_p &= posts["post_type"].isin(filters.post_types).to_numpy(dtype=bool)
    if filters.themes is not None:
        from ..sections import text_themes

        mention_themes, post_themes = text_themes(ws)
        keep_m &= mention_themes.isin(filters.themes).to_numpy(dtype=bool)
        keep_p &= post_themes.isin(filters.themes).to_numpy(dtype=bool)
    return {"mentions": mentions[keep_m], "posts": posts[keep_p]}


def cell_rows(cube: Cube, cells: np.ndarray) -> np.ndarray:
    """The mention rows (positions) behind the given cells (bools, one per cell)."""
    index = np.flatnonzero(cells)
    offsets, order = cube.mentions.offsets, cube.mentions.order
    if not len(index):
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate([order[offsets[i] : offsets[i + 1]] for i in index]))
