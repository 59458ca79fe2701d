"""The long tail of mention authors: plausible, unique handles with heavy-tailed audiences."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["author_pool"]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES = _words(
    "maria anna sofia laura emma lena julia sara clara nina olivia mia zoe chloe lucy amelia "
    "grace ella ruby isla ava leah hannah katie megan aisha priya fatima yasmin rosa elena "
    "ines carmen marta lucia paula eva ida freja noor james oliver jack harry george noah leo "
    "sam ben tom joe dan mike chris alex max luke adam ryan ollie finn kai omar ali ravi "
    "arjun mateo pablo diego luca marco hugo felix jonas lars pieter sven tariq kofi"
)
_SURNAMES = _words(
    "k smith jones brown taylor wilson evans thomas roberts walker wright green hall wood "
    "clarke hughes patel khan lee murphy kelly byrne ryan doyle mueller schmidt schulz weber "
    "garcia lopez martin bernard dubois rossi russo devries jansen nowak silva costa novak "
    "m j b t w r s d l p h c n o"
)
_HANDLE_WORDS = _words(
    "runs reads cooks writes travels eats sews codes plays draws bakes shoots climbs rides"
)


def author_pool(
    n: int, exclude: set[str], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` unique handles like ``@maria_k`` and their heavy-tailed follower counts."""
    unique = pd.Series([], dtype=object)
    while len(unique) < n:  # short handles run out first; numbered ones never do
        candidates = pd.Series(_handles(2 * n + 100, rng), dtype=object)
        unique = pd.concat([unique, candidates], ignore_index=True).drop_duplicates()
        unique = unique[~unique.isin(exclude)]
    followers = np.round(rng.lognormal(5.3, 1.6, n))
    return unique.to_numpy(dtype=object)[:n], followers.astype("int64")


def _handles(m: int, rng: np.random.Generator) -> np.ndarray:
    first = np.array(_FIRST_NAMES, dtype=object)[rng.integers(0, len(_FIRST_NAMES), m)]
    last = np.array(_SURNAMES, dtype=object)[rng.integers(0, len(_SURNAMES), m)]
    word = np.array(_HANDLE_WORDS, dtype=object)[rng.integers(0, len(_HANDLE_WORDS), m)]
    number = pd.Series(rng.integers(1, 100, m)).astype(str).to_numpy(dtype=object)
    year = pd.Series(rng.integers(1960, 2008, m)).astype(str).to_numpy(dtype=object)
    pattern = rng.choice(5, size=m, p=[0.25, 0.2, 0.25, 0.2, 0.1])
    return np.select(
        [pattern == 0, pattern == 1, pattern == 2, pattern == 3],
        [
            "@" + first + "_" + pd.Series(last).str[0].to_numpy(dtype=object),
            "@" + first + "." + last,
            "@" + first + last + number,
            "@" + last + "_" + first + year,
        ],
        "@" + first + "_" + word,
    )
