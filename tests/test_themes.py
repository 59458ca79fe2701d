import itertools
import math
import string

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from ronr import sections
from ronr.demo import DEMO_SPECS, generate_client
from ronr.store import load_workspace
from ronr.themes import (
    COMPARE_COLUMNS,
    EMERGING_COLUMNS,
    OTHER,
    SUMMARY_COLUMNS,
    TextCounts,
    _counter,
    _sample,
    _stop_terms,
    collect_brand_terms,
    compare_themes,
    default_n_themes,
    emerging_terms,
    fit_themes,
    question_themes,
    sample_note,
    summarise_themes,
    widen_comparison,
)
from tests.factories import make_mentions

# three topics that share no word, four phrasings each
DELIVERY = (
    "parcel delivery late again",
    "late parcel delivery today",
    "my parcel delivery is late",
    "parcel delivery very late",
)
REFUND = (
    "refund payment still missing",
    "where is my refund payment",
    "refund payment never arrived",
    "still no refund payment",
)
APP = (
    "mobile app crashes constantly",
    "the mobile app crashes at login",
    "mobile app crashes after update",
    "app crashes on my mobile",
)
PRICE = (
    "price increase too high",
    "another price increase announced",
    "price increase for members",
    "big price increase",
)
TOPICS = {"delivery": DELIVERY, "refund": REFUND, "app": APP}


def words(label: str) -> set[str]:
    return set(label.replace("·", " ").split())


def test_default_n_themes_rule_of_thumb():
    assert [default_n_themes(n) for n in (0, 1, 18, 50, 98, 200, 10_000)] == [2, 2, 3, 5, 7, 10, 10]


def test_fit_three_obvious_topics():
    texts = pd.Series([t for phrasings in TOPICS.values() for t in phrasings] * 2)
    model = fit_themes(texts, n_themes=3, seed=1)
    assert model.n_themes == 3
    themes = model.assign(texts)
    assert themes.index.equals(texts.index)
    found = {}
    for topic, phrasings in TOPICS.items():
        ids = set(themes[texts.isin(phrasings)])
        assert len(ids) == 1, topic  # every phrasing of a topic lands in one theme
        found[topic] = ids.pop()
    assert sorted(found.values()) == [0, 1, 2]
    assert words(model.labels[found["delivery"]]) & {"parcel", "delivery", "late"}
    assert words(model.labels[found["refund"]]) & {"refund", "payment"}
    assert words(model.labels[found["app"]]) & {"mobile", "app", "crashes"}
    assert all(label.count(" · ") == 2 for label in model.labels.values())


def test_fit_is_deterministic_given_the_seed():
    texts = pd.Series([t for phrasings in TOPICS.values() for t in phrasings])
    first, second = fit_themes(texts, seed=7), fit_themes(texts, seed=7)
    assert first.labels == second.labels
    assert first.assign(texts).equals(second.assign(texts))


def test_label_shows_a_bigram_instead_of_its_words():
    model = fit_themes(pd.Series(["cold brew recall"] * 3 + ["oat milk latte"] * 3), n_themes=2)
    labels = set(model.labels.values())
    assert any(label.startswith(("cold brew", "brew recall")) for label in labels)
    for label in labels:
        shown = label.replace(" · ", " ").split()
        assert len(shown) == len(set(shown))  # no word twice


def test_unknown_missing_and_empty_texts_are_other():
    model = fit_themes(pd.Series(list(DELIVERY + REFUND)), n_themes=2)
    assigned = model.assign(pd.Series(["zebra quartz", None, "", "late parcel", np.nan]))
    assert assigned.tolist()[:3] == [OTHER, OTHER, OTHER]
    assert assigned.iloc[3] != OTHER
    assert assigned.iloc[4] == OTHER
    assert assigned.dtype == np.int64


def test_similarity_and_min_similarity_by_hand():
    # Two distinct texts, two themes: each centroid is its text's vector. Every term has
    # df = 1, so equal IDF and equal weights: "apple pie" = (apple, pie, apple pie) / √3,
    # "banana bread loaf" = (banana, bread, loaf, banana bread, bread loaf) / √5.
    model = fit_themes(pd.Series(["apple pie", "banana bread loaf"]), n_themes=2)
    apple = model.assign(["apple pie"]).iloc[0]
    banana = model.assign(["banana bread loaf"]).iloc[0]
    texts = pd.Series(["apple pie", "apple crumble", "bread rolls", "apple bread", "coffee", None])
    # known terms only: "apple crumble" = e_apple → cos 1/√3; "bread rolls" = e_bread →
    # cos 1/√5; "apple bread" = (e_apple + e_bread)/√2 → x·A = 1/√6, x·B = 1/√10, so
    # ||x − A||² = 2 − 2/√6 = 1.18 < ||x − B||² = 2 − 2/√10 = 1.37: nearest A, cos 1/√6
    similarity = model.similarity(texts)
    assert similarity.iloc[:4].tolist() == pytest.approx(
        [1.0, 1 / math.sqrt(3), 1 / math.sqrt(5), 1 / math.sqrt(6)]
    )
    assert similarity.iloc[4:].isna().all()  # no known term, missing text
    assert model.assign(texts).tolist() == [apple, apple, banana, apple, OTHER, OTHER]
    # 0.5 keeps 1 and 0.577; 0.447 and 0.408 go to "other"
    gated = model.assign(texts, min_similarity=0.5)
    assert gated.tolist() == [apple, apple, OTHER, OTHER, OTHER, OTHER]
    assert model.assign(texts, min_similarity=0.4).tolist() == [apple, apple, banana, apple, -1, -1]
    with pytest.raises(ValueError, match="min_similarity"):
        model.assign(texts, min_similarity=1.5)


def test_fewer_distinct_texts_than_themes():
    model = fit_themes(pd.Series(["apple pie", "apple pie", "banana bread"]), n_themes=5)
    assert model.n_themes == 2
    assert model.assign(pd.Series(["apple pie", "banana bread"])).nunique() == 2
    # texts that differ only in stop words are one point
    same = fit_themes(pd.Series(["the apple pie", "apple pie!", "an apple pie"]), n_themes=3)
    assert same.n_themes == 1


