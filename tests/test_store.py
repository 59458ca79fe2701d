import pandas as pd
import pytest

from ronr import listen
from ronr.demo import generate_client
from ronr.errors import ConfigError
from ronr.language import detect_languages
from ronr.store import _load_cached, enrich_mentions, load_workspace, parse_period
from tests.cases import case_path, copy_case_client
from tests.factories import make_mentions


@pytest.fixture
def data_dir(tmp_path):
    generate_client("demo-software", tmp_path, scale=0.02)
    _load_cached.cache_clear()
    return tmp_path


def test_first_load_imports_second_reads_the_cache(data_dir):
    first = load_workspace("demo-software", data_dir=data_dir)
    assert not first.from_cache
    _load_cached.cache_clear()
    second = load_workspace("demo-software", data_dir=data_dir)
    assert second.from_cache
    pd.testing.assert_frame_equal(first.mentions, second.mentions)
    pd.testing.assert_frame_equal(first.posts, second.posts)
    assert (data_dir / "cache" / "demo-software" / "rejects.csv").exists()


def test_changed_export_is_imported_again(data_dir):
    load_workspace("demo-software", data_dir=data_dir)
    _load_cached.cache_clear()
    followers = data_dir / "clients" / "demo-software" / "exports" / "followers.csv"
    lines = followers.read_text().splitlines()
    followers.write_text("\n".join(lines[:-1]) + "\n")
    reloaded = load_workspace("demo-software", data_dir=data_dir)
    assert not reloaded.from_cache
    row = reloaded.provenance.set_index("file").loc["followers.csv"]
    assert row["rows_read"] == len(lines) - 2


def test_counts_reconcile_and_tables_are_in_period(data_dir):
    ws = load_workspace("demo-software", data_dir=data_dir, period="2025-03..2025-04")
    p = ws.provenance
    assert (p["rows_read"] == p["rows_accepted"] + p["rows_rejected"]).all()
    assert ws.start == pd.Timestamp("2025-03-01", tz="UTC")
    assert ws.end == pd.Timestamp("2025-04-30", tz="UTC")
    assert ws.mentions["created_at"].min() >= ws.start
    assert ws.mentions["created_at"].max() < pd.Timestamp("2025-05-01", tz="UTC")
    assert ws.responses["mention_id"].isin(ws.mentions["mention_id"]).all()
    assert {"sentiment", "sentiment_label", "is_question"} <= set(ws.mentions.columns)


def test_unknown_client_and_bad_period(data_dir):
    with pytest.raises(
        ConfigError, match=r"client 'nobody' not found.*known clients: demo-software"
    ):
        load_workspace("nobody", data_dir=data_dir)
    ws = load_workspace("demo-software", data_dir=data_dir)
    with pytest.raises(ConfigError, match=r"expected 'START\.\.END'"):
        parse_period("2025", ws.config, {})


