"""Members of the client's community and how close they orbit, after the Orbit Model.

The Orbit Model (orbit-love/orbit-model, README and pages ``love/orbit-levels``,
``gravity/measure``) gives each member *love* (their weighted activity), *reach* (their own
audience) and an *orbit level* (1 = the inner circle … 4 = observers); a community's *gravity*
is the change of its level-weighted commitment per member. Here a member is an author of the
brand's mentions; the brand's own staff and accounts that post like bots are left out and
counted apart (Orbit: teammates "should be removed from the gravity calculation").

Pure functions over the canonical mentions and responses tables. Months are the client's
(``timezone``); missing is not zero: a member without a reply table has an unknown, not a zero,
answered share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .periods import time_key
from .stats import SMALL_SAMPLE, wilson_interval

ORBIT = "Orbit Model, orbit-love/orbit-model (README; pages love/orbit-levels and gravity/measure)"
DUNBAR = "Dunbar, R.I.M. (1992), 'Neocortex size as a constraint on group size in primates', J. Human Evolution 22(6)"
FERRARA = "Ferrara, E., Varol, O., Davis, C., Menczer, F. & Flammini, A. (2016), 'The rise of social bots', CACM 59(7)"

# Weight of one activity by mention kind, on Orbit's "how much engagement it represents" scale.
# A share puts the brand in front of the author's own audience and a mention or review starts a
# conversation unprompted; a comment or reply answers inside a thread the brand started, so it
# asks less of the author.
DEFAULT_ACTIVITY_WEIGHTS: Mapping[str, float] = {
    "share": 3.0,
    "mention": 2.0,
    "review": 2.0,
    "comment": 1.0,
    "reply": 1.0,
}

# Lowest level first, so the ordered categorical compares "advocate" > "fan".
LEVELS = ("observer", "participant", "fan", "advocate")
LEVEL_DTYPE = pd.CategoricalDtype(LEVELS, ordered=True)
ORBIT_NUMBER = {"advocate": 1, "fan": 2, "participant": 3, "observer": 4}
# Orbit's level weights (gravity/measure: 1, 4, 7, 10 for orbits 4..1), squared in the
# weighted commitment because pulling a member inwards gets harder at each level.
LEVEL_WEIGHTS = {"observer": 1, "participant": 4, "fan": 7, "advocate": 10}
DUNBAR_NUMBER = 150  # stable relationships one person can keep (Dunbar 1992)


@dataclass(frozen=True)
class LevelRule:
    """Thresholds of the orbit levels, over a trailing window of months.

    Orbit places a member by the commitment of their activities (here the window's love) or
    their presence (here how many months of the window they were active in). A member's raw
    level in a month, from their activity in that month and the ``window - 1`` before it:

    - advocate (Orbit 1): love ≥ ``advocate_love`` and active in ≥ ``min_active_months`` months;
    - fan (Orbit 2): love ≥ ``fan_love`` and active in ≥ ``min_active_months`` months;
    - participant (Orbit 3): love ≥ ``participant_love`` or active in ≥ ``min_active_months``;
    - observer (Orbit 4): any activity in the window;
    - none (out of orbit): no activity in the window.

    With the default weights, four shares over two months of a quarter make an advocate, two
    shares over two months a fan, one share or two comments in different months a participant.
    """

    window: int = 3  # a quarter: Orbit's leading-level presence milestone is per quarter
    advocate_love: float = 12.0
    fan_love: float = 6.0
    participant_love: float = 3.0
    min_active_months: int = 2


@dataclass(frozen=True)
class BotRule:
    """When an author posts like a bot (a documented heuristic, not a classifier).

    Either signal of Ferrara et al. (2016) that the mentions table holds is enough:

    - bursts: at least ``per_day`` mentions in one local day, on at least ``days`` days;
    - repetition: at least ``min_texts`` mentions with text of which at least
      ``same_text_share`` have the same text once lower-cased and stripped of links, handles,
      digits and spacing (shares, which repeat the post they share, and mentions without text
      or with only a link are not counted).
    """

    per_day: int = 20
    days: int = 3
    min_texts: int = 10
    same_text_share: float = 0.9


DEFAULT_LEVEL_RULE = LevelRule()
DEFAULT_BOT_RULE = BotRule()

MEMBER_COLUMNS = [
    "author",
    "activities",
    "love",
    "reach",
    "first_seen",
    "last_seen",
    "active_months",
    "tenure_days",
    "recency_days",
    "level",
    "orbit",
    "answered_mentions",
    "answered",
]
MONTHLY_COLUMNS = [
    "author",
    "period",
    "activities",
    "love",
    "window_love",
    "window_active_months",
    "raw_level",
    "level",
    "orbit",
    "active",
]
MOVEMENT_COLUMNS = [
    "period",
    "members",
    *LEVELS,
    "new",
    "returned",
    "moved_up",
    "held",
    "moved_down",
    "left",
    "weighted_commitment",
    "commitment_change",
    "gravity",
]
EXCLUDED_COLUMNS = ["author", "reason", "mentions"]
_LINK = re.compile(r"https?://\S+|www\.\S+|@\w+|\d+")
_SPACE = re.compile(r"\s+")


def _handle_key(values: pd.Series | Iterable[str]) -> pd.Series:
    """Handles compared case-insensitively, a leading @ and surrounding spaces ignored."""
    return pd.Series(values, dtype="string").str.strip().str.lstrip("@").str.lower()


def _bot_reasons(frame: pd.DataFrame, rule: BotRule, timezone: str) -> pd.Series:
    """Per author flagged as a bot, the reason (authors not flagged are absent)."""
    day = time_key(frame["created_at"], "D", timezone=timezone)
    per_day = frame.assign(_day=day).groupby(["author", "_day"]).size()
    busy = (per_day >= rule.per_day).groupby(level="author").sum()
    bursts = busy.index[busy >= rule.days]
    # only an author with min_texts mentions can repeat a text that often: the texts of the
    # others (most rows of a large client) need no normalising
    mentions_of = frame["author"].map(frame["author"].value_counts())
    frame = frame.loc[(mentions_of >= rule.min_texts).to_numpy()]
    text = frame["text"] if "text" in frame else pd.Series(pd.NA, index=frame.index)
    text = text.astype("string").str.lower().str.replace(_LINK, " ", regex=True)
    text = text.str.replace(_SPACE, " ", regex=True).str.strip()
    # a missing or link-only text is no evidence, and a share repeats the post it shares
    said = (text.fillna("") != "") & (frame["kind"] != "share")
    pairs = frame.loc[said].assign(_text=text[said]).groupby(["author", "_text"]).size()
    top = pairs.groupby(level="author").max().astype(float)
    sizes = pairs.groupby(level="author").sum()
    repeats = sizes.index[(sizes >= rule.min_texts) & (top / sizes >= rule.same_text_share)]
    reasons = pd.Series(
        f"repeated text: ≥ {rule.same_text_share:.0%} of ≥ {rule.min_texts} mentions", index=repeats
    )
    burst = pd.Series(
        f"bursts: ≥ {rule.per_day} mentions a day on ≥ {rule.days} days", index=bursts
    )
    return pd.concat([reasons[~reasons.index.isin(bursts)], burst]).astype(object)


# what the members' activity reads of a mention (see _activity, _bot_reasons, score_members)
ACTIVITY_COLUMNS = (
    "mention_id",
    "author",
    "author_followers",
    "brand",
    "created_at",
    "kind",
    "text",
)


def _activity(
    mentions: pd.DataFrame,
    *,
    weights: Mapping[str, float],
    staff: Iterable[str],
    timezone: str,
    as_of,
    brand: str | None,
    bot_rule: BotRule,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The members' activities (one row per mention), the excluded authors, and rows without author."""
    # only the columns used here: each filter below copies what it keeps
    frame = mentions[[c for c in ACTIVITY_COLUMNS if c in mentions.columns]]
    frame = frame if brand is None else frame[frame["brand"] == brand]
    if as_of is not None:
        frame = frame[frame["created_at"] <= _utc(as_of)]
    if "mention_id" in frame:
        # one mention naming two brands is one activity, a row without an id its own
        ids = frame["mention_id"]
        frame = frame[ids.isna() | ~ids.duplicated()]
    unknown = sorted(set(frame["kind"].dropna()) - set(weights))
    if unknown:
        raise ValueError(
            f"no activity weight for kind(s) {unknown}; weights name {sorted(weights)}"
        )
    author = frame["author"].astype("string").str.strip()
    author = author.mask(author == "")
    without = int(author.isna().sum())
    frame = frame.loc[author.notna()].assign(author=author[author.notna()].astype(object))
    frame = frame.assign(weight=frame["kind"].map(weights).astype(float))
    staff_keys = set(_handle_key(list(staff)).dropna())
    is_staff = _handle_key(frame["author"]).isin(staff_keys).to_numpy()
    staff_counts = frame.loc[is_staff].groupby("author").size()
    bots = _bot_reasons(frame.loc[~is_staff], bot_rule, timezone)
    is_bot = frame["author"].isin(bots.index).to_numpy()
    bot_counts = frame.loc[is_bot].groupby("author").size()
    excluded = pd.concat(
        [
            pd.DataFrame(
                {"author": staff_counts.index, "reason": "staff", "mentions": staff_counts.values}
            ),
            pd.DataFrame(
                {
                    "author": bot_counts.index,
                    "reason": "bot, " + bots.reindex(bot_counts.index).to_numpy(dtype=object),
                    "mentions": bot_counts.values,
                }
            ),
        ],
        ignore_index=True,
    )
    excluded = excluded.astype({"author": object, "reason": object, "mentions": "int64"})
    excluded = excluded.sort_values(["reason", "author"], kind="stable").reset_index(drop=True)
    frame = frame.loc[~is_staff & ~is_bot].copy()
    frame["period"] = time_key(frame["created_at"], "MS", timezone=timezone)
    return frame, excluded[EXCLUDED_COLUMNS], without


def _utc(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _month_number(periods: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    index = pd.DatetimeIndex(periods)
    return np.asarray(index.year * 12 + index.month - 1)


def _monthly(
    activity: pd.DataFrame, *, rule: LevelRule, end: pd.Timestamp, end_complete: bool
) -> pd.DataFrame:
    """Levels per author and month (see :func:`level_members_monthly`) from prepared activity."""
    if activity.empty:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in MONTHLY_COLUMNS})
        return table.astype(
            {
                "period": "datetime64[ns]",
                "activities": "int64",
                "love": float,
                "window_love": float,
                "window_active_months": "int64",
                "raw_level": LEVEL_DTYPE,
                "level": LEVEL_DTYPE,
                "orbit": "Int64",
                "active": bool,
            }
        )
    months = pd.date_range(activity["period"].min(), end, freq="MS")
    # authors × months as arrays indexed by codes: at a million mentions a MultiIndex grid
    # and its reindex cost gigabytes and most of the time
    codes, authors = pd.factorize(activity["author"].to_numpy(dtype=object), sort=True)
    authors = np.asarray(authors, dtype=object)
    month = _month_number(activity["period"]) - _month_number(months[:1])[0]
    inside = month < len(months)  # activity after ``end`` is not judged (as before: reindexed)
    per = (
        activity.loc[inside, ["weight"]]
        .assign(_author=codes[inside], _month=month[inside])
        .groupby(["_author", "_month"])["weight"]
        .agg(["size", "sum"])
    )
    at = (per.index.get_level_values(0).to_numpy(), per.index.get_level_values(1).to_numpy())
    count = np.zeros((len(authors), len(months)))
    love = np.zeros((len(authors), len(months)))
    count[at] = per["size"].to_numpy()
    love[at] = per["sum"].to_numpy()
    active = count > 0

    def trailing(values: np.ndarray) -> np.ndarray:
        total = np.cumsum(values, axis=1)
        shifted = np.zeros_like(total)
        shifted[:, rule.window :] = total[:, : -rule.window] if len(months) > rule.window else 0
        return total - shifted

    w_love, w_count, w_months = trailing(love), trailing(count), trailing(active.astype(int))
    present = w_months >= rule.min_active_months
    raw = np.full(love.shape, -1)  # -1: out of orbit
    raw[w_count > 0] = 0
    raw[(w_love >= rule.participant_love) | present] = 1
    raw[(w_love >= rule.fan_love) & present] = 2
    raw[(w_love >= rule.advocate_love) & present] = 3
    started = np.cumsum(active, axis=1) > 0
    complete = np.ones(len(months), dtype=bool)
    complete[-1] = end_complete
    level = np.full(love.shape, -1)
    previous = np.full(len(authors), -1)
    for m in range(len(months)):
        # Orbit's hysteresis: upgrade at once, downgrade only at the end of a full quiet month
        quiet = ~active[:, m] & complete[m]
        now = np.where((raw[:, m] > previous) | quiet, raw[:, m], previous)
        level[:, m] = np.where(started[:, m], now, -1)
        previous = level[:, m]
    # one row per member and month from their first active month: only those cells are built
    cells = np.flatnonzero(started.ravel())
    row, column = np.divmod(cells, len(months))
    level_codes = level.ravel()[cells]
    orbit_numbers = np.array([ORBIT_NUMBER[name] for name in LEVELS])[level_codes]
    table = pd.DataFrame(
        {
            "author": authors[row],
            "period": months.to_numpy()[column],
            "activities": count.ravel()[cells].astype("int64"),
            "love": love.ravel()[cells],
            "window_love": w_love.ravel()[cells],
            "window_active_months": w_months.ravel()[cells].astype("int64"),
            "raw_level": pd.Categorical.from_codes(raw.ravel()[cells], dtype=LEVEL_DTYPE),
            "level": pd.Categorical.from_codes(level_codes, dtype=LEVEL_DTYPE),
            "orbit": pd.array(orbit_numbers, dtype="Int64"),
            "active": active.ravel()[cells],
        }
    )
    table.loc[level_codes < 0, "orbit"] = pd.NA
    return table[MONTHLY_COLUMNS]


def _end_month(activity: pd.DataFrame, as_of, timezone: str) -> tuple[pd.Timestamp, bool]:
    """The last month to judge (local month start) and whether it is complete by ``as_of``."""
    if as_of is None:
        # nothing says the data's last month is over: no quiet-month downgrade in it
        return activity["period"].max(), False
    stamp = _utc(as_of)
    month = time_key(pd.Series([stamp]), "MS", timezone=timezone).iloc[0]
    next_start = (month + pd.offsets.MonthBegin(1)).tz_localize(timezone)
    return month, bool(stamp >= next_start)


def _levels(mentions: pd.DataFrame, *, rule: LevelRule, as_of, timezone: str, **options):
    """The members' activity, their monthly levels (:func:`_monthly`), the last month judged,
    and the excluded authors and rows without author: what both public functions start from."""
    activity, excluded, without = _activity(mentions, as_of=as_of, timezone=timezone, **options)
    if activity.empty:
        end, complete = pd.NaT, True
    else:
        end, complete = _end_month(activity, as_of, timezone)
    monthly = _monthly(activity, rule=rule, end=end, end_complete=complete)
    return activity, monthly, end, excluded, without


def level_members_monthly(
    mentions: pd.DataFrame,
    *,
    weights: Mapping[str, float] = DEFAULT_ACTIVITY_WEIGHTS,
    staff: Iterable[str] = (),
    timezone: str = "UTC",
    as_of=None,
    brand: str | None = None,
    rule: LevelRule = DEFAULT_LEVEL_RULE,
    bot_rule: BotRule = DEFAULT_BOT_RULE,
) -> pd.DataFrame:
    """Each member's orbit level in each month, with the Orbit Model's hysteresis.

    A month's raw level follows :class:`LevelRule` over the trailing window. The level shown
    moves up to the raw level at once, and down to it only at the end of a full month in which
    the member was quiet (no activity): "award higher orbit levels immediately, but only
    consider orbit level downgrades every 1 month" (Orbit Model, love/orbit-levels, *Holding
    orbit levels*). The last month is judged quiet only when ``as_of`` is past its end (pass
    the first moment after the period to judge a period's last month; by default it is not).

    Parameters
    ----------
    mentions
        Canonical mentions table (``author``, ``created_at``, ``kind``, ``mention_id``, ``text``).
    weights
        Activity weight per mention kind (:data:`DEFAULT_ACTIVITY_WEIGHTS`).
    staff
        The brand's own handles (case-insensitive; a leading @ is ignored): left out.
    timezone
        The client's zone: months are cut in it.
    as_of
        Last moment counted (mentions after it are left out) and the last month shown; by
        default the last mention's.
    brand
        Only this brand's mentions count (default: all rows, a mention naming two brands once).
    rule, bot_rule
        The level thresholds (:class:`LevelRule`) and the bot rule (:class:`BotRule`).

    Returns
    -------
    DataFrame
        ``author period activities love window_love window_active_months raw_level level orbit
        active``: one row per member and month (``period`` = local month start, naive) from
        their first active month to the last month. ``activities`` and ``love`` are the month's
        count and weighted sum; ``window_*`` the trailing window's; ``level``/``raw_level`` are
        ordered categoricals (observer < participant < fan < advocate), missing when the member
        is out of orbit (a quiet window); ``orbit`` is Orbit's number (1 = advocate … 4);
        ``active`` = any activity in the month. Staff and bots are absent (``attrs["excluded"]``:
        ``author reason mentions``); ``attrs["without_author"]`` counts rows without an author.

    Raises
    ------
    ValueError
        A mention kind has no weight.
    """
    _, table, _, excluded, without = _levels(
        mentions,
        weights=weights,
        staff=staff,
        timezone=timezone,
        as_of=as_of,
        brand=brand,
        rule=rule,
        bot_rule=bot_rule,
    )
    table.attrs = {"excluded": excluded, "without_author": without}
    return table


def _brand_replies(
    mentions: pd.DataFrame, responses: pd.DataFrame, brand: str | None
) -> pd.DataFrame:
    """Replies that answer for the brand: not tagged with another tracked brand (as channels.replies_of)."""
    if brand is None or "brand" not in responses:
        return responses
    others = set(mentions["brand"].dropna()) - {brand}
    return responses[~responses["brand"].isin(others)]


def score_members(
    mentions: pd.DataFrame,
    *,
    responses: pd.DataFrame | None = None,
    weights: Mapping[str, float] = DEFAULT_ACTIVITY_WEIGHTS,
    staff: Iterable[str] = (),
    timezone: str = "UTC",
    as_of=None,
    since=None,
    brand: str | None = None,
    rule: LevelRule = DEFAULT_LEVEL_RULE,
    bot_rule: BotRule = DEFAULT_BOT_RULE,
) -> pd.DataFrame:
    """One row per member: activity, love, presence, recency and orbit level.

    Love is the sum of the member's activity weights (Orbit Model README, *Measuring love*:
    "we look at both the maximum and sum"; with five kinds the maximum says little, so the sum),
    reach the author's largest follower count seen (Orbit: social followers are reach). The
    level is the member's level in the month of ``as_of`` from :func:`level_members_monthly`;
    a member whose window has gone quiet is an observer (Orbit 4: passive observers, still
    part of the audience).

    Parameters
    ----------
    mentions
        Canonical mentions table.
    responses
        Canonical responses table; without it the answered columns are missing (unknown).
    weights, staff, timezone, as_of, brand, rule, bot_rule
        As in :func:`level_members_monthly`.
    since
        First moment of the period reported on (default: all of ``mentions``). The members are
        the authors active from then on, and the activity columns (``activities love reach
        active_months answered_mentions answered``) count from then on; the level, first and
        last seen (tenure, recency) read every mention given, so pass the history before the
        period too: a member's level depends on the months before.

    Returns
    -------
    DataFrame
        ``author activities love reach first_seen last_seen active_months tenure_days
        recency_days level orbit answered_mentions answered``, highest level first, then most
        love. ``activities`` counts distinct mentions, ``love`` their weights (points);
        ``first_seen``/``last_seen`` are UTC; ``active_months`` counts local months with
        activity; ``tenure_days`` = last − first seen and ``recency_days`` = as_of − last seen,
        in days (fractions kept); ``answered_mentions`` counts their mentions with a brand
        reply (``responses.mention_id``) and ``answered`` = answered_mentions / activities.
        Authors missing or blank are no members (``attrs["without_author"]``); staff and bots
        are left out and listed in ``attrs["excluded"]`` (``author reason mentions``).

    Raises
    ------
    ValueError
        A mention kind has no weight.
    """
    activity, monthly, end, excluded, without = _levels(
        mentions,
        weights=weights,
        staff=staff,
        timezone=timezone,
        as_of=as_of,
        brand=brand,
        rule=rule,
        bot_rule=bot_rule,
    )
    if activity.empty:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in MEMBER_COLUMNS})
        table["level"] = table["level"].astype(LEVEL_DTYPE)
        table.attrs = {"excluded": excluded, "without_author": without}
        return table
    moment = activity["created_at"].max() if as_of is None else _utc(as_of)
    seen = activity.groupby("author")["created_at"].agg(["min", "max"])
    if since is not None:
        activity = activity[activity["created_at"] >= _utc(since)]
    grouped = activity.groupby("author")
    followers = activity.get("author_followers")
    table = pd.DataFrame(
        {
            "activities": grouped.size().astype("int64"),
            "love": grouped["weight"].sum(),
            "reach": (
                followers.groupby(activity["author"]).max().astype("Int64")
                if followers is not None
                else pd.Series(pd.NA, index=grouped.size().index, dtype="Int64")
            ),
            "active_months": grouped["period"].nunique().astype("int64"),
        }
    )
    table["first_seen"] = seen["min"].reindex(table.index)
    table["last_seen"] = seen["max"].reindex(table.index)
    day = pd.Timedelta(days=1)
    table["tenure_days"] = (table["last_seen"] - table["first_seen"]) / day
    table["recency_days"] = (moment - table["last_seen"]) / day
    last = monthly[monthly["period"] == end].set_index("author")["level"]
    table["level"] = last.reindex(table.index).fillna("observer").astype(LEVEL_DTYPE)
    table["orbit"] = table["level"].map(ORBIT_NUMBER).astype("int64")
    if responses is None:
        table["answered_mentions"] = pd.array([pd.NA] * len(table), dtype="Int64")
        table["answered"] = np.nan
    else:
        replies = _brand_replies(mentions, responses, brand)
        answered = activity["mention_id"].isin(set(replies["mention_id"].dropna()))
        table["answered_mentions"] = answered.groupby(activity["author"]).sum().astype("Int64")
        table["answered"] = table["answered_mentions"].astype(float) / table["activities"]
    table = table.rename_axis("author").reset_index()
    table = table.sort_values(
        ["orbit", "love", "author"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    table = table[MEMBER_COLUMNS]
    table.attrs = {"excluded": excluded, "without_author": without}
    return table


def count_movement(monthly_levels: pd.DataFrame) -> pd.DataFrame:
    """Per month: members per level, who moved up, held or moved down, and the gravity.

    Parameters
    ----------
    monthly_levels
        Output of :func:`level_members_monthly` (``author period level``).

    Returns
    -------
    DataFrame
        ``period members observer participant fan advocate new returned moved_up held
        moved_down left weighted_commitment commitment_change gravity``, one row per month.

        - ``members``: members with a level; the four level columns split them.
        - ``new``: members in their first month; ``returned``: back in orbit after a month out
          of it; ``moved_up``/``held``/``moved_down``: members with a level in this and the
          previous month, by direction; ``left``: a level last month, none now. So members =
          new + returned + moved_up + held + moved_down.
        - ``weighted_commitment`` = Σ over levels of weight² × members, weights
          :data:`LEVEL_WEIGHTS` (observer 1, participant 4, fan 7, advocate 10);
          ``commitment_change`` its change on the previous month; ``gravity`` =
          commitment_change / members (Orbit Model, gravity/measure: "Gravity = Change in
          Weighted Commitment / # of Members"), missing in the first month.
    """
    frame = monthly_levels[["author", "period", "level"]].copy()
    if frame.empty:
        table = pd.DataFrame({c: pd.Series(dtype="int64") for c in MOVEMENT_COLUMNS})
        table["period"] = pd.Series(dtype="datetime64[ns]")
        for column in ("weighted_commitment", "commitment_change", "gravity"):
            table[column] = table[column].astype(float)
        return table
    months = pd.DatetimeIndex(sorted(frame["period"].unique()))
    code = frame["level"].cat.codes.replace(-1, np.nan) if len(frame) else frame["level"]
    wide = frame.assign(code=code).pivot(index="author", columns="period", values="code")
    wide = wide.reindex(columns=months)
    values = wide.to_numpy(dtype=float)
    previous = np.column_stack([np.full(len(wide), np.nan), values[:, :-1]])
    seen_before = np.column_stack(
        [np.zeros(len(wide), dtype=bool), np.cumsum(~np.isnan(values), axis=1)[:, :-1] > 0]
    )
    now, before = ~np.isnan(values), ~np.isnan(previous)
    both = now & before
    with np.errstate(invalid="ignore"):
        table = pd.DataFrame(
            {
                "period": months,
                "members": now.sum(axis=0),
                **{name: (values == i).sum(axis=0) for i, name in enumerate(LEVELS)},
                "new": (now & ~seen_before).sum(axis=0),
                "returned": (now & ~before & seen_before).sum(axis=0),
                "moved_up": (both & (values > previous)).sum(axis=0),
                "held": (both & (values == previous)).sum(axis=0),
                "moved_down": (both & (values < previous)).sum(axis=0),
                "left": (~now & before).sum(axis=0),
            }
        )
    table["weighted_commitment"] = sum(
        float(LEVEL_WEIGHTS[name] ** 2) * table[name] for name in LEVELS
    )
    table["commitment_change"] = table["weighted_commitment"].diff()
    table["gravity"] = table["commitment_change"] / table["members"].where(table["members"] > 0)
    return table[MOVEMENT_COLUMNS]


def cohort_returns(
    mentions: pd.DataFrame,
    *,
    timezone: str = "UTC",
    brand: str | None = None,
    exclude_authors: Iterable[str] = (),
    since=None,
) -> pd.DataFrame:
    """Cohorts by month of first interaction, and the share active again k months later.

    Parameters
    ----------
    mentions
        Canonical mentions table (leave staff and bots out first, e.g. through
        ``exclude_authors`` with ``score_members(...).attrs["excluded"]["author"]``).
    timezone
        The client's zone: months are cut in it.
    brand
        Only this brand's mentions count (default: all).
    exclude_authors
        Handles to leave out (compared case-insensitively, a leading @ ignored).
    since
        First moment of the period reported on: only the cohorts of its local month and later
        are returned; the mentions before it decide who is new (default: every cohort).

    Returns
    -------
    DataFrame
        ``cohort size 0 1 2 …``: one row per month in which some author first appeared
        (``cohort`` = local month start), ``size`` = those authors, and under column k (an int)
        the share of the cohort active in the k-th month after its first (0 is 1.0 by
        definition). Cells past the data's last month are missing, not 0: a triangle.
        History before the data is unknown, so the first cohort also holds earlier authors.
    """
    frame = mentions if brand is None else mentions[mentions["brand"] == brand]
    author = frame["author"].astype("string").str.strip()
    author = author.mask(author == "")
    keep = author.notna() & ~_handle_key(author).isin(set(_handle_key(list(exclude_authors))))
    keep = keep.fillna(False).astype(bool)
    if not keep.any():
        return pd.DataFrame({"cohort": pd.Series(dtype="datetime64[ns]"), "size": []})
    active = pd.DataFrame(
        {
            "author": author[keep].astype(object),
            "month": _month_number(
                time_key(frame.loc[keep, "created_at"], "MS", timezone=timezone)
            ),
        }
    ).drop_duplicates()
    active["first"] = active.groupby("author")["month"].transform("min")
    active["since"] = active["month"] - active["first"]
    last = int(active["month"].max())
    size = active.drop_duplicates("author").groupby("first").size()
    counts = active.pivot_table(index="first", columns="since", values="author", aggfunc="count")
    span = last - int(size.index.min())
    counts = counts.reindex(columns=range(span + 1)).fillna(0)
    shares = counts.div(size, axis=0)
    for first in shares.index:
        shares.loc[first, [k for k in shares.columns if first + k > last]] = np.nan
    shares.columns = [int(c) for c in shares.columns]
    numbers = np.asarray(shares.index, dtype="int64")
    cohorts = pd.to_datetime(
        pd.DataFrame({"year": numbers // 12, "month": numbers % 12 + 1, "day": 1})
    )
    table = shares.reset_index(drop=True)
    table.insert(0, "size", size.to_numpy().astype("int64"))
    table.insert(0, "cohort", cohorts.to_numpy())
    if since is not None:
        first = time_key(pd.Series([_utc(since)]), "MS", timezone=timezone).iloc[0]
        table = table[table["cohort"] >= first].reset_index(drop=True)
        later = [k for k in table.columns if isinstance(k, int)]
        span = int(last - _month_number(table["cohort"]).min()) if len(table) else -1
        table = table.drop(columns=[k for k in later if k > span])
    return table


def top_advocates(
    members: pd.DataFrame,
    mentions: pd.DataFrame,
    responses: pd.DataFrame | None,
    *,
    n: int = 10,
) -> pd.DataFrame:
    """The ``n`` members closest to the centre, with what they did and whether the brand answered.

    Parameters
    ----------
    members
        Output of :func:`score_members` (staff and bots already left out).
    mentions
        The canonical mentions the members were scored on (filter to the brand first when
        ``score_members`` had ``brand``).
    responses
        Canonical responses; None leaves the answered columns missing (unknown).
    n
        How many members.

    Returns
    -------
    DataFrame
        ``author level orbit love activities share mention review comment reply first_seen
        last_seen answered_mentions answered replies``: by level (advocates first), then love.
        The kind columns count the member's distinct mentions of each kind; ``answered_mentions``
        how many got a brand reply, ``answered`` that share, ``replies`` all brand replies to
        them (a mention can get several).

    Raises
    ------
    ValueError
        ``n`` is below 1.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n!r}")
    top = members.sort_values(
        ["orbit", "love", "author"], ascending=[True, False, True], kind="stable"
    ).head(n)
    author = mentions["author"].astype("string").str.strip()
    own = mentions.assign(author=author.astype(object))
    own = own[own["author"].isin(set(top["author"]))]
    if "mention_id" in own:
        own = own[own["mention_id"].isna() | ~own["mention_id"].duplicated()]
    kinds = list(DEFAULT_ACTIVITY_WEIGHTS)
    counts = own.groupby(["author", "kind"]).size().unstack("kind").reindex(columns=kinds).fillna(0)
    table = top[["author", "level", "orbit", "love", "activities"]].merge(
        counts.astype("int64").reset_index(), on="author", how="left"
    )
    table[kinds] = table[kinds].fillna(0).astype("int64")
    table = table.merge(top[["author", "first_seen", "last_seen"]], on="author", how="left")
    if responses is None:
        for column in ("answered_mentions", "replies"):
            table[column] = pd.array([pd.NA] * len(table), dtype="Int64")
        table["answered"] = np.nan
    else:
        per_mention = responses.groupby("mention_id").size()
        got = own["mention_id"].map(per_mention).fillna(0)
        table["answered_mentions"] = (
            table["author"].map((got > 0).groupby(own["author"]).sum()).fillna(0).astype("Int64")
        )
        table["replies"] = table["author"].map(got.groupby(own["author"]).sum()).fillna(0)
        table["replies"] = table["replies"].astype("Int64")
        table["answered"] = table["answered_mentions"].astype(float) / table["activities"]
    columns = ["author", "level", "orbit", "love", "activities", *kinds, "first_seen", "last_seen"]
    return table[[*columns, "answered_mentions", "answered", "replies"]].reset_index(drop=True)


def closest_fans(members: pd.DataFrame, *, limit: int = DUNBAR_NUMBER) -> pd.DataFrame:
    """A worklist of the members to know personally, capped at Dunbar's number.

    About 150 is the number of stable relationships one person can keep (Dunbar 1992), so a
    community manager's personal worklist stops there.

    Parameters
    ----------
    members
        Output of :func:`score_members`.
    limit
        Length of the list (default 150).

    Returns
    -------
    DataFrame
        The members' columns plus ``rank`` (1 = first to look after), ordered by level
        (advocates first), then love, then most recently seen, then author; at most ``limit``
        rows.

    Raises
    ------
    ValueError
        ``limit`` is below 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit!r}")
    ordered = members.sort_values(
        ["orbit", "love", "last_seen", "author"],
        ascending=[True, False, False, True],
        kind="stable",
    ).head(limit)
    ordered = ordered.reset_index(drop=True)
    ordered.insert(0, "rank", np.arange(1, len(ordered) + 1))
    return ordered


RESPONSIVENESS_COLUMNS = [
    "theme",
    "needing_answer",
    "answered",
    "response_rate",
    "response_rate_low",
    "response_rate_high",
    "median_business_hours",
    "median_hours",
    "small_sample",
]


def responsiveness_by_theme(
    answers: pd.DataFrame, mentions: pd.DataFrame, *, theme_column: str = "theme"
) -> pd.DataFrame:
    """Per theme, the share of mentions needing an answer that got one, and how fast.

    The per-mention first replies come from :func:`ronr.channels.first_responses` (the one
    definition of a first response and its business-hours delay); this module may not import
    a stage, so the caller passes its table in.

    Parameters
    ----------
    answers
        Output of ``ronr.channels.first_responses(mentions, responses, brand=..., hours=...)``:
        one row per mention needing an answer (``mention_id hours business_hours``).
    mentions
        Canonical mentions with ``theme_column`` (e.g. from ``ThemeModel.assign``).
    theme_column
        The column naming each mention's theme.

    Returns
    -------
    DataFrame
        ``theme needing_answer answered response_rate response_rate_low response_rate_high
        median_business_hours median_hours small_sample``, most needing an answer first.
        response_rate = answered / needing_answer with its 95% Wilson interval (Wilson 1927);
        the medians are over answered mentions (business hours in the client's calendar, and
        clock hours); small_sample flags fewer than 10 needing an answer. Mentions without a
        theme form a row whose theme is missing.

    Raises
    ------
    KeyError
        ``mentions`` has no ``theme_column``.
    """
    if theme_column not in mentions:
        raise KeyError(f"mentions have no {theme_column!r} column; assign themes first")
    themes = mentions.drop_duplicates("mention_id").set_index("mention_id")[theme_column]
    frame = answers.assign(theme=answers["mention_id"].map(themes))
    grouped = frame.groupby("theme", dropna=False)
    table = pd.DataFrame(
        {
            "needing_answer": grouped.size(),
            "answered": grouped["hours"].count(),
            "median_business_hours": grouped["business_hours"].median(),
            "median_hours": grouped["hours"].median(),
        }
    ).reset_index()
    table["response_rate"] = table["answered"] / table["needing_answer"]
    low, high = wilson_interval(table["answered"], table["needing_answer"])
    table["response_rate_low"], table["response_rate_high"] = low.to_numpy(), high.to_numpy()
    table["small_sample"] = table["needing_answer"] < SMALL_SAMPLE
    table = table.sort_values(
        ["needing_answer", "theme"], ascending=[False, True], na_position="last", kind="stable"
    )
    return table[RESPONSIVENESS_COLUMNS].reset_index(drop=True)