def test_empty_and_all_missing_texts():
    empty = fit_themes(pd.Series([], dtype=object))
    assert empty.n_themes == 0
    assert empty.assign(pd.Series([], dtype=object)).empty
    missing = fit_themes(pd.Series([None, np.nan, None], dtype=object))
    assert missing.n_themes == 0
    assert (missing.assign(pd.Series(["anything", None])) == OTHER).all()
    only_stop_words = fit_themes(pd.Series(["the and of", "is it"]))
    assert only_stop_words.n_themes == 0

    table = summarise_themes(pd.DataFrame(), empty)
    assert list(table.columns) == list(SUMMARY_COLUMNS) and table.empty
    rows = make_mentions([{"created_at": "2025-01-02", "text": None}] * 3)
    table = summarise_themes(rows, missing)
    assert table["theme"].tolist() == [OTHER] and table["n"].tolist() == [3]
    assert table["label"].tolist() == ["Other topics"] and table["examples"].tolist() == [[]]


def test_stop_words_drop_brands_case_and_accent_insensitive():
    texts = pd.Series(
        [
            "Daily Grind latte is great",
            "@dailygrind latte daily",
            "Café Crème latte",
            "cafe creme latte again",
        ]
        * 2
    )
    model = fit_themes(texts, n_themes=1, stop_words=["Daily Grind", "@dailygrind", "CAFÉ CRÈME"])
    terms = set(model.terms)
    assert "latte" in terms and "daily" in terms  # a phrase is removed as a whole
    assert not terms & {"grind", "dailygrind", "cafe", "creme", "cafe creme"}


def test_non_english_texts_form_their_own_theme():
    spanish = ("el envío llegó tarde otra vez", "envio tarde y sin respuesta", "el envío tarde")
    texts = pd.Series(list(DELIVERY + REFUND + spanish))
    model = fit_themes(texts, n_themes=3)
    themes = model.assign(texts)
    assert themes[texts.isin(spanish)].nunique() == 1
    theme = themes[texts.isin(spanish)].iloc[0]
    assert "envio" in words(model.labels[theme]) or "tarde" in words(model.labels[theme])
    assert not set(themes[~texts.isin(spanish)]) & {theme}


def test_html_is_plain_text():
    hostile = "<script>alert(1)</script> refund payment missing"
    rows = [
        {"created_at": "2025-01-05", "text": t}
        for t in [*DELIVERY, *REFUND, hostile, hostile, hostile]
    ]
    mentions = make_mentions(rows)
    model = fit_themes(mentions["text"], n_themes=2)
    table = summarise_themes(mentions, model, examples=10)
    every_example = [e for examples in table["examples"] for e in examples]
    assert hostile in every_example  # returned exactly as written, not escaped nor stripped
    assert not any("<" in label or ">" in label for label in model.labels.values())


@pytest.fixture
def themed_mentions():
    """10 mentions: delivery 6 (1, 2, 3 in Jan, Feb, Mar), refund 3 (Feb), app 1 (Jan)."""
    rows = []
    delivery_months = ["2025-01-10", "2025-02-10", "2025-02-11", "2025-03-10", "2025-03-11"]
    delivery_months.append("2025-03-12")
    labels = ["negative", "negative", "positive", "negative", "neutral", "negative"]
    scores = [-0.5, -0.5, 0.5, -0.5, 0.0, -0.5]
    for i, (day, label, score) in enumerate(zip(delivery_months, labels, scores, strict=True)):
        rows.append(
            {
                "created_at": day,
                "text": DELIVERY[i % 4],
                "sentiment_label": label,
                "sentiment": score,
            }
        )
    for i, score in enumerate([0.6, 0.8, np.nan]):
        rows.append(
            {
                "created_at": f"2025-02-{i + 1:02d}",
                "text": REFUND[i],
                "sentiment_label": "positive",
                "sentiment": score,
            }
        )
    rows.append({"created_at": "2025-01-20", "text": APP[0], "sentiment_label": "negative"})
    return make_mentions(rows)


