import pandas as pd
import pytest

from ronr import audience
from tests.factories import make_posts


def snapshot(channel, shares, as_of="2025-06-30", dimension="age"):
    return pd.DataFrame(
        {
            "channel": channel,
            "dimension": dimension,
            "bucket": list(shares),
            "share": list(shares.values()),
            "as_of": pd.Timestamp(as_of, tz="UTC"),
        }
    )


TARGET = {"age": {"18-24": 0.5, "25-34": 0.5}}


def test_fit_is_one_minus_total_variation_distance():
    data = pd.concat(
        [
            snapshot("tiktok", {"18-24": 0.6, "25-34": 0.4}),
            snapshot("facebook", {"18-24": 0.1, "25-34": 0.2, "55+": 0.7}),
        ]
    )
    fit = audience.audience_fit(data, TARGET).set_index("channel")["fit"]
    # tiktok: ½(|0.6−0.5| + |0.4−0.5|) = 0.1 -> fit 0.9
    assert fit["tiktok"] == pytest.approx(0.9)
    # facebook: ½(0.4 + 0.3 + 0.7) = 0.7 -> fit 0.3
    assert fit["facebook"] == pytest.approx(0.3)


def test_index_per_bucket_and_latest_snapshot_only():
    data = pd.concat(
        [
            snapshot("tiktok", {"18-24": 0.1, "25-34": 0.9}, as_of="2025-03-31"),
            snapshot("tiktok", {"18-24": 0.75, "25-34": 0.25}, as_of="2025-06-30"),
        ]
    )
    index = audience.audience_index(data, TARGET).set_index("bucket")["index"]
    assert index["18-24"] == pytest.approx(150)
    assert index["25-34"] == pytest.approx(50)


def test_unnormalised_shares_are_normalised_and_missing_target_bucket_has_no_index():
    data = snapshot("x", {"18-24": 0.3, "25-34": 0.3, "35+": 0.2})  # adds up to 0.8
    table = audience.audience_index(data, TARGET).set_index("bucket")
    assert table.loc["18-24", "audience_share"] == pytest.approx(0.375)
    assert pd.isna(table.loc["35+", "index"])
    fit = audience.audience_fit(data, TARGET)["fit"].iloc[0]
    assert fit == pytest.approx(1 - (0.125 + 0.125 + 0.25) / 2)


def test_channel_fit_is_mean_over_dimensions_best_first():
    target = {**TARGET, "gender": {"f": 0.5, "m": 0.5}}
    data = pd.concat(
        [
            snapshot("x", {"18-24": 0.5, "25-34": 0.5}),
            snapshot("x", {"f": 0.9, "m": 0.1}, dimension="gender"),
            snapshot("tiktok", {"18-24": 0.5, "25-34": 0.5}),
        ]
    )
    table = audience.channel_fit(data, target)
    assert table["channel"].tolist() == ["tiktok", "x"]
    assert table.set_index("channel").loc["x", "fit"] == pytest.approx((1 + 0.6) / 2)


def test_no_target_or_no_audience_gives_empty_tables():
    assert audience.audience_fit(snapshot("x", {"a": 1.0}), {}).empty
    assert audience.audience_index(snapshot("x", {"a": 1.0}).iloc[0:0], TARGET).empty


# --- target followers -------------------------------------------------------------------------

TARGET_2D = {"age": {"18-24": 0.5, "25-34": 0.5}, "gender": {"f": 0.5, "m": 0.5}}


def follower_counts(rows):
    return pd.DataFrame(
        {
            "channel": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows], utc=True),
            "followers": pd.array([r[2] for r in rows], dtype="Int64"),
        }
    )


