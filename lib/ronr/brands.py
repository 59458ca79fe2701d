"""Which tracked brands a mention is about, when the export does not say.

A brand is named by its display name, its handles or its keywords from client.yaml, matched as
whole words, case- and accent-insensitive ("Café Noir" matches "cafe noir" and "CAFÉ NOIR").
A mention naming several brands becomes one row per brand.
"""

from __future__ import annotations

import re

import pandas as pd

from .config import Brand


def fold_text(texts: pd.Series) -> pd.Series:
    """Lower-case and strip accents (NFKD without combining marks), for matching only."""
    decomposed = texts.fillna("").str.casefold().str.normalize("NFKD")
    return decomposed.str.replace(r"[\u0300-\u036f]", "", regex=True)


def brand_pattern(brand: Brand) -> str:
    """A regular expression that finds any of the brand's names as whole words."""
    terms = {brand.name, *brand.handles, *brand.keywords}
    folded = fold_text(pd.Series(sorted(terms))).tolist()
    alternatives = "|".join(re.escape(t) for t in sorted(folded, key=len, reverse=True) if t)
    return rf"(?<![\w@#])(?:{alternatives})(?!\w)"


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
    folded = fold_text(todo["text"])
    hits = pd.DataFrame(
        {brand.name: folded.str.contains(brand_pattern(brand), regex=True) for brand in brands},
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
