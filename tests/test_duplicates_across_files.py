"""A row repeated in two files of one client is kept once, from the first file, in validate as
in render; the repeat is rejected with a reason naming both files."""

import pandas as pd
from typer.testing import CliRunner

from ronr.cli import app
from ronr.store import _load_cached, load_workspace
from ronr.validate import check_client
from tests.cases import copy_case_data

CONFIG = (
    "client: acme\ndisplay_name: Acme\n"
    "brand: {name: Acme, handles: ['@acme']}\n"
    "competitors: [{name: Café Noir, keywords: [cafe noir]}]\n"
)
POSTS_HEADER = "brand,channel,post_id,published_at,likes\n"
MENTIONS_HEADER = "mention_id,channel,created_at,text,kind,engagements,brand\n"
RESPONSES_HEADER = "response_id,mention_id,channel,created_at,author\n"


def make_client(tmp_path, files):
    folder = tmp_path / "clients" / "acme"
    (folder / "exports").mkdir(parents=True)
    (folder / "client.yaml").write_text(CONFIG)
    for name, text in files.items():
        (folder / "exports" / name).write_text(text)
    _load_cached.cache_clear()
    return tmp_path


def counts(frame_or_files):
    """file -> (rows read, accepted, rejected), from a provenance frame or FileChecks."""
    if isinstance(frame_or_files, pd.DataFrame):
        return {
            r.file: (r.rows_read, r.rows_accepted, r.rows_rejected)
            for r in frame_or_files.itertuples()
        }
    return {f.file: (f.rows_read, f.rows_accepted, f.rows_rejected) for f in frame_or_files}


