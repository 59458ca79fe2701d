"""Teaching the method: the walkthrough's exercises, their checks, and the index's "what if".

One exercise per stage (:data:`EXERCISES`): a question, the unit the answer is given in and
what to look at when the answer is wrong. Each answer is computed from the library's own
section and block functions on the workspace, never written down, so the exercises hold for
any client and any period. :func:`check_answer` tells a learner whether their answer is right,
within a tolerance set by how precisely the report shows the number.

:func:`what_if_index` recomputes the monthly Return-on-Relationship index with another response
target or other weights; :func:`show_what_if` puts sliders on it in JupyterLab (a static chart
when the notebook runs without a live frontend, e.g. under papermill).
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from IPython.display import display

from . import blocks, ror, sections
from .blocks.measure import COMPONENT_NAMES
from .config import ROR_COMPONENTS
from .metrics import metrics_table
from .names import channel_name, post_type_name
from .plots import CLIENT_COLOR, PALETTE, escape_text, zone_label
from .show import Table, figure_bundle, show_figure, show_note
from .store import Workspace

# The metrics the walkthrough shows, in the order it meets them (keys of ronr.metrics).
WALKTHROUGH_METRICS = (
    "share_of_voice",
    "net_sentiment",
    "audience_fit",
    "channel_audience_fit",
    "effort_share",
    "needs_answer",
    "arrival_window",
    "first_response_time",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "ror_responsiveness",
    "ror_index",
    "engagement_index",
    "engagement_index_effect",
    "hashtag_effect",
    "negative_spike",
    "negative_incident",
)
CLOSED_DAY = "closed day"  # ronr.channels.arrival_window's label of a day the business is shut
CHANNEL_ALIASES = {"twitter": "x"}  # what learners call a channel → its key
GREY = PALETTE[5]  # the client's settings beside a what-if line


@dataclass(frozen=True)
class Feedback:
    """What a check says to the learner.

    Attributes
    ----------
    correct
        True when the answer is right (within the exercise's tolerance).
    message
        One or two sentences in plain words: "Right: 40.1%." or "Not quite: …".
    """

    correct: bool
    message: str

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        kind = "info" if self.correct else "warning"
        return f"<div class='ronr-note ronr-{kind}'>{html.escape(self.message)}</div>"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.message)


@dataclass(frozen=True)
class Exercise:
    """One stage's exercise.

    Attributes
    ----------
    key
        What ``check_answer`` is called with.
    stage
        The stage it practises (``listen``, ``audience``, ``channels``, ``measure``, ``tweak``).
    question
        The question, as the walkthrough asks it.
    kind
        ``number``: a value within ``tolerance`` of the answer is right; ``percent``: the
        same, in percent (44.8, "44.8%" or the share 0.448); ``choice``: a name out of
        ``options``.
    unit
        How the answer is written back, a format with the value (``"{:.1f}%"``), or for a
        choice how its names are written (a function of the key).
    tolerance
        For numbers: the largest difference still right, in the answer's unit — half a step
        of the precision the report shows the number with, or the step itself.
    hint
        What to compare when the answer is wrong (said after "Not quite:").
    missing
        Why the exercise has no answer when the data cannot give one.
    """

    key: str
    stage: str
    question: str
    kind: str
    unit: str | Callable[[object], str]
    tolerance: float
    hint: str
    missing: str


def _client_share_of_voice(ws: Workspace) -> float | None:
    """The client's share of voice in percent, from the listen section's table."""
    shown = [b for b in blocks.listen.share_of_voice_table(ws) if isinstance(b, Table)]
    if not shown:
        return None
    table = shown[0].data
    row = table[table["brand"] == ws.brand]
    value = row["share_of_voice"].iloc[0] if len(row) else None
    return None if value is None or pd.isna(value) else float(value) * 100


def _best_fit_channels(ws: Workspace) -> tuple[list[str], list[str]]:
    """The channels with the highest audience fit (ties all count), and every channel."""
    fit = sections.channel_fit(ws)
    known = fit[fit["fit"].notna()]
    if not len(known):
        return [], list(fit["channel"])
    best = known["fit"].max()
    return list(known.loc[known["fit"] >= best - 1e-12, "channel"]), list(fit["channel"])


def _closed_day_answers(ws: Workspace) -> pd.DataFrame:
    """The answered mentions needing an answer that arrived on a closed day."""
    answers = sections.first_responses(ws) if len(ws.responses) else None
    if answers is None or not len(answers):
        return pd.DataFrame(columns=["hours", "business_hours"])
    closed = answers[answers["window"] == CLOSED_DAY]
    return closed[closed["hours"].notna()]


def _closed_day_median(ws: Workspace) -> float | None:
    """Median clock hours to the first reply of mentions arriving on a closed day."""
    hours = _closed_day_answers(ws)["hours"]
    return float(hours.median()) if len(hours) else None


def _last_ror_index(ws: Workspace) -> float | None:
    """The ROR index of the last month of the period that has one."""
    index = sections.ror_index(ws)["ror_index"].dropna()
    return float(index.iloc[-1]) if len(index) else None


def _best_post_types(ws: Workspace) -> tuple[list[str], list[str]]:
    """The post types with the largest within-channel effect (ties all count), and all types."""
    if not len(ws.own_posts) or "post_type" not in ws.own_posts:
        return [], []
    table = sections.within_channel(ws, "post_type")
    known = table[table["effect"].notna()]
    options = [str(t) for t in table["post_type"]]
    if not len(known):
        return [], options
    best = known["effect"].max()
    return [str(t) for t in known.loc[known["effect"] >= best - 1e-12, "post_type"]], options


EXERCISES: dict[str, Exercise] = {
    e.key: e
    for e in (
        Exercise(
            key="share_of_voice",
            stage="listen",
            question="What is the client's share of voice over the period, in percent?",
            kind="percent",
            unit="{:.1f}%",
            tolerance=0.1,  # percentage points: the table shows one decimal
            hint="compare the client's mentions with the mentions of all tracked brands (a "
            "mention naming two brands counts half to each), as a percentage.",
            missing="the client tracks no competitors, or has no mentions, so there is no "
            "share of voice.",
        ),
        Exercise(
            key="best_fit_channel",
            stage="audience",
            question="Which channel's audience fits the target market best?",
            kind="choice",
            unit=channel_name,
            tolerance=0.0,
            hint="audience fit is 1 minus the distance between a channel's audience and the "
            "target market; the best channel has the highest fit, whatever its size.",
            missing="the client has no audience snapshot or no target market, so no fit.",
        ),
        Exercise(
            key="closed_day_response",
            stage="channels",
            question="For the mentions that need an answer and arrive on a closed day, what is "
            "the median time to the brand's first reply, in clock hours?",
            kind="number",
            unit="{:.1f} hours",
            tolerance=0.1,  # hours: the chart shows one decimal
            hint="take the answered mentions that arrived on a day the business is closed and "
            "the median of the clock hours until the brand's first reply.",
            missing="no mention arriving on a closed day was answered (or no replies were "
            "exported).",
        ),
        Exercise(
            key="last_ror_index",
            stage="measure",
            question="What is the Return-on-Relationship index of the last month of the "
            "period, on its scale of 0 to 100?",
            kind="number",
            unit="{:.0f} of 100",
            tolerance=0.5,  # index points: the report shows whole points
            hint="the index is the weighted mean of the component scores (0 to 100) of the "
            "last month that has an index; read it in the index's monthly table.",
            missing="no month of the period has an index.",
        ),
        Exercise(
            key="best_post_type",
            stage="tweak",
            question="Which post type beats the other posts of the same channels by the "
            "most (the largest within-channel effect)?",
            kind="choice",
            unit=post_type_name,
            tolerance=0.0,
            hint="compare each post type with the other posts of the same channel (its "
            "effect), not with all posts pooled over the channels.",
            missing="no post type can be compared with other posts of the same channel.",
        ),
    )
}

_SOLVERS: dict[str, Callable[[Workspace], object]] = {
    "share_of_voice": _client_share_of_voice,
    "best_fit_channel": _best_fit_channels,
    "closed_day_response": _closed_day_median,
    "last_ror_index": _last_ror_index,
    "best_post_type": _best_post_types,
}


def solve_exercise(ws: Workspace, key: str):
    """The answer to exercise ``key`` on the workspace, computed by the library.

    Parameters
    ----------
    ws
        The client's workspace.
    key
        A key of :data:`EXERCISES`.

    Returns
    -------
    float or tuple of (list, list) or None
        For a number: the value in the exercise's unit (a share in percent, 0–100; hours;
        index points), from ``blocks.listen.share_of_voice_table`` (share of voice, Σ 1/k
        over the client's mentions / all tracked brands' mentions),
        ``sections.first_responses`` (median clock hours of the answered closed-day mentions,
        as ``channels.response_times`` by window) or ``sections.ror_index`` (the last month
        with an index). For a choice: the right keys (ties all right) and every key, from
        ``sections.channel_fit`` (highest fit) or ``sections.within_channel(ws,
        "post_type")`` (largest effect). None when the data cannot answer it.

    Raises
    ------
    KeyError
        ``key`` names no exercise.
    """
    _exercise(key)
    return _SOLVERS[key](ws)


def _exercise(key: str) -> Exercise:
    if key not in EXERCISES:
        raise KeyError(f"unknown exercise {key!r}; known: {', '.join(EXERCISES)}")
    return EXERCISES[key]


UNITS = re.compile(r"\s*(%|percent|per cent|hours?|hrs?|h|points?|pts?|of 100)\s*$")


def parse_number(answer) -> tuple[float | None, bool]:
    """A learner's numeric answer as a float, and whether it was written with a % sign.

    Accepts numbers and text such as ``"44.8"``, ``"44.8 %"``, ``"19,9 h"`` (a decimal comma
    with one or two decimals), ``"1,234"`` (thousands), a unit word after the number (%,
    percent, hours, h, points, of 100) and the minus sign −. Anything else (words, booleans,
    NaN, infinity) is None.
    """
    if isinstance(answer, bool) or answer is None:
        return None, False
    if isinstance(answer, numbers.Real):
        value = float(answer)
        return (value if math.isfinite(value) else None), False
    if not isinstance(answer, str):
        return None, False
    text = answer.strip().lower().replace("\u2212", "-").replace("\u00a0", " ")
    percent = "%" in text or "percent" in text or "per cent" in text
    text = UNITS.sub("", text).strip()
    if re.fullmatch(r"-?\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        return None, percent
    return (value if math.isfinite(value) else None), percent


def _normal(text) -> str:
    """A name as compared: case, spaces, hyphens, underscores and quotes do not matter."""
    return re.sub(r"[\s_\-'\"“”‘’]+", "", str(text)).lower()


def _matching_key(answer: str, options: Sequence[str], name: Callable[[object], str]):
    """The option ``answer`` names (its key or its written name, singular or plural)."""
    said = _normal(answer)
    said = CHANNEL_ALIASES.get(said, said)
    forms = {said, said[:-1] if said.endswith("s") else said}
    if said.endswith("es"):
        forms.add(said[:-2])
    for option in options:
        if {_normal(option), _normal(name(option))} & forms:
            return option
    return None


def _unit_text(exercise: Exercise, value) -> str:
    unit = exercise.unit
    return unit(value) if callable(unit) else unit.format(value)


def _check_number(exercise: Exercise, truth: float, answer, ws: Workspace) -> Feedback:
    value, percent = parse_number(answer)
    if value is None:
        return Feedback(False, "Not quite: write the answer as a number, such as 12.5.")
    readings = [value]
    # a share written as 0.448: unambiguous when the percentage itself is above 1
    if exercise.kind == "percent" and not percent and 0 <= value <= 1 and truth > 1:
        readings.append(value * 100)
    if any(abs(r - truth) <= exercise.tolerance + 1e-9 for r in readings):
        return Feedback(True, f"Right: {_unit_text(exercise, truth)}.")
    if exercise.key == "closed_day_response":
        business = _closed_day_answers(ws)["business_hours"].dropna()
        if len(business) and abs(value - float(business.median())) <= exercise.tolerance + 1e-9:
            return Feedback(
                False,
                "Not quite: that is the median in business hours, which leave out the hours "
                "the business is closed; the question asks for clock hours, the time the "
                "customer waited.",
            )
    return Feedback(False, f"Not quite: {exercise.hint}")


def _check_choice(exercise: Exercise, solution, answer) -> Feedback:
    right, options = solution
    if not isinstance(answer, str) or not answer.strip():
        return Feedback(False, "Not quite: write the answer as a name, in quotes.")
    name = exercise.unit
    chosen = _matching_key(answer, options, name)
    if chosen is None:
        known = ", ".join(name(o) for o in options)
        return Feedback(
            False, f"Not quite: “{answer.strip()}” is not one of this client's options ({known})."
        )
    if chosen in right:
        return Feedback(True, f"Right: {name(chosen)}.")
    return Feedback(False, f"Not quite: {exercise.hint}")


def check_answer(ws: Workspace, exercise_key: str, answer) -> Feedback:
    """Whether a learner's answer to an exercise is right, in plain words.

    Parameters
    ----------
    ws
        The client's workspace (the answer is computed on it by :func:`solve_exercise`).
    exercise_key
        A key of :data:`EXERCISES`.
    answer
        What the learner wrote: None when not answered yet; for a number, a number or text
        with an optional unit (a percentage as 44.8, "44.8", "44.8%" or the share 0.448 when
        the percentage is above 1, so the reading is unambiguous); for a choice, the name as
        the report writes it or its key (case and plural do not matter).

    Returns
    -------
    Feedback
        ``correct`` and a ``message``: "Right: <the value as the report writes it>." or "Not
        quite: <what to compare>." A number is right within the exercise's ``tolerance``
        (0.1 percentage points for a share, 0.1 hours, 0.5 index points: the precision the
        report shows). Without data to answer it, the message says why and ``correct`` is
        False.

    Raises
    ------
    KeyError
        ``exercise_key`` names no exercise.
    """
    exercise = _exercise(exercise_key)
    if answer is None:
        return Feedback(False, "Write your answer in the cell above, then run this cell again.")
    solution = solve_exercise(ws, exercise_key)
    if solution is None or (exercise.kind == "choice" and not solution[0]):
        return Feedback(
            False, f"This client's data cannot answer this exercise: {exercise.missing}"
        )
    if exercise.kind == "choice":
        return _check_choice(exercise, solution, answer)
    return _check_number(exercise, solution, answer, ws)


def select_definitions(keys: Sequence[str] = WALKTHROUGH_METRICS) -> pd.DataFrame:
    """The definitions of the metrics ``keys`` (rows of :func:`ronr.metrics.metrics_table`),
    in the order given; for :func:`ronr.show.show_definitions`.

    Raises
    ------
    KeyError
        A key names no metric.
    """
    table = metrics_table().set_index("key", drop=False)
    unknown = [k for k in keys if k not in table.index]
    if unknown:
        raise KeyError(f"unknown metrics: {', '.join(unknown)}")
    return table.loc[list(keys)].reset_index(drop=True)


def client_weights(ws: Workspace) -> dict[str, float]:
    """The client's ROR weights per component (``ror_weights``; 1 each when not set; a
    component the config leaves out weighs 0)."""
    weights = ws.config.ror_weights
    return {c: 1.0 if weights is None else float(weights.get(c, 0.0)) for c in ROR_COMPONENTS}


def what_if_index(
    ws: Workspace,
    *,
    target_hours: float | None = None,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The monthly ROR index recomputed with another response target and/or other weights.

    Parameters
    ----------
    ws
        The client's workspace.
    target_hours
        The response target in business hours (the client's ``responses.target_hours`` when
        None): the responsiveness component is rescored with it
        (:func:`ronr.ror.score_responsiveness` over :func:`ronr.sections.first_responses`).
    weights
        Weight per component, ≥ 0 (the client's ``ror_weights`` when None, equal when those
        are not set); a component left out weighs 0. Only the ratios matter.

    Returns
    -------
    DataFrame
        :func:`ronr.ror.compute_ror_index` of the period's months (``ror_index`` 0–100,
        ``components_used``, ``note``, ``weight_<c>``, ``contribution_<c>``): with neither
        option, the report's index (:func:`ronr.sections.ror_index`). Source: the ROR index
        definition (``ror_index`` in :mod:`ronr.metrics`).

    Raises
    ------
    ValueError
        ``target_hours`` is negative; a weight is negative, not finite or names no
        component; every weight is 0.
    """
    scores = sections.ror_scores(ws).copy()
    if target_hours is not None:
        if not target_hours >= 0:
            raise ValueError(f"target_hours must be at least 0, not {target_hours!r}")
        answers = sections.first_responses(ws)
        rescored = pd.Series(float("nan"), index=scores.index)
        if len(ws.responses) and len(answers):  # as sections.ror_components: no replies, no data
            table = ror.score_responsiveness(
                answers, target_hours=float(target_hours), timezone=ws.timezone
            )
            rescored = table.set_index("period")["score"].reindex(scores.index)
        scores["responsiveness"] = rescored.to_numpy()
    chosen = ws.config.ror_weights if weights is None else dict(weights)
    return ror.compute_ror_index(scores, weights=chosen)


