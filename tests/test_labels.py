"""Checking the sentiment against people's labels: sampling, labels.csv, the check, overrides."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ronr import label_widget, labels, sentiment, summary
from ronr.blocks import listen as listen_blocks
from ronr.config import parse_config
from ronr.demo import generate_client
from ronr.errors import ConfigError, InputError
from ronr.show import Note, Table
from ronr.store import _load_cached, load_workspace
from tests.factories import make_mentions

# ---------------------------------------------------------------------------------------------
# sampling


def _strata_fixture() -> pd.DataFrame:
    rows = (
        [{"channel": "x", "sentiment_label": "positive", "text": f"pos {i}"} for i in range(6)]
        + [{"channel": "x", "sentiment_label": "negative", "text": f"neg {i}"} for i in range(2)]
        + [{"channel": "facebook", "sentiment_label": "neutral", "text": "fb neutral"}]
        + [{"channel": "facebook", "sentiment_label": "positive", "text": "fb positive"}]
        # never drawn: a competitor's, an unscored one, one without text, a repeated text
        + [{"channel": "x", "sentiment_label": "positive", "text": "rival", "brand": "Rival"}]
        + [{"channel": "x", "sentiment_label": None, "text": "hola amigos"}]
        + [{"channel": "x", "sentiment_label": "neutral", "text": "  "}]
        + [{"channel": "x", "sentiment_label": "positive", "text": "pos 0"}]
    )
    rows = [{"brand": "Acme", "created_at": "2025-01-01", **row} for row in rows]
    return make_mentions(rows)


def _strata(sample: pd.DataFrame) -> dict:
    return sample.groupby(["channel", "sentiment_label"]).size().to_dict()


def test_sample_is_proportional_with_one_per_stratum():
    mentions = _strata_fixture()
    # sizes 6, 2, 1, 1 of 10; n = 5: quotas 3, 1, 0.5, 0.5; one each for the small strata
    # takes one from the largest
    five = labels.sample_for_labelling(mentions, brand="Acme", n=5)
    assert _strata(five) == {
        ("x", "positive"): 2,
        ("x", "negative"): 1,
        ("facebook", "neutral"): 1,
        ("facebook", "positive"): 1,
    }
    # n = 8: quotas 4.8, 1.6, 0.8, 0.8 → 4, 1, 1, 1, and the largest remainder (x positive,
    # 0.8; the facebook strata are full) takes the eighth
    eight = labels.sample_for_labelling(mentions, brand="Acme", n=8)
    assert _strata(eight) == {
        ("x", "positive"): 5,
        ("x", "negative"): 1,
        ("facebook", "neutral"): 1,
        ("facebook", "positive"): 1,
    }
    assert eight["mention_id"].is_unique and eight["text"].is_unique
    assert not eight["text"].isin(["rival", "hola amigos", "  "]).any()


def test_sample_is_deterministic_and_skips_labelled_mentions():
    mentions = _strata_fixture()
    first = labels.sample_for_labelling(mentions, brand="Acme", n=5, seed=3)
    again = labels.sample_for_labelling(mentions, brand="Acme", n=5, seed=3)
    pd.testing.assert_frame_equal(first, again)
    rest = labels.sample_for_labelling(mentions, brand="Acme", n=100, skip=first["mention_id"])
    assert len(rest) == 10 - 5  # ten distinct scored texts of Acme, five labelled
    assert not rest["mention_id"].isin(first["mention_id"]).any()
    # fewer n than strata: one from each of the largest
    two = labels.sample_for_labelling(mentions, brand="Acme", n=2)
    assert _strata(two) == {("x", "positive"): 1, ("x", "negative"): 1}
    with pytest.raises(ValueError, match="at least 1"):
        labels.sample_for_labelling(mentions, brand="Acme", n=0)


# ---------------------------------------------------------------------------------------------
# labels.csv


def _labels(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["mention_id", "label", "labelled_at", "text"])


def test_labels_round_trip_and_formulas_are_neutralised(tmp_path):
    path = tmp_path / "acme" / "labels.csv"
    given = _labels(
        [
            ["m1", "positive", "2025-06-01T09:30:00Z", 'so good, "really"\nsecond line'],
            ["m2", "Negative ", "2025-06-01T10:30:00+02:00", '=HYPERLINK("http://x.example")'],
            ["m1", "neutral", "2025-06-02T08:00:00Z", "so good, relabelled"],
        ]
    )
    labels.write_labels(given, path)
    raw = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw and "\n=HYPERLINK" not in raw
    back = labels.read_labels(path)
    assert back["mention_id"].tolist() == ["m2", "m1"]  # m1 labelled again keeps its last label
    assert back["label"].tolist() == ["negative", "neutral"]
    assert back["labelled_at"].tolist() == [
        pd.Timestamp("2025-06-01T08:30:00Z"),
        pd.Timestamp("2025-06-02T08:00:00Z"),
    ]
    assert back["text"].tolist() == ['\'=HYPERLINK("http://x.example")', "so good, relabelled"]
    assert list(path.parent.iterdir()) == [path]  # written atomically: no temporary file left


def test_missing_labels_file_is_no_label(tmp_path):
    assert labels.read_labels(tmp_path / "labels.csv").empty


def test_bad_label_names_file_row_column_and_expected_values(tmp_path):
    path = tmp_path / "acme" / "labels.csv"
    path.parent.mkdir()
    path.write_text(
        "mention_id,label,labelled_at,text\n"
        "m1,positive,2025-06-01T09:30:00Z,fine\n"
        "m2,postive,2025-06-01T09:31:00Z,typo\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        labels.read_labels(path)
    assert str(error.value) == (
        "acme/labels.csv: row 2, column label: 'postive' is not valid; expected positive, "
        "neutral or negative"
    )
    path.write_text("mention_id,label,labelled_at\nm1,positive,yesterday\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1, column labelled_at: 'yesterday'"):
        labels.read_labels(path)
    path.write_text("mention_id,verdict\nm1,positive\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column label, labelled_at is missing"):
        labels.read_labels(path)
    with pytest.raises(InputError, match=r"row 1, column label: 'great'"):
        labels.write_labels(_labels([["m1", "great", "2025-06-01", ""]]), tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


# ---------------------------------------------------------------------------------------------
# the check

# rows: what people said; columns: what VADER read (positive, neutral, negative)
CONFUSION = {"positive": (8, 1, 1), "neutral": (2, 5, 3), "negative": (0, 1, 4)}


def _check_fixture():
    said, read = [], []
    for truth, counts in CONFUSION.items():
        for predicted, count in zip(labels.LABELS, counts, strict=True):
            said += [truth] * count
            read += [predicted] * count
    ids = [f"m{i}" for i in range(len(said))]
    mentions = pd.DataFrame({"mention_id": ids, "sentiment_label": read, "text": "t"})
    return mentions, pd.DataFrame({"mention_id": ids, "label": said})


def test_accuracy_wilson_interval_and_macro_recall_on_a_hand_made_matrix():
    mentions, given = _check_fixture()
    check = labels.check_sentiment(mentions, given)
    assert check.n == 25 and check.correct == 17
    assert check.accuracy == pytest.approx(0.68)
    # Wilson: centre (17 + z²/2)/(25 + z²), half z/(25 + z²)·√(17·8/25 + z²/4), z = 1.96
    z = 1.959963984540054
    centre = (17 + z**2 / 2) / (25 + z**2)
    half = z / (25 + z**2) * math.sqrt(17 * 8 / 25 + z**2 / 4)
    assert (check.accuracy_low, check.accuracy_high) == pytest.approx(
        (centre - half, centre + half)
    )
    assert (check.accuracy_low, check.accuracy_high) == pytest.approx((0.4841, 0.8279), abs=1e-4)
    assert check.recall.to_dict() == pytest.approx(
        {"positive": 0.8, "neutral": 0.5, "negative": 0.8}
    )
    assert check.macro_recall == pytest.approx(0.7)
    assert 0.4 < check.macro_recall_low < 0.7 < check.macro_recall_high < 0.95
    assert check.confusion.to_numpy().tolist() == [list(row) for row in CONFUSION.values()]
    assert check.confusion.index.tolist() == ["positive", "neutral", "negative"]
    assert check.confusion.columns[0] == "VADER read positive"
    again = labels.check_sentiment(mentions, given)
    assert again.macro_recall_low == check.macro_recall_low  # a fixed seed


def test_intervals_stay_within_zero_and_one_and_absent_classes_are_left_out():
    mentions = pd.DataFrame(
        {"mention_id": ["a", "b", "c", "d"], "sentiment_label": "positive", "text": "t"}
    )
    right = labels.check_sentiment(
        mentions, pd.DataFrame({"mention_id": ["a", "b", "c"], "label": "positive"})
    )
    assert right.accuracy == 1 and 0 < right.accuracy_low < 1 and right.accuracy_high <= 1
    assert right.macro_recall == 1 and right.macro_recall_high <= 1
    assert math.isnan(right.recall["neutral"])  # no neutral label: not in the mean
    wrong = labels.check_sentiment(
        mentions,
        pd.DataFrame({"mention_id": ["a", "b", "c", "x"], "label": ["negative", "negative", "positive", "neutral"]}),
    )  # fmt: skip
    assert wrong.n == 3 and wrong.not_found == 1
    assert wrong.accuracy == pytest.approx(1 / 3)
    assert wrong.macro_recall == pytest.approx((0 + 1) / 2)  # negative 0/2, positive 1/1
    assert wrong.accuracy_low >= 0 and wrong.accuracy_high <= 1
    assert 0 <= wrong.macro_recall_low <= wrong.macro_recall_high <= 1
    none = labels.check_sentiment(
        mentions, pd.DataFrame({"mention_id": ["zz"], "label": ["neutral"]})
    )
    assert none.n == 0 and math.isnan(none.accuracy)


# ---------------------------------------------------------------------------------------------
# lexicon overrides

SKATE = [  # text, what people said
    ("this board is sick", "positive"),
    ("that kickflip was sick", "positive"),
    ("sick tricks on the board today", "positive"),
    ("the board feels sick", "positive"),
    ("sick ollie at the park", "positive"),
    ("the new wheels are sick", "positive"),
    ("love this board", "positive"),
    ("great board", "positive"),
    ("board arrived broken", "negative"),
    ("nice board from @acme", "positive"),
]


def _skate():
    texts = pd.Series([text for text, _ in SKATE])
    read = sentiment.label_sentiment(sentiment.score_texts(texts))
    ids = [f"m{i}" for i in range(len(SKATE))]
    mentions = pd.DataFrame({"mention_id": ids, "sentiment_label": read, "text": texts})
    said = pd.DataFrame({"mention_id": ids, "label": [label for _, label in SKATE]})
    return mentions, said


def test_a_misread_domain_word_is_proposed_with_its_evidence():
    mentions, said = _skate()
    # VADER reads the six "sick" mentions as negative, the others as people did
    assert mentions["sentiment_label"].tolist()[:6] == ["negative"] * 6
    assert (mentions["sentiment_label"].iloc[6:] == said["label"].iloc[6:]).all()
    proposals = labels.propose_overrides(mentions, said, terms=["@acme"])
    # "board" is in 3 misread mentions but 4 read right: not proposed; words of one mention
    # ("kickflip", "tricks") are below min_count. Turning "sick" from −2.3 to +2.3 needs
    # twice min_count (3) different texts: six
    assert proposals.to_dict("records") == [
        {
            "word": "sick",
            "reading": "read too negative",
            "vader_valence": -2.3,
            "proposed_valence": 2.3,
            "mentions_labelled": 6,
            "misread": 6,
            "said_positive": 6,
            "said_neutral": 0,
            "said_negative": 0,
        }
    ]
    assert labels.overrides_yaml(proposals) == "sentiment: {lexicon_overrides: {sick: 2.3}}"
    # five texts are not enough to turn a word around
    assert labels.propose_overrides(mentions.drop(index=5), said.drop(index=5)).empty
    # one template posted by many accounts is one text: six copies of it are not six texts
    copies = pd.DataFrame(
        {
            "mention_id": [f"c{i}" for i in range(6)],
            "sentiment_label": "negative",
            "text": [f"@fan{i} this board is sick" for i in range(6)],
        }
    )
    copies_said = pd.DataFrame({"mention_id": copies["mention_id"], "label": "positive"})
    assert labels.propose_overrides(copies, copies_said).empty


def test_overrides_change_the_score_and_a_changed_override_rescores(tmp_path):
    cache = tmp_path / "sentiment.parquet"
    text = pd.Series(["the deck is sick"])
    plain = sentiment.score_texts(text, cache_path=cache).iloc[0]
    assert plain == pytest.approx(-0.5106)  # published VADER: "sick" is −2.3
    positive = sentiment.score_texts(text, cache_path=cache, overrides={"Sick": 2.3}).iloc[0]
    assert positive == pytest.approx(0.5106)
    stronger = sentiment.score_texts(text, cache_path=cache, overrides={"sick": 3.5}).iloc[0]
    assert stronger > positive
    # each version of the overrides has its own cached score; VADER's own is kept
    assert len(pd.read_parquet(cache)) == 3
    assert sentiment.score_texts(text, cache_path=cache).iloc[0] == pytest.approx(plain)
    assert sentiment._get_analyzer().lexicon["sick"] == -2.3  # the shared lexicon untouched
    assert sentiment.overrides_fingerprint({}) == ""
    assert sentiment.overrides_fingerprint({"sick": 2.3}) == sentiment.overrides_fingerprint(
        {"SICK": 2.3}
    )
    assert sentiment.overrides_fingerprint({"sick": 2.3}) != sentiment.overrides_fingerprint(
        {"sick": 2.4}
    )


def test_a_cached_score_is_served_for_the_same_overrides(tmp_path, monkeypatch):
    cache = tmp_path / "sentiment.parquet"
    sentiment.score_texts(pd.Series(["the deck is sick"]), cache_path=cache, overrides={"sick": 2})
    calls = []
    monkeypatch.setattr(sentiment, "analyzer_for", lambda overrides: calls.append(1))
    again = sentiment.score_texts(
        pd.Series(["the deck is sick"]), cache_path=cache, overrides={"sick": 2.0}
    )
    assert calls == [] and again.iloc[0] > 0


BASE = {"client": "acme", "display_name": "Acme", "brand": {"name": "Acme"}}


def test_config_reads_and_checks_lexicon_overrides():
    config = parse_config({**BASE, "sentiment": {"lexicon_overrides": {" Sick ": 2.5, "mid": -1}}})
    assert config.sentiment.lexicon_overrides == {"sick": 2.5, "mid": -1.0}
    assert parse_config(BASE).sentiment.lexicon_overrides == {}
    for overrides, message in [
        ({"": 1}, "sentiment.lexicon_overrides: a word is empty"),
        ({"so good": 1}, "'so good' is more than one word"),
        ({"sick": 4.5}, "sentiment.lexicon_overrides.sick: Input should be less than or equal to 4"),
        ({"sick": -5}, "sentiment.lexicon_overrides.sick: Input should be greater than or equal to -4"),
        ({"Sick": 1, "sick": 2}, "'sick' is given twice"),
    ]:  # fmt: skip
        with pytest.raises(ConfigError, match=message):
            parse_config({**BASE, "sentiment": {"lexicon_overrides": overrides}})
    with pytest.raises(ConfigError, match=r"sentiment\.overrides: unknown key"):
        parse_config({**BASE, "sentiment": {"overrides": {"sick": 1}}})


# ---------------------------------------------------------------------------------------------
# a client's workspace: overrides scored and versioned, labels in the client's folder


@pytest.fixture
def data_dir(tmp_path):
    generate_client("demo-software", tmp_path, scale=0.02)
    _load_cached.cache_clear()
    yield tmp_path
    _load_cached.cache_clear()


def _common_scored_word(ws) -> str:
    """A VADER word in many of the client's scored mentions."""
    lexicon = sentiment._get_analyzer().lexicon
    words = ws.mentions["text"].str.lower().str.findall(r"[a-z]+").explode()
    counts = words[words.isin(list(lexicon))].value_counts()
    return str(counts.index[0])


