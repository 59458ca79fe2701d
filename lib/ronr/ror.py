"""The Return-on-Relationship index: six visible components, 0–100, month by month.

Each component is scored per month on its own declared scale and mapped to 0–100
(:data:`COMPONENT_SCALES`); :func:`compute_ror_index` takes their weighted mean. A component
without data in a month drops out of that month's index, the other weights are renormalised
and a note says so: a missing component is never read as 0.

Pure functions. The components are computed from the monthly tables other modules produce
(``listen.net_sentiment``, ``channels.first_responses``, ``growth.monthly_repeat_engagement``,
``orbit.level_members_monthly``, ``audience.audience_fit``), passed in by the caller, so this
module imports no stage.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .config import ROR_COMPONENTS
from .periods import time_key
from .stats import SMALL_SAMPLE

# How each component's own value maps to 0–100.
COMPONENT_SCALES: Mapping[str, str] = {
    "advocacy": "share of the month's active members who are advocates or fans, 0..1 → × 100",
    "loyalty": "share of the month's authors active in an earlier month, 0..1 → × 100",
    "conversation": "activities per active member, 1 (each spoke once) .. cap → "
    "(x − 1) / (cap − 1) × 100, clipped to 0..100",
    "responsiveness": "share of mentions needing an answer answered within the target "
    "business hours, 0..1 → × 100",
    "sentiment": "net sentiment (pos − neg) / (pos + neg), −1..1 → (x + 1) / 2 × 100",
    "audience_fit": "audience fit 1 − total variation distance, 0..1 → × 100",
}
ADVOCATE_LEVELS = ("advocate", "fan")  # Orbit 1 and 2: the members who market the brand
# Four activities a month (about one a week) per active member is a lively relationship;
# beyond it more talk from the same people is not a wider one. A declared ceiling.
CONVERSATION_CAP = 4.0
COMPONENT_COLUMNS = ["period", "component", "value", "score", "n", "small_sample", "scale"]
SENSITIVITY_COLUMNS = [
    "component",
    "direction",
    "factor",
    "weight",
    "weight_share",
    "last_period",
    "last_index",
    "base_last_index",
    "last_change",
    "mean_index",
    "base_mean_index",
    "rank_correlation",
    "best_period",
    "base_best_period",
    "best_changed",
]
LEDGER_COLUMNS = ["action", "count", "value_per_action", "value", "currency"]


def _component(
    component: str, period: pd.Series, value: pd.Series, score: pd.Series, n: pd.Series
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "period": pd.to_datetime(pd.Series(period).to_numpy()),
            "component": component,
            "value": pd.Series(value, dtype=float).to_numpy(),
            "score": pd.Series(score, dtype=float).to_numpy(),
            "n": pd.array(pd.Series(n).to_numpy(), dtype="Int64"),
        }
    )
    table["small_sample"] = (table["n"] < SMALL_SAMPLE).fillna(True).astype(bool)
    table["scale"] = COMPONENT_SCALES[component]
    return table.sort_values("period").reset_index(drop=True)[COMPONENT_COLUMNS]


def _one_per_month(table: pd.DataFrame, what: str) -> None:
    if table["period"].duplicated().any():
        raise ValueError(f"{what}: one row per month expected; filter to the client's brand first")


def score_sentiment(sentiment: pd.DataFrame) -> pd.DataFrame:
    """The sentiment component: net sentiment per month, −1..1 mapped to 0–100.

    Parameters
    ----------
    sentiment
        ``period net_sentiment n``, one row per month: the client's rows of
        ``ronr.listen.net_sentiment(mentions, freq="MS", timezone=...)``.

    Returns
    -------
    DataFrame
        ``period component value score n small_sample scale``: value = net sentiment
        ((pos − neg) / (pos + neg), Hutto & Gilbert 2014 labels), score = (value + 1) / 2 × 100;
        missing where no mention had a sign. ``n`` = pos + neg; small_sample below 10.

    Raises
    ------
    ValueError
        More than one row for a month.
    """
    _one_per_month(sentiment, "sentiment")
    value = sentiment["net_sentiment"].astype(float)
    return _component(
        "sentiment", sentiment["period"], value, (value + 1) / 2 * 100, sentiment["n"]
    )


def score_responsiveness(
    answers: pd.DataFrame, *, target_hours: float, timezone: str = "UTC"
) -> pd.DataFrame:
    """The responsiveness component: the share answered within the target, per month.

    Parameters
    ----------
    answers
        ``created_at business_hours``, one row per mention needing an answer: the output of
        ``ronr.channels.first_responses`` (business hours to the first reply, missing when
        unanswered).
    target_hours
        The client's response target in business hours (``responses.target_hours``).
    timezone
        The client's zone: a mention counts in the month it arrived in.

    Returns
    -------
    DataFrame
        ``period component value score n small_sample scale``: value = mentions answered within
        ``target_hours`` business hours / all mentions needing an answer that month (an
        unanswered one missed the target; the ``within_target`` metric by month), score =
        value × 100. Months without a mention needing an answer are absent (no data).

    Raises
    ------
    ValueError
        ``target_hours`` is negative.
    """
    if target_hours < 0:
        raise ValueError(f"target_hours must be at least 0, not {target_hours!r}")
    period = time_key(answers["created_at"], "MS", timezone=timezone)
    within = answers["business_hours"].le(target_hours).fillna(False).astype(float)
    grouped = within.groupby(period.to_numpy())
    value = grouped.mean()
    return _component("responsiveness", pd.Series(value.index), value, value * 100, grouped.size())


def score_advocacy(monthly_levels: pd.DataFrame) -> pd.DataFrame:
    """The advocacy component: the share of active members who are advocates or fans.

    Parameters
    ----------
    monthly_levels
        ``period level active``: the output of ``ronr.orbit.level_members_monthly``.

    Returns
    -------
    DataFrame
        ``period component value score n small_sample scale``: value = members active in the
        month whose level is advocate or fan (Orbit 1–2) / members active in the month;
        score = value × 100; ``n`` = active members. Months without an active member are
        absent.
    """
    active = monthly_levels[monthly_levels["active"].astype(bool)]
    inner = active["level"].astype(object).isin(ADVOCATE_LEVELS).astype(float)
    grouped = inner.groupby(active["period"].to_numpy())
    value = grouped.mean()
    return _component("advocacy", pd.Series(value.index), value, value * 100, grouped.size())


def score_loyalty(returning: pd.DataFrame) -> pd.DataFrame:
    """The loyalty component: the share of the month's authors who were active before.

    Parameters
    ----------
    returning
        ``period authors returning_authors``: the output of
        ``ronr.growth.monthly_repeat_engagement`` (returning_authors is missing in the months
        it cannot judge, e.g. the first).

    Returns
    -------
    DataFrame
        ``period component value score n small_sample scale``: value = returning_authors /
        authors, score = value × 100, missing where not judged; ``n`` = authors.

    Raises
    ------
    ValueError
        More than one row for a month.
    """
    _one_per_month(returning, "loyalty")
    authors = returning["authors"].astype(float)
    value = returning["returning_authors"].astype(float) / authors.where(authors > 0)
    return _component("loyalty", returning["period"], value, value * 100, returning["authors"])


def score_conversation(
    monthly_levels: pd.DataFrame, *, cap: float = CONVERSATION_CAP
) -> pd.DataFrame:
    """The conversation component: activities per active member, up to a declared cap.

    Parameters
    ----------
    monthly_levels
        ``period activities active``: the output of ``ronr.orbit.level_members_monthly``
        (staff and bots already left out).
    cap
        Activities per active member that score 100 (default 4: about one a week).

    Returns
    -------
    DataFrame
        ``period component value score n small_sample scale``: value = the month's activities
        / members active in it (at least 1), score = (value − 1) / (cap − 1) × 100 clipped to
        0–100: 0 when every member spoke once, 100 from ``cap`` on. ``n`` = active members.

    Raises
    ------
    ValueError
        ``cap`` is not above 1.
    """
    if not cap > 1:
        raise ValueError(f"cap must be above 1 activity per member, not {cap!r}")
    active = monthly_levels[monthly_levels["active"].astype(bool)]
    grouped = active.groupby(active["period"].to_numpy())["activities"]
    value = grouped.sum() / grouped.size()
    score = ((value - 1) / (cap - 1)).clip(0, 1) * 100
    return _component("conversation", pd.Series(value.index), value, score, grouped.size())


def score_audience_fit(
    fit: pd.DataFrame, *, months: Iterable | None = None, timezone: str = "UTC"
) -> pd.DataFrame:
    """The audience-fit component: the audience snapshots' fit, carried forward by month.

    Parameters
    ----------
    fit
        ``as_of fit`` (fit 0..1, e.g. ``ronr.audience.audience_fit`` rows with their snapshot's
        ``as_of``), or ``period fit``. Several rows in a month are averaged.
    months
        Month starts to score (naive, local); each takes the last snapshot month at or before
        it, since an audience snapshot describes the audience until the next one (months
        before the first snapshot have no data). None: only the snapshot months.
    timezone
        The client's zone, to put an ``as_of`` in its month.

    Returns
    -------
    DataFrame
        ``period component value score n small_sample scale``: value = mean fit, score =
        value × 100; ``n`` = rows averaged.
    """
    known = fit[fit["fit"].notna()]
    if "period" in known:
        period = pd.to_datetime(known["period"])
    else:
        period = time_key(known["as_of"], "MS", timezone=timezone)
    grouped = known["fit"].astype(float).groupby(period.to_numpy())
    value, n = grouped.mean(), grouped.size()
    if months is not None:
        wanted = pd.DatetimeIndex(pd.to_datetime(list(months)))
        value = value.reindex(value.index.union(wanted)).ffill().reindex(wanted)
        n = n.reindex(n.index.union(wanted)).ffill().reindex(wanted)
    return _component("audience_fit", pd.Series(value.index), value, value * 100, n)


def combine_components(scored: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The components' scores side by side: the input of :func:`compute_ror_index`.

    Parameters
    ----------
    scored
        Outputs of the ``score_*`` functions.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (every month any component has), one 0–100 column per component
        in :data:`ronr.config.ROR_COMPONENTS` order; missing = no data that month.
    """
    frames = [t for t in scored if len(t)]
    if not frames:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot(index="period", columns="component", values="score")
    order = [c for c in ROR_COMPONENTS if c in wide] + [c for c in wide if c not in ROR_COMPONENTS]
    wide = wide[order].sort_index()
    wide.columns.name = None
    return wide


