"""Languages and sentiment persist by text hash across imports, and many texts are worked on
by worker processes with exactly the results of working on them in this process."""

import os

import pandas as pd
import pytest

from ronr import language, sentiment, store, text
from ronr.errors import CacheWarning
from ronr.store import _load_cached, load_workspace

CONFIG = "client: acme\ndisplay_name: Acme\nbrand: {name: Acme, handles: ['@acme']}\n"
POSTS = "brand,channel,post_id,published_at,likes\nAcme,x,1,2025-01-01T10:00:00Z,5\n"
HEADER = "mention_id,channel,created_at,text,kind,engagements,brand\n"
TEXTS = [
    "I really love the new espresso at @acme, best coffee in town",
    "El café de Acme es horrible y el servicio muy lento",
    "Le service était vraiment excellent chez Acme ce matin",
    "I really love the new espresso at @acme, best coffee in town",  # a retweet
    "ok 👍",
]
NEW_TEXT = "The barista at Acme was rude and my latte was cold again"


def mentions_csv(texts):
    rows = [
        f'm{i},x,2025-01-{i + 1:02d}T10:00:00Z,"{text}",mention,1,Acme\n'
        for i, text in enumerate(texts)
    ]
    return HEADER + "".join(rows)


@pytest.fixture
def data_dir(tmp_path):
    exports = tmp_path / "clients" / "acme" / "exports"
    exports.mkdir(parents=True)
    (exports.parent / "client.yaml").write_text(CONFIG)
    (exports / "posts.csv").write_text(POSTS)
    (exports / "mentions.csv").write_text(mentions_csv(TEXTS))
    return tmp_path


def load(data_dir):
    _load_cached.cache_clear()
    return load_workspace("acme", data_dir=data_dir)


class Counting:
    """Wraps a real language identifier or VADER analyzer and records every text it reads."""

    def __init__(self, real):
        self.real = real
        self.lexicon = getattr(real, "lexicon", None)
        self.calls = []

    def classify(self, text):
        self.calls.append(text)
        return self.real.classify(text)

    def polarity_scores(self, text):
        self.calls.append(text)
        return self.real.polarity_scores(text)


@pytest.fixture
def counted(monkeypatch):
    """The language identifier and VADER analyzer, counting the texts they read."""
    detector = Counting(language._identifier())
    analyzer = Counting(sentiment._get_analyzer())
    monkeypatch.setattr(language, "_identifier", lambda: detector)
    monkeypatch.setattr(sentiment, "_analyzer", analyzer)
    return detector, analyzer


def test_unchanged_texts_are_not_detected_or_scored_again_and_new_ones_are(data_dir, counted):
    detector, analyzer = counted
    first = load(data_dir).mentions.set_index("mention_id")
    assert first["language"].tolist() == ["en", "es", "fr", "en", "und"]
    assert len(detector.calls) == 3  # three distinct texts long enough to tell ("ok 👍" is not)
    assert len(analyzer.calls) == 2  # the English text and the undetermined one
    assert (data_dir / "cache" / "language.parquet").is_file()

    # the export is touched: its tables are imported again, but no text is detected again
    detector.calls.clear()
    analyzer.calls.clear()
    path = data_dir / "clients" / "acme" / "exports" / "mentions.csv"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = load(data_dir)
    assert not second.from_cache
    assert detector.calls == [] and analyzer.calls == []
    pd.testing.assert_frame_equal(second.mentions.set_index("mention_id"), first)

    # a changed export: only its new text is detected and scored
    path.write_text(mentions_csv([*TEXTS, NEW_TEXT]))
    third = load(data_dir).mentions.set_index("mention_id")
    assert detector.calls == [NEW_TEXT]
    assert len(analyzer.calls) == 1
    assert third.loc["m5", "language"] == "en" and third.loc["m5", "sentiment"] < -0.05
    pd.testing.assert_frame_equal(third.drop(index="m5"), first)


