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
from .variety import vary_texts

__all__ = ["TEXT_STYLES", "generate_tables"]

TEXT_STYLES = ("templates", "varied")
"""``texts`` of :func:`generate_tables`: the templates' texts, or mostly distinct ones."""


def generate_tables(
    spec: DemoSpec, *, seed: int, scale: float, texts: str = "templates"
) -> dict[str, pd.DataFrame]:
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
    texts
        ``"templates"``: each mention's text is one of the spec's templates filled in (a few
        thousand distinct texts at any scale). ``"varied"``: most texts get neutral words
        around them (:func:`ronr.demo.variety.vary_texts`), so most are distinct, as in a
        real export; sentiment and every planted signal are unchanged, and the other columns
        and tables are the same as with ``"templates"``.

    Returns
    -------
    dict[str, pandas.DataFrame]
        By table name; times are UTC datetimes (``followers["date"]`` at midnight).
    """
    if not scale > 0:
        raise RonrError(f"scale must be a positive number, not {scale!r}")
    if texts not in TEXT_STYLES:
        raise RonrError(f"texts must be one of {', '.join(TEXT_STYLES)}, not {texts!r}")
    rng = np.random.default_rng(seed + spec.seed_offset)
    # one child stream per table: drawing more for one table shifts no other table's draws
    r_followers, r_posts, r_mentions, r_responses, r_audience = rng.spawn(5)

    followers = build_followers(spec, r_followers)
    posts = build_posts(spec, followers, r_posts, scale)
    mentions, needs = build_mentions(spec, posts, r_mentions, scale)
    responses = build_responses(spec, mentions, needs, r_responses)
    if texts == "varied":
        # its own stream, spawned after the five: every other draw stays as it was
        (r_texts,) = rng.spawn(1)
        keep = (mentions["kind"] == "share").to_numpy().copy()
        keep |= mentions["text"].isin({text for _, _, text in spec.foreign}).to_numpy()
        keep |= (mentions["mention_id"] == spec.signals.hostile_mention_id).to_numpy()
        mentions["text"] = vary_texts(mentions["text"], keep=keep, rng=r_texts)
    audience = build_audience(spec, r_audience)
    return {
        "posts": posts,
        "mentions": mentions,
        "responses": responses,
        "audience": audience,
        "followers": followers,
    }
