"""The UCI Facebook metrics dataset: shipped inside its ready example client, uci-cosmetics."""

import pandas as pd
import pytest

from ronr import measure, summary
from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file
from ronr.paths import PROJECT_ROOT
from ronr.store import load_workspace

DATASET = (
    PROJECT_ROOT
    / "data"
    / "clients"
    / "uci-cosmetics"
    / "uci_facebook_metrics"
    / "dataset_Facebook.csv"
)
CONTEXT = ImportContext(brand="Cosmetics brand", year=2014)


@pytest.fixture(scope="module")
def result():
    return import_file(DATASET, context=CONTEXT)


def test_every_row_is_read_and_counts_reconcile(result):
    assert result.format == "uci-facebook-metrics"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (500, 500, 0)


def test_first_row_maps_to_the_canonical_columns(result):
    # 139441;Photo;2;12;4;3;0;2752;5091;178;109;159;3078;1640;119;4;79;17;100
    first = result.tables["posts"].iloc[0]
    assert first["post_id"] == "uci-1"
    assert (first["published_month"], first["published_weekday"], first["published_hour"]) == (
        "2014-12",
        "weekday 4",
        3,
    )
    assert (first["post_type"], bool(first["paid"])) == ("photo", False)
    assert (first["followers_at_post"], first["reach"], first["impressions"]) == (
        139441,
        2752,
        5091,
    )
    assert (first["likes"], first["comments"], first["shares"], first["clicks"]) == (79, 4, 17, 109)
    assert first["Total Interactions"] == "100"  # unmapped columns are kept


def test_no_day_is_ever_invented_and_empty_cells_stay_missing(result):
    posts = result.tables["posts"]
    assert posts["published_at"].isna().all()
    # data row 112 (file line 113) has empty like and share cells; row 500 an empty Paid
    row = posts.set_index("source_row")
    assert pd.isna(row.loc[112, "likes"]) and pd.isna(row.loc[112, "shares"])
    assert row.loc[112, "comments"] == 0
    assert pd.isna(row.loc[500, "paid"])


def test_year_comes_from_the_config_or_a_clear_error():
    with pytest.raises(InputError, match="months but no year"):
        import_file(DATASET, context=ImportContext(brand="x"))


def test_bad_timing_cells_are_rejected(tmp_path):
    lines = DATASET.read_text().splitlines()
    header, first = lines[0], lines[1].split(";")
    bad_month = ";".join([*first[:3], "13", *first[4:]])
    bad_hour = ";".join([*first[:5], "24", *first[6:]])
    path = tmp_path / "uci.csv"
    path.write_text("\n".join([header, lines[1], bad_month, bad_hour]) + "\n")
    result = import_file(path, context=CONTEXT)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 1, 2)
    assert result.rejects[["row", "column", "reason"]].to_dict("records") == [
        {"row": 2, "column": "Post Month", "reason": "expected a whole number 1–12"},
        {"row": 3, "column": "Post Hour", "reason": "expected a whole number 0–23"},
    ]


def test_example_client_has_monthly_rates_and_says_what_it_cannot_show():
    ws = load_workspace("uci-cosmetics")
    assert len(ws.posts) == 500
    monthly = measure.kaushik_rates(ws.posts, by=(), freq="MS")
    assert len(monthly) == 12 and monthly["posts"].sum() == 500
    december = monthly.set_index("period").loc[pd.Timestamp("2014-12-01")]
    assert december["posts"] == 50  # "Post Month" is 12 on 50 rows
    limits = " ".join(summary.data_limits(ws))
    assert "No mentions" in limits and "no day" in limits
    assert [h.metric for h in summary.headline_numbers(ws)] == [
        "posts",
        "conversation_rate",
        "amplification_rate",
        "applause_rate",
        "engagement_rate_reach",
    ]


def test_a_period_selects_posts_by_month():
    ws = load_workspace("uci-cosmetics", period="2014-11..2014-12")
    assert set(ws.posts["published_month"]) == {"2014-11", "2014-12"}
