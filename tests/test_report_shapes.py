"""Every report section runs on every shape of data a real client brings.

For each non-empty subset of the five tables, for posts lacking reach, impressions or text, and
for a period that holds no rows, every notebook cell of the report runs without an exception;
a missing table is named with the export that would supply it, and the cover shows what can be
computed. The notebooks run in this process (see ``tests/report_runner.py``).
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from tests.report_runner import run_report
from tests.visible import raw_words, visible_texts

TABLES = ("posts", "mentions", "responses", "audience", "followers")
CONFIG = """\
client: {client}
display_name: Shape test
brand: {{name: Acme, handles: ["@acme"], keywords: [acme]}}
competitors:
  - {{name: Beta, handles: ["@beta"], keywords: [beta]}}
target_market:
  age: {{"18-34": 0.6, "35+": 0.4}}
effort: {{facebook: 3, x: 1}}
responses: {{target_hours: 2}}
business_hours: {{timezone: Europe/London}}
period: {{start: 2025-03-01, end: 2025-04-30}}
"""
MENTION_TEXTS = (
    "@acme where is my order?",
    "love the new @acme blend",
    "@beta my delivery is late again, awful",
    "@acme the app keeps crashing, terrible",
    "beta coffee is great this morning",
    "@acme can I change my address?",
)


def _posts() -> pd.DataFrame:
    rows = []
    for i in range(16):
        rows.append(
            {
                "brand": "Acme" if i % 4 else "Beta",
                "channel": "facebook" if i % 2 else "x",
                "post_id": f"p{i}",
                "published_at": f"2025-03-{1 + 3 * (i % 10):02d}T{9 + i % 8:02d}:00:00Z",
                "text": f"Spring blend news {i} #coffee" if i % 3 else f"Our roastery, day {i}",
                "post_type": "video" if i % 3 == 0 else "photo",
                "impressions": 1000 + 50 * i,
                "reach": 800 + 40 * i,
                "likes": 40 + i,
                "comments": 5 + i % 4,
                "shares": 2 + i % 3,
            }
        )
    return pd.DataFrame(rows)


def _mentions() -> pd.DataFrame:
    rows = []
    for i in range(36):
        text = MENTION_TEXTS[i % len(MENTION_TEXTS)]
        rows.append(
            {
                "mention_id": f"m{i}",
                "channel": "x" if i % 3 else "facebook",
                "created_at": f"2025-03-{2 + (i * 7) % 27:02d}T{8 + i % 10:02d}:15:00Z",
                "author": f"@fan{i % 9}",
                "text": text,
                "brand": "Beta" if "beta" in text else "Acme",
                "kind": "mention",
            }
        )
    return pd.DataFrame(rows)


def _responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": [f"r{i}" for i in range(0, 36, 3)],
            "mention_id": [f"m{i}" for i in range(0, 36, 3)],
            "channel": ["facebook"] * 12,
            "created_at": [f"2025-03-{2 + (i * 7) % 27:02d}T19:40:00Z" for i in range(0, 36, 3)],
            "author": ["@acme"] * 12,
        }
    )


def _audience() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "channel": ["facebook", "facebook", "x", "x"],
            "dimension": ["age"] * 4,
            "bucket": ["18-34", "35+", "18-34", "35+"],
            "share": [0.7, 0.3, 0.2, 0.8],
            "as_of": ["2025-03-31"] * 4,
        }
    )


def _followers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "channel": ["facebook", "facebook", "x", "x"],
            "date": ["2025-03-01", "2025-04-30", "2025-03-01", "2025-04-30"],
            "followers": [1000, 1100, 500, 480],
        }
    )


MAKERS = {
    "posts": _posts,
    "mentions": _mentions,
    "responses": _responses,
    "audience": _audience,
    "followers": _followers,
}
POST_VARIANTS = {
    "posts without reach": ("reach",),
    "posts without reach or impressions": ("reach", "impressions"),
    "posts without text": ("text",),
}
SHAPES = {
    **{
        " + ".join(subset): (subset, (), "")
        for size in range(1, len(TABLES) + 1)
        for subset in itertools.combinations(TABLES, size)
    },
    **{name: (("posts", "mentions"), dropped, "") for name, dropped in POST_VARIANTS.items()},
    "a period with no rows": (TABLES, (), "2020-01..2020-02"),
}


def write_client(data_dir, client: str, tables, *, drop_post_columns=()) -> None:
    folder = data_dir / "clients" / client
    (folder / "exports").mkdir(parents=True)
    (folder / "client.yaml").write_text(CONFIG.format(client=client))
    for name in tables:
        frame = MAKERS[name]()
        if name == "posts":
            frame = frame.drop(columns=list(drop_post_columns))
        frame.to_csv(folder / "exports" / f"{name}.csv", index=False)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]+", "-", name.lower()).strip("-")


def test_every_subset_of_tables_is_a_shape():
    assert len(SHAPES) == 2**5 - 1 + 3 + 1  # 31 subsets, 3 post variants, the empty period


@pytest.mark.parametrize("shape", list(SHAPES), ids=_slug)
def test_every_section_runs_and_names_what_is_missing(shape, tmp_path, monkeypatch):
    tables, dropped, period = SHAPES[shape]
    client = _slug(shape)[:60]
    write_client(tmp_path, client, tables, drop_post_columns=dropped)
    outputs = run_report(client, data_dir=tmp_path, period=period, monkeypatch=monkeypatch)
    text = "\n".join(html for html in itertools.chain(*outputs.values()))
    absent = [t for t in TABLES if t not in tables] if not period else list(TABLES)
    for table in absent:
        assert f"No {table} data for this period" in text, table
    # a missing value is a dash in tables, cards and charts, never a raw 'nan' or '<NA>'; no
    # developer word (key, snake_case, channel key, language code) outside the appendix
    for notebook, shown in outputs.items():
        if notebook != "appendix":
            found = [w for html in shown for w in raw_words(visible_texts(html))]
            assert found == [], f"{notebook}: {found[:5]}"
    cover = "\n".join(outputs["cover"])
    if "posts" in tables and not period:
        assert "Posts</div>" in cover and "Comments per post" in cover
    if "mentions" in tables and not period:
        assert "Mentions of the brand" in cover
    if "followers" in tables and not period:
        # facebook 1,000 → 1,100 and x 500 → 480: (100 − 20) / 1,500
        assert "+5.3%" in cover and "Follower growth" in cover
    if "audience" in tables and not period:
        # facebook 0.7/0.3 against 0.6/0.4: 1 − ½(0.1 + 0.1) = 0.90; x 0.2/0.8: 0.60
        assert "Audience fit, best channel (Facebook)" in cover and ">0.90<" in cover
    if shape == "posts without reach":
        assert "Engagement rate by impressions" in cover
        assert "Engagement rate by reach" not in cover
    if shape == "posts without reach or impressions":
        assert "Engagement rate by" not in cover
