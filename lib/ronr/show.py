"""Display helpers for notebooks: figures that survive HTML export, escaped tables and notes.

Text from social media is untrusted, so everything shown here is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML, display

from .formats import MINUS, column_format, metric_format, typographic_minus
from .metrics import get_metric
from .plots import has_points, plotly_config
from .stats import SMALL_SAMPLE
from .store import describe_absence

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_bundle(fig: go.Figure) -> dict:
    """Both representations of a figure: plotly JSON for JupyterLab, an HTML div for nbconvert.

    Both carry the one report config (:func:`ronr.plots.plotly_config`: no share or cloud
    link, a small toolbar on hover). The HTML leaves plotly.js out; the report template puts
    it in the page once. The div id is derived from the figure
    (:func:`ronr.chart_ids.chart_div_id`), so two renders of the same inputs are identical.
    """
    from .chart_ids import chart_div_id

    config = plotly_config(fig)
    figure_json = fig.to_json()
    # the div id comes from the figure (not a random uuid): the same inputs, the same page
    div_id = chart_div_id(figure_json, json.dumps(config, sort_keys=True))
    # plain JSON types: the kernel cannot send numpy; JupyterLab reads "config" beside the figure
    return {
        PLOTLY_MIME: {**json.loads(figure_json), "config": config},
        # a copy: plotly.py edits the config it is given (it drops plotlyServerURL)
        "text/html": fig.to_html(
            full_html=False, include_plotlyjs=False, config=dict(config), div_id=div_id
        ),
    }


@dataclass(frozen=True)
class Note:
    """A short note of a report block (``kind``: info, warning, missing, limit or context).

    ``missing`` says a part cannot be shown for want of data (a section showing only such
    notes is collapsed in the report); ``limit`` states what the data cannot show (the cover).
    """

    text: str
    kind: str = "info"


@dataclass(frozen=True)
class Table:
    """A table of a report block, shown by :func:`show_table`."""

    data: pd.DataFrame
    formats: Mapping[str, str] | None = None
    empty: str = "No rows."
    max_rows: int = 50


@dataclass(frozen=True)
class Definitions:
    """The metric definitions of the appendix (rows of :func:`ronr.metrics.metrics_table`)."""

    metrics: pd.DataFrame


@dataclass(frozen=True)
class Chart:
    """A figure of a report block, shown by :func:`show_figure` (None: nothing to draw)."""

    figure: go.Figure | None
    empty: str = "Nothing to draw for this period."


def show_blocks(blocks) -> None:
    """Display what a report block returned: notes, tables and charts, in order."""
    for block in blocks:
        if isinstance(block, Note):
            show_note(block.text, kind=block.kind)
        elif isinstance(block, Table):
            show_table(
                block.data, formats=block.formats, empty=block.empty, max_rows=block.max_rows
            )
        elif isinstance(block, Chart):
            show_figure(block.figure, empty=block.empty)
        elif isinstance(block, Definitions):
            show_definitions(block.metrics)
        else:
            raise TypeError(f"not a report block: {block!r}")


def show_figure(fig: go.Figure | None, *, empty: str = "Nothing to draw for this period.") -> None:
    """Display ``fig`` so it is interactive both in JupyterLab and in the exported report.

    None (what a :mod:`ronr.plots` builder returns for a table with nothing to draw) or a
    figure with no point to draw is replaced by the ``empty`` note: an empty chart with
    made-up axes says nothing a reader can use.
    """
    if not has_points(fig):
        show_note(empty)
        return
    display(figure_bundle(fig), raw=True)


_LABELS = {
    "n": "n",
    "ci_low": "95% low",
    "ci_high": "95% high",
    "median_business_hours": "Median, business hours",
    "p90_business_hours": "90th percentile, business hours",
    "median_hours": "Median, clock hours",
    "p90_hours": "90th percentile, clock hours",
    "within_target": "Within target (business hours)",
    "mix_match": "Match with the target mix",
    "mentions_fractional": "Mentions, split between the brands named",
    "share_of_voice_low": "Share of voice, 95% low",
    "share_of_voice_high": "Share of voice, 95% high",
    "net_sentiment_low": "Net sentiment, 95% low",
    "net_sentiment_high": "Net sentiment, 95% high",
    "authors_all_brands": "Authors (all brands)",
    "authors": "Authors",
    "min_mentions": "Minimum mentions",
    "basis_total": "Reach or impressions (total)",
    "has_hashtags": "Hashtags",
    "post_type": "Post type",
    "unknown_need": "Need unknown (unscored language)",
    "unknown_answered": "Of those, answered",
    "mean_index": "Engagement index",
    "effect": "Effect against the other posts",
    "effect_low": "Effect 95% low",
    "effect_high": "Effect 95% high",
    "n_compared": "Posts compared",
    "published_weekday": "Weekday",
    "published_hour": "Hour",
    "target_mix_followers_rounded": "Followers matching the target mix",
    "mean_compound": "Mean sentiment score (−1 to 1)",
    "scored": "Share with a sentiment score",
    "weighted": "Audience-weighted mentions",
    "share_of_voice_weighted": "Share of voice, audience-weighted",
    "engaged": "Engagement-weighted mentions",
    "share_of_voice_engagement": "Share of voice, engagement-weighted",
    "small_sample": "Note",
    "competitors_net_sentiment": "Competitors together",
    "net_sentiment_gap": "Difference",
    "competitor_praised_client_not": "A competitor praised, the client not",
    # the relationship: members, levels and the ROR index
    "level": "Level",
    "share_of_members": "Share of members",
    "love": "Love (weighted activity)",
    "advocate": "Advocates",
    "fan": "Fans",
    "participant": "Participants",
    "observer": "Observers",
    "returned": "Came back",
    "moved_up": "Moved up",
    "held": "Held their level",
    "moved_down": "Moved down",
    "left": "Left the orbit",
    "weighted_commitment": "Weighted commitment",
    "gravity": "Gravity",
    "cohort": "Month of first mention",
    "thread_replies": "Replies in threads",
    "answered_mentions": "Mentions the brand answered",
    "answered_share": "Share answered",
    "brand_replies": "Brand replies to them",
    "first_seen": "First seen",
    "last_seen": "Last seen",
    "active_months": "Active months",
    "recency_days": "Days since last seen",
    "tenure_days": "Days from first to last seen",
    "response_rate_low": "Response rate, 95% low",
    "response_rate_high": "Response rate, 95% high",
    "ror_index": "ROR index (0–100)",
    "components_used": "Components with data",
    "ror_advocacy": "Advocacy",
    "ror_loyalty": "Loyalty",
    "ror_conversation": "Conversation",
    "ror_responsiveness": "Responsiveness",
    "ror_sentiment": "Sentiment",
    "ror_audience_fit": "Audience fit",
    "how_scored": "How it is scored (0–100)",
    "weight_share": "Weight",
    "latest_score": "Latest month",
    "months_with_data": "Months with data",
    "weight_change": "Weight changed by",
    "last_index": "Index, latest month",
    "last_change": "Change (points)",
    "mean_ror_index": "Mean index over the months",
    "rank_correlation": "Rank correlation with the base (months)",
    "best_changed": "Best month changes",
    # stage 5: what resonates, best time to post, each incident explained
    "median_lift": "Lift against the channel's typical post",
    "lift_low": "Lift, 95% low",
    "lift_high": "Lift, 95% high",
    "verdict": "Verdict",
    "n_before": "Posts, 28 days before",
    "lift_before": "Lift, 28 days before",
    "n_latest": "Posts, latest 28 days",
    "lift_latest": "Lift, latest 28 days",
    "lift_change": "Change in lift (points)",
    "lift_change_low": "Change, 95% low",
    "lift_change_high": "Change, 95% high",
    "began_at": "Began (first negative mention about it)",
    "first_reply_at": "First brand reply",
    "first_reply_business_hours": "First reply after (business hours)",
    "during": "Incident mentions",
    "share_during": "Share during",
    "share_before": "Share in the 28 days before",
    "excess": "Mentions beyond the usual share",
    "why": "Shown as",
    "flagged_at": "Flagged by an hourly check at",
    "hours_to_flag": "Hours after it began",
    "negative_at_flag": "Negative mentions by then",
}
LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# keys that join tables, never a reader's business
HIDDEN_COLUMNS = ("theme_id",)


def _label(column) -> str:
    """A readable column header: 'share_of_voice' → 'Share of voice'."""
    text = str(column)
    if text in _LABELS:
        return _LABELS[text]
    if "_" not in text and text[:1].isupper():  # a name (a brand's column): as written
        return text
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]


def _is_missing(value) -> bool:
    if value is None or isinstance(value, str | bool | list | tuple | dict):
        return value is None
    return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False


LONG_WORD = re.compile(r"\S{24,}")  # shorter words fit a printed column whole
LONG_PIECE = 20  # characters between break points beyond which a piece is cut
BREAK_AFTER = re.compile(r"([_/.@?&=-])(?=\S)")


def _breakable(text: str) -> str:
    """``text`` escaped, with a line-break opportunity (``<wbr>``) inside each long word.

    A URL, handle or identifier may then wrap at its ``_ / . @ ? & = -`` (and a piece of more
    than 20 characters without them, every 12), so a wide table fits the printed page, while ordinary words
    never break: the cells wrap with ``overflow-wrap: break-word``, not ``anywhere``, which
    would let the browser squeeze every column and split words anywhere. ``<wbr>`` is not
    copied with the text, so a copied URL still works.
    """

    def soften(match: re.Match) -> str:
        word = BREAK_AFTER.sub(r"\1\0", match[0])
        parts = [  # only a piece still too long for a column is cut every 12 characters
            "\0".join(piece[i : i + 12] for i in range(0, len(piece), 12))
            if len(piece) > LONG_PIECE
            else piece
            for piece in word.split("\0")
        ]
        return "<wbr>".join(html.escape(part, quote=False) for part in "\0".join(parts).split("\0"))

    pieces = []
    last = 0
    for match in LONG_WORD.finditer(text):
        pieces.append(html.escape(text[last : match.start()], quote=False))
        pieces.append(soften(match))
        last = match.end()
    pieces.append(html.escape(text[last:], quote=False))
    return "".join(pieces)


def _one_line(text: str) -> str:
    """A cell's line breaks as spaces: to_html would write them as a literal backslash-n."""
    return LINE_BREAKS.sub(" ", text)