def test_target_mix_followers_multiplies_the_fits_and_uses_the_latest_count():
    data = pd.concat(
        [
            snapshot("x", {"18-24": 0.6, "25-34": 0.4}),  # fit 0.9
            snapshot("x", {"f": 0.7, "m": 0.3}, dimension="gender"),  # fit 0.8
        ]
    )
    # not sorted by date: the last date (30 June) counts, not the last row
    counts = follower_counts(
        [("x", "2025-06-30", 1000), ("x", "2025-01-01", 500), ("x", "2025-03-01", 800)]
    )
    row = audience.target_mix_followers(data, counts, TARGET_2D).iloc[0]
    assert row["channel"] == "x"
    assert row["followers"] == 1000
    assert row["followers_date"] == pd.Timestamp("2025-06-30", tz="UTC")
    assert row["fit_age"] == pytest.approx(0.9)
    assert row["fit_gender"] == pytest.approx(0.8)
    assert row["mix_match"] == pytest.approx(0.72)
    assert row["target_mix_followers"] == pytest.approx(720)
    assert row["target_mix_followers_rounded"] == 720
    assert row["dimensions"] == "age, gender"
    assert pd.isna(row["missing_dimensions"])


def test_target_mix_followers_is_missing_not_zero_without_audience_or_followers():
    data = snapshot("tiktok", {"18-24": 0.5, "25-34": 0.5})  # audience, no followers
    counts = follower_counts([("facebook", "2025-06-30", 400)])  # followers, no audience
    table = audience.target_mix_followers(data, counts, TARGET).set_index("channel")
    assert table.loc["facebook", "followers"] == 400
    assert pd.isna(table.loc["facebook", "mix_match"])
    assert pd.isna(table.loc["facebook", "target_mix_followers"])
    assert pd.isna(table.loc["facebook", "target_mix_followers_rounded"])
    assert pd.isna(table.loc["tiktok", "followers"])
    assert table.loc["tiktok", "mix_match"] == pytest.approx(1.0)
    assert pd.isna(table.loc["tiktok", "target_mix_followers"])


def test_target_mix_followers_names_the_dimensions_a_channel_does_not_report():
    data = snapshot("x", {"18-24": 0.6, "25-34": 0.4})  # age only
    counts = follower_counts([("x", "2025-06-30", 1000)])
    row = audience.target_mix_followers(data, counts, TARGET_2D).iloc[0]
    assert row["mix_match"] == pytest.approx(0.9)  # gender is unknown, not a fit of 1
    assert pd.isna(row["fit_gender"])
    assert row["dimensions"] == "age"
    assert row["missing_dimensions"] == "gender"


def test_target_mix_followers_most_target_mix_followers_first_and_missing_last():
    data = pd.concat(
        [
            snapshot("x", {"18-24": 0.6, "25-34": 0.4}),  # fit 0.9
            snapshot("tiktok", {"18-24": 1.0}),  # fit 0.5
            snapshot("facebook", {"18-24": 0.5, "25-34": 0.5}),  # fit 1, no followers
        ]
    )
    counts = follower_counts([("x", "2025-06-30", 100), ("tiktok", "2025-06-30", 1000)])
    table = audience.target_mix_followers(data, counts, TARGET)
    assert table["channel"].tolist() == ["tiktok", "x", "facebook"]
    assert table["target_mix_followers"].iloc[:2].tolist() == pytest.approx([500, 90])


def test_target_mix_followers_of_empty_tables_is_empty_with_its_columns():
    table = audience.target_mix_followers(
        snapshot("x", {"a": 1.0}).iloc[0:0], follower_counts([]), TARGET_2D
    )
    assert table.empty
    assert {"fit_age", "fit_gender", "mix_match", "target_mix_followers"} <= set(table.columns)


# --- content themes ---------------------------------------------------------------------------


