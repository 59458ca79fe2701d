"""Check VADER's sentiment on the client's own mentions, against labels people gave.

A strategist labels a stratified sample of the client's mentions (:func:`sample_for_labelling`;
the notebook widget is :func:`ronr.label_widget.label_mentions`) as positive, neutral or
negative. The labels are kept in the client's folder, ``clients/<client>/labels.csv``, across
runs and never in the cache (a cache is a copy that may be deleted; labels are work). With
labels, :func:`check_sentiment` says how often VADER agrees with people (accuracy, macro
recall, the confusion matrix) and :func:`propose_overrides` names the domain words VADER
misreads, with a valence to give them in client.yaml (``sentiment.lexicon_overrides``).

labels.csv
----------
One row per labelled mention, in the order they were labelled; a mention labelled again keeps
its last label. Columns:

``mention_id``
    The mention's id, as in the mentions table (text).
``label``
    ``positive``, ``neutral`` or ``negative``: what the person read.
``labelled_at``
    When, in UTC, ISO 8601 (``2025-06-01T09:30:00Z``).
``text``
    The text shown when it was labelled (as written; for a person reading the file later).
    Text a spreadsheet would run as a formula is written with a ``'`` in front
    (:func:`ronr.spreadsheet.neutralise_formulas`).

Sources: Wilson, E.B. (1927), 'Probable inference, the law of succession, and statistical
inference', JASA 22 (accuracy's interval); Sokolova, M. & Lapalme, G. (2009), 'A systematic
analysis of performance measures for classification tasks', Information Processing and
Management 45(4) (macro recall); Hutto, C.J. & Gilbert, E. (2014), 'VADER: a parsimonious
rule-based model for sentiment analysis of social media text', ICWSM (the lexicon and its
−4..+4 valence scale).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, quote_content
from .paths import client_dir
from .sentiment import analyzer_for, write_atomically
from .spreadsheet import write_spreadsheet_csv
from .stats import wilson_interval

LABELS = ("positive", "neutral", "negative")
"""The labels a person gives, in the order tables show them."""
LABEL_COLUMNS = ["mention_id", "label", "labelled_at", "text"]
LABELS_FILE = "labels.csv"
DEFAULT_SAMPLE = 100
N_BOOT = 2000  # bootstrap resamples of macro recall's interval
BOOT_SEED = 0
PROPOSED_STRENGTH = 2.0  # least |valence| proposed: about VADER's "good" (1.9)
MAX_VALENCE = 4.0  # VADER's lexicon scale is −4..+4
_RANK = {"negative": -1, "neutral": 0, "positive": 1}
_WORD = re.compile(r"[a-z][a-z'’]*[a-z]")


def labels_path(ws) -> Path:
    """Where a client's labels live: ``<data folder>/clients/<client>/labels.csv``.

    In the client's own folder, beside client.yaml: never in the cache folder, which only
    holds copies that may be deleted.
    """
    return client_dir(ws.client, ws.data_dir) / LABELS_FILE


# ---------------------------------------------------------------------------------------------
# sampling


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Sample size per stratum: proportional to ``sizes``, at least one per stratum.

    Largest-remainder rounding of the quotas ``n × size / total``, each kept between 1 and
    the stratum's size. With fewer than ``n`` mentions in all, every one; with fewer ``n``
    than strata, one from each of the ``n`` largest strata (ties in stratum order).
    """
    total = int(sizes.sum())
    if n >= total:
        return sizes.copy()
    if n < len(sizes):
        largest = sizes.sort_values(ascending=False, kind="stable").index[:n]
        return pd.Series(sizes.index.isin(largest).astype(int), index=sizes.index)
    quota = sizes * n / total
    alloc = np.floor(quota).astype(int).clip(lower=1).clip(upper=sizes)
    while alloc.sum() < n:
        room = (quota - alloc).where(alloc < sizes)
        alloc[room.idxmax()] += 1
    while alloc.sum() > n:
        excess = (alloc - quota).where(alloc > 1)
        alloc[excess.idxmax()] -= 1
    return alloc


