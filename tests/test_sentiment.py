import math

import pandas as pd
import pytest

from ronr import sentiment


class CountingAnalyzer:
    """Stands in for VADER: score = 0.1 × number of '!' and counts every call."""

    def __init__(self):
        self.calls = []

    def polarity_scores(self, text):
        self.calls.append(text)
        return {"compound": 0.1 * text.count("!")}


@pytest.fixture
def analyzer(monkeypatch):
    fake = CountingAnalyzer()
    monkeypatch.setattr(sentiment, "_analyzer", fake)
    return fake


def test_labels_use_the_vader_thresholds_inclusively():
    compound = pd.Series([0.05, 0.0499, -0.0499, -0.05, None])
    labels = sentiment.label_sentiment(compound)
    assert labels.iloc[:4].tolist() == ["positive", "neutral", "neutral", "negative"]
    assert pd.isna(labels.iloc[4])


def test_duplicate_texts_are_scored_once_and_missing_text_has_no_score(analyzer):
    texts = pd.Series(["wow!", "wow!", "meh", None, "wow!"], index=[10, 11, 12, 13, 14])
    scores = sentiment.score_texts(texts)
    assert analyzer.calls == ["wow!", "meh"]
    assert scores.index.tolist() == [10, 11, 12, 13, 14]
    assert scores.loc[[10, 11, 14]].tolist() == pytest.approx([0.1, 0.1, 0.1])
    assert scores.loc[12] == 0
    assert math.isnan(scores.loc[13])


def test_cached_texts_are_never_scored_again(analyzer, tmp_path):
    cache = tmp_path / "sentiment.parquet"
    sentiment.score_texts(pd.Series(["a!", "b!!"]), cache_path=cache)
    analyzer.calls.clear()
    scores = sentiment.score_texts(pd.Series(["b!!", "c!!!", "a!"]), cache_path=cache)
    assert analyzer.calls == ["c!!!"]
    assert scores.tolist() == pytest.approx([0.2, 0.3, 0.1])


def test_real_vader_scores_known_examples():
    # Published VADER outputs (vaderSentiment 3.3.2) for these sentences.
    scores = sentiment.score_texts(
        pd.Series(
            [
                "The book was good.",
                "The plot was good, but the characters are uncompelling and the dialog is not great.",
            ]
        )
    )
    assert scores.iloc[0] == pytest.approx(0.4404)
    assert scores.iloc[1] == pytest.approx(-0.7042)