def test_summarise_themes_by_hand(themed_mentions):
    model = fit_themes(pd.Series([*DELIVERY, *REFUND, *APP]), n_themes=3)
    table = summarise_themes(themed_mentions, model, freq="MS", examples=2)
    assert list(table.columns) == list(SUMMARY_COLUMNS)
    assert table["n"].tolist() == [6, 3, 1]
    assert table["share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert table["positive"].tolist() == [1, 3, 0]
    assert table["negative"].tolist() == [4, 0, 1]
    assert table["net_sentiment"].tolist() == pytest.approx([(1 - 4) / 5, 1.0, -1.0])
    assert table["mean_sentiment"].tolist() == pytest.approx([-1.5 / 6, 0.7, 0.0])
    assert table["per_period"].tolist() == [[1, 2, 3], [0, 3, 0], [1, 0, 0]]
    assert table["trend"].tolist() == pytest.approx([1.0, 0.0, -0.5])
    assert table.attrs["periods"] == list(pd.date_range("2025-01-01", "2025-03-01", freq="MS"))
    assert table["small_sample"].all()
    assert (table["net_sentiment_low"] <= table["net_sentiment"]).all()
    assert (table["net_sentiment"] <= table["net_sentiment_high"]).all()
    assert words(table.loc[0, "label"]) & {"parcel", "delivery", "late"}
    # examples: distinct texts of the right theme, nearest the centroid first
    assert len(table.loc[0, "examples"]) == 2
    assert set(table.loc[0, "examples"]) <= set(DELIVERY)
    assert set(table.loc[1, "examples"]) <= set(REFUND)
    assert table.loc[2, "examples"] == [APP[0]]


def test_summarise_weekly_and_bad_freq(themed_mentions):
    model = fit_themes(themed_mentions["text"], n_themes=3)
    weekly = summarise_themes(themed_mentions, model, freq="W")
    assert all(len(c) == len(weekly.attrs["periods"]) for c in weekly["per_period"])
    assert weekly.attrs["periods"][0] == pd.Timestamp("2025-01-06")  # a Monday
    with pytest.raises(ValueError, match="freq"):
        summarise_themes(themed_mentions, model, freq="Q")


def test_summarise_periods_are_local():
    # 23:30 UTC on 31 March is 00:30 BST on 1 April in London
    mentions = make_mentions(
        [
            {"created_at": "2025-03-15T12:00Z", "text": DELIVERY[0]},
            {"created_at": "2025-03-31T23:30Z", "text": DELIVERY[1]},
        ]
    )
    model = fit_themes(mentions["text"], n_themes=1)
    utc = summarise_themes(mentions, model, freq="MS")
    assert utc.attrs["periods"] == [pd.Timestamp("2025-03-01")]
    assert utc["per_period"].tolist() == [[2]]
    london = summarise_themes(mentions, model, freq="MS", timezone="Europe/London")
    assert london.attrs["periods"] == [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-01")]
    assert london["per_period"].tolist() == [[1, 1]]
    assert london.attrs["timezone"] == "Europe/London"
    daily = summarise_themes(mentions, model, freq="D", timezone="Europe/London")
    assert daily.attrs["periods"][-1] == pd.Timestamp("2025-04-01")
    assert daily["per_period"].iloc[0][-1] == 1
    _, faq = question_themes(
        mentions.assign(brand="Acme", is_question=True),
        brand="Acme",
        n_themes=1,
        freq="MS",
        timezone="Europe/London",
    )
    assert faq["per_period"].tolist() == [[1, 1]]


def test_summarise_missing_sentiment_columns():
    mentions = make_mentions([{"created_at": "2025-01-01", "text": t} for t in DELIVERY])
    mentions = mentions.drop(columns=["sentiment", "sentiment_label"])
    table = summarise_themes(mentions, fit_themes(mentions["text"]))
    assert table["n"].sum() == 4
    assert table["net_sentiment"].isna().all() and table["mean_sentiment"].isna().all()


def test_question_themes_keeps_only_mentions_that_need_an_answer():
    rows = []
    for t in DELIVERY:  # complaints: negative
        rows.append({"created_at": "2025-01-02", "text": t, "sentiment_label": "negative"})
    for t in REFUND:  # questions
        rows.append({"created_at": "2025-01-03", "text": t + "?", "is_question": True})
    for t in APP:  # positive statements, shares, other brands: no answer needed
        rows.append({"created_at": "2025-01-04", "text": t, "sentiment_label": "positive"})
        rows.append(
            {"created_at": "2025-01-04", "text": t, "kind": "share", "sentiment_label": "negative"}
        )
        rows.append(
            {"created_at": "2025-01-04", "text": t, "brand": "Beta", "sentiment_label": "negative"}
        )
    mentions = make_mentions([{"brand": "Acme", **r} for r in rows])
    model, faq = question_themes(mentions, brand="Acme", n_themes=2)
    assert faq["n"].sum() == 8
    assert sorted(faq["n"]) == [4, 4]
    assert faq["share"].tolist() == pytest.approx([0.5, 0.5])
    for examples in faq["examples"]:
        assert set(examples) <= set(DELIVERY) or set(examples) <= {t + "?" for t in REFUND}
    assert not any(words(label) & {"mobile", "app", "crashes"} for label in model.labels.values())

    empty_model, empty = question_themes(mentions.iloc[:0], brand="Acme")
    assert empty_model.n_themes == 0 and empty.empty
    assert list(empty.columns) == list(SUMMARY_COLUMNS)


def _brand_rows(brand, phrasings, n, label):
    return [
        {
            "brand": brand,
            "created_at": "2025-02-01",
            "text": phrasings[i % 4],
            "sentiment_label": label,
        }
        for i in range(n)
    ]


def test_compare_themes_flags_where_competitor_is_praised_and_client_not():
    rows = [
        *_brand_rows("Beta", DELIVERY, 12, "positive"),  # Beta praised, Acme panned: flag
        *_brand_rows("Acme", DELIVERY, 12, "negative"),
        *_brand_rows("Beta", REFUND, 12, "positive"),  # both praised: no flag
        *_brand_rows("Acme", REFUND, 12, "positive"),
        *_brand_rows("Beta", APP, 12, "positive"),  # Acme barely there (3 < 10): flag
        *_brand_rows("Acme", APP, 3, "neutral"),
        *_brand_rows("Beta", PRICE, 5, "positive"),  # Beta too small to count: no flag
        *_brand_rows("Acme", PRICE, 12, "negative"),
    ]
    mentions = make_mentions(rows)
    table = compare_themes(mentions, brands=["Acme", "Beta"], brand="Acme", n_themes=4)
    assert list(table.columns) == list(COMPARE_COLUMNS)
    assert len(table) == 8  # 4 themes × 2 brands
    assert table.groupby("theme")["brand"].apply(list).map(lambda b: b == ["Acme", "Beta"]).all()

    def row(brand, topic_words):
        hit = table[
            (table["brand"] == brand) & table["label"].map(lambda x: bool(words(x) & topic_words))
        ]
        assert len(hit) == 1
        return hit.iloc[0]

    delivery, refund = {"parcel", "delivery", "late"}, {"refund", "payment"}
    app, price = {"mobile", "app", "crashes"}, {"price", "increase"}
    assert row("Acme", delivery)["n"] == 12
    assert row("Acme", delivery)["share"] == pytest.approx(12 / 39)
    assert row("Beta", delivery)["share"] == pytest.approx(12 / 41)
    assert row("Acme", delivery)["net_sentiment"] == -1.0
    assert row("Beta", delivery)["net_sentiment"] == 1.0
    assert math.isnan(row("Acme", app)["net_sentiment"])
    assert row("Acme", app)["small_sample"] and not row("Beta", app)["small_sample"]
    flagged = {
        topic: row("Acme", topic_words)["competitor_praised_client_not"]
        for topic, topic_words in {
            "delivery": delivery,
            "refund": refund,
            "app": app,
            "price": price,
        }.items()
    }
    assert flagged == {"delivery": True, "refund": False, "app": True, "price": False}
    # the flag is per theme: the same on every brand's row
    assert table.groupby("theme")["competitor_praised_client_not"].nunique().eq(1).all()
    assert table["is_client"].tolist() == [True, False] * 4


def test_compare_themes_judges_praise_on_the_interval():
    # Wilson 95% (z = 1.96) of p = positive / (positive + negative), net = 2p − 1:
    #   centre = (x + z²/2) / (n + z²), half = z / (n + z²) · √(x(n − x)/n + z²/4)
    #   1/1:   centre (1 + 1.9208)/4.8415 = 0.6033, half 0.4048 · √0.9604 = 0.3967
    #          → p 0.2066..1, net −0.587..1: one happy customer is not praise
    #   12/13: centre 13.9208/16.8415 = 0.8266, half 0.11638 · √(0.92308 + 0.96040) = 0.1597
    #          → p 0.6669..0.9863, net 0.334..0.973: praised (lower bound ≥ 0.2)
    #   10/12: centre 11.9208/15.8415 = 0.7525, half 0.12372 · √(1.66667 + 0.96040) = 0.2005
    #          → net 0.104..0.906: positive beyond chance, but not shown to be ≥ 0.2
    #   12/12: p 12/15.8415 = 0.7575..1, net 0.515..1;  40/40: 40/43.8415 → net 0.825..1
    #   60/80: centre 61.9208/83.8415 = 0.7386, half 0.023377 · √(15 + 0.9604) = 0.0934
    #          → net 0.290..0.664: praised, yet below 40/40's lower bound 0.825
    # one wording per topic: five distinct texts, five themes, whatever k-means' start
    hours = ("store opening hours on sunday",)
    one = {t: (t[0],) * 4 for t in (DELIVERY, REFUND, APP, PRICE, hours)}
    rows = [
        *_brand_rows("Beta", one[DELIVERY], 12, "positive"),  # Beta 12+ 1−: praised;
        *_brand_rows("Beta", one[DELIVERY], 1, "negative"),
        *_brand_rows("Acme", one[DELIVERY], 12, "negative"),  # Acme −1..−0.515: flag
        *_brand_rows("Beta", one[REFUND], 1, "positive"),  # Beta 1 positive, 11 neutral: not
        *_brand_rows("Beta", one[REFUND], 11, "neutral"),  # praised, no flag (the old rule,
        *_brand_rows("Acme", one[REFUND], 12, "negative"),  # n 12 and net 1 ≥ 0.2, flagged)
        *_brand_rows("Beta", one[APP], 12, "positive"),  # both praised, intervals overlap
        *_brand_rows("Acme", one[APP], 12, "positive"),  # (Acme's high 0.973 ≥ Beta's low 0.515)
        *_brand_rows("Acme", one[APP], 1, "negative"),
        *_brand_rows("Beta", one[PRICE], 40, "positive"),  # both praised, but Acme's high 0.664 <
        *_brand_rows("Acme", one[PRICE], 60, "positive"),  # Beta's low 0.825: clearly less: flag
        *_brand_rows("Acme", one[PRICE], 20, "negative"),
        *_brand_rows("Beta", one[hours], 12, "positive"),  # Beta praised; Acme 0.104..0.906 is
        *_brand_rows("Acme", one[hours], 10, "positive"),  # not (old rule: net 0.67 > 0, no
        *_brand_rows("Acme", one[hours], 2, "negative"),  # flag): flag
    ]
    table = compare_themes(make_mentions(rows), brands=["Acme", "Beta"], brand="Acme", n_themes=5)
    topics = {
        "delivery": {"parcel", "delivery", "late"},
        "refund": {"refund", "payment"},
        "app": {"mobile", "app", "crashes"},
        "price": {"price", "increase"},
        "hours": {"store", "opening", "hours", "sunday"},
    }

    def row(brand, topic):
        hit = table[
            (table["brand"] == brand) & table["label"].map(lambda x: bool(words(x) & topics[topic]))
        ]
        assert len(hit) == 1
        return hit.iloc[0]

    beta = row("Beta", "delivery")
    assert beta["net_sentiment"] == pytest.approx(11 / 13)
    assert beta["net_sentiment_low"] == pytest.approx(0.3337, abs=1e-4)
    assert beta["net_sentiment_high"] == pytest.approx(0.9726, abs=1e-4)
    assert beta["praised"] and not row("Acme", "delivery")["praised"]
    lonely = row("Beta", "refund")
    assert lonely["n"] == 12 and lonely["net_sentiment"] == 1.0
    assert lonely["net_sentiment_low"] == pytest.approx(-0.5869, abs=1e-4)
    assert lonely["small_sample"]  # n of net sentiment = 1 + 0, neutral mentions excluded
    assert not lonely["praised"]
    acme = row("Acme", "hours")
    assert acme["net_sentiment_low"] == pytest.approx(0.1039, abs=1e-4)
    assert not acme["praised"] and row("Beta", "hours")["praised"]  # above 0, below 0.2
    assert row("Acme", "app")["praised"] and row("Beta", "app")["praised"]
    price = row("Acme", "price")
    assert price["praised"] and row("Beta", "price")["praised"]
    assert price["net_sentiment_low"] == pytest.approx(0.2903, abs=1e-4)
    assert price["net_sentiment_high"] == pytest.approx(0.6639, abs=1e-4)
    assert row("Beta", "price")["net_sentiment_low"] == pytest.approx(0.8248, abs=1e-4)
    flagged = {t: bool(row("Acme", t)["competitor_praised_client_not"]) for t in topics}
    assert flagged == {
        "delivery": True,
        "refund": False,
        "app": False,
        "price": True,
        "hours": True,
    }
    # one positive mention is no praise even when a single signed mention is enough to judge
    loose = compare_themes(
        make_mentions(rows), brands=["Acme", "Beta"], brand="Acme", n_themes=5, min_n=1
    )
    refund = loose[loose["label"].map(lambda x: bool(words(x) & topics["refund"]))]
    assert not refund["praised"].any() and not refund["competitor_praised_client_not"].any()
    assert table["net_sentiment_low"].dropna().between(-1, 1).all()
    assert table["net_sentiment_high"].dropna().between(-1, 1).all()


def test_compare_themes_empty():
    table = compare_themes(pd.DataFrame(), brands=["Acme"], brand="Acme")
    assert list(table.columns) == list(COMPARE_COLUMNS) and table.empty


def _day(stamp, text, n=1):
    return [{"created_at": stamp, "text": text}] * n


@pytest.fixture
def burst():
    """A quiet baseline and a burst of "recall" in the last 28 days up to 2025-06-30."""
    rows = []
    for day in pd.date_range("2024-12-03", "2025-06-30", freq="D"):  # one a day, both windows
        rows += _day(day.strftime("%Y-%m-%dT12:00Z"), "fresh coffee beans")
    rows += _day("2025-06-02T23:59Z", "recall of an old batch")  # last baseline minute
    rows += _day("2025-06-03T00:00Z", "big recall news")  # first recent minute
    rows += _day("2025-06-10T09:00Z", "big recall news", 5)
    rows += _day("2025-06-20T09:00Z", "recall again", 5)
    rows += _day("2025-06-30T23:59Z", "recall again")  # the end day counts whole
    rows += _day("2025-07-01T00:00Z", "recall again", 50)  # after the end: ignored
    rows += _day("2024-12-02T23:59Z", "recall again", 50)  # before the baseline: ignored
    rows += _day("2025-06-15T09:00Z", "tiny blip", 4)  # new but below min_count
    return make_mentions(rows)


def test_emerging_terms_by_hand(burst):
    table = emerging_terms(burst, end=pd.Timestamp("2025-06-30"))
    assert list(table.columns) == list(EMERGING_COLUMNS)
    recall = table.set_index("term").loc["recall"]
    assert (recall["recent"], recall["baseline"]) == (12, 1)
    assert recall["recent_per_day"] == pytest.approx(12 / 28)
    assert recall["baseline_per_day"] == pytest.approx(1 / 182)
    assert recall["lift"] == pytest.approx((12 / 28 + 0.5 / 28) / (1 / 182 + 0.5 / 182))
    # N = 13, p0 = 28 / 210 = 2/15: P(X ≥ 12) = 13 · (2/15)^12 · (13/15) + (2/15)^13
    p0 = 2 / 15
    assert recall["p_value"] == pytest.approx(13 * p0**12 * (1 - p0) + p0**13)
    assert recall["p_value"] <= recall["q_value"] <= 0.05
    assert table.attrs["tested"] > len(table)  # steady terms were tested too
    assert table["lift"].is_monotonic_decreasing
    assert (table["lift"] >= 3).all() and (table["recent"] >= 5).all()
    terms = set(table["term"])
    assert {"big recall", "recall news"} <= terms  # bigrams: 6 mentions, none before
    assert not terms & {"coffee", "fresh", "beans", "tiny", "blip"}  # steady or too rare
    assert table.attrs["recent_start"] == pd.Timestamp("2025-06-03", tz="UTC")
    assert table.attrs["baseline_start"] == pd.Timestamp("2024-12-03", tz="UTC")


def test_emerging_terms_options_and_empty(burst):
    assert "recall" not in set(emerging_terms(burst, end="2025-06-30", stop_words=["RECALL"]).term)
    strict = emerging_terms(burst, end=pd.Timestamp("2025-06-30", tz="UTC"), min_count=13)
    assert "recall" not in set(strict["term"])
    empty = emerging_terms(burst.iloc[:0], end=pd.Timestamp("2025-06-30"))
    assert list(empty.columns) == list(EMERGING_COLUMNS) and empty.empty
    no_text = emerging_terms(burst.assign(text=None), end=pd.Timestamp("2025-06-30"))
    assert no_text.empty
    with pytest.raises(ValueError):
        emerging_terms(burst, end=pd.Timestamp("2025-06-30"), recent_days=0)


def _small_window():
    """recall: 3 mentions at 23:30 UTC on 31 March, 1 on 29 March; coffee: one a day at noon."""
    rows = _day("2025-03-31T23:30Z", "recall", 3) + _day("2025-03-29T12:00Z", "recall")
    for day in ("2025-03-28", "2025-03-29", "2025-03-30", "2025-03-31"):
        rows += _day(f"{day}T12:00Z", "coffee")
    return make_mentions(rows)


SMALL = dict(recent_days=1, baseline_days=3, min_baseline_days=1, min_count=1)


def test_emerging_terms_p_and_q_values_by_hand():
    # UTC, end 31 March: recent = 31 March, baseline = 28–30 March; p0 = 1 / (1 + 3) = 1/4.
    # recall: recent 3, baseline 1, N = 4: P(X ≥ 3) = C(4,3)(1/4)³(3/4) + (1/4)⁴ = 13/256;
    # coffee: recent 1, baseline 3: P(X ≥ 1) = 1 − (3/4)⁴ = 175/256. Benjamini–Hochberg over
    # the m = 2 terms tested: q(recall) = min(13/256 · 2/1, 175/256 · 2/2) = 26/256.
    mentions = _small_window()
    listed = emerging_terms(mentions, end="2025-03-31", fdr=0.2, **SMALL)
    assert listed["term"].tolist() == ["recall"]  # coffee: lift 1.5 / (1 + 0.5/3) = 1.29 < 3
    recall = listed.iloc[0]
    assert (recall["recent"], recall["baseline"]) == (3, 1)
    assert recall["lift"] == pytest.approx((3 + 0.5) / (1 / 3 + 0.5 / 3))  # 7
    assert recall["p_value"] == pytest.approx(13 / 256)
    assert recall["p_value"] == pytest.approx(stats.binomtest(3, 4, 0.25, "greater").pvalue)
    assert recall["q_value"] == pytest.approx(26 / 256)
    assert listed.attrs["tested"] == 2
    # lift 7 and 3 recent mentions listed it before; at the default 5% it is not significant
    assert emerging_terms(mentions, end="2025-03-31", **SMALL).empty
    with pytest.raises(ValueError, match="fdr"):
        emerging_terms(mentions, end="2025-03-31", fdr=0, **SMALL)


def test_emerging_terms_windows_are_local_days():
    mentions = _small_window()
    everything = dict(SMALL, fdr=1.0, ratio=0.0)
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (BST): after a window ending 31 March
    london = emerging_terms(mentions, end="2025-03-31", timezone="Europe/London", **everything)
    assert "recall" not in set(london["term"])  # recent 0 < min_count 1
    assert london.set_index("term").loc["coffee", "recent"] == 1
    april = emerging_terms(mentions, end="2025-04-01", timezone="Europe/London", **everything)
    counts = april.set_index("term")[["recent", "baseline"]]
    assert counts.loc["recall"].tolist() == [3, 1]
    assert "coffee" not in counts.index  # no coffee on 1 April (3 in the baseline): recent 0
    assert april.attrs["tested"] == 2
    assert april.attrs["recent_start"] == pd.Timestamp("2025-04-01", tz="UTC")  # a day label
    assert april.attrs["baseline_start"] == pd.Timestamp("2025-03-29", tz="UTC")
    assert april.attrs["timezone"] == "Europe/London"
    # an aware instant is read in the zone: 23:30 UTC on 31 March ends the window on 1 April
    instant = pd.Timestamp("2025-03-31T23:30", tz="UTC")
    same = emerging_terms(mentions, end=instant, timezone="Europe/London", **everything)
    assert same.attrs["recent_start"] == pd.Timestamp("2025-04-01", tz="UTC")


NULL_WORDS = ["zq" + "".join(p) for p in itertools.product(string.ascii_lowercase[:8], repeat=3)]


def _shuffled_mentions(seed: int) -> pd.DataFrame:
    """300 made-up words, 5–59 mentions each, at uniformly random instants over 210 days."""
    rng = np.random.default_rng(seed)
    words_ = NULL_WORDS[:300]
    texts = np.repeat(words_, rng.integers(5, 60, size=len(words_)))
    seconds = rng.integers(0, 210 * 86400, size=len(texts))
    stamps = pd.Timestamp("2024-12-03", tz="UTC") + pd.to_timedelta(seconds, unit="s")
    return pd.DataFrame({"text": texts, "created_at": stamps})


def test_emerging_terms_on_shuffled_dates_finds_nothing():
    # no term emerges: every date is drawn uniformly over the 28 + 182 days up to 30 June
    listed = [len(emerging_terms(_shuffled_mentions(s), end="2025-06-30")) for s in range(10)]
    assert sum(n > 0 for n in listed) <= 1 and sum(listed) <= 2  # measured: [0, 0, 0, 2, 0, ...]
    # without the false discovery control (lift ≥ 3 and 5 recent mentions only) terms come up
    loose = [
        len(emerging_terms(_shuffled_mentions(s), end="2025-06-30", fdr=1.0)) for s in range(10)
    ]
    assert sum(n > 0 for n in loose) >= 5  # measured: 9 of 10 seeds, 28 terms


def test_emerging_terms_finds_a_planted_term():
    rng = np.random.default_rng(1)
    baseline = pd.Timestamp("2024-12-03", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 182 * 86400, size=10), unit="s"
    )
    recent = pd.Timestamp("2025-06-03", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 28 * 86400, size=15), unit="s"
    )
    planted = pd.DataFrame({"text": "recall", "created_at": [*baseline, *recent]})
    mentions = pd.concat([_shuffled_mentions(0), planted], ignore_index=True)
    table = emerging_terms(mentions, end="2025-06-30")
    # recent 15 against 10 in 182 days: lift (15.5/28) / (10.5/182) = 9.6; N = 25, p0 = 2/15,
    # P(X ≥ 15) ≈ 1e-8, far below 5% / 301 tests
    assert table["term"].tolist() == ["recall"]
    assert table.iloc[0]["lift"] == pytest.approx((15.5 / 28) / (10.5 / 182))
    assert table.iloc[0]["q_value"] < 1e-4


