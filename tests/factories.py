"""Small hand-made canonical tables for unit tests (values chosen to be easy to check by hand)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

SECTION_PARAMETERS = (
    'client = "demo-coffee"\nperiod = ""\ndata_dir = ""\ninteractive = True\ncompare = ""'
)


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def make_mentions(rows: list[dict]) -> pd.DataFrame:
    defaults = {
        "channel": "x",
        "author": "@someone",
        "author_followers": 0,
        "text": "hello",
        "kind": "mention",
        "in_reply_to": None,
        "url": None,
        "sentiment": 0.0,
        "sentiment_label": "neutral",
        "is_question": False,
        "language": None,
        "source_file": "mentions.csv",
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["mention_id"] = frame.get("mention_id", pd.Series([f"m{i}" for i in range(len(frame))]))
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["author_followers"] = frame["author_followers"].astype("Int64")
    frame["source_row"] = pd.array(range(1, len(frame) + 1), dtype="Int64")
    return frame


def make_posts(rows: list[dict]) -> pd.DataFrame:
    counts = (
        "impressions",
        "reach",
        "likes",
        "comments",
        "shares",
        "saves",
        "clicks",
        "video_views",
        "followers_at_post",
    )
    defaults = {
        "brand": "Acme",
        "channel": "facebook",
        "text": "",
        "post_type": "photo",
        "paid": False,
        "source_file": "posts.csv",
        **{c: None for c in counts},
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["post_id"] = [f"p{i}" for i in range(len(frame))]
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True)
    for c in counts:
        frame[c] = frame[c].astype("Int64")
    frame["source_row"] = pd.array(range(1, len(frame) + 1), dtype="Int64")
    return frame


def write_section(path: Path, title: str, *code: str, parameters: str = SECTION_PARAMETERS) -> None:
    """A toy report section: a '# title' markdown cell, a parameters cell, then ``code`` cells."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nWhat this section is about."),
        params,
        *(nbformat.v4.new_code_cell(source) for source in code),
    ]
    nbformat.write(nb, str(path))
