"""The posts of every tracked brand on the client's channels (signals 2 and 6).

Platform-like post ids, local posting hours, exact shares of post types (and of hashtags within
each type on the hashtag channel), reach and engagement per platform; competitors' exports lack
the private numbers (impressions, reach, saves, clicks) and the ``paid`` flag.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .platforms import (
    CHANNELS_WITH_SAVES,
    ENGAGEMENT_RATE,
    ENGAGEMENT_SPLIT,
    HASHTAG_SHARE,
    POST_HOURS,
    REACH_RATE,
    VIDEO_TYPES,
)
from .sampling import allocate, normalise, snowflakes, text_pool
from .spec import PERIOD_END, PERIOD_START, DemoSpec

__all__ = ["build_posts"]


def _youtube_ids(numbers: np.ndarray) -> np.ndarray:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    ids = []
    for number in numbers.tolist():
        value = (int(number) * 0x9E3779B97F4A7C15) % (64**11)
        ids.append("".join(alphabet[(value >> (6 * i)) & 63] for i in range(11)))
    return np.array(ids, dtype=object)


def _post_ids(channel: str, page_id: int, n: int, rng: np.random.Generator) -> np.ndarray:
    if channel == "facebook":
        return np.char.add(f"{page_id}_", snowflakes(10**15, n, rng, 10**12).astype(str))
    if channel == "instagram":
        return snowflakes(17_900_000_000_000_000, n, rng, 10**12).astype(str)
    if channel == "x":
        return snowflakes(1_874_000_000_000_000_000, n, rng, 10**15).astype(str)
    if channel == "tiktok":
        return snowflakes(7_455_000_000_000_000_000, n, rng, 10**15).astype(str)
    if channel == "linkedin":
        numbers = snowflakes(7_280_000_000_000_000_000, n, rng, 10**15).astype(str)
        return np.char.add("urn:li:activity:", numbers)
    return _youtube_ids(snowflakes(page_id, n, rng))


def build_posts(
    spec: DemoSpec, followers: pd.DataFrame, rng: np.random.Generator, scale: float
) -> pd.DataFrame:
    """Posts of every brand on every channel of the client (signals 2 and 6)."""
    tz = spec.timezone
    sig = spec.signals
    months = pd.date_range(PERIOD_START, PERIOD_END, freq="MS")
    month_len = months.days_in_month.to_numpy()
    month_off = (months - pd.Timestamp(PERIOD_START)).days.to_numpy()
    hour_values = np.array(list(POST_HOURS))
    hour_p = normalise(np.array(list(POST_HOURS.values())))
    own_followers = followers.set_index(["channel", "date"])["followers"]
    frames = []
    for brand in spec.brands:
        is_client = brand is spec.brand
        post_text = text_pool(spec.texts["post"], (brand.name,), spec.products)
        for ch in spec.channels:
            base = spec.posts_per_month[ch] * brand.activity * scale
            per_month = max(3 if is_client else 2, round(base))
            n = per_month * len(months)
            day = np.repeat(month_off, per_month) + np.floor(
                rng.random(n) * np.repeat(month_len, per_month)
            ).astype(int)
            minute = rng.choice([0, 0, 15, 30, 30, 45], size=n) + rng.integers(0, 3, n)
            local = (
                pd.Timestamp(PERIOD_START)
                + pd.to_timedelta(day, unit="D")
                + pd.to_timedelta(rng.choice(hour_values, size=n, p=hour_p), unit="h")
                + pd.to_timedelta(minute, unit="m")
            )
            published = (
                pd.DatetimeIndex(local)
                .tz_localize(tz, nonexistent="shift_forward", ambiguous=False)
                .tz_convert("UTC")
            )
            order = np.argsort(published.asi8, kind="stable")
            published = published[order]
            # exact shares of each type, and of hashtags within each type on the hashtag
            # channel, so that the two planted signals stay apart even at small scales
            types = np.array(list(spec.post_types[ch]))
            type_counts = allocate(n, tuple(spec.post_types[ch].values()))
            post_type = rng.permutation(np.repeat(types, type_counts))
            if ch == sig.hashtag_channel:
                tag_share = sig.hashtag_share if is_client else 0.15
                tagged = np.zeros(n, dtype=bool)
                for kind in types:
                    where = np.flatnonzero(post_type == kind)
                    tagged[rng.permutation(where)[: round(tag_share * len(where))]] = True
            else:
                tagged = rng.random(n) < HASHTAG_SHARE.get(ch, 0.0)
            text = post_text[rng.integers(0, len(post_text), n)]
            tags = np.array(spec.hashtags, dtype=object)[rng.integers(0, len(spec.hashtags), n)]
            text = np.where(tagged, text + " " + tags, text)

            day_utc = published.normalize()
            if is_client:
                fol = own_followers.reindex(
                    pd.MultiIndex.from_arrays([np.full(n, ch), day_utc])
                ).to_numpy(dtype=float)
            else:
                first, last = spec.followers[ch]
                frac = (day_utc - pd.Timestamp(PERIOD_START, tz="UTC")).days.to_numpy() / 364
                fol = brand.activity * (first + (last - first) * frac) * 1.1
                fol = np.round(fol * (1 + rng.normal(0, 0.002, n)))
            fol = np.maximum(fol, 1)

            paid = rng.random(n) < 0.1
            reach = fol * REACH_RATE[ch] * rng.lognormal(0, 0.3, n) * np.where(paid, 2.5, 1.0)
            reach = np.maximum(np.round(reach), 1)
            impressions = np.round(reach * rng.uniform(1.15, 1.6, n))
            lift = np.where(post_type == sig.resonant_post_type, sig.resonant_lift, 1.0)
            penalty = np.where(tagged & (ch == sig.hashtag_channel), 1 - sig.hashtag_penalty, 1.0)
            rate = ENGAGEMENT_RATE[ch] * lift * penalty * rng.lognormal(0, 0.2, n)
            engagements = reach * rate
            split = np.array(ENGAGEMENT_SPLIT[ch])
            noise = rng.lognormal(0, 0.15, (n, 3))
            parts = split * noise
            parts = parts / parts.sum(axis=1, keepdims=True)
            likes, comments, shares = np.round(engagements[:, None] * parts).T
            click_rate = np.where(post_type == "link", sig.link_click_rate, sig.click_rate)
            clicks = np.round(engagements * click_rate * rng.lognormal(0, 0.1, n))
            saves = np.round(engagements * 0.08 * rng.lognormal(0, 0.1, n))
            is_video = np.isin(post_type, VIDEO_TYPES)
            views = np.round(reach * rng.uniform(0.6, 1.4, n))

            frame = pd.DataFrame(
                {
                    "brand": brand.name,
                    "channel": ch,
                    "post_id": _post_ids(ch, brand.page_id, n, rng),
                    "published_at": published,
                    "text": text,
                    "post_type": post_type,
                    "paid": np.where(paid, "true", "false") if is_client else "",
                    "impressions": pd.array(impressions, dtype="Int64"),
                    "reach": pd.array(reach, dtype="Int64"),
                    "likes": pd.array(likes, dtype="Int64"),
                    "comments": pd.array(comments, dtype="Int64"),
                    "shares": pd.array(shares, dtype="Int64"),
                    "saves": pd.array(saves, dtype="Int64"),
                    "clicks": pd.array(clicks, dtype="Int64"),
                    "video_views": pd.array(np.where(is_video, views, np.nan), dtype="Int64"),
                    "followers_at_post": pd.array(fol, dtype="Int64"),
                }
            )
            if ch not in CHANNELS_WITH_SAVES:
                frame["saves"] = pd.NA
            if not is_client:  # private numbers: a competitor's export does not have them
                frame[["impressions", "reach", "saves", "clicks"]] = pd.NA
            frames.append(frame)
    posts = pd.concat(frames, ignore_index=True)
    for col in ("impressions", "reach", "saves", "clicks"):
        posts[col] = posts[col].astype("Int64")
    return posts.sort_values(["published_at", "brand", "channel"], kind="stable", ignore_index=True)
