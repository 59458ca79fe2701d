"""The Facebook page post importer: two header rows, repeated names, rejects, detection."""

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

STORIES = "Lifetime Post Stories by action type"
TALKING = "Lifetime Talking About This (Post) by action type"
# (name, definition) in file order; two names are repeated (a total and a unique variant)
COLUMNS = [
    ("Post ID", "The unique identifier of the post."),
    ("Permalink", "The link to the post."),
    ("Post Message", "The text of the post."),
    ("Type", "The type of the post."),
    ("Countries", "The countries the post was targeted to."),
    ("Languages", "The languages the post was targeted to."),
    ("Posted", "The time the post was published, in the Page's time zone."),
    ("Audience Targeting", "Whether the post was targeted."),
    (
        "Lifetime Post Total Reach",
        "Lifetime: The number of people who saw your Page post. (Unique Users)",
    ),
    (
        "Lifetime Post organic reach",
        "Lifetime: People who saw it through unpaid distribution. (Unique Users)",
    ),
    (
        "Lifetime Post Paid Reach",
        "Lifetime: People who saw it through paid distribution. (Unique Users)",
    ),
    ("Lifetime Post Total Impressions", "Lifetime: Times your Page post was seen. (Total Count)"),
    ("Lifetime Post Organic Impressions", "Lifetime: Unpaid times it was seen. (Total Count)"),
    ("Lifetime Post Paid Impressions", "Lifetime: Paid times it was seen. (Total Count)"),
    (
        "Lifetime Engaged Users",
        "Lifetime: People who clicked anywhere in your post. (Unique Users)",
    ),
    (
        "Lifetime Post Consumers",
        "Lifetime: People who clicked anywhere in your post. (Unique Users)",
    ),
    ("Lifetime Post Consumptions", "Lifetime: Clicks anywhere in your post. (Total Count)"),
    ("Lifetime Negative Feedback", "Lifetime: Negative actions taken on your post. (Total Count)"),
    ("Lifetime Negative Feedback", "Lifetime: People who took a negative action. (Unique Users)"),
    ("Lifetime Post Total Impressions", "Lifetime: People who saw your post. (Unique Users)"),
    (f"{STORIES} - like", "Lifetime: Stories about your post, by action type. (Total Count)"),
    (f"{STORIES} - comment", "Lifetime: Stories about your post, by action type. (Total Count)"),
    (f"{STORIES} - share", "Lifetime: Stories about your post, by action type. (Total Count)"),
    (f"{TALKING} - share", "Lifetime: People who created a story, by action type. (Unique Users)"),
    (f"{TALKING} - like", "Lifetime: People who created a story, by action type. (Unique Users)"),
    (
        f"{TALKING} - comment",
        "Lifetime: People who created a story, by action type. (Unique Users)",
    ),
]
NOW = pd.Timestamp("2025-06-01", tz="UTC")

CELLS = st.one_of(
    st.sampled_from(
        ["", "-", "0", "7", "12,400", "-3", "1.5", "2.5%", "abc", "1.05E+18", "Lifetime"]
    ),
    st.sampled_from(["2015-09-30 18:42 +0000", "12/31/2024 14:05:00", "03/15/2024 10:02"]),
    st.text(max_size=12),
)
CONTEXT = ImportContext(brand="Acme", timezone="America/New_York", now=NOW)


def post(post_id, message, kind, posted, **metrics):
    """One data row (cells in COLUMNS order); metrics default to small whole numbers."""
    values = {
        "reach": "1200",
        "organic": "1000",
        "paid": "200",
        "impressions": "3000",
        "organic_impressions": "2600",
        "paid_impressions": "400",
        "engaged": "90",
        "consumers": "45",
        "consumptions": "60",
        "negative": "2",
        "negative_unique": "1",
        "impressions_unique": "2500",
        "like": "80",
        "comment": "12",
        "share": "5",
        "t_share": "4",
        "t_like": "70",
        "t_comment": "10",
    }
    values.update(metrics)
    return [
        post_id,
        f"https://www.facebook.com/acme/posts/{post_id.split('_')[1]}",
        message,
        kind,
        "US",
        "",
        posted,
        "",
        *values.values(),
    ]