def test_overrides_are_applied_versioned_and_imported_again(data_dir):
    config_path = data_dir / "clients" / "demo-software" / "client.yaml"
    before = load_workspace("demo-software", data_dir=data_dir)
    assert before.lexicon_version == "" and before.data_dir == data_dir
    word = _common_scored_word(before)
    config_path.write_text(
        config_path.read_text() + f"sentiment: {{lexicon_overrides: {{{word}: -4}}}}\n"
    )
    after = load_workspace("demo-software", data_dir=data_dir)
    assert not after.from_cache  # the config is part of the import cache's fingerprint
    assert after.lexicon_version == sentiment.overrides_fingerprint({word: -4})
    has_word = before.mentions["text"].str.lower().str.contains(rf"\b{word}\b")
    scored = has_word & before.mentions["sentiment"].notna()
    assert scored.sum() > 0
    old = before.mentions.loc[scored, "sentiment"]
    new = after.mentions.loc[scored, "sentiment"]
    assert (new < old).all()  # the same mentions, read with the word at −4
    unchanged = ~has_word & before.mentions["sentiment"].notna()
    pd.testing.assert_series_equal(
        before.mentions.loc[unchanged, "sentiment"], after.mentions.loc[unchanged, "sentiment"]
    )
    from ronr.store import describe_provenance

    assert f"(version {after.lexicon_version})" in describe_provenance(after)


