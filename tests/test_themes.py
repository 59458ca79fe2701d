import math

import numpy as np
import pandas as pd
import pytest

from ronr.demo import DEMO_SPECS, generate_client
from ronr.store import load_workspace
from ronr.themes import (
    COMPARE_COLUMNS,
    EMERGING_COLUMNS,
    OTHER,
    SUMMARY_COLUMNS,
    collect_brand_terms,
    compare_themes,
    default_n_themes,
    emerging_terms,
    fit_themes,
    question_themes,
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
    assert table["label"].tolist() == ["other"] and table["examples"].tolist() == [[]]


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