@pytest.mark.parametrize("name", list(DEMO_SPECS))
def test_demo_incident_is_found(tmp_path, name):
    spec = DEMO_SPECS[name]
    keyword = spec.signals.incident.keyword
    generate_client(name, tmp_path, scale=0.03)
    workspace = load_workspace(name, data_dir=tmp_path)
    stop_words = collect_brand_terms(workspace.config)
    mentions = workspace.mentions

    model, faq = question_themes(mentions, brand=workspace.brand, stop_words=stop_words, seed=0)
    assert model.n_themes >= 2

    def mentions_keyword(row) -> bool:
        texts = [row["label"], *row["examples"]]
        return any(keyword in text.lower() for text in texts)

    assert faq.apply(mentions_keyword, axis=1).any()
    assert not any(
        words(label) & {"northbean", "ledgerly", "verte"} for label in model.labels.values()
    )

    end = pd.Timestamp(spec.signals.incident.end, tz="UTC")
    own = mentions[mentions["brand"] == workspace.brand]
    terms = emerging_terms(own, end=end, stop_words=stop_words)
    assert keyword in terms["term"].head(3).tolist()


def test_widen_comparison_one_row_per_theme_blank_for_small_samples():
    compared = pd.DataFrame(
        {
            "label": ["menu", "menu", "staff", "staff"],
            "brand": ["Acme", "Beta", "Acme", "Beta"],
            "n": [30, 12, 5, 40],
            "net_sentiment": [-0.2, 0.5, 1.0, 0.3],
            "small_sample": [False, False, True, False],
            "competitor_praised_client_not": [True, True, False, False],
        }
    )
    wide = widen_comparison(compared, brands=["Acme", "Beta"]).set_index("theme")
    assert wide.loc["staff", "mentions"] == 45 and wide.loc["menu", "mentions"] == 42
    assert list(wide.index) == ["staff", "menu"]
    assert wide.loc["menu", "Acme"] == -0.2 and wide.loc["menu", "Beta"] == 0.5
    assert pd.isna(wide.loc["staff", "Acme"])  # n = 5: too few to read
    assert bool(wide.loc["menu", "flagged"]) and not bool(wide.loc["staff", "flagged"])