def sample_for_labelling(
    mentions: pd.DataFrame,
    *,
    brand: str,
    n: int = DEFAULT_SAMPLE,
    seed: int = 0,
    skip: Iterable[str] = (),
) -> pd.DataFrame:
    """A stratified sample of the client's mentions for a person to label.

    Strata are channel × the label VADER gave (positive, neutral, negative), so a rare
    channel and a rare label are both checked. Each stratum gets its proportional share of
    ``n`` and at least one mention (:func:`_allocate`); within a stratum mentions are drawn at
    random, and the sample is shuffled so the strata are mixed. The same input and ``seed``
    give the same sample.

    Parameters
    ----------
    mentions
        Mentions table (rows: mentions, one per brand named), with ``mention_id``, ``brand``,
        ``channel``, ``text`` and ``sentiment_label``.
    brand
        The client's brand: only its mentions are sampled.
    n
        Mentions wanted (fewer when fewer are left to label).
    seed
        Seed of the random draw.
    skip
        Mention ids already labelled (see :func:`read_labels`): never drawn again, nor another
        mention of the same text.

    Returns
    -------
    DataFrame
        ``mention_id channel sentiment_label text`` (and ``created_at`` when given), at most
        ``n`` rows: distinct mentions and distinct texts (a retweet is labelled once), scored
        and with text. Empty when none is left.

    Raises
    ------
    ValueError
        ``n`` is below 1.
    """
    if n < 1:
        raise ValueError(f"n is {n}; ask for at least 1 mention to label")
    columns = ["mention_id", "channel", "sentiment_label", "text"]
    columns += ["created_at"] if "created_at" in mentions else []
    own = mentions[mentions["brand"] == brand]
    text = own["text"].astype("string").str.strip()
    own = own[own["sentiment_label"].notna() & text.notna() & text.ne("")]
    done = own["mention_id"].astype(str).isin({str(i) for i in skip})
    own = own[~done & ~own["text"].isin(own.loc[done, "text"])]  # a labelled text is labelled
    own = own.assign(mention_id=own["mention_id"].astype(str)).sort_values(
        ["mention_id"], kind="stable"
    )
    own = own.drop_duplicates("mention_id").drop_duplicates("text")
    if own.empty:
        return pd.DataFrame(columns=columns)
    own = own.assign(channel=own["channel"].astype(str))
    groups = dict(list(own.groupby(["channel", "sentiment_label"], sort=True)))
    sizes = pd.Series({key: len(group) for key, group in groups.items()})
    alloc = _allocate(sizes, n)
    rng = np.random.default_rng(seed)
    drawn = [
        groups[key].iloc[np.sort(rng.choice(len(groups[key]), size=int(size), replace=False))]
        for key, size in alloc.items()
        if size
    ]
    sample = pd.concat(drawn)
    sample = sample.iloc[rng.permutation(len(sample))]
    return sample[columns].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# labels.csv


def _where(path: Path) -> str:
    """The file as a message names it: the client's folder and the file, no machine path."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _problem(path: Path, row: int, column: str, value: object, expected: str) -> InputError:
    shown = quote_content(repr(value))
    return InputError(
        f"{_where(path)}: row {row}, column {column}: {shown} is not valid; expected {expected}"
    )


def _clean(labels: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``labels`` checked and normalised: labels lower-case, times in UTC, one row per mention.

    Rows are counted from 1 after the header, as a spreadsheet shows them less one.
    """
    missing = [column for column in LABEL_COLUMNS[:3] if column not in labels]
    if missing:
        raise InputError(
            f"{_where(path)}: column {', '.join(missing)} is missing; expected the columns "
            f"{', '.join(LABEL_COLUMNS)}"
        )
    out = labels.reindex(columns=LABEL_COLUMNS).reset_index(drop=True)
    text = out["text"].astype(object)
    out["text"] = text.where(text.notna(), "").astype(str)
    ids, values, stamps = [], [], []
    for row, (mention, label, when) in enumerate(
        out[["mention_id", "label", "labelled_at"]].itertuples(index=False), start=1
    ):
        mention_text = "" if pd.isna(mention) else str(mention).strip()
        if not mention_text:
            raise _problem(path, row, "mention_id", mention, "the id of a mention")
        value = str(label).strip().lower() if isinstance(label, str) else label
        if value not in LABELS:
            raise _problem(path, row, "label", label, "positive, neutral or negative")
        try:
            stamp = pd.Timestamp(when)
            if pd.isna(stamp):
                raise ValueError
        except (ValueError, TypeError):
            raise _problem(
                path, row, "labelled_at", when, "a time such as 2025-06-01T09:30:00Z"
            ) from None
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        ids.append(mention_text)
        values.append(value)
        stamps.append(stamp)
    out["mention_id"] = pd.Series(ids, dtype=object)
    out["label"] = pd.Series(values, dtype=object)
    out["labelled_at"] = pd.to_datetime(pd.Series(stamps, dtype=object), utc=True)
    return out.drop_duplicates("mention_id", keep="last").reset_index(drop=True)


