"""Blocks of the listen section: volume, share of voice, sentiment, FAQ themes, new terms."""

from __future__ import annotations

from .. import listen, plots, sections, themes
from ..show import Chart, Note, Table, context_note, coverage_notes, metric_formats, missing_notes
from ..store import Workspace
from .order import client_first

FAQ_COLUMNS = ["label", "n", "share", "mean_sentiment", "trend", "small_sample", "examples"]


def _rivals_notes(ws: Workspace, needed_for: str) -> list[Note]:
    if ws.config.competitors:
        return []
    return [
        Note(
            f"No competitors in client.yaml, so {needed_for} has nothing to compare with. Add the "
            "competitors' names, handles and keywords under competitors: in client.yaml.",
            kind="missing",
        )
    ]


def intro(ws: Workspace) -> list:
    """The section's context line, and which export supplies mentions when there are none."""
    return [
        context_note(ws),
        *missing_notes(
            ws,
            "mentions",
            needed_for="listening",
            export_hint="Add a mentions export (generic mentions CSV) or a conversation export.",
        ),
    ]


def volume_chart(ws: Workspace) -> list:
    """Mentions per brand per week."""
    if not len(ws.mentions):
        return []
    weekly = listen.count_mentions(ws.mentions, freq="W", timezone=ws.timezone)
    return [
        Chart(
            plots.plot_mention_volume(
                weekly, brand=ws.brand, timezone=ws.timezone, span=ws.covered_span("mentions")
            )
        )
    ]


def share_of_voice_table(ws: Workspace) -> list:
    """Share of voice per brand, by count and weighted (or why there is none)."""
    if not len(ws.mentions):
        return []
    missing = _rivals_notes(ws, "share of voice")
    if missing:
        return missing
    table = listen.share_of_voice(ws.mentions, brands=ws.config.brand_names)
    # every row holds the same count of distinct authors over all brands: say so in its name
    return [Table(client_first(table, ws).rename(columns={"authors": "authors_all_brands"}))]


def share_of_voice_chart(ws: Workspace) -> list:
    """Share of voice per week."""
    if not len(ws.mentions) or not ws.config.competitors:
        return []
    weekly = listen.share_of_voice(
        ws.mentions, brands=ws.config.brand_names, freq="W", timezone=ws.timezone, n_boot=0
    )
    return [
        Chart(
            plots.plot_share_of_voice(
                weekly, brand=ws.brand, timezone=ws.timezone, span=ws.covered_span("mentions")
            )
        )
    ]


def share_of_voice_by_channel(ws: Workspace) -> list:
    """The client's share of voice per channel."""
    if not len(ws.mentions) or not ws.config.competitors:
        return []
    table = listen.share_of_voice(ws.mentions, brands=ws.config.brand_names, by="channel")
    return [Table(table[table["brand"] == ws.brand])]


def sentiment_table(ws: Workspace) -> list:
    """Positive, neutral and negative mentions and net sentiment per brand."""
    return [Table(client_first(listen.net_sentiment(ws.mentions), ws))] if len(ws.mentions) else []


def sentiment_chart(ws: Workspace) -> list:
    """Net sentiment per brand per week."""
    if not len(ws.mentions):
        return []
    weekly = listen.net_sentiment(ws.mentions, freq="W", timezone=ws.timezone)
    return [
        Chart(
            plots.plot_net_sentiment(
                weekly, brand=ws.brand, timezone=ws.timezone, span=ws.covered_span("mentions")
            )
        )
    ]


def languages(ws: Workspace) -> list:
    """Mentions per language and how many are scored."""
    return [Table(listen.language_mix(ws.mentions))] if len(ws.mentions) else []


def _extremes(ws: Workspace, which: str) -> list:
    if not len(ws.mentions):
        return []
    table = listen.extreme_mentions(ws.mentions, brand=ws.brand, which=which)
    table["created_at"] = table["created_at"].dt.tz_convert(ws.timezone)  # the client's clock
    return [
        Note(f"Most {which}:"),
        Table(table, empty=f"No mention of the brand is {which}."),
    ]


def most_negative(ws: Workspace) -> list:
    """The most negative mentions of the client (distinct texts)."""
    return _extremes(ws, "negative")


def most_positive(ws: Workspace) -> list:
    """The most positive mentions of the client (distinct texts)."""
    return _extremes(ws, "positive")


def faq(ws: Workspace) -> list:
    """The themes of the questions and complaints that need an answer."""
    if not len(ws.mentions):
        return []
    model, table = sections.faq_themes(ws)
    return [*_sample_notes(model.n_texts, model.n_distinct), Table(table[FAQ_COLUMNS])]


