"""VADER sentiment, scored once per distinct text and cached by text hash.

Retweets and copy-pasted complaints repeat the same text many times; each distinct text is
scored once, and scores persist in a Parquet cache so unchanged mentions are never rescored.

A client's lexicon overrides (``sentiment.lexicon_overrides`` in client.yaml: a domain word's
own valence, e.g. "sick" as praise) are applied to a copy of VADER's lexicon, never to the
process-wide analyzer, and are part of each cached score's key: changed overrides re-score.

Many new texts (:data:`PARALLEL_MIN_TEXTS` or more) are scored in chunks by a pool of worker
processes (:func:`map_in_chunks`), each loading the lexicon, with the overrides, once; the
scores are the same, in the same order, as scoring them in this process.
"""

from __future__ import annotations

import copy
import errno
import functools
import hashlib
import json
import multiprocessing
import os
import sys
import uuid
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
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


def read_hash_cache(path: Path | None, column: str, *, what: str, dtype) -> pd.Series:
    """The values of ``column`` cached at ``path`` by text hash; empty when there are none.

    An unreadable cache (truncated, not Parquet, wrong columns) is only an optimisation lost:
    it is warned about (:func:`warn_unreadable`), every value is computed again, and the next
    write replaces the file.

    Parameters
    ----------
    path
        The Parquet file (``text_hash`` and ``column``), or None for no cache.
    column
        The cached value's column.
    what
        The cache as a warning names it ("the sentiment cache").
    dtype
        The values' dtype (``float`` for scores, ``object`` for language codes).
    """
    empty = pd.Series(dtype=dtype, name=column, index=pd.Index([], dtype=object))
    if path is None or not path.exists():
        return empty
    try:
        cached = pd.read_parquet(path, columns=["text_hash", column])
        return cached.set_index("text_hash")[column].astype(dtype)
    except UNREADABLE as exc:
        warn_unreadable(what, path, exc)
        return empty


def write_hash_cache(path: Path, values: pd.Series, column: str, *, what: str) -> None:
    """Write ``values`` (indexed by text hash) to ``path`` atomically.

    Raises
    ------
    CacheError
        The file could not be written (:func:`cache_write_error`: one line, a full disk named).
    """
    frame = values.rename(column).rename_axis("text_hash").reset_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda tmp: frame.to_parquet(tmp, index=False))
    except OSError as exc:
        raise cache_write_error(what, path.parent, exc) from exc


def _read_cache(path: Path | None) -> pd.Series:
    """The cached scores by text hash; empty when there is no cache or it cannot be read."""
    return read_hash_cache(path, "compound", what="the sentiment cache", dtype=float)


def _write_cache(path: Path, scores: pd.Series) -> None:
    """Write ``scores`` to ``path`` atomically; a failure is a one-line :class:`CacheError`."""
    write_hash_cache(path, scores, "compound", what="the sentiment cache")


PARALLEL_MIN_TEXTS = 20_000
"""From this many texts to work on, they are split in chunks over worker processes."""
WORKERS_ENV = "RONR_WORKERS"
CHUNK_SIZE = 2_000  # texts per task: a few ms to send, ~0.2 s of VADER or language detection


def worker_count() -> int:
    """How many worker processes to use.

    ``$RONR_WORKERS`` when it is a positive integer, else :func:`os.cpu_count` (1 when
    unknown).
    """
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return os.cpu_count() or 1


def _pool_context():
    """How worker processes start: as copies of this one (fork) on Linux, else spawned.

    A forked worker has ronr, the model and the lexicon already imported and needs no
    ``if __name__ == "__main__":`` guard in the calling script (a spawned or fork-server
    worker runs an unguarded script again). It only runs pure-Python VADER and py3langid on
    the texts it is sent, so locks held by this process's other threads (pyarrow's) are never
    needed there. macOS and Windows spawn, as multiprocessing always does there.
    """
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def map_in_chunks(
    work: Callable[[Sequence[str]], Sequence],
    texts: Sequence[str],
    *,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    progress=None,
) -> list:
    """``work`` applied to ``texts`` in chunks: the concatenated results, in the texts' order.

    Fewer than :data:`PARALLEL_MIN_TEXTS` texts, or one worker (:func:`worker_count`), are
    worked on in this process, in the same chunks; more are split in chunks of
    :data:`CHUNK_SIZE` over a :class:`~concurrent.futures.ProcessPoolExecutor` whose workers
    each call ``initializer(*initargs)`` once, e.g. to load a model. Where no process pool
    can be made (a platform without process semaphores), the chunks are worked on here.

    Parameters
    ----------
    work
        A module-level function, or a :func:`functools.partial` of one (workers import it by
        name), from a chunk of texts to one result per text.
    texts
        The texts, in order.
    initializer, initargs
        Prepares a process before its first chunk.
    progress
        Optional callable ``progress(done, total)``, called as chunks are done.
    """
    texts = list(texts)
    total = len(texts)
    chunks = [texts[start : start + CHUNK_SIZE] for start in range(0, total, CHUNK_SIZE)]
    workers = min(worker_count(), len(chunks))
    pool = None
    if total >= PARALLEL_MIN_TEXTS and workers >= 2:
        try:
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=_pool_context(),
                initializer=initializer,
                initargs=initargs,
            )
        except (OSError, NotImplementedError):  # no process semaphores here: work in this one
            pool = None
    results = []
    if pool is None:
        for done, chunk in enumerate(chunks):
            if progress:
                progress(done * CHUNK_SIZE, total)
            results.extend(work(chunk))
        return results
    with pool:
        for done, chunk_results in enumerate(pool.map(work, chunks), 1):  # in submission order
            results.extend(chunk_results)
            if progress:
                progress(min(done * CHUNK_SIZE, total), total)
    return results


def _init_scoring(overrides: Mapping[str, float] | None) -> None:
    """Load VADER's lexicon, with ``overrides``, once in this process (:func:`analyzer_for`)."""
    analyzer_for(overrides)


def _score_chunk(texts: Sequence[str], overrides: Mapping[str, float] | None) -> np.ndarray:
    """The compound scores of ``texts`` with ``overrides`` in the lexicon."""
    polarity = analyzer_for(overrides).polarity_scores
    return np.fromiter((polarity(text)["compound"] for text in texts), float, len(texts))


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

    Many new texts are scored by worker processes (:func:`map_in_chunks`; ``$RONR_WORKERS``
    sets how many), with the same scores as in this process.
    """
    plain = texts.reset_index(drop=True)  # positions: a repeated index label is no problem
    present = plain.dropna().astype(str)
    if present.empty:
        return pd.Series(np.nan, index=texts.index, dtype=float)
    keys = hash_texts(present, version=overrides_fingerprint(overrides))
    unique = pd.Series(present.to_numpy(), index=keys.to_numpy())
    unique = unique[~unique.index.duplicated()]
    path = Path(cache_path) if cache_path else None
    cache = _read_cache(path)
    todo = unique[~unique.index.isin(cache.index)]
    if len(todo):
        words = dict(overrides) if overrides else None  # sent to each worker
        scores = map_in_chunks(
            functools.partial(_score_chunk, overrides=words),
            todo.tolist(),
            initializer=_init_scoring,
            initargs=(words,),
            progress=progress,
        )
        new = pd.Series(np.asarray(scores, dtype=float), index=todo.index)
        cache = pd.concat([cache, new]) if len(cache) else new
        if path is not None:
            _write_cache(path, cache)
    result = pd.Series(keys.map(cache).to_numpy(), index=present.index, dtype=float)
    return result.reindex(plain.index).set_axis(texts.index)