def read_labels(path: str | Path) -> pd.DataFrame:
    """The labels in ``path`` (a labels.csv, see the module's notes), one row per mention.

    A missing file is no label yet: an empty table. A mention labelled twice keeps its last
    row.

    Returns
    -------
    DataFrame
        ``mention_id`` (text), ``label`` (positive, neutral, negative), ``labelled_at``
        (UTC time) and ``text``.

    Raises
    ------
    InputError
        A value is wrong or a column missing; the message names the file, the row (counted
        from 1 after the header), the column and the values expected.
    """
    path = Path(path)
    if not path.exists():
        return _clean(pd.DataFrame(columns=LABEL_COLUMNS), path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            f"{_where(path)}: cannot be read as a CSV of labels ({quote_content(str(exc))}); "
            f"expected the columns {', '.join(LABEL_COLUMNS)}"
        ) from None
    return _clean(raw, path)


def write_labels(labels: pd.DataFrame, path: str | Path) -> None:
    """Write ``labels`` to ``path`` (a labels.csv) atomically, one row per mention.

    Checked as :func:`read_labels` checks a file, so a wrong value never reaches the file;
    times are written in UTC (ISO 8601), text a spreadsheet would run as a formula with a
    ``'`` in front. A reader sees the old file or the new one, never half of one.

    Raises
    ------
    InputError
        A value is wrong (naming the row, the column and the values expected).
    """
    path = Path(path)
    clean = _clean(labels, path)
    clean["labelled_at"] = clean["labelled_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda tmp: write_spreadsheet_csv(clean, tmp))


def add_label(
    path: str | Path, mention_id: str, label: str, *, text: str = "", now=None
) -> pd.DataFrame:
    """Record one label in ``path`` (a mention labelled before gets its new label) and
    return every label now in the file."""
    labels = read_labels(path)
    stamp = pd.Timestamp.now(tz="UTC") if now is None else pd.Timestamp(now)
    row = pd.DataFrame(
        [{"mention_id": str(mention_id), "label": label, "labelled_at": stamp, "text": text}]
    )
    labels = labels[labels["mention_id"] != str(mention_id)]
    labels = pd.concat([labels, row], ignore_index=True) if len(labels) else row
    write_labels(labels, path)
    return read_labels(path)


# ---------------------------------------------------------------------------------------------
# the check


@dataclass(frozen=True)
class SentimentCheck:
    """How VADER's labels agree with people's on one client's labelled mentions.

    ``n`` labelled mentions with a VADER label; ``accuracy`` (share agreeing) with its 95%
    Wilson interval; ``macro_recall`` (mean over the classes people used of the share of
    that class VADER found) with its 95% bootstrap percentile interval; ``recall`` per class
    (positive, neutral, negative; missing for a class people never used); ``confusion`` the
    3 × 3 counts, rows what people said, columns what VADER read. ``unscored``: labelled
    mentions VADER did not score (another language); ``not_found``: labels of mentions not
    in the data.
    """

    n: int
    correct: int
    accuracy: float
    accuracy_low: float
    accuracy_high: float
    macro_recall: float
    macro_recall_low: float
    macro_recall_high: float
    recall: pd.Series
    confusion: pd.DataFrame
    unscored: int = 0
    not_found: int = 0


def _joined(mentions: pd.DataFrame, labels: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Labels beside VADER's label and the text, one row per labelled mention found."""
    predicted = mentions.assign(mention_id=mentions["mention_id"].astype(str)).drop_duplicates(
        "mention_id"
    )[["mention_id", "sentiment_label", "text"]]
    truth = labels[["mention_id", "label"]].assign(mention_id=labels["mention_id"].astype(str))
    joined = truth.merge(predicted, on="mention_id", how="inner")
    not_found = len(truth) - len(joined)
    scored = joined["sentiment_label"].isin(LABELS)
    return joined[scored].reset_index(drop=True), int((~scored).sum()), int(not_found)


def confusion_matrix(truth: pd.Series, predicted: pd.Series) -> pd.DataFrame:
    """The 3 × 3 counts: rows what people said, columns what VADER read (client words)."""
    table = pd.crosstab(
        pd.Categorical(truth, categories=LABELS),
        pd.Categorical(predicted, categories=LABELS),
        dropna=False,
    ).reindex(index=list(LABELS), columns=list(LABELS), fill_value=0)
    table.index = pd.Index(list(LABELS), name="People said")
    table.columns = [f"VADER read {label}" for label in LABELS]
    return table.astype("int64")


def _macro_recall(truth: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """Macro recall per row of ``truth`` (class codes 0..2) and ``hit`` (bool), rows being
    resamples: the mean over the classes present in the row of that class's hit share."""
    recalls = []
    for code in range(len(LABELS)):
        in_class = truth == code
        count = in_class.sum(axis=-1)
        hits = (in_class & hit).sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            recalls.append(np.where(count > 0, hits / np.maximum(count, 1), np.nan))
    return np.nanmean(np.stack(recalls), axis=0)


def check_sentiment(
    mentions: pd.DataFrame, labels: pd.DataFrame, *, n_boot: int = N_BOOT, seed: int = BOOT_SEED
) -> SentimentCheck:
    """How often VADER's label agrees with the label a person gave, on the client's data.

    Parameters
    ----------
    mentions
        Mentions with ``mention_id``, ``sentiment_label`` and ``text`` (a mention naming two
        brands, on two rows, counts once).
    labels
        Labels as :func:`read_labels` returns them (``mention_id``, ``label``).
    n_boot, seed
        Bootstrap resamples of macro recall's interval, and their seed (fixed: the same labels
        give the same interval).

    Returns
    -------
    SentimentCheck
        Over the ``n`` labelled mentions that VADER scored:

        * accuracy = correct / n (share, 0–1), 95% Wilson (1927) score interval, which stays
          inside [0, 1];
        * recall of class c = mentions of c VADER read as c / mentions people labelled c;
        * macro recall = mean of the recalls of the classes present in the labels (Sokolova &
          Lapalme 2009): a rare class weighs as much as a common one, unlike accuracy; 95%
          percentile interval of ``n_boot`` resamples of the labelled mentions (with
          replacement; each resample's mean over the classes it holds);
        * the confusion matrix: rows what people said, columns what VADER read.

        With no labelled mention found, n is 0 and every share missing.
    """
    joined, unscored, not_found = _joined(mentions, labels)
    n = len(joined)
    confusion = confusion_matrix(joined["label"], joined["sentiment_label"])
    correct = int(np.trace(confusion.to_numpy()))
    if n == 0:
        return SentimentCheck(
            n=0, correct=0, accuracy=math.nan, accuracy_low=math.nan, accuracy_high=math.nan,
            macro_recall=math.nan, macro_recall_low=math.nan, macro_recall_high=math.nan,
            recall=pd.Series(math.nan, index=list(LABELS), name="recall"),
            confusion=confusion, unscored=unscored, not_found=not_found,
        )  # fmt: skip
    low, high = wilson_interval([correct], [n])
    said = confusion.sum(axis=1)
    recall = pd.Series(np.diag(confusion.to_numpy()) / said.where(said > 0), name="recall")
    recall.index = list(LABELS)
    codes = joined["label"].map({label: i for i, label in enumerate(LABELS)}).to_numpy()
    hit = (joined["label"] == joined["sentiment_label"]).to_numpy()
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(n_boot, n))
    boots = _macro_recall(codes[picks], hit[picks])
    return SentimentCheck(
        n=n,
        correct=correct,
        accuracy=correct / n,
        accuracy_low=float(low.iloc[0]),
        accuracy_high=float(high.iloc[0]),
        macro_recall=float(recall.mean()),
        macro_recall_low=float(np.percentile(boots, 2.5)),
        macro_recall_high=float(np.percentile(boots, 97.5)),
        recall=recall,
        confusion=confusion,
        unscored=unscored,
        not_found=not_found,
    )


# ---------------------------------------------------------------------------------------------
# lexicon overrides


PROPOSAL_COLUMNS = [
    "word", "reading", "vader_valence", "proposed_valence", "mentions_labelled", "misread",
    "said_positive", "said_neutral", "said_negative",
]  # fmt: skip


def _words(text: str) -> set[str]:
    """The words of ``text`` as VADER looks them up: lower case, letters (and apostrophes),
    three letters or more, English stop words left out."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return {w for w in _WORD.findall(str(text).lower()) if len(w) >= 3} - ENGLISH_STOP_WORDS


def propose_overrides(
    mentions: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    min_count: int = 3,
    min_share: float = 0.8,
    terms: Iterable[str] = (),
    overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Domain words VADER misreads in the client's labelled mentions, with a valence to give
    them (``sentiment.lexicon_overrides`` in client.yaml).

    A word is proposed when it is in at least ``min_count`` different texts VADER misread
    (the same template posted by many, brands masked, is one text; a word whose sign would
    turn needs twice as many), at least ``min_share`` of those were misread the same way (read too negative, or too
    positive) with people saying the same label, and at least half of all the labelled
    mentions holding the word were misread (a common word, in right and wrong readings
    alike, says nothing about either).

    Parameters
    ----------
    mentions
        Mentions with ``mention_id``, ``sentiment_label`` and ``text``.
    labels
        Labels as :func:`read_labels` returns them.
    min_count
        Different misread texts a word must be in.
    min_share
        Share of those that must agree in direction and in what people said.
    terms
        The tracked brands' names, handles and keywords (:func:`ronr.brands.brand_terms`):
        masked as the scorer masks them, so a brand's name is never proposed.
    overrides
        The client's current overrides: the valence VADER reads a word with now.

    Returns
    -------
    DataFrame
        One row per word, most misread mentions first: ``word``; ``reading`` (in words: read
        too negative, too positive); ``vader_valence``, the valence VADER reads it with now,
        and ``proposed_valence`` (both on VADER's −4..+4 scale, Hutto & Gilbert 2014): 0 when
        people said neutral, else the word's present strength (at least 2.0, about "good")
        with the sign of what people said; ``mentions_labelled`` holding the word,
        ``misread`` of them, and ``said_positive/neutral/negative`` among the misread.
    """
    from .text import mask_for_sentiment

    joined, _, _ = _joined(mentions, labels)
    if joined.empty:
        return pd.DataFrame(columns=PROPOSAL_COLUMNS)
    masked = mask_for_sentiment(joined["text"], terms=terms).fillna("")
    lexicon = analyzer_for(overrides).lexicon
    direction = np.sign(joined["label"].map(_RANK) - joined["sentiment_label"].map(_RANK))
    # one template posted by many (the same words once the brands are masked) is one text
    key = masked.str.lower().str.split().str.join(" ")
    rows = pd.DataFrame(
        {"words": masked.map(_words), "label": joined["label"], "direction": direction, "key": key}
    ).explode("words")
    rows = rows[rows["words"].notna()]
    proposals = []
    for word, group in rows.groupby("words", sort=True):
        wrong = group[group["direction"] != 0]
        texts = wrong["key"].nunique()
        if texts < min_count or len(wrong) < 0.5 * len(group):
            continue
        said = wrong["label"].value_counts()
        top = said.idxmax()
        same = wrong[(wrong["label"] == top)]
        if said.max() < min_share * len(wrong) or same["direction"].nunique() != 1:
            continue
        current = float(lexicon.get(word, 0.0))
        sign = _RANK[top]
        proposed = round(min(max(abs(current), PROPOSED_STRENGTH), MAX_VALENCE) * sign, 1)
        if proposed == current:
            continue
        if current * proposed < 0 and texts < 2 * min_count:
            continue  # turning a word's sign around needs twice the evidence
        proposals.append(
            {
                "word": word,
                "reading": "read too negative"
                if same["direction"].iloc[0] > 0
                else "read too positive",
                "vader_valence": current,
                "proposed_valence": proposed + 0.0,  # no −0.0
                "mentions_labelled": len(group),
                "misread": len(wrong),
                **{f"said_{label}": int(said.get(label, 0)) for label in LABELS},
            }
        )
    table = pd.DataFrame(proposals, columns=PROPOSAL_COLUMNS)
    table = table.sort_values(["misread", "word"], ascending=[False, True], kind="stable")
    return table.astype(
        {"mentions_labelled": "int64", "misread": "int64"}
        | {f"said_{label}": "int64" for label in LABELS}
    ).reset_index(drop=True)


def overrides_yaml(proposals: pd.DataFrame) -> str:
    """The proposals as client.yaml's lines: ``sentiment: {lexicon_overrides: {...}}``."""
    pairs = ", ".join(
        f"{word}: {valence:g}"
        for word, valence in zip(proposals["word"], proposals["proposed_valence"], strict=True)
    )
    return f"sentiment: {{lexicon_overrides: {{{pairs}}}}}"


# ---------------------------------------------------------------------------------------------
# a workspace's check


def labelled_population(ws) -> pd.DataFrame:
    """The client's mentions labels can refer to: the period's and those before it."""
    parts = [ws.mentions_before, ws.mentions]
    frames = [frame for frame in parts if frame is not None and len(frame)]
    if not frames:
        return ws.mentions.iloc[:0]
    every = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return every[every["brand"] == ws.brand]


def workspace_check(ws) -> tuple[SentimentCheck, pd.DataFrame] | None:
    """The check and the proposed overrides of a workspace's client; None without labels.

    Memoised per workspace only while labels.csv is unchanged (its size and time are in the
    key), so a label saved in the notebook shows at the next run of the cell.
    """
    path = labels_path(ws)
    if not path.exists():
        return None
    stat = path.stat()
    key = f"labels.check|{stat.st_size}|{stat.st_mtime_ns}"

    def compute():
        from .brands import brand_terms

        labels = read_labels(path)
        if labels.empty:
            return None
        population = labelled_population(ws)
        check = check_sentiment(population, labels)
        proposals = propose_overrides(
            population,
            labels,
            terms=brand_terms(ws.config.brands),
            overrides=ws.config.sentiment.lexicon_overrides,
        )
        return check, proposals

    return ws.memo(key, compute)


def percent(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


def sentiment_check_headline(ws) -> dict | None:
    """The cover's line on how far the sentiment can be trusted for this client.

    Returns
    -------
    dict or None
        ``label`` ("Sentiment accuracy"), ``value`` ("82% accurate"), ``metric``
        ("sentiment_accuracy"), ``n`` (labelled mentions), ``number`` (the accuracy, 0–1) —
        the fields of :class:`ronr.summary.Headline` — and ``detail``, one sentence with the
        interval and macro recall. None when no label of the client's mentions exists.
    """
    result = workspace_check(ws)
    if result is None or result[0].n == 0:
        return None
    check = result[0]
    return {
        "label": "Sentiment accuracy",
        "value": f"{check.accuracy:.0%} accurate",
        "metric": "sentiment_accuracy",
        "n": check.n,
        "number": check.accuracy,
        "detail": (
            f"VADER agreed with people on {check.correct} of {check.n} labelled mentions "
            f"(95% interval {percent(check.accuracy_low)}–{percent(check.accuracy_high)}); macro "
            f"recall {percent(check.macro_recall)} ({percent(check.macro_recall_low)}–"
            f"{percent(check.macro_recall_high)})."
            + (
                " Read with the client's own lexicon words: if they were chosen from these "
                "labels, the agreement looks better than it is; label a fresh sample to check."
                if ws.config.sentiment.lexicon_overrides
                else ""
            )
        ),
    }
