"""Theme assignment in blocks of texts gives what one pass gives (bounded memory at scale)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ronr import themes

TEXTS = pd.Series(
    [
        "cold brew recall refund please",
        "refund for the cold brew recall",
        "oat latte too sweet today",
        "the oat latte was too sweet",
        "app crashes when I pay",
        "payment app crashes again",
        "store closed early again",
        "why was the store closed early",
        "lovely staff and great croissant",
        "great croissant lovely staff",
        "nothing in common here",
        "",
    ]
    * 3
)


def test_assigning_in_blocks_gives_the_same_themes_and_similarities(monkeypatch) -> None:
    model = themes.fit_themes(TEXTS, n_themes=4, seed=3)
    whole = model.assign(TEXTS, min_similarity=0.2)
    similarity = model.similarity(TEXTS)
    monkeypatch.setattr(themes, "ADD_BLOCK", 3)  # 12 distinct texts: 4 blocks
    again = themes.fit_themes(TEXTS, n_themes=4, seed=3)
    blocked = again.assign(TEXTS, min_similarity=0.2)
    pd.testing.assert_series_equal(blocked, whole)
    pd.testing.assert_series_equal(again.similarity(TEXTS), similarity)
    assert again.labels == model.labels
    assert (whole >= 0).sum() >= 20  # most texts have a theme: the check compares something


def test_text_counts_added_in_blocks_count_the_same_terms(monkeypatch) -> None:
    texts = np.array(TEXTS.unique(), dtype=object)
    one = themes.TextCounts()
    rows = one.rows(texts)
    monkeypatch.setattr(themes, "ADD_BLOCK", 5)
    blocks = themes.TextCounts()
    rows_b = blocks.rows(texts)
    assert len(blocks._blocks) == 3 and len(one._blocks) == 1

    def as_dicts(counts: themes.TextCounts, at: np.ndarray) -> list[dict[str, int]]:
        matrix = counts.counts(at)
        return [
            dict(zip(counts.terms(matrix[i].indices), matrix[i].data.tolist(), strict=True))
            for i in range(matrix.shape[0])
        ]

    assert as_dicts(blocks, rows_b) == as_dicts(one, rows)
    # "please" is a stop word; words and bigrams, each once
    assert as_dicts(one, rows)[0] == {
        "brew": 1,
        "brew recall": 1,
        "cold": 1,
        "cold brew": 1,
        "recall": 1,
        "recall refund": 1,
        "refund": 1,
    }