def _apply(spec, value) -> str:
    """``value`` written with ``spec`` (a format string or a callable).

    A number is written with the typographic minus, and a share too small for its format as
    ``<0.1%`` rather than ``0.0%``, which would read as none at all.
    """
    if callable(spec):
        return spec(value)
    text = spec.format(value)
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return text
    if text.endswith("%") and value and not re.search(r"[1-9]", text):
        smallest = re.sub(r"0(%)$", r"1\1", text.lstrip("+-"))  # 0.0% → 0.1%
        text = ("<" if value > 0 else ">" + MINUS) + smallest
    return typographic_minus(text)


def _default_format(column: pd.Series):
    """Thousands separators for counts, dates as ``12 Jun 2025`` and times with their zone
    (``12 Jun 2025 09:40 BST``), yes/no for flags, joined lists."""
    if column.map(lambda v: isinstance(v, list | tuple)).any():
        return join_texts
    if pd.api.types.is_bool_dtype(column):
        return lambda v: "yes" if v else "no"
    if pd.api.types.is_integer_dtype(column):
        return "{:,}"
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(column):
        stamps = column.dropna()
        if len(stamps) and (stamps == stamps.dt.normalize()).all():
            return lambda v: f"{v:%d %b %Y}"
        # the zone's own abbreviation (UTC, GMT, BST, CET): a time the client reads as theirs
        return lambda v: f"{v:%d %b %Y %H:%M}" + (f" {v:%Z}" if v.tzinfo else "")
    return None


