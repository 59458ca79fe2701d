"""Themes: what people talk about (TF-IDF + k-means), the FAQ, and the terms that are new.

Listening at scale means grouping: thousands of mentions say a handful of things. This module
groups mention texts into themes and answers three questions with them: what are the questions
and complaints we should answer (:func:`question_themes`, the FAQ), where are competitors
praised and we are not (:func:`compare_themes`), and which words are suddenly new
(:func:`emerging_terms`, the early warning of an incident).

Method
------
Texts are normalised the same way everywhere: lower-cased, accents stripped (``café`` =
``cafe``), web addresses removed; a term is a word of two or more characters holding at least
one letter (numbers alone are not terms), or two such words in a row (a bigram). English stop
words, a few web leftovers (``http``, ``www``, ``amp``, ``rt``, ...) and the caller's
``stop_words`` are dropped before bigrams are formed. Pass every tracked brand's names, handles
and keywords as ``stop_words`` (:func:`collect_brand_terms` lists them from a client config),
or the brands themselves become the themes. A multi-word stop word such as ``Daily Grind`` is
removed as a phrase, so "daily" alone stays a term.

Social texts repeat (retweets, copy-pasted complaints, templates), so each function works on the
distinct texts and weighs each by the number of mentions that carry it: a text posted 500 times
counts 500 times, but is vectorised once, and once per report: the report's theme models share
one :class:`TextCounts` (:func:`ronr.sections.theme_counts`), which cuts each distinct text into
terms the first time any of them meets it. Fitting (:func:`fit_themes`):

0. At most :data:`MAX_FIT_TEXTS` (20,000) distinct texts are fitted. With more, the themes are
   found on a random sample of them drawn with ``seed`` (stratified by brand when brands are
   compared), each sampled text weighing the mentions it stands for (Horvitz & Thompson
   1952); every text is then placed in its nearest theme, and the report says a sample was
   used (:func:`sample_note`). Below the cap nothing changes.
1. TF-IDF on the distinct texts (inverse document frequency over distinct texts, L2-normalised
   rows). From 20 distinct texts on, a term must occur in at least 2 mentions (``min_df`` 2,
   counting repeated texts); at most the 20,000 most frequent terms are kept.
2. k-means (scikit-learn, k-means++, ``n_init`` = 4, ``random_state`` = ``seed``: the same
   texts and seed give the same themes) on the distinct non-empty vectors, each weighted by its
   mention count. Texts with no known term cannot be placed: they are theme ``-1``, "other".
3. The number of themes, unless given, is the rule of thumb k ≈ √(n / 2) (Mardia, Kent & Bibby
   1979), n = distinct texts with at least one known term, rounded and kept between 2 and 10;
   it is never more than the number of distinct vectors (so 3 distinct texts give at most 3
   themes, whatever ``n_themes`` asks).
4. Themes are numbered by size (mentions in the fitted texts), 0 the largest. A theme's label
   is its 3 top centroid terms joined by " · " (fewer when the centroid has fewer), without
   repeating a word: a bigram takes the place of its own words already shown (not
   "cold · brew · cold brew" but "cold brew · ..."), and a word already shown, or a bigram
   sharing a word with a bigram already shown, is skipped.

The similarity of a text to a theme is the cosine of the angle between the text's TF-IDF vector
and the theme's centroid (:meth:`ThemeModel.similarity`; Salton & McGill 1983). A text is always
placed in its nearest theme, the k-means rule; :meth:`ThemeModel.assign` can also send a text
whose similarity to that theme is below ``min_similarity`` to "other", which the content gap
(:func:`ronr.audience.content_themes`) does so that a post is not forced into a theme it barely
touches.

Time buckets (:func:`summarise_themes`) and the windows of :func:`emerging_terms` are days,
weeks and months of the client's time zone (``timezone``, an IANA name; UTC by default).

Mention texts are untrusted: they are handled as plain strings only, never parsed as HTML or
run. ``<script>`` in a mention is just the words "script" and "alert" to the vectoriser, and
examples are returned exactly as written. Escape them when rendering (the report does).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse, stats
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfTransformer,
    strip_accents_unicode,
)

from .derive import needs_answer_of
from .periods import time_key
from .stats import SMALL_SAMPLE, net_sentiment_interval

__all__ = [
    "COMPARE_COLUMNS",
    "CONTRAST_COLUMNS",
    "EMERGING_COLUMNS",
    "MAX_FIT_TEXTS",
    "OTHER",
    "OTHER_LABEL",
    "SUMMARY_COLUMNS",
    "TextCounts",
    "ThemeModel",
    "collect_brand_terms",
    "compare_themes",
    "contrast_themes",
    "default_n_themes",
    "emerging_terms",
    "fit_themes",
    "question_themes",
    "sample_note",
    "summarise_themes",
]

OTHER = -1  # the theme of texts with no known term (and of missing texts)
OTHER_LABEL = "Other topics"  # the catch-all theme, as a client reads it
MIN_THEMES, MAX_THEMES = 2, 10
N_INIT = 4  # k-means restarts (k-means++ starts; the best of 4 is kept)
MIN_DF_TEXTS = 20  # from this many distinct texts on, a term needs at least 2 mentions
MAX_TERMS = 20_000
# At most this many distinct texts are fitted (vocabulary, IDF and k-means); beyond it a seeded
# random sample of them is (:func:`fit_themes`), and every text is still placed in its nearest
# theme. Fitting costs grow with the texts: on 1M mentions fitting every distinct text took
# 94 s of a 156 s report. 20,000 texts still give each of at most 10 themes about 2,000 texts
# on average, and a client below the cap (every demo client) is fitted on all its texts.
MAX_FIT_TEXTS = 20_000
LABEL_TERMS = 3
TOP_TERMS = 10
# a brand is praised in a theme when the lower bound of its net sentiment's 95% Wilson interval
# is at least this: clearly (not by one happy customer) at least 60 % of its signed mentions
# positive, as 0.2 = 2 · 0.6 − 1; a lower bound just above 0 would call +0.03 on 5,000 "praise"
PRAISED = 0.2
FDR = 0.05  # false discovery rate of the emerging terms (Benjamini & Hochberg 1995)

SUMMARY_COLUMNS = (
    "theme",
    "label",
    "n",
    "share",
    "positive",
    "negative",
    "mean_sentiment",
    "net_sentiment",
    "net_sentiment_low",
    "net_sentiment_high",
    "per_period",
    "trend",
    "small_sample",
    "examples",
)
COMPARE_COLUMNS = (
    "theme",
    "label",
    "brand",
    "is_client",
    "n",
    "share",
    "positive",
    "negative",
    "net_sentiment",
    "net_sentiment_low",
    "net_sentiment_high",
    "small_sample",
    "praised",
    "competitor_praised_client_not",
)
EMERGING_COLUMNS = (
    "term",
    "recent",
    "baseline",
    "recent_per_day",
    "baseline_per_day",
    "lift",
    "p_value",
    "q_value",
)

_URL = re.compile(r"https?://\S+|www\.\S+")
# a word of 2+ characters with at least one letter: "cold", "4k", "oat_milk"; not "2025"
_TOKEN = r"(?u)\b(?=\w*[^\W\d_])\w\w+\b"
_WEB_NOISE = frozenset({"http", "https", "www", "com", "amp", "quot", "nbsp", "rt", "via"})
_PERIOD_STEP = {"D": "D", "W": "7D", "MS": "MS"}


# ---------------------------------------------------------------------------------------------
# Text preparation
# ---------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return _URL.sub(" ", strip_accents_unicode(text.lower()))


class _Preprocess:
    """Normalise a text and blank out the multi-word stop phrases (picklable, unlike a lambda)."""

    def __init__(self, phrases: Sequence[tuple[str, ...]]):
        self.phrases = tuple(phrases)
        self.pattern = (
            re.compile(
                "|".join(r"\b" + r"\W+".join(map(re.escape, p)) + r"\b" for p in self.phrases)
            )
            if self.phrases
            else None
        )

    def __call__(self, text: str) -> str:
        text = _normalise(text)
        return self.pattern.sub(" ", text) if self.pattern is not None else text


def _stop_terms(stop_words: Iterable[str]) -> tuple[list[str], _Preprocess]:
    """The single-word stop list and the preprocessor that removes multi-word stop phrases."""
    if isinstance(stop_words, str):
        stop_words = (stop_words,)
    singles = set(ENGLISH_STOP_WORDS) | _WEB_NOISE
    phrases = set()
    for word in stop_words:
        if word is None or (isinstance(word, float) and math.isnan(word)):
            continue
        parts = tuple(re.findall(r"\w+", _normalise(str(word))))
        if len(parts) == 1:
            singles.add(parts[0])
        elif parts:
            phrases.add(parts)
    ordered = sorted(phrases, key=lambda p: (-len(p), p))  # longest phrase first
    return sorted(singles), _Preprocess(ordered)


def _counter(stop_list: list[str], preprocess: _Preprocess, **options) -> CountVectorizer:
    return CountVectorizer(
        preprocessor=preprocess,
        token_pattern=_TOKEN,
        stop_words=stop_list,
        ngram_range=(1, 2),
        **options,
    )


def _factorize(texts) -> tuple[np.ndarray, np.ndarray]:
    """Codes into the distinct texts (-1 where missing) and the distinct texts, as str."""
    values = pd.Series(texts, copy=False) if not isinstance(texts, pd.Series) else texts
    values = values.astype("string")
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def _row_keys(matrix: sparse.csr_matrix) -> np.ndarray:
    """One code per row; equal rows get equal codes."""
    matrix = matrix.tocsr()
    matrix.sort_indices()
    ptr, idx, data = matrix.indptr, matrix.indices, np.round(matrix.data, 12)
    keys = [idx[a:b].tobytes() + data[a:b].tobytes() for a, b in itertools.pairwise(ptr)]
    return pd.factorize(pd.Series(keys, dtype=object))[0]


def collect_brand_terms(config) -> list[str]:
    """Every tracked brand's name, handles and keywords: the stop words for theme work.

    Parameters
    ----------
    config
        A :class:`ronr.config.ClientConfig` (anything with ``brand`` and ``competitors`` whose
        items have ``name``, ``handles`` and ``keywords``).
    """
    terms: list[str] = []
    for brand in (config.brand, *config.competitors):
        terms += [brand.name, *brand.handles, *brand.keywords]
    return list(dict.fromkeys(terms))


ADD_BLOCK = 50_000  # distinct texts analysed at once by TextCounts (bounds its peak memory)


class TextCounts:
    """Term counts of distinct texts, each text analysed once and shared by the theme models.

    A report fits two theme models (the FAQ, the competitors' shared themes) and places the
    same texts in them again and again (FAQ, content gap, responsiveness, incidents). Cutting a
    text into terms is the costly part, so it is done once per distinct text here: every model
    fitted with the same ``TextCounts`` reads its counts from it (:func:`fit_themes`), and
    :meth:`ThemeModel.assign` analyses only the texts it has not seen. The counts are those of
    :func:`fit_themes` (same normalisation, stop words and bigrams), over every term of the
    texts seen so far, in the order terms were first met.

    Parameters
    ----------
    stop_words
        As in :func:`fit_themes`; a model fitted with this object uses these stop words.

    Notes
    -----
    The vocabulary of every text seen is kept for the object's life (a report's workspace):
    words and bigrams, a few million strings on a million distinct texts, as much as one
    scikit-learn ``CountVectorizer`` fit on them holds.
    """

    def __init__(self, stop_words: Iterable[str] = ()):
        self.stop_list, self.preprocess = _stop_terms(stop_words)
        self._row_of: dict[str, int] = {}
        self._column_of: dict[str, int] = {}
        self._terms: list[str] = []
        self._blocks: list[sparse.csr_matrix] = []
        self._matrix = sparse.csr_matrix((0, 0), dtype=np.int64)

    @property
    def n_texts(self) -> int:
        """Distinct texts analysed so far."""
        return len(self._row_of)

    def terms(self, columns: np.ndarray) -> np.ndarray:
        """The terms of ``columns`` (column ids of :meth:`counts`), as an object array."""
        return np.asarray(self._terms, dtype=object)[np.asarray(columns, dtype=np.int64)]

    def rows(self, texts: np.ndarray) -> np.ndarray:
        """The row of each text (distinct strings), analysing the texts not seen before."""
        new = [t for t in dict.fromkeys(texts) if t not in self._row_of]
        if new:
            self._add(new)
        row_of = self._row_of
        return np.fromiter((row_of[t] for t in texts), dtype=np.int64, count=len(texts))

    def _add(self, texts: list[str]) -> None:
        # in blocks: one vectoriser over a million texts holds every bigram of them at once
        for start in range(0, len(texts), ADD_BLOCK):
            self._add_block(texts[start : start + ADD_BLOCK])

    def _add_block(self, texts: list[str]) -> None:
        counter = _counter(self.stop_list, self.preprocess)
        try:
            counts = counter.fit_transform(texts).tocsr()
            local = counter.get_feature_names_out()
        except ValueError:  # no text holds a single term
            counts = sparse.csr_matrix((len(texts), 0), dtype=np.int64)
            local = np.array([], dtype=object)
        column_of, terms = self._column_of, self._terms
        to_global = np.empty(len(local), dtype=np.int64)
        for i, term in enumerate(local):
            column = column_of.get(term)
            if column is None:
                column = column_of[term] = len(terms)
                terms.append(str(term))
            to_global[i] = column
        counts.indices = to_global[counts.indices].astype(counts.indices.dtype, copy=False)
        start = len(self._row_of)
        for i, text in enumerate(texts):
            self._row_of[text] = start + i
        self._blocks.append(counts)

    def counts(self, rows: np.ndarray) -> sparse.csr_matrix:
        """Term counts (int64) of ``rows`` of :meth:`rows`, one column per term seen so far."""
        width = len(self._terms)
        if self._blocks:
            blocks = [self._matrix, *self._blocks]
            self._matrix = sparse.vstack(
                [
                    sparse.csr_matrix((b.data, b.indices, b.indptr), shape=(b.shape[0], width))
                    for b in blocks
                ],
                format="csr",
                dtype=np.int64,
            )
            self._blocks = []
        elif self._matrix.shape[1] != width:
            m = self._matrix
            self._matrix = sparse.csr_matrix(
                (m.data, m.indices, m.indptr), shape=(m.shape[0], width)
            )
        picked = self._matrix[np.asarray(rows, dtype=np.int64)]
        picked.sort_indices()
        return picked


def _sample(
    codes: np.ndarray, uniques: np.ndarray, strata, max_texts: int | None, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct texts to fit (ids into ``uniques``, ascending) and their weights.

    With at most ``max_texts`` distinct texts (or ``max_texts`` None), all of them, each
    weighing its mentions. Above, a stratified random sample without replacement of the
    distinct (stratum, text) pairs, the stratum being ``strata`` of the row (a single stratum
    when None): ``max_texts`` pairs shared among the strata in proportion to their pairs
    (largest remainders), drawn with ``numpy.random.default_rng(seed)`` from each stratum's
    pairs sorted by text, so the sample depends on the texts, strata and seed, not on the row
    order. A sampled pair weighs its mentions divided by its stratum's sampling fraction (the
    Horvitz–Thompson estimate of the mentions it stands for: Horvitz & Thompson 1952), a text
    the sum of its sampled pairs. At most ``max_texts`` distinct texts are returned.
    """
    n_distinct = len(uniques)
    known = codes >= 0
    if max_texts is None or n_distinct <= max_texts:
        return np.arange(n_distinct), np.bincount(codes[known], minlength=n_distinct).astype(float)
    if strata is None:
        stratum = np.zeros(len(codes), dtype=np.int64)
    else:
        labels = pd.Series(np.asarray(strata, dtype=object)).astype("string").fillna("")
        stratum = pd.factorize(labels, sort=True)[0].astype(np.int64)
    pairs = (
        pd.DataFrame({"stratum": stratum[known], "code": codes[known]})
        .groupby(["stratum", "code"], sort=True)
        .size()
        .rename("mentions")
        .reset_index()
    )
    sizes = pairs.groupby("stratum").size().sort_index()
    share = max_texts * sizes.to_numpy() / sizes.sum()
    take = np.floor(share).astype(np.int64)
    left = int(max_texts - take.sum())
    if left > 0:  # the largest remainders, ties to the first stratum
        take[np.lexsort((np.arange(len(share)), -(share - take)))[:left]] += 1
    rng = np.random.default_rng(seed)
    weights = np.zeros(n_distinct)
    for stratum_id, size, n in zip(sizes.index, sizes.to_numpy(), take, strict=True):
        if n == 0:
            continue
        part = pairs[pairs["stratum"].to_numpy() == stratum_id]
        part = part.iloc[np.argsort(uniques[part["code"].to_numpy()], kind="stable")]
        picked = part.iloc[np.sort(rng.choice(size, size=int(n), replace=False))]
        np.add.at(weights, picked["code"].to_numpy(), picked["mentions"].to_numpy() * size / n)
    chosen = np.flatnonzero(weights > 0)
    return chosen, weights[chosen]


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ThemeModel:
    """Themes fitted by :func:`fit_themes`: a vocabulary, its IDF weights and k centroids.

    Attributes
    ----------
    labels
        Theme id → label (its top 3 centroid terms joined by " · "). Ids run 0..k-1, largest
        theme first; ``-1`` ("other", :data:`OTHER`) is not in ``labels``.
    top_terms
        Theme id → its 10 top centroid terms (same rule as the label).
    sizes
        Theme id → mentions of the fitted texts in the theme (repeated texts included;
        estimated from the sample's weights when the model is :attr:`sampled`).
    seed, n_texts
        The seed and the number of distinct texts the model was fitted on.
    n_distinct
        The distinct texts given to :func:`fit_themes`: more than ``n_texts`` when the
        themes were found on a sample of them (:data:`MAX_FIT_TEXTS`, :attr:`sampled`).
    terms
        The vocabulary (words and bigrams, normalised), in column order of ``centroids``.
    centroids
        k × terms array: the k-means centroids, row i for theme i.
    counts, columns
        The :class:`TextCounts` the model reads texts' term counts from, and the column there
        of each of ``terms``.
    idf
        The fitted IDF weights (scikit-learn ``TfidfTransformer``, L2-normalised rows).
    """

    labels: dict[int, str]
    top_terms: dict[int, tuple[str, ...]]
    sizes: dict[int, int]
    seed: int = 0
    n_texts: int = 0
    n_distinct: int = 0
    terms: tuple[str, ...] = field(default=(), repr=False)
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), repr=False)
    counts: TextCounts | None = field(default=None, repr=False)
    columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    idf: TfidfTransformer | None = field(default=None, repr=False)

    @property
    def sampled(self) -> bool:
        """True when the themes were found on a sample of the distinct texts given."""
        return self.n_distinct > self.n_texts

    @property
    def n_themes(self) -> int:
        """Number of themes (without "other")."""
        return len(self.labels)

    def label(self, theme: int) -> str:
        """The label of ``theme``; "other" for -1."""
        return self.labels.get(int(theme), OTHER_LABEL)

    def _vectorise(self, texts: np.ndarray) -> sparse.csr_matrix:
        """TF-IDF vectors (L2-normalised rows, columns ``terms``) of distinct texts.

        The term counts come from :attr:`counts`, which analyses each text once: a text the
        model was fitted on gets exactly its fitted vector back.
        """
        counts = self.counts.counts(self.counts.rows(texts))
        to_model = np.full(counts.shape[1], -1, dtype=np.int64)
        to_model[self.columns] = np.arange(len(self.columns))
        column = to_model[counts.indices]
        kept = column >= 0
        row = np.repeat(np.arange(len(texts)), np.diff(counts.indptr))
        indptr = np.concatenate(([0], np.cumsum(np.bincount(row[kept], minlength=len(texts)))))
        known = sparse.csr_matrix(
            (counts.data[kept], column[kept], indptr), shape=(len(texts), len(self.columns))
        )
        known.sort_indices()
        return self.idf.transform(known).tocsr()

    def _nearest(
        self, texts: np.ndarray, *, keys: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per distinct text: its nearest theme, the squared distance to that centroid, a
        vector key (equal vectors, equal keys; only with ``keys``, else 0..n-1) and the cosine
        similarity to that centroid."""
        n = len(texts)
        if self.n_themes == 0 or n == 0:
            missing = np.full(n, np.nan)
            return np.full(n, OTHER, dtype=np.int64), missing, np.arange(n), missing.copy()
        if not keys and n > ADD_BLOCK:
            # row by row the same; in blocks, a million texts' vectors never exist at once
            parts = [
                self._nearest(texts[start : start + ADD_BLOCK]) for start in range(0, n, ADD_BLOCK)
            ]
            theme, distance, _, cosine = (np.concatenate(p) for p in zip(*parts, strict=True))
            return theme, distance, np.arange(n), cosine
        vectors = self._vectorise(texts)
        known = vectors.getnnz(axis=1) > 0
        dot = np.asarray(vectors @ self.centroids.T)
        norms = np.linalg.norm(self.centroids, axis=1)
        # ||x − c||² = ||x||² − 2 x·c + ||c||², with ||x|| = 1 for every text with a known term
        squared = 1.0 - 2.0 * dot + (norms**2)[None, :]
        nearest = squared.argmin(axis=1)
        rows = np.arange(n)
        theme = np.where(known, nearest, OTHER).astype(np.int64)
        distance = np.where(known, squared[rows, nearest], np.nan)
        # a centroid is a mean of non-negative unit vectors, so its norm is > 0
        cosine = np.where(known, dot[rows, nearest] / norms[nearest], np.nan)
        key = _row_keys(vectors) if keys else np.arange(n)
        return theme, np.maximum(distance, 0.0), key, cosine

    def similarity(self, texts: pd.Series | Sequence[str]) -> pd.Series:
        """The cosine similarity of each text to its nearest theme's centroid.

        similarity = x · c / (‖x‖ ‖c‖), x the text's TF-IDF vector (L2-normalised, as in
        fitting) and c the centroid of the theme :meth:`assign` gives it without a minimum
        (cosine similarity of the vector space model: Salton & McGill 1983). Both vectors are
        non-negative, so it lies in [0, 1]: 1 for a text that is its theme's only wording, 0
        for a text that shares no term with it.

        Returns
        -------
        Series
            ``similarity`` (float, unitless 0–1) on the index of ``texts``; missing where the
            text is missing or holds no term of the model's vocabulary (theme -1).
        """
        texts = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
        codes, uniques = _factorize(texts)
        _, _, _, similarity = self._nearest(uniques)
        values = similarity[np.maximum(codes, 0)] if len(uniques) else np.full(len(codes), np.nan)
        values = np.where(codes >= 0, values, np.nan)
        return pd.Series(values.astype(float), index=texts.index, name="similarity")

    def assign(self, texts: pd.Series | Sequence[str], *, min_similarity: float = 0.0) -> pd.Series:
        """The theme id of each text: its nearest centroid, or -1 ("other").

        Texts that are missing, empty or hold no term of the model's vocabulary get -1, and so
        do texts whose cosine similarity to their nearest centroid (:meth:`similarity`) is
        below ``min_similarity``. Each distinct text is vectorised once.

        Parameters
        ----------
        texts
            The texts to place.
        min_similarity
            The least cosine similarity (0–1) a text needs to its nearest theme to be placed
            in it; 0 (the default) places every text with a known term, as k-means does.

        Returns
        -------
        Series
            ``theme`` (int64), on the index of ``texts``.

        Raises
        ------
        ValueError
            ``min_similarity`` is not between 0 and 1.
        """
        if not 0.0 <= min_similarity <= 1.0:
            raise ValueError(f"min_similarity must be between 0 and 1, not {min_similarity}")
        texts = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
        codes, uniques = _factorize(texts)
        theme, _, _, similarity = self._nearest(uniques)
        if min_similarity > 0:
            # missing similarity (no known term) is already "other"
            theme = np.where(similarity >= min_similarity, theme, OTHER)
        values = np.where(codes >= 0, theme[np.maximum(codes, 0)] if len(theme) else OTHER, OTHER)
        return pd.Series(values.astype(np.int64), index=texts.index, name="theme")


def _empty_model(seed: int, n_texts: int = 0, n_distinct: int | None = None) -> ThemeModel:
    n_distinct = n_texts if n_distinct is None else n_distinct
    return ThemeModel(
        labels={}, top_terms={}, sizes={}, seed=seed, n_texts=n_texts, n_distinct=n_distinct
    )


def default_n_themes(n_texts: int) -> int:
    """The rule of thumb k = round(√(n / 2)), kept between 2 and 10 (Mardia et al. 1979)."""
    return int(min(MAX_THEMES, max(MIN_THEMES, round(math.sqrt(max(n_texts, 0) / 2)))))


def _label_terms(weights: np.ndarray, terms: np.ndarray, n: int) -> tuple[str, ...]:
    """The n top terms by weight, without repeating a word.

    Going down the terms by weight: a word already shown (alone or in a bigram) is skipped; a
    bigram that shares a word with a bigram already shown is skipped; a bigram takes the place
    of the single words of it already shown ("cold", "brew" → "cold brew").
    """
    candidates = np.flatnonzero(weights > 0)
    if len(candidates) > 50 * n:
        candidates = candidates[np.argpartition(-weights[candidates], 50 * n)[: 50 * n]]
    ordered = sorted(candidates, key=lambda i: (-weights[i], terms[i]))
    chosen: list[str] = []
    for i in ordered:
        term = str(terms[i])
        words = term.split()
        if len(words) == 1:
            if any(term in c.split() for c in chosen):
                continue
            chosen.append(term)
        else:
            if any(w in c.split() for c in chosen if " " in c for w in words):
                continue
            replaced = [j for j, c in enumerate(chosen) if c in words]
            at = replaced[0] if replaced else len(chosen)
            chosen = [c for c in chosen if c not in words]
            chosen.insert(min(at, len(chosen)), term)
        if len(chosen) == n:
            break
    return tuple(chosen)


def fit_themes(
    texts: pd.Series,
    *,
    n_themes: int | None = None,
    seed: int = 0,
    stop_words: Iterable[str] = (),
    max_texts: int | None = MAX_FIT_TEXTS,
    strata: pd.Series | Sequence | None = None,
    counts: TextCounts | None = None,
) -> ThemeModel:
    """Group texts into themes: TF-IDF on the distinct texts, then weighted k-means.

    Parameters
    ----------
    texts
        Mention texts (repeats welcome: each distinct text is vectorised once and weighs as
        many mentions as carry it). Missing texts are ignored.
    n_themes
        Number of themes; default round(√(n / 2)) between 2 and 10, n = distinct texts with a
        known term (:func:`default_n_themes`). Never more than the distinct text vectors.
    seed
        Random state of k-means and of the sample: the same texts and seed give the same model.
    stop_words
        Extra words or phrases to ignore besides English stop words, e.g. every tracked brand's
        name, handles and keywords (:func:`collect_brand_terms`). Case and accents are ignored.
        Ignored when ``counts`` is given (its own stop words are used).
    max_texts
        Most distinct texts fitted (default :data:`MAX_FIT_TEXTS`, 20,000; None: no cap).
        With more, the vocabulary, IDF and k-means are fitted on a seeded random sample of
        them, stratified by ``strata`` (:func:`_sample`), each sampled text weighing the
        mentions it stands for; the model's ``n_texts`` and ``n_distinct`` say so. With at
        most ``max_texts``, every distinct text is fitted, as without a cap.
    strata
        Per row of ``texts``, the group whose share of the sample must follow its share of the
        distinct texts (the brand, when brands are compared); None: one group.
    counts
        The :class:`TextCounts` to read the texts' term counts from (and to keep in the model
        for :meth:`ThemeModel.assign`), shared by the models of a report; None: a new one with
        ``stop_words``. The model is the same either way.

    Returns
    -------
    ThemeModel
        With no themes when no text holds a term (then every text is "other").
    """
    if n_themes is not None and n_themes < 1:
        raise ValueError(f"n_themes must be at least 1, not {n_themes}")
    if max_texts is not None and max_texts < 1:
        raise ValueError(f"max_texts must be at least 1, not {max_texts}")
    texts = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    codes, uniques = _factorize(texts)
    if len(uniques) == 0:
        return _empty_model(seed)
    chosen, weights = _sample(codes, uniques, strata, max_texts, seed)
    n_distinct = len(uniques)
    uniques = uniques[chosen]
    counts = TextCounts(stop_words) if counts is None else counts
    every = counts.counts(counts.rows(uniques))
    present = np.flatnonzero(every.getnnz(axis=0) > 0)
    if len(present) == 0:  # no text holds a single term
        return _empty_model(seed, len(uniques), n_distinct)
    # columns in the order of the terms, as scikit-learn's CountVectorizer sorts its vocabulary
    present = present[np.argsort(counts.terms(present), kind="stable")]
    terms = counts.terms(present)
    matrix = every[:, present].tocsc()

    # min_df 2, counted in mentions, once there are enough texts; then the most frequent terms
    mentions_with = np.asarray((matrix > 0).T @ weights).ravel()
    keep = np.ones(len(terms), dtype=bool)
    if len(uniques) >= MIN_DF_TEXTS and (mentions_with >= 2).any():
        keep = mentions_with >= 2
    if keep.sum() > MAX_TERMS:
        order = np.lexsort((np.arange(len(terms)), -mentions_with))
        keep = np.zeros(len(terms), dtype=bool)
        keep[order[:MAX_TERMS]] = True
    columns = np.flatnonzero(keep)
    terms = terms[columns]
    matrix = matrix[:, columns].tocsr()
    idf = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True).fit(matrix)
    vectors = idf.transform(matrix).tocsr()

    known = np.flatnonzero(vectors.getnnz(axis=1) > 0)
    if len(known) == 0:
        return _empty_model(seed, len(uniques), n_distinct)
    # identical vectors (texts that differ only in stop words) become one weighted point
    keys = _row_keys(vectors[known])
    first = pd.Series(np.arange(len(keys))).groupby(keys).first().to_numpy()
    points = vectors[known[first]]
    point_weights = np.bincount(keys, weights=weights[known])
    k = default_n_themes(len(known)) if n_themes is None else int(n_themes)
    k = min(k, points.shape[0])

    kmeans = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed)
    cluster = kmeans.fit_predict(points, sample_weight=point_weights)
    sizes = np.bincount(cluster, weights=point_weights, minlength=k)
    order = np.lexsort((np.arange(k), -sizes))  # largest first, ties by k-means' own order
    centroids = np.asarray(kmeans.cluster_centers_)[order]

    labels, top_terms, size_of = {}, {}, {}
    for theme, centroid in enumerate(centroids):
        top = _label_terms(centroid, terms, TOP_TERMS)
        labels[theme] = " · ".join(_label_terms(centroid, terms, LABEL_TERMS))
        top_terms[theme] = top
        size_of[theme] = round(float(sizes[order[theme]]))
    return ThemeModel(
        labels=labels,
        top_terms=top_terms,
        sizes=size_of,
        seed=seed,
        n_texts=len(uniques),
        n_distinct=n_distinct,
        terms=tuple(str(t) for t in terms),
        centroids=centroids,
        counts=counts,
        columns=present[columns],
        idf=idf,
    )


def sample_note(n_texts: int, n_distinct: int) -> str | None:
    """What a reader is told when themes were found on a sample (:data:`MAX_FIT_TEXTS`).

    Parameters
    ----------
    n_texts, n_distinct
        Distinct texts fitted and distinct texts there were (a model's ``n_texts`` and
        ``n_distinct``, or the ``attrs`` of :func:`compare_themes`).

    Returns
    -------
    str or None
        The note, or None when every distinct text was fitted.
    """
    if n_distinct <= n_texts:
        return None
    return (
        f"Themes found on a sample of {n_texts:,} of the {n_distinct:,} different texts "
        "(drawn at random, the same sample on every run); every mention is then placed in "
        "its nearest theme."
    )


# ---------------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------------


def _slope(counts: Sequence[float]) -> float:
    """Least-squares slope of counts against 0, 1, 2, ...; nan with fewer than 2 points."""
    y = np.asarray(counts, dtype=float)
    if len(y) < 2:
        return np.nan
    x = np.arange(len(y), dtype=float)
    x -= x.mean()
    return float((x * (y - y.mean())).sum() / (x**2).sum())


def _column(frame: pd.DataFrame, name: str, default=np.nan) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series(default, index=frame.index, dtype=object)


def _has_label(frame: pd.DataFrame, label: str) -> np.ndarray:
    """True where ``sentiment_label`` is ``label`` (all False without the column)."""
    if "sentiment_label" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return (frame["sentiment_label"] == label).fillna(False).to_numpy(dtype=bool)


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _periods(
    stamps: pd.Series, freq: str, *, timezone: str = "UTC"
) -> tuple[pd.Series, pd.DatetimeIndex]:
    """The local period start of each stamp and every period from the first to the last."""
    stamps = pd.to_datetime(stamps, utc=True)
    key = time_key(stamps, freq, timezone=timezone)
    present = key.dropna()
    if present.empty:
        return key, pd.DatetimeIndex([])
    return key, pd.date_range(present.min(), present.max(), freq=_PERIOD_STEP[freq])


def summarise_themes(
    mentions: pd.DataFrame,
    model: ThemeModel,
    *,
    freq: str = "MS",
    examples: int = 3,
    timezone: str = "UTC",
) -> pd.DataFrame:
    """Size, sentiment, trend and example texts of each theme in ``mentions``.

    Parameters
    ----------
    mentions
        Canonical mentions (``text``, ``created_at``, ``sentiment``, ``sentiment_label``);
        every row counts, repeated texts included.
    model
        Themes from :func:`fit_themes` (fitted on these or other mentions).
    freq
        Period of the trend: ``'D'``, ``'W'`` (weeks from Monday) or ``'MS'`` (months).
    examples
        Example texts per theme.
    timezone
        The client's time zone (IANA name): days, weeks and months are its local ones
        (:func:`ronr.periods.time_key`), so a mention at 23:30 UTC on 31 March is in April
        for a London client.

    Returns
    -------
    DataFrame
        One row per theme with mentions (themes without any are left out), largest first,
        "other" (-1: texts with no known term, or missing) last:

        - ``theme``, ``label``; ``n`` mentions; ``share`` = n / all rows of ``mentions``;
        - ``positive``, ``negative``: mentions labelled so;
          ``mean_sentiment``: mean VADER compound (missing scores ignored);
          ``net_sentiment`` = (positive − negative) / (positive + negative), missing when both
          are 0, with its 95% Wilson interval ``net_sentiment_low`` / ``net_sentiment_high``
          (in [−1, 1]; its n is positive + negative, neutral mentions carry no sign);
        - ``per_period``: mentions per period, a list over every local period from the first to
          the last mention of ``mentions`` (0 where none; the period starts, naive local times,
          are in ``attrs["periods"]``, the zone in ``attrs["timezone"]``); ``trend``: the
          least-squares slope of those counts against the period number, in mentions per
          period per period (> 0 growing, < 0 declining; missing with fewer than 2 periods);
        - ``small_sample``: n < 10 (mentions: the warning of ``share`` and ``trend``);
        - ``examples``: up to ``examples`` distinct texts nearest the theme's centroid (texts
          with the same terms shown once, the most frequent wording; "other": the most frequent
          texts), as plain strings, never escaped nor interpreted.
    """
    if freq not in _PERIOD_STEP:
        raise ValueError(f"freq must be one of {', '.join(_PERIOD_STEP)}, not {freq!r}")
    if mentions is None or mentions.empty:
        table = _empty(SUMMARY_COLUMNS)
        table.attrs.update(periods=[], freq=freq, timezone=timezone)
        return table
    codes, uniques = _factorize(_column(mentions, "text", None))
    theme_of, distance, vector_key, _ = model._nearest(uniques, keys=True)
    safe = np.maximum(codes, 0)
    theme = np.where(codes >= 0, theme_of[safe] if len(uniques) else OTHER, OTHER)
    period, periods = _periods(_column(mentions, "created_at", pd.NaT), freq, timezone=timezone)
    frame = pd.DataFrame(
        {
            "theme": theme,
            "code": codes,
            "period": period.to_numpy(),
            "sentiment": pd.to_numeric(_column(mentions, "sentiment"), errors="coerce")
            .astype(float)
            .to_numpy(),
            "positive": _has_label(mentions, "positive"),
            "negative": _has_label(mentions, "negative"),
        }
    )
    total = len(frame)
    rows = []
    for t, group in frame.groupby("theme", sort=True):
        per_period = group.groupby("period").size().reindex(periods, fill_value=0)
        counts = [int(c) for c in per_period.to_numpy()]
        texts = group.loc[group["code"] >= 0, "code"].value_counts()
        rows.append(
            {
                "theme": int(t),
                "label": model.label(t),
                "n": len(group),
                "share": len(group) / total,
                "positive": int(group["positive"].sum()),
                "negative": int(group["negative"].sum()),
                "mean_sentiment": float(group["sentiment"].mean())
                if group["sentiment"].notna().any()
                else np.nan,
                "per_period": counts,
                "trend": _slope(counts),
                "small_sample": len(group) < SMALL_SAMPLE,
                "examples": _examples(texts, uniques, distance, vector_key, t, examples),
            }
        )
    table = pd.DataFrame(rows)
    _add_net_sentiment(table)
    table["_other"] = table["theme"] == OTHER
    table = table.sort_values(["_other", "n", "theme"], ascending=[True, False, True])
    table = table[list(SUMMARY_COLUMNS)].reset_index(drop=True)
    table.attrs.update(periods=list(periods), freq=freq, timezone=timezone)
    return table


def _add_net_sentiment(table: pd.DataFrame) -> None:
    """Net sentiment and its 95% Wilson interval from ``positive`` and ``negative``, in place."""
    net, low, high = net_sentiment_interval(table["positive"], table["negative"])
    table["net_sentiment"] = net
    # Wilson bounds are in [0, 1]; clip away rounding so 2p − 1 never leaves [−1, 1]
    table["net_sentiment_low"] = np.clip(low, -1.0, 1.0)
    table["net_sentiment_high"] = np.clip(high, -1.0, 1.0)


def _examples(
    counts: pd.Series,
    uniques: np.ndarray,
    distance: np.ndarray,
    vector_key: np.ndarray,
    theme: int,
    n: int,
) -> list[str]:
    """Distinct texts nearest the centroid (then most frequent, then alphabetical)."""
    if n <= 0 or counts.empty:
        return []
    codes = counts.index.to_numpy(dtype=np.int64)
    frame = pd.DataFrame(
        {
            "distance": 0.0 if theme == OTHER else distance[codes],
            "count": counts.to_numpy(),
            "text": uniques[codes],
            "key": vector_key[codes],
        }
    )
    frame = frame.sort_values(["distance", "count", "text"], ascending=[True, False, True])
    if theme != OTHER:
        frame = frame.drop_duplicates("key")
    return [str(t) for t in frame["text"].head(n)]


def question_themes(
    mentions: pd.DataFrame,
    *,
    brand: str,
    stop_words: Iterable[str] = (),
    n_themes: int | None = None,
    seed: int = 0,
    freq: str = "MS",
    examples: int = 3,
    timezone: str = "UTC",
    max_texts: int | None = MAX_FIT_TEXTS,
    counts: TextCounts | None = None,
) -> tuple[ThemeModel, pd.DataFrame]:
    """The FAQ: themes of the mentions of ``brand`` that need an answer.

    A mention needs an answer when it is about ``brand``, is not a share, and is a question
    (``is_question``) or negative (``sentiment_label == "negative"``), as in
    :func:`ronr.derive.needs_answer`. Those texts are fitted with :func:`fit_themes` and
    summarised with :func:`summarise_themes` (shares are of the mentions needing an answer;
    periods are local to ``timezone``). ``max_texts`` and ``counts`` are those of
    :func:`fit_themes`: above ``max_texts`` distinct texts the themes are found on a sample
    (the model's ``sampled``), and every mention is still summarised.

    Returns
    -------
    model, summary
        The fitted :class:`ThemeModel` and the :func:`summarise_themes` table.
    """
    if mentions is None or mentions.empty:
        empty = summarise_themes(pd.DataFrame(), _empty_model(seed), freq=freq, timezone=timezone)
        return _empty_model(seed), empty
    asked = mentions[needs_answer_of(mentions, brand=brand)]
    model = fit_themes(
        asked["text"],
        n_themes=n_themes,
        seed=seed,
        stop_words=stop_words,
        max_texts=max_texts,
        counts=counts,
    )
    summary = summarise_themes(asked, model, freq=freq, examples=examples, timezone=timezone)
    return model, summary


def compare_themes(
    mentions: pd.DataFrame,
    *,
    brands: list[str],
    brand: str,
    stop_words: Iterable[str] = (),
    n_themes: int | None = None,
    seed: int = 0,
    min_n: int = SMALL_SAMPLE,
    max_texts: int | None = MAX_FIT_TEXTS,
    counts: TextCounts | None = None,
) -> pd.DataFrame:
    """Shared themes of all tracked brands, and where competitors are praised and the client not.

    One model is fitted on the mentions of every brand in ``brands`` (and ``brand``), so all
    brands are compared on the same themes.

    Parameters
    ----------
    mentions
        Canonical mentions (``brand``, ``text``, ``sentiment_label``).
    brands
        The tracked brands, in report order; ``brand`` is added first when missing.
    brand
        The client's brand.
    stop_words, n_themes, seed
        As in :func:`fit_themes`.
    min_n
        Signed mentions (positive + negative) a brand needs in a theme for its net sentiment
        there to be judged (praised or not).
    max_texts, counts
        As in :func:`fit_themes`. Above ``max_texts`` distinct texts the themes are found on
        a sample stratified by brand (each brand's share of the sample is its share of the
        distinct brand–text pairs); every mention is still placed and counted.

    Returns
    -------
    DataFrame
        One row per theme × brand (every brand, 0 where it has no mention in the theme), themes
        largest first ("other", -1, last), the client first, then ``brands`` in order:
        ``theme label brand is_client n share positive negative net_sentiment
        net_sentiment_low net_sentiment_high small_sample praised
        competitor_praised_client_not``, where

        - ``n``: the brand's mentions in the theme; ``share`` = n / all the brand's mentions
          (0–1, missing for a brand without mentions);
        - ``net_sentiment`` = (positive − negative) / (positive + negative) (−1..1, missing
          when both are 0) with its 95% Wilson interval ``net_sentiment_low`` /
          ``net_sentiment_high`` (Wilson 1927, for p = positive / (positive + negative),
          mapped to 2p − 1; in [−1, 1]);
        - ``small_sample``: positive + negative < 10, the n of net sentiment (neutral
          mentions carry no sign);
        - ``praised``: the brand is praised in the theme: it has at least ``min_n`` signed
          mentions there and the *lower* bound of its net sentiment's interval is at least
          :data:`PRAISED` (0.2), i.e. beyond chance at least 60 % of its signed mentions are
          positive. Judged on the interval, not the point: one positive mention (net 1,
          interval −0.59 to 1) is not praise, nor is net +0.03 on 4,989 signed mentions
          (0.003 to 0.059); 12 positive and 1 negative (0.33 to 0.97) is;
        - ``competitor_praised_client_not`` (the same on every row of a theme): some
          competitor is praised in the theme and the client is not shown to be praised as
          much there: the client has fewer than ``min_n`` signed mentions in the theme (too
          few to show praise, e.g. it is hardly talked about there), or its interval's lower
          bound is below 0.2 (not shown to be praised, or no signed mention), or its
          interval's upper bound is below the lower bound of a praised competitor's (clearly
          less praised, even if praised itself). Never for "other".

        ``attrs``: ``fitted_texts`` and ``distinct_texts``, the distinct texts the themes
        were found on and there were (:func:`sample_note`).
    """
    order = list(dict.fromkeys([brand, *brands]))
    if mentions is None or mentions.empty:
        return _empty(COMPARE_COLUMNS)
    # only the columns read here: a filtered copy of every column of a million mentions
    # would be the largest allocation of the report
    columns = [c for c in ("brand", "text", "sentiment_label") if c in mentions.columns]
    tracked = mentions.loc[mentions["brand"].isin(order), columns]
    if tracked.empty:
        return _empty(COMPARE_COLUMNS)
    model = fit_themes(
        tracked["text"],
        n_themes=n_themes,
        seed=seed,
        stop_words=stop_words,
        max_texts=max_texts,
        strata=tracked["brand"],
        counts=counts,
    )
    frame = pd.DataFrame(
        {
            "theme": model.assign(tracked["text"]).to_numpy(),
            "brand": tracked["brand"].to_numpy(),
            "positive": _has_label(tracked, "positive"),
            "negative": _has_label(tracked, "negative"),
        }
    )
    counts = frame.groupby(["theme", "brand"]).agg(
        n=("brand", "size"), positive=("positive", "sum"), negative=("negative", "sum")
    )
    themes = sorted(
        frame["theme"].unique(), key=lambda t: (t == OTHER, -(frame["theme"] == t).sum(), t)
    )
    grid = pd.MultiIndex.from_product([themes, order], names=["theme", "brand"])
    table = counts.reindex(grid, fill_value=0).reset_index()
    table[["n", "positive", "negative"]] = table[["n", "positive", "negative"]].astype(int)
    brand_total = frame.groupby("brand").size().reindex(order, fill_value=0)
    totals = table["brand"].map(brand_total).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["share"] = np.where(totals > 0, table["n"] / totals, np.nan)
    _add_net_sentiment(table)
    table["label"] = table["theme"].map(model.label)
    table["is_client"] = table["brand"] == brand
    signed = table["positive"] + table["negative"]
    table["small_sample"] = signed < SMALL_SAMPLE
    # judged on the interval, not the point: NaN bounds (no signed mention) compare False
    table["praised"] = (signed >= min_n) & (table["net_sentiment_low"] >= PRAISED)
    table["competitor_praised_client_not"] = table["theme"].map(_flag_themes(table)).astype(bool)
    table = table[list(COMPARE_COLUMNS)].reset_index(drop=True)
    table.attrs.update(fitted_texts=model.n_texts, distinct_texts=model.n_distinct)
    return table


def _flag_themes(table: pd.DataFrame) -> pd.Series:
    """Per theme: a competitor is praised and the client is not shown to be praised as much."""
    rivals = table[~table["is_client"] & table["praised"]]
    best_low = rivals.groupby("theme")["net_sentiment_low"].max()  # the most clearly praised
    client = table[table["is_client"]].set_index("theme")
    best_low = best_low.reindex(client.index)
    behind = ~client["praised"] | (client["net_sentiment_high"] < best_low)
    flag = best_low.notna() & behind
    return flag & (flag.index != OTHER)


def widen_comparison(compared: pd.DataFrame, *, brands: Sequence[str]) -> pd.DataFrame:
    """One row per shared theme, one net-sentiment column per brand (output of :func:`compare_themes`).

    A brand with fewer than 10 signed mentions (positive + negative, ``small_sample``) in a
    theme shows no net sentiment there (too few to read); ``flagged`` marks the themes where a
    competitor is praised and the client is not (``competitor_praised_client_not``).
    """
    if compared.empty:
        return pd.DataFrame(columns=["theme", "mentions", *brands, "flagged"])
    readable = compared.assign(
        net_sentiment=compared["net_sentiment"].where(~compared["small_sample"])
    )
    wide = readable.pivot_table(
        index="label", columns="brand", values="net_sentiment", aggfunc="first", dropna=False
    ).reindex(columns=list(brands))
    totals = compared.groupby("label")["n"].sum().rename("mentions")
    flagged = compared.groupby("label")["competitor_praised_client_not"].any().rename("flagged")
    table = pd.concat([totals, wide, flagged], axis=1).sort_values("mentions", ascending=False)
    table.columns.name = None
    return table.rename_axis("theme").reset_index()


CONTRAST_COLUMNS = (
    "theme",
    "mentions",
    "client_net_sentiment",
    "competitors_net_sentiment",
    "net_sentiment_gap",
    "competitor_praised_client_not",
)


def contrast_themes(compared: pd.DataFrame) -> pd.DataFrame:
    """Per shared theme, the client's net sentiment against its competitors' together.

    Parameters
    ----------
    compared
        Output of :func:`compare_themes` (one row per theme × brand, ``is_client`` marked).

    Returns
    -------
    DataFrame
        One row per theme: ``theme`` (its label), ``mentions`` (all brands),
        ``client_net_sentiment``, ``competitors_net_sentiment`` (the competitors' positive and
        negative mentions pooled: (Σ positive − Σ negative) / (Σ positive + Σ negative)),
        ``net_sentiment_gap`` (client − competitors, −2..2) and
        ``competitor_praised_client_not``. A side with fewer than 10 signed mentions shows no
        net sentiment (too few to read), nor then a gap. Themes with the widest known gap come
        first, then the rest by mentions; "other" last. Four brands all at +1.00 in a theme
        say only that the theme is praise: the gap says where the client stands apart.
    """
    if compared.empty:
        return _empty(CONTRAST_COLUMNS)
    sides = compared.assign(side=np.where(compared["is_client"], "client", "competitors"))
    pooled = sides.groupby(["theme", "side"])[["n", "positive", "negative"]].sum()
    nets = {}
    for side in ("client", "competitors"):
        part = pooled.xs(side, level="side") if side in pooled.index.get_level_values(1) else None
        if part is None:
            nets[side] = pd.Series(np.nan, index=pooled.index.get_level_values(0).unique())
            continue
        signed = part["positive"] + part["negative"]
        net = net_sentiment_interval(part["positive"], part["negative"])[0]
        nets[side] = pd.Series(np.asarray(net, dtype=float), index=part.index).where(
            signed >= SMALL_SAMPLE
        )
    per_theme = compared.groupby("theme").agg(
        theme_label=("label", "first"),
        mentions=("n", "sum"),
        competitor_praised_client_not=("competitor_praised_client_not", "any"),
    )
    table = per_theme.assign(
        client_net_sentiment=nets["client"].reindex(per_theme.index),
        competitors_net_sentiment=nets["competitors"].reindex(per_theme.index),
    )
    table["net_sentiment_gap"] = table["client_net_sentiment"] - table["competitors_net_sentiment"]
    order = pd.DataFrame(
        {
            "other": table.index == OTHER,
            "unknown": table["net_sentiment_gap"].isna(),
            "gap": -table["net_sentiment_gap"].abs().fillna(0),
            "mentions": -table["mentions"],
        },
        index=table.index,
    ).sort_values(["other", "unknown", "gap", "mentions"], kind="stable")
    table = table.loc[order.index].rename(columns={"theme_label": "theme"})
    return table[list(CONTRAST_COLUMNS)].reset_index(drop=True)


def _local_day(day, timezone: str) -> pd.Timestamp:
    """The local calendar day of ``day`` as a naive midnight.

    A date, a naive timestamp or a day label (a UTC midnight, the convention of
    :class:`ronr.periods.Period` and :meth:`ronr.store.Workspace.covered_span`) is that day as
    written; any other aware timestamp is an instant, whose day is its local day in ``timezone``.
    """
    stamp = pd.Timestamp(day)
    if stamp.tzinfo is None:
        return stamp.normalize()
    utc = stamp.tz_convert("UTC")
    if utc == utc.normalize():
        return utc.tz_localize(None)
    return stamp.tz_convert(timezone).tz_localize(None).normalize()


def _days(n: int) -> str:
    return f"{n:,} day" if n == 1 else f"{n:,} days"


def emerging_terms(
    mentions: pd.DataFrame,
    *,
    end: pd.Timestamp,
    start: pd.Timestamp | None = None,
    recent_days: int = 28,
    baseline_days: int = 182,
    min_baseline_days: int = 28,
    min_count: int = 5,
    ratio: float = 3.0,
    fdr: float = FDR,
    stop_words: Iterable[str] = (),
    timezone: str = "UTC",
    counts: TextCounts | None = None,
) -> pd.DataFrame:
    """Terms that are suddenly frequent: the recent window against the baseline before it.

    The windows are whole local days of ``timezone``: the recent window is the ``recent_days``
    days ending with the day of ``end`` (inclusive), the baseline the ``baseline_days`` days
    just before it. A mention belongs to the local day of its ``created_at`` (23:30 UTC on
    31 March is 1 April in London). A term (a word or a bigram, as in :func:`fit_themes`) is
    counted once per mention that contains it, repeated texts included.

    Lift = (recent / recent_days + 0.5 / recent_days) / (baseline / baseline_days + 0.5 /
    baseline_days), i.e. each window's rate per day with half a mention added (additive
    smoothing), so a term new in the recent window gets a large but finite lift and a term
    seen once against never is not "infinitely" new.

    Hundreds of terms are looked at, so a large lift alone comes up by chance (on dates
    shuffled at random). Each term with N = recent + baseline ≥ ``min_count`` mentions is
    therefore tested (chosen on N alone, which leaves the test valid; chosen on the recent count,
    the family would hold only small p-values): under equal daily rates in both windows, given N,
    its recent count is Binomial(N, p0) with p0 = recent_days / (recent_days + baseline_days)
    (the conditional test of a ratio of two Poisson rates: Przyborowski & Wileński 1940; Cox
    1953), and ``p_value`` = P(X ≥ recent), one-sided (more recent than expected). The
    p-values of all the terms tested are adjusted by Benjamini & Hochberg (1995) into
    ``q_value``; listing the terms with q ≤ ``fdr`` keeps the expected share of false
    discoveries among the listed terms at most ``fdr`` (proven for independent or positively
    dependent tests, Benjamini & Yekutieli 2001: a word and the bigrams holding it rise together).
    On 10 sets of 300 terms with dates shuffled at random, the list held a term in 1 set (2 terms),
    against 9 sets (28 terms) without the control (``fdr=1``). A term is listed when recent ≥
    ``min_count``, q ≤ ``fdr`` and lift ≥ ``ratio``. The test takes mentions as independent:
    a text reposted many times on one day is one burst, and still counts as many mentions.

    Days before ``start`` (the first day the exports cover) are unknown, not days without
    mentions: both windows begin at ``start`` at the earliest and their rates (and p0) are per
    covered day. With fewer than ``min_baseline_days`` covered days before the recent window
    there is no baseline to compare with: the table is empty and ``attrs["reason"]`` says why.

    Parameters
    ----------
    mentions
        Canonical mentions (``text``, ``created_at``); filter to one brand first if wanted.
    end
        The last day of the recent window: a date, a naive timestamp or a day label (UTC
        midnight, as :meth:`ronr.store.Workspace.covered_span` gives) is that local day; any
        other aware timestamp is an instant, and its local day is taken.
    start
        The first day the data cover (read like ``end``); None takes both windows as covered.
    recent_days, baseline_days
        Days of the two windows.
    min_baseline_days
        Covered days the baseline needs.
    min_count
        Mentions a term needs in the recent window to be listed, and in both windows together
        to be tested.
    ratio
        Lift a term needs.
    fdr
        False discovery rate of the list, in (0, 1]; 1 turns the control off (every tested
        term with the lift is listed).
    stop_words
        As in :func:`fit_themes`.
    timezone
        The client's time zone (IANA name) whose days the windows are.
    counts
        A :class:`TextCounts` to read the texts' terms from (shared with the report's
        themes); then its stop words are used, not ``stop_words``. The table is the same.

    Returns
    -------
    DataFrame
        ``term recent baseline recent_per_day baseline_per_day lift p_value q_value``, highest
        lift first (then most recent mentions, then alphabetical): counts of mentions, rates in
        mentions per covered day, lift a ratio, p and q values in [0, 1] (below about 1e-300
        they show as 0). ``attrs`` holds the
        window bounds ``recent_start``, ``recent_end``, ``baseline_start``, ``baseline_end``
        (local days labelled as UTC midnights like :class:`ronr.periods.Period`; the ends are
        exclusive: the day after the last), ``timezone``, ``fdr`` and ``tested`` (the number of
        terms tested, the size of the Benjamini–Hochberg family).

    Raises
    ------
    ValueError
        ``recent_days`` or ``baseline_days`` below 1, or ``fdr`` not in (0, 1].
    """
    if recent_days < 1 or baseline_days < 1:
        raise ValueError("recent_days and baseline_days must be at least 1")
    if not 0 < fdr <= 1:
        raise ValueError(f"fdr must be in (0, 1], not {fdr}")
    day = pd.Timedelta(days=1)
    recent_end = _local_day(end, timezone) + day
    recent_start = recent_end - recent_days * day
    baseline_start = recent_start - baseline_days * day
    if start is not None:
        first = _local_day(start, timezone)
        baseline_start = max(baseline_start, first)
        recent_start = max(recent_start, first)
    covered_baseline = max((recent_start - baseline_start).days, 0)
    recent_days = max((recent_end - recent_start).days, 1)

    def label(local: pd.Timestamp) -> pd.Timestamp:
        return local.tz_localize("UTC")

    empty = _empty(EMERGING_COLUMNS)
    bounds = dict(
        recent_start=label(recent_start),
        recent_end=label(recent_end),
        baseline_start=label(baseline_start),
        baseline_end=label(recent_start),
        timezone=timezone,
        fdr=fdr,
        tested=0,
    )
    empty.attrs.update(bounds)
    if covered_baseline < min_baseline_days:
        empty.attrs["reason"] = (
            f"No term can be judged: the data cover {_days(covered_baseline)} before the last "
            f"{_days(recent_days)}; a baseline needs at least {min_baseline_days}."
        )
        return empty
    baseline_days = covered_baseline
    if mentions is None or mentions.empty:
        return empty
    stamps = pd.to_datetime(mentions["created_at"], utc=True)
    local = stamps.dt.tz_convert(timezone).dt.tz_localize(None)  # local wall-clock times
    in_window = (local >= baseline_start) & (local < recent_end) & mentions["text"].notna()
    if not in_window.any():
        return empty
    recent = (local[in_window] >= recent_start).to_numpy()
    codes, uniques = _factorize(mentions.loc[in_window, "text"])
    counts = TextCounts(stop_words) if counts is None else counts
    every = counts.counts(counts.rows(uniques))
    columns = np.flatnonzero(every.getnnz(axis=0) > 0)
    if len(columns) == 0:  # no term at all
        return empty
    columns = columns[np.argsort(counts.terms(columns), kind="stable")]
    present = (every[:, columns] > 0).astype(np.int64).tocsc()
    size = len(uniques)
    recent_texts = np.bincount(codes[recent], minlength=size).astype(float)
    baseline_texts = np.bincount(codes[~recent], minlength=size).astype(float)
    table = pd.DataFrame(
        {
            "term": counts.terms(columns).astype(str),
            "recent": np.asarray(present.T @ recent_texts).ravel().round().astype(int),
            "baseline": np.asarray(present.T @ baseline_texts).ravel().round().astype(int),
        }
    )
    # The family tested is every term with at least min_count mentions in both windows together:
    # selecting on N alone keeps the conditional test valid, where selecting on the recent count
    # (the test statistic) would keep only small p-values and void the false discovery rate.
    table = table[table["recent"] + table["baseline"] >= min_count].copy()
    table["recent_per_day"] = table["recent"] / recent_days
    table["baseline_per_day"] = table["baseline"] / baseline_days
    table["lift"] = (table["recent_per_day"] + 0.5 / recent_days) / (
        table["baseline_per_day"] + 0.5 / baseline_days
    )
    p0 = recent_days / (recent_days + baseline_days)
    # P(X ≥ recent) for X ~ Binomial(recent + baseline, p0): scipy's exact upper tail, the
    # one-sided p-value of scipy.stats.binomtest, vectorised over the terms
    table["p_value"] = stats.binom.sf(table["recent"] - 1, table["recent"] + table["baseline"], p0)
    table["q_value"] = (
        stats.false_discovery_control(table["p_value"].to_numpy(), method="bh")
        if len(table)
        else np.array([], dtype=float)
    )
    tested = len(table)
    listed = (table["q_value"] <= fdr) & (table["lift"] >= ratio) & (table["recent"] >= min_count)
    table = table[listed]
    table = table.sort_values(["lift", "recent", "term"], ascending=[False, False, True])
    table = table[list(EMERGING_COLUMNS)].reset_index(drop=True)
    table.attrs.update({**bounds, "tested": tested})
    return table
