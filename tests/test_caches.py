"""Caches heal themselves: an unreadable cache is rebuilt with a warning, writes are atomic and
leave no temporary file behind, and a full disk is one clear error."""

import errno
import warnings

import pandas as pd
import pytest

from ronr import sentiment
from ronr.sentiment import CacheError, CacheWarning
from ronr.store import _load_cached, load_workspace

CONFIG = "client: acme\ndisplay_name: Acme\nbrand: {name: Acme, handles: ['@acme']}\n"
POSTS = (
    "brand,channel,post_id,published_at,likes\n"
    "Acme,x,1,2025-01-01T10:00:00Z,5\n"
    "Acme,x,2,2025-01-02T10:00:00Z,6\n"
)
MENTIONS = (
    "mention_id,channel,created_at,text,kind,engagements,brand\n"
    "m1,x,2025-01-01T10:00:00Z,I love @acme,mention,1,Acme\n"
    "m2,x,2025-01-02T10:00:00Z,@acme is awful,mention,2,Acme\n"
    "m3,x,2025-01-03T10:00:00Z,@acme ok,mention,0,Acme\n"
)
ENOSPC = OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def data_dir(tmp_path):
    exports = tmp_path / "clients" / "acme" / "exports"
    exports.mkdir(parents=True)
    (exports.parent / "client.yaml").write_text(CONFIG)
    (exports / "posts.csv").write_text(POSTS)
    (exports / "mentions.csv").write_text(MENTIONS)
    _load_cached.cache_clear()
    return tmp_path


def load(data_dir):
    _load_cached.cache_clear()
    return load_workspace("acme", data_dir=data_dir)


def cache_folder(data_dir):
    """The one fingerprint folder of the client's cache."""
    (folder,) = [p for p in (data_dir / "cache" / "acme").iterdir() if p.is_dir()]
    return folder


def leftovers(folder):
    """Temporary files or folders left in ``folder`` (and below)."""
    return sorted(p.name for p in folder.rglob("*.tmp"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda f: (f / "mentions.parquet").write_bytes(
            (f / "mentions.parquet").read_bytes()[:100]
        ),  # truncated
        lambda f: (f / "posts.parquet").unlink(),  # missing
        lambda f: (f / "rejects.parquet").write_text("not parquet"),
    ],
    ids=["truncated", "missing", "garbage"],
)
def test_an_unreadable_cache_is_rebuilt_with_a_warning(data_dir, damage):
    first = load(data_dir)
    assert not first.from_cache
    damage(cache_folder(data_dir))
    with pytest.warns(
        CacheWarning, match=r"^the cache of acme \(.*\) cannot be read and is rebuilt"
    ):
        rebuilt = load(data_dir)
    assert not rebuilt.from_cache
    assert rebuilt.imported == {
        "posts": 2,
        "mentions": 3,
        "responses": 0,
        "audience": 0,
        "followers": 0,
    }
    pd.testing.assert_frame_equal(rebuilt.mentions, first.mentions)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rebuilt cache reads cleanly
        again = load(data_dir)
    assert again.from_cache
    pd.testing.assert_frame_equal(again.posts, first.posts)


def test_a_full_disk_while_caching_is_one_clear_error_and_leaves_nothing(data_dir, monkeypatch):
    real = pd.DataFrame.to_parquet
    written = []

    def fills_the_disk(self, path, *args, **kwargs):
        written.append(path)
        if str(path).endswith("mentions.parquet"):  # the second table: posts is written already
            real(self, path, *args, **kwargs)  # a partial file on disk, as a real ENOSPC leaves
            raise ENOSPC
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fills_the_disk)
    with pytest.raises(CacheError) as error:
        load(data_dir)
    message = str(error.value)
    assert message.startswith("disk full while writing the cache of acme in ")
    assert message.endswith("[Errno 28] No space left on device; free some space and run again")
    assert "\n" not in message
    cache = data_dir / "cache" / "acme"
    assert leftovers(data_dir / "cache") == []
    assert [p for p in cache.iterdir() if p.is_dir()] == []  # no half cache to read later
    monkeypatch.undo()
    assert not load(data_dir).from_cache  # with space again, the import is cached
    assert load(data_dir).from_cache


def test_a_full_disk_while_writing_rejects_csv_leaves_no_temporary_file(data_dir, monkeypatch):
    real = pd.DataFrame.to_csv

    def fills_the_disk(self, path=None, *args, **kwargs):
        real(self, path, *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fills_the_disk)
    with pytest.raises(CacheError, match=r"^disk full while writing the cache of acme"):
        load(data_dir)
    assert leftovers(data_dir / "cache") == []
    cache = data_dir / "cache" / "acme"
    assert sorted(p.name for p in cache.iterdir()) == []  # no cache without its rejects.csv


class Analyzer:
    """Stands in for VADER: 0.1 per '!'."""

    def polarity_scores(self, text):
        return {"compound": 0.1 * text.count("!")}


def test_an_unreadable_sentiment_cache_is_rebuilt_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(sentiment, "_analyzer", Analyzer())
    cache = tmp_path / "sentiment.parquet"
    sentiment.score_texts(pd.Series(["a!", "b!!"]), cache_path=cache)
    cache.write_bytes(cache.read_bytes()[:50])  # truncated
    with pytest.warns(CacheWarning, match=r"^the sentiment cache \(.*\) cannot be read"):
        scores = sentiment.score_texts(pd.Series(["a!", "c!!!"]), cache_path=cache)
    assert scores.tolist() == pytest.approx([0.1, 0.3])
    rebuilt = pd.read_parquet(cache)  # rewritten whole, with the texts scored this time
    assert sorted(rebuilt["compound"].round(6)) == [0.1, 0.3]


def test_a_full_disk_while_writing_the_sentiment_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(sentiment, "_analyzer", Analyzer())
    cache = tmp_path / "sentiment.parquet"
    sentiment.score_texts(pd.Series(["a!"]), cache_path=cache)
    real = pd.DataFrame.to_parquet

    def fills_the_disk(self, path, *args, **kwargs):
        real(self, path, *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", fills_the_disk)
    with pytest.raises(CacheError) as error:
        sentiment.score_texts(pd.Series(["b!!"]), cache_path=cache)
    assert str(error.value) == (
        f"disk full while writing the sentiment cache in {tmp_path}: [Errno 28] No space left "
        "on device; free some space and run again"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentiment.parquet"]  # no tmp file
    monkeypatch.undo()
    assert pd.read_parquet(cache)["compound"].tolist() == pytest.approx([0.1])  # the old cache


def test_write_atomically_removes_its_temporary_file_on_any_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def half_then_fail(path):
        path.write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        sentiment.write_atomically(target, half_then_fail)
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert target.read_text() == "old"
