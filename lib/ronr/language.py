"""Language of each mention, so sentiment is only scored where its lexicon is valid.

py3langid (a fast fork of langid.py, Lui & Baldwin 2012) ships its model in the package; each
distinct text is classified once. Texts it cannot tell with confidence are ``"und"``.

Detected languages persist in a Parquet cache by hash of the text and :data:`DETECTOR_VERSION`,
beside the sentiment cache, so a text is detected once across imports; many new texts are
detected in chunks by worker processes (:func:`ronr.sentiment.map_in_chunks`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import py3langid
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .sentiment import hash_texts, map_in_chunks, read_hash_cache, write_hash_cache

UNDETERMINED = "und"
MIN_CONFIDENCE = 0.5
# widely used languages only: allowing every langid language (creoles, dialects) mislabels
# short English posts more often than it finds a real one
LANGUAGES = (
    "ar",
    "cs",
    "da",
    "de",
    "el",
    "en",
    "es",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "id",
    "it",
    "ja",
    "ko",
    "ms",
    "nl",
    "no",
    "pl",
    "pt",
    "ro",
    "ru",
    "sv",
    "th",
    "tr",
    "uk",
    "vi",
    "zh",
)
MIN_LETTERS = 12  # shorter texts ("ok", "🔥🔥") carry too little signal to name a language
RULES_VERSION = "1"  # bump when detect_languages decides differently for the same text
LANGUAGE_CACHE_NAME = "language.parquet"


def _detector_version() -> str:
    """12 hex digits naming the detector: py3langid's version and ronr's rules around it."""
    rules = (
        f"py3langid {py3langid.__version__}|rules {RULES_VERSION}|{MIN_CONFIDENCE}|"
        f"{MIN_LETTERS}|{','.join(LANGUAGES)}"
    )
    return hashlib.blake2b(rules.encode("utf-8"), digest_size=6).hexdigest()


DETECTOR_VERSION = _detector_version()
"""Part of each cached language's key: another py3langid or other rules detect again."""


@functools.cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True, min_confidence=MIN_CONFIDENCE
    )
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _init_detector() -> None:
    """Load the language model once in this process."""
    _identifier()


def _classify_chunk(texts: Sequence[str]) -> list[str]:
    """The language code of each of ``texts`` (long enough to tell: :data:`MIN_LETTERS`)."""
    classify = _identifier().classify
    return [classify(text)[0] for text in texts]


def _detect(texts: pd.Series) -> list[str]:
    """The language code of each of ``texts`` (distinct, present), ``"und"`` when unsure."""
    letters = texts.str.count(r"[^\W\d_]").to_numpy()
    long_enough = letters >= MIN_LETTERS
    detected = iter(
        map_in_chunks(_classify_chunk, texts[long_enough].tolist(), initializer=_init_detector)
    )
    return [next(detected) if tell else UNDETERMINED for tell in long_enough]


def detect_languages(texts: pd.Series, *, cache_path: str | Path | None = None) -> pd.Series:
    """ISO 639-1 code of each text ("en", "es", ...), ``"und"`` when unsure, missing for no text.

    Parameters
    ----------
    texts
        Mention texts as the detector reads them (any index; the result is aligned to it).
    cache_path
        Parquet file of ``text_hash → language`` (the hash of the text and
        :data:`DETECTOR_VERSION`); read first, extended with the texts detected now. A damaged
        file is warned about (:class:`ronr.errors.CacheWarning`) and rebuilt.
    """
    plain = texts.reset_index(drop=True)  # positions: a repeated index label is no problem
    present = plain.dropna().astype(str)
    keys = hash_texts(present, version=DETECTOR_VERSION)
    unique = pd.Series(present.to_numpy(), index=keys.to_numpy())
    unique = unique[~unique.index.duplicated()]
    path = Path(cache_path) if cache_path else None
    what = "the language cache"
    cache = read_hash_cache(path, "language", what=what, dtype=object)
    todo = unique[~unique.index.isin(cache.index)]
    if len(todo):
        new = pd.Series(_detect(todo), index=todo.index, dtype=object)
        cache = pd.concat([cache, new]) if len(cache) else new
        if path is not None:
            write_hash_cache(path, cache, "language", what=what)
    codes = pd.Series(keys.map(cache).to_numpy(), index=present.index, dtype=object)
    return codes.reindex(plain.index).set_axis(texts.index).astype("str")