def test_engagement_by_theme_groups_posts_by_their_theme_label():
    posts = make_posts(
        [
            {"published_at": "2025-01-01", "reach": 100, "likes": 10},  # theme 0: 0.1
            {"published_at": "2025-01-02", "reach": 100, "likes": 30},  # theme 0: 0.3
            {"published_at": "2025-01-03", "reach": 100, "likes": 50},  # theme 1: 0.5
            {"published_at": "2025-01-04", "reach": 100, "likes": 90},  # no theme
            {"published_at": "2025-01-05", "reach": 100, "likes": 90},  # theme without label
        ]
    )
    # aligned on the index, whatever the order
    themes = pd.Series([1, 0, 0, None, 7], index=[2, 1, 0, 3, 4], dtype="Int64")
    table = audience.engagement_by_theme(posts, themes, labels={0: "recipes", 1: "origins"})
    assert table["theme"].tolist() == ["origins", "recipes"]
    assert table["theme_id"].tolist() == [1, 0]
    recipes = table.set_index("theme").loc["recipes"]
    assert recipes["n"] == 2
    assert recipes["mean_rate"] == pytest.approx(0.2)
    # t(0.975, df=1) = 12.7062; sd 0.141421 / √2 = 0.1 -> ± 1.27062
    assert recipes["ci_low"] == 0.0  # 0.2 − 1.27062 < 0, clipped to the rate's range
    assert recipes["ci_high"] == pytest.approx(0.2 + 1.270620, rel=1e-5)
    assert table["small_sample"].all()


def test_content_gap_shares_and_gap_by_hand():
    questions = pd.Series({0: 6, 1: 3, 2: 1, -1: 2})  # 12 questions, 2 on other topics
    posts = pd.Series({0: 2, 1: 6, 2: 2, 9: 5})  # 15 posts; theme 9 has no label: other topics
    table = audience.content_gap(
        questions, posts, labels={0: "opening hours", 1: "recipes", 2: "prices"}
    )
    # shares over everything: questions 6/12, 3/12, 1/12, 2/12; posts 2/15, 6/15, 2/15, 5/15
    assert table["theme"].tolist() == ["opening hours", "prices", "recipes", "Other topics"]
    assert table["theme_id"].tolist() == [0, 2, 1, -1]
    row = table.set_index("theme_id").loc[0]
    assert (row["questions"], row["posts"]) == (6, 2)
    assert row["question_share"] == pytest.approx(0.5)
    assert row["post_share"] == pytest.approx(2 / 15)
    assert table["gap"].tolist() == pytest.approx(
        [6 / 12 - 2 / 15, 1 / 12 - 2 / 15, 3 / 12 - 6 / 15, 2 / 12 - 5 / 15]
    )  # 0.367, −0.050, −0.150 (largest gap first), then other topics −0.167
    other = table.iloc[-1]
    assert (other["questions"], other["posts"]) == (2, 5)
    assert table["question_share"].sum() == pytest.approx(1)
    assert table["post_share"].sum() == pytest.approx(1)
    assert not table["small_sample"].any()


def test_content_gap_interval_is_newcombes_hybrid_score():
    # Newcombe (1998), method 10: 56/70 − 48/80 = 0.2, 95% interval 0.0524 to 0.3339
    table = audience.content_gap(
        pd.Series({0: 56, 1: 14}), pd.Series({0: 48, 1: 32}), labels={0: "a", 1: "b"}
    )
    row = table.set_index("theme_id").loc[0]
    assert row["gap"] == pytest.approx(0.2)
    assert row["gap_low"] == pytest.approx(0.0524, abs=1e-4)
    assert row["gap_high"] == pytest.approx(0.3339, abs=1e-4)