def write_rows(path: Path, rows) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


NAMES = [name for name, _ in COLUMNS]
DEFINITIONS = [definition for _, definition in COLUMNS]


@pytest.fixture
def export(tmp_path):
    first = post("123_1001", "Happy new year!", "Photo", "12/31/2024 14:05:00")
    rows = [
        NAMES,
        DEFINITIONS,
        first,
        post(
            "123_1002",
            "Read this",
            "Link",
            "07/04/2024 09:30:00",
            reach="12,400",
            paid="0",
            like="-",
        ),
        post("123_1003", "Day first", "Status", "31/12/2024 14:05:00"),
        post("123_1004", "Negative", "Video", "12/01/2024 10:00:00", consumers="-5"),
        list(first),
        post("123_1002", "Read this (again)", "Link", "07/04/2024 09:30:00", like="99"),
        post("123_1007", "", "Video", "11/03/2024 01:30:00"),
    ]
    return write_rows(tmp_path / "Facebook Insights Data Export (Post Level).csv", rows)


def test_detected_and_mapped(export):
    result = import_file(export, context=CONTEXT)
    posts = result.tables["posts"]
    assert result.format == "facebook-posts"
    assert result.rows_read == 7  # the definition row is a header line
    assert result.rows_accepted == 3
    assert result.rows_rejected == 4
    assert posts["post_id"].tolist() == ["123_1001", "123_1002", "123_1007"]
    assert posts["source_row"].tolist() == [1, 2, 7]  # row 1 is the first real post
    assert set(posts["brand"]) == {"Acme"}
    assert set(posts["channel"]) == {"facebook"}
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2024-12-31 19:05", tz="UTC"),  # EST, UTC-5
        pd.Timestamp("2024-07-04 13:30", tz="UTC"),  # EDT, UTC-4
        pd.Timestamp("2024-11-03 05:30", tz="UTC"),  # 01:30 happened twice: the first (EDT)
    ]
    assert posts["text"].iloc[0] == "Happy new year!"
    assert pd.isna(posts["text"].iloc[2])
    assert posts["post_type"].tolist() == ["photo", "link", "video"]
    assert posts["reach"].tolist() == [1200, 12400, 1200]
    assert posts["impressions"].tolist() == [3000, 3000, 3000]  # the first of the two columns
    assert posts["likes"].iloc[[0, 2]].tolist() == [80, 80]  # Stories, not Talking About This
    assert pd.isna(posts["likes"].iloc[1])  # '-' is missing, not 0
    assert posts["comments"].tolist() == [12, 12, 12]
    assert posts["shares"].tolist() == [5, 5, 5]
    assert posts["clicks"].tolist() == [45, 45, 45]
    assert posts["paid"].tolist() == [True, False, True]
    validate_table(posts, "posts")


def test_repeated_names_and_extras_are_kept(export):
    posts = import_file(export, context=CONTEXT).tables["posts"]
    assert posts["Lifetime Post Total Impressions.1"].tolist() == ["2500", "2500", "2500"]
    assert posts["Lifetime Negative Feedback"].tolist() == ["2", "2", "2"]
    assert posts["Lifetime Negative Feedback.1"].tolist() == ["1", "1", "1"]
    assert posts["Lifetime Post Paid Reach"].tolist() == [200, 0, 200]
    assert posts[f"{TALKING} - like"].tolist() == ["70", "70", "70"]
    assert posts["Permalink"].iloc[0] == "https://www.facebook.com/acme/posts/1001"
    assert "Post Message" not in posts.columns  # it is text
    assert "Lifetime Post Total Reach" not in posts.columns  # it is reach


def test_rejects_name_row_column_and_reason(export):
    result = import_file(export, context=CONTEXT)
    assert result.rejects[["row", "column", "value", "reason"]].to_dict("records") == [
        {
            "row": 3,
            "column": "Posted",
            "value": "31/12/2024 14:05:00",
            "reason": "unparseable date (expected month/day/year and time, like 12/31/2024 14:05:00)",
        },
        {"row": 4, "column": "Lifetime Post Consumers", "value": "-5", "reason": "negative count"},
        {
            "row": 5,
            "column": "(whole row)",
            "value": "5",
            "reason": "duplicate row (an identical row came earlier)",
        },
        {
            "row": 6,
            "column": "post_id+brand+channel",
            "value": "123_1002",
            "reason": "duplicate id (the first row with it is kept)",
        },
    ]
    assert set(result.rejects["file"]) == {"Facebook Insights Data Export (Post Level).csv"}


