"""The notebook widget a strategist labels the client's mentions with (a live kernel only).

One mention at a time: its text (escaped), channel and the label VADER gave; buttons Positive,
Neutral, Negative, Skip and Back; "12 of 100" progress. Each label is saved to the client's
labels.csv at once (:func:`ronr.labels.add_label`), so closing the notebook loses nothing and
the next session draws only mentions not labelled yet.

Keyboard: ipywidgets has no key handler for the page, and the project adds no dependency for
one (ipyevents). Instead a small "keys" box takes one key at a time: click into it once, then
type ``p`` (positive), ``u`` (neutral), ``n`` (negative), ``s`` (skip) or ``b`` (back); each
key acts at once and the box empties itself. Focus stays in the box, so a sample can be
labelled without the mouse. The buttons do the same.

Rendered by papermill (no one to click) the widget would be dead: a short note says how to
label instead.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from . import labels as labelling
from .show import show_note

KEYS = {"p": "positive", "+": "positive", "u": "neutral", "0": "neutral", "n": "negative"}
KEYS_HELP = "Keys: p positive · u neutral · n negative · s skip · b back"
NOT_INTERACTIVE = (
    "Labelling needs a live notebook: open the listen notebook in JupyterLab (make lab) and "
    "run its labelling cell to label a sample of the client's mentions. The labels are saved "
    "in the client's folder (labels.csv), and the report then says how often the sentiment "
    "agrees with people."
)


class LabelSession:
    """The state behind the widget, without any widget: which mention is shown, what was
    labelled. ``label(value)``, ``skip()`` and ``back()`` move through ``sample``; labels go
    to ``path`` as they are given."""

    def __init__(self, sample: pd.DataFrame, path, *, now=None):
        self.sample = sample.reset_index(drop=True)
        self.path = path
        self.position = 0
        self.given: dict[str, str] = {}
        self._now = now

    @property
    def done(self) -> bool:
        return self.position >= len(self.sample)

    @property
    def current(self) -> pd.Series | None:
        return None if self.done else self.sample.iloc[self.position]

    def label(self, value: str) -> None:
        """Label the mention shown, save it and show the next."""
        row = self.current
        if row is None:
            return
        labelling.add_label(
            self.path, str(row["mention_id"]), value, text=str(row["text"]), now=self._now
        )
        self.given[str(row["mention_id"])] = value
        self.position += 1

    def skip(self) -> None:
        """Leave the mention shown unlabelled (its text unclear, not about the brand)."""
        if not self.done:
            self.position += 1

    def back(self) -> None:
        """Show the mention before again (its label is replaced when labelled again)."""
        self.position = max(0, self.position - 1)

    def key(self, typed: str) -> None:
        """Act on a key typed in the keys box (see the module's notes); others do nothing."""
        for char in typed.lower():
            if char in KEYS:
                self.label(KEYS[char])
            elif char == "s":
                self.skip()
            elif char == "b":
                self.back()


def _card(session: LabelSession) -> str:
    """The mention shown, as escaped HTML."""
    total = len(session.sample)
    if session.done:
        count = len(session.given)
        return (
            f"<p><b>Done:</b> {count} mention{'' if count == 1 else 's'} labelled in this "
            "session and saved. Run the report again to see how often the sentiment agrees; "
            "run this cell again for another sample.</p>"
        )
    row = session.current
    given = session.given.get(str(row["mention_id"]))
    earlier = f" · you said <b>{html.escape(given)}</b>" if given else ""
    return (
        f"<p><b>{session.position + 1} of {total}</b> · channel "
        f"{html.escape(str(row['channel']))} · VADER read it as "
        f"<b>{html.escape(str(row['sentiment_label']))}</b>{earlier}</p>"
        "<blockquote style='white-space: pre-wrap; border-left: 3px solid #ccc; "
        f"padding-left: 0.8em'>{html.escape(str(row['text']))}</blockquote>"
    )


def label_mentions(
    ws, *, n: int = labelling.DEFAULT_SAMPLE, data_dir=None, interactive: bool = True, seed=0
) -> LabelSession | None:
    """Label a stratified sample of the client's mentions, one at a time, in the notebook.

    Parameters
    ----------
    ws
        The client's workspace (:func:`ronr.store.load_workspace`).
    n
        Mentions to draw (:func:`ronr.labels.sample_for_labelling`); those labelled before are
        never drawn again.
    data_dir
        The data folder holding ``clients/<client>/labels.csv``; None: the workspace's own.
    interactive
        False (a rendered report) shows a short note instead of a widget nobody can use.
    seed
        Seed of the draw.

    Returns
    -------
    LabelSession or None
        The session behind the widget; None when no widget is shown.
    """
    if not interactive:
        show_note(NOT_INTERACTIVE)
        return None
    path = labelling.labels_path(ws)
    if data_dir:
        from .paths import client_dir

        path = client_dir(ws.client, data_dir) / labelling.LABELS_FILE
    done = labelling.read_labels(path)
    sample = labelling.sample_for_labelling(
        labelling.labelled_population(ws), brand=ws.brand, n=n, seed=seed,
        skip=done["mention_id"],
    )  # fmt: skip
    if sample.empty:
        show_note(
            f"Every scored mention of {ws.brand} with text is labelled already "
            f"({len(done):,} labels)."
        )
        return None
    session = LabelSession(sample, path)
    card = widgets.HTML()
    keys = widgets.Text(
        placeholder="click here, then type p, u, n, s or b",
        description="Keys",
        continuous_update=True,
    )
    help_line = widgets.HTML(f"<small>{html.escape(KEYS_HELP)}</small>")
    buttons = {
        "Positive": lambda: session.label("positive"),
        "Neutral": lambda: session.label("neutral"),
        "Negative": lambda: session.label("negative"),
        "Skip": session.skip,
        "Back": session.back,
    }
    row = []

    def refresh() -> None:
        card.value = _card(session)
        for button in row:
            if button.description != "Back":
                button.disabled = session.done

    for name, act in buttons.items():
        button = widgets.Button(description=name)

        def clicked(_, act=act) -> None:
            act()
            refresh()

        button.on_click(clicked)
        row.append(button)

    def typed(change) -> None:
        if not change["new"]:
            return
        session.key(change["new"])
        keys.value = ""  # ready for the next key
        refresh()

    keys.observe(typed, names="value")
    refresh()
    display(widgets.VBox([card, widgets.HBox(row), keys, help_line]))
    return session