def plot_what_if(
    base: pd.DataFrame, changed: pd.DataFrame | None = None, *, timezone: str = "UTC"
) -> go.Figure | None:
    """The monthly index with the client's settings and, if given, with changed ones (0–100).

    Parameters
    ----------
    base, changed
        Outputs of :func:`what_if_index` (indexed by month): the client's settings (a dashed
        line when ``changed`` is drawn too) and the changed ones.
    timezone
        The client's zone, named on the month axis.

    Returns
    -------
    Figure or None
        None when no month has an index.
    """
    lines = [(base, "The client's settings", CLIENT_COLOR, "solid")]
    title = "Return-on-Relationship index per month (0–100)"
    if changed is not None:
        lines = [(base, lines[0][1], GREY, "dash"), (changed, "What if", CLIENT_COLOR, "solid")]
        title = "Return-on-Relationship index per month: what if (0–100)"
    if not any(table["ror_index"].notna().any() for table, *_ in lines):
        return None
    fig = go.Figure()
    for table, name, color, dash in lines:
        fig.add_scatter(
            x=table.index,
            y=table["ror_index"].astype(float),
            name=escape_text(name),
            mode="lines+markers",
            line={"color": color, "width": 3, "dash": dash},
            hovertemplate=f"%{{x|%b %Y}}: index %{{y:.1f}} ({escape_text(name)})<extra></extra>",
        )
    fig.update_yaxes(title="index (0–100)", range=[0, 100])
    fig.update_xaxes(title=zone_label("month", timezone), tickformat="%b %Y")
    fig.update_layout(
        template="ronr",
        title={"text": title},
        showlegend=changed is not None,
        legend={"orientation": "h", "y": -0.25},
        height=420,
    )
    return fig