def format_table(
    data: pd.DataFrame, *, formats: Mapping[str, str] | None = None, max_rows: int = 50
) -> str:
    """An escaped HTML table of ``data``.

    Parameters
    ----------
    data
        The table; every cell is escaped, so untrusted text is safe.
    formats
        Optional ``{column: format spec}`` for columns :mod:`ronr.formats` does not know
        (e.g. one per brand); a known column is written in its metric's format.
    max_rows
        Rows shown at most; a note says how many were left out.
    """
    shown = data.head(max_rows).drop(columns=list(HIDDEN_COLUMNS), errors="ignore")
    if "small_sample" in shown and not shown["small_sample"].fillna(False).astype(bool).any():
        shown = shown.drop(columns="small_sample")  # a note column with no note in it
    measure = data.attrs.get("measure")
    specs = {
        col: column_format(str(col), measure=measure) or _default_format(shown[col])
        for col in shown.columns
    }
    specs.update({col: spec for col, spec in (formats or {}).items() if col in shown.columns})
    # format and escape every cell here: to_html's formatters and na_rep skip pd.NA in
    # extension arrays, and its escaping would also escape the <wbr> break points
    labels = [_breakable(_label(col)) for col in shown.columns]
    cells = pd.DataFrame(
        {
            label: [
                "–" if _is_missing(v) else _breakable(_one_line(_apply(specs[col] or str, v)))
                for v in shown[col]
            ]
            for label, col in zip(labels, shown.columns, strict=True)
        },
        columns=labels,
    )
    table = cells.to_html(index=False, escape=False, classes="ronr-table", border=0)
    if len(data) > max_rows:
        table += f"<p class='ronr-note'>{len(data) - max_rows:,} more rows not shown.</p>"
    return table


