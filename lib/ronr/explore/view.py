"""The explorers on screen: widgets that update in place live, plain figures in a rendered run.

Each stage's figures are drawn from its update (:mod:`.update`); every point carries the key of
the rows behind it (:func:`.rows.rows_for`). Live, each chart is a plotly ``FigureWidget``
built once: filters update its traces and the tables in place, and clicking a point, or
selecting points with the box or lasso, lists the rows behind them, paged and escaped (the
"Show rows of" dropdown does the same from the keyboard). Without a kernel's widgets (a
papermill or nbval run, ``interactive=False``) the explorer shows its current state as plain
plotly figures and escaped tables, never a widget.
"""

from __future__ import annotations

from functools import partial
from html import escape as escape_html

import pandas as pd
import plotly.graph_objects as go

from ..names import channel_name, post_type_name
from ..plots import escape_text
from ..store import Workspace
from .cube import Cube, Filters, build_cube
from .rows import PAGE_SIZE, format_rows, rows_for
from .update import UPDATES

RATE_NAMES = {
    "conversation_rate": "Conversation (comments per post)",
    "amplification_rate": "Amplification (shares per post)",
    "applause_rate": "Applause (likes per post)",
}
# the filters each stage's explorer offers (its numbers do not depend on the others)
CONTROLS = {
    "listen": ("days", "channels", "brands", "themes"),
    "audience": ("days", "channels", "post_types", "themes"),
    "channels": ("days", "channels", "post_types", "themes"),
    "measure": ("days", "channels", "brands", "post_types", "themes"),
    "tweak": ("days", "channels", "post_types", "themes"),
}


def _figure(title: str, *, x: str, y: str, template: str | None = "ronr") -> go.Figure:
    """An empty chart; ``template`` None: without one (its data is copied to a widget's)."""
    fig = go.Figure() if template else go.Figure(layout={"template": {}})
    if template:
        fig.update_layout(template=template)
    fig.update_layout(
        title={"text": escape_text(title)},
        xaxis_title=escape_text(x),
        yaxis_title=escape_text(y),
        height=380,
        clickmode="event+select",
    )
    return fig


def _interval_bars(value: pd.Series, low: pd.Series, high: pd.Series) -> dict:
    """A bar's error bars drawing its interval (``low``–``high`` around ``value``)."""
    return {
        "type": "data",
        "array": (high - value).tolist(),
        "arrayminus": (value - low).tolist(),
    }


def _keyed(keys: list[dict], key: dict) -> int:
    keys.append(key)
    return len(keys) - 1


def _listen_figures(
    result: dict, cube: Cube, *, template: str | None = "ronr"
) -> tuple[list[go.Figure], list[dict]]:
    figure = partial(_figure, template=template)
    zone = cube.ws.timezone
    keys: list[dict] = []
    volume = figure(f"Mentions per week ({zone})", x=f"Week starting ({zone})", y="Mentions")
    for brand, rows in result["volume"].groupby("brand", sort=False):
        volume.add_scatter(
            x=rows["period"],
            y=rows["mentions"],
            name=escape_text(brand),
            mode="lines+markers",
            customdata=[
                _keyed(
                    keys,
                    {
                        "what": "mentions",
                        "brand": brand,
                        "first": p.date(),
                        "last": (p + pd.Timedelta(days=6)).date(),
                        "label_text": f"{brand}, week of {p:%d %b %Y}",
                    },
                )
                for p in rows["period"]
            ],
            hovertemplate="%{x|%d %b %Y}: %{y:,} mentions<extra>%{fullData.name}</extra>",
        )
    share = result["share_of_voice"]
    voice = figure("Share of voice", x="Brand", y="Share of the mentions")
    voice.add_bar(
        x=[escape_text(b) for b in share["brand"]],
        y=share["share_of_voice"],
        customdata=[
            _keyed(keys, {"what": "mentions", "brand": b, "label_text": f"{b}, all mentions"})
            for b in share["brand"]
        ],
        hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )
    voice.update_yaxes(tickformat=".0%")
    sentiment = result["sentiment"]
    net = figure("Net sentiment", x="Brand", y="Net sentiment (−1 to 1)")
    net.add_bar(
        x=[escape_text(b) for b in sentiment["brand"]],
        y=sentiment["net_sentiment"],
        customdata=[
            _keyed(
                keys,
                {
                    "what": "mentions",
                    "brand": b,
                    "label": "negative",
                    "label_text": f"{b}, negative mentions",
                },
            )
            for b in sentiment["brand"]
        ],
        hovertemplate="%{x}: %{y:+.2f}<extra>click: the negative mentions</extra>",
    )
    return [volume, voice, net], keys


