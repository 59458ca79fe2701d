"""Tests of the synthetic demo clients: format, determinism and every planted signal.

The signals are checked in the raw export tables with plain pandas (and VADER for sentiment),
reading what to look for from the spec, the way an analyst would find them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ronr import cli
from ronr.config import load_config
from ronr.demo import (
    DEMO_CLIENTS,
    DEMO_SPECS,
    EXPORT_COLUMNS,
    NULL_DEMO_CLIENTS,
    NULL_DEMO_SPECS,
    DemoSpec,
    ensure_demo_client,
    generate_client,
    generate_demo,
    load_spec,
    null_name,
    null_spec,
)
from ronr.demo.audience import channel_audiences
from ronr.demo.load import SPECS_DIR
from ronr.errors import RonrError
from ronr.schema import DERIVED_COLUMNS, PROVENANCE_COLUMNS, TABLES, validate_table

SCALE = 0.03
SEED = 2025
TABLE_NAMES = ("posts", "mentions", "responses", "audience", "followers")
ID_COLUMNS = {"post_id": str, "mention_id": str, "in_reply_to": str, "response_id": str}
ISO_UTC = r"^2025-\d\d-\d\dT\d\d:\d\d:\d\dZ$"
ISO_DATE = r"^2025-\d\d-\d\d$"
COUNT_COLUMNS = ("impressions", "reach", "likes", "comments", "shares", "saves", "clicks")
COUNT_COLUMNS += ("video_views", "followers_at_post")

_VADER = SentimentIntensityAnalyzer()


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The five export tables of a client folder, ids as strings, timestamps parsed."""
    tables = {
        name: pd.read_csv(folder / "exports" / f"{name}.csv", dtype=ID_COLUMNS)
        for name in TABLE_NAMES
    }
    for name, col in (("posts", "published_at"), ("mentions", "created_at")):
        tables[name][col] = pd.to_datetime(tables[name][col], utc=True)
    tables["responses"]["created_at"] = pd.to_datetime(tables["responses"]["created_at"], utc=True)
    return tables


def compound(texts: pd.Series) -> pd.Series:
    return texts.map(lambda t: _VADER.polarity_scores(t)["compound"])


