import pandas as pd
import yaml
from typer.testing import CliRunner

from ronr.cli import app
from ronr.validate import FileCheck, check_client

CONFIG = {"client": "acme", "display_name": "Acme", "brand": {"name": "Acme"}}
POSTS = (
    "brand,channel,post_id,published_at,likes\n"
    "Acme,x,1,2025-01-01T10:00:00Z,5\n"
    "Acme,x,2,not a date,5\n"
    "Acme,x,3,2025-01-02T10:00:00Z,-1\n"
)


def make_client(tmp_path, files, config=CONFIG):
    folder = tmp_path / "clients" / "acme"
    (folder / "exports").mkdir(parents=True)
    (folder / "client.yaml").write_text(yaml.safe_dump(config))
    for name, text in files.items():
        (folder / "exports" / name).write_text(text)
    return tmp_path


def test_check_reports_format_counts_and_rejects_per_file(tmp_path):
    data_dir = make_client(tmp_path, {"posts.csv": POSTS, "notes.csv": "what,is,this\n1,2,3\n"})
    check = check_client("acme", data_dir=data_dir)
    by_file = {f.file: f for f in check.files}
    posts = by_file["posts.csv"]
    assert (posts.format, posts.rows_read, posts.rows_accepted, posts.rows_rejected) == (
        "generic-posts",
        3,
        1,
        2,
    )
    assert posts.rejects["reason"].tolist() == [
        "unparseable date (expected ISO 8601)",
        "negative count",
    ]
    assert "notes.csv: unknown export format" in by_file["notes.csv"].error
    assert not check.ok