def _audience_figures(
    result: dict, cube: Cube, *, template: str | None = "ronr"
) -> tuple[list[go.Figure], list[dict]]:
    figure = partial(_figure, template=template)
    keys: list[dict] = []
    followers = figure("Followers per day", x="Day", y="Followers")
    for channel, rows in result["followers"].groupby("channel", sort=True):
        followers.add_scatter(
            x=rows["date"].dt.tz_convert("UTC").dt.tz_localize(None),
            y=rows["followers"].astype(float),
            name=escape_text(channel_name(channel)),
            mode="lines",
            customdata=[
                _keyed(
                    keys,
                    {
                        "what": "posts",
                        "own": True,
                        "channel": channel,
                        "label_text": f"the client's posts on {channel_name(channel)}",
                    },
                )
            ]
            * len(rows),
            hovertemplate="%{x|%d %b %Y}: %{y:,}<extra>%{fullData.name}</extra>",
        )
    engaged = result["engagement"]
    measure = engaged["measure"].iloc[0] if len(engaged) else "engagement"
    by_type = figure(f"Engagement by post type ({measure})", x="Post type", y=measure.capitalize())
    by_type.add_bar(
        x=[escape_text(post_type_name(t)) for t in engaged["post_type"]],
        y=engaged["mean_rate"],
        error_y=_interval_bars(engaged["mean_rate"], engaged["ci_low"], engaged["ci_high"]),
        customdata=[
            _keyed(
                keys,
                {
                    "what": "posts",
                    "own": True,
                    "post_type": t,
                    "label_text": f"the client's {post_type_name(t).lower()} posts",
                },
            )
            for t in engaged["post_type"]
        ],
        hovertemplate="%{x}: %{y:.3g}<extra></extra>",
    )
    return [followers, by_type], keys


def _channels_figures(
    result: dict, cube: Cube, *, template: str | None = "ronr"
) -> tuple[list[go.Figure], list[dict]]:
    figure = partial(_figure, template=template)
    keys: list[dict] = []
    table = result["posts"]
    posts = figure("The client's posts per week", x="Channel", y="Posts per week")
    posts.add_bar(
        x=[escape_text(channel_name(c)) for c in table["channel"]],
        y=table["posts_per_week"].astype(float),
        customdata=[
            _keyed(
                keys,
                {
                    "what": "posts",
                    "own": True,
                    "channel": c,
                    "label_text": f"the client's posts on {channel_name(c)}",
                },
            )
            for c in table["channel"]
        ],
        hovertemplate="%{x}: %{y:.1f} posts a week<extra></extra>",
    )
    answers = result["responses"]
    rate = figure("Mentions answered", x="Channel", y="Response rate")
    rate.add_bar(
        x=[escape_text(channel_name(c)) for c in answers["channel"]],
        y=answers["response_rate"],
        text=[
            "–" if pd.isna(h) else f"median {h:.1f} business hours"
            for h in answers["median_business_hours"]
        ],
        customdata=[
            _keyed(
                keys,
                {
                    "what": "answers",
                    "channel": c,
                    "label_text": f"mentions needing an answer on {channel_name(c)}",
                },
            )
            for c in answers["channel"]
        ],
        hovertemplate="%{x}: %{y:.0%} answered, %{text}<extra></extra>",
    )
    rate.update_yaxes(tickformat=".0%", range=[0, 1])
    return [posts, rate], keys