def test_another_detector_version_detects_every_text_again(tmp_path, counted, monkeypatch):
    detector, _ = counted
    cache = tmp_path / "language.parquet"
    texts = pd.Series(TEXTS[:3])
    assert language.detect_languages(texts, cache_path=cache).tolist() == ["en", "es", "fr"]
    detector.calls.clear()
    language.detect_languages(texts, cache_path=cache)
    assert detector.calls == []
    monkeypatch.setattr(language, "DETECTOR_VERSION", "another")
    language.detect_languages(texts, cache_path=cache)
    assert detector.calls == TEXTS[:3]
    assert len(pd.read_parquet(cache)) == 6  # each version keeps its own entries


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:50]),  # truncated
        lambda path: path.write_text("not parquet at all"),
        lambda path: pd.DataFrame({"text_hash": ["x"], "code": ["en"]}).to_parquet(path),
    ],
    ids=["truncated", "not-parquet", "wrong-columns"],
)
def test_a_damaged_language_cache_is_rebuilt_with_a_warning(tmp_path, counted, damage):
    detector, _ = counted
    cache = tmp_path / "language.parquet"
    language.detect_languages(pd.Series(TEXTS[:2]), cache_path=cache)
    damage(cache)
    detector.calls.clear()
    with pytest.warns(CacheWarning, match=r"^the language cache \(.*\) cannot be read"):
        codes = language.detect_languages(pd.Series(TEXTS[1:3]), cache_path=cache)
    assert codes.tolist() == ["es", "fr"]
    assert detector.calls == TEXTS[1:3]  # the damaged entries are detected again
    rebuilt = pd.read_parquet(cache)
    assert sorted(rebuilt["language"]) == ["es", "fr"]
    detector.calls.clear()
    assert language.detect_languages(pd.Series(TEXTS[1:3]), cache_path=cache).tolist() == [
        "es",
        "fr",
    ]
    assert detector.calls == []


# varied texts: languages, texts too short to tell, repeats, VADER's boosters and negations
MANY = pd.Series(
    [
        text
        for i in range(12)
        for text in (
            f"The deck is sick and the coffee was great, visit number {i}!!",
            f"I do not like the new menu at all, order {i} was not good",
            f"Der Kaffee war wirklich sehr lecker, Besuch Nummer {i}",
            f"Nous avons adoré le croissant, commande numéro {i}",
            "ok 👍",
            f"WORST service EVER :( ticket {i}",
            None,
        )
    ]
)


@pytest.fixture
def parallel(monkeypatch):
    """Work on more than 10 texts in chunks of 7 by 2 worker processes; record each pool."""
    pools = []
    real = sentiment.ProcessPoolExecutor

    def recorded(*args, **kwargs):
        pools.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(sentiment, "ProcessPoolExecutor", recorded)
    monkeypatch.setattr(sentiment, "PARALLEL_MIN_TEXTS", 10)
    monkeypatch.setattr(sentiment, "CHUNK_SIZE", 7)
    monkeypatch.setenv(sentiment.WORKERS_ENV, "2")
    return pools


def test_parallel_detection_and_scoring_give_exactly_the_serial_results(parallel, monkeypatch):
    overrides = {"sick": 3.0}
    monkeypatch.setattr(sentiment, "PARALLEL_MIN_TEXTS", 10**9)
    serial = (
        language.detect_languages(MANY),
        sentiment.score_texts(MANY),
        sentiment.score_texts(MANY, overrides=overrides),
    )
    assert parallel == []  # below the threshold: worked on in this process
    monkeypatch.setattr(sentiment, "PARALLEL_MIN_TEXTS", 10)
    done = []
    in_workers = (
        language.detect_languages(MANY),
        sentiment.score_texts(MANY, progress=lambda *args: done.append(args)),
        sentiment.score_texts(MANY, overrides=overrides),
    )
    assert len(parallel) == 3 and all(pool["max_workers"] == 2 for pool in parallel)
    for got, expected in zip(in_workers, serial, strict=True):
        pd.testing.assert_series_equal(got, expected, check_exact=True)
    languages, plain, overridden = serial
    assert set(languages.dropna()) == {"en", "de", "fr", "und"}
    assert languages.isna().sum() == 12 and plain.isna().sum() == 12
    # the overrides reached the workers: "sick" praises there as here, and not without them
    assert in_workers[2][0] == overridden[0] > 0.5 > plain[0]
    distinct = MANY.dropna().nunique()
    assert done[-1] == (distinct, distinct)  # progress counts chunks as they are done


