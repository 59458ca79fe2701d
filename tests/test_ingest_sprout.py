import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronr.errors import InputError
from ronr.ingest import ImportContext, Sample, import_file
from ronr.ingest.generic import SIGNATURES
from ronr.ingest.readers import sample_file
from ronr.ingest.sprout import (
    NETWORK_NAMES,
    POST_COLUMNS,
    PROFILE_COLUMNS,
    sniff_posts,
    sniff_profiles,
)
from ronr.schema import validate_table

NOW = pd.Timestamp("2026-01-31", tz="UTC")
CONTEXT = ImportContext(brand="Ledgerly", timezone="America/New_York", now=NOW)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=columns, restval="", extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


FACEBOOK = {
    "Date": "12/31/2025 2:05 pm",
    "Post ID": "1234567890_111",
    "Network": "Facebook",
    "Post Type": "Post",
    "Content Type": "Photo",
    "Profile": "Ledgerly",
    "Sent by": "Ana Ruiz",
    "Post": "Happy new year, friends",
    "Impressions": "12,400",
    "Paid Impressions": "2,400",
    "Reach": "9,800",
    "Engagements": "530",
    "Reactions": "410",
    "Likes": "395",
    "Comments": "35",
    "Shares": "20",
    "Saves": "-",
    "Click-Through Rate": "1.2%",
    "Post Clicks (All)": "65",
    "Video Views": "-",
    "Engagement Rate (per Impression)": "4.27%",
    "Engagement Rate (per Reach)": "5.41%",
    "Tags": "launch, promo",
    "Custom Field": "keep me",
}
INSTAGRAM = {
    "Date": "7/4/2025 9:30 am",  # summer time: UTC-4
    "Post ID": "17900000000000001",
    "Network": "Instagram",
    "Post Type": "Post",
    "Content Type": "Carousel",
    "Profile": "ledgerly",
    "Impressions": "8,000",
    "Paid Impressions": "0",
    "Reach": "6,500",
    "Reactions": "-",
    "Likes": "1,024",  # no reactions on Instagram: likes are the likes
    "Comments": "12",
    "Saves": "88",
    "Click-Through Rate": "0.5%",
}
POST_ROWS = [
    FACEBOOK,
    INSTAGRAM,
    {  # 2:30 am does not exist on 9 March 2025 in New York: moved to 3:00 EDT
        "Date": "3/9/2025 2:30 am",
        "Post ID": "1890000000000000003",
        "Network": "Twitter/X",
        "Post Type": "Tweet",
        "Profile": "@ledgerly",
        "Impressions": "2,000",
        "Paid Impressions": "-",
        "Likes": "30",
    },
    {  # 24-hour clock; 1:30 happens twice on 2 November 2025: the first (EDT) is taken
        "Date": "11/2/2025 01:30",
        "Post ID": "urn:li:share:44",
        "Network": "LinkedIn",
        "Content Type": "Link",
        "Profile": "Ledgerly",
        "Impressions": "1,500",
        "Reactions": "15",
    },
    {**FACEBOOK, "Post ID": "p5", "Network": "Pinterest"},
    {**FACEBOOK, "Post ID": "p6", "Date": "2025-13-45 10:00"},
    {**FACEBOOK, "Post ID": "p7", "Comments": "-3"},
    FACEBOOK,  # an exact repeat
    {**INSTAGRAM, "Impressions": "9,000"},  # same post id, other numbers
    {**FACEBOOK, "Post ID": "p10", "Click-Through Rate": "high"},
    {**FACEBOOK, "Post ID": ""},
]