def _sample_notes(n_texts: int, n_distinct: int) -> list[Note]:
    """The note saying themes were found on a sample of the texts, when they were."""
    note = themes.sample_note(n_texts, n_distinct)
    return [Note(note)] if note else []


def competitor_themes(ws: Workspace) -> list:
    """Shared themes and each brand's net sentiment in them."""
    if not len(ws.mentions):
        return []
    missing = _rivals_notes(ws, "comparing themes")
    if missing:
        return missing
    compared = sections.compared_themes(ws)
    contrast = themes.contrast_themes(compared).rename(columns={"client_net_sentiment": ws.brand})
    return [
        Note(
            f"Net sentiment per theme: {ws.brand}'s against the competitors' "
            "together (their positive and negative mentions pooled). Themes where the two differ "
            "most come first; a side with fewer than 10 positive or negative mentions in a theme "
            "shows no value."
        ),
        *_sample_notes(
            compared.attrs.get("fitted_texts", 0), compared.attrs.get("distinct_texts", 0)
        ),
        Table(contrast, formats=metric_formats([ws.brand], metric="net_sentiment")),
    ]


def emerging_terms(ws: Workspace) -> list:
    """Terms much more frequent in the last 28 covered days than in the baseline before."""
    if not len(ws.mentions):
        return []
    terms = sections.emerging_terms(ws)
    return [
        *coverage_notes(ws, "mentions"),
        Table(
            terms.head(15),
            empty="No term stands out in the last 28 days (tested at a 5% false discovery rate).",
        ),
    ]


NOT_CHECKED = (
    "Sentiment has not been checked against people for this client: label a sample in the "
    "listen notebook (its labelling cell, in JupyterLab). The labels are kept in the client's "
    "folder as labels.csv, and this part then says how often the sentiment agrees with them."
)


def sentiment_check(ws: Workspace) -> list:
    """How often VADER's sentiment agrees with people's labels of the client's mentions:
    accuracy and macro recall with their intervals, the confusion matrix, and the domain
    words to give their own valence in client.yaml (or how to label, without labels)."""
    from .. import labels

    result = labels.workspace_check(ws)
    if result is None or result[0].n == 0:
        return [Note(NOT_CHECKED, kind="missing")]
    check, proposals = result
    pct = labels.percent
    recall = ", ".join(
        f"{label} {pct(value)}" for label, value in check.recall.items() if value == value
    )
    blocks = [
        Note(
            f"People labelled {check.n:,} of {ws.brand}'s mentions; VADER's sentiment agreed on "
            f"{check.correct:,}: {pct(check.accuracy)} accurate (95% interval "
            f"{pct(check.accuracy_low)}–{pct(check.accuracy_high)}). Macro recall "
            f"{pct(check.macro_recall)} (95% interval {pct(check.macro_recall_low)}–"
            f"{pct(check.macro_recall_high)}): the mean of how often it finds each kind of "
            f"mention ({recall}), so a rare kind counts as much as a common one."
        ),
    ]
    skipped = []
    if check.unscored:
        skipped.append(f"{check.unscored:,} labelled mentions have no sentiment (another language)")
    if check.not_found:
        skipped.append(f"{check.not_found:,} labels are of mentions not in these exports")
    if skipped:
        blocks.append(Note("Left out: " + "; ".join(skipped) + "."))
    blocks.append(Note("What people said (rows) against what VADER read (columns):"))
    blocks.append(Table(check.confusion.reset_index()))
    overrides = ws.config.sentiment.lexicon_overrides
    if overrides:
        blocks.append(
            Note(
                f"The sentiment is read with {len(overrides)} word"
                f"{'' if len(overrides) == 1 else 's'} of the client's own in VADER's lexicon "
                f"(version {ws.lexicon_version}). Words chosen from these labels make the "
                "agreement look better than it is: label a fresh sample to check them.",
                kind="limit",
            )
        )
    if proposals.empty:
        blocks.append(Note("No word is misread consistently enough to propose a lexicon override."))
        return blocks
    blocks += [
        Note(
            "Words VADER misreads in the labelled mentions, with a valence to give them "
            "(VADER's scale, −4 to +4). To apply them, add to client.yaml: "
            + labels.overrides_yaml(proposals)
        ),
        Table(
            proposals,
            formats={"vader_valence": "{:+.1f}", "proposed_valence": "{:+.1f}"},
        ),
    ]
    return blocks