def _measure_figures(
    result: dict, cube: Cube, *, template: str | None = "ronr"
) -> tuple[list[go.Figure], list[dict]]:
    figure = partial(_figure, template=template)
    keys: list[dict] = []
    table = result["kaushik"]
    labels = [
        f"{b} · {channel_name(c)}" for b, c in zip(table["brand"], table["channel"], strict=True)
    ]
    fig = figure("Conversation, amplification and applause", x="Brand and channel", y="Per post")
    for rate, name in RATE_NAMES.items():
        fig.add_bar(
            x=[escape_text(label) for label in labels],
            y=table[rate],
            name=escape_text(name),
            customdata=[
                _keyed(
                    keys,
                    {
                        "what": "posts",
                        "brand": b,
                        "channel": c,
                        "feed": True,
                        "label_text": f"the posts of {b} on {channel_name(c)}",
                    },
                )
                for b, c in zip(table["brand"], table["channel"], strict=True)
            ],
            hovertemplate="%{x}: %{y:.2f} per post<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="group")
    return [fig], keys


def _tweak_figures(
    result: dict, cube: Cube, *, template: str | None = "ronr"
) -> tuple[list[go.Figure], list[dict]]:
    figure = partial(_figure, template=template)
    keys: list[dict] = []
    types = result["post_types"]
    index = figure(
        "Engagement index by post type, within channel",
        x="Post type",
        y="Engagement index (1 = typical post of its channel)",
    )
    index.add_bar(
        x=[escape_text(post_type_name(t)) for t in types["post_type"]],
        y=types["mean_index"],
        error_y=_interval_bars(types["mean_index"], types["ci_low"], types["ci_high"]),
        customdata=[
            _keyed(
                keys,
                {
                    "what": "posts",
                    "own": True,
                    "post_type": t,
                    "feed": True,
                    "label_text": f"the client's {post_type_name(t).lower()} posts",
                },
            )
            for t in types["post_type"]
        ],
        hovertemplate="%{x}: %{y:.2f}×<extra></extra>",
    )
    cells = result["by_channel"]
    grid = figure("Engagement index per channel and post type", x="Post type", y="Channel")
    if len(cells):
        wide = cells.pivot(index="channel", columns="post_type", values="mean_index")
        grid.add_heatmap(
            z=wide.to_numpy(),
            x=[escape_text(post_type_name(t)) for t in wide.columns],
            y=[escape_text(channel_name(c)) for c in wide.index],
            customdata=[
                [
                    _keyed(
                        keys,
                        {
                            "what": "posts",
                            "own": True,
                            "channel": c,
                            "post_type": t,
                            "feed": True,
                            "label_text": f"the client's "
                            f"{post_type_name(t).lower()} posts on {channel_name(c)}",
                        },
                    )
                    for t in wide.columns
                ]
                for c in wide.index
            ],
            colorscale="RdBu",
            zmid=1,
            hovertemplate="%{y}, %{x}: %{z:.2f}×<extra></extra>",
        )
    return [index, grid], keys


FIGURES = {
    "listen": _listen_figures,
    "audience": _audience_figures,
    "channels": _channels_figures,
    "measure": _measure_figures,
    "tweak": _tweak_figures,
}
TABLES = {
    "listen": ("share_of_voice", "sentiment"),
    "audience": ("follower_growth", "engagement"),
    "channels": ("posts", "responses"),
    "measure": ("kaushik",),
    "tweak": ("post_types",),
}


def draw_stage(cube: Cube, stage: str, filters: Filters, *, template: str | None = "ronr") -> dict:
    """A stage's explorer state for ``filters``: its update, figures, tables and point keys.

    Parameters
    ----------
    cube, stage, filters
        The cube, the stage and the explorer's filters.
    template
        The figures' plotly template; None for none (the live explorer copies only their data
        and layout to its widgets, which keep the template they were built with).

    Returns
    -------
    dict
        ``result`` (the update's tables), ``figures`` (plain plotly figures), ``tables`` (the
        tables shown under them) and ``keys`` (per point's ``customdata``, what lies behind it).
    """
    result = UPDATES[stage](cube, filters)
    figures, keys = FIGURES[stage](result, cube, template=template)
    return {
        "result": result,
        "figures": figures,
        "tables": [result[name] for name in TABLES[stage]],
        "keys": keys,
    }


def render_static(ws: Workspace, stage: str, *, filters: Filters | None = None) -> list[go.Figure]:
    """Show a stage's explorer state as plain plotly figures and escaped tables (no widget).

    What a rendered report or a notebook test shows in place of the live explorer.

    Returns
    -------
    list of go.Figure
        The figures shown.
    """
    from ..show import show_figure, show_table

    state = draw_stage(build_cube(ws), stage, filters or Filters())
    for fig in state["figures"]:
        show_figure(fig)
    for table in state["tables"]:
        show_table(table)
    return state["figures"]


def _figure_widget_class():
    """plotly's FigureWidget when it can run here (plotly 6+ needs anywidget), else None."""
    try:
        go.FigureWidget()
    except ImportError:
        return None
    return go.FigureWidget


def _slot(trace) -> tuple:
    """What a trace stands for across filter changes: its type and (escaped) name."""
    return trace.type, trace.name


# a hidden trace keeps its place but no data (its points' keys would be stale)
EMPTIED = ("x", "y", "z", "text", "customdata")


def _unselected(trace) -> dict:
    """The update clearing a trace's selected points (heatmaps have none)."""
    return {"selectedpoints": None} if "selectedpoints" in trace else {}


def update_in_place(view, fig: go.Figure) -> list:
    """Bring the FigureWidget ``view`` to the traces and layout of ``fig``, in place.

    Each of ``fig``'s traces updates the trace of ``view`` of the same type and name (a brand's
    line, a rate's bars); a trace of ``view`` that ``fig`` lacks (a brand filtered out) is hidden
    and emptied; a trace ``view`` lacks is appended. Every change is sent to the browser as one
    update (``batch_update``), and any selection is cleared: the points' keys changed.

    Parameters
    ----------
    view
        The FigureWidget on screen.
    fig
        The stage's figure for the new filters.

    Returns
    -------
    list
        The traces appended to ``view`` (none when every trace had its place).
    """
    slots = {_slot(trace): trace for trace in view.data}
    missing = [trace for trace in fig.data if _slot(trace) not in slots]
    if missing:
        view.add_traces(missing)
        added = list(view.data[len(view.data) - len(missing) :])
        slots.update((_slot(trace), trace) for trace in added)
    else:
        added = []
    wanted = {_slot(trace) for trace in fig.data}
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    with view.batch_update():
        for new in fig.data:
            trace = slots[_slot(new)]
            props = new.to_plotly_json()
            props.pop("type", None)
            props.pop("uid", None)
            gone = set(trace.to_plotly_json()) - set(props) - {"type", "uid", "visible"}
            props.update(dict.fromkeys(gone), visible=None, **_unselected(trace))
            trace.update(props, overwrite=True)
        for trace in view.data:
            if _slot(trace) not in wanted:
                emptied = {n: () for n in EMPTIED if n in trace and trace[n] is not None}
                trace.update(emptied, visible=False, **_unselected(trace))
        view.layout.update(layout)
        if view.layout.selections:
            view.layout.selections = ()
    return added


def point_keys(trace, points) -> list[int]:
    """The keys (indices into the explorer's ``keys``) of a trace's chosen points, in order.

    Parameters
    ----------
    trace
        The trace clicked or selected; its ``customdata`` holds each point's key.
    points
        plotly's ``Points``: ``point_inds`` are indices, or ``[row, column]`` for a heatmap.

    Returns
    -------
    list of int
        Each key once.
    """
    keys = []
    for where in points.point_inds:
        key = trace.customdata
        for part in where if isinstance(where, list | tuple) else [where]:
            key = key[part]
        keys.append(int(key))
    return list(dict.fromkeys(keys))


class Explorer:
    """A stage's live explorer: filters, figures updated in place, and the rows behind a point.

    Live, each chart is a plotly ``FigureWidget``, built once: a filter change updates its
    traces in place, clicking a point lists the rows behind it and a box or lasso selection
    lists the rows behind all its points. The "Show rows of" dropdown does the same from the
    keyboard. Build with :func:`explore`; ``box`` is the widget to display.
    """

    def __init__(self, ws: Workspace, stage: str, *, page_size: int = PAGE_SIZE) -> None:
        import ipywidgets as widgets

        self.ws, self.stage, self.page_size = ws, stage, page_size
        self.cube = build_cube(ws)
        self.filters = Filters()
        self.page, self.rows = 0, None
        # per (chart, trace), the keys of the points of the current selection
        self.selected: dict[tuple[int, int], list[int]] = {}
        self._quiet = False
        self.heading = ""
        layout = {"width": "auto"}
        wanted = CONTROLS[stage]
        self.controls: dict = {}
        if "days" in wanted:
            self.controls["start"] = widgets.DatePicker(description="From", value=ws.start.date())
            self.controls["end"] = widgets.DatePicker(description="To", value=ws.end.date())
        for name, label, options in (
            ("channels", "Channels", [(channel_name(c), c) for c in self.cube.channels]),
            ("brands", "Brands", [(b, b) for b in self.cube.brand_order]),
            ("post_types", "Post types", [(post_type_name(t), t) for t in self.cube.post_types]),
            ("themes", "Themes", [(t, t) for t in self.cube.themes]),
        ):
            if name in wanted and options:
                self.controls[name] = widgets.SelectMultiple(
                    options=options,
                    value=tuple(v for _, v in options),
                    description=label,
                    rows=min(len(options), 6),
                    layout=layout,
                )
        self.widget_class = _figure_widget_class()
        state = draw_stage(self.cube, stage, self.filters)
        self.keys = state["keys"]
        if self.widget_class is not None:
            self.views = [self.widget_class(fig) for fig in state["figures"]]
            for chart, view in enumerate(self.views):
                for trace in view.data:
                    self._listen(chart, trace)
        else:
            self.views = [widgets.Output() for _ in state["figures"]]
            self._draw_outputs(state["figures"])
        self.tables = widgets.HTML()
        self.point = widgets.Dropdown(description="Show rows of", layout={"width": "60%"})
        self.previous = widgets.Button(description="Previous page")
        self.next = widgets.Button(description="Next page")
        self.listing = widgets.HTML()
        self._fill(state)
        for control in self.controls.values():
            control.observe(lambda _: self.refresh(), names="value")
        self.point.observe(self._picked, names="value")
        self.previous.on_click(lambda _: self.turn(-1))
        self.next.on_click(lambda _: self.turn(1))
        self.box = widgets.VBox(
            [
                widgets.HBox(list(self.controls.values())),
                *self.views,
                self.tables,
                widgets.HBox([self.point, self.previous, self.next]),
                self.listing,
            ]
        )

    def current_filters(self) -> Filters:
        """The filters the controls set (a control with everything chosen filters nothing)."""

        def picked(name: str):
            control = self.controls.get(name)
            if control is None or len(control.value) == len(control.options):
                return None
            return tuple(control.value)

        start = self.controls.get("start")
        end = self.controls.get("end")
        return Filters(
            start=start.value
            if start is not None and start.value != self.ws.start.date()
            else None,
            end=end.value if end is not None and end.value != self.ws.end.date() else None,
            channels=picked("channels"),
            brands=picked("brands"),
            post_types=picked("post_types"),
            themes=picked("themes"),
        )

    def refresh(self, filters: Filters | None = None) -> dict:
        """Recompute the stage from the cube for the controls' filters and redraw in place.

        Parameters
        ----------
        filters
            Filters to apply instead of the controls' (a benchmark's or a test's).

        Returns
        -------
        dict
            The stage's new state (see :func:`draw_stage`).
        """
        self.filters = self.current_filters() if filters is None else filters
        # a widget keeps its template: only the data and layout are copied to it
        template = None if self.widget_class is not None else "ronr"
        state = draw_stage(self.cube, self.stage, self.filters, template=template)
        self.keys = state["keys"]
        self.selected.clear()
        if self.widget_class is not None:
            for chart, (view, fig) in enumerate(zip(self.views, state["figures"], strict=True)):
                for trace in update_in_place(view, fig):
                    self._listen(chart, trace)
        else:
            self._draw_outputs(state["figures"])
        self._fill(state)
        return state

    def _draw_outputs(self, figures) -> None:
        from ..show import show_figure

        for view, fig in zip(self.views, figures, strict=True):
            view.clear_output(wait=True)
            with view:
                show_figure(fig)

    def _listen(self, chart: int, trace) -> None:
        """Call the explorer back when a point of ``trace`` (on chart ``chart``) is chosen."""
        trace.on_click(self._clicked)
        trace.on_selection(lambda trace, points, _selector: self._chose(chart, trace, points))
        trace.on_deselect(lambda trace, points: self._chose(chart, trace, None))

    def _clicked(self, trace, points, _state) -> None:
        # plotly calls every trace of the figure back; only the clicked one has points
        keys = point_keys(trace, points)
        if keys:
            self.show_points(keys[:1])

    def _chose(self, chart: int, trace, points) -> None:
        """A box or lasso selection (``points``; None: cleared) on one trace of ``chart``.

        plotly calls every trace of the chart back in turn, the last one last: the rows are
        listed then, for the selection's points on all the chart's traces.
        """
        if any(where != chart for where, _ in self.selected):
            self.selected.clear()  # a selection on another chart replaces the last one
        index = list(trace.parent.data).index(trace)
        self.selected[(chart, index)] = [] if points is None else point_keys(trace, points)
        if index == len(trace.parent.data) - 1:
            keys = [key for (_, i), chosen in sorted(self.selected.items()) for key in chosen]
            self.show_points(list(dict.fromkeys(keys)))

    def _picked(self, change) -> None:
        if not self._quiet:
            self.show_rows(change["new"])

    def _fill(self, state: dict) -> None:
        from ..show import format_table

        self.tables.value = "".join(format_table(t) for t in state["tables"])
        options = [("(choose a point)", -1)]
        options += [(key["label_text"], i) for i, key in enumerate(self.keys)]
        self._quiet = True
        try:
            self.point.options = list(dict((label, (label, i)) for label, i in options).values())
            self.point.value = -1
        finally:
            self._quiet = False
        self.rows, self.listing.value = None, ""

    def show_points(self, keys: list[int], *, page: int = 0) -> str:
        """List the rows behind the points ``keys`` (indices into ``keys``), page ``page``.

        Parameters
        ----------
        keys
            The chosen points' keys; the rows behind several points are listed once each.
        page
            The page to show, from 0.

        Returns
        -------
        str
            The listing's HTML (empty when no point is chosen), every text escaped.
        """
        keys = [key for key in keys if key is not None and 0 <= key < len(self.keys)]
        self._quiet = True
        try:
            self.point.value = keys[0] if len(keys) == 1 else -1
        finally:
            self._quiet = False
        if not keys:
            self.rows, self.listing.value = None, ""
            return ""
        frames = [rows_for(self.cube, self.filters, self.keys[key]) for key in keys]
        rows = frames[0] if len(frames) == 1 else pd.concat(frames)
        self.rows = rows[~rows.index.duplicated()]
        if len(keys) == 1:
            self.heading = escape_html(self.keys[keys[0]]["label_text"])
        else:
            self.heading = f"{len(keys):,} points selected"
        self.page = page
        self._show_page()
        return self.listing.value

    def show_rows(self, key: int | None, *, page: int = 0) -> str:
        """List the rows behind point ``key`` (an index into ``keys``), page ``page``."""
        return self.show_points([] if key is None else [key], page=page)

    def _show_page(self) -> None:
        self.listing.value = f"<p class='ronr-note'><b>{self.heading}</b></p>" + format_rows(
            self.rows, timezone=self.ws.timezone, page=self.page, page_size=self.page_size
        )

    def turn(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (−1) page of the rows listed."""
        if self.rows is None:
            return
        pages = max(1, -(-len(self.rows) // self.page_size))
        self.page = min(max(self.page + step, 0), pages - 1)
        self._show_page()


def explore(ws: Workspace, stage: str, *, interactive: bool = True):
    """Show the explorer of ``stage`` (listen, audience, channels, measure or tweak).

    Parameters
    ----------
    ws
        The client's workspace.
    stage
        Which stage's numbers to explore.
    interactive
        True in a live notebook (widgets); False in a rendered run, which shows the explorer's
        current state as plain plotly figures and tables instead of a widget.

    Returns
    -------
    Explorer or list of go.Figure
        The live explorer, or the figures shown.
    """
    if stage not in UPDATES:
        raise ValueError(f"stage must be one of {', '.join(UPDATES)}, not {stage!r}")
    if not interactive:
        return render_static(ws, stage)
    from IPython.display import display

    explorer = Explorer(ws, stage)
    display(explorer.box)
    return explorer
