"""Mostly distinct mention texts for a large demo client, with each text's sentiment kept.

The demo's texts come from a few hundred templates, so even a million mentions hold only a
few thousand distinct texts, and anything that works once per distinct text looks faster on
the demo than on a real client. With ``texts="varied"`` (:func:`ronr.demo.generate_client`)
each mention's text gets words around it, as real mentions have: an opener ("Lunch break.",
"@amy_k"), a closer ("#commute", "(at the Leeds store)", "order 4821"), or both. The pieces
are data (``variety.yaml`` beside this module); every one is neutral to VADER, so a text's
compound score and the demo's planted signals are unchanged, and none holds an incident's
keyword.

What stays verbatim, as in real exports: shares (a share repeats the text it shares), the
mentions in other languages (an English opener would change their language), the hostile
mention (its text is checked escaped, character for character) and a share of the rest.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

__all__ = ["VARIETY_FILE", "vary_texts"]

VARIETY_FILE = Path(__file__).with_name("variety.yaml")
VERBATIM_SHARE = 0.05  # mentions besides shares whose text is left as the template made it
# shares of the varied texts with an opener only, a closer only, or both
SHAPE_WEIGHTS = (0.15, 0.25, 0.6)


@functools.cache
def _pieces() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(VARIETY_FILE.read_text(encoding="utf-8"))
    return {key: tuple(str(v) for v in values) for key, values in data.items()}


def _fill(pieces: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each piece with its slots filled by random words (each slot drawn on its own)."""
    words = {k: np.array(v, dtype=object) for k, v in _pieces().items()}

    def pick(key: str):
        return lambda n: words[key][rng.integers(0, len(words[key]), n)]

    draws = {
        "{city}": pick("cities"),
        "{friend}": pick("friends"),
        "{tag}": pick("tags"),
        "{day}": pick("days"),
        "{number}": lambda n: _numbers(n, rng),
        "{time}": lambda n: [f"{h}:{m:02d}" for h, m in zip(*_clock(n, rng), strict=True)],
    }
    out = pd.Series(pieces, dtype=object)
    for slot, draw in draws.items():
        # a piece may hold a slot several times ("@{friend} @{friend}"): a draw for each
        while (has := out.str.contains(slot, regex=False).to_numpy()).any():
            drawn = draw(int(has.sum()))
            out[has] = [p.replace(slot, w, 1) for p, w in zip(out[has], drawn, strict=True)]
    return out.to_numpy(dtype=object)


@functools.cache
def _lexicon_numbers() -> frozenset[int]:
    # VADER scores some numbers as slang ("187" is -2.0, "143" +3.2): never draw those
    from ..sentiment import analyzer_for

    return frozenset(int(k) for k in analyzer_for().lexicon if k.isdigit())


def _numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    drawn = rng.integers(2, 9_999, n)
    while (hit := np.isin(drawn, list(_lexicon_numbers()))).any():
        drawn[hit] += 1
    return drawn.astype(str)


def _clock(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    return rng.integers(6, 23, n), rng.integers(0, 60, n)


def vary_texts(texts: pd.Series, *, keep: np.ndarray, rng: np.random.Generator) -> pd.Series:
    """``texts`` with neutral words around most of them (see the module's docstring).

    Parameters
    ----------
    texts
        Mention texts (strings).
    keep
        Booleans, one per text: True leaves the text verbatim (shares, other languages, the
        hostile mention).
    rng
        The random stream; the same stream gives the same texts.

    Returns
    -------
    pandas.Series
        The texts, same index. A question keeps its final "?": it gets an opener only.
    """
    words = _pieces()
    openers = np.array(words["openers"], dtype=object)
    closers = np.array(words["closers"], dtype=object)
    values = texts.to_numpy(dtype=object).copy()
    n = len(values)
    varied = ~np.asarray(keep, dtype=bool) & (rng.random(n) >= VERBATIM_SHARE)
    shape = rng.choice(3, size=n, p=SHAPE_WEIGHTS)
    question = texts.str.rstrip().str.endswith("?").to_numpy(dtype=bool)
    has_opener = varied & ((shape != 1) | question)
    has_closer = varied & (shape != 0) & ~question
    opener = _fill(openers[rng.integers(0, len(openers), n)], rng)
    closer = _fill(closers[rng.integers(0, len(closers), n)], rng)
    for i in np.flatnonzero(has_opener):
        values[i] = f"{opener[i]} {values[i]}"
    for i in np.flatnonzero(has_closer):
        values[i] = f"{values[i]} {closer[i]}"
    return pd.Series(values, index=texts.index, dtype=object)