def _what_if_figure(ws: Workspace, **options) -> go.Figure | None:
    changed = what_if_index(ws, **options) if options else None
    return plot_what_if(sections.ror_index(ws), changed, timezone=ws.timezone)


def build_what_if(ws: Workspace):
    """The what-if widget: sliders for the response target and the six weights over a chart.

    Parameters
    ----------
    ws
        The client's workspace.

    Returns
    -------
    ipywidgets.VBox
        The response target (business hours, from the client's ``responses.target_hours``),
        then one weight per component in :data:`ronr.config.ROR_COMPONENTS` order (from
        :func:`client_weights`), then an output that redraws :func:`plot_what_if` when a
        slider is released (:func:`what_if_index` with the sliders' values; a note when every
        weight is 0).
    """
    import ipywidgets as widgets

    target = float(ws.config.responses.target_hours)
    style = {"description_width": "17em"}  # "Response target (business hours)" whole
    layout = widgets.Layout(width="36em")

    def slider(value: float, top: float, description: str):
        return widgets.FloatSlider(
            value=value,
            min=0.0,
            max=top,
            step=0.5,
            description=description,
            style=style,
            layout=layout,
            continuous_update=False,
        )

    controls = {
        "target_hours": slider(target, max(24.0, 2 * target), "Response target (business hours)"),
        **{
            component: slider(weight, max(5.0, weight), f"Weight: {COMPONENT_NAMES[component]}")
            for component, weight in client_weights(ws).items()
        },
    }
    output = widgets.Output()

    def refresh(target_hours: float, **weights: float) -> None:
        output.clear_output(wait=True)
        with output:
            if not any(w > 0 for w in weights.values()):
                show_note("Set at least one weight above 0.", kind="warning")
                return
            figure = _what_if_figure(ws, target_hours=target_hours, weights=weights)
            show_figure(figure, empty="No month of the period has an index.")

    widgets.interactive_output(refresh, controls)
    return widgets.VBox([*controls.values(), output])


def show_what_if(ws: Workspace, *, interactive: bool = True) -> None:
    """Sliders for the response target and the six weights, and the monthly index they give.

    Parameters
    ----------
    ws
        The client's workspace.
    interactive
        True in JupyterLab: the widget of :func:`build_what_if`, whose chart is redrawn as the
        sliders move, the client's settings dashed beside the changed index. Its output also
        carries the static chart at the client's settings, which a page without a live kernel
        (nbconvert) shows instead. False (a rendered report, papermill): only that static
        chart and a note, no widget.
    """
    static = _what_if_figure(ws)
    if not interactive:
        show_figure(static, empty="No month of the period has an index.")
        show_note("In JupyterLab, sliders here change the response target and the weights.")
        return
    bundle = build_what_if(ws)._repr_mimebundle_()
    fallback = figure_bundle(static) if static is not None else {}
    text = "The ROR index with sliders for the response target and the weights (JupyterLab)."
    display({**fallback, **bundle, "text/plain": text}, raw=True)
