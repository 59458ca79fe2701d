"""The demo's varied texts: mostly distinct, with each text's sentiment and the signals kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SentimentIntensityAnalyzer

from ronr import cli
from ronr.demo import DEMO_SPECS, generate_tables, scale_for
from ronr.demo.variety import _numbers, _pieces, vary_texts
from ronr.errors import RonrError

SCALE = 0.1


@pytest.fixture(scope="module")
def both() -> dict[str, dict[str, pd.DataFrame]]:
    spec = DEMO_SPECS["demo-coffee"]
    return {
        style: generate_tables(spec, seed=11, scale=SCALE, texts=style)
        for style in ("templates", "varied")
    }


def test_only_the_mention_texts_differ(both) -> None:
    plain, varied = both["templates"], both["varied"]
    for table in ("posts", "responses", "audience", "followers"):
        pd.testing.assert_frame_equal(plain[table], varied[table])
    other = [c for c in plain["mentions"].columns if c != "text"]
    pd.testing.assert_frame_equal(plain["mentions"][other], varied["mentions"][other])
    changed = plain["mentions"]["text"] != varied["mentions"]["text"]
    assert 0.8 < changed.mean() < 0.92  # shares and 5% of the rest stay verbatim


def test_most_texts_are_distinct(both) -> None:
    plain = both["templates"]["mentions"]["text"]
    varied = both["varied"]["mentions"]["text"]
    assert plain.nunique() / len(plain) < 0.4
    assert varied.nunique() / len(varied) > 0.7
    assert not varied.str.contains("{", regex=False).any()  # every slot filled


def test_every_text_keeps_its_sentiment_score(both) -> None:
    analyzer = SentimentIntensityAnalyzer()
    plain = both["templates"]["mentions"]["text"]
    varied = both["varied"]["mentions"]["text"]
    pairs = pd.DataFrame({"plain": plain, "varied": varied}).drop_duplicates()
    pairs = pairs[pairs["plain"] != pairs["varied"]]
    before = [analyzer.polarity_scores(t)["compound"] for t in pairs["plain"]]
    after = [analyzer.polarity_scores(t)["compound"] for t in pairs["varied"]]
    assert before == after


def test_what_stays_verbatim(both) -> None:
    spec = DEMO_SPECS["demo-coffee"]
    plain, varied = both["templates"]["mentions"], both["varied"]["mentions"]
    same = plain["text"] == varied["text"]
    assert same[plain["kind"] == "share"].all()
    foreign = plain["text"].isin({text for _, _, text in spec.foreign})
    assert foreign.sum() == len(spec.foreign) and same[foreign].all()
    hostile = varied["mention_id"] == spec.signals.hostile_mention_id
    assert varied.loc[hostile, "text"].tolist() == [spec.signals.hostile_text]


def test_questions_still_end_with_a_question_mark_and_keywords_stay_put(both) -> None:
    plain, varied = both["templates"]["mentions"], both["varied"]["mentions"]
    asked = plain["text"].str.rstrip().str.endswith("?")
    assert varied.loc[asked, "text"].str.rstrip().str.endswith("?").all()
    assert not varied.loc[~asked, "text"].str.rstrip().str.endswith("?").any()
    keyword = DEMO_SPECS["demo-coffee"].signals.incident.keyword
    has = varied["text"].str.contains(keyword, case=False)
    assert has.equals(plain["text"].str.contains(keyword, case=False))


def test_every_piece_is_neutral_to_vader() -> None:
    analyzer = SentimentIntensityAnalyzer()
    words = _pieces()
    slots = {"city": "cities", "friend": "friends", "tag": "tags", "day": "days"}
    most = max(len(words[key]) for key in slots.values())
    filled = [  # every word of every slot at least once, in every piece
        piece.format(
            number=12, time="8:15", **{s: words[k][i % len(words[k])] for s, k in slots.items()}
        )
        for piece in (*words["openers"], *words["closers"])
        for i in range(most)
    ]
    analyzer_numbers = {k for k in analyzer.lexicon if k.isdigit()}
    assert {"143", "187"} <= analyzer_numbers  # what vary_texts must never draw
    drawn = set(_numbers(20_000, np.random.default_rng(0)))
    assert not drawn & analyzer_numbers and len(drawn) > 5000
    for text in filled:
        assert analyzer.polarity_scores(text)["compound"] == 0, text
        assert not {"!", "?"} & set(text), text
        tokens = {w.lower().strip(",.:") for w in text.split()}
        assert not tokens & ({"but"} | set(NEGATE) | set(BOOSTER_DICT)), text


def test_vary_texts_by_hand() -> None:
    texts = pd.Series(["Love it", "Is it open?", "Same"], index=[5, 6, 7])
    out = vary_texts(texts, keep=np.array([False, False, True]), rng=np.random.default_rng(3))
    assert out.index.tolist() == [5, 6, 7]
    assert out[7] == "Same"
    assert out[6].endswith(" Is it open?")  # an opener only
    assert "Love it" in out[5]
    assert "{" not in "".join(out)  # every slot filled


def test_a_size_gives_its_number_of_mentions() -> None:
    spec = DEMO_SPECS["demo-coffee"]
    for size in (10_000, 100_000, 1_000_000):
        total = spec.mention_counts(scale_for("demo-coffee", size))["total"]
        assert abs(total - size) / size < 0.002, (size, total)
    # 1,000,000 mentions come with about 20,000 posts (2,100 at scale 1)
    assert 9.5 < scale_for("demo-coffee", 1_000_000) < 9.8
    with pytest.raises(RonrError, match="positive whole number"):
        scale_for("demo-coffee", 0)


def test_a_wrong_text_style_is_refused() -> None:
    with pytest.raises(RonrError, match="templates, varied"):
        generate_tables(DEMO_SPECS["demo-coffee"], seed=1, scale=0.05, texts="lorem")


def test_the_demo_command_sizes_one_client(tmp_path) -> None:
    result = CliRunner().invoke(
        cli.app,
        [
            "demo",
            "--data-dir",
            str(tmp_path),
            "--client",
            "demo-software",
            "--mentions",
            "5000",
            "--texts",
            "varied",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "clients").iterdir()] == ["demo-software"]
    mentions = pd.read_csv(tmp_path / "clients/demo-software/exports/mentions.csv", dtype=str)
    assert abs(len(mentions) - 5000) < 25
    assert "varied texts" in (tmp_path / "clients/demo-software/client.yaml").read_text()
    result = CliRunner().invoke(cli.app, ["demo", "--data-dir", str(tmp_path), "--client", "x"])
    assert result.exit_code != 0 and "no demo client" in result.output
