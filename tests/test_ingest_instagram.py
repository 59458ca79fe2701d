"""The Instagram (Meta Business Suite) post importer: mapping, quirks, rejects, detection."""

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

HEADER = [
    "Post ID",
    "Account ID",
    "Account username",
    "Account name",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Permalink",
    "Post type",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Likes",
    "Shares",
    "Follows",
    "Comments",
    "Saves",
]
NOW = pd.Timestamp("2024-06-01", tz="UTC")

CELLS = st.one_of(
    st.sampled_from(
        ["", "-", "0", "7", "12,400", "-3", "1.5", "2.5%", "abc", "1.05E+18", "Lifetime"]
    ),
    st.sampled_from(["2015-09-30 18:42 +0000", "12/31/2024 14:05:00", "03/15/2024 10:02"]),
    st.text(max_size=12),
)
CONTEXT = ImportContext(brand="Acme", timezone="America/Los_Angeles", now=NOW)


def post(post_id, description, published, kind, *, duration="0", **counts):
    """One export row; the counts default to small whole numbers."""
    values = {
        "views": "100",
        "reach": "80",
        "likes": "10",
        "shares": "2",
        "follows": "1",
        "comments": "3",
        "saves": "4",
    }
    values.update(counts)
    return [
        post_id,
        "17841400000000000",
        "acme.coffee",
        "Acme Coffee",
        description,
        duration,
        published,
        f"https://www.instagram.com/p/{post_id[-4:]}/",
        kind,
        "",
        "Lifetime",
        *values.values(),
    ]


def write_rows(path: Path, rows, *, encoding="utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


ID1 = "17912345678901234"
ID2 = "17912345678901235"
ID3 = "17912345678901236"


@pytest.fixture
def export(tmp_path):
    first = post(
        ID1, "Spring menu ☕", "03/15/2024 10:02", "IG image", views="12,400", reach="9,800"
    )
    rows = [
        HEADER,
        first,
        post(ID2, "Latte art", "01/02/2024 18:30", "IG reel", duration="15", views="1,234,567"),
        post(ID3, "Our team", "11/30/2023 09:00", "IG carousel", saves="-", follows=""),
        post("17912345678901237", "Bad date", "2024-13-45 10:00", "IG image"),
        post("17912345678901238", "Negative", "03/16/2024 10:00", "IG image", likes="-4"),
        list(first),
        post(ID2, "Latte art (edited)", "01/02/2024 18:30", "IG reel", likes="11"),
        post("1.79123E+16", "Rounded", "03/17/2024 10:00", "IG image"),
    ]
    return write_rows(tmp_path / "Mar-01-2024_May-31-2024_1234.csv", rows)


def test_detected_and_mapped(export):
    result = import_file(export, context=CONTEXT)
    posts = result.tables["posts"]
    assert result.format == "instagram-posts"
    assert result.rows_read == 8
    assert result.rows_accepted == 3
    assert result.rows_rejected == 5
    assert posts["post_id"].tolist() == [ID1, ID2, ID3]
    assert posts["source_row"].tolist() == [1, 2, 3]
    assert set(posts["brand"]) == {"Acme"}
    assert set(posts["channel"]) == {"instagram"}
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2024-03-15 17:02", tz="UTC"),  # PDT, UTC-7 (DST began March 10)
        pd.Timestamp("2024-01-03 02:30", tz="UTC"),  # PST, UTC-8
        pd.Timestamp("2023-11-30 17:00", tz="UTC"),
    ]
    assert posts["text"].tolist() == ["Spring menu ☕", "Latte art", "Our team"]
    assert posts["post_type"].tolist() == ["photo", "reel", "carousel"]
    assert posts["impressions"].tolist() == [12400, 1234567, 100]
    assert posts["reach"].tolist() == [9800, 80, 80]
    assert posts["likes"].tolist() == [10, 10, 10]
    assert posts["comments"].tolist() == [3, 3, 3]
    assert posts["shares"].tolist() == [2, 2, 2]
    assert posts["saves"].iloc[:2].tolist() == [4, 4]
    assert pd.isna(posts["saves"].iloc[2])  # '-' is missing, not 0
    assert posts["paid"].isna().all()  # the export does not say
    validate_table(posts, "posts")


def test_other_columns_are_kept(export):
    posts = import_file(export, context=CONTEXT).tables["posts"]
    assert posts["Account username"].tolist() == ["acme.coffee"] * 3
    assert posts["Date"].tolist() == ["Lifetime"] * 3  # kept as text, never read as a date
    assert posts["Duration (sec)"].tolist() == ["0", "15", "0"]
    assert posts["Follows"].iloc[:2].tolist() == [1, 1]
    assert pd.isna(posts["Follows"].iloc[2])
    assert "Views" not in posts.columns  # it is impressions
    assert "Post ID" not in posts.columns


def test_rejects_name_row_column_and_reason(export):
    result = import_file(export, context=CONTEXT)
    assert result.rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {
            "row": 4,
            "column": "Publish time",
            "value": "2024-13-45 10:00",
            "reason": "unparseable date (expected month/day/year and time, like 03/15/2024 10:02)",
        },
        {"row": 5, "column": "Likes", "value": "-4", "reason": "negative count"},
        {
            "row": 6,
            "column": "(whole row)",
            "value": "6",
            "reason": "duplicate row (an identical row came earlier)",
        },
        {
            "row": 7,
            "column": "post_id+brand+channel",
            "value": ID2,
            "reason": "duplicate id (the first row with it is kept)",
        },
        {
            "row": 8,
            "column": "Post ID",
            "value": "1.79123E+16",
            "reason": "id rounded to a number by a spreadsheet (digits lost; use the original export)",
        },
    ]
    assert set(result.rejects["file"]) == {"Mar-01-2024_May-31-2024_1234.csv"}


def test_future_date_is_rejected(tmp_path):
    rows = [HEADER, post(ID1, "Soon", "07/01/2024 10:00", "IG image")]
    result = import_file(write_rows(tmp_path / "ig.csv", rows, encoding="utf-8"), context=CONTEXT)
    assert result.rows_rejected == 1
    assert result.rejects["reason"].tolist() == ["date in the future"]


def test_missing_required_column_names_file_and_column(tmp_path):
    keep = [i for i, name in enumerate(HEADER) if name != "Publish time"]
    rows = [[r[i] for i in keep] for r in (HEADER, post(ID1, "x", "", "IG image"))]
    with pytest.raises(InputError) as caught:
        import_file(write_rows(tmp_path / "ig_posts.csv", rows))
    message = str(caught.value)
    assert message.startswith("ig_posts.csv: missing required column 'Publish time'")
    assert "expected columns: Post ID, Account ID, Account username" in message


def test_sniffer_is_specific():
    def sample(columns):
        return Sample(Path("f.csv"), tuple(c.lower() for c in columns), (), {})

    assert sniff_instagram_posts(sample(HEADER))
    assert not sniff_facebook_posts(sample(HEADER))
    assert not sniff_tweet_activity(sample(HEADER))
    for signature in SIGNATURES.values():
        assert not sniff_instagram_posts(sample(signature))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, min_size=len(HEADER), max_size=len(HEADER)), max_size=6))
def test_any_cells_give_rows_or_one_input_error(tmp_path, rows):
    path = write_rows(tmp_path / "ig_posts.csv", [HEADER, *rows])
    try:
        result = import_file(path, context=CONTEXT)
    except InputError:
        return
    assert result.rows_read == len(rows)
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    validate_table(result.tables["posts"], "posts")
