"""The X/Twitter tweet activity importer: mapping, quirks, rejects, detection."""

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronr.errors import InputError
from ronr.ingest import ImportContext, Sample, import_file
from ronr.ingest.facebook import sniff_facebook_posts
from ronr.ingest.generic import SIGNATURES
from ronr.ingest.instagram import sniff_instagram_posts
from ronr.ingest.x_activity import sniff_tweet_activity
from ronr.schema import validate_table

METRICS = [
    "impressions",
    "engagements",
    "engagement rate",
    "retweets",
    "replies",
    "likes",
    "user profile clicks",
    "url clicks",
    "hashtag clicks",
    "detail expands",
    "permalink clicks",
    "app opens",
    "app installs",
    "follows",
    "email tweet",
    "dial phone",
    "media views",
    "media engagements",
]
HEADER = [
    "Tweet id",
    "Tweet permalink",
    "Tweet text",
    "time",
    *METRICS,
    *(f"promoted {m}" for m in METRICS),
]
DEFAULTS = {
    "impressions": "100",
    "engagements": "10",
    "engagement rate": "0.1",
    "retweets": "1",
    "replies": "2",
    "likes": "3",
    "user profile clicks": "1",
    "url clicks": "2",
    "hashtag clicks": "0",
    "detail expands": "4",
    "permalink clicks": "1",
    "app opens": "0",
    "app installs": "0",
    "follows": "0",
    "email tweet": "0",
    "dial phone": "0",
    "media views": "0",
    "media engagements": "0",
}
NOW = pd.Timestamp("2016-01-01", tz="UTC")

CELLS = st.one_of(
    st.sampled_from(
        ["", "-", "0", "7", "12,400", "-3", "1.5", "2.5%", "abc", "1.05E+18", "Lifetime"]
    ),
    st.sampled_from(["2015-09-30 18:42 +0000", "12/31/2024 14:05:00", "03/15/2024 10:02"]),
    st.text(max_size=12),
)


def tweet(tweet_id, text, time, *, promoted=None, **metrics):
    """One export row: organic defaults overridden by ``metrics``, promoted cells '-'."""
    row = {
        "Tweet id": tweet_id,
        "Tweet permalink": f"https://twitter.com/acme/status/{tweet_id}",
        "Tweet text": text,
        "time": time,
    }
    row.update(DEFAULTS)
    row.update({k.replace("_", " "): v for k, v in metrics.items()})
    row.update({f"promoted {m}": "-" for m in METRICS})
    row.update({f"promoted {k.replace('_', ' ')}": v for k, v in (promoted or {}).items()})
    return row


def write_csv(path: Path, header, rows) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: v for k, v in row.items() if k in header})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_rows(path: Path, rows) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


ID1 = "1049271234567890123"
ID2 = "1049271234567890124"
ID3 = "1049271234567890125"
ID4 = "1049271234567890126"
ID5 = "1049271234567890127"


@pytest.fixture
def activity(tmp_path):
    first = tweet(ID1, "Read our story https://t.co/abc", "2015-09-30 18:42 +0000")
    rounded = tweet(ID5, "Rounded by a spreadsheet", "2015-10-03 07:00 +0000")
    rounded["Tweet id"] = "1.04927E+18"  # the permalink still holds the real id
    rows = [
        first,
        tweet(
            ID2,
            "New flavour!",
            "2015-10-01 09:15 +0200",
            impressions="12,400",
            media_views="40",
            promoted={"impressions": "500", "engagements": "25", "url clicks": "7"},
        ),
        tweet(ID3, "Good morning", "2015-10-02 08:00 +0000", url_clicks="-"),
        tweet(ID4, "Bad date", "31/31/2015 18:42"),
        tweet("1049271234567890200", "Negative", "2015-10-02 10:00 +0000", retweets="-2"),
        dict(first),  # an exact repeat
        tweet(ID3, "Good morning (edited)", "2015-10-02 08:00 +0000", likes="9"),
        rounded,
    ]
    return write_csv(tmp_path / "tweet_activity_metrics_acme.csv", HEADER, rows)


def test_detected_and_mapped(activity):
    result = import_file(activity, context=ImportContext(brand="Acme", now=NOW))
    posts = result.tables["posts"]
    assert result.format == "x-tweet-activity"
    assert result.rows_read == 8
    assert result.rows_accepted == 4
    assert result.rows_rejected == 4
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    assert posts["post_id"].tolist() == [ID1, ID2, ID3, ID5]  # text, all 19 digits kept
    assert posts["source_row"].tolist() == [1, 2, 3, 8]
    assert set(posts["brand"]) == {"Acme"}
    assert set(posts["channel"]) == {"x"}
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2015-09-30 18:42", tz="UTC"),
        pd.Timestamp("2015-10-01 07:15", tz="UTC"),  # +0200 converted
        pd.Timestamp("2015-10-02 08:00", tz="UTC"),
        pd.Timestamp("2015-10-03 07:00", tz="UTC"),
    ]
    assert posts["impressions"].tolist() == [100, 12400, 100, 100]
    assert posts["likes"].tolist() == [3, 3, 3, 3]
    assert posts["comments"].tolist() == [2, 2, 2, 2]
    assert posts["shares"].tolist() == [1, 1, 1, 1]
    # url 2 + profile 1 + hashtag 0 + detail expands 4 + permalink 1 = 8; row 3 has no url clicks
    assert posts["clicks"].iloc[[0, 1, 3]].tolist() == [8, 8, 8]
    assert pd.isna(posts["clicks"].iloc[2])
    assert posts["video_views"].tolist() == [0, 40, 0, 0]
    assert posts["post_type"].tolist() == ["link", "media", "status", "status"]
    assert posts["paid"].tolist() == [False, True, False, False]
    assert posts["reach"].isna().all()  # not in this export: missing, not 0
    assert posts["text"].iloc[0] == "Read our story https://t.co/abc"