def test_the_case_keeps_each_mention_once_and_validate_agrees_with_render(tmp_path):
    data_dir = copy_case_data("duplicate-rows-across-files", tmp_path)
    _load_cached.cache_clear()
    # export_files reads mentions-overlap.csv ('-' sorts before '.') before mentions.csv: its 50
    # rows are all kept, and the 50 of mentions.csv's 100 that repeat them are rejected
    check = check_client("acme-demo", data_dir=data_dir)
    assert check.ok
    by_file = counts(check.files)
    assert by_file["mentions-overlap.csv"] == (50, 50, 0)
    assert by_file["mentions.csv"] == (100, 50, 50)
    workspace = load_workspace("acme-demo", data_dir=data_dir)  # no pandera "not unique" dump
    assert counts(workspace.provenance) == by_file
    assert workspace.imported["mentions"] == 100
    assert workspace.mentions["mention_id"].is_unique
    assert len(workspace.rejects) == 50
    first = workspace.rejects.iloc[0]
    assert (first["file"], int(first["row"]), first["column"]) == (
        "mentions.csv",
        1,
        "mention_id+brand",
    )
    assert first["value"] == "1880000006369425856"
    assert first["reason"] == "same mention_id and brand as row 1 of mentions-overlap.csv"
    assert workspace.rejects["reason"].str.endswith("of mentions-overlap.csv").all()
    # the validate command passes and prints the same counts
    result = CliRunner().invoke(app, ["validate", "acme-demo", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "same mention_id and brand as row 1 of mentions-overlap.csv" in result.output


def test_repeated_posts_mentions_and_responses_are_rejected_from_the_later_file(tmp_path):
    data_dir = make_client(
        tmp_path,
        {
            "a-posts.csv": POSTS_HEADER
            + "Acme,x,1,2025-01-01T10:00:00Z,5\nAcme,x,2,2025-01-02T10:00:00Z,6\n",
            # post 2 on x repeats a-posts.csv row 2; post 1 on facebook is another post
            "b-posts.csv": POSTS_HEADER
            + "Acme,x,2,2025-01-02T10:00:00Z,7\n"
            + "Acme,facebook,1,2025-01-03T10:00:00Z,1\n"
            + "Acme,x,3,2025-01-04T10:00:00Z,2\n",
            "c-mentions.csv": MENTIONS_HEADER
            + "m1,x,2025-01-01T10:00:00Z,hi @acme,mention,1,Acme\n"
            + "m2,x,2025-01-02T10:00:00Z,yo @acme,mention,1,Acme\n",
            "d-mentions.csv": MENTIONS_HEADER
            + "m3,x,2025-01-03T10:00:00Z,hey @acme,mention,1,Acme\n"
            + "m2,x,2025-01-02T10:00:00Z,yo @acme,mention,1,Acme\n"
            + "m2,x,2025-01-02T10:00:00Z,yo cafe noir,mention,1,Café Noir\n",
            "e-responses.csv": RESPONSES_HEADER + "r1,m1,x,2025-01-01T11:00:00Z,@acme\n",
            "f-responses.csv": RESPONSES_HEADER
            + "r2,m2,x,2025-01-02T11:00:00Z,@acme\n"
            + "r1,m1,x,2025-01-01T11:00:00Z,@acme\n",
        },
    )
    expected = {
        "a-posts.csv": (2, 2, 0),
        "b-posts.csv": (3, 2, 1),
        "c-mentions.csv": (2, 2, 0),
        "d-mentions.csv": (3, 2, 1),  # (m2, Café Noir) is a new key: kept
        "e-responses.csv": (1, 1, 0),
        "f-responses.csv": (2, 1, 1),
    }
    check = check_client("acme", data_dir=data_dir)
    assert counts(check.files) == expected
    workspace = load_workspace("acme", data_dir=data_dir)
    assert counts(workspace.provenance) == expected
    assert workspace.imported == {
        "posts": 4,
        "mentions": 4,
        "responses": 2,
        "audience": 0,
        "followers": 0,
    }
    # the first file's row is kept: post 2 has a-posts.csv's 6 likes, not b-posts.csv's 7
    posts = workspace.posts.set_index(["channel", "post_id"])
    assert posts.loc[("x", "2"), "likes"] == 6
    assert posts.loc[("x", "2"), "source_file"] == "a-posts.csv"
    rejects = workspace.rejects.assign(row=workspace.rejects["row"].astype(int))
    assert rejects[["file", "row", "value", "reason"]].values.tolist() == [
        ["b-posts.csv", 1, "2", "same post_id, brand and channel as row 2 of a-posts.csv"],
        ["d-mentions.csv", 2, "m2", "same mention_id and brand as row 2 of c-mentions.csv"],
        ["f-responses.csv", 2, "r1", "same response_id as row 1 of e-responses.csv"],
    ]
    by_file = {f.file: f for f in check.files}
    assert by_file["d-mentions.csv"].rejects["reason"].tolist() == [
        "same mention_id and brand as row 2 of c-mentions.csv"
    ]


def test_a_mention_repeated_for_one_of_its_brands_keeps_the_other(tmp_path):
    data_dir = make_client(
        tmp_path,
        {
            "a.csv": MENTIONS_HEADER + "1,x,2025-01-01T10:00:00Z,Love @ACME,mention,3,Acme\n",
            # no brand column: the text names both brands, so row 1 gives (1, Acme) and
            # (1, Café Noir); only the first repeats a.csv
            "b.csv": "mention_id,channel,created_at,text,kind,engagements\n"
            "1,x,2025-01-01T10:00:00Z,Love @ACME and Café Noir,mention,3\n"
            "2,x,2025-01-02T10:00:00Z,Love @acme,mention,1\n",
        },
    )
    workspace = load_workspace("acme", data_dir=data_dir)
    pairs = sorted(zip(workspace.mentions["mention_id"], workspace.mentions["brand"], strict=True))
    assert pairs == [("1", "Acme"), ("1", "Café Noir"), ("2", "Acme")]
    assert counts(workspace.provenance) == {"a.csv": (1, 1, 0), "b.csv": (2, 2, 0)}
    assert len(workspace.rejects) == 0
    notes = workspace.provenance.set_index("file").loc["b.csv", "notes"]
    assert notes == (
        "Rows that repeat a row of an earlier file for some of their brands: 1; "
        "those brands are counted once, from the earlier file, the others kept."
    )
    assert counts(check_client("acme", data_dir=data_dir).files) == counts(workspace.provenance)


def test_the_file_listed_first_in_client_yaml_keeps_the_row(tmp_path):
    data_dir = make_client(
        tmp_path,
        {
            "a.csv": POSTS_HEADER + "Acme,x,1,2025-01-01T10:00:00Z,5\n",
            "b.csv": POSTS_HEADER + "Acme,x,1,2025-01-01T10:00:00Z,9\n",
        },
    )
    config = data_dir / "clients" / "acme" / "client.yaml"
    config.write_text(CONFIG + "exports: [{path: b.csv}]\n")  # entries are read first
    workspace = load_workspace("acme", data_dir=data_dir)
    assert workspace.posts["likes"].tolist() == [9]
    assert workspace.rejects["reason"].tolist() == [
        "same post_id, brand and channel as row 1 of b.csv"
    ]
    assert counts(check_client("acme", data_dir=data_dir).files) == {
        "b.csv": (1, 1, 0),
        "a.csv": (1, 0, 1),
    }


def test_a_day_counted_in_two_follower_files_is_kept_once(tmp_path):
    header = "channel,date,followers\n"
    data_dir = make_client(
        tmp_path,
        {
            "f1.csv": header + "x,2025-01-01,100\nx,2025-01-02,101\n",
            "f2.csv": header + "x,2025-01-02,105\nx,2025-01-03,102\n",
        },
    )
    workspace = load_workspace("acme", data_dir=data_dir)
    assert workspace.imported["followers"] == 3
    assert counts(workspace.provenance) == {"f1.csv": (2, 2, 0), "f2.csv": (2, 1, 1)}
    assert workspace.rejects["reason"].tolist() == ["same channel and date as row 2 of f1.csv"]