def test_loading_never_generates_a_missing_demo_client(tmp_path):
    _load_cached.cache_clear()
    with pytest.raises(ConfigError) as missing:
        load_workspace("demo-software", data_dir=tmp_path)
    config_path = tmp_path.resolve() / "clients" / "demo-software" / "client.yaml"
    assert str(missing.value) == (
        f"client 'demo-software' not found: no {config_path} (known clients: none); "
        "run `ronr demo` to generate the demo clients"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written: no client folder, no cache
    # the hint is for demo clients only
    with pytest.raises(ConfigError) as unknown:
        load_workspace("demo-tea", data_dir=tmp_path)
    assert "ronr demo" not in str(unknown.value)


def test_mentions_without_a_brand_column_are_matched_from_the_config(tmp_path):
    folder = tmp_path / "clients" / "acme"
    (folder / "exports").mkdir(parents=True)
    (folder / "client.yaml").write_text(
        "client: acme\ndisplay_name: Acme\n"
        "brand: {name: Acme, handles: ['@acme']}\n"
        "competitors: [{name: Café Noir, keywords: [cafe noir]}]\n"
    )
    (folder / "exports" / "mentions.csv").write_text(
        "mention_id,channel,created_at,text,kind,engagements\n"
        "1,x,2025-01-01T10:00:00Z,Love @ACME and Café Noir,mention,3\n"
        "2,x,2025-01-02T10:00:00Z,CAFE NOIR is great,mention,\n"
        "3,x,2025-01-03T10:00:00Z,nothing about anyone,mention,1\n"
    )
    _load_cached.cache_clear()
    load_workspace("acme", data_dir=tmp_path)
    _load_cached.cache_clear()
    ws = load_workspace("acme", data_dir=tmp_path)  # from the cache: same types as a fresh import
    assert ws.from_cache
    pairs = sorted(zip(ws.mentions["mention_id"], ws.mentions["brand"], strict=True))
    assert pairs == [("1", "Acme"), ("1", "Café Noir"), ("2", "Café Noir")]
    assert ws.mentions.set_index(["mention_id", "brand"]).loc[("1", "Acme"), "engagements"] == 3
    row = ws.provenance.set_index("file").loc["mentions.csv"]
    assert (row["rows_read"], row["rows_accepted"], row["rows_rejected"]) == (3, 2, 1)
    reject = ws.rejects.iloc[0]
    assert (reject["row"], reject["column"]) == ("3", "brand") or (
        int(reject["row"]),
        reject["column"],
    ) == (3, "brand")
    assert "names no tracked brand" in reject["reason"]


def test_the_same_complaints_give_both_brands_the_same_sentiment(tmp_path):
    # mini-listen: the same four complaints, five times each, to @sunny ("sunny" is a VADER
    # word, +1.8) and to @acmemobile (not a VADER word). Masked, each brand's texts are
    # "_ my phone stopped working again" −0.2263, "_ still no signal, terrible" +0.0910 (VADER
    # flips "terrible" after "no"), "_ worst support ever, cancelling" −0.4939 and
    # "_ bill is wrong again" −0.4767: 5 positive, 15 negative, net (5 − 15) / 20 = −0.5, mean
    # (−0.2263 + 0.0910 − 0.4939 − 0.4767) / 4 = −0.276475. Unmasked, Sunny got 10 positive
    # (net 0.0, mean +0.1331) from its name alone.
    _load_cached.cache_clear()
    ws = load_workspace("mini-listen", data_dir=copy_case_client("mini-listen", tmp_path))
    net = listen.net_sentiment(ws.mentions).set_index("brand")
    for brand in ("Sunny Mobile", "Acme Mobile"):
        row = net.loc[brand]
        assert (row["positive"], row["neutral"], row["negative"]) == (5, 0, 15)
        assert row["net_sentiment"] == pytest.approx(-0.5)
        assert row["mean_compound"] == pytest.approx(-0.276475)
    original = pd.read_csv(case_path("mini-listen") / "exports" / "mentions.csv")
    stored = ws.mentions.set_index("mention_id")["text"]
    assert stored.loc[original["mention_id"]].tolist() == original["text"].tolist()


def test_brands_written_as_hashtags_are_matched(tmp_path):
    _load_cached.cache_clear()
    ws = load_workspace("mini-hashtag", data_dir=copy_case_client("mini-hashtag", tmp_path))
    assert ws.rejects.empty
    assert ws.mentions.groupby("brand").size().to_dict() == {"Acme": 2, "Beta Beans": 2}
    pairs = sorted(zip(ws.mentions["mention_id"], ws.mentions["brand"], strict=True))
    assert pairs == [("h1", "Acme"), ("h2", "Beta Beans"), ("h3", "Acme"), ("h4", "Beta Beans")]


def test_enrich_mentions_scores_masked_text_and_detects_language_without_handles():
    mentions = make_mentions(
        [
            {
                "brand": "Acme",
                "created_at": "2025-01-01",
                "text": "@kundenservice_deutschland @bahnhof_muenchen my train is late again",
            },
            {"brand": "Sunny", "created_at": "2025-01-01", "text": "#Sunny is #LoveIt"},
        ]
    ).drop(columns=["sentiment", "sentiment_label", "language", "is_question"])
    enriched = enrich_mentions(mentions, terms=["Sunny", "@sunny"])
    # with its handles the first text reads as German, and would not be scored
    assert detect_languages(mentions["text"]).iloc[0] == "de"
    assert enriched["language"].tolist() == ["en", "en"]
    assert enriched["text"].tolist() == mentions["text"].tolist()
    # "_ my train is late again": no lexicon word; "_ is Love It": "love" 3.2 → 3.2/√(3.2²+15)
    assert enriched["sentiment"].tolist() == pytest.approx([0.0, 0.6369])


def test_loading_again_after_an_export_changed_reads_the_new_rows(data_dir):
    # a strategist edits an export in a live notebook and loads again: no stale workspace
    first = load_workspace("demo-software", data_dir=data_dir)
    assert load_workspace("demo-software", data_dir=data_dir) is first  # unchanged: kept
    followers = data_dir / "clients" / "demo-software" / "exports" / "followers.csv"
    lines = followers.read_text().splitlines()
    followers.write_text("\n".join(lines[:-1]) + "\n")
    again = load_workspace("demo-software", data_dir=data_dir)
    assert again is not first
    assert again.provenance.set_index("file").loc["followers.csv", "rows_read"] == len(lines) - 2


def test_posts_cover_their_edges_by_the_usual_gap_between_posting_days():
    from ronr.store import data_spans

    def stamps(days):
        return pd.Series(pd.to_datetime(days).tz_localize("UTC") + pd.Timedelta(hours=12))

    # a post every third day from 3 Jan: gaps of 3 days, so the span reaches 2 days further
    # each way (1 Jan – 17 Jan): January is not "partial" for want of a post on the 1st
    posts = pd.DataFrame(
        {"published_at": stamps(pd.date_range("2025-01-03", periods=5, freq="3D"))}
    )
    # mentions are read as they are: the first and last day with one
    mentions = pd.DataFrame({"created_at": stamps(["2025-01-03", "2025-01-06"])})
    tables = {
        "posts": posts,
        "mentions": mentions,
        "responses": pd.DataFrame({"created_at": pd.Series([], dtype="datetime64[ns, UTC]")}),
        "followers": pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns, UTC]")}),
        "audience": pd.DataFrame({"as_of": pd.Series([], dtype="datetime64[ns, UTC]")}),
    }
    spans = data_spans(tables, timezone="Europe/London")
    assert spans["posts"] == (
        pd.Timestamp("2025-01-01", tz="UTC"),
        pd.Timestamp("2025-01-17", tz="UTC"),
    )
    assert spans["mentions"] == (
        pd.Timestamp("2025-01-03", tz="UTC"),
        pd.Timestamp("2025-01-06", tz="UTC"),
    )


