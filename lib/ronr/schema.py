"""The five canonical tables every importer produces and every stage reads.

Each column carries a description (``describe_tables`` prints them). Timestamps are UTC; counts
are nullable integers because a missing count is not zero. Every row keeps ``source_file`` and
``source_row`` so a number in a report can be traced to the lines it came from.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .config import CHANNELS

UTC = pd.DatetimeTZDtype("ns", "UTC")
COUNT = "Int64"
SENTIMENT_LABELS = ("positive", "neutral", "negative")
MENTION_KINDS = ("mention", "comment", "reply", "review", "share")


def _count(description: str) -> pa.Column:
    return pa.Column(COUNT, pa.Check.ge(0), nullable=True, required=False, description=description)


def _provenance() -> dict[str, pa.Column]:
    return {
        "source_file": pa.Column(str, description="Export file the row came from."),
        "source_row": pa.Column(
            COUNT, pa.Check.ge(1), description="1-based data row in that file."
        ),
    }


_channel = pa.Column(
    str, pa.Check.isin(CHANNELS), description="One of " + ", ".join(CHANNELS) + "."
)

POSTS = pa.DataFrameSchema(
    {
        "brand": pa.Column(str, description="Tracked brand that published the post."),
        "channel": _channel,
        "post_id": pa.Column(str, description="Platform id of the post."),
        "published_at": pa.Column(
            UTC,
            nullable=True,
            description="Publication time, UTC; missing when the source gives no exact day.",
        ),
        "published_month": pa.Column(
            str,
            pa.Check.str_matches(r"^\d{4}-\d{2}$"),
            nullable=True,
            required=False,
            description="Month of publication, 'YYYY-MM', local time (derived or from the source).",
        ),
        "published_weekday": pa.Column(
            str,
            nullable=True,
            required=False,
            description="Weekday of publication, local time: Mon..Sun (or the source's own code).",
        ),
        "published_hour": pa.Column(
            COUNT,
            pa.Check.in_range(0, 23),
            nullable=True,
            required=False,
            description="Hour of publication, 0–23, local time (derived or from the source).",
        ),
        "total_engagements": pa.Column(
            "Float64",
            pa.Check.ge(0),
            nullable=True,
            required=False,
            description="likes + comments + shares + saves + clicks, over the counts known; "
            "missing when none is (derived).",
        ),
        "text": pa.Column(str, nullable=True, description="Post text (untrusted)."),
        "post_type": pa.Column(
            str, nullable=True, description="photo, video, link, status, carousel, reel, ..."
        ),
        "paid": pa.Column("boolean", nullable=True, description="Promoted with budget."),
        "impressions": _count("Times the post was shown."),
        "reach": _count("Unique accounts the post was shown to."),
        "likes": _count("All reactions."),
        "comments": _count("Comments and replies."),
        "shares": _count("Shares, retweets, reposts."),
        "saves": _count("Saves / bookmarks."),
        "clicks": _count("Link and post clicks."),
        "video_views": _count("Video views."),
        "followers_at_post": _count("Followers of the account when the post went out."),
        **_provenance(),
    },
    unique=["brand", "channel", "post_id"],
    strict=False,
    coerce=True,
    name="posts",
    description="Content published by a tracked brand (the client or a competitor).",
)

MENTIONS = pa.DataFrameSchema(
    {
        "mention_id": pa.Column(str, description="Platform id of the mention."),
        "channel": _channel,
        "created_at": pa.Column(UTC, description="When it was written, UTC."),
        "author": pa.Column(str, nullable=True, description="Author handle (pseudonymisable)."),
        "author_followers": _count("Followers of the author."),
        "text": pa.Column(str, nullable=True, description="What was said (untrusted)."),
        "engagements": _count("Likes, replies and shares the mention itself received."),
        "brand": pa.Column(str, description="Tracked brand it is about; one row per brand."),
        "kind": pa.Column(
            str, pa.Check.isin(MENTION_KINDS), description="mention, comment, reply, review, share."
        ),
        "in_reply_to": pa.Column(
            str, nullable=True, description="Id of the post or mention answered."
        ),
        "url": pa.Column(str, nullable=True, description="Link to the mention."),
        "sentiment": pa.Column(
            float,
            pa.Check.in_range(-1, 1),
            nullable=True,
            required=False,
            description="VADER compound score, -1..1 (derived).",
        ),
        "sentiment_label": pa.Column(
            str,
            pa.Check.isin(SENTIMENT_LABELS),
            nullable=True,
            required=False,
            description="positive (≥ 0.05), negative (≤ -0.05) or neutral (derived).",
        ),
        "is_question": pa.Column(bool, required=False, description="Asks something (derived)."),
        "answer_need": pa.Column(
            str,
            pa.Check.isin(("yes", "no", "unknown")),
            required=False,
            description="Needs an answer: yes (a question or negative), no, or unknown "
            "(no sentiment label and not a question); a share never (derived).",
        ),
        "needs_answer": pa.Column(
            bool,
            required=False,
            description="answer_need is yes (derived).",
        ),
        "language": pa.Column(
            str, nullable=True, required=False, description="Language (derived)."
        ),
        **_provenance(),
    },
    unique=["mention_id", "brand"],
    strict=False,
    coerce=True,
    name="mentions",
    description="What people say: mentions, comments, replies, reviews.",
)

RESPONSES = pa.DataFrameSchema(
    {
        "response_id": pa.Column(str, description="Platform id of the reply."),
        "mention_id": pa.Column(str, description="The mention it answers."),
        "channel": _channel,
        "created_at": pa.Column(UTC, description="When the brand replied, UTC."),
        "author": pa.Column(str, nullable=True, description="Brand account that replied."),
        **_provenance(),
    },
    unique=["response_id"],
    strict=False,
    coerce=True,
    name="responses",
    description="The brand's replies to mentions.",
)

AUDIENCE = pa.DataFrameSchema(
    {
        "channel": _channel,
        "dimension": pa.Column(
            str, description="age, gender, country, language, job_function, ..."
        ),
        "bucket": pa.Column(str, description="Bucket within the dimension, e.g. '25-34'."),
        "share": pa.Column(
            float, pa.Check.in_range(0, 1), description="Share of the audience, 0..1."
        ),
        "as_of": pa.Column(UTC, description="Date of the snapshot, UTC."),
        **_provenance(),
    },
    unique=["channel", "dimension", "bucket", "as_of"],
    strict=False,
    coerce=True,
    name="audience",
    description="Demographic snapshots of each channel's followers.",
)

FOLLOWERS = pa.DataFrameSchema(
    {
        "channel": _channel,
        "date": pa.Column(UTC, description="Day of the count, UTC midnight."),
        "followers": pa.Column(COUNT, pa.Check.ge(0), description="Followers on that day."),
        **_provenance(),
    },
    unique=["channel", "date"],
    strict=False,
    coerce=True,
    name="followers",
    description="Follower counts per channel per day.",
)

TABLES: dict[str, pa.DataFrameSchema] = {
    "posts": POSTS,
    "mentions": MENTIONS,
    "responses": RESPONSES,
    "audience": AUDIENCE,
    "followers": FOLLOWERS,
}


PROVENANCE_COLUMNS = frozenset({"source_file", "source_row"})
# filled by the store, not read from generic exports (a source may still give the post timing)
DERIVED_COLUMNS = frozenset(
    {
        "sentiment",
        "sentiment_label",
        "is_question",
        "answer_need",
        "needs_answer",
        "total_engagements",
        "language",
        "published_month",
        "published_weekday",
        "published_hour",
    }
)


def empty_table(name: str) -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes of table ``name``."""
    schema = TABLES[name]
    return pd.DataFrame(
        {
            col: pd.Series(dtype=spec.dtype.type if spec.dtype else object)
            for col, spec in schema.columns.items()
        }
    )


def validate_table(data: pd.DataFrame, name: str) -> pd.DataFrame:
    """Coerce and check ``data`` against canonical table ``name`` (raises on any violation)."""
    return TABLES[name].validate(data, lazy=True)


def describe_tables() -> pd.DataFrame:
    """One row per canonical column: table, column, dtype, required, description."""
    rows = [
        {
            "table": name,
            "column": col,
            "dtype": str(spec.dtype),
            "required": spec.required,
            "description": spec.description,
        }
        for name, schema in TABLES.items()
        for col, spec in schema.columns.items()
    ]
    return pd.DataFrame(rows)
