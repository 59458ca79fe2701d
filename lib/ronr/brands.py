"""Which tracked brands a mention is about, when the export does not say.

A brand is named by its display name, its handles or its keywords from client.yaml, matched as
whole words, case- and accent-insensitive ("Café Noir" matches "cafe noir" and "CAFÉ NOIR"), and
by hashtags: a hashtag spelling a name or keyword without its spaces (``#BetaBeans`` and
``#betabeans`` name "Beta Beans", ``#acme`` and ``#ACME`` name "Acme"), and a CamelCase hashtag
read as its words (``#AcmeSucks`` is "Acme Sucks", so it names Acme). A lower-case hashtag that
merely starts with a name is another word: ``#acmesucks`` names no brand, as ``acmesucks`` would
not. See :func:`ronr.text.term_pattern`. A mention naming several brands becomes one row per
brand.
"""

from __future__ import annotations

import pandas as pd

from .config import Brand
from .text import split_hashtags, term_pattern


def brand_terms(brands: list[Brand]) -> list[str]:
    """Every name, handle and keyword of ``brands``, in order, without repeats."""
    terms = [t for brand in brands for t in (brand.name, *brand.handles, *brand.keywords)]
    return list(dict.fromkeys(terms))


def brand_pattern(brand: Brand) -> str:
    """A regular expression that finds any of the brand's names, handles or keywords.

    Whole words or a hashtag spelling one without spaces, case- and accent-insensitive (see
    :func:`ronr.text.term_pattern`); run it on the text and on its :func:`ronr.text.split_hashtags`
    form to find CamelCase hashtags too, as :func:`match_brands` does.
    """
    return term_pattern(brand_terms([brand]))


def _names(texts: pd.Series, words: pd.Series, pattern: str) -> pd.Series:
    return texts.str.contains(pattern, regex=True) | words.str.contains(pattern, regex=True)


def match_brands(mentions: pd.DataFrame, brands: list[Brand]) -> tuple[pd.DataFrame, pd.Series]:
    """Give each mention without a brand one row per tracked brand its text names.

    Parameters
    ----------
    mentions
        Canonical mentions; rows whose ``brand`` is already set are kept as they are.
    brands
        The tracked brands (the client's first).

    Returns
    -------
    matched, unmatched
        The mentions with a brand on every row, and a mask (over the input rows) of those that
        name no tracked brand, so the caller can reject them with a reason.
    """
    has_brand = mentions["brand"].notna() & (mentions["brand"].astype(str).str.strip() != "")
    todo = mentions[~has_brand]
    texts = todo["text"].fillna("").astype(str).str.normalize("NFC")
    words = split_hashtags(texts)  # "#AcmeSucks" → "Acme Sucks"; "#acme" stays in ``texts``
    hits = pd.DataFrame(
        {brand.name: _names(texts, words, brand_pattern(brand)) for brand in brands},
        index=todo.index,
    )
    unmatched = pd.Series(False, index=mentions.index)
    unmatched[todo.index] = ~hits.any(axis=1) if len(brands) else True
    pairs = hits.stack()
    pairs = pairs[pairs]  # (row, brand) pairs where the text names the brand
    rows = pairs.index.get_level_values(0)
    exploded = todo.loc[rows].assign(brand=pairs.index.get_level_values(1).to_numpy())
    matched = pd.concat([mentions[has_brand], exploded]).sort_index(kind="stable")
    return matched.reset_index(drop=True), unmatched
