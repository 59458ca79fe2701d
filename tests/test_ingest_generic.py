import pandas as pd
import pytest

from ronr.errors import InputError
from ronr.ingest import import_file

HEADER = (
    "brand,channel,post_id,published_at,text,post_type,paid,impressions,reach,likes,comments,shares"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_posts_import_parses_and_rejects_with_reasons(tmp_path):
    path = write(
        tmp_path,
        "posts.csv",
        HEADER
        + ",extra_col\n"
        + 'Acme,facebook,p1,2025-01-02T10:00:00Z,Hello,photo,false,"12,400",100,10,-,2,keep me\n'
        + "Acme,Twitter,p2,2025-01-03T10:00:00Z,Hi,status,true,50,40,1,0,0,\n"
        + "Acme,facebook,p3,yesterday,Bad date,photo,false,1,1,1,1,1,\n"
        + "Acme,facebook,p4,2025-01-04T10:00:00Z,Neg,photo,false,1,1,-3,1,1,\n"
        + "Acme,facebook,p1,2025-01-02T10:00:00Z,Hello,photo,false,12400,100,10,,2,dup\n",
    )
    result = import_file(path)
    posts = result.tables["posts"]
    assert result.format == "generic-posts"
    assert result.rows_read == 5
    assert result.rows_accepted == 2
    assert result.rows_rejected == 3
    assert posts["post_id"].tolist() == ["p1", "p2"]
    assert posts["impressions"].tolist() == [12400, 50]
    assert pd.isna(posts["comments"].iloc[0])  # "-" is missing, not 0
    assert posts["channel"].tolist() == ["facebook", "x"]
    assert posts["extra_col"].tolist() == ["keep me", ""]  # unknown columns kept
    assert posts["source_row"].tolist() == [1, 2]
    reasons = result.rejects.set_index("row")
    assert reasons.loc[3, "column"] == "published_at"
    assert "unparseable date" in reasons.loc[3, "reason"]
    assert reasons.loc[4, "reason"] == "negative count"
    assert reasons.loc[4, "value"] == "-3"
    assert "duplicate id" in reasons.loc[5, "reason"]
    assert set(result.rejects["file"]) == {"posts.csv"}


def test_missing_required_column_is_one_clear_error(tmp_path):
    path = write(
        tmp_path,
        "mentions.csv",
        "mention_id,channel,created_at,brand,text\nm1,x,2025-01-01,Acme,hi\n",
    )
    with pytest.raises(InputError, match=r"mentions.csv: unknown export format"):
        import_file(path)
    with pytest.raises(InputError, match=r"mentions.csv: missing required column 'kind'"):
        import_file(path, format="generic-mentions")


def test_semicolons_bom_and_latin1(tmp_path):
    text = "\ufeffchannel;date;followers\nfacebook;2025-01-01;1200\nx;2025-01-01;-\n"
    result = import_file(write(tmp_path, "followers.csv", text))
    assert result.tables["followers"]["followers"].tolist() == [1200]
    assert result.rejects[["row", "column", "reason"]].to_dict("records") == [
        {"row": 2, "column": "followers", "reason": "missing value"}
    ]
    latin = "channel,dimension,bucket,share,as_of\nfacebook,country,España,45%,2025-03-31\n"
    audience = import_file(write(tmp_path, "audience.csv", latin, encoding="latin-1")).tables[
        "audience"
    ]
    assert audience["bucket"].tolist() == ["España"]
    assert audience["share"].tolist() == [0.45]


def test_empty_file(tmp_path):
    with pytest.raises(InputError, match=r"posts\.csv: the file is empty"):
        import_file(write(tmp_path, "posts.csv", ""))


def test_future_dates_are_rejected(tmp_path):
    text = "response_id,mention_id,channel,created_at,author\nr1,m1,x,2999-01-01T00:00:00Z,@acme\n"
    result = import_file(write(tmp_path, "responses.csv", text))
    assert result.rows_rejected == 1
    assert result.rejects["reason"].tolist() == ["date in the future"]


def test_every_spelling_of_a_story_is_a_story(tmp_path):
    rows = [
        f"Acme,instagram,p{i},2025-01-0{i + 1}T10:00:00Z,Hi,{kind},false,100,80,5,1,0"
        for i, kind in enumerate(("Story", "stories", "IG story", "Historia", "Reel", "photo"))
    ]
    posts = import_file(write(tmp_path, "posts.csv", HEADER + "\n" + "\n".join(rows))).tables[
        "posts"
    ]
    assert posts["post_type"].tolist() == ["story"] * 4 + ["reel", "photo"]