def _init_count():
    global INITIALIZED
    INITIALIZED = globals().get("INITIALIZED", 0) + 1


def _process_and_initializations(texts):
    return [(os.getpid(), INITIALIZED)] * len(texts)


def test_each_worker_process_is_initialized_once(parallel):
    results = sentiment.map_in_chunks(
        _process_and_initializations, [str(i) for i in range(50)], initializer=_init_count
    )
    assert len(results) == 50
    assert {count for _, count in results} == {1}  # 8 chunks, one initialization per process
    assert 1 <= len({pid for pid, _ in results}) <= 2
    assert os.getpid() not in {pid for pid, _ in results}


def test_the_number_of_workers_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(sentiment.WORKERS_ENV, "3")
    assert sentiment.worker_count() == 3
    for unusable in ("0", "many", ""):
        monkeypatch.setenv(sentiment.WORKERS_ENV, unusable)
        assert sentiment.worker_count() == (os.cpu_count() or 1)


def test_without_a_process_pool_the_chunks_are_worked_on_in_this_process(parallel, monkeypatch):
    def unavailable(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # no sem_open, as on some platforms

    serial = sentiment.score_texts(MANY, overrides={"sick": 3.0})
    monkeypatch.setattr(sentiment, "ProcessPoolExecutor", unavailable)
    done = []
    scores = sentiment.score_texts(
        MANY, overrides={"sick": 3.0}, progress=lambda *args: done.append(args)
    )
    pd.testing.assert_series_equal(scores, serial, check_exact=True)
    distinct = MANY.dropna().nunique()
    assert distinct == 61 and done == [(start, 61) for start in range(0, 61, 7)]  # chunks of 7


def test_a_repeated_index_label_keeps_each_row_its_own_result(tmp_path):
    texts = pd.Series(["ok", None, TEXTS[1], "I love it!"], index=[5, 5, 7, 7])
    codes = language.detect_languages(texts, cache_path=tmp_path / "language.parquet")
    assert codes.index.tolist() == [5, 5, 7, 7]
    assert codes.iloc[[0, 2, 3]].tolist() == ["und", "es", "und"] and pd.isna(codes.iloc[1])
    scores = sentiment.score_texts(texts)
    assert scores.iloc[0] == pytest.approx(0.296) and pd.isna(scores.iloc[1])
    assert scores.iloc[3] == pytest.approx(0.6696)


def test_texts_are_prepared_in_workers_exactly_as_in_this_process(parallel, monkeypatch):
    texts = pd.Series(
        [
            "Love @Northbean's #FlatWhite https://nb.example/x",
            "north bean cold brew is awful #NorthBeanFail",
            "Café at Nørthbean? www.example.org/a.",
        ]
        * 6,
        dtype=object,
    )
    texts = texts + pd.Series([f" {i}" for i in range(len(texts))])  # each text distinct
    terms = ("Northbean", "North Bean", "@northbean")
    monkeypatch.setattr(sentiment, "PARALLEL_MIN_TEXTS", 10**9)
    serial = store._prepare_texts(texts, terms=terms)
    assert parallel == []
    monkeypatch.setattr(sentiment, "PARALLEL_MIN_TEXTS", 10)
    in_workers = store._prepare_texts(texts, terms=terms)
    assert len(parallel) == 1
    for got, expected in zip(in_workers, serial, strict=True):
        pd.testing.assert_series_equal(got, expected, check_exact=True)
    stripped, masked = serial
    assert stripped[0] == "Love 's Flat White 0"
    assert masked[0] == "Love _ 's Flat White _ 0"
    assert masked[1] == "_ cold brew is awful _ Fail 1"
    pd.testing.assert_series_equal(stripped, text.strip_for_language(texts), check_exact=True)
    pd.testing.assert_series_equal(
        masked, text.mask_for_sentiment(texts, terms=terms), check_exact=True
    )