def _compared_row(theme, label, brand, is_client, n, positive, negative, flag=False):
    return {
        "theme": theme,
        "label": label,
        "brand": brand,
        "is_client": is_client,
        "n": n,
        "positive": positive,
        "negative": negative,
        "competitor_praised_client_not": flag,
    }


def test_contrast_themes_pools_the_competitors_and_puts_the_widest_gap_first():
    from ronr.themes import contrast_themes

    compared = pd.DataFrame(
        [
            # theme "b": the client has 3 signed mentions (too few), competitors 20 positive
            _compared_row(1, "b", "C", True, 3, 3, 0, True),
            _compared_row(1, "b", "A", False, 30, 20, 0, True),
            _compared_row(1, "b", "B", False, 0, 0, 0, True),
            # theme "a": client 12 positive (net +1); competitors pooled 5 + 0 positive, 5 + 10
            # negative: (5 − 15) / 20 = −0.5; gap 1.5
            _compared_row(0, "a", "C", True, 15, 12, 0),
            _compared_row(0, "a", "A", False, 12, 5, 5),
            _compared_row(0, "a", "B", False, 10, 0, 10),
            # theme "c": both sides at −1 (gap 0), more mentions than "a"
            _compared_row(2, "c", "C", True, 50, 0, 20),
            _compared_row(2, "c", "A", False, 50, 0, 20),
            _compared_row(-1, "Other", "C", True, 100, 10, 10),
        ]
    )
    table = contrast_themes(compared)
    assert list(table["theme"]) == ["a", "c", "b", "Other"]
    a = table.iloc[0]
    assert (a["mentions"], a["client_net_sentiment"]) == (37, 1.0)
    assert a["competitors_net_sentiment"] == pytest.approx(-0.5)
    assert a["net_sentiment_gap"] == pytest.approx(1.5)
    assert table.iloc[1]["net_sentiment_gap"] == 0
    b = table.iloc[2]
    assert pd.isna(b["client_net_sentiment"]) and pd.isna(b["net_sentiment_gap"])
    assert b["competitors_net_sentiment"] == 1.0 and bool(b["competitor_praised_client_not"])


