import shutil

import pandas as pd
import pytest

from ronr.demo import generate_client
from ronr.errors import ConfigError
from ronr.store import _load_cached, load_workspace, parse_period


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


def test_missing_demo_client_is_generated(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "ronr.demo.ensure_demo_client",
        lambda name, data_dir: calls.append(name) or generate_client(name, data_dir, scale=0.02),
    )
    _load_cached.cache_clear()
    ws = load_workspace("demo-software", data_dir=tmp_path)
    assert calls == ["demo-software"]
    assert len(ws.posts) > 0
    shutil.rmtree(tmp_path / "clients")


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
