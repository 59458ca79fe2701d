import datetime
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ronr.errors import InputError
from ronr.ingest import ImportContext, Sample, import_file
from ronr.ingest.generic import SIGNATURES
from ronr.ingest.linkedin import CONTENT_COLUMNS, GAINS_REASON, sniff_content, sniff_followers
from ronr.ingest.readers import sample_file
from ronr.schema import validate_table

NOW = pd.Timestamp("2026-01-31", tz="UTC")
CONTEXT = ImportContext(brand="Ledgerly", timezone="America/New_York", now=NOW)


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write ``sheets`` (name -> rows of cells; None is an empty cell) as .xlsx or .xls."""
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.remove(book.active)
        for name, rows in sheets.items():
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
        book.save(path)
        return path
    book = xlwt.Workbook()
    day = xlwt.easyxf(num_format_str="mm/dd/yyyy")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if isinstance(cell, datetime.date):
                    sheet.write(r, c, cell, day)
                elif cell is not None:
                    sheet.write(r, c, cell)
    book.save(str(path))
    return path


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


LINK = "https://www.linkedin.com/feed/update/urn:li:activity:"
DEFAULTS = {
    "Post type": "Organic",
    "Posted by": "Ana Ruiz",
    "Audience": "All followers",
    "Impressions": 1,
    "Views (excluding off-site video views)": "-",
    "Clicks": 1,
    "Click through rate (CTR)": "1%",
    "Likes": 1,
    "Comments": 1,
    "Reposts": 1,
    "Follows": 3,
    "Engagement rate": "1%",
    "Content Type": "Text",
}


def post(ctr="1%", **cells) -> list:
    """A row of the posts sheet: ``Post_title="x"`` fills "Post title"; then "Internal note"."""
    named = {key.replace("_", " "): value for key, value in cells.items()}
    named["Click through rate (CTR)"] = ctr
    row = [named.get(column, DEFAULTS.get(column)) for column in CONTENT_COLUMNS]
    return [*row, named.get("Internal note")]


FIRST = post(
    Post_title="Launch day!",
    Post_link=LINK + "7100000000000000001",
    Created_date="12/31/2025",
    Impressions="12,400",
    Clicks=310,
    ctr="2.5%",
    Likes=120,
    Comments=8,
    Reposts=5,
    Engagement_rate="3.52%",
    Content_Type="Image",
    Internal_note="keep me",
)
CONTENT_ROWS = [
    FIRST,
    # a real date cell, numbers as numbers, URL-encoded activity urn, sponsored, "-" comments
    post(
        Post_title="Webinar",
        Post_link="https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7100000000000000002",
        Post_type="Sponsored",
        Created_date=datetime.datetime(2025, 11, 3),
        Impressions=50000,
        Clicks=1200,
        ctr=0.024,
        Likes=240,
        Comments="-",
        Reposts=12,
        Engagement_rate=0.0291,
        Content_Type="Video",
    ),
    post(Post_title="Bad date", Post_link=LINK + "3", Created_date="31/12/2025"),
    post(Post_title="Negative", Post_link=LINK + "4", Created_date="12/01/2025", Likes=-4),
    FIRST,  # an exact repeat
    [None] * 21,  # a blank row: not a data row, but it keeps its number
    post(
        Post_title="Tips",
        Post_link="https://www.linkedin.com/posts/ledgerly_tips-ugcPost-77",
        Created_date="1/15/2025",
        Impressions=900,
        Clicks=20,
        ctr="2.2%",
        Likes=10,
        Comments=0,
        Engagement_rate="3.4%",
        Content_Type=None,
    ),
    post(Post_title="Future", Post_link=LINK + "8", Created_date="01/01/2999"),
]
METRICS = [
    ["Aggregated metrics from 01/01/2025 to 12/31/2025"],
    ["Date", "Impressions (organic)", "Impressions (sponsored)", "Clicks (total)"],
    ["12/31/2025", "1,000", 200, "x"],  # never read, so never rejected
]


def content_workbook(path: Path, rows=CONTENT_ROWS, columns=CONTENT_COLUMNS) -> Path:
    return write_workbook(
        path,
        {
            "Metrics": METRICS,
            "All posts": [
                ["Content metrics for Ledgerly from 01/01/2025 to 12/31/2025"],
                [*columns, "Internal note"],
                *rows,
            ],
        },
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_content_export_maps_posts_and_rejects_per_sheet(tmp_path, suffix):
    path = content_workbook(tmp_path / f"ledgerly_content{suffix}")
    result = import_file(path, context=CONTEXT)
    assert result.format == "linkedin-content"
    posts = result.tables["posts"]
    validate_table(posts, "posts")
    label = f"ledgerly_content{suffix} [All posts]"

    # 7 data rows (the blank row is not one); rows 3, 4, 5 and 8 rejected
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (7, 3, 4)
    assert result.rows_read == result.rows_accepted + result.rows_rejected == 3 + 4
    assert posts["post_id"].tolist() == [
        "7100000000000000001",
        "7100000000000000002",
        "https://www.linkedin.com/posts/ledgerly_tips-ugcPost-77",
    ]
    assert posts["source_row"].tolist() == [1, 2, 7]
    assert set(posts["source_file"]) == {label}
    assert set(posts["brand"]) == {"Ledgerly"}
    assert set(posts["channel"]) == {"linkedin"}
    assert posts["text"].tolist() == ["Launch day!", "Webinar", "Tips"]
    # a day without a time: UTC midnight of that day, not shifted by the New York time zone
    assert posts["published_at"].tolist() == [ts("2025-12-31"), ts("2025-11-03"), ts("2025-01-15")]
    assert posts["published_month"].tolist() == ["2025-12", "2025-11", "2025-01"]
    assert posts["published_weekday"].tolist() == ["Wed", "Mon", "Wed"]
    assert posts["impressions"].tolist() == [12400, 50000, 900]
    assert posts["clicks"].tolist() == [310, 1200, 20]
    assert posts["likes"].tolist() == [120, 240, 10]
    assert posts["comments"].iloc[0] == 8 and pd.isna(posts["comments"].iloc[1])  # "-" is missing
    assert posts["shares"].tolist() == [5, 12, 1]
    assert posts["post_type"].tolist() == ["image", "video", "organic"]  # Post type as fallback
    assert posts["paid"].tolist() == [False, True, False]
    assert posts["reach"].isna().all() and posts["saves"].isna().all()
    assert posts["ctr"].tolist() == pytest.approx([0.025, 0.024, 0.022])
    assert posts["engagement_rate"].tolist() == pytest.approx([0.0352, 0.0291, 0.034])
    assert posts["Internal note"].iloc[0] == "keep me"  # an unknown column is kept
    assert posts["Posted by"].tolist() == ["Ana Ruiz"] * 3

    rejects = result.rejects.set_index("row")
    assert set(result.rejects["file"]) == {label}
    assert rejects.loc[3, ["column", "value", "reason"]].tolist() == [
        "Created date",
        "31/12/2025",
        "unparseable date (expected a date like '12/31/2025')",
    ]
    assert rejects.loc[4, ["column", "value", "reason"]].tolist() == [
        "Likes",
        "-4",
        "negative count",
    ]
    assert rejects.loc[5, "reason"] == "duplicate row (an identical row came earlier)"
    assert rejects.loc[8, ["column", "reason"]].tolist() == ["Created date", "date in the future"]


def test_content_ids_repeated_across_post_sheets_are_counted_once(tmp_path):
    header = [["A note from LinkedIn"], list(CONTENT_COLUMNS)]
    again = post(
        Post_title="Launch day (edited)",
        Post_link=LINK + "7100000000000000001",
        Created_date="12/31/2025",
    )
    path = write_workbook(
        tmp_path / "content.xlsx",
        {
            "All posts": [*header, FIRST[:20]],
            "Update engagement": [*header, again[:20]],
        },
    )
    result = import_file(path, context=CONTEXT)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (2, 1, 1)
    assert result.tables["posts"]["text"].tolist() == ["Launch day!"]
    assert result.rejects[["file", "row", "value"]].to_dict("records") == [
        {"file": "content.xlsx [Update engagement]", "row": 1, "value": "7100000000000000001"}
    ]
    assert "duplicate id" in result.rejects["reason"].iloc[0]


def test_content_missing_column_is_one_clear_error(tmp_path):
    columns = [c for c in CONTENT_COLUMNS if c != "Created date"]
    rows = [[c for i, c in enumerate(FIRST) if i != 5]]
    path = content_workbook(tmp_path / "content.xlsx", rows=rows, columns=columns)
    with pytest.raises(InputError) as error:
        import_file(path, context=CONTEXT)
    message = str(error.value)
    assert message.startswith(
        "content.xlsx [All posts]: missing required column 'Created date' for LinkedIn posts"
    )
    assert "expected columns: Post title, Post link, Post type" in message


def test_corrupt_workbook_is_one_error_naming_the_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError, match=r"^broken\.xlsx: not a readable Excel workbook"):
        import_file(path, context=CONTEXT)
    with pytest.raises(InputError, match=r"^broken\.xlsx: not a readable Excel workbook"):
        import_file(path, format="linkedin-content", context=CONTEXT)
    wrong = write_workbook(tmp_path / "other.xlsx", {"Sheet": [["a", "b"], [1, 2]]})
    with pytest.raises(InputError, match=r"other\.xlsx: no sheet of LinkedIn posts found"):
        import_file(wrong, format="linkedin-content", context=CONTEXT)
    with pytest.raises(InputError, match=r"other\.xlsx: no LinkedIn follower sheet found"):
        import_file(wrong, format="linkedin-followers", context=CONTEXT)


NEW_FOLLOWERS_HEADER = [
    "Date",
    "Sponsored followers",
    "Organic followers",
    "Auto-invited followers",
    "Total followers",
]


def followers_sheets(new_rows: list[list]) -> dict[str, list[list]]:
    return {
        "New followers": [
            ["Follower metrics for Ledgerly from 01/01/2025 to 01/05/2025"],
            NEW_FOLLOWERS_HEADER,
            *new_rows,
        ],
        "Location": [
            ["Location", "Total followers"],
            ["Madrid, Spain", 600],
            ["Barcelona, Spain", "1,200"],
            ["Lisbon, Portugal", 200],
            ["Porto, Portugal", "abc"],
        ],
        "Seniority": [
            ["Seniority", "Total followers"],
            ["Senior", 30],
            ["Entry", 10],
            ["Senior", 30],
        ],
    }


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_followers_export_daily_gains_and_demographics(tmp_path, suffix):
    gains = [
        ["01/01/2025", 0, 4, 1, 5],
        ["01/02/2025", 2, 3, 0, 5],
        ["01/03/2025", 0, 1, 0, 1],
        ["13/45/2025", 0, 1, 0, 1],
        ["01/04/2025", 0, -2, 0, 0],
        ["01/02/2025", 2, 3, 0, 5],
    ]
    path = write_workbook(tmp_path / f"followers{suffix}", followers_sheets(gains))
    result = import_file(path, context=CONTEXT)
    assert result.format == "linkedin-followers"
    # Total followers = sponsored + organic + auto-invited on every row: daily gains, which
    # are no follower count, so the valid rows are rejected with that reason
    assert result.tables["followers"].empty
    audience = result.tables["audience"]
    validate_table(audience, "audience")
    validate_table(result.tables["followers"], "followers")

    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (13, 5, 8)
    new = result.rejects[result.rejects["file"] == f"followers{suffix} [New followers]"]
    assert new.sort_values("row")[["row", "column", "reason"]].to_dict("records") == [
        {"row": 1, "column": "Total followers", "reason": GAINS_REASON},
        {"row": 2, "column": "Total followers", "reason": GAINS_REASON},
        {"row": 3, "column": "Total followers", "reason": GAINS_REASON},
        {"row": 4, "column": "Date", "reason": "unparseable date (expected a date like '12/31/2025')"},
        {"row": 5, "column": "Organic followers", "reason": "negative count"},
        {"row": 6, "column": "(whole row)", "reason": "duplicate row (an identical row came earlier)"},
    ]  # fmt: skip
    other = result.rejects[result.rejects["file"] != f"followers{suffix} [New followers]"]
    assert other[["file", "row", "value", "reason"]].to_dict("records") == [
        {"file": f"followers{suffix} [Location]", "row": 4, "value": "abc", "reason": "not a number"},
        {"file": f"followers{suffix} [Seniority]", "row": 3, "value": "3",
         "reason": "duplicate row (an identical row came earlier)"},
    ]  # fmt: skip

    # shares of the accepted counts of each sheet: 600 + 1200 + 200 = 2000; 30 + 10 = 40
    assert audience[["dimension", "bucket", "share"]].to_dict("records") == [
        {"dimension": "location", "bucket": "Madrid, Spain", "share": 0.3},
        {"dimension": "location", "bucket": "Barcelona, Spain", "share": 0.6},
        {"dimension": "location", "bucket": "Lisbon, Portugal", "share": 0.1},
        {"dimension": "seniority", "bucket": "Senior", "share": 0.75},
        {"dimension": "seniority", "bucket": "Entry", "share": 0.25},
    ]
    assert audience["count"].tolist() == [600, 1200, 200, 30, 10]
    assert set(audience["as_of"]) == {ts("2025-01-05")}  # the end date of the title row
    assert set(audience["channel"]) == {"linkedin"}
    assert audience["source_row"].tolist() == [1, 2, 3, 1, 2]


def test_followers_running_total_is_kept(tmp_path):
    running = [
        ["01/01/2025", 0, 4, 1, 1500],
        ["01/02/2025", 2, 3, 0, "1,502"],
        ["01/03/2025", None, 1, 0, 1503],  # a part missing: not used to decide
        ["01/04/2025", 0, 1, 0, -1],
    ]
    path = write_workbook(tmp_path / "followers.xlsx", followers_sheets(running))
    result = import_file(path, context=CONTEXT)
    followers = result.tables["followers"]
    validate_table(followers, "followers")
    assert followers["followers"].tolist() == [1500, 1502, 1503]
    assert followers["date"].tolist() == [ts("2025-01-01"), ts("2025-01-02"), ts("2025-01-03")]
    assert followers["organic_followers"].tolist() == [4, 3, 1]
    assert followers["source_file"].iloc[0] == "followers.xlsx [New followers]"
    assert result.rejects.iloc[0][["row", "column", "value", "reason"]].tolist() == [
        4,
        "Total followers",
        "-1",
        "negative count",
    ]


def test_followers_without_parts_decide_from_the_trend(tmp_path):
    def book(name, totals):
        rows = [["Date", "Total followers"]] + [
            [f"01/0{i + 1}/2025", t] for i, t in enumerate(totals)
        ]
        return write_workbook(tmp_path / name, {"New followers": rows})

    rising = import_file(book("rising.xlsx", [10, 12, 12]), context=CONTEXT)
    assert rising.tables["followers"]["followers"].tolist() == [10, 12, 12]
    falling = import_file(book("falling.xlsx", [10, 3, 7]), context=CONTEXT)
    assert falling.tables["followers"].empty
    assert falling.rejects["reason"].tolist() == [GAINS_REASON] * 3
    assert falling.rows_read == falling.rows_rejected == 3


def test_demographics_without_title_date_use_the_file_day(tmp_path):
    path = write_workbook(
        tmp_path / "followers.xls",
        {
            "Job function": [["Job function", "Total followers"], ["Finance", 3], ["Sales", 1]],
            "Company size": [["Company size", "Total followers"], ["2-10", 0], ["11-50", 0]],
        },
    )
    # 20:00 UTC on 10 March is already 11 March in Tokyo
    stamp = pd.Timestamp("2025-03-10 20:00", tz="UTC").timestamp()
    os.utime(path, (stamp, stamp))
    context = ImportContext(brand="Ledgerly", timezone="Asia/Tokyo", now=NOW)
    result = import_file(path, context=context)
    audience = result.tables["audience"]
    assert audience["dimension"].tolist() == ["job_function", "job_function"]
    assert audience["share"].tolist() == [0.75, 0.25]
    assert set(audience["as_of"]) == {ts("2025-03-11")}
    assert (
        result.rejects["reason"].tolist()
        == ["no share can be computed: the counts of this sheet sum to 0"] * 2
    )
    assert set(result.rejects["file"]) == {"followers.xls [Company size]"}


def test_followers_missing_column_is_one_clear_error(tmp_path):
    sheets = followers_sheets([])
    sheets["New followers"] = [["Date", "Organic followers"], ["01/01/2025", 3]]
    path = write_workbook(tmp_path / "followers.xlsx", sheets)
    with pytest.raises(InputError) as error:
        import_file(path, context=CONTEXT)
    assert str(error.value) == (
        "followers.xlsx [New followers]: missing required column 'Total followers' for LinkedIn "
        "new followers (expected columns: Date, Sponsored followers, Organic followers, "
        "Auto-invited followers, Total followers)"
    )
    sheets = followers_sheets([])
    sheets["Location"] = [["Location", "Followers"], ["Madrid", 3]]
    path = write_workbook(tmp_path / "followers.xlsx", sheets)
    with pytest.raises(
        InputError, match=r"\[Location\]: missing required column 'Total followers'"
    ):
        import_file(path, context=CONTEXT)


def test_sniffers_claim_only_their_workbooks(tmp_path):
    content = sample_file(content_workbook(tmp_path / "c.xlsx"))
    followers = sample_file(write_workbook(tmp_path / "f.xls", followers_sheets([])))
    visitors = sample_file(
        write_workbook(
            tmp_path / "v.xlsx",
            {
                "Visitor metrics": [["Date", "Overview page views (total)", "Total page views"]],
                "Location": [["Location", "Total views"], ["Madrid", 3]],
            },
        )
    )
    assert sniff_content(content) and not sniff_followers(content)
    assert sniff_followers(followers) and not sniff_content(followers)
    assert not sniff_content(visitors) and not sniff_followers(visitors)
    for columns in SIGNATURES.values():
        text = Sample(Path("generic.csv"), tuple(columns), (",".join(columns),), {})
        assert not sniff_content(text) and not sniff_followers(text)


CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", "-", "0", "7", "12,400", "-3", "1.5", "2.5%", "abc", "1e20", "inf"]),
    st.sampled_from(["12/31/2025", "13/45/2025", "1/1/0001", "Madrid", "Total followers"]),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=CELLS,
    posts=st.lists(st.lists(CELLS, min_size=6, max_size=6), max_size=5),
    new=st.lists(st.lists(CELLS, min_size=5, max_size=5), max_size=5),
    location=st.lists(st.lists(CELLS, min_size=2, max_size=2), max_size=5),
)
def test_any_cells_give_rows_or_one_input_error(tmp_path, title, posts, new, location):
    content = write_workbook(
        tmp_path / "content.xlsx",
        {
            "All posts": [
                [title],
                [
                    "Post title",
                    "Post link",
                    "Created date",
                    "Impressions",
                    "Likes",
                    "Engagement rate",
                ],
                *posts,
            ]
        },
    )
    followers = write_workbook(
        tmp_path / "followers.xlsx",
        {
            "New followers": [[title], NEW_FOLLOWERS_HEADER, *new],
            "Location": [["Location", "Total followers"], *location],
        },
    )
    for path, tables in ((content, ("posts",)), (followers, ("followers", "audience"))):
        try:
            result = import_file(path, context=CONTEXT)
        except InputError:
            continue
        assert result.rows_read == result.rows_accepted + result.rows_rejected
        assert sum(len(result.tables[t]) for t in tables) <= result.rows_accepted
        for table in tables:
            validate_table(result.tables[table], table)
