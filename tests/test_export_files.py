"""Which files of a client are read: every file in exports/, an entry configuring the one it names."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from ronr.cli import app
from ronr.config import parse_config
from ronr.errors import ConfigError, InputError
from ronr.store import _load_cached, export_files, load_workspace
from ronr.validate import check_client

CONFIG = {
    "client": "acme",
    "display_name": "Acme",
    "brand": {"name": "Acme"},
    "period": {"start": "2025-01-01", "end": "2025-01-31"},
}
POST_HEADER = ["brand", "channel", "post_id", "published_at", "likes"]
MENTIONS = (
    "mention_id,channel,created_at,kind,brand,text\n"
    "m1,x,2025-01-03T09:00:00Z,mention,Acme,Is the blend decaf?\n"
    "m2,x,2025-01-04T09:00:00Z,mention,Acme,Love the new blend\n"
)
FOLLOWERS = (
    "channel,date,followers\n"
    "x,2025-01-01,1000\nx,2025-01-02,1010\nx,2025-01-03,1030\nx,2025-01-04,1060\n"
)
# the Facebook Live sellers layout: no format knows it, a column map reads it
LIVE = (
    "status_id,status_type,status_published,num_reactions,num_comments,num_shares\n"
    "s1,video,1/22/2025 6:00,529,512,262\n"
    "s2,photo,1/21/2025 22:45,150,0,0\n"
)
LIVE_ENTRY = {
    "path": "live.csv",
    "table": "posts",
    "columns": {
        "status_id": "post_id",
        "status_published": "published_at",
        "status_type": "post_type",
        "num_reactions": "likes",
        "num_comments": "comments",
        "num_shares": "shares",
    },
    "date_format": "%m/%d/%Y %H:%M",
    "channel": "facebook",
}


def posts_workbook(path: Path) -> Path:
    """Two sheets that both fit the posts table: an old one first (1 post), then Posts (3)."""
    book = openpyxl.Workbook()
    old = book.active
    old.title = "Old"
    old.append(POST_HEADER)
    old.append(["Acme", "instagram", "old1", "2024-12-01T10:00:00Z", 1])
    sheet = book.create_sheet("Posts")
    sheet.append(POST_HEADER)
    for number, likes in ((1, 10), (2, 20), (3, 30)):
        sheet.append(["Acme", "instagram", f"p{number}", f"2025-01-0{number}T10:00:00Z", likes])
    book.save(path)
    return path


def make_client(tmp_path: Path, config: dict, *, live: bool = False) -> Path:
    """acme with three exports: posts.xlsx, mentions.csv and followers.csv (and live.csv)."""
    folder = tmp_path / "clients" / "acme"
    exports = folder / "exports"
    exports.mkdir(parents=True)
    posts_workbook(exports / "posts.xlsx")
    (exports / "mentions.csv").write_text(MENTIONS, encoding="utf-8")
    (exports / "followers.csv").write_text(FOLLOWERS, encoding="utf-8")
    if live:
        (exports / "live.csv").write_text(LIVE, encoding="utf-8")
    (folder / "client.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _load_cached.cache_clear()
    return tmp_path


def read_counts(ws) -> dict[str, tuple[str, int, int]]:
    p = ws.provenance
    assert p["file"].is_unique, p["file"].tolist()  # no file read twice
    return {row.file: (row.format, row.rows_read, row.rows_accepted) for row in p.itertuples()}


def test_without_entries_every_file_is_read(tmp_path):
    data_dir = make_client(tmp_path, CONFIG)
    ws = load_workspace("acme", data_dir=data_dir)
    # the workbook's first sheet that fits is read: the old one
    assert read_counts(ws)["posts.xlsx"][1:] == (1, 1)
    assert len(read_counts(ws)) == 3


def test_an_entry_for_one_file_keeps_the_other_files(tmp_path):
    config = {**CONFIG, "exports": [{"path": "posts.xlsx", "sheet": "Posts"}]}
    data_dir = make_client(tmp_path, config)
    ws = load_workspace("acme", data_dir=data_dir)
    assert read_counts(ws) == {
        "posts.xlsx": ("generic-posts", 3, 3),  # the entry's sheet, not the first
        "mentions.csv": ("generic-mentions", 2, 2),
        "followers.csv": ("generic-followers", 4, 4),
    }
    assert ws.imported == {
        "posts": 3,
        "mentions": 2,
        "responses": 0,
        "audience": 0,
        "followers": 4,
    }
    assert sorted(ws.posts["likes"]) == [10, 20, 30]
    assert ws.provenance["rows_read"].sum() == 9
    # validate reads the same files the same way
    check = check_client("acme", data_dir=data_dir)
    assert [(f.file, f.rows_read) for f in check.files] == [
        ("posts.xlsx", 3),
        ("followers.csv", 4),
        ("mentions.csv", 2),
    ]
    result = CliRunner().invoke(app, ["validate", "acme", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert all(name in result.output for name in ("posts.xlsx", "followers.csv", "mentions.csv"))


def test_a_column_map_for_one_file_keeps_the_other_files(tmp_path):
    data_dir = make_client(tmp_path, {**CONFIG, "exports": [LIVE_ENTRY]}, live=True)
    ws = load_workspace("acme", data_dir=data_dir)
    assert read_counts(ws) == {
        "live.csv": ("mapped-posts", 2, 2),
        "posts.xlsx": ("generic-posts", 1, 1),
        "mentions.csv": ("generic-mentions", 2, 2),
        "followers.csv": ("generic-followers", 4, 4),
    }
    assert ws.imported["posts"] == 3  # 2 mapped + 1 detected (December, before the period)
    mapped = ws.posts[ws.posts["channel"] == "facebook"].sort_values("post_id")
    assert mapped[["post_id", "likes", "shares"]].values.tolist() == [
        ["s1", 529, 262],
        ["s2", 150, 0],
    ]


def test_a_file_named_by_an_entry_is_read_once(tmp_path):
    config = {**CONFIG, "exports": [{"path": "./mentions.csv"}, {"path": "posts.xlsx"}]}
    data_dir = make_client(tmp_path, config)
    files = export_files(parse_config(config), data_dir / "clients" / "acme")
    assert [(p.name, fmt) for p, fmt in files] == [
        ("mentions.csv", None),
        ("posts.xlsx", None),
        ("followers.csv", None),
    ]
    ws = load_workspace("acme", data_dir=data_dir)
    assert len(ws.provenance) == 3
    assert ws.imported["mentions"] == 2


def test_a_symlink_to_a_listed_file_is_not_read_again(tmp_path):
    config = {**CONFIG, "exports": [{"path": "mentions.csv", "format": "generic-mentions"}]}
    data_dir = make_client(tmp_path, config)
    exports = data_dir / "clients" / "acme" / "exports"
    try:
        (exports / "also-mentions.csv").symlink_to(exports / "mentions.csv")
    except OSError:
        pytest.skip("no symlinks here")
    files = export_files(parse_config(config), exports.parent)
    assert [p.name for p, _ in files] == ["mentions.csv", "followers.csv", "posts.xlsx"]


def test_two_entries_for_one_file_are_a_config_error():
    with pytest.raises(ConfigError) as error:
        parse_config({**CONFIG, "exports": [{"path": "a.csv"}, {"path": "./a.csv", "sheet": "S"}]})
    assert str(error.value).splitlines()[1:] == [
        "  - exports.1.path: './a.csv' is listed by exports.0 already; give a file one entry"
    ]


def test_ignore_exports_leaves_a_file_unread(tmp_path):
    config = {
        **CONFIG,
        "exports": [{"path": "posts.xlsx", "sheet": "Posts"}],
        "ignore_exports": ["followers.csv", "gone.csv"],  # a name with no file is harmless
    }
    data_dir = make_client(tmp_path, config)
    ws = load_workspace("acme", data_dir=data_dir)
    assert read_counts(ws) == {
        "posts.xlsx": ("generic-posts", 3, 3),
        "mentions.csv": ("generic-mentions", 2, 2),
    }
    assert ws.imported["followers"] == 0
    check = check_client("acme", data_dir=data_dir)
    assert [f.file for f in check.files] == ["posts.xlsx", "mentions.csv"]


def test_a_file_both_listed_and_ignored_is_a_config_error():
    with pytest.raises(ConfigError) as error:
        parse_config(
            {**CONFIG, "exports": [{"path": "a.csv"}], "ignore_exports": ["b.csv", "a.csv"]}
        )
    assert str(error.value).splitlines()[1:] == [
        "  - ignore_exports.1: 'a.csv' is listed by exports.0 to be read; remove one of the two"
    ]


def test_an_entry_outside_exports_does_not_configure_a_namesake_inside(tmp_path):
    # ../live.csv (next to client.yaml) is mapped; exports/live.csv is a canonical posts file
    entry = {**LIVE_ENTRY, "path": "../live.csv"}
    data_dir = make_client(tmp_path, {**CONFIG, "exports": [entry]})
    folder = data_dir / "clients" / "acme"
    (folder / "live.csv").write_text(LIVE, encoding="utf-8")
    (folder / "exports" / "live.csv").write_text(
        ",".join(POST_HEADER) + "\nAcme,x,c1,2025-01-05T10:00:00Z,7\n", encoding="utf-8"
    )
    ws = load_workspace("acme", data_dir=data_dir)
    formats = sorted(zip(ws.provenance["format"], ws.provenance["rows_read"], strict=True))
    assert formats == [
        ("generic-followers", 4),
        ("generic-mentions", 2),
        ("generic-posts", 1),  # exports/live.csv, detected
        ("generic-posts", 1),  # posts.xlsx [Old]
        ("mapped-posts", 2),  # ../live.csv, through its map
    ]
    assert ws.imported["posts"] == 4  # c1, old1 (December, before the period), s1 and s2
    assert sorted(ws.posts["post_id"]) == ["c1", "s1", "s2"]


def test_an_entry_for_a_missing_file_is_still_an_error(tmp_path):
    config = {**CONFIG, "exports": [{"path": "nope.csv"}]}
    data_dir = make_client(tmp_path, config)
    with pytest.raises(InputError, match=r"^nope\.csv: listed in client\.yaml exports but not"):
        load_workspace("acme", data_dir=data_dir)
    check = check_client("acme", data_dir=data_dir)
    assert [(f.file, f.error) for f in check.files] == [
        ("nope.csv", "nope.csv: not found in exports/"),  # the other three are still checked
        ("followers.csv", ""),
        ("mentions.csv", ""),
        ("posts.xlsx", ""),
    ]