def test_report_block_and_headline_without_and_with_labels(data_dir):
    ws = load_workspace("demo-software", data_dir=data_dir)
    assert listen_blocks.sentiment_check(ws) == [Note(listen_blocks.NOT_CHECKED, kind="missing")]
    assert labels.sentiment_check_headline(ws) is None
    path = labels.labels_path(ws)
    assert path == data_dir / "clients" / "demo-software" / "labels.csv"  # never the cache
    sample = labels.sample_for_labelling(ws.mentions, brand=ws.brand, n=20)
    said = sample["sentiment_label"].where(sample.index >= 5, "neutral")  # five disagree at most
    labels.write_labels(sample.assign(label=said, labelled_at="2025-06-01T09:00:00Z"), path)
    agree = int((said == sample["sentiment_label"]).sum())
    head = labels.sentiment_check_headline(ws)
    assert head["metric"] == "sentiment_accuracy" and head["n"] == 20
    assert head["number"] == pytest.approx(agree / 20)
    assert head["value"] == f"{agree / 20:.0%} accurate"
    blocks = listen_blocks.sentiment_check(ws)
    assert blocks[0].text.startswith(f"People labelled 20 of {ws.brand}'s mentions")
    confusion = next(b for b in blocks if isinstance(b, Table)).data
    assert int(confusion.drop(columns="People said").to_numpy().sum()) == 20
    assert not (data_dir / "cache" / "demo-software" / "labels.csv").exists()
    # the cover shows it right after net sentiment, with its intervals under the number
    metrics_shown = [h.metric for h in summary.headline_numbers(ws)]
    position = metrics_shown.index("net_sentiment")
    assert metrics_shown[position + 1] == "sentiment_accuracy"
    card = summary.headline_numbers(ws)[position + 1]
    assert card.detail.startswith(f"VADER agreed with people on {agree} of 20 labelled mentions")