def test_sub_columns_named_in_the_second_row(tmp_path):
    names = ["Post ID", "Post Message", "Type", "Posted", "Lifetime Post Total Reach"]
    names += [STORIES] * 3 + [TALKING] * 3
    labels = [
        "The id.",
        "The text.",
        "The type.",
        "When it was posted.",
        "Lifetime: People. (Unique Users)",
    ]
    labels += ["comment", "like", "share", "share", "like", "comment"]
    row = ["9_1", "Hi", "Status", "01/15/2025 08:00", "300", "7", "60", "3", "2", "50", "6"]
    path = write_rows(tmp_path / "posts.csv", [names, labels, row])
    result = import_file(path, context=ImportContext(brand="Acme", now=NOW))
    posts = result.tables["posts"]
    assert result.rows_read == 1
    assert posts[["likes", "comments", "shares"]].iloc[0].tolist() == [60, 7, 3]
    assert posts["published_at"].tolist() == [pd.Timestamp("2025-01-15 08:00", tz="UTC")]
    assert posts[f"{TALKING} - like"].tolist() == ["50"]
    assert posts["paid"].isna().all()  # no paid reach column: unknown


def test_without_the_definition_row_no_post_is_lost(tmp_path):
    rows = [NAMES, post("123_1001", "Hi", "Photo", "12/31/2024 14:05")]
    result = import_file(write_rows(tmp_path / "posts.csv", rows), context=CONTEXT)
    assert result.rows_read == 1
    assert result.tables["posts"]["source_row"].tolist() == [1]
    assert result.tables["posts"]["reach"].tolist() == [1200]


def test_trailing_delimiter_does_not_shift_columns(tmp_path):
    lines = [",".join(f'"{n}"' for n in NAMES)]
    lines += [
        ",".join(post(f"123_100{i}", "Hi", "Photo", "12/31/2024 14:05")) + "," for i in (1, 2)
    ]
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(path, context=CONTEXT)
    posts = result.tables["posts"]
    assert result.rows_read == 2
    assert posts["post_id"].tolist() == ["123_1001", "123_1002"]
    assert posts["reach"].tolist() == [1200, 1200]
    assert not [c for c in posts.columns if c.startswith("(unnamed")]  # the empty cell is dropped


def test_missing_required_column_names_file_and_column(tmp_path):
    keep = [i for i, name in enumerate(NAMES) if name != "Posted"]
    rows = [[r[i] for i in keep] for r in (NAMES, DEFINITIONS, post("1_2", "x", "Photo", ""))]
    with pytest.raises(InputError) as caught:
        import_file(write_rows(tmp_path / "page_posts.csv", rows))
    message = str(caught.value)
    assert message.startswith("page_posts.csv: missing required column 'Posted'")
    assert "expected columns: Post ID, Permalink, Post Message, Type" in message


def test_sniffer_is_specific():
    def sample(columns):
        return Sample(Path("f.csv"), tuple(c.lower() for c in columns), (), {})

    assert sniff_facebook_posts(sample(NAMES))
    assert not sniff_tweet_activity(sample(NAMES))
    assert not sniff_instagram_posts(sample(NAMES))
    for signature in SIGNATURES.values():
        assert not sniff_facebook_posts(sample(signature))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELLS, min_size=len(NAMES), max_size=len(NAMES)), max_size=6))
def test_any_cells_give_rows_or_one_input_error(tmp_path, rows):
    path = write_rows(tmp_path / "fb_posts.csv", [NAMES, *rows])
    try:
        result = import_file(path, context=CONTEXT)
    except InputError:
        return
    assert result.rows_read in (
        len(rows),
        len(rows) - 1,
    )  # a wordy first row may be the definitions
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    validate_table(result.tables["posts"], "posts")