# ---------------------------------------------------------------------------------------------
# The cap on fitted texts, the shared term counts, and the sample note
# ---------------------------------------------------------------------------------------------


def _many_texts(n_per_topic: int = 100) -> pd.Series:
    """Three topics, each phrasing made distinct by a numbered tail word ("w0", "w1", ...)."""
    rows = []
    for i in range(n_per_topic):
        for phrasings in TOPICS.values():
            rows.append(f"{phrasings[i % len(phrasings)]} w{i}")
    return pd.Series(rows)


def _same_model(a, b) -> None:
    assert a.labels == b.labels and a.sizes == b.sizes and a.top_terms == b.top_terms
    assert a.terms == b.terms
    np.testing.assert_array_equal(a.centroids, b.centroids)


def test_fit_under_the_cap_is_the_uncapped_fit():
    texts = _many_texts(40)  # 120 distinct texts
    uncapped = fit_themes(texts, n_themes=3, seed=1, max_texts=None)
    capped = fit_themes(texts, n_themes=3, seed=1, max_texts=120)
    _same_model(uncapped, capped)
    assert capped.n_texts == capped.n_distinct == 120 and not capped.sampled
    assert capped.assign(texts).equals(uncapped.assign(texts))
    # the three topics, as without a cap (test_fit_three_obvious_topics)
    themes = capped.assign(texts)
    for phrasings in TOPICS.values():
        topic = texts.str.rsplit(" ", n=1).str[0].isin(phrasings)
        assert themes[topic].nunique() == 1
    assert sorted(capped.sizes.values()) == [40, 40, 40]