def client_mentions(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    mentions = tables["mentions"]
    return mentions[mentions["brand"] == spec.brand.name]


def engagement_rate(posts: pd.DataFrame) -> pd.Series:
    return (posts["likes"] + posts["comments"] + posts["shares"]) / posts["reach"]


# --- the checks of each planted signal (also usable on a full-scale demo) ----------------------


def check_underserved_channel(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> None:
    channel = spec.signals.underserved_channel
    assert spec.effort_shares()[channel] <= 0.1
    assert min(spec.effort_shares().values()) == spec.effort_shares()[channel]
    audience = tables["audience"]
    for as_of, snapshot in audience.groupby("as_of"):
        for dim, target in spec.target_market.items():
            rows = snapshot[snapshot["dimension"] == dim]
            fit = {
                ch: 1
                - 0.5
                * sum(
                    abs(group.set_index("bucket")["share"].get(b, 0.0) - share)
                    for b, share in target.items()
                )
                for ch, group in rows.groupby("channel")
            }
            assert max(fit, key=fit.get) == channel, (as_of, dim, fit)


def check_hashtags(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> None:
    sig = spec.signals
    posts = tables["posts"]
    fb = posts[(posts["brand"] == spec.brand.name) & (posts["channel"] == sig.hashtag_channel)]
    tagged = fb["text"].str.contains("#", regex=False)
    assert 0.25 <= tagged.mean() <= 0.55
    rate = engagement_rate(fb)
    assert rate[tagged].mean() < 0.75 * rate[~tagged].mean()
    # elsewhere hashtags carry no penalty (rates relative to their channel and post type)
    rest = posts[(posts["brand"] == spec.brand.name) & (posts["channel"] != sig.hashtag_channel)]
    relative = engagement_rate(rest) / engagement_rate(rest).groupby(
        [rest["channel"], rest["post_type"]]
    ).transform("mean")
    rest_tagged = rest["text"].str.contains("#", regex=False)
    assert 0.2 < rest_tagged.mean() < 0.9
    assert 0.85 < relative[rest_tagged].mean() / relative[~rest_tagged].mean() < 1.18


def check_weekend_responses(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> None:
    sig = spec.signals
    responses = tables["responses"]
    mentions = tables["mentions"].set_index("mention_id")
    first = responses.groupby("mention_id")["created_at"].min()
    asked = mentions.loc[first.index, "created_at"]
    delay = (first - asked).dt.total_seconds() / 3600
    assert (delay > 0).all()
    local = asked.dt.tz_convert(spec.timezone)
    minutes = local.dt.hour * 60 + local.dt.minute
    weekday = local.dt.day_of_week < 5
    in_hours = weekday & (minutes >= 9 * 60) & (minutes < 17 * 60 + 30)
    weekend = local.dt.day_of_week >= 5
    fast, slow = delay[in_hours].median(), delay[weekend].median()
    assert in_hours.sum() >= 10 and weekend.sum() >= 3
    assert 0.6 * sig.weekday_response_hours <= fast <= 1.6 * sig.weekday_response_hours
    assert 12 <= slow <= 30  # ≈ 20 h (small samples at small scales)
    assert slow >= 5 * fast
    # response rate among mentions of the client that need an answer (questions, negatives)
    own = client_mentions(spec, tables)
    own = own[own["kind"] != "share"]
    needs = own["text"].str.rstrip().str.endswith("?") | (compound(own["text"]) <= -0.05)
    answered = own.loc[needs, "mention_id"].isin(responses["mention_id"])
    assert 0.7 <= answered.mean() <= 0.9
    # the client answers nothing else and nobody else answers
    answered_ids = set(responses["mention_id"])
    assert answered_ids <= set(own["mention_id"])
    assert (responses["author"] == spec.brand.handles[0]).all()


def check_incident(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> None:
    incident = spec.signals.incident
    own = client_mentions(spec, tables).copy()
    own["day"] = own["created_at"].dt.date
    days = pd.Index(pd.date_range("2025-01-01", "2025-12-31").date)
    per_day = own.groupby("day").size().reindex(days, fill_value=0)
    window = pd.Index(incident.dates)
    usual = per_day.drop(window).mean()
    burst = per_day.reindex(window, fill_value=0)
    assert 6 <= burst.mean() / usual <= 10
    assert (burst >= 4 * usual).all()
    in_window = own[own["day"].isin(window)]
    negative = compound(in_window["text"]) <= -0.05
    assert negative.mean() >= 0.6
    # the keyword is the incident's: nearly every mention using it falls in the window
    keyword = own["text"].str.contains(rf"\b{incident.keyword}", case=False, regex=True)
    assert keyword.sum() >= 10
    assert own.loc[keyword, "day"].isin(window).mean() >= 0.9
    assert (
        not tables["mentions"]
        .loc[tables["mentions"]["brand"] != spec.brand.name, "text"]
        .str.contains(rf"\b{incident.keyword}", case=False, regex=True)
        .any()
    )
    # the day is a negative spike: above the trailing 7-day mean + 2 sigma
    neg_day = own.loc[compound(own["text"]) <= -0.05].groupby("day").size()
    neg_day = neg_day.reindex(days, fill_value=0)
    trailing = neg_day.shift(1).rolling(7)
    threshold = trailing.mean() + 2 * trailing.std()
    assert neg_day[incident.start] > threshold[incident.start]


def check_superfans(spec: DemoSpec, tables: dict[str, pd.DataFrame], scale: float) -> None:
    sig = spec.signals
    own = client_mentions(spec, tables)
    counts = own["author"].value_counts()
    fans = list(sig.superfans)
    assert 6 <= len(fans) <= 10
    assert set(counts.index[: len(fans)]) == set(fans)
    assert (counts[fans] >= sig.superfan_count(scale)).all()
    assert counts.drop(fans).max() < 0.6 * counts[fans].min()
    by_fans = own[own["author"].isin(fans)]
    months = by_fans.groupby("author")["created_at"].apply(lambda s: s.dt.month.nunique())
    assert (months >= 6).all()
    assert (compound(by_fans["text"]) >= 0.05).mean() >= 0.7
    assert (by_fans["kind"] == "share").mean() >= 0.3


def check_resonant_type(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> None:
    sig = spec.signals
    posts = tables["posts"]
    own = posts[posts["brand"] == spec.brand.name].assign(rate=engagement_rate)
    compared = 0
    for channel, group in own.groupby("channel"):
        hit = group["post_type"] == sig.resonant_post_type
        if hit.sum() >= 3 and (~hit).sum() >= 3:
            assert group.loc[hit, "rate"].mean() >= 1.5 * group.loc[~hit, "rate"].mean(), channel
            compared += 1
    assert compared >= 1


def check_hostile(spec: DemoSpec, tables: dict[str, pd.DataFrame]) -> None:
    sig = spec.signals
    mentions = tables["mentions"]
    row = mentions[mentions["mention_id"] == sig.hostile_mention_id]
    assert len(row) == 1
    assert row["text"].iloc[0] == sig.hostile_text
    assert sig.hostile_text.startswith("<script>alert(1)</script>")
    assert row["brand"].iloc[0] == spec.brand.name
    assert compound(row["text"]).iloc[0] <= -0.05
    assert mentions["text"].str.contains("<script>", regex=False).sum() == 1


def check_all_signals(spec: DemoSpec, tables: dict[str, pd.DataFrame], scale: float) -> None:
    check_underserved_channel(spec, tables)
    check_hashtags(spec, tables)
    check_weekend_responses(spec, tables)
    check_incident(spec, tables)
    check_superfans(spec, tables, scale)
    check_resonant_type(spec, tables)
    check_hostile(spec, tables)


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("data")
    folders = generate_demo(data_dir, seed=SEED, scale=SCALE)
    assert folders == [data_dir / "clients" / name for name in DEMO_CLIENTS]
    return data_dir


@pytest.fixture(scope="module")
def demo_tables(demo_dir: Path) -> dict[str, dict[str, pd.DataFrame]]:
    return {name: read_tables(demo_dir / "clients" / name) for name in DEMO_CLIENTS}


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- format ------------------------------------------------------------------------------------


def test_specs_cover_the_demo_clients() -> None:
    assert DEMO_CLIENTS == ("demo-coffee", "demo-software", "demo-fashion")
    assert set(DEMO_SPECS) == set(DEMO_CLIENTS)
    for spec in DEMO_SPECS.values():
        assert spec.signals.underserved_channel in spec.channels
        assert spec.signals.hashtag_channel in spec.channels
        assert any(spec.signals.resonant_post_type in spec.post_types[ch] for ch in spec.channels)
        assert 2 <= len(spec.competitors) <= 3
        assert abs(sum(b.mention_share for b in spec.brands) - 1) < 1e-9
        assert 3 <= spec.signals.incident.days <= 4


# --- spec files --------------------------------------------------------------------------------


def test_spec_files_hold_the_specs() -> None:
    assert sorted(p.stem for p in SPECS_DIR.glob("*.yaml")) == sorted(DEMO_CLIENTS)
    coffee = load_spec(SPECS_DIR / "demo-coffee.yaml")
    assert coffee == DEMO_SPECS["demo-coffee"]
    assert coffee.channels == ("facebook", "instagram", "x", "tiktok")
    assert coffee.effort == {"facebook": 12.0, "instagram": 14.0, "x": 8.0, "tiktok": 3.0}
    assert coffee.followers["tiktok"] == (8900, 17400)
    assert coffee.channel_weights["instagram"] == 0.35
    assert coffee.brand.tone == (0.45, 0.28, 0.15, 0.08, 0.04)  # in the order of the tones
    assert coffee.signals.incident.start == dt.date(2025, 6, 12)
    assert coffee.signals.incident.profile == (0.29, 0.27, 0.24, 0.2)
    # 13 foreign mentions, each posted 3 times
    assert len(coffee.foreign) == 39 and coffee.foreign[:13] == coffee.foreign[13:26]
    assert coffee.foreign[0] == (
        "es",
        "positive",
        "Me encanta el flat white de Northbean, el mejor de Londres",
    )
    # audiences are derived: 80% target and 20% platform on the under-served channel (tiktok),
    # 35% and 65% elsewhere
    assert coffee.audience["tiktok"]["gender"] == {"female": 0.616, "male": 0.364, "other": 0.02}
    assert coffee.audience["x"]["gender"] == {"female": 0.438, "male": 0.542, "other": 0.02}


def _edited_spec(tmp_path: Path, old: str, new: str, name: str = "demo-coffee.yaml") -> Path:
    text = (SPECS_DIR / "demo-coffee.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_whole_numbers_in_a_spec_are_read_as_floats(tmp_path: Path) -> None:
    # client.yaml writes the effort as it is read: 12 would come out as "12", not "12.0"
    spec = load_spec(_edited_spec(tmp_path, "effort: 12.0", "effort: 12"))
    assert spec == DEMO_SPECS["demo-coffee"]
    assert isinstance(spec.effort["facebook"], float)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "underserved_channel: tiktok",
            "underserved_channel: myspace",
            "signals.underserved_channel: expected one of facebook, instagram, x, tiktok, "
            "not 'myspace'",
        ),
        ("industry: coffee chain\n", "", "spec: missing industry"),
        (
            "seed_offset: 101",
            "seed_offset: 101.5",
            "seed_offset: expected a whole number, not 101.5",
        ),
        (
            "profile: [0.29, 0.27, 0.24, 0.2]",
            "profile: [0.29, 0.27, 0.24, 0.3]",
            "signals.incident.profile: adds up to 1.1, not 1",
        ),
        (
            "gender: {female: 0.62, male: 0.36, other: 0.02}",
            "gender: {male: 0.36, female: 0.62, other: 0.02}",
            "target_market.gender: expected the buckets female, male, other, in this order",
        ),
        (
            "handles: ['@dailygrind']",
            "handles: [dailygrind]",
            "competitors.0.handles.0: handle 'dailygrind' should look like '@name'",
        ),
        (
            "    - [de, neutral, Kurze Kaffeepause bei Northbean am Bahnhof]",
            "    - [de, neutral]",
            "foreign.mentions.12: expected a list of 3, not ['de', 'neutral']",
        ),
    ],
)
def test_a_wrong_spec_value_is_named_with_its_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(RonrError) as wrong:
        load_spec(_edited_spec(tmp_path, old, new))
    assert str(wrong.value) == f"demo-coffee.yaml: {message}"


def test_a_spec_is_named_like_its_file(tmp_path: Path) -> None:
    path = _edited_spec(tmp_path, "name: demo-coffee", "name: demo-coffee", "demo-tea.yaml")
    with pytest.raises(RonrError) as wrong:
        load_spec(path)
    assert str(wrong.value) == "demo-tea.yaml: name: is 'demo-coffee' but the file is demo-tea.yaml"


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    first = generate_client("demo-software", tmp_path / "a", seed=7, scale=0.02)
    again = generate_client("demo-software", tmp_path / "b", seed=7, scale=0.02)
    other = generate_client("demo-software", tmp_path / "c", seed=8, scale=0.02)
    assert len(_digests(first)) == 6
    assert _digests(first) == _digests(again)
    changed = {k for k, v in _digests(first).items() if _digests(other)[k] != v}
    assert {"exports/mentions.csv", "exports/posts.csv", "exports/responses.csv"} <= changed


def test_config_loads_and_matches_the_spec(demo_dir: Path) -> None:
    for name, spec in DEMO_SPECS.items():
        config = load_config(demo_dir / "clients" / name / "client.yaml")
        assert config.client == name
        assert config.display_name == spec.display_name
        assert config.brand_names == [b.name for b in spec.brands]
        assert config.brand.handles[0].startswith("@")
        assert set(config.effort) == set(spec.channels)
        assert config.effort_shares() == pytest.approx(spec.effort_shares())
        for dim, buckets in config.target_market.items():
            assert sum(buckets.values()) == pytest.approx(1, abs=1e-9), dim
        assert {"age", "gender", "country"} <= set(config.target_market)
        assert config.business_hours.timezone == spec.timezone
        assert config.business_hours.days == ["mon", "tue", "wed", "thu", "fri"]
        assert str(config.business_hours.start) == "09:00:00"
        assert str(config.business_hours.end) == "17:30:00"
        assert str(config.period.start) == "2025-01-01" and str(config.period.end) == "2025-12-31"
        assert config.responses.target_hours > 0
    software = load_config(demo_dir / "clients" / "demo-software" / "client.yaml")
    assert {"job_function", "seniority"} <= set(software.target_market)


def test_every_export_has_the_canonical_header(demo_dir: Path) -> None:
    dropped = PROVENANCE_COLUMNS | DERIVED_COLUMNS
    for name in DEMO_CLIENTS:
        for table in TABLE_NAMES:
            path = demo_dir / "clients" / name / "exports" / f"{table}.csv"
            header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
            expected = [c for c in TABLES[table].columns if c not in dropped]
            assert header == expected == list(EXPORT_COLUMNS[table])


def test_exports_validate_against_the_canonical_schemas(demo_dir: Path) -> None:
    exports = demo_dir / "clients" / "demo-coffee" / "exports"
    for table, schema in TABLES.items():
        frame = pd.read_csv(
            exports / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""]
        )
        for col, column in schema.columns.items():
            if col not in frame:
                continue
            dtype = str(column.dtype)
            if dtype.startswith("datetime64"):
                frame[col] = pd.to_datetime(frame[col], utc=True)
            elif dtype == "boolean":
                frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
            elif dtype in ("Int64", "float64"):
                frame[col] = pd.to_numeric(frame[col]).astype(dtype)
        frame["source_file"] = f"{table}.csv"
        frame["source_row"] = pd.array(range(1, len(frame) + 1), dtype="Int64")
        assert len(validate_table(frame, table)) == len(frame)


def test_timestamps_are_iso_utc(demo_dir: Path) -> None:
    for name in DEMO_CLIENTS:
        exports = demo_dir / "clients" / name / "exports"
        raw = {t: pd.read_csv(exports / f"{t}.csv", dtype=str) for t in TABLE_NAMES}
        assert raw["posts"]["published_at"].str.match(ISO_UTC).all()
        assert raw["mentions"]["created_at"].str.match(ISO_UTC).all()
        assert raw["responses"]["created_at"].str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$").all()
        assert raw["audience"]["as_of"].str.match(ISO_DATE).all()
        assert raw["followers"]["date"].str.match(ISO_DATE).all()
        for table, col in (("posts", "published_at"), ("mentions", "created_at")):
            parsed = pd.to_datetime(raw[table][col], utc=True)
            assert str(parsed.dt.tz) == "UTC"
        assert set(raw["audience"]["as_of"]) == {
            "2025-03-31",
            "2025-06-30",
            "2025-09-30",
            "2025-12-31",
        }
        assert set(raw["posts"]["paid"].dropna()) <= {"true", "false"}


def test_counts_are_valid(demo_tables: dict[str, dict[str, pd.DataFrame]]) -> None:
    for name, tables in demo_tables.items():
        spec = DEMO_SPECS[name]
        posts = tables["posts"]
        for col in COUNT_COLUMNS:
            values = posts[col].dropna()
            assert (values >= 0).all() and (values == values.round()).all(), col
        both = posts.dropna(subset=["reach", "impressions"])
        assert (both["reach"] <= both["impressions"]).all()
        own = posts["brand"] == spec.brand.name
        assert (
            posts.loc[own, ["impressions", "reach", "likes", "followers_at_post"]]
            .notna()
            .all()
            .all()
        )
        # competitors: public counts only (missing is not 0)
        assert posts.loc[~own, ["reach", "impressions", "clicks"]].isna().all().all()
        assert posts.loc[~own, ["likes", "comments", "shares"]].notna().all().all()
        has_saves = posts["channel"].isin(["instagram", "tiktok"]) & own
        assert posts.loc[has_saves, "saves"].notna().all()
        assert posts.loc[~has_saves, "saves"].isna().all()
        is_video = posts["post_type"].isin(["video", "reel"])
        assert posts.loc[is_video, "video_views"].notna().all()
        assert posts.loc[~is_video, "video_views"].isna().all()
        engagement = posts["likes"] + posts["comments"] + posts["shares"]
        assert (engagement[own] / posts.loc[own, "reach"]).between(0.002, 0.3).all()
        assert (tables["mentions"]["author_followers"] >= 0).all()
        followers = tables["followers"]
        assert (followers["followers"] >= 0).all()
        assert followers.groupby("channel").size().eq(365).all()
        for channel, series in followers.groupby("channel"):
            assert series["followers"].iloc[-1] > series["followers"].iloc[0], channel


def test_posts_are_channel_appropriate(demo_tables: dict[str, dict[str, pd.DataFrame]]) -> None:
    allowed = {
        "facebook": {"photo", "video", "link", "status"},
        "instagram": {"photo", "carousel", "reel"},
        "x": {"status", "photo", "video", "link"},
        "tiktok": {"video"},
        "linkedin": {"status", "photo", "link", "video", "document"},
        "youtube": {"video"},
    }
    for name, tables in demo_tables.items():
        spec = DEMO_SPECS[name]
        posts = tables["posts"]
        assert set(posts["brand"]) == {b.name for b in spec.brands}
        assert set(posts["channel"]) == set(spec.channels)
        for channel, group in posts.groupby("channel"):
            assert set(group["post_type"]) <= allowed[channel]
        assert not posts.duplicated(["brand", "channel", "post_id"]).any()
        own = posts[posts["brand"] == spec.brand.name]
        per_month = own.groupby(["channel", own["published_at"].dt.month]).size()
        assert per_month.min() >= 3 and len(per_month) == 12 * len(spec.channels)
        competitors = posts[posts["brand"] != spec.brand.name]
        assert len(competitors) / len(spec.competitors) < len(own)
        local_hour = posts["published_at"].dt.tz_convert(spec.timezone).dt.hour
        assert local_hour.between(7, 21).all()
        # followers_at_post of the client's posts come from the followers series
        followers = tables["followers"].assign(day=lambda f: f["date"].astype(str))
        key = own.assign(day=own["published_at"].dt.strftime("%Y-%m-%d"))
        merged = key.merge(followers, on=["channel", "day"], how="left")
        assert (merged["followers_at_post"] == merged["followers"]).all()


def test_audience_shares_add_up_to_one(demo_tables: dict[str, dict[str, pd.DataFrame]]) -> None:
    for name, tables in demo_tables.items():
        spec = DEMO_SPECS[name]
        audience = tables["audience"]
        assert audience["share"].between(0, 1).all()
        totals = audience.groupby(["channel", "dimension", "as_of"])["share"].sum()
        assert np.allclose(totals, 1, atol=1e-6)
        assert set(audience["channel"]) == set(spec.channels)
        assert set(audience["dimension"]) == set(spec.target_market)
    dims = set(demo_tables["demo-software"]["audience"]["dimension"])
    assert {"job_function", "seniority", "country"} <= dims


def test_mentions_look_like_social_media(demo_tables: dict[str, dict[str, pd.DataFrame]]) -> None:
    for name, tables in demo_tables.items():
        spec = DEMO_SPECS[name]
        mentions = tables["mentions"]
        assert len(mentions) == spec.mention_counts(SCALE)["total"]
        assert mentions["mention_id"].is_unique
        assert set(mentions["brand"]) == {b.name for b in spec.brands}
        assert set(mentions["kind"]) == {"mention", "comment", "reply", "review", "share"}
        assert set(mentions["channel"]) == set(spec.channels)
        assert mentions["author"].str.match(r"^@[\w.]+$").all()
        assert mentions["author"].nunique() >= 200
        assert mentions["url"].str.startswith("https://").all()
        client_share = (mentions["brand"] == spec.brand.name).mean()
        assert 0.35 <= client_share <= 0.6  # super-fans weigh more at small scales
        questions = mentions["text"].str.endswith("?").mean()
        assert 0.08 <= questions <= 0.2
        # comments and replies answer an earlier post of the same brand on the same channel
        posts = tables["posts"].set_index("post_id")
        linked = mentions[mentions["kind"].isin(["comment", "reply"])]
        assert linked["in_reply_to"].notna().all()
        assert (
            mentions.loc[~mentions["kind"].isin(["comment", "reply"]), "in_reply_to"].isna().all()
        )
        target = posts.loc[linked["in_reply_to"]]
        assert (target["brand"].to_numpy() == linked["brand"].to_numpy()).all()
        assert (target["channel"].to_numpy() == linked["channel"].to_numpy()).all()
        assert (target["published_at"].to_numpy() <= linked["created_at"].to_numpy()).all()
        # daytime pattern: the small hours are quiet
        assert mentions["created_at"].dt.hour.between(1, 5).mean() < 0.08
        # heavy-tailed author followers
        followers = mentions.drop_duplicates("author")["author_followers"]
        assert followers.max() > 50 * followers.median()
        # a few dozen mentions in Spanish, French and German
        foreign = mentions["text"].isin([text for _, _, text in spec.foreign])
        assert foreign.sum() == len(spec.foreign) >= 24
        assert {lang for lang, _, _ in spec.foreign} == {"es", "fr", "de"}


def test_responses_follow_their_mentions(demo_tables: dict[str, dict[str, pd.DataFrame]]) -> None:
    for name, tables in demo_tables.items():
        spec = DEMO_SPECS[name]
        responses = tables["responses"]
        assert responses["response_id"].is_unique
        joined = responses.merge(
            tables["mentions"], on="mention_id", suffixes=("", "_mention"), how="left"
        )
        assert (joined["brand"] == spec.brand.name).all()
        assert (joined["channel"] == joined["channel_mention"]).all()
        assert (joined["created_at"] > joined["created_at_mention"]).all()


def test_full_scale_coffee_has_100k_mentions(tmp_path: Path) -> None:
    spec = DEMO_SPECS["demo-coffee"]
    counts = spec.mention_counts(1.0)
    assert counts["total"] >= 100_000
    for other in DEMO_SPECS.values():
        full = other.mention_counts(1.0)
        client = full["total"] - sum(full[b.name] for b in other.competitors)
        assert 0.38 <= client / full["total"] <= 0.5, other.name
    assert 20_000 <= DEMO_SPECS["demo-software"].mention_counts()["total"] <= 30_000
    assert 30_000 <= DEMO_SPECS["demo-fashion"].mention_counts()["total"] <= 40_000
    folder = generate_client("demo-coffee", tmp_path, scale=1.0)
    mentions = pd.read_csv(folder / "exports" / "mentions.csv", usecols=["author", "brand"])
    assert len(mentions) == counts["total"]
    assert mentions["author"].nunique() >= 10_000
    per_author = mentions[mentions["brand"] == spec.brand.name].groupby("author").size()
    assert per_author.median() <= 2  # a long tail of occasional authors
    assert per_author.nlargest(8).index.sort_values().tolist() == sorted(spec.signals.superfans)


# --- planted signals ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_underserved_channel(name: str, demo_tables) -> None:
    check_underserved_channel(DEMO_SPECS[name], demo_tables[name])


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_hashtags_underperform_on_facebook(name: str, demo_tables) -> None:
    check_hashtags(DEMO_SPECS[name], demo_tables[name])


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_weekend_responses_are_slow(name: str, demo_tables) -> None:
    check_weekend_responses(DEMO_SPECS[name], demo_tables[name])


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_incident_spike(name: str, demo_tables) -> None:
    check_incident(DEMO_SPECS[name], demo_tables[name])


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_superfans(name: str, demo_tables) -> None:
    check_superfans(DEMO_SPECS[name], demo_tables[name], SCALE)


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_resonant_post_type(name: str, demo_tables) -> None:
    check_resonant_type(DEMO_SPECS[name], demo_tables[name])


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_hostile_mention_is_kept(name: str, demo_tables) -> None:
    check_hostile(DEMO_SPECS[name], demo_tables[name])


def test_signals_hold_for_another_seed(tmp_path: Path) -> None:
    spec = DEMO_SPECS["demo-fashion"]
    folder = generate_client(spec.name, tmp_path, seed=99, scale=SCALE)
    check_all_signals(spec, read_tables(folder), SCALE)


# --- null clients: every signal switched off ---------------------------------------------------

# sha256 over each demo client's files (seed 2025, scale 0.02), taken before the null clients
# were added: switching signals off for them must not move one draw of the demo clients.
# Change these only with a change meant to change the demo data, and say so.
DEMO_DIGESTS = {
    "demo-coffee": "aec50f08af3dd15c1ceba8b17fd53202e1a13e8129551d3d9b40405a3e769ead",
    "demo-software": "57228d77936fc651b476c91a023835b6e6a0354aacc30a6a3ce6475092a0518d",
    "demo-fashion": "695097ff9fa3ff1130a5c5b03bc07a5ce415000b76af5d80acb62a88d6fb4696",
}


def _folder_digest(folder: Path) -> str:
    return hashlib.sha256(repr(sorted(_digests(folder).items())).encode()).hexdigest()


@pytest.fixture(scope="module")
def null_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, pd.DataFrame]]:
    data_dir = tmp_path_factory.mktemp("null")
    folders = generate_demo(data_dir, seed=SEED, scale=SCALE, clients=NULL_DEMO_CLIENTS)
    assert [f.name for f in folders] == [f"{name}-null" for name in DEMO_CLIENTS]
    return {name: read_tables(data_dir / "clients" / null_name(name)) for name in DEMO_CLIENTS}


def test_demo_clients_are_byte_identical_to_before_the_null_clients(tmp_path: Path) -> None:
    folders = generate_demo(tmp_path, seed=SEED, scale=0.02)
    assert {f.name: _folder_digest(f) for f in folders} == DEMO_DIGESTS


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_a_null_spec_switches_every_signal_off(name: str) -> None:
    spec = DEMO_SPECS[name]
    null = NULL_DEMO_SPECS[f"{name}-null"]
    assert null == null_spec(spec) and null.name == null_name(name) == f"{name}-null"
    assert null.display_name == f"{spec.display_name} (no signals)"
    sig = null.signals
    assert sig.underserved_channel is None
    assert sig.hashtag_penalty == 0.0 and sig.hashtag_share == spec.signals.hashtag_share
    assert sig.weekend_response_hours is None
    assert sig.incident is None
    assert sig.superfans == ()
    assert sig.resonant_lift == 1.0
    # the hostile mention stays: it checks escaping, it is no finding
    assert sig.hostile_text == spec.signals.hostile_text
    # an equal split of the effort, exactly: the effort-gap rule compares with 1 / n
    assert set(null.effort_shares().values()) == {1 / len(spec.channels)}
    assert null.audience == channel_audiences(spec.target_market, spec.channels, None)
    # everything else is the demo client's, its random stream included
    assert (
        dataclasses.replace(
            null,
            name=spec.name,
            display_name=spec.display_name,
            effort=spec.effort,
            audience=spec.audience,
            signals=spec.signals,
        )
        == spec
    )
    counts, demo = null.mention_counts(SCALE), spec.mention_counts(SCALE)
    assert counts["superfans"] == counts["incident"] == counts["aftermath"] == 0
    planted = demo["superfans"] + demo["incident"] + demo["aftermath"]
    assert counts["total"] == demo["total"] - planted


def test_the_null_coffee_spec_in_numbers() -> None:
    null = NULL_DEMO_SPECS["demo-coffee-null"]
    # 12 + 14 + 8 + 3 = 37 hours a week: 9.25, in whole hours
    assert null.effort == {"facebook": 9.0, "instagram": 9.0, "x": 9.0, "tiktok": 9.0}
    # tiktok now mixes in its platform at 65% like the others: 0.35·0.62 + 0.65·0.60 = 0.607
    assert null.audience["tiktok"]["gender"] == {"female": 0.607, "male": 0.373, "other": 0.02}
    assert null.audience["x"] == DEMO_SPECS["demo-coffee"].audience["x"]
    assert null.mention_counts(SCALE)["total"] == 3040


@pytest.mark.parametrize("name", DEMO_CLIENTS)
def test_a_null_client_has_no_planted_signal_in_its_data(
    name: str, null_tables, demo_tables
) -> None:
    spec, tables, demo = DEMO_SPECS[name], null_tables[name], demo_tables[name]
    sig = spec.signals
    # the demo client's twin: the same posts (ids, times, types, texts), other engagement
    same = ["post_id", "published_at", "post_type", "text", "paid"]
    assert tables["posts"][same].equals(demo["posts"][same])
    own = client_mentions(spec, tables)
    # no incident: its keyword nowhere, and the followers do not dip (the demo's dip is 0.4%)
    assert not tables["mentions"]["text"].str.contains(sig.incident.keyword, case=False).any()
    followers = tables["followers"].set_index(["channel", "date"])["followers"]
    dipped = demo["followers"].set_index(["channel", "date"])["followers"]
    gap = (followers - dipped).groupby(level="channel").max()
    expected = pd.Series({ch: 0.004 * spec.followers[ch][0] for ch in spec.channels})
    assert (abs(gap - expected.reindex(gap.index)) <= 1).all()
    # no super-fans: nobody mentions the client 20 times
    assert not own["author"].isin(sig.superfans).any()
    assert own["author"].value_counts().max() < 10
    # hashtags on Facebook as often as in the demo, at no cost
    posts = tables["posts"]
    fb = posts[(posts["brand"] == spec.brand.name) & (posts["channel"] == sig.hashtag_channel)]
    tagged = fb["text"].str.contains("#", regex=False)
    assert 0.25 <= tagged.mean() <= 0.55
    rate = engagement_rate(fb)
    assert 0.8 <= rate[tagged].mean() / rate[~tagged].mean() <= 1.25
    # the formerly resonant type earns like the others on its channels
    mine = posts[posts["brand"] == spec.brand.name].assign(rate=engagement_rate)
    for channel, group in mine.groupby("channel"):
        hit = group["post_type"] == sig.resonant_post_type
        if hit.sum() >= 3 and (~hit).sum() >= 3:
            ratio = group.loc[hit, "rate"].mean() / group.loc[~hit, "rate"].mean()
            assert 0.8 <= ratio <= 1.25, channel
    # weekend mentions are answered as promptly as those in business hours (median 1.5 h)
    first = tables["responses"].groupby("mention_id")["created_at"].min()
    asked = tables["mentions"].set_index("mention_id").loc[first.index, "created_at"]
    delay = (first - asked).dt.total_seconds() / 3600
    local = asked.dt.tz_convert(spec.timezone)
    minutes = local.dt.hour * 60 + local.dt.minute
    in_hours = (local.dt.day_of_week < 5) & (minutes >= 9 * 60) & (minutes < 17 * 60 + 30)
    weekend = local.dt.day_of_week >= 5
    for median in (delay[in_hours].median(), delay[weekend].median()):
        assert 0.9 <= median <= 2.0
    # the hostile mention stays
    check_hostile(spec, tables)


def test_a_null_client_is_named_apart_and_says_so(tmp_path: Path) -> None:
    folder = generate_client("demo-software-null", tmp_path, scale=0.02)
    assert folder == tmp_path / "clients" / "demo-software-null"
    assert not (tmp_path / "clients" / "demo-software").exists()
    config = load_config(folder / "client.yaml")
    assert config.client == "demo-software-null"
    assert config.display_name == "Ledgerly (no signals)"
    assert set(config.effort_shares().values()) == {0.25}
    header = (folder / "client.yaml").read_text(encoding="utf-8").split("\n")[:3]
    assert header == [
        "# Ledgerly (no signals): the synthetic ronr demo client demo-software with every "
        "planted signal switched off.",
        "# Generated by ronr.demo (seed 2025, scale 0.02); see ronr.demo.null.",
        "# Regenerate rather than edit.",
    ]
    assert ensure_demo_client("demo-software-null", tmp_path) == folder


def test_demo_with_null_also_writes_the_null_clients(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.app, ["demo", "--null", "--scale", "0.02", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    clients = tmp_path.resolve() / "clients"
    assert result.stdout.splitlines() == [
        f"Wrote {clients / name}" for name in (*DEMO_CLIENTS, *NULL_DEMO_CLIENTS)
    ]
    # the demo clients are the ones `ronr demo` writes without --null
    digests = {name: _folder_digest(clients / name) for name in DEMO_CLIENTS}
    assert digests == DEMO_DIGESTS


# --- helpers -----------------------------------------------------------------------------------


def test_ensure_demo_client_generates_only_when_missing(tmp_path: Path) -> None:
    folder = ensure_demo_client("demo-fashion", tmp_path, scale=0.02)
    assert (folder / "client.yaml").is_file()
    marker = folder / "exports" / "posts.csv"
    marker.write_text("edited\n", encoding="utf-8")
    assert ensure_demo_client("demo-fashion", tmp_path, scale=0.02) == folder
    assert marker.read_text(encoding="utf-8") == "edited\n"
    (folder / "client.yaml").unlink()
    ensure_demo_client("demo-fashion", tmp_path, scale=0.02)
    assert marker.read_text(encoding="utf-8").startswith("brand,channel,post_id,")


def test_render_generates_a_named_demo_client_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading never generates, so `ronr render demo-x` generates a missing demo client itself."""
    generated = []

    def small(name: str, data_dir: Path) -> Path:
        generated.append(name)
        return ensure_demo_client(name, data_dir, scale=0.02)

    rendered = []
    monkeypatch.setattr("ronr.demo.ensure_demo_client", small)
    monkeypatch.setattr(cli, "_render_and_report", lambda names, **_: rendered.append(names))
    runner = CliRunner()
    result = runner.invoke(cli.app, ["render", "demo-software", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert generated == ["demo-software"] and rendered == [["demo-software"]]
    folder = tmp_path.resolve() / "clients" / "demo-software"
    assert (folder / "client.yaml").is_file()
    assert result.stdout.splitlines() == [
        f"Generating the demo client demo-software (not in {folder.parent} yet; "
        "`ronr demo` generates them all)",
        f"Wrote {folder}",
    ]
    # once there, it is rendered as it is; an unknown name is still an error
    result = runner.invoke(cli.app, ["render", "demo-software", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0 and result.stdout == "" and generated == ["demo-software"]
    result = runner.invoke(cli.app, ["render", "demo-tea", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "unknown client 'demo-tea'" in result.output


def test_render_generates_a_named_null_client_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = []

    def small(name: str, data_dir: Path) -> Path:
        generated.append(name)
        return ensure_demo_client(name, data_dir, scale=0.02)

    monkeypatch.setattr("ronr.demo.ensure_demo_client", small)
    monkeypatch.setattr(cli, "_render_and_report", lambda names, **_: None)
    runner = CliRunner()
    result = runner.invoke(cli.app, ["render", "demo-fashion-null", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert generated == ["demo-fashion-null"]
    assert (tmp_path / "clients" / "demo-fashion-null" / "client.yaml").is_file()
    result = runner.invoke(cli.app, ["render", "demo-tea-null", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "unknown client 'demo-tea-null'" in result.output


def test_unknown_client_and_bad_scale_raise(tmp_path: Path) -> None:
    with pytest.raises(RonrError, match="demo-coffee") as unknown:
        generate_client("demo-tea", tmp_path)
    assert str(unknown.value) == (
        "unknown demo client 'demo-tea'; choose one of demo-coffee, demo-software, demo-fashion "
        "(or their null clients demo-coffee-null, demo-software-null, demo-fashion-null)"
    )
    with pytest.raises(RonrError, match="demo-tea"):
        generate_demo(tmp_path, clients=("demo-coffee", "demo-tea"))
    assert not (tmp_path / "clients").exists()
    with pytest.raises(RonrError, match="scale"):
        generate_client("demo-coffee", tmp_path, scale=0)
