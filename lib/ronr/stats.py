"""Small statistical helpers shared by the stages: intervals and sample-size flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

SMALL_SAMPLE = 10  # below this many observations a number carries a warning


def mean_interval(
    values: pd.Series, *, confidence: float = 0.95
) -> tuple[float, float, float, int]:
    """Mean of ``values`` with a Student-t confidence interval.

    Returns
    -------
    mean, low, high, n
        The interval is (nan, nan) when n < 2.
    """
    clean = pd.to_numeric(values, errors="coerce").dropna().astype(float)
    n = len(clean)
    if n == 0:
        return np.nan, np.nan, np.nan, 0
    mean = float(clean.mean())
    if n < 2:
        return mean, np.nan, np.nan, n
    half = stats.t.ppf(0.5 + confidence / 2, df=n - 1) * clean.std(ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half, n


def safe_ratio(numerator, denominator):
    """numerator / denominator, missing where the denominator is 0 or missing."""
    num = pd.to_numeric(numerator, errors="coerce")
    num = float(num) if np.ndim(num) == 0 else num.astype(float)
    if np.ndim(denominator) == 0:
        den = float(denominator) if pd.notna(denominator) else 0.0
        return num / den if den else num * np.nan
    den = pd.to_numeric(denominator, errors="coerce").astype(float)
    return num / den.where(den != 0)


Z95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes, n, z: float = Z95) -> tuple[pd.Series, pd.Series]:
    """Wilson score interval of successes / n (missing where n is 0; Wilson 1927)."""
    x = pd.Series(successes, dtype=float)
    n = pd.Series(n, dtype=float)
    total = n.where(n > 0)
    centre = (x + z**2 / 2) / (total + z**2)
    half = z / (total + z**2) * np.sqrt(x * (total - x) / total + z**2 / 4)
    return centre - half, centre + half


def net_sentiment_interval(positive, negative, z: float = Z95):
    """Net sentiment (pos − neg) / (pos + neg) and its Wilson interval, missing when both are 0.

    Net sentiment is 2p − 1 with p = pos / (pos + neg), so the interval is Wilson's for p,
    mapped the same way.
    """
    pos = pd.Series(positive, dtype=float).reset_index(drop=True)
    n = pos + pd.Series(negative, dtype=float).reset_index(drop=True)
    low, high = wilson_interval(pos, n, z)
    net = (2 * pos / n.where(n > 0) - 1).to_numpy()
    return net, (2 * low - 1).to_numpy(), (2 * high - 1).to_numpy()
