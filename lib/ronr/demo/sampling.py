"""Random draws and counts shared by the table builders: shares, ids, times and texts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .spec import PERIOD_END, PERIOD_START

__all__ = [
    "allocate",
    "exact_share",
    "normalise",
    "period_days",
    "round_shares",
    "snowflakes",
    "text_pool",
    "timestamps",
]


def normalise(values: np.ndarray) -> np.ndarray:
    """``values`` divided by their sum."""
    values = np.asarray(values, dtype=float)
    return values / values.sum()


def round_shares(shares: dict[str, float]) -> dict[str, float]:
    """Shares normalised and rounded to 4 decimals, the largest absorbing the rounding."""
    values = np.round(normalise(np.array(list(shares.values()))), 4)
    values[int(np.argmax(values))] += round(1 - values.sum(), 4)
    return {k: round(float(v), 4) for k, v in zip(shares, values, strict=True)}


def allocate(total: int, weights: tuple[float, ...]) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainders)."""
    exact = total * normalise(weights)
    parts = np.floor(exact).astype(int)
    parts[np.argsort(parts - exact, kind="stable")[: total - parts.sum()]] += 1
    return parts


def exact_share(n: int, share: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` flags of which exactly ``round(share * n)`` are true, in random order."""
    return rng.permutation(np.arange(n) < round(share * n))


def period_days() -> pd.DatetimeIndex:
    """Every day of the demo period, at midnight UTC."""
    return pd.date_range(PERIOD_START, PERIOD_END, freq="D", tz="UTC")


def timestamps(days: np.ndarray, hours: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """UTC datetime64[s] from day offsets in the period, hours and random minutes/seconds."""
    start = np.datetime64(PERIOD_START, "s")
    seconds = rng.integers(0, 3600, size=len(days))
    offset = days.astype("int64") * 86400 + hours.astype("int64") * 3600 + seconds
    return start + offset.astype("timedelta64[s]")


def snowflakes(base: int, n: int, rng: np.random.Generator, gap: int = 10**9) -> np.ndarray:
    """``n`` increasing, unique, platform-like numeric ids starting above ``base``."""
    return base + np.cumsum(rng.integers(gap // 10, gap, size=n, dtype=np.int64))


def text_pool(
    templates: tuple[str, ...], refs: tuple[str, ...], products: tuple[str, ...]
) -> np.ndarray:
    """Every template filled with every brand reference and product, duplicates dropped.

    A text that starts with a lower-case word (a keyword such as "northbean") is capitalised.
    """
    texts = [t.format(brand=r, product=p) for t in templates for r in refs for p in products]
    texts = [t[0].upper() + t[1:] if t[0].islower() else t for t in texts]
    return np.array(list(dict.fromkeys(texts)), dtype=object)
