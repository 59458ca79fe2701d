"""The five tables of one demo client, drawn from its spec with one seeded random stream."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import RonrError
from .audience import build_audience, build_followers
from .mentions import build_mentions
from .posts import build_posts
from .responses import build_responses
from .spec import DemoSpec

__all__ = ["generate_tables"]


def generate_tables(spec: DemoSpec, *, seed: int, scale: float) -> dict[str, pd.DataFrame]:
    """Draw the client's posts, mentions, responses, audience and followers tables.

    Parameters
    ----------
    spec
        The demo client.
    seed
        Random seed (``spec.seed_offset`` is added); the same seed and scale give the same
        tables.
    scale
        Multiplies the number of mentions, responses and posts.

    Returns
    -------
    dict[str, pandas.DataFrame]
        By table name; times are UTC datetimes (``followers["date"]`` at midnight).
    """
    if not scale > 0:
        raise RonrError(f"scale must be a positive number, not {scale!r}")
    rng = np.random.default_rng(seed + spec.seed_offset)
    # one child stream per table: drawing more for one table shifts no other table's draws
    r_followers, r_posts, r_mentions, r_responses, r_audience = rng.spawn(5)

    followers = build_followers(spec, r_followers)
    posts = build_posts(spec, followers, r_posts, scale)
    mentions, needs = build_mentions(spec, posts, r_mentions, scale)
    responses = build_responses(spec, mentions, needs, r_responses)
    audience = build_audience(spec, r_audience)
    return {
        "posts": posts,
        "mentions": mentions,
        "responses": responses,
        "audience": audience,
        "followers": followers,
    }