def test_post_performance_maps_posts_and_rejects(tmp_path):
    path = write_csv(tmp_path / "sprout_posts.csv", [*POST_COLUMNS, "Custom Field"], POST_ROWS)
    result = import_file(path, context=CONTEXT)
    assert result.format == "sprout-posts"
    posts = result.tables["posts"]
    validate_table(posts, "posts")

    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (11, 4, 7)
    assert len(posts) == result.rows_accepted
    assert posts["post_id"].tolist() == [
        "1234567890_111",
        "17900000000000001",
        "1890000000000000003",
        "urn:li:share:44",
    ]
    assert posts["channel"].tolist() == ["facebook", "instagram", "x", "linkedin"]
    assert set(posts["brand"]) == {"Ledgerly"}
    assert posts["source_row"].tolist() == [1, 2, 3, 4]
    assert set(posts["source_file"]) == {"sprout_posts.csv"}
    # local New York times to UTC: EST -5, EDT -4
    assert posts["published_at"].tolist() == [
        ts("2025-12-31 19:05"),
        ts("2025-07-04 13:30"),
        ts("2025-03-09 07:00"),
        ts("2025-11-02 05:30"),
    ]
    assert posts["text"].iloc[0] == "Happy new year, friends"
    assert posts["post_type"].tolist() == ["photo", "carousel", "tweet", "link"]
    assert posts["impressions"].tolist() == [12400, 8000, 2000, 1500]
    assert posts["reach"].iloc[:2].tolist() == [9800, 6500] and posts["reach"].iloc[2:].isna().all()
    assert posts["likes"].tolist() == [410, 1024, 30, 15]  # Reactions, else Likes
    assert posts["comments"].iloc[:2].tolist() == [35, 12]
    assert posts["shares"].iloc[0] == 20
    assert pd.isna(posts["saves"].iloc[0]) and posts["saves"].iloc[1] == 88  # "-" is not 0
    assert posts["clicks"].iloc[0] == 65
    assert posts["video_views"].isna().all()
    assert posts["paid"].iloc[:2].tolist() == [True, False] and posts["paid"].iloc[2:].isna().all()
    assert posts["ctr"].iloc[:2].tolist() == pytest.approx([0.012, 0.005])
    assert posts["engagement_rate"].iloc[0] == pytest.approx(0.0427)
    assert posts["engagement_rate_per_reach"].iloc[0] == pytest.approx(0.0541)
    assert posts["Tags"].iloc[0] == "launch, promo"
    assert posts["Custom Field"].iloc[0] == "keep me"  # an unknown column is kept
    assert posts["Likes"].iloc[0] == "395"  # the likes that Reactions replaced are kept as text
    assert posts["Post Type"].iloc[0] == "Post"

    rejects = result.rejects.sort_values("row").reset_index(drop=True)
    assert set(rejects["file"]) == {"sprout_posts.csv"}
    assert rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {"row": 5, "column": "Network", "value": "Pinterest",
         "reason": f"unknown network 'Pinterest' (expected one of {NETWORK_NAMES})"},
        {"row": 6, "column": "Date", "value": "2025-13-45 10:00",
         "reason": "unparseable date (expected a date like '12/31/2025 2:05 pm')"},
        {"row": 7, "column": "Comments", "value": "-3", "reason": "negative count"},
        {"row": 8, "column": "(whole row)", "value": "8",
         "reason": "duplicate row (an identical row came earlier)"},
        {"row": 9, "column": "post_id+brand+channel", "value": "17900000000000001",
         "reason": "duplicate id (the first row with it is kept)"},
        {"row": 10, "column": "Click-Through Rate", "value": "high", "reason": "not a number"},
        {"row": 11, "column": "Post ID", "value": "", "reason": "missing value"},
    ]  # fmt: skip
    assert NETWORK_NAMES == "Facebook, Instagram, Twitter/X, LinkedIn, TikTok, YouTube"


def test_post_performance_missing_column_is_one_clear_error(tmp_path):
    columns = [c for c in POST_COLUMNS if c != "Date"]
    path = write_csv(tmp_path / "posts.csv", columns, [{"Post ID": "1", "Network": "Facebook"}])
    with pytest.raises(InputError) as error:
        import_file(path, context=CONTEXT)
    message = str(error.value)
    assert message.startswith(
        "posts.csv: missing required column 'Date' for a Sprout Social post performance export"
    )
    assert "(expected columns: Date, Post ID, Network, Post Type," in message