def test_shared_counts_give_the_same_model_and_analyse_each_text_once():
    texts = _many_texts(30)
    alone = fit_themes(texts, n_themes=3, seed=2)
    counts = TextCounts()
    # texts seen first put some of the same terms in the counts' columns first ("refund" and
    # "late" before "app"), and a term of no fitted text ("zebra")
    counts.rows(np.array(["zebra refund", "aardvark late"], dtype=object))
    shared = fit_themes(texts, n_themes=3, seed=2, counts=counts)
    _same_model(alone, shared)
    assert counts.n_texts == 2 + texts.nunique()
    probe = pd.Series(["late parcel again", "refund please", "zebra crossing", None])
    assert shared.assign(probe).equals(alone.assign(probe))
    assert shared.similarity(probe).equals(alone.similarity(probe))
    before = counts.n_texts
    shared.assign(texts)  # every text already analysed
    assert counts.n_texts == before


def test_sample_is_capped_and_deterministic():
    texts = _many_texts(100)  # 300 distinct texts
    a = fit_themes(texts, n_themes=3, seed=5, max_texts=60)
    b = fit_themes(texts, n_themes=3, seed=5, max_texts=60)
    assert a.sampled and a.n_texts == 60 and a.n_distinct == 300
    _same_model(a, b)
    assert a.assign(texts).equals(b.assign(texts))
    # the sample depends on the texts and the seed, not on the row order
    shuffled = texts.sample(frac=1.0, random_state=3).to_numpy(dtype=object)
    codes, uniques = pd.factorize(texts)
    chosen, weights = _sample(codes, np.asarray(uniques, dtype=object), None, 60, 5)
    codes2, uniques2 = pd.factorize(pd.Series(shuffled))
    chosen2 = _sample(codes2, np.asarray(uniques2, dtype=object), None, 60, 5)[0]
    assert set(uniques[chosen]) == set(uniques2[chosen2])
    assert len(chosen) == 60
    # each of 300 texts of one mention stands for 300 / 60 = 5 mentions
    np.testing.assert_allclose(weights, 5.0)
    other_seed = _sample(codes, np.asarray(uniques, dtype=object), None, 60, 6)[0]
    assert set(uniques[other_seed]) != set(uniques[chosen])
    # every text is still placed: the three topics stay apart
    themes = a.assign(texts)
    for phrasings in TOPICS.values():
        topic = texts.str.rsplit(" ", n=1).str[0].isin(phrasings)
        assert themes[topic].nunique() == 1 and (themes[topic] != OTHER).all()