def test_cli_prints_the_table_and_first_rejects(tmp_path):
    data_dir = make_client(tmp_path, {"posts.csv": POSTS})
    result = CliRunner().invoke(app, ["validate", "acme", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "generic-posts" in result.output
    assert "row 2, column 'published_at', value 'not a date': unparseable date" in result.output
    assert "row 3, column 'likes', value '-1': negative count" in result.output


def test_cli_fails_on_an_unreadable_file_or_a_bad_config(tmp_path):
    data_dir = make_client(tmp_path, {"posts.csv": ""})
    result = CliRunner().invoke(app, ["validate", "acme", "--data-dir", str(data_dir)])
    assert result.exit_code == 1
    assert "posts.csv: the file is empty" in result.output
    bad = make_client(
        tmp_path / "other", {"posts.csv": POSTS}, config={**CONFIG, "brand": {"name": ""}}
    )
    result = CliRunner().invoke(app, ["validate", "acme", "--data-dir", str(bad)])
    assert result.exit_code == 1
    assert "brand.name" in result.output


def test_ingest_one_file_with_a_named_format(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(POSTS)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["ingest", str(path), "--format", "generic-posts", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "export.csv: generic-posts; 3 rows read, 1 accepted, 2 rejected" in result.output
    assert (out / "posts.csv").read_text().count("\n") == 2
    assert (out / "rejects.csv").read_text().count("\n") == 3
    wrong = CliRunner().invoke(app, ["ingest", str(path), "--format", "tiktok-magic"])
    assert wrong.exit_code == 1
    assert "unknown format 'tiktok-magic'" in wrong.output


def test_formats_lists_every_importer():
    from ronr.ingest import FORMATS

    result = CliRunner().invoke(app, ["formats"])
    assert result.exit_code == 0
    for name in FORMATS:
        assert name in result.output


def test_validate_counts_mentions_that_name_no_tracked_brand_as_rejected(tmp_path):
    data_dir = make_client(
        tmp_path,
        {
            "mentions.csv": "mention_id,channel,created_at,text,kind\n"
            "1,x,2025-01-01T10:00:00Z,love Acme,mention\n"
            "2,x,2025-01-01T11:00:00Z,about nobody,mention\n"
        },
    )
    mentions = check_client("acme", data_dir=data_dir).files[0]
    assert (mentions.rows_read, mentions.rows_accepted, mentions.rows_rejected) == (2, 1, 1)
    assert "names no tracked brand" in mentions.rejects["reason"].iloc[0]


# Every row rejected: two unparseable dates and one unknown channel, so the dates are the most
# common reason (2 of 3 rows).
ALL_REJECTED = (
    "mention_id,channel,created_at,text,kind,brand\n"
    "1,x,not a date,love it,mention,Acme\n"
    "2,myspace,2025-01-01T10:00:00Z,meh,mention,Acme\n"
    "3,x,yesterday,hmm,mention,Acme\n"
)


def test_a_file_that_rejects_every_row_fails_the_check_with_its_most_common_reason(tmp_path):
    data_dir = make_client(tmp_path, {"mentions.csv": ALL_REJECTED, "posts.csv": POSTS})
    check = check_client("acme", data_dir=data_dir)
    by_file = {f.file: f for f in check.files}
    mentions, posts = by_file["mentions.csv"], by_file["posts.csv"]
    assert (mentions.rows_read, mentions.rows_accepted, mentions.rows_rejected) == (3, 0, 3)
    assert mentions.ok and mentions.accepted_nothing
    assert mentions.top_reason == ("unparseable date (expected ISO 8601)", 2)
    assert mentions.problem == (
        "mentions.csv: accepted none of its 3 rows; most common reason (2 of 3 rows): "
        "unparseable date (expected ISO 8601)"
    )
    # posts.csv keeps 1 of its 3 rows: rejected rows alone do not fail it.
    assert not posts.accepted_nothing and posts.problem == ""
    assert [f.file for f in check.failed_files] == ["mentions.csv"]
    assert not check.ok


def test_partly_rejected_and_header_only_files_pass(tmp_path):
    header_only = "mention_id,channel,created_at,kind,brand\n"
    data_dir = make_client(tmp_path, {"posts.csv": POSTS, "mentions.csv": header_only})
    check = check_client("acme", data_dir=data_dir)
    counts = {f.file: (f.rows_read, f.rows_accepted, f.accepted_nothing) for f in check.files}
    assert counts == {"posts.csv": (3, 1, False), "mentions.csv": (0, 0, False)}
    assert check.failed_files == [] and check.ok


def test_top_reason_counts_rows_once_per_reason_and_breaks_ties_by_first_listed():
    rejects = pd.DataFrame(
        {
            "file": ["f.csv"] * 5,
            "row": [1, 1, 2, 3, 3],
            "column": ["a", "b", "a", "b", "c"],
            "value": [""] * 5,
            # Row 3 lists "bad count" twice (two columns): it still counts once, so "bad date"
            # (rows 1, 2) and "bad count" (rows 1, 3) tie at 2 and "bad date" is listed first.
            "reason": ["bad date", "bad count", "bad date", "bad count", "bad count"],
        }
    )
    check = FileCheck(file="f.csv", rows_read=3, rows_accepted=0, rows_rejected=3, rejects=rejects)
    assert check.top_reason == ("bad date", 2)
    assert FileCheck(file="g.csv").top_reason == ("", 0)


def test_cli_validate_exits_1_naming_the_file_that_accepted_nothing(tmp_path):
    data_dir = make_client(tmp_path, {"mentions.csv": ALL_REJECTED, "posts.csv": POSTS})
    result = CliRunner().invoke(app, ["validate", "acme", "--data-dir", str(data_dir)])
    assert result.exit_code == 1
    # The table (whose Problem column flags the file) and the first rejects are still printed.
    rows = [line for line in result.stdout.splitlines() if "mentions.csv" in line]
    assert "accepted no row" in rows[0] and "posts.csv" in result.stdout
    assert "row 2, column 'channel', value 'myspace': unknown channel" in result.stdout
    assert (
        "mentions.csv: accepted none of its 3 rows; most common reason (2 of 3 rows): "
        "unparseable date (expected ISO 8601)" in result.output
    )
    assert "1 of 2 files of acme failed the check: mentions.csv" in result.output
    assert "posts.csv: accepted none" not in result.output


# Mentions without a brand column: only row 1 names the tracked brand (Acme). The times carry no
# offset, so they are read in the client's time zone.
BRANDLESS = (
    "mention_id,channel,created_at,text,kind\n"
    "1,x,2025-01-01 10:00,love Acme,mention\n"
    "2,x,2025-01-01 11:00,about nobody,mention\n"
    "3,x,2025-01-01 12:00,hello there,mention\n"
)


def test_ingest_without_a_client_notes_that_brands_are_matched_per_client(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text(BRANDLESS)
    result = CliRunner().invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "mentions.csv: generic-mentions; 3 rows read, 3 accepted, 0 rejected" in result.output
    assert "Note: 3 mentions have no brand: brands are matched from client.yaml" in result.output
    assert "ronr validate CLIENT" in result.output
    branded = tmp_path / "posts.csv"
    branded.write_text(POSTS)
    assert "Note:" not in CliRunner().invoke(app, ["ingest", str(branded)]).output


def test_ingest_with_a_client_counts_as_validate_does(tmp_path):
    config = {**CONFIG, "business_hours": {"timezone": "Europe/Paris"}}
    data_dir = make_client(tmp_path, {"mentions.csv": BRANDLESS}, config=config)
    checked = check_client("acme", data_dir=data_dir).files[0]
    assert (checked.rows_read, checked.rows_accepted, checked.rows_rejected) == (3, 1, 2)
    path = data_dir / "clients" / "acme" / "exports" / "mentions.csv"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["ingest", str(path), "--client", "acme", "--data-dir", str(data_dir), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "3 rows read, 1 accepted, 2 rejected (as client acme)" in result.output
    assert "Note:" not in result.output
    mentions = pd.read_csv(out / "mentions.csv")
    assert mentions["brand"].tolist() == ["Acme"]
    # 10:00 in Paris (UTC+1 in January) is 09:00 UTC.
    assert pd.Timestamp(mentions["created_at"].iloc[0]) == pd.Timestamp("2025-01-01T09:00Z")
    rejects = pd.read_csv(out / "rejects.csv")
    assert rejects["row"].tolist() == [2, 3]
    assert rejects["reason"].str.startswith("names no tracked brand").all()


def test_ingest_with_an_unknown_client_names_the_missing_config(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text(BRANDLESS)
    result = CliRunner().invoke(
        app, ["ingest", str(path), "--client", "nobody", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "nobody" in result.output and "client config not found" in result.output