def test_original_columns_are_kept(activity):
    posts = import_file(activity, context=ImportContext(brand="Acme", now=NOW)).tables["posts"]
    assert posts["url clicks"].iloc[:2].tolist() == [2, 2]
    assert pd.isna(posts["url clicks"].iloc[2])
    assert posts["detail expands"].tolist() == [4, 4, 4, 4]
    assert posts["engagement rate"].tolist() == [0.1, 0.1, 0.1, 0.1]
    assert posts["promoted impressions"].iloc[1] == 500
    assert posts["promoted url clicks"].iloc[1] == 7
    assert pd.isna(posts["promoted impressions"].iloc[0])  # '-' is missing, not 0
    assert posts["Tweet permalink"].iloc[0] == f"https://twitter.com/acme/status/{ID1}"
    assert "Tweet id" not in posts.columns  # it is post_id
    assert str(posts["url clicks"].dtype) == "Int64"


def test_rejects_name_row_column_and_reason(activity):
    rejects = import_file(activity, context=ImportContext(now=NOW)).rejects
    assert rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {
            "row": 4,
            "column": "time",
            "value": "31/31/2015 18:42",
            "reason": "unparseable date (expected a time like 2015-09-30 18:42 +0000)",
        },
        {"row": 5, "column": "retweets", "value": "-2", "reason": "negative count"},
        {
            "row": 6,
            "column": "(whole row)",
            "value": "6",
            "reason": "duplicate row (an identical row came earlier)",
        },
        {
            "row": 7,
            "column": "post_id+brand+channel",
            "value": ID3,
            "reason": "duplicate id (the first row with it is kept)",
        },
    ]
    assert set(rejects["file"]) == {"tweet_activity_metrics_acme.csv"}


def test_favorites_header_and_times_without_offset(tmp_path):
    header = [h for h in HEADER[:22] if h != "likes"] + ["favorites"]  # no promoted columns
    row = tweet(ID1, "Hello", "2014-06-01 09:00", favorites="17")
    path = write_csv(tmp_path / "old.csv", header, [row])
    context = ImportContext(brand="Acme", timezone="Europe/Berlin", now=NOW)
    result = import_file(path, context=context)
    posts = result.tables["posts"]
    assert result.format == "x-tweet-activity"
    assert posts["likes"].tolist() == [17]
    assert posts["published_at"].tolist() == [pd.Timestamp("2014-06-01 07:00", tz="UTC")]
    assert posts["paid"].isna().all()  # no promoted columns: unknown, not False
    assert "favorites" not in posts.columns


def test_unrecoverable_id_and_future_date(tmp_path):
    rows = [
        tweet(ID1, "Later", "2016-03-01 10:00 +0000"),
        tweet(ID2, "Rounded", "2015-10-01 10:00 +0000"),
    ]
    rows[1]["Tweet id"] = "1.04927E+18"
    rows[1]["Tweet permalink"] = ""
    result = import_file(
        write_csv(tmp_path / "x.csv", HEADER, rows), context=ImportContext(now=NOW)
    )
    assert result.rows_accepted == 0
    assert result.rejects["reason"].tolist() == [
        "date in the future",
        "not a tweet id (expected digits only; a spreadsheet may have rounded it to 1.05E+18)",
    ]
    assert result.rejects["row"].tolist() == [1, 2]


def test_missing_required_column_names_file_and_column(tmp_path):
    header = [h for h in HEADER if h != "time"]
    path = write_csv(tmp_path / "no_time.csv", header, [tweet(ID1, "Hi", "")])
    with pytest.raises(InputError) as caught:
        import_file(path)
    message = str(caught.value)
    assert message.startswith("no_time.csv: missing required column 'time'")
    assert "expected columns: Tweet id, Tweet permalink, Tweet text, time" in message


def test_sniffer_is_specific(activity):
    def sample(columns):
        return Sample(Path("f.csv"), tuple(c.lower() for c in columns), (), {})

    assert sniff_tweet_activity(sample(HEADER))
    assert not sniff_facebook_posts(sample(HEADER))
    assert not sniff_instagram_posts(sample(HEADER))
    for signature in SIGNATURES.values():
        assert not sniff_tweet_activity(sample(signature))
    conversation = (
        "tweet_id",
        "author_id",
        "inbound",
        "created_at",
        "text",
        "response_tweet_id",
        "in_response_to_tweet_id",
    )
    assert not sniff_tweet_activity(sample(conversation))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, min_size=len(HEADER), max_size=len(HEADER)), max_size=6))
def test_any_cells_give_rows_or_one_input_error(tmp_path, rows):
    path = write_rows(tmp_path / "tweet_activity.csv", [HEADER, *rows])
    try:
        result = import_file(path, context=ImportContext(now=NOW))
    except InputError:
        return
    assert result.rows_read == len(rows)
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    validate_table(result.tables["posts"], "posts")