def test_sample_is_stratified_by_brand():
    texts = pd.Series(
        [f"acme text number{i}" for i in range(900)] + [f"beta n{i}" for i in range(100)]
    )
    brand = pd.Series(["Acme"] * 900 + ["Beta"] * 100)
    codes, uniques = pd.factorize(texts)
    chosen, weights = _sample(codes, np.asarray(uniques, dtype=object), brand, 100, 0)
    is_beta = np.asarray([t.startswith("beta") for t in uniques[chosen]])
    # 100 drawn in proportion: 90 of Acme's 900 texts, 10 of Beta's 100
    assert (~is_beta).sum() == 90 and is_beta.sum() == 10
    # Horvitz–Thompson: the sample stands for each brand's mentions exactly
    assert weights[~is_beta].sum() == pytest.approx(900)
    assert weights[is_beta].sum() == pytest.approx(100)


def test_assignment_equals_the_fitted_vectors():
    texts = _many_texts(100)
    model = fit_themes(texts, n_themes=3, seed=0, max_texts=90)
    probe = pd.concat([texts, pd.Series(["parcel refund", "mobile payment late"])])
    # vectorise independently: scikit-learn on the model's vocabulary and IDF weights
    stop_list, preprocess = _stop_terms(())
    counter = _counter(stop_list, preprocess, vocabulary={t: i for i, t in enumerate(model.terms)})
    vectors = model.idf.transform(counter.transform(probe.to_numpy(dtype=object))).toarray()
    squared = ((vectors[:, None, :] - model.centroids[None, :, :]) ** 2).sum(axis=2)
    expected = np.where(vectors.any(axis=1), squared.argmin(axis=1), OTHER)
    assert model.assign(probe).tolist() == expected.tolist()
    norms = np.linalg.norm(model.centroids, axis=1)
    cosine = (vectors @ model.centroids.T)[np.arange(len(probe)), expected] / norms[expected]
    np.testing.assert_allclose(model.similarity(probe).to_numpy(), cosine)


def test_emerging_terms_with_shared_counts_are_the_same():
    mentions = _shuffled_mentions(1)
    counts = TextCounts()
    counts.rows(np.array(["aaa unrelated words first"], dtype=object))
    alone = emerging_terms(mentions, end="2025-06-30", fdr=1.0)
    shared = emerging_terms(mentions, end="2025-06-30", fdr=1.0, counts=counts)
    pd.testing.assert_frame_equal(alone, shared)
    assert alone.attrs == shared.attrs


def test_compare_themes_says_when_a_sample_was_used():
    rows = []
    for i, text in enumerate(_many_texts(40)):
        rows.append(
            {"brand": "Acme" if i % 2 else "Beta", "text": text, "created_at": "2025-06-01"}
        )
    mentions = make_mentions(rows)
    full = compare_themes(mentions, brands=["Acme", "Beta"], brand="Acme", n_themes=3)
    assert full.attrs == {"fitted_texts": 120, "distinct_texts": 120}
    assert sample_note(120, 120) is None
    sampled = compare_themes(
        mentions, brands=["Acme", "Beta"], brand="Acme", n_themes=3, max_texts=50
    )
    assert sampled.attrs == {"fitted_texts": 50, "distinct_texts": 120}
    # every mention is still counted
    assert sampled.groupby("brand")["n"].sum().to_dict() == {"Acme": 60, "Beta": 60}
    assert sample_note(50, 120) == (
        "Themes found on a sample of 50 of the 120 different texts (drawn at random, the same "
        "sample on every run); every mention is then placed in its nearest theme."
    )
    assert sample_note(20_000, 85_000).startswith(
        "Themes found on a sample of 20,000 of the 85,000 different texts"
    )


def test_report_notes_the_sample(tmp_path, monkeypatch):
    from ronr import themes as themes_module
    from ronr.blocks import audience as audience_blocks
    from ronr.blocks import listen as listen_blocks
    from ronr.show import Note

    generate_client("demo-coffee", tmp_path, scale=0.03)
    workspace = load_workspace("demo-coffee", data_dir=tmp_path)
    shown = [b for b in listen_blocks.faq(workspace) if isinstance(b, Note)]
    assert shown == []  # below the cap: every text fitted, nothing to say
    monkeypatch.setattr(themes_module, "MAX_FIT_TEXTS", 50)
    workspace._memo.clear()
    model, _ = sections.faq_themes(workspace)
    assert model.n_texts == 50 and model.n_distinct > 50
    note = sample_note(model.n_texts, model.n_distinct)
    assert [b.text for b in listen_blocks.faq(workspace) if isinstance(b, Note)] == [note]
    compared = sections.compared_themes(workspace)
    assert compared.attrs["fitted_texts"] == 50
    texts = [b.text for b in listen_blocks.competitor_themes(workspace) if isinstance(b, Note)]
    assert sample_note(50, compared.attrs["distinct_texts"]) in texts
    assert note in [b.text for b in audience_blocks.content(workspace) if isinstance(b, Note)]
