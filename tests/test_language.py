import math

import pandas as pd
import pytest

from ronr import listen
from ronr.language import detect_languages
from ronr.store import enrich_mentions
from tests.factories import make_mentions


def test_languages_of_clear_sentences_short_texts_and_no_text():
    texts = pd.Series(
        [
            "Love love love the mocha at Northbean, best coffee in town",
            "Me encanta el café de Northbean, muy rico y barato",
            "Le service était horrible chez Northbean ce matin",
            "Der Kaffee bei Northbean ist wirklich super lecker",
            "ok 👍",
            None,
        ],
        index=list("abcdef"),
    )
    codes = detect_languages(texts)
    assert codes.loc[list("abcde")].tolist() == ["en", "es", "fr", "de", "und"]
    assert pd.isna(codes.loc["f"])


def test_only_english_and_undetermined_texts_get_a_sentiment_score():
    mentions = make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-01-01",
                "text": "This coffee is great, I love it so much",
            },
            {
                "brand": "Acme",
                "created_at": "2025-01-01",
                "text": "Le café était horrible et le service très lent",
            },
            {"brand": "Acme", "created_at": "2025-01-01", "text": "bad"},
        ]
    ).drop(columns=["sentiment", "sentiment_label", "language", "is_question"])
    enriched = enrich_mentions(mentions)
    assert enriched["language"].tolist() == ["en", "fr", "und"]
    assert enriched["sentiment"].iloc[0] > 0.05
    assert math.isnan(enriched["sentiment"].iloc[1])
    assert pd.isna(enriched["sentiment_label"].iloc[1])
    assert enriched["sentiment_label"].iloc[2] == "negative"


def test_language_mix_counts_and_scored_share():
    mentions = make_mentions(
        [
            {"brand": "Acme", "created_at": "2025-01-01", "language": "en", "sentiment": 0.5},
            {"brand": "Acme", "created_at": "2025-01-01", "language": "en", "sentiment": -0.5},
            {"brand": "Acme", "created_at": "2025-01-01", "language": "fr", "sentiment": None},
            {
                "brand": "Acme",
                "created_at": "2025-01-01",
                "language": None,
                "text": None,
                "sentiment": None,
            },
        ]
    )
    table = listen.language_mix(mentions).set_index("language")
    assert table.loc["en", "mentions"] == 2
    assert table.loc["en", "share"] == pytest.approx(0.5)
    assert table.loc["en", "scored"] == pytest.approx(1.0)
    assert table.loc["fr", "scored"] == 0
    assert table.loc["(no text)", "mentions"] == 1
