"""Column maps (any CSV or workbook mapped onto a canonical table) and format explanations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from ronr.cli import app
from ronr.config import ExportFile, parse_config
from ronr.errors import ConfigError, InputError
from ronr.ingest import IMPORTERS, ImportContext, detect_format
from ronr.ingest.detect import EXPECTED_COLUMNS, explain_file
from ronr.ingest.mapped import read_mapped
from ronr.ingest.readers import sample_file
from ronr.store import _load_cached, export_context, export_entry, import_context, load_workspace

# the Facebook Live sellers data (UCI), as its header and rows are written
LIVE = (
    "status_id,status_type,status_published,num_reactions,num_comments,num_shares,num_likes\n"
    "246675545449582_1649696485147474,video,4/22/2018 6:00,529,512,262,432\n"
    "246675545449582_1649426988507757,photo,4/21/2018 22:45,150,0,0,150\n"
    "246675545449582_1648730588577397,video,4/21/2018 6:17,227,-,57,204\n"
)
LIVE_MAP = {
    "status_id": "post_id",
    "status_published": "published_at",
    "status_type": "post_type",
    "num_reactions": "likes",
    "num_comments": "comments",
    "num_shares": "shares",
}
LIVE_COLUMNS = (
    "status_id, status_type, status_published, num_reactions, num_comments, num_shares, num_likes"
)
BANGKOK = ImportContext(brand="Live", timezone="Asia/Bangkok")
MINIMAL = {"client": "acme", "display_name": "Acme", "brand": {"name": "Acme"}}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read_live(tmp_path: Path, columns=None, **options):
    options = {"channel": "facebook", "date_format": "%m/%d/%Y %H:%M", **options}
    return read_mapped(
        write(tmp_path, "live.csv", LIVE),
        table="posts",
        columns=LIVE_MAP if columns is None else columns,
        context=options.pop("context", BANGKOK),
        where="exports.0",
        **options,
    )


def config_error(**export) -> str:
    with pytest.raises(ConfigError) as error:
        parse_config({**MINIMAL, "exports": [{"path": "live.csv", **export}]})
    return str(error.value)


# -- reading through a map -----------------------------------------------------------------------


def test_a_mapped_csv_becomes_posts_with_the_files_values(tmp_path):
    result = read_live(tmp_path)
    posts = result.tables["posts"]
    assert (result.format, result.rows_read, result.rows_accepted) == ("mapped-posts", 3, 3)
    assert posts["post_id"].tolist() == [
        "246675545449582_1649696485147474",
        "246675545449582_1649426988507757",
        "246675545449582_1648730588577397",
    ]
    # Bangkok is UTC+7: 4/22/2018 6:00 there is 21 April 23:00 UTC
    assert posts["published_at"].tolist() == [
        pd.Timestamp("2018-04-21 23:00", tz="UTC"),
        pd.Timestamp("2018-04-21 15:45", tz="UTC"),
        pd.Timestamp("2018-04-20 23:17", tz="UTC"),
    ]
    assert posts["likes"].tolist() == [529, 150, 227]
    assert posts["comments"].tolist()[:2] == [512, 0]
    assert pd.isna(posts["comments"].iloc[2])  # '-' is missing, not 0
    assert posts["shares"].tolist() == [262, 0, 57]
    assert posts["post_type"].tolist() == ["video", "photo", "video"]
    # constants fill what the map leaves out; a posts file's brand is the client's
    assert set(posts["channel"]) == {"facebook"}
    assert set(posts["brand"]) == {"Live"}
    # an unmapped column is kept under its own name
    assert posts["num_likes"].tolist() == ["432", "150", "204"]
    assert posts["source_row"].tolist() == [1, 2, 3]


def test_rows_the_map_cannot_read_are_rejected_naming_the_files_column_and_value(tmp_path):
    text = LIVE.replace("4/21/2018 22:45", "21 April 2018 22:45").replace(",262,", ",-5,")
    result = read_mapped(
        write(tmp_path, "live.csv", text),
        table="posts",
        columns=LIVE_MAP,
        channel="facebook",
        date_format="%m/%d/%Y %H:%M",
        context=BANGKOK,
    )
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 1, 2)
    rejects = result.rejects[["row", "column", "value", "reason"]].to_numpy().tolist()
    assert rejects == [
        [1, "num_shares", "-5", "negative count"],
        [
            2,
            "status_published",
            "21 April 2018 22:45",
            "unparseable date (expected a date like '%m/%d/%Y %H:%M')",
        ],
    ]


def test_the_files_own_column_named_like_a_mapped_one_is_kept_with_a_suffix(tmp_path):
    text = "id,when,Channel,comments,replies\n1,2025-01-02T10:00:00Z,Facebook Page,7,3\n"
    result = read_mapped(
        write(tmp_path, "page.csv", text),
        table="posts",
        columns={"id": "post_id", "when": "published_at", "replies": "comments"},
        channel="facebook",
        brand="Beta",
    )
    posts = result.tables["posts"]
    assert posts[["brand", "channel", "comments"]].iloc[0].tolist() == ["Beta", "facebook", 3]
    # what client.yaml says wins; the file's same-named columns are kept, not lost
    assert posts[["channel_file", "comments_file"]].iloc[0].tolist() == ["Facebook Page", "7"]


def test_number_format_and_date_order_are_read_from_the_context(tmp_path):
    text = 'day,total\n03/04/2025,1.234\n13/04/2025,12.345.678\n14/04/2025,"1,5"\n'
    context = ImportContext(date_order="day-first", number_format="1.234,5")
    result = read_mapped(
        write(tmp_path, "fans.csv", text),
        table="followers",
        columns={"day": "date", "total": "followers"},
        channel="instagram",
        context=context,
    )
    followers = result.tables["followers"]
    assert followers["date"].tolist() == [
        pd.Timestamp("2025-04-03", tz="UTC"),
        pd.Timestamp("2025-04-13", tz="UTC"),
    ]
    assert followers["followers"].tolist() == [1234, 12345678]
    # the reject shows the cell as the file wrote it
    assert result.rejects[["row", "value", "reason"]].to_numpy().tolist() == [
        [3, "1,5", "count is not a whole number"]
    ]


def test_a_workbook_sheet_is_read_by_name(tmp_path):
    path = tmp_path / "fans.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"notes": ["nothing here"]}).to_excel(writer, sheet_name="About", index=False)
        pd.DataFrame(
            {"Day": ["2025-01-01", "2025-01-02"], "Fans": [1200, 1250], "Network": ["x", "x"]}
        ).to_excel(writer, sheet_name="Daily", index=False)
    result = read_mapped(
        path,
        table="followers",
        columns={"day": "date", "fans": "followers", "network": "channel"},
        context=ImportContext(sheet="Daily"),
    )
    assert result.tables["followers"]["followers"].tolist() == [1200, 1250]
    assert result.tables["followers"]["source_file"].iloc[0] == "fans.xlsx [Daily]"
    with pytest.raises(InputError) as error:
        read_mapped(
            path,
            table="followers",
            columns={"day": "date"},
            context=ImportContext(sheet="Weekly"),
            where="exports.2",
        )
    assert str(error.value) == (
        "fans.xlsx: exports.2.sheet: the workbook has no sheet 'Weekly'; its sheets are: "
        "About, Daily"
    )


# -- errors of a wrong map -------------------------------------------------------------------------


def test_a_key_the_file_lacks_is_named_with_the_files_columns(tmp_path):
    columns = {("num_comment" if k == "num_comments" else k): v for k, v in LIVE_MAP.items()}
    with pytest.raises(InputError) as error:
        read_live(tmp_path, columns)
    assert str(error.value) == (
        "live.csv: exports.0.columns.num_comment: the file has no column 'num_comment' "
        f"(did you mean 'num_comments'?); its columns are: {LIVE_COLUMNS}"
    )


def test_a_target_that_is_not_canonical_names_the_allowed_ones(tmp_path):
    with pytest.raises(InputError) as error:
        read_live(tmp_path, {**LIVE_MAP, "num_comments": "comment"})
    assert str(error.value) == (
        "live.csv: exports.0.columns.num_comments: 'comment' is not a column of the posts table "
        "(did you mean 'comments'?); the columns a map can fill are: brand, channel, post_id, "
        "published_at, text, post_type, paid, impressions, reach, likes, comments, shares, "
        "saves, clicks, video_views, followers_at_post"
    )


def test_a_required_column_nothing_fills_is_named(tmp_path):
    columns = {k: v for k, v in LIVE_MAP.items() if v != "post_id"}
    with pytest.raises(InputError) as error:
        read_live(tmp_path, columns, channel=None)
    assert str(error.value) == (
        "live.csv: exports.0.columns: nothing fills channel and post_id, which a posts table "
        "requires: map a column of the file onto each, or give exports.0.channel (one value "
        f"for every row); the file's columns are: {LIVE_COLUMNS}"
    )


def test_the_config_names_the_key_of_a_wrong_target_and_of_a_repeated_one():
    message = config_error(
        table="posts",
        columns={"num_comments": "comment", "num_likes": "likes", "num_reactions": "likes"},
    )
    assert message.splitlines()[1:] == [
        "  - exports.0.columns.num_comments: 'comment' is not a column of the posts table (did "
        "you mean 'comments'?); the columns a map can fill are: brand, channel, post_id, "
        "published_at, text, post_type, paid, impressions, reach, likes, comments, shares, "
        "saves, clicks, video_views, followers_at_post",
        "  - exports.0.columns.num_reactions: 'num_likes' already maps onto likes; map one "
        "column onto it",
    ]


@pytest.mark.parametrize(
    ("export", "expected"),
    [
        (
            {"columns": {"a": "post_id"}, "channel": "x"},
            "exports.0: columns and channel describe a column map, which needs table: one of "
            "posts, mentions, responses, audience, followers",
        ),
        (
            {"table": "posts", "format": "generic-posts"},
            "exports.0: give format (an export ronr knows) or table (a column map), not both",
        ),
        (
            {"table": "followers", "brand": "Acme"},
            "exports.0.brand: the followers table has no brand column",
        ),
        (
            {"table": "posts", "columns": {"network": "channel"}, "channel": "x"},
            "exports.0.channel: the column map already fills channel (from 'network'); give "
            "channel or map a column onto it, not both",
        ),
        (
            {"table": "posts", "date_format": "%d/%m/%Y", "date_order": "day-first"},
            "exports.0: date_format already says where the day and the month are; leave out "
            "date_order",
        ),
        (
            {"table": "posts", "date_format": "day/month/year"},
            "exports.0.date_format: 'day/month/year' is not a date format; write it with "
            "strptime codes, e.g. '%m/%d/%Y %H:%M' for 12/31/2025 14:05 or '%d.%m.%Y' for "
            "31.12.2025",
        ),
        (
            {"table": "tweets"},
            "exports.0.table: Input should be 'posts', 'mentions', 'responses', 'audience' or "
            "'followers'",
        ),
    ],
)
def test_a_wrong_export_entry_is_named_in_the_config_error(export, expected):
    assert config_error(**export).splitlines()[1] == f"  - {expected}"


# -- date order and number format in client.yaml ---------------------------------------------------


@pytest.mark.parametrize("order", ["day-first", "month-first"])
@pytest.mark.parametrize("number", ["1,234.5", "1.234,5", "1 234,5", "1'234.5"])
def test_date_order_and_number_format_are_accepted_at_both_levels(order, number):
    config = parse_config(
        {
            **MINIMAL,
            "date_order": order,
            "number_format": number,
            "exports": [{"path": "a.csv", "date_order": order, "number_format": number}],
        }
    )
    assert (config.date_order, config.number_format) == (order, number)
    assert (config.exports[0].date_order, config.exports[0].number_format) == (order, number)


def test_wrong_date_order_and_number_format_name_the_allowed_values():
    with pytest.raises(ConfigError) as error:
        parse_config(
            {
                **MINIMAL,
                "date_order": "dmy",
                "number_format": "1.234",
                "exports": [{"path": "a.csv", "date_order": "ymd"}],
            }
        )
    assert str(error.value).splitlines()[1:] == [
        "  - exports.0.date_order: Input should be 'day-first' or 'month-first'",
        "  - date_order: Input should be 'day-first' or 'month-first'",
        "  - number_format: Input should be '1,234.5', '1.234,5', '1 234,5' or \"1'234.5\"",
    ]


def test_the_client_and_the_export_entry_give_the_importer_its_context():
    config = parse_config(
        {
            **MINIMAL,
            "date_order": "month-first",
            "number_format": "1,234.5",
            "exports": [{"path": "sub/fans.xlsx", "number_format": "1.234,5", "sheet": "Daily"}],
        }
    )
    context = import_context(config)
    assert (context.date_order, context.number_format, context.sheet) == (
        "month-first",
        "1,234.5",
        None,
    )
    found = export_entry(config, Path("/data/clients/acme/exports/sub/fans.xlsx"))
    assert found is not None and found[0] == 0
    specific = export_context(context, found[1])
    assert (specific.date_order, specific.number_format, specific.sheet) == (
        "month-first",
        "1.234,5",
        "Daily",
    )
    assert export_entry(config, Path("/data/clients/acme/exports/other/fans.xlsx")) is None


# -- a client whose client.yaml maps a file ---------------------------------------------------------


def test_a_client_with_a_column_map_loads_its_posts(tmp_path):
    folder = tmp_path / "clients" / "live"
    (folder / "exports").mkdir(parents=True)
    write(folder / "exports", "live.csv", LIVE)
    config = {
        "client": "live",
        "display_name": "Live Seller",
        "brand": {"name": "Live"},
        "business_hours": {"timezone": "Asia/Bangkok"},
        "exports": [
            {
                "path": "live.csv",
                "table": "posts",
                "columns": LIVE_MAP,
                "date_format": "%m/%d/%Y %H:%M",
                "channel": "facebook",
            }
        ],
    }
    (folder / "client.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _load_cached.cache_clear()
    ws = load_workspace("live", data_dir=tmp_path)
    provenance = ws.provenance.set_index("file").loc["live.csv"]
    assert provenance[["format", "rows_read", "rows_accepted", "rows_rejected"]].tolist() == [
        "mapped-posts",
        3,
        3,
        0,
    ]
    posts = ws.posts.sort_values("published_at").reset_index(drop=True)
    assert posts["likes"].tolist() == [227, 150, 529]
    assert posts["shares"].tolist() == [57, 0, 262]
    # local time of the client (Bangkok) as the file wrote it
    assert posts["published_hour"].tolist() == [6, 22, 6]
    assert posts["published_month"].tolist() == ["2018-04"] * 3
    assert set(posts["brand"]) == {"Live"} and set(posts["channel"]) == {"facebook"}

    # a wrong key stops the load with the key and the file's columns
    wrong = {("num_comment" if k == "num_comments" else k): v for k, v in LIVE_MAP.items()}
    config["exports"][0]["columns"] = wrong
    (folder / "client.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _load_cached.cache_clear()
    with pytest.raises(InputError, match=r"^live\.csv: exports\.0\.columns\.num_comment: "):
        load_workspace("live", data_dir=tmp_path)


# -- explaining format detection ------------------------------------------------------------------

# a Facebook page post export (classic layout) without its Post ID column
FACEBOOK_LIKE = (
    "Permalink,Post Message,Type,Posted,Lifetime Post Total Reach,"
    "Lifetime Post Total Impressions,Lifetime Post Consumers\n"
    "https://fb.com/1,Hello,Photo,12/31/2024 14:05:00,100,120,5\n"
)


def test_every_format_has_its_expected_columns_for_explanations():
    for importer in IMPORTERS:
        for layout in EXPECTED_COLUMNS[importer.name]:
            assert layout.expected, importer.name
            assert set(layout.required) <= set(layout.expected), importer.name


def test_explain_ranks_the_formats_and_names_the_missing_columns(tmp_path):
    path = write(tmp_path, "page.csv", FACEBOOK_LIKE)
    explanation = explain_file(path)
    assert explanation.detected is None
    best = explanation.closest()[0]
    assert (best.name, best.layout) == ("facebook-posts", "classic layout")
    assert best.missing_required == ("Post ID",)
    assert best.found == (
        "Permalink",
        "Post Message",
        "Type",
        "Posted",
        "Lifetime Post Total Reach",
        "Lifetime Post Total Impressions",
        "Lifetime Post Consumers",
    )
    classic = [lay for lay in EXPECTED_COLUMNS["facebook-posts"] if lay.label == "classic layout"]
    total = len(classic[0].expected)
    lines = explanation.text().splitlines()
    assert lines[0] == (
        "page.csv: header (7 columns): permalink, post message, type, posted, lifetime post "
        "total reach, lifetime post total impressions, lifetime post consumers"
    )
    assert lines[1] == "Detected: none; no format recognises this header."
    assert lines[3].startswith(
        f"  1. facebook-posts (classic layout): 7 of {total} columns; missing required: Post ID; "
        "missing: "
    )
    # the unknown-format error names the closest formats too
    with pytest.raises(InputError) as error:
        detect_format(sample_file(path))
    message = str(error.value)
    assert message.startswith("page.csv: unknown export format (header: permalink, ")
    assert (
        f"Closest: facebook-posts (classic layout): 7 of {total} columns; missing required: "
        "Post ID;"
    ) in message
    assert "`ronr ingest --explain page.csv` says more" in message


def test_explain_of_a_recognised_file_names_its_format(tmp_path):
    path = write(tmp_path, "page.csv", "Post ID," + FACEBOOK_LIKE.replace("\nhttps", "\n1,https"))
    explanation = explain_file(path)
    assert explanation.detected is not None and explanation.detected.name == "facebook-posts"
    assert explanation.closest()[0].missing_required == ()


def test_explain_of_a_file_no_format_fits_lists_the_tables_to_map_onto(tmp_path):
    text = explain_file(write(tmp_path, "live.csv", LIVE)).text()
    assert "No format shares a column with this header." in text
    assert text.splitlines()[-1] == "  followers: channel*, date*, followers*"


def test_the_ingest_command_explains_and_takes_no_import_options(tmp_path):
    path = write(tmp_path, "page.csv", FACEBOOK_LIKE)
    result = CliRunner().invoke(app, ["ingest", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "1. facebook-posts (classic layout): 7 of" in result.output
    assert "missing required: Post ID" in result.output
    result = CliRunner().invoke(app, ["ingest", "--explain", str(path), "--format", "x"])
    assert result.exit_code == 2
    assert "--explain imports nothing, so it takes no --format" in result.output


def test_ingest_with_a_client_reads_a_listed_file_through_its_map(tmp_path):
    folder = tmp_path / "clients" / "live"
    (folder / "exports").mkdir(parents=True)
    path = write(folder / "exports", "live.csv", LIVE)
    entry = ExportFile(
        path="live.csv",
        table="posts",
        columns=LIVE_MAP,
        date_format="%m/%d/%Y %H:%M",
        channel="facebook",
    )
    config = {
        "client": "live",
        "display_name": "Live",
        "brand": {"name": "Live"},
        "exports": [entry.model_dump(exclude_none=True)],
    }
    (folder / "client.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(path), "--client", "live", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "live.csv: mapped-posts; 3 rows read, 3 accepted, 0 rejected (as client live)" in (
        result.output
    )


def test_a_canonical_csv_without_a_channel_needs_only_a_table_and_a_channel(tmp_path):
    text = "mention_id,created_at,kind,text\nm1,2025-03-04T11:02:00Z,review,Great beans\n"
    result = read_mapped(
        write(tmp_path, "reviews.csv", text),
        table="mentions",
        columns={},
        channel="other",
        brand="Acme",
    )
    mentions = result.tables["mentions"]
    assert mentions[["mention_id", "channel", "brand", "kind"]].iloc[0].tolist() == [
        "m1",
        "other",
        "Acme",
        "review",
    ]
    assert result.format == "mapped-mentions"


def test_a_sheet_named_for_a_text_file_is_an_error(tmp_path):
    with pytest.raises(InputError) as error:
        read_live(tmp_path, context=ImportContext(sheet="Sheet1"))
    assert str(error.value) == (
        "live.csv: exports.0.sheet: 'Sheet1' names a worksheet, but the file is a text file, "
        "not a workbook (.xlsx, .xls); leave sheet out"
    )


def test_a_date_format_decides_the_order_of_day_and_month(tmp_path):
    # %d/%m/%Y: 4/5/2018 is 4 May; 4/22/2018 has no 22nd month and is rejected, not re-read
    # month-first behind the user's back
    path = tmp_path / "live.csv"
    path.write_text("id,when,likes\n1,4/5/2018 10:00,3\n2,4/22/2018 10:00,4\n", encoding="utf-8")
    result = read_mapped(
        path,
        table="posts",
        columns={"id": "post_id", "when": "published_at"},
        channel="facebook",
        brand=None,
        date_format="%d/%m/%Y %H:%M",
        context=ImportContext(brand="Acme"),
        where="exports.0",
    )
    posts = result.tables["posts"]
    assert posts["published_at"].dt.strftime("%Y-%m-%d").tolist() == ["2018-05-04"]
    assert result.rejects["row"].tolist() == [2]


def test_explain_counts_an_older_x_exports_favorites_as_its_likes(tmp_path):
    path = tmp_path / "tweets.csv"
    path.write_text(
        "Tweet id,Tweet permalink,Tweet text,time,impressions,retweets,replies,favorites\n"
        "1,x,y,2016-01-01 10:00 +0000,10,0,0,1\n",
        encoding="utf-8",
    )
    [best] = explain_file(path).closest(1)
    assert best.name == "x-tweet-activity"
    assert "likes" in best.found and "likes" not in best.missing_optional