def _weights(components: pd.DataFrame, weights: Mapping[str, float] | None) -> pd.Series:
    """Raw weight per component column: equal by default, the client's otherwise."""
    if weights is None:
        return pd.Series(1.0, index=components.columns)
    unknown = sorted(set(weights) - set(components.columns))
    if unknown:
        raise ValueError(f"weights name no component column: {unknown}")
    bad = {k: v for k, v in weights.items() if not (v >= 0 and math.isfinite(v))}
    if bad:
        raise ValueError(f"weights must be finite and at least 0: {bad}")
    raw = pd.Series({c: float(weights.get(c, 0.0)) for c in components.columns}, dtype=float)
    if not raw.sum() > 0:
        raise ValueError("at least one weight must be above 0")
    return raw


def compute_ror_index(
    components: pd.DataFrame, *, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """The ROR index per month: the weighted mean of the components that have data.

    Parameters
    ----------
    components
        Indexed by month, one column per component with its 0–100 score (missing = no data),
        e.g. :func:`combine_components`.
    weights
        Weight per component (the client's ``ror_weights``); equal weights when None. A
        component the mapping leaves out weighs 0.

    Returns
    -------
    DataFrame
        On the index of ``components``: ``ror_index`` (0–100), ``components_used`` (how many
        components carried it), ``note`` (which components had no data and were dropped, the
        others' weights renormalised; empty when none), then per component ``weight_<c>`` (the
        share of the weight it had that month, 0 when it had no data; they sum to 1) and
        ``contribution_<c>`` (weight_<c> × score: the points it adds; they sum to the index).
        A month where no weighted component has data has a missing index, never 0.

    Raises
    ------
    ValueError
        A score outside 0–100; a weight naming no column, negative or not finite; all 0.
    """
    scores = components.astype(float)
    outside = (scores < 0) | (scores > 100)
    if outside.any().any():
        raise ValueError(
            f"component scores must be within 0–100: {list(scores.columns[outside.any()])}"
        )
    raw = _weights(scores, weights)
    present = scores.notna() & (raw > 0)
    used = present.mul(raw, axis=1)
    total = used.sum(axis=1)
    share = used.div(total.where(total > 0), axis=0).fillna(0.0)
    share[total == 0] = np.nan
    contribution = share * scores.fillna(0.0)
    contribution = contribution.where(present | share.isna(), 0.0)
    index = contribution.sum(axis=1, min_count=1).where(total > 0)
    table = pd.DataFrame(
        {"ror_index": index, "components_used": present.sum(axis=1).astype("int64")},
        index=scores.index,
    )
    weighted = raw.index[raw > 0]
    notes = []
    for month in scores.index:
        missing = [c for c in weighted if not present.loc[month, c]]
        if len(missing) == len(weighted):
            notes.append("no component has data")
        elif missing:
            notes.append(
                f"no data: {', '.join(missing)}; weights renormalised over "
                f"{len(weighted) - len(missing)} components"
            )
        else:
            notes.append("")
    table["note"] = notes
    for column in scores.columns:
        table[f"weight_{column}"] = share[column]
    for column in scores.columns:
        table[f"contribution_{column}"] = contribution[column].where(total > 0)
    return table


def compare_index_months(
    scores: pd.DataFrame, *, weights: Mapping[str, float] | None = None
) -> pd.DataFrame | None:
    """The index of two months on the components both have data for, so they compare.

    A month without one component's data has its index renormalised over the others; the
    change between two months on different components would be partly the change of basis.
    Here both months are scored on the components they share, with the same weights.

    Parameters
    ----------
    scores
        Two rows (the earlier month first), one column per component (0–100, missing = no
        data), e.g. two rows of :func:`combine_components`.
    weights
        The client's ``ror_weights`` (equal when None).

    Returns
    -------
    DataFrame or None
        :func:`compute_ror_index` of the two rows over the shared components (its
        ``contribution_<c>`` columns name only those); None when they share no weighted
        component.
    """
    if len(scores) != 2:
        raise ValueError(f"two months are compared, not {len(scores)}")
    shared = [c for c in scores.columns if scores[c].notna().all()]
    if weights is not None:
        shared = [c for c in shared if weights.get(c, 0) > 0]
    if not shared:
        return None
    kept = None if weights is None else {c: weights[c] for c in shared}
    return compute_ror_index(scores[shared], weights=kept)


def _spearman(a: pd.Series, b: pd.Series) -> float:
    both = pd.concat([a, b], axis=1).dropna()
    if len(both) < 2 or both.iloc[:, 0].nunique() < 2 or both.iloc[:, 1].nunique() < 2:
        return np.nan
    return float(both.iloc[:, 0].rank().corr(both.iloc[:, 1].rank()))


def ror_sensitivity(
    components: pd.DataFrame, *, weights: Mapping[str, float] | None = None, change: float = 0.5
) -> pd.DataFrame:
    """How much the index depends on the weights: each weight lowered and raised in turn.

    Parameters
    ----------
    components
        As for :func:`compute_ror_index`.
    weights
        The base weights (equal when None).
    change
        Relative change of one weight: × (1 − change) and × (1 + change).

    Returns
    -------
    DataFrame
        One row per component and direction (``down``, ``up``): ``component direction factor
        weight weight_share last_period last_index base_last_index last_change mean_index
        base_mean_index rank_correlation best_period base_best_period best_changed``.
        ``weight`` is the component's changed raw weight and ``weight_share`` its share of all
        weights; ``last_*`` the index of the last month with an index, with and without the
        change, and their difference (points); ``mean_*`` the mean over months;
        ``rank_correlation`` the Spearman correlation between the months' ranking with and
        without the change (missing with fewer than two months or a constant index);
        ``best_period`` the month with the highest index and ``best_changed`` whether it
        differs from the base's. A component with weight 0 stays 0 (rows kept, no change).

    Raises
    ------
    ValueError
        ``change`` is not in (0, 1); the base weights are invalid (see
        :func:`compute_ror_index`).
    """
    if not 0 < change < 1:
        raise ValueError(f"change must be between 0 and 1 (exclusive), not {change!r}")
    raw = _weights(components.astype(float), weights)
    base = compute_ror_index(components, weights=raw.to_dict())["ror_index"].dropna()
    rows = []
    for component in components.columns:
        for direction, factor in (("down", 1 - change), ("up", 1 + change)):
            changed = raw.copy()
            changed[component] *= factor
            index = compute_ror_index(components, weights=changed.to_dict())["ror_index"].dropna()
            rows.append(
                {
                    "component": component,
                    "direction": direction,
                    "factor": factor,
                    "weight": changed[component],
                    "weight_share": changed[component] / changed.sum(),
                    "last_period": index.index[-1] if len(index) else pd.NaT,
                    "last_index": index.iloc[-1] if len(index) else np.nan,
                    "base_last_index": base.iloc[-1] if len(base) else np.nan,
                    "mean_index": index.mean(),
                    "base_mean_index": base.mean(),
                    "rank_correlation": _spearman(base, index),
                    "best_period": index.idxmax() if len(index) else pd.NaT,
                    "base_best_period": base.idxmax() if len(base) else pd.NaT,
                }
            )
    table = pd.DataFrame(rows, columns=[c for c in SENSITIVITY_COLUMNS if c != "last_change"])
    table.insert(
        SENSITIVITY_COLUMNS.index("last_change"),
        "last_change",
        table["last_index"] - table["base_last_index"],
    )
    table["best_changed"] = table["best_period"] != table["base_best_period"]
    return table[SENSITIVITY_COLUMNS]


def value_ledger(
    counts: Mapping[str, float] | pd.Series,
    *,
    money_values: Mapping[str, float] | None,
    currency: str,
) -> pd.DataFrame:
    """What the relationship's actions are worth, only in the client's own money values.

    Parameters
    ----------
    counts
        Count per action (e.g. ``{"advocate": 12, "share": 340, "reach": 51000}``); a missing
        count is unknown, not 0.
    money_values
        The client's value of one action (``money_values`` in client.yaml). None or empty:
        nothing is converted.
    currency
        The values' currency (``currency`` in client.yaml).

    Returns
    -------
    DataFrame
        ``action count value_per_action value currency``, one row per action that has both a
        count and a money value, in the order of ``money_values``: value = count ×
        value_per_action, missing when the count is. ``attrs["total"]`` is the sum, missing
        when any count is; ``attrs["unvalued"]`` lists counted actions without a money value;
        ``attrs["note"]`` says what was (not) done. Without money values the table is empty:
        no value is ever assumed.
    """
    counts = pd.Series(counts, dtype=float)
    if not money_values:
        table = pd.DataFrame({c: pd.Series(dtype=object) for c in LEDGER_COLUMNS})
        table.attrs = {
            "total": np.nan,
            "unvalued": list(counts.index),
            "note": "no money values in the client's config: nothing converted",
        }
        return table
    valued = [a for a in money_values if a in counts.index]
    table = pd.DataFrame(
        {
            "action": valued,
            "count": counts.reindex(valued).to_numpy(dtype=float),
            "value_per_action": [float(money_values[a]) for a in valued],
        }
    )
    table["value"] = table["count"] * table["value_per_action"]
    table["currency"] = currency
    unvalued = [a for a in counts.index if a not in money_values]
    total = table["value"].sum() if table["value"].notna().all() else np.nan
    note = f"{len(valued)} action(s) valued at the client's own values, in {currency}"
    if unvalued:
        note += f"; no value given for: {', '.join(map(str, unvalued))}"
    table.attrs = {"total": float(total), "unvalued": unvalued, "note": note}
    return table[LEDGER_COLUMNS]


def _number(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def compare_periods(current, previous, *, rate: bool = False) -> dict[str, float | str | None]:
    """The change of a headline value against the previous period.

    Parameters
    ----------
    current, previous
        The values (numbers; None, NaN or pd.NA when unknown).
    rate
        The values are shares (0..1): the change is given in percentage points.

    Returns
    -------
    dict
        ``current previous change change_unit relative_change``: change = current − previous
        (× 100 and ``change_unit`` "pp" for a rate, else "units"); relative_change = change of
        the raw values / |previous|. Each is None when it cannot be known: a side unknown, or
        (relative) a previous value of 0.
    """
    now, before = _number(current), _number(previous)
    change = None if now is None or before is None else now - before
    relative = None if change is None or before == 0 else change / abs(before)
    if change is not None and rate:
        change *= 100
    return {
        "current": now,
        "previous": before,
        "change": change,
        "change_unit": "pp" if rate else "units",
        "relative_change": relative,
    }