PROFILE_ROWS = [
    ["12/30/2025", "Facebook", "Ledgerly", "12,000", "10", "12", "2", "5,000"],
    ["12/30/2025", "Facebook", "Ledgerly Support", "800", "1", "1", "0", "300"],
    ["12/30/2025", "Instagram", "ledgerly", "4,500", "5", "6", "1", "2,000"],
    ["12/31/2025", "Facebook", "Ledgerly", "12,010", "10", "11", "1", "4,000"],
    ["12/31/2025", "Facebook", "Ledgerly Support", "-5", "0", "0", "0", "100"],
    ["12/31/2025", "Threads", "ledgerly", "100", "1", "1", "0", "50"],
    ["12/31/2025", "Instagram", "ledgerly", "4,510", "10", "10", "0", "2,100"],
    ["12/31/2025", "Instagram", "ledgerly", "4,510", "10", "10", "0", "2,100"],
    ["12/32/2025", "Instagram", "ledgerly", "4,511", "1", "1", "0", "10"],
    ["12/31/2025", "Instagram", "ledgerly", "4,520", "20", "20", "0", "2,200"],
]


def test_profile_performance_sums_profiles_of_a_network(tmp_path):
    rows = [dict(zip(PROFILE_COLUMNS, row, strict=True)) for row in PROFILE_ROWS]
    path = write_csv(tmp_path / "sprout_profiles.csv", list(PROFILE_COLUMNS), rows)
    result = import_file(path, context=CONTEXT)
    assert result.format == "sprout-profiles"
    followers = result.tables["followers"]
    validate_table(followers, "followers")

    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (10, 5, 5)
    assert followers[["channel", "date", "followers", "source_row"]].to_dict("records") == [
        {"channel": "facebook", "date": ts("2025-12-30"), "followers": 12800, "source_row": 1},
        {"channel": "instagram", "date": ts("2025-12-30"), "followers": 4500, "source_row": 3},
        {"channel": "facebook", "date": ts("2025-12-31"), "followers": 12010, "source_row": 4},
        {"channel": "instagram", "date": ts("2025-12-31"), "followers": 4510, "source_row": 7},
    ]
    assert followers["Profile"].tolist() == [
        "Ledgerly; Ledgerly Support",
        "ledgerly",
        "Ledgerly",
        "ledgerly",
    ]
    assert followers["Impressions"].iloc[0] == "5,000; 300"
    assert set(followers["source_file"]) == {"sprout_profiles.csv"}

    rejects = result.rejects.sort_values("row")
    assert rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {"row": 5, "column": "Followers", "value": "-5", "reason": "negative count"},
        {"row": 6, "column": "Network", "value": "Threads",
         "reason": f"unknown network 'Threads' (expected one of {NETWORK_NAMES})"},
        {"row": 8, "column": "(whole row)", "value": "8",
         "reason": "duplicate row (an identical row came earlier)"},
        {"row": 9, "column": "Date", "value": "12/32/2025",
         "reason": "unparseable date (expected a date like '12/31/2025')"},
        {"row": 10, "column": "Profile+channel+date", "value": "ledgerly",
         "reason": "duplicate id (the first row with it is kept)"},
    ]  # fmt: skip


def test_profile_performance_one_profile_keeps_columns_as_they_are(tmp_path):
    rows = [dict(zip(PROFILE_COLUMNS, row, strict=True)) for row in PROFILE_ROWS[2:4]]
    path = write_csv(tmp_path / "profiles.csv", list(PROFILE_COLUMNS), rows)
    followers = import_file(path, context=CONTEXT).tables["followers"]
    assert followers["followers"].tolist() == [4500, 12010]
    assert followers["Net Follower Growth"].tolist() == ["5", "10"]


