import yaml
from typer.testing import CliRunner

from ronr.cli import app
from ronr.validate import check_client

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