def show_table(
    data: pd.DataFrame,
    *,
    formats: Mapping[str, str] | None = None,
    max_rows: int = 50,
    empty: str = "No rows.",
) -> None:
    """Display an escaped table (see :func:`format_table`), or a note when it has no rows.

    A stage function that could not compute its table for want of input says why in
    ``data.attrs["reason"]``; that reason is shown as a missing-data note, else ``empty``.
    """
    if data.empty:
        reason = data.attrs.get("reason")
        show_note(reason or empty, kind="missing" if reason else "info")
        return
    display(HTML(format_table(data, formats=formats, max_rows=max_rows)))


def show_note(text: str, *, kind: str = "info") -> None:
    """Display a short escaped note; ``kind`` is info, warning, missing, limit or context."""
    display(HTML(f"<div class='ronr-note ronr-{html.escape(kind)}'>{html.escape(text)}</div>"))


def metric_formats(columns, *, metric: str) -> dict[str, str]:
    """``{column: format}`` for columns that all report ``metric`` (e.g. one per brand)."""
    spec = metric_format(metric)
    return {column: spec for column in columns}


def join_texts(texts) -> str:
    """Example texts in one cell, separated by ' ¦ ' (escaped with the rest of the table)."""
    return " ¦ ".join(str(t) for t in texts) if isinstance(texts, list | tuple) else str(texts)


def _own_and_rivals(table, brand: str, noun: str) -> str:
    """``'732 posts of Northbean, 1,368 of competitors'`` (competitors only when there are)."""
    own = int((table["brand"] == brand).sum())
    rivals = len(table) - own
    text = f"{own:,} {noun}{'' if own == 1 else 's'} of {brand}"
    return text + (f", {rivals:,} of competitors" if rivals else "")


def context_note(ws) -> Note:
    """One line naming the client, period and data behind the section: the client's own
    posts and mentions apart from the competitors' (a mention naming both counts for each)."""
    return Note(
        f"{ws.config.display_name} · {ws.period_label} · "
        f"{_own_and_rivals(ws.posts, ws.brand, 'post')} · "
        f"{_own_and_rivals(ws.mentions, ws.brand, 'mention')} · "
        f"{len(ws.responses):,} repl{'y' if len(ws.responses) == 1 else 'ies'} of {ws.brand}",
        kind="context",
    )


def show_context(ws) -> None:
    """One line naming the client, period and data behind the section."""
    show_blocks([context_note(ws)])


ROW_NOUNS = {"posts": "post", "mentions": "mention", "responses": "reply", "followers": "follower"}