def test_the_comparison_is_the_same_client_over_the_period_just_before(tmp_path):
    from ronr.store import load_comparison

    generate_client("demo-coffee", tmp_path, scale=0.02)
    ws = load_workspace("demo-coffee", data_dir=tmp_path, period="2025-04..2025-06")
    assert load_comparison(ws, compare="", data_dir=tmp_path) is None
    before = load_comparison(ws, compare="previous", data_dir=tmp_path)
    assert (before.start, before.end) == (
        pd.Timestamp("2025-01-01", tz="UTC"),
        pd.Timestamp("2025-03-31", tz="UTC"),
    )
    assert before.config.client == "demo-coffee" and len(before.mentions) > 0
    with pytest.raises(ConfigError, match="compare 'last year'"):
        load_comparison(ws, compare="last year", data_dir=tmp_path)


def test_a_named_period_can_be_the_comparison(tmp_path):
    from ronr.store import load_comparison

    generate_client("demo-coffee", tmp_path, scale=0.02)
    ws = load_workspace("demo-coffee", data_dir=tmp_path, period="2025-04..2025-06")
    other = load_comparison(ws, compare="2025-01..2025-01", data_dir=tmp_path)
    assert (other.start, other.end) == (
        pd.Timestamp("2025-01-01", tz="UTC"),
        pd.Timestamp("2025-01-31", tz="UTC"),
    )
    with pytest.raises(ConfigError, match="expected 'previous' or a period such as"):
        load_comparison(ws, compare="2025-13..2025-14", data_dir=tmp_path)
