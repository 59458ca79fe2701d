"""Language of each mention, so sentiment is only scored where its lexicon is valid.

py3langid (a fast fork of langid.py, Lui & Baldwin 2012) ships its model in the package; each
distinct text is classified once. Texts it cannot tell with confidence are ``"und"``.
"""

from __future__ import annotations

import functools

import pandas as pd
from py3langid.langid import MODEL_FILE, LanguageIdentifier

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


@functools.cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True, min_confidence=MIN_CONFIDENCE
    )
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_languages(texts: pd.Series) -> pd.Series:
    """ISO 639-1 code of each text ("en", "es", ...), ``"und"`` when unsure, missing for no text.

    Parameters
    ----------
    texts
        Mention texts (any index; the result is aligned to it).
    """
    present = texts.dropna().astype(str)
    distinct = pd.Series(present.unique())
    letters = distinct.str.count(r"[^\W\d_]")
    identifier = _identifier()
    codes = [
        identifier.classify(text)[0] if n >= MIN_LETTERS else UNDETERMINED
        for text, n in zip(distinct, letters, strict=True)
    ]
    lookup = dict(zip(distinct, codes, strict=True))
    return present.map(lookup).reindex(texts.index).astype("str")