# ---------------------------------------------------------------------------------------------
# the widget's logic


def test_label_session_saves_each_label_and_moves_with_keys(tmp_path):
    sample = pd.DataFrame(
        {
            "mention_id": ["a", "b", "c"],
            "channel": "x",
            "sentiment_label": "neutral",
            "text": ["one", "<b>two</b>", "three"],
        }
    )
    path = tmp_path / "acme" / "labels.csv"
    session = label_widget.LabelSession(sample, path, now="2025-06-01T09:00:00Z")
    session.key("p")  # a → positive
    assert labels.read_labels(path)[["mention_id", "label"]].values.tolist() == [["a", "positive"]]
    assert "&lt;b&gt;two&lt;/b&gt;" in label_widget._card(session)  # the text is escaped
    session.key("s")  # b skipped
    session.key("b")  # back to b
    session.key("b")  # back to a
    session.key("n")  # a relabelled negative
    session.key("x")  # no such key: nothing
    session.key("s")
    session.key("u")  # c → neutral
    assert session.done and "Done" in label_widget._card(session)
    saved = labels.read_labels(path)
    assert saved[["mention_id", "label"]].values.tolist() == [["a", "negative"], ["c", "neutral"]]


def test_label_widget_shows_a_note_when_not_interactive(monkeypatch):
    notes = []
    monkeypatch.setattr(label_widget, "show_note", notes.append)
    assert label_widget.label_mentions(object(), interactive=False) is None
    assert notes == [label_widget.NOT_INTERACTIVE]
