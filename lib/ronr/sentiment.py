"""VADER sentiment, scored once per distinct text and cached by text hash.

Retweets and copy-pasted complaints repeat the same text many times; each distinct text is
scored once, and scores persist in a Parquet cache so unchanged mentions are never rescored.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
_analyzer: SentimentIntensityAnalyzer | None = None


def _get_analyzer() -> SentimentIntensityAnalyzer:
    global _analyzer  # one lexicon load per process: it takes ~0.1 s
    if _analyzer is None:
        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


def hash_texts(texts: pd.Series) -> pd.Series:
    """A stable 16-hex-digit key per text."""
    return texts.map(lambda t: hashlib.blake2b(t.encode("utf-8"), digest_size=8).hexdigest())


def label_sentiment(compound: pd.Series) -> pd.Series:
    """positive (≥ 0.05), negative (≤ −0.05), neutral between; missing where no score."""
    labels = np.select(
        [compound >= POSITIVE_THRESHOLD, compound <= NEGATIVE_THRESHOLD, compound.notna()],
        ["positive", "negative", "neutral"],
        default=None,
    )
    return pd.Series(labels, index=compound.index, dtype="str").where(compound.notna())


def _read_cache(path: Path | None) -> pd.Series:
    if path is None or not path.exists():
        return pd.Series(dtype=float, name="compound")
    cached = pd.read_parquet(path)
    return cached.set_index("text_hash")["compound"]


def _write_cache(path: Path, scores: pd.Series) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(
        f"{path.name}.{uuid.uuid4().hex}.tmp"
    )  # unique per writer, thread or process
    scores.rename("compound").rename_axis("text_hash").reset_index().to_parquet(tmp, index=False)
    os.replace(tmp, path)  # atomic: a concurrent reader sees the old or the new cache, never half


def score_texts(
    texts: pd.Series, *, cache_path: str | Path | None = None, progress=None
) -> pd.Series:
    """VADER compound scores (−1..1) of ``texts``; missing text gives a missing score.

    Parameters
    ----------
    texts
        The texts to score (any index; returned aligned to it).
    cache_path
        Parquet file of ``text_hash → compound``; read first, extended with new scores.
    progress
        Optional callable ``progress(done, total)`` called while scoring new texts.
    """
    present = texts.dropna().astype(str)
    if present.empty:
        return pd.Series(np.nan, index=texts.index, dtype=float)
    keys = hash_texts(present)
    unique = pd.Series(present.to_numpy(), index=keys.to_numpy())
    unique = unique[~unique.index.duplicated()]
    path = Path(cache_path) if cache_path else None
    cache = _read_cache(path)
    todo = unique[~unique.index.isin(cache.index)]
    if len(todo):
        polarity = _get_analyzer().polarity_scores
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