def test_profile_performance_missing_column_is_one_clear_error(tmp_path):
    columns = [c for c in PROFILE_COLUMNS if c != "Followers"]
    path = write_csv(tmp_path / "profiles.csv", columns, [{"Date": "12/31/2025"}])
    with pytest.raises(InputError) as error:
        import_file(path, context=CONTEXT)
    assert str(error.value) == (
        "profiles.csv: missing required column 'Followers' for a Sprout Social profile "
        "performance export (expected columns: Date, Network, Profile, Followers, "
        "Net Follower Growth, Followers Gained, Followers Lost, Impressions); 'Followers' is "
        "also read as 'Audience', 'Follower', 'Zielgruppe', 'Publikum', 'Abonnés', "
        "'Seguidores', 'Audiencia', 'Público', 'Audiência', 'Pubblico'"
    )


def test_sniffers_claim_only_their_exports(tmp_path):
    posts = sample_file(write_csv(tmp_path / "p.csv", list(POST_COLUMNS), [FACEBOOK]))
    profiles = sample_file(
        write_csv(tmp_path / "f.csv", list(PROFILE_COLUMNS), [{"Date": "12/31/2025"}])
    )
    assert sniff_posts(posts) and not sniff_profiles(posts)
    assert sniff_profiles(profiles) and not sniff_posts(profiles)
    for columns in SIGNATURES.values():
        generic = Sample(Path("generic.csv"), tuple(columns), (",".join(columns),), {})
        assert not sniff_posts(generic) and not sniff_profiles(generic)
    excel = Sample(Path("posts.xlsx"), posts.header, (), {"Sheet1": [list(POST_COLUMNS)]})
    assert sniff_posts(excel)  # a workbook is read like the CSV (ronr.ingest.readers)


CELLS = st.one_of(
    st.sampled_from(
        ["", "-", "0", "7", "12,400", "-3", "1.5", "2.5%", "abc", "1e20", "inf", "Facebook"]
    ),
    st.sampled_from(["12/31/2025 2:05 pm", "12/31/2025", "3/9/2025 2:30 am", "1/1/0001 1:00 am"]),
    st.text(max_size=12),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    posts=st.lists(st.lists(CELLS, min_size=8, max_size=8), max_size=6),
    profiles=st.lists(st.lists(CELLS, min_size=8, max_size=8), max_size=6),
)
def test_any_cells_give_rows_or_one_input_error(tmp_path, posts, profiles):
    post_columns = ["Date", "Post ID", "Network", "Profile", "Impressions", "Reactions", "Likes"]
    post_columns.append("Click-Through Rate")
    for name, columns, rows, table in (
        ("posts.csv", post_columns, posts, "posts"),
        ("profiles.csv", list(PROFILE_COLUMNS), profiles, "followers"),
    ):
        path = write_csv(
            tmp_path / name, columns, [dict(zip(columns, r, strict=True)) for r in rows]
        )
        try:
            result = import_file(path, context=CONTEXT)
        except InputError:
            continue
        assert result.rows_read == result.rows_accepted + result.rows_rejected
        assert len(result.tables[table]) <= result.rows_accepted
        validate_table(result.tables[table], table)


def test_a_post_export_saved_as_a_workbook_reads_like_the_csv(tmp_path):
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    columns = list(POST_COLUMNS)
    sheet.append(columns)
    # the Date as text (as Sprout writes it) and as a real date cell (as Excel re-saves it)
    for row, date in (
        (FACEBOOK, "12/31/2025 2:05 pm"),
        (INSTAGRAM, datetime.datetime(2025, 7, 4, 9, 30)),
    ):
        sheet.append([date if c == "Date" else row.get(c, "") for c in columns])
    path = tmp_path / "sprout_posts.xlsx"
    book.save(path)
    result = import_file(path, context=CONTEXT)
    assert (result.format, result.rows_read, result.rows_accepted) == ("sprout-posts", 2, 2)
    posts = result.tables["posts"].set_index("post_id")
    # 2:05 pm in New York (EST, UTC-5) and 9:30 am (EDT, UTC-4)
    assert posts.loc["1234567890_111", "published_at"] == ts("2025-12-31 19:05")
    assert posts.loc["17900000000000001", "published_at"] == ts("2025-07-04 13:30")
    assert posts.loc["1234567890_111", "impressions"] == 12400
