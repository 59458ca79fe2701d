"""Who follows the client: each channel's demographics and follower counts (signal 1).

:func:`channel_audiences` derives a spec's audiences from its target market;
:func:`build_audience` and :func:`build_followers` draw the ``audience`` and ``followers``
tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .platforms import (
    PLATFORM_AGE,
    PLATFORM_GENDER,
    PLATFORM_INTERNATIONAL,
    PLATFORM_JOB,
    PLATFORM_SENIORITY,
)
from .sampling import normalise, period_days, round_shares
from .spec import PERIOD_END, PERIOD_START, DemoSpec

__all__ = ["build_audience", "build_followers", "channel_audiences"]


def _mix(target: dict[str, float], platform: tuple[float, ...], weight: float) -> dict[str, float]:
    """``(1 - weight) · target + weight · platform``, rounded to 4 decimals, adding up to 1."""
    mixed = (1 - weight) * np.array(list(target.values())) + weight * normalise(platform)
    return round_shares(dict(zip(target, mixed, strict=True)))


def channel_audiences(
    target: dict[str, dict[str, float]], channels: tuple[str, ...], underserved: str | None
) -> dict[str, dict[str, dict[str, float]]]:
    """Each channel's audience: the target mixed with the platform's typical demographics.

    The under-served channel is mixed in at 20%, the others at 65%, so its fit is the best;
    without one (``None``, a null client) every channel is mixed in at 65%.
    """
    audience: dict[str, dict[str, dict[str, float]]] = {}
    for ch in channels:
        weight = 0.2 if ch == underserved else 0.65
        kind = "linkedin" if ch == "linkedin" else "general"
        n_countries = len(target.get("country", {}))
        intl = PLATFORM_INTERNATIONAL[ch]
        platforms = {
            "age": PLATFORM_AGE[ch],
            "gender": PLATFORM_GENDER[ch],
            "job_function": PLATFORM_JOB[kind],
            "seniority": PLATFORM_SENIORITY[kind],
        }
        if n_countries:
            home = np.array(list(target["country"].values()))
            platforms["country"] = tuple((1 - intl) * home + intl / n_countries)
        audience[ch] = {
            dim: _mix(buckets, platforms[dim], weight) for dim, buckets in target.items()
        }
    return audience


def build_audience(spec: DemoSpec, rng: np.random.Generator) -> pd.DataFrame:
    """Quarterly audience snapshots per channel and dimension, drifting around the spec's."""
    quarter_ends = pd.date_range(PERIOD_START, PERIOD_END, freq="QE")
    rows = []
    for ch in spec.channels:
        for dim, buckets in spec.audience[ch].items():
            base = np.array(list(buckets.values()))
            for as_of in quarter_ends:
                drift = base * rng.lognormal(0, 0.01, len(base))
                shares = round_shares(dict(zip(buckets, drift, strict=True)))
                rows.extend(
                    (ch, dim, bucket, share, as_of.strftime("%Y-%m-%d"))
                    for bucket, share in shares.items()
                )
    return pd.DataFrame(rows, columns=["channel", "dimension", "bucket", "share", "as_of"])


def build_followers(spec: DemoSpec, rng: np.random.Generator) -> pd.DataFrame:
    """The client's daily followers per channel: a noisy climb with a dip on the incident.

    A null client (no incident) has no dip.
    """
    days = period_days()
    n = len(days)
    incident = spec.signals.incident
    frames = []
    for ch in spec.channels:
        first, last = spec.followers[ch]
        mean_gain = (last - first) / (n - 1)
        gains = mean_gain * rng.lognormal(0, 0.5, n - 1) / np.exp(0.125)
        gains += rng.normal(0, 0.6 * abs(mean_gain) + 2, n - 1)
        if incident is not None:  # the dip is no draw: a null client's gains are the same
            gains[(incident.start - PERIOD_START).days - 1] -= 0.004 * first
        counts = np.maximum(np.round(first + np.concatenate([[0], np.cumsum(gains)])), 0)
        frames.append(pd.DataFrame({"channel": ch, "date": days, "followers": counts}))
    followers = pd.concat(frames, ignore_index=True)
    followers["followers"] = followers["followers"].astype("int64")
    return followers