def coverage_notes(ws, table: str) -> list[Note]:
    """A note naming the days of the period that the exports of ``table`` cover (none if none)."""
    span = ws.covered_span(table)
    if span is None:
        return []
    first, last = span
    whole = first <= ws.start and last >= ws.end
    return [
        Note(
            f"The {ROW_NOUNS.get(table, table)} exports cover {first:%d %b %Y} – {last:%d %b %Y}"
            + (" (the whole period)." if whole else "; days outside it are unknown, not zero.")
        )
    ]


def missing_notes(ws, table: str, *, needed_for: str, export_hint: str) -> list[Note]:
    """No note if ``ws`` has rows in ``table``; else one saying what is missing and why.

    Why: its rows lie outside the period, or were all rejected (:func:`ronr.store.describe_absence`),
    else no export supplied them (``export_hint``).
    """
    if len(getattr(ws, table)):
        return []
    why = describe_absence(ws, table) or export_hint
    return [
        Note(
            f"No {table} data for this period, so {needed_for} cannot be shown. {why}",
            kind="missing",
        )
    ]


def show_definitions(metrics: pd.DataFrame) -> None:
    """Display metric definitions, each the target of the links to ``#metric-<key>``.

    ``metrics`` has the columns of :func:`ronr.metrics.metrics_table`; every value is escaped
    (``templates/cells/definitions.html.j2``).
    """
    from .report.templating import render_template

    display(HTML(render_template("cells/definitions.html.j2", metrics=metrics.to_dict("records"))))


def _defined(key: str) -> str:
    """A link to where a number is defined: its metric's name and version in the appendix."""
    metric = get_metric(key)
    return (
        f"<a class='ronr-definition-link' href='#metric-{html.escape(metric.key)}'>"
        f"{html.escape(metric.name)}, version {html.escape(metric.version)}</a>"
    )


STAGE_WORDS = {"channels": "channel mix"}  # a stage's key → the words the report uses


def _metric_context(key: str) -> dict:
    metric = get_metric(key)
    return {"key": metric.key, "name": metric.name, "version": metric.version}


def _card_context(headline) -> dict:
    return {
        "value": typographic_minus(headline.value),
        "label": headline.label,
        "change": getattr(headline, "change", ""),
        "detail": getattr(headline, "detail", ""),
        "n": headline.n,
        "small": headline.n < SMALL_SAMPLE,
        "metric": _metric_context(headline.metric),
    }


def _recommendation_context(advice) -> dict:
    stage = getattr(advice, "stage", "")
    return {
        "title": advice.title,
        "evidence": advice.evidence,
        "expected": typographic_minus(getattr(advice, "expected", "")),
        "stage": STAGE_WORDS.get(stage, stage) if stage else "",
        "metric": _metric_context(advice.metric),
    }


def _render(name: str, **context) -> None:
    from .report.templating import render_template

    display(HTML(render_template(name, **context)))


def show_headlines(headlines) -> None:
    """Headline numbers as cards (value, label, the change against the previous period when
    the report compares, n, and the metric's name in the appendix;
    ``templates/cells/cards.html.j2``)."""
    _render("cells/cards.html.j2", headlines=[_card_context(h) for h in headlines])


def show_recommendations(recommendations) -> None:
    """A numbered list of recommendations, each with its evidence, expected effect, stage and
    the metric it rests on (``templates/cells/recommendations.html.j2``)."""
    _render(
        "cells/recommendations.html.j2",
        recommendations=[_recommendation_context(r) for r in recommendations],
        h=None,
    )


def show_lead(headline, recommendations) -> None:
    """The cover's lead: ``headline`` (the ROR index card, or None) beside the ranked
    ``recommendations`` (``templates/cells/lead.html.j2``)."""
    _render(
        "cells/lead.html.j2",
        card=None if headline is None else _card_context(headline),
        recommendations=[_recommendation_context(r) for r in recommendations],
        h=None,
    )


def show_changes(sentences) -> None:
    """What changed this period, one sentence per line (``templates/cells/changes.html.j2``)."""
    _render("cells/changes.html.j2", sentences=list(sentences))
