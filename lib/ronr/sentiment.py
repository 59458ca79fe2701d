"""VADER sentiment, scored once per distinct text and cached by text hash.

Retweets and copy-pasted complaints repeat the same text many times; each distinct text is
scored once, and scores persist in a Parquet cache so unchanged mentions are never rescored.

A client's lexicon overrides (``sentiment.lexicon_overrides`` in client.yaml: a domain word's
own valence, e.g. "sick" as praise) are applied to a copy of VADER's lexicon, never to the
process-wide analyzer, and are part of each cached score's key: changed overrides re-score.
"""

from __future__ import annotations

import copy
import errno
import hashlib
import json
import os
import uuid
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .errors import CacheError, CacheWarning

POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
_analyzer: SentimentIntensityAnalyzer | None = None


def _get_analyzer() -> SentimentIntensityAnalyzer:
    global _analyzer  # one lexicon load per process: it takes ~0.1 s
    if _analyzer is None:
        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


def overrides_fingerprint(overrides: Mapping[str, float] | None) -> str:
    """The version of a client's lexicon overrides: 12 hex digits, "" when there are none.

    The same words and valences (in any order, words case aside) give the same fingerprint;
    any change gives another. It keys the cached scores (:func:`hash_texts`) and is shown with
    the data's provenance, so a report says which overrides its sentiment was read with.
    """
    if not overrides:
        return ""
    canonical = json.dumps(
        sorted((str(word).lower(), float(valence)) for word, valence in overrides.items())
    )
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=6).hexdigest()


def hash_texts(texts: pd.Series, *, version: str = "") -> pd.Series:
    """A stable 16-hex-digit key per text, and per lexicon ``version``.

    ``version`` is :func:`overrides_fingerprint` of the overrides the text is scored with;
    without overrides ("") the key is the text's own, as it always was.
    """
    prefix = f"{version}\x00".encode() if version else b""
    return texts.map(
        lambda t: hashlib.blake2b(prefix + t.encode("utf-8"), digest_size=8).hexdigest()
    )


_with_overrides: dict[str, tuple[SentimentIntensityAnalyzer, SentimentIntensityAnalyzer]] = {}


def analyzer_for(overrides: Mapping[str, float] | None = None) -> SentimentIntensityAnalyzer:
    """VADER's analyzer with ``overrides`` (word → valence, −4..4) in its lexicon.

    Without overrides it is the process's one analyzer. With them it is a copy whose lexicon
    is a copy updated with the overrides (keys lower-cased, as VADER looks words up): the
    process-wide analyzer, and every other client, keep VADER's own valences. One copy is
    kept per version of the overrides.
    """
    base = _get_analyzer()
    if not overrides:
        return base
    version = overrides_fingerprint(overrides)
    kept = _with_overrides.get(version)
    if kept is None or kept[0] is not base:  # made from another analyzer (a test's stand-in)
        changed = copy.copy(base)
        changed.lexicon = {
            **base.lexicon,
            **{str(word).lower(): float(valence) for word, valence in overrides.items()},
        }
        kept = _with_overrides[version] = (base, changed)
    return kept[1]


def label_sentiment(compound: pd.Series) -> pd.Series:
    """positive (≥ 0.05), negative (≤ −0.05), neutral between; missing where no score."""
    labels = np.select(
        [compound >= POSITIVE_THRESHOLD, compound <= NEGATIVE_THRESHOLD, compound.notna()],
        ["positive", "negative", "neutral"],
        default=None,
    )
    return pd.Series(labels, index=compound.index, dtype="str").where(compound.notna())


# what reading a damaged Parquet file raises: a missing or truncated file, a wrong schema
UNREADABLE = (OSError, ValueError, KeyError, pa.ArrowException)


