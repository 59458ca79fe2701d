import re

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ronr.text import (
    PLACEHOLDER,
    fold_text,
    mask_for_sentiment,
    split_hashtags,
    strip_for_language,
    term_pattern,
)

VADER = SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    return VADER.polarity_scores(text)["compound"]


def test_fold_text_ignores_case_and_accents():
    assert fold_text(pd.Series(["CAFÉ Noir", "Ça va", None])).tolist() == ["cafe noir", "ca va", ""]


def test_hashtags_are_read_as_their_words_and_the_rest_is_kept():
    texts = pd.Series(
        [
            "#LoveIt so much",
            "epic #fail!",
            "#NYCMarathon #Top10Tips #2025Goals",
            "#love_it #loveit #ACME",
            "&#39; x#y @Sunny https://a.example/#top",  # entity, inside a word, handle, URL kept
            None,
        ],
        index=[5, 6, 7, 8, 9, 10],
    )
    split = split_hashtags(texts)
    assert split.index.tolist() == [5, 6, 7, 8, 9, 10]
    assert split.loc[5:9].tolist() == [
        "Love It so much",
        "epic fail!",
        "NYC Marathon Top 10 Tips 2025 Goals",
        "love it loveit ACME",
        "&#39; x#y @Sunny https://a.example/#top",
    ]
    assert pd.isna(split.loc[10])


def test_term_pattern_whole_words_hashtags_and_literal_metacharacters():
    pattern = term_pattern(["Brewster & Co", "Café Noir", "A.B", "@acme"])
    found = pd.Series(
        [
            "brewster  &  CO rocks",  # any whitespace, any case
            "Brewster X Co",  # "&" is literal
            "CAFE NOIR",  # accent-insensitive both ways
            "café noir",
            "#cafénoir #CafeNoir",
            "#BrewsterCo",
            "AxB",  # "." is literal
            "a.b",
            "#acme",  # a handle has no hashtag form
            "cafenoirs",  # inside a longer word
        ]
    ).str.contains(pattern, regex=True)
    assert found.tolist() == [True, False, True, True, True, True, False, True, False, False]
    assert not re.search(term_pattern([]), "anything at all")


def test_the_placeholder_is_neutral_and_does_not_glue_words():
    assert PLACEHOLDER.lower() not in VADER.lexicon
    assert compound(PLACEHOLDER) == 0
    masked = mask_for_sentiment(pd.Series(["terrible,@sunny,awful"]))
    assert masked.iloc[0] == "terrible, _ ,awful"
    # "terrible" (−2.1) and "awful" (−2.0) are still two scored words, as if the handle were
    # not there: compound = −4.1 / √(4.1² + 15) = −0.7269 (VADER's normalisation, alpha 15)
    assert compound(masked.iloc[0]) == compound("terrible, awful") == pytest.approx(-0.7269)


def test_the_same_complaint_scores_the_same_whatever_brand_it_names():
    texts = pd.Series(
        [
            "@sunny still no signal, terrible",
            "@acmemobile still no signal, terrible",
            "@Sunny still no signal, terrible",
            "Sunny Mobile still no signal, terrible",
            "#SunnyMobile still no signal, terrible",
            "#sunnymobile still no signal, terrible",
            "https://sunny.example/x still no signal, terrible",
        ]
    )
    terms = ["Sunny Mobile", "@sunny", "Acme Mobile", "@acmemobile"]
    masked = mask_for_sentiment(texts, terms=terms)
    assert set(masked) == {"_ still no signal, terrible"}
    # "sunny" is a VADER word (+1.8): unmasked, the handle made the complaint positive
    assert VADER.lexicon["sunny"] == 1.8 and "acmemobile" not in VADER.lexicon
    # VADER: "no" −1.2, "terrible" −2.1 flipped by the "no" two words before (× −0.74) = +1.554;
    # sum 0.354 → 0.354 / √(0.354² + 15) = 0.091; with "sunny" +1.8: 2.154 / √(2.154² + 15) = 0.486
    assert compound(texts.iloc[0]) == pytest.approx(0.486)
    assert compound(texts.iloc[1]) == pytest.approx(0.091)
    assert compound(masked.iloc[0]) == compound("still no signal, terrible") == pytest.approx(0.091)


def test_brand_words_are_masked_only_as_whole_words():
    texts = pd.Series(
        [
            "Sunny is the worst, sunnyside up is great",
            "#AcmeSucks but #acmesucks is another word",
            "CAFE NOIR, café noir and Brewster & Co: great",
            "mail bob@acme.com about #LoveIt",
            None,
        ],
        index=list("abcde"),
    )
    masked = mask_for_sentiment(texts, terms=["Sunny", "Acme", "Café Noir", "Brewster & Co"])
    assert masked.loc[list("abcd")].tolist() == [
        "_ is the worst, sunnyside up is great",
        "_ Sucks but acmesucks is another word",
        "_ , _ and _ : great",
        "mail bob@acme.com about Love It",
    ]
    assert pd.isna(masked.loc["e"])
    # the original texts are not changed
    assert texts.loc["a"] == "Sunny is the worst, sunnyside up is great"


def test_language_text_drops_handles_and_urls_and_reads_hashtags():
    texts = pd.Series(
        [
            "@kundenservice_deutschland my train is late again https://www.bahn.de/x.",
            "@acme.coffee Gracias #BestCoffeeEver",
            None,
        ]
    )
    stripped = strip_for_language(texts)
    assert stripped.iloc[:2].tolist() == ["my train is late again .", "Gracias Best Coffee Ever"]
    assert pd.isna(stripped.iloc[2])


def test_results_keep_the_index_even_with_repeated_labels():
    texts = pd.Series(["@a so #LoveIt", None, "#x"], index=[7, 7, 3])
    assert mask_for_sentiment(texts).index.tolist() == [7, 7, 3]
    assert mask_for_sentiment(texts).iloc[[0, 2]].tolist() == ["_ so Love It", "x"]
    assert strip_for_language(texts).iloc[0] == "so Love It"
    assert pd.isna(split_hashtags(texts).iloc[1])