def test_content_gap_without_questions_has_missing_shares_and_keeps_every_theme():
    table = audience.content_gap(
        pd.Series(dtype="int64"), pd.Series({0: 3}), labels={0: "a", 1: "b"}
    )
    assert table["theme_id"].tolist() == [0, 1, -1]  # the other-topics row, empty, is shown
    assert table["questions"].tolist() == [0, 0, 0]
    assert table["posts"].tolist() == [3, 0, 0]
    assert table["question_share"].isna().all()
    assert table["gap"].isna().all()
    assert table["post_share"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert table["small_sample"].all()


def test_content_gap_interval_stays_in_range():
    # every question on one theme, every post on the other: gap +1 and −1 at the edges
    table = audience.content_gap(
        pd.Series({0: 3}), pd.Series({1: 2}), labels={0: "a", 1: "b"}
    ).set_index("theme_id")
    assert table.loc[0, "gap"] == 1.0 and table.loc[1, "gap"] == -1.0
    assert table[["gap_low", "gap_high"]].stack().between(-1, 1).all()
    assert table.loc[0, "gap_high"] == 1.0 and table.loc[1, "gap_low"] == -1.0
    with pytest.raises(ValueError, match="confidence"):
        audience.content_gap(pd.Series({0: 3}), pd.Series({1: 2}), labels={0: "a"}, confidence=95)


def test_content_themes_min_similarity_sends_far_texts_to_other_topics():
    from ronr.themes import OTHER, fit_themes
    from tests.factories import make_mentions

    # Two one-text themes, so each centroid is its text's TF-IDF vector (equal IDF, df = 1):
    # "apple pie" = (apple, pie, apple pie)/√3, "banana bread loaf" = 5 terms/√5. Cosine of a
    # text with one known term t to its theme = the centroid's weight on t: "apple crumble"
    # 1/√3 = 0.577, "bread rolls", "bread please" 1/√5 = 0.447; "coffee" has no known term.
    model = fit_themes(pd.Series(["apple pie", "banana bread loaf"]), n_themes=2)
    apple, banana = model.assign(["apple pie", "banana bread loaf"]).tolist()
    assert audience.OTHER_THEME == OTHER

    def question(text):
        return {"created_at": "2025-01-02", "brand": "Acme", "text": text, "is_question": True}

    mentions = make_mentions(
        [question("apple pie?")] * 3
        + [question("banana bread loaf?"), question("bread please?"), question(None)]
        + [{"created_at": "2025-01-02", "brand": "Acme", "text": "apple pie", "kind": "share"}]
    )
    posts = make_posts(
        [
            {"published_at": "2025-01-01", "text": "apple pie", "reach": 100, "likes": 10},
            {"published_at": "2025-01-02", "text": "apple crumble", "reach": 100, "likes": 30},
            {"published_at": "2025-01-03", "text": "bread rolls", "reach": 100, "likes": 50},
            {"published_at": "2025-01-04", "text": "coffee", "reach": 100, "likes": 70},
            {"published_at": "2025-01-05", "text": None, "reach": 100, "likes": 90},
            {"published_at": "2025-01-06", "text": "  ", "reach": 100, "likes": 90},
            {"published_at": "2025-01-07", "text": "banana bread loaf", "brand": "Beta"},
        ]
    )
    by_theme, gap = audience.content_themes(
        mentions, posts, brand="Acme", model=model, min_similarity=0.5
    )
    # questions (the share needs no answer; the one without text is left out):
    #   apple 3, banana 1, other 1 ("bread please" 0.447 < 0.5) → 3/5, 1/5, 1/5
    # posts with a text: apple 2 (1 and 0.577), banana 0, other 2 ("bread rolls" 0.447,
    #   "coffee") → 2/4, 0, 2/4; gaps 0.6 − 0.5 = 0.1, 0.2, 0.2 − 0.5 = −0.3
    rows = gap.set_index("theme_id")
    assert gap["theme_id"].tolist() == [banana, apple, OTHER]
    assert gap["theme"].iloc[-1] == "Other topics"
    assert rows["questions"].tolist() == [1, 3, 1] and rows["posts"].tolist() == [0, 2, 2]
    assert rows["question_share"].tolist() == pytest.approx([0.2, 0.6, 0.2])
    assert rows["post_share"].tolist() == pytest.approx([0.0, 0.5, 0.5])
    assert rows["gap"].tolist() == pytest.approx([0.2, 0.1, -0.3])
    assert gap.attrs == {
        "min_similarity": 0.5,
        "questions_without_text": 1,
        "posts_without_text": 2,
    }
    # engagement per post: other topics (50 + 70)/2/100 = 0.6, apple (10 + 30)/2/100 = 0.2
    rates = by_theme.set_index("theme")["mean_rate"]
    assert rates.to_dict() == pytest.approx({"Other topics": 0.6, model.labels[apple]: 0.2})

    # without a minimum, "bread rolls" and "bread please" join the banana theme
    _, placed = audience.content_themes(
        mentions, posts, brand="Acme", model=model, min_similarity=0
    )
    placed = placed.set_index("theme_id")
    assert placed.loc[banana, ["questions", "posts"]].tolist() == [2, 1]
    assert placed.loc[OTHER, ["questions", "posts"]].tolist() == [0, 1]  # "coffee": no term


def test_content_themes_on_the_demo_shares_add_up():
    from ronr.store import load_workspace
    from ronr.themes import collect_brand_terms

    ws = load_workspace("demo-coffee")
    by_theme, gap = audience.content_themes(
        ws.mentions, ws.posts, brand=ws.brand, stop_words=collect_brand_terms(ws.config)
    )
    own_posts = int((ws.posts["brand"] == ws.brand).sum())
    assert 0 < by_theme["n"].sum() <= own_posts
    assert gap["question_share"].sum() == pytest.approx(1)
    assert gap["post_share"].sum() == pytest.approx(1)
    assert (gap["gap"] == gap["question_share"] - gap["post_share"]).all()
    assert set(by_theme["theme"]) <= set(gap["theme"])
    # every post with a text is counted, the far ones in "Other topics" (measured: 490 of 732)
    assert gap["posts"].sum() == own_posts - gap.attrs["posts_without_text"]
    other = gap.iloc[-1]
    assert other["theme"] == "Other topics" and 0.5 < other["post_share"] < 0.8
    assert other["question_share"] < 0.15  # the audience's own questions are near their themes


def test_missing_content_input_names_what_is_missing():
    from tests.factories import make_mentions, make_posts

    mentions = make_mentions([{"created_at": "2025-01-01", "brand": "Acme", "text": "why?"}])
    posts = make_posts([{"published_at": "2025-01-01", "text": "New blend"}])
    assert audience.missing_content_input(mentions, posts, brand="Acme") is None
    no_text = posts.assign(text=None)
    assert audience.missing_content_input(mentions, no_text, brand="Acme").endswith(
        "the exports have no post texts."
    )
    assert "no posts of the client" in audience.missing_content_input(mentions, posts, brand="Beta")
    assert "no mentions" in audience.missing_content_input(mentions.iloc[:0], posts, brand="Acme")


def test_a_target_bucket_the_export_leaves_out_is_unknown_not_zero():
    # 0.3 + 0.3 = 0.6 of the audience reported: the 40 % left could be in "35-44" or not
    partial = snapshot("x", {"18-24": 0.3, "25-34": 0.3})
    target = {"age": {"18-24": 0.4, "25-34": 0.4, "35-44": 0.2}}
    table = audience.audience_index(partial, target).set_index("bucket")
    assert pd.isna(table.loc["35-44", "audience_share"]) and pd.isna(table.loc["35-44", "index"])
    assert table.loc["35-44", "target_share"] == pytest.approx(0.2)
    assert pd.isna(audience.audience_fit(partial, target)["fit"].iloc[0])
    assert audience.channel_fit(partial, target).empty
    # shares that add up to 1 hold everyone: the bucket left out is a known 0
    complete = snapshot("x", {"18-24": 0.5, "25-34": 0.5})
    known = audience.audience_index(complete, target).set_index("bucket")
    assert known.loc["35-44", "audience_share"] == 0 and known.loc["35-44", "index"] == 0
    # ½(|0.5 − 0.4| + |0.5 − 0.4| + |0 − 0.2|) = 0.2
    assert audience.audience_fit(complete, target)["fit"].iloc[0] == pytest.approx(0.8)
