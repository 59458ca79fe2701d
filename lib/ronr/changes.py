"""What changed this period: the cover's short narrative, written from the numbers by rules.

No language model: each sentence is a template filled from a stage's table, so the same inputs
give the same words. Sentences, in order:

1. the headlines that moved most against the compared period (only with a comparison, and
   only moves beyond noise: a proportion whose change's 95% interval leaves out 0, a count off
   by 10% and 2 Poisson standard errors, any other headline by 10%);
2. the Return-on-Relationship index from the period's first month to its last, and the
   component that moved it most;
3. the negative incidents, the largest with its numbers;
4. the FAQ themes new or grown against the same length of time before the period;
5. the members who became advocates, and those who stopped being one.

Each rule is a function of the workspace returning its sentences (none when it has nothing to
say); :data:`CHANGE_RULES` lists them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import ror, sections
from .config import ROR_COMPONENTS
from .derive import needs_answer_of
from .formats import typographic_minus
from .metrics import METRICS
from .stats import difference_interval
from .store import Workspace
from .summary import COUNT_UNITS, PROPORTIONS, Headline, headline_numbers

MOVES_SHOWN = 3  # headline moves in the narrative, largest first
MIN_RELATIVE_MOVE = 0.10  # a headline moving less than this is no news
MIN_THEME_QUESTIONS = 10  # questions a theme needs in the period to be called new or grown
THEME_GROWTH = 3.0  # a theme grown at least this many times over counts as grown
NAMES_SHOWN = 5  # members named in a sentence; the rest are counted
THEMES_SHOWN = 3  # themes named in a sentence, most questions first; the rest are counted

COMPONENT_WORDS = {
    "advocacy": "advocacy",
    "loyalty": "loyalty",
    "conversation": "conversation",
    "responsiveness": "responsiveness",
    "sentiment": "sentiment",
    "audience_fit": "audience fit",
}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _poisson_z(now: float, before: float) -> float:
    return abs(now - before) / float(np.sqrt(now + before)) if now + before > 0 else 0.0


def _is_news(now: Headline, before: Headline) -> float | None:
    """How far a headline moved (|relative change|), or None when the move is within noise."""
    unit = METRICS[now.metric].unit
    change = ror.compare_periods(now.number, before.number)
    relative = change["relative_change"]
    if now.metric in PROPORTIONS:
        low, high = difference_interval(
            now.number * now.n, now.n, before.number * before.n, before.n
        )
        if not (low > 0 or high < 0):
            return None
        return abs(now.number - before.number) / max(abs(before.number), 1e-9)
    if relative is None or abs(relative) < MIN_RELATIVE_MOVE:
        return None
    if unit in COUNT_UNITS and _poisson_z(now.number, before.number) < 2:
        return None
    return abs(relative)


def headline_moves(ws: Workspace, *, previous: Workspace | None = None) -> list[str]:
    """The headlines that moved most against ``previous`` (none without a comparison)."""
    if previous is None:
        return []
    heads = headline_numbers(ws, previous=previous)
    before = {h.metric: h for h in headline_numbers(previous)}
    moved = []
    for head in heads:
        earlier = before.get(head.metric)
        if earlier is None or head.number is None or earlier.number is None:
            continue
        size = _is_news(head, earlier)
        if size is not None:
            moved.append((size, head))
    moved.sort(key=lambda pair: -pair[0])
    if not moved:
        return ["No headline moved beyond the usual variation against the earlier period."]
    return [f"{head.label}: {head.value}, {head.change}." for _, head in moved[:MOVES_SHOWN]]


def index_move(ws: Workspace) -> list[str]:
    """The ROR index from the period's first month with one to its last, and its main mover."""
    table = sections.ror_index(ws)
    known = table[table["ror_index"].notna()]
    if len(known) < 2:
        return []
    first, last = known.iloc[0], known.iloc[-1]
    delta = float(last["ror_index"] - first["ror_index"])
    when = f"{known.index[0]:%b %Y} to {known.index[-1]:%b %Y}"
    if round(delta) == 0:
        return [f"The Return-on-Relationship index held at {last['ror_index']:.0f} from {when}."]
    moves = {
        c: float(last[f"contribution_{c}"] - first[f"contribution_{c}"])
        for c in ROR_COMPONENTS
        if f"contribution_{c}" in known
    }
    main = max(moves, key=lambda c: (abs(moves[c]), c))
    text = (
        f"The Return-on-Relationship index went from {first['ror_index']:.0f} to "
        f"{last['ror_index']:.0f} ({delta:+.0f} points) from {when}; "
        f"{COMPONENT_WORDS[main]} moved it most ({moves[main]:+.0f} points)."
    )
    return [text]


def incident_summary(ws: Workspace) -> list[str]:
    """The period's negative incidents, the largest with its numbers."""
    found = sections.negative_incidents(ws)
    if found is None:
        return []
    if found.empty:
        if found.attrs.get("reason"):
            return []  # no day could be judged: the data limits say why
        return ["No negative incident: no day's negative mentions rose far above the usual."]
    worst = found.iloc[0]
    span = (
        f"on {worst['start']:%d %b %Y}"
        if worst["days"] == 1
        else f"from {worst['start']:%d %b} to {worst['end']:%d %b %Y}"
    )
    return [
        f"{_plural(len(found), 'negative incident', 'negative incidents')}; the largest, {span}, "
        f"brought {int(worst['negative']):,} negative mentions, {int(worst['peak_negative']):,} "
        f"on its worst day against a usual {worst['baseline']:.1f}."
    ]


