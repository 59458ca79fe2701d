"""What changed this period: the cover's short narrative, written from the numbers by rules.

No language model: each sentence is a template filled from a stage's table, so the same inputs
give the same words. Sentences, in order:

1. the headlines that moved most against the compared period (only with a comparison, and
   only moves a test tells from noise, Bonferroni over the headlines: a proportion whose
   change's interval leaves out 0, a ratio over posts whose bootstrap interval does, a count
   off by 10% and its Poisson test);
2. the Return-on-Relationship index from the period's first month to its last, compared on
   the components both months have, and the component that moved it most;
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
from scipy.stats import norm

from . import ror, sections
from .derive import needs_answer_of
from .formats import typographic_minus
from .metrics import METRICS
from .stats import SMALL_SAMPLE, difference_interval, ratio_difference_interval
from .store import Workspace
from .summary import COUNT_UNITS, MIN_COMPONENTS, PROPORTIONS, Headline, headline_numbers

MOVES_SHOWN = 3  # headline moves in the narrative, largest first
MIN_RELATIVE_MOVE = 0.10  # a headline moving less than this is no news
MIN_THEME_QUESTIONS = 10  # questions a theme needs in the period to be called new or grown
THEME_GROWTH = 3.0  # a theme grown at least this many times over counts as grown
NAMES_SHOWN = 5  # members named in a sentence; the rest are counted
THEMES_SHOWN = 3  # subjects named in a sentence, most mentions first
MIN_SHARED_WORD = 4  # letters a label word needs to join two themes into one subject
MIN_INDEX_MOVE = 5  # index points: less is within the month-to-month noise of the null demos
MIN_SHARE_MOVE = 0.02  # a share moving less than 2 points is no news, however large the n
MIN_NET_SENTIMENT_MOVE = 0.1  # net sentiment (−1..1) moving less than this is no news

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


def _proportion_news(now: Headline, before: Headline, *, share_of, z: float) -> bool:
    """Whether two proportions differ: Newcombe's interval of the difference (at ``z``) leaves
    out 0."""
    p1, p0 = share_of(now.number), share_of(before.number)
    low, high = difference_interval(p1 * now.n, now.n, p0 * before.n, before.n, z=z)
    return bool(low > 0 or high < 0)


def _is_news(
    now: Headline, before: Headline, *, exposure: float = 1.0, z: float = 1.96
) -> float | None:
    """How far a headline moved (|relative change|), or None when the move is within noise.

    Only moves a test can tell from noise are news, tested at ``z`` (the caller widens it
    for the number of headlines tested): a proportion (share of voice, response rate, and net
    sentiment as 2p − 1) whose change's interval leaves out 0 and that moved at least
    :data:`MIN_SHARE_MOVE` (net sentiment :data:`MIN_NET_SENTIMENT_MOVE`), a count off by
    :data:`MIN_RELATIVE_MOVE` and ``z`` Poisson standard errors, per day; a ratio over posts
    (comments, shares or likes per post, engagement rate) moved by :data:`MIN_RELATIVE_MOVE`
    whose bootstrap interval at ``z`` leaves out 0 (``exposure`` = the
    days of ``now``'s period over those of ``before``'s: a 31-day month against a 28-day one
    is not a rise). Other headlines (hours, growth, audience fit) have no test here and are
    never called moved; both sides need ``SMALL_SAMPLE`` observations.
    """
    if min(now.n, before.n) < SMALL_SAMPLE:
        return None
    unit = METRICS[now.metric].unit
    relative = ror.compare_periods(now.number, before.number)["relative_change"]
    size = abs(relative) if relative is not None else abs(now.number - before.number)
    if now.sample and before.sample:  # a ratio over posts or authors: its bootstrap interval at z
        level = 1 - 2 * float(norm.sf(z))
        _, low, high = ratio_difference_interval(
            now.sample, before.sample, confidence=level, n_boot=4000
        )
        small = (
            abs(now.number - before.number) < MIN_SHARE_MOVE
            if now.metric in PROPORTIONS
            else relative is None or abs(relative) < MIN_RELATIVE_MOVE
        )
        if small:
            return None
        return size if (low > 0 or high < 0) else None
    if now.metric in PROPORTIONS:
        if abs(now.number - before.number) < MIN_SHARE_MOVE:
            return None
        return size if _proportion_news(now, before, share_of=lambda v: v, z=z) else None
    if now.metric == "net_sentiment":
        if abs(now.number - before.number) < MIN_NET_SENTIMENT_MOVE:
            return None
        moved = _proportion_news(now, before, share_of=lambda v: (v + 1) / 2, z=z)
        return abs(now.number - before.number) if moved else None
    if unit in COUNT_UNITS:
        if not before.number > 0:
            return None
        daily = now.number / exposure / before.number - 1
        # two Poisson counts over exposures t and 1: z of their rates' difference
        rates = (now.number / exposure, before.number)
        gap = abs(rates[0] - rates[1]) / float(np.sqrt(now.number / exposure**2 + before.number))
        return abs(daily) if abs(daily) >= MIN_RELATIVE_MOVE and gap >= z else None
    return None


def headline_moves(ws: Workspace, *, previous: Workspace | None = None) -> list[str]:
    """The headlines that moved beyond noise against ``previous`` (none without a comparison).

    The ROR index is left out: its card shows its change, and :func:`index_move` its course.
    """
    if previous is None:
        return []
    days = (ws.end - ws.start).days + 1
    earlier_days = (previous.end - previous.start).days + 1
    return describe_moves(
        headline_numbers(ws, previous=previous),
        headline_numbers(previous),
        exposure=days / earlier_days,
    )


def describe_moves(
    heads: list[Headline], earlier: list[Headline], *, exposure: float = 1.0
) -> list[str]:
    """Sentences for the headlines of ``heads`` (with their ``change``) that moved beyond noise
    against the same metrics in ``earlier``, the largest relative moves first (at most
    :data:`MOVES_SHOWN`); one sentence saying so when none did. ``exposure`` is the length of
    ``heads``' period over ``earlier``'s: counts are compared per day."""
    before = {h.metric: h for h in earlier}
    pairs = [
        (head, before[head.metric])
        for head in heads
        if head.metric != "ror_index"
        and head.metric in before
        and head.number is not None
        and before[head.metric].number is not None
    ]
    # every headline is a test: Bonferroni over them keeps a quiet period quiet (95% overall)
    z = float(norm.ppf(1 - 0.05 / (2 * max(len(pairs), 1))))
    moved = []
    for head, then in pairs:
        size = _is_news(head, then, exposure=exposure, z=z)
        if size is not None:
            moved.append((size, head, then))
    moved.sort(key=lambda item: -item[0])
    if not moved:
        return ["No headline moved beyond the usual variation against the earlier period."]
    sentences = []
    for _, head, then in moved[:MOVES_SHOWN]:
        verb = "rose" if head.number > then.number else "fell"
        change = head.change.split(" against ")[0].replace(" (", ", ").rstrip(")")
        if exposure != 1 and METRICS[head.metric].unit in COUNT_UNITS:
            change += f"; {head.number / exposure / then.number - 1:+.0%} a day"
        sentences.append(f"{head.label} {verb} from {then.value} to {head.value} ({change}).")
    return sentences


def index_move(ws: Workspace) -> list[str]:
    """The ROR index from the period's first month on the cover's terms to its last, compared
    on the components both months have, and the component that moved it most."""
    table = sections.ror_index(ws)
    known = table[(table["components_used"] >= MIN_COMPONENTS) & table["ror_index"].notna()]
    if len(known) < 2:
        return []
    first, last = known.index[0], known.index[-1]
    parts = sections.ror_components(ws)
    members = parts[parts["component"] == "advocacy"].set_index("period")["n"]
    if min(members.get(first, 0), members.get(last, 0)) < SMALL_SAMPLE:
        return []  # too few members in a month to tell its index from chance
    scores = sections.ror_scores(ws).loc[[first, last]]
    compared = ror.compare_index_months(scores, weights=ws.config.ror_weights)
    if compared is None:
        return []
    before, after = (round(float(v)) for v in compared["ror_index"])
    shared = [c.removeprefix("contribution_") for c in compared if c.startswith("contribution_")]
    basis = (
        ""
        if len(shared) == int(known.loc[last, "components_used"])
        else f", compared on the {len(shared)} components both months have"
    )
    when = f"from {first:%b %Y} to {last:%b %Y}"
    if abs(after - before) < MIN_INDEX_MOVE:
        return [
            f"Within the period, the Return-on-Relationship index held steady {when} "
            f"({before} and {after}{basis})."
        ]
    moves = {
        c: float(compared[f"contribution_{c}"].iloc[1] - compared[f"contribution_{c}"].iloc[0])
        for c in shared
    }
    main = max(moves, key=lambda c: (abs(moves[c]), c))
    return [
        f"Within the period, the Return-on-Relationship index went from {before} to {after} "
        f"({_points(after - before)}) {when}{basis}; {COMPONENT_WORDS[main]} moved it most "
        f"({_points(round(moves[main]))})."
    ]


def _points(value: int) -> str:
    return f"{value:+d} point" + ("" if abs(value) == 1 else "s")


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
    numbers = (
        f"{int(worst['negative']):,} negative mentions, {int(worst['peak_negative']):,} on its "
        f"worst day against a usual {worst['baseline']:.1f}"
    )
    if len(found) == 1:
        return [f"One negative incident, {span}: {numbers}."]
    return [f"{len(found):,} negative incidents; the largest, {span}, brought {numbers}."]


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
    grown: list[tuple[str, int, int]] = []
    for theme, count in now.items():
        if theme is None or pd.isna(theme) or count < MIN_THEME_QUESTIONS:
            continue
        asked = int(before.get(theme, 0))
        if asked == 0 or (count >= THEME_GROWTH * asked and _poisson_z(count, asked) >= 3):
            grown.append((str(theme), int(count), asked))
    if not grown:
        return [
            "No subject of the mentions needing an answer is new or grew sharply against the "
            "same time before."
        ]
    found = []
    for group in group_related(grown)[:THEMES_SHOWN]:
        label, count, asked = group[0][0], sum(g[1] for g in group), sum(g[2] for g in group)
        related = f" and {_plural(len(group) - 1, 'related theme', 'related themes')}"
        before_text = "none before" if asked == 0 else f"against {asked:,} before"
        found.append(
            f"{label}{related if len(group) > 1 else ''} ({count:,} mentions, {before_text})"
        )
    return ["New or sharply grown among the mentions needing an answer: " + "; ".join(found) + "."]


def _label_words(label: str) -> set[str]:
    return {w for w in label.replace("·", " ").split() if len(w) >= MIN_SHARED_WORD}


def group_related(grown: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """Themes grouped with the earlier (larger) theme they share a label word with: one
    subject split over several themes is one finding."""
    groups: list[list[tuple[str, int, int]]] = []
    for theme in grown:
        words = _label_words(theme[0])
        home = next((g for g in groups if words & _label_words(g[0][0])), None)
        if home is None:
            groups.append([theme])
        else:
            home.append(theme)
    return groups


def _names(authors: list[str]) -> str:
    shown = ", ".join(authors[:NAMES_SHOWN])
    more = len(authors) - NAMES_SHOWN
    return shown + (f" and {more:,} more" if more > 0 else "")


def advocate_moves(ws: Workspace) -> list[str]:
    """Members who became advocates over the period, and advocates who fell back.

    Only changes that last count: an advocate now has been one in the period's last two
    months, and one who fell back has not been one in either (a member hovering at the
    threshold is neither). "Before" is the month before the period (unknown history: none).
    """
    if not len(ws.mentions):
        return []
    history = sections.member_levels_history(ws)
    months = sections.period_months(ws)
    if history.empty or len(months) < 2:
        return []
    level = history.set_index(["author", "period"])["level"].astype(object)
    known = set(history["period"])

    def at(month: pd.Timestamp) -> pd.Series:
        return level.xs(month, level="period") if month in known else pd.Series(dtype=object)

    last, before_last = at(months[-1]), at(months[-2])
    before = at(months[0] - pd.offsets.MonthBegin(1))
    advocate_last = set(last.index[last == "advocate"])
    advocate_before_last = set(before_last.index[before_last == "advocate"])
    was = set(before.index[before == "advocate"])
    became = sorted((advocate_last & advocate_before_last) - was)
    left = sorted(was - advocate_last - advocate_before_last)
    if not became and not left:
        if not advocate_last or not advocate_last == advocate_before_last == was:
            return []  # nothing changed for good, or nothing yet that lasted
        return [f"The {_plural(len(advocate_last), 'advocate', 'advocates')} stayed the same."]
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
    if not len(ws.mentions):
        sentences.append(
            "These exports hold no mentions: what people say, and how it changed, cannot be told."
        )
    return [typographic_minus(sentence) for sentence in sentences]