def one_line(exc: BaseException) -> str:
    """``exc``'s message on one line (a warning or an error names it in a single line)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def warn_unreadable(what: str, path: Path, exc: BaseException) -> None:
    """Warn that the cache ``what`` at ``path`` cannot be read and will be rebuilt."""
    warnings.warn(
        f"{what} ({path}) cannot be read and is rebuilt: {one_line(exc)}",
        CacheWarning,
        stacklevel=3,
    )


def cache_write_error(what: str, folder: Path, exc: OSError) -> CacheError:
    """The one-line error of a failed cache write; a full disk is named as such.

    pyarrow's OSError may carry no errno, only the system's message, hence the text test.
    """
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left" in str(exc)
    if full:
        return CacheError(
            f"disk full while writing {what} in {folder}: {one_line(exc)}; "
            "free some space and run again"
        )
    return CacheError(f"cannot write {what} in {folder}: {one_line(exc)}")


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``.

    A concurrent reader sees the old or the new file, never half of one; the temporary file
    is removed whatever fails (a full disk included), and the error is passed on.
    """
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")  # unique per writer
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _read_cache(path: Path | None) -> pd.Series:
    """The cached scores by text hash; empty when there is no cache or it cannot be read.

    An unreadable cache (truncated, not Parquet, wrong columns) is only an optimisation lost:
    it is warned about and every text is scored again, and the next write replaces it.
    """
    empty = pd.Series(dtype=float, name="compound")
    if path is None or not path.exists():
        return empty
    try:
        cached = pd.read_parquet(path, columns=["text_hash", "compound"])
        return cached.set_index("text_hash")["compound"].astype(float)
    except UNREADABLE as exc:
        warn_unreadable("the sentiment cache", path, exc)
        return empty


def _write_cache(path: Path, scores: pd.Series) -> None:
    """Write ``scores`` to ``path`` atomically; a failure is a one-line :class:`CacheError`."""
    frame = scores.rename("compound").rename_axis("text_hash").reset_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda tmp: frame.to_parquet(tmp, index=False))
    except OSError as exc:
        raise cache_write_error("the sentiment cache", path.parent, exc) from exc


def score_texts(
    texts: pd.Series,
    *,
    cache_path: str | Path | None = None,
    progress=None,
    overrides: Mapping[str, float] | None = None,
) -> pd.Series:
    """VADER compound scores (−1..1) of ``texts``; missing text gives a missing score.

    Source: Hutto, C.J. & Gilbert, E. (2014), 'VADER: a parsimonious rule-based model for
    sentiment analysis of social media text', ICWSM.

    Parameters
    ----------
    texts
        The texts to score (any index; returned aligned to it).
    cache_path
        Parquet file of ``text_hash → compound``; read first, extended with new scores.
    progress
        Optional callable ``progress(done, total)`` called while scoring new texts.
    overrides
        The client's lexicon overrides (word → valence on VADER's −4..4 scale), applied to a
        copy of the lexicon (:func:`analyzer_for`). The cache keys each score by text and
        :func:`overrides_fingerprint`, so a text is scored again when the overrides change.
    """
    present = texts.dropna().astype(str)
    if present.empty:
        return pd.Series(np.nan, index=texts.index, dtype=float)
    keys = hash_texts(present, version=overrides_fingerprint(overrides))
    unique = pd.Series(present.to_numpy(), index=keys.to_numpy())
    unique = unique[~unique.index.duplicated()]
    path = Path(cache_path) if cache_path else None
    cache = _read_cache(path)
    todo = unique[~unique.index.isin(cache.index)]
    if len(todo):
        polarity = analyzer_for(overrides).polarity_scores
        scores = np.empty(len(todo))
        for i, text in enumerate(todo.to_numpy()):
            scores[i] = polarity(text)["compound"]
            if progress and i % 2000 == 0:
                progress(i, len(todo))
        new = pd.Series(scores, index=todo.index)
        cache = pd.concat([cache, new]) if len(cache) else new
        if path is not None:
            _write_cache(path, cache)
    result = pd.Series(keys.map(cache).to_numpy(), index=present.index, dtype=float)
    return result.reindex(texts.index)