def _questions_by_theme(ws: Workspace, mentions: pd.DataFrame) -> pd.Series:
    model, _ = sections.faq_themes(ws)
    asked = mentions[needs_answer_of(mentions, brand=ws.brand)]
    if asked.empty:
        return pd.Series(dtype="int64")
    return model.assign(asked["text"]).map(model.label).value_counts()


def new_themes(ws: Workspace) -> list[str]:
    """FAQ themes new or grown against the same length of time just before the period.

    A theme is new with at least :data:`MIN_THEME_QUESTIONS` questions in the period and none
    before; grown with :data:`THEME_GROWTH` times as many and a difference of at least 3 Poisson
    standard errors. Without exports covering the time before, it cannot be told (said once).
    """
    if not len(ws.mentions):
        return []
    earlier = ws.period.previous()
    since = earlier.start
    first_exported = ws.spans.get("mentions", (ws.start,))[0]
    if first_exported > since:
        return [
            "Which questions are new cannot be told: the exports do not reach back a period "
            "before this one."
        ]
    _, faq = sections.faq_themes(ws)
    if faq.empty:
        return []
    history = ws.mentions_before
    local = history["created_at"].dt.tz_convert(ws.timezone).dt.tz_localize(None).dt.normalize()
    window = history[(local >= since.tz_localize(None).normalize()).to_numpy()]
    now = _questions_by_theme(ws, ws.mentions)
    before = _questions_by_theme(ws, window).reindex(now.index, fill_value=0)
    found: list[str] = []
    for theme, count in now.items():
        if theme is None or pd.isna(theme) or count < MIN_THEME_QUESTIONS:
            continue
        asked = int(before.get(theme, 0))
        if asked == 0:
            found.append(f"questions about {theme} ({count:,}, none before)")
        elif count >= THEME_GROWTH * asked and _poisson_z(count, asked) >= 3:
            found.append(f"questions about {theme} ({count:,} against {asked:,} before)")
    if not found:
        return ["No question theme is new or grew sharply against the same time before."]
    more = len(found) - THEMES_SHOWN
    tail = f"; and {_plural(more, 'more theme', 'more themes')}" if more > 0 else ""
    return ["New or sharply grown: " + "; ".join(found[:THEMES_SHOWN]) + tail + "."]


def _names(authors: list[str]) -> str:
    shown = ", ".join(authors[:NAMES_SHOWN])
    more = len(authors) - NAMES_SHOWN
    return shown + (f" and {more:,} more" if more > 0 else "")


def advocate_moves(ws: Workspace) -> list[str]:
    """Members who became advocates over the period, and advocates who fell back."""
    if not len(ws.mentions):
        return []
    history = sections.member_levels_history(ws)
    months = sections.period_months(ws)
    if history.empty:
        return []
    level = history.set_index(["author", "period"])["level"].astype(object)
    at_end = level.xs(months[-1], level="period") if months[-1] in set(history["period"]) else None
    if at_end is None:
        return []
    before_month = months[0] - pd.offsets.MonthBegin(1)
    starts = set(history["period"])
    at_start = level.xs(before_month, level="period") if before_month in starts else pd.Series()
    now = set(at_end.index[at_end == "advocate"])
    was = set(at_start.index[at_start == "advocate"])
    became, left = sorted(now - was), sorted(was - now)
    if not became and not left:
        if not now:
            return []
        return [f"The {_plural(len(now), 'advocate', 'advocates')} stayed the same."]
    parts = []
    if became:
        verb = "became an advocate" if len(became) == 1 else "became advocates"
        parts.append(f"{_plural(len(became), 'member', 'members')} {verb}: {_names(became)}")
    if left:
        verb = "is no longer an advocate" if len(left) == 1 else "are no longer advocates"
        parts.append(f"{_plural(len(left), 'member', 'members')} {verb}: {_names(left)}")
    return ["; ".join(parts) + "."]


ChangeRule = Callable[..., list[str]]
CHANGE_RULES: tuple[ChangeRule, ...] = (
    headline_moves,
    index_move,
    incident_summary,
    new_themes,
    advocate_moves,
)


def what_changed(ws: Workspace, *, previous: Workspace | None = None) -> list[str]:
    """The cover's narrative: the sentences of every rule of :data:`CHANGE_RULES`, in order.

    Parameters
    ----------
    ws
        The report's workspace.
    previous
        The compared workspace (:func:`ronr.store.load_comparison`), or None: the headline
        moves need it; the other sentences read the period and the history before it.

    Returns
    -------
    list of str
        Plain sentences in client words (untrusted names inside: escape when rendering).
    """
    sentences = headline_moves(ws, previous=previous)
    for rule in CHANGE_RULES[1:]:
        sentences.extend(rule(ws))
    return [typographic_minus(sentence) for sentence in sentences]
