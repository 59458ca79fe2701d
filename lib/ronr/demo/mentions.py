"""The mentions of every tracked brand (signals 3, 4, 5 and 7, and the foreign mentions).

In order: the base mentions of each brand, the super-fans', the incident burst and its
aftermath, the mentions in other languages and the hostile mention; then ids, replies to
posts, URLs and the engagements each mention received.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..schema import MENTION_KINDS
from .authors import author_pool
from .sampling import (
    allocate,
    exact_share,
    normalise,
    period_days,
    snowflakes,
    text_pool,
    timestamps,
)
from .spec import PERIOD_START, TONES, DemoSpec

__all__ = ["build_mentions"]

_POS, _NEU, _NEG, _QUE, _COMPLAINT = range(5)  # indices into TONES
_NEEDS_ANSWER = (_NEG, _QUE, _COMPLAINT)

_KIND_WEIGHTS = (0.40, 0.30, 0.08, 0.07, 0.15)  # in the order of schema.MENTION_KINDS


def _daily_weights(spec: DemoSpec) -> np.ndarray:
    days = period_days()
    position = np.arange(len(days)) / (len(days) - 1)
    trend = 0.9 + 0.2 * position + 0.05 * np.sin(2 * np.pi * position)
    return normalise(np.array(spec.weekly)[days.day_of_week] * trend)


def build_mentions(
    spec: DemoSpec, posts: pd.DataFrame, rng: np.random.Generator, scale: float
) -> tuple[pd.DataFrame, np.ndarray]:
    """The mentions table and, per row, whether it needs an answer from the client."""
    counts = spec.mention_counts(scale)
    sig = spec.signals
    incident = sig.incident
    n_days = len(period_days())
    day_p = _daily_weights(spec)
    hour_p = normalise(spec.hours)
    channels = np.array(spec.channels, dtype=object)
    channel_p = normalise([spec.channel_weights[ch] for ch in spec.channels])

    n_authors = max(300, round(spec.n_mentions * scale / 1.8))
    brand_handles = {h for b in spec.brands for h in b.handles}
    authors, author_followers = author_pool(n_authors, brand_handles | set(sig.superfans), rng)
    author_w = np.minimum(rng.lognormal(0, 0.8, n_authors), 4.0)
    author_p = normalise(author_w)

    parts: list[dict[str, np.ndarray]] = []

    def add(brand: str, day, hour, channel, kind, tone, text, author, followers) -> None:
        n = len(day)
        values = {
            "brand": brand,
            "day": day,
            "hour": hour,
            "channel": channel,
            "kind": kind,
            "tone": tone,
            "text": text,
            "author": author,
            "author_followers": followers,
        }
        parts.append({k: np.broadcast_to(np.asarray(v), (n,)).copy() for k, v in values.items()})

    def regular(n: int) -> dict[str, np.ndarray]:
        who = rng.choice(n_authors, size=n, p=author_p)
        return {
            "hour": rng.choice(24, size=n, p=hour_p),
            "channel": channels[rng.choice(len(channels), size=n, p=channel_p)],
            "kind": np.array(MENTION_KINDS, dtype=object)[rng.choice(5, p=_KIND_WEIGHTS, size=n)],
            "author": authors[who],
            "followers": author_followers[who],
        }

    pools = {
        b.name: [text_pool(spec.texts[tone], b.references, spec.products) for tone in TONES]
        for b in spec.brands
    }

    # 1. base mentions of every brand
    for b in spec.brands:
        n = counts[b.name]
        day = np.repeat(np.arange(n_days), rng.multinomial(n, day_p))
        tone = rng.choice(5, size=n, p=normalise(b.tone))
        text = np.empty(n, dtype=object)
        for t in range(5):
            idx = np.flatnonzero(tone == t)
            text[idx] = pools[b.name][t][rng.integers(0, len(pools[b.name][t]), len(idx))]
        r = regular(n)
        add(
            b.name, day, r["hour"], r["channel"], r["kind"], tone, text, r["author"], r["followers"]
        )

    client = spec.brand
    refs = client.references

    # 2. super-fans: spread over the year, mostly positive, half shares
    per_fan = sig.superfan_count(scale)
    n = per_fan * len(sig.superfans)
    fan = np.repeat(np.arange(len(sig.superfans)), per_fan)
    favourite = rng.integers(0, len(channels), len(sig.superfans))[fan]
    channel = np.where(
        rng.random(n) < 0.7, channels[favourite], channels[rng.integers(0, len(channels), n)]
    )
    tone = np.where(rng.random(n) < 0.85, _POS, _NEU)
    fan_pool = text_pool(spec.texts["superfan"] + spec.texts["positive"], refs, spec.products)
    neutral_pool = pools[client.name][_NEU]
    text = np.where(
        tone == _POS,
        fan_pool[rng.integers(0, len(fan_pool), n)],
        neutral_pool[rng.integers(0, len(neutral_pool), n)],
    )
    kind = np.array(["share", "mention", "comment"], dtype=object)[
        rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    ]
    fan_followers = np.round(rng.lognormal(7.2, 0.7, len(sig.superfans))).astype("int64")
    add(
        client.name,
        rng.integers(0, n_days, n),
        rng.choice(24, size=n, p=hour_p),
        channel,
        kind,
        tone,
        text,
        np.array(sig.superfans, dtype=object)[fan],
        fan_followers[fan],
    )

    # 3. the incident burst, and a few aftermath mentions that reuse its keyword (a null
    # client has none)
    if incident is not None:
        n = counts["incident"]
        start = (incident.start - PERIOD_START).days
        day = start + np.repeat(np.arange(incident.days), allocate(n, incident.profile))
        negative = exact_share(n, incident.negative_share, rng)
        neg_pool = text_pool(incident.negative_texts, refs, ("",))
        q_pool = text_pool(incident.question_texts, refs, ("",))
        text = np.where(
            negative,
            neg_pool[rng.integers(0, len(neg_pool), n)],
            q_pool[rng.integers(0, len(q_pool), n)],
        )
        r = regular(n)
        kind = np.where(r["kind"] == "review", "mention", r["kind"])
        tone = np.where(negative, _NEG, _COMPLAINT)
        add(
            client.name, day, r["hour"], r["channel"], kind, tone, text, r["author"], r["followers"]
        )

        n = counts["aftermath"]
        after_pool = text_pool(incident.aftermath_texts, refs, ("",))
        day = np.minimum(start + incident.days + 7 + rng.integers(0, 60, n), n_days - 1)
        r = regular(n)
        text = after_pool[rng.integers(0, len(after_pool), n)]
        add(
            client.name,
            day,
            r["hour"],
            r["channel"],
            "mention",
            _POS,
            text,
            r["author"],
            r["followers"],
        )

    # 4. a few dozen mentions in Spanish, French and German
    n = counts["foreign"]
    r = regular(n)
    tone = np.array([TONES.index(t) for _, t, _ in spec.foreign])
    text = np.array([s for _, _, s in spec.foreign], dtype=object)
    day = rng.integers(0, n_days, n)
    add(
        client.name,
        day,
        r["hour"],
        r["channel"],
        "mention",
        tone,
        text,
        r["author"],
        r["followers"],
    )

    # 5. the hostile mention (escaping check)
    hostile_day = (dt.date(2025, 9, 3) - PERIOD_START).days
    hostile_channel = "facebook" if "facebook" in spec.channels else spec.channels[0]
    add(
        client.name,
        [hostile_day],
        [18],
        [hostile_channel],
        ["review"],
        [_NEG],
        [sig.hostile_text],
        ["@not_a_script"],
        [12],
    )

    data = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    n = len(data["day"])
    created = timestamps(data["day"], data["hour"], rng)
    mentions = pd.DataFrame(
        {
            "channel": data["channel"],
            "created_at": created,
            "author": data["author"],
            "author_followers": data["author_followers"].astype("int64"),
            "text": data["text"],
            "brand": data["brand"],
            "kind": data["kind"],
            "tone": data["tone"].astype("int64"),
            "hostile": np.arange(n) == n - 1,
        }
    )
    # reviews only exist on facebook
    mentions.loc[(mentions["kind"] == "review") & (mentions["channel"] != "facebook"), "kind"] = (
        "mention"
    )
    mentions = mentions.sort_values(
        ["created_at", "brand", "author"], kind="stable", ignore_index=True
    )
    ids = snowflakes(1_880_000_000_000_000_000, len(mentions), rng, 10**10).astype(str)
    ids = ids.astype(object)
    ids[mentions["hostile"].to_numpy()] = sig.hostile_mention_id
    mentions.insert(0, "mention_id", ids)
    mentions["in_reply_to"] = _link_to_posts(mentions, posts, rng)
    mentions["url"] = _mention_urls(mentions)
    # likes, replies and shares a mention received: grows with its author's audience; drawn
    # from a child stream so the other columns stay as they were
    followers = mentions["author_followers"].to_numpy(dtype=float)
    mentions["engagements"] = rng.spawn(1)[0].poisson(0.5 + 0.01 * followers**0.7)
    needs = (
        mentions["tone"].isin(_NEEDS_ANSWER).to_numpy() & (mentions["kind"] != "share").to_numpy()
    )
    needs &= (mentions["brand"] == client.name).to_numpy()
    mentions["created_at"] = pd.to_datetime(mentions["created_at"]).dt.tz_localize("UTC")
    return mentions.drop(columns=["tone", "hostile"]), needs


def _link_to_posts(
    mentions: pd.DataFrame, posts: pd.DataFrame, rng: np.random.Generator
) -> np.ndarray:
    """Comments and replies answer a recent post of their brand on their channel."""
    in_reply_to = np.full(len(mentions), None, dtype=object)
    is_comment = mentions["kind"].isin(["comment", "reply"]).to_numpy()
    created = mentions["created_at"].to_numpy().astype("datetime64[s]").astype("int64")
    lag = rng.geometric(0.5, size=len(mentions)) - 1
    for (brand, channel), group in posts.groupby(["brand", "channel"], sort=True):
        sel = np.flatnonzero(
            is_comment
            & (mentions["brand"] == brand).to_numpy()
            & (mentions["channel"] == channel).to_numpy()
        )
        if not len(sel):
            continue
        times = group["published_at"].dt.tz_localize(None).to_numpy().astype("datetime64[s]")
        idx = np.searchsorted(times.astype("int64"), created[sel], side="right") - 1
        idx = np.where(idx >= 0, np.maximum(idx - lag[sel], 0), -1)
        ids = group["post_id"].to_numpy(dtype=object)
        in_reply_to[sel] = np.where(idx >= 0, ids[np.maximum(idx, 0)], None)
    orphan = is_comment & pd.isna(in_reply_to)
    mentions.loc[orphan, "kind"] = "mention"
    return in_reply_to


def _mention_urls(mentions: pd.DataFrame) -> np.ndarray:
    ids = mentions["mention_id"].astype(str)
    user = mentions["author"].str.lstrip("@")
    ch = mentions["channel"]
    return np.select(
        [ch == "facebook", ch == "instagram", ch == "x", ch == "tiktok", ch == "linkedin"],
        [
            "https://www.facebook.com/permalink.php?story_fbid=" + ids,
            "https://www.instagram.com/p/" + ids + "/",
            "https://x.com/" + user + "/status/" + ids,
            "https://www.tiktok.com/@" + user + "/video/" + ids,
            "https://www.linkedin.com/feed/update/urn:li:activity:" + ids + "/",
        ],
        "https://www.youtube.com/post/" + ids,
    )
