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


def wilson_interval(successes: pd.Series, n: pd.Series, z: float) -> tuple[pd.Series, pd.Series]:
    """Wilson score interval of successes / n (missing where n is 0)."""
    x = successes.astype(float)
    total = n.astype(float).where(n > 0)
    centre = (x + z**2 / 2) / (total + z**2)
    half = z / (total + z**2) * np.sqrt(x * (total - x) / total + z**2 / 4)
    return centre - half, centre + half
