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


def difference_interval(
    x1: float, n1: float, x2: float, n2: float, z: float = Z95
) -> tuple[float, float]:
    """Interval of the difference of two proportions x1/n1 − x2/n2 (independent samples).

    Newcombe's hybrid score interval (method 10), from each proportion's Wilson interval: it
    stays inside [−1, 1] and behaves near 0 and 1, where the Wald interval does not.
    Missing (NaN) when either n is 0. Source: Newcombe, R.G. (1998), 'Interval estimation for
    the difference between independent proportions', Statistics in Medicine 17(8).

    Examples
    --------
    Newcombe's example: 56/70 against 48/80 (difference 0.2).

    >>> [round(b, 4) for b in difference_interval(56, 70, 48, 80)]
    [0.0524, 0.3339]
    """
    if not (n1 > 0 and n2 > 0):
        return float("nan"), float("nan")
    p1, p2 = x1 / n1, x2 / n2
    (l1,), (u1,) = (v.to_numpy() for v in wilson_interval([x1], [n1], z))
    (l2,), (u2,) = (v.to_numpy() for v in wilson_interval([x2], [n2], z))
    diff = p1 - p2
    low = diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return float(low), float(high)


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


def bootstrap_cluster_shares(
    counts,
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of each category's share, resampling whole clusters.

    The share of category j is ``Σ_c counts[c, j] / Σ_c Σ_k counts[c, k]``. A replicate draws
    as many clusters as there are, with replacement, and keeps each drawn cluster's row whole
    (all of an author's mentions go together), so clustered observations are not treated as
    independent draws (the cluster or "pairs" bootstrap: Field & Welsh 2007; Cameron, Gelbach
    & Miller 2008). The interval is the percentile interval of the replicates (Efron &
    Tibshirani 1993, ch. 13), so it lies within [0, 1] by construction.

    Parameters
    ----------
    counts
        Array-like of shape (clusters, categories): non-negative (possibly fractional)
        counts, one row per cluster.
    n_boot
        Number of bootstrap replicates.
    confidence
        Coverage of the interval, in (0, 1).
    seed
        Seed or generator of the resampling (fixed, so a report is reproducible).

    Returns
    -------
    low, high
        Arrays of one bound per category; missing when there is no cluster or no count.

    Raises
    ------
    ValueError
        ``counts`` is not two-dimensional or has a negative or missing entry, ``n_boot`` < 1,
        or ``confidence`` is not in (0, 1).

    Notes
    -----
    Resampling G clusters with replacement is the same as drawing how often each cluster is
    taken from a multinomial(G, 1/G each). Clusters with identical rows are interchangeable,
    so the draw is made over the U distinct rows (multinomial(G, their frequencies / G)):
    exact, and fast because a census of 100,000 mentions has far fewer distinct author rows
    than authors (1,000 replicates over 100,000 mentions of 5 brands: about 0.04 s with one
    mention per author, 0.06 s with 10,000 authors of 10 mentions). When most rows are
    distinct, cluster indices are drawn instead (same distribution; about 1 s for 100,000
    distinct rows). A category never counted gets [0, 0]: the bootstrap cannot see what was
    never observed.
    """
    matrix = np.asarray(counts, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(
            f"counts must be two-dimensional (clusters × categories), not {matrix.ndim}-d"
        )
    if np.isnan(matrix).any() or (matrix < 0).any():
        raise ValueError("counts must be non-negative and not missing")
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, not {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), not {confidence}")
    n_clusters, n_categories = matrix.shape
    if n_clusters == 0 or matrix.sum() == 0:
        missing = np.full(n_categories, np.nan)
        return missing, missing.copy()
    rng = np.random.default_rng(seed)
    # distinct rows via their bytes: ~10× faster than np.unique(axis=0) on 100k rows
    matrix = np.ascontiguousarray(matrix)
    as_bytes = matrix.view(np.dtype((np.void, matrix.itemsize * n_categories))).ravel()
    _, first, frequency = np.unique(as_bytes, return_index=True, return_counts=True)
    rows = matrix[first]
    sums = _resample_sums(rows, frequency, n_boot=n_boot, rng=rng)  # replicates × categories
    totals = sums.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):  # a replicate of all-zero rows
        shares = sums / np.where(totals > 0, totals, np.nan)
    alpha = (1 - confidence) / 2
    # nanquantile is ~10× slower; it is needed only when a replicate drew all-zero rows
    quantile = np.nanquantile if np.isnan(shares).any() else np.quantile
    low, high = quantile(shares, [alpha, 1 - alpha], axis=0)
    return np.clip(low, 0, 1), np.clip(high, 0, 1)  # rounding must not leave the range


def _resample_sums(
    rows: np.ndarray, frequency: np.ndarray, *, n_boot: int, rng: np.random.Generator
) -> np.ndarray:
    """Column sums of ``n_boot`` resamples of clusters: distinct ``rows`` taken ``frequency`` times.

    Two exact ways to draw the same distribution; the cheaper one is used (measured: a
    multinomial costs ~65 ns per distinct row per replicate, drawing indices ~18 ns per cluster).
    """
    n_clusters = int(frequency.sum())
    if 4 * len(rows) <= n_clusters:
        taken = rng.multinomial(n_clusters, frequency / n_clusters, size=n_boot)
        return taken @ rows
    full = np.repeat(rows, frequency, axis=0)  # one row per cluster again
    sums = np.empty((n_boot, rows.shape[1]))
    chunk = max(1, 2**22 // n_clusters)  # bounded memory: ~4M indices at a time
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        drawn = rng.integers(0, n_clusters, size=(size, n_clusters))
        drawn += (np.arange(size) * n_clusters)[:, None]  # one bincount for the whole chunk
        taken = np.bincount(drawn.ravel(), minlength=size * n_clusters).reshape(size, n_clusters)
        sums[start : start + size] = taken @ full
    return sums


def median_difference_interval(
    x, y, *, confidence: float = 0.95, n_boot: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """Median of ``x`` − median of ``y`` with its percentile bootstrap interval.

    Each replicate resamples both samples with replacement, each on its own (independent
    samples; Efron & Tibshirani 1993, ch. 13 and 16); the fixed ``seed`` keeps a report
    reproducible. Computed with :func:`scipy.stats.bootstrap`.

    Parameters
    ----------
    x, y
        Array-likes of numbers (missing values are dropped).
    confidence
        Coverage of the interval, in (0, 1).
    n_boot
        Bootstrap replicates.
    seed
        Seed of the resampling.

    Returns
    -------
    difference, low, high
        In the samples' unit; all missing when either sample is empty, the interval missing
        when either has fewer than 2 values.
    """
    a = pd.to_numeric(pd.Series(x), errors="coerce").dropna().to_numpy(dtype=float)
    b = pd.to_numeric(pd.Series(y), errors="coerce").dropna().to_numpy(dtype=float)
    if not len(a) or not len(b):
        return np.nan, np.nan, np.nan
    difference = float(np.median(a) - np.median(b))
    if min(len(a), len(b)) < 2:
        return difference, np.nan, np.nan
    low, high = _two_sample_interval(
        (a, b),
        lambda u, v, axis: np.median(u, axis=axis) - np.median(v, axis=axis),
        confidence=confidence,
        n_boot=n_boot,
        seed=seed,
    )
    return difference, low, high


def _two_sample_interval(samples, statistic, *, confidence, n_boot, seed) -> tuple[float, float]:
    """The percentile bootstrap interval of ``statistic`` over two independent samples."""
    result = stats.bootstrap(
        samples,
        statistic,
        n_resamples=n_boot,
        confidence_level=confidence,
        method="percentile",
        vectorized=True,
        batch=200,
        rng=np.random.default_rng(seed),
    )
    interval = result.confidence_interval
    return float(interval.low), float(interval.high)


def ratio_difference_interval(
    first: tuple, second: tuple, *, confidence: float = 0.95, n_boot: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """Σ num / Σ den of ``first`` minus that of ``second``, with its percentile bootstrap interval.

    A ratio of sums over units (engagements over reach, or counts over ones for a mean per
    post): each replicate resamples the units of both samples with replacement, each on its
    own (independent samples; Efron & Tibshirani 1993, ch. 13), with
    :func:`scipy.stats.bootstrap` and a fixed ``seed``.

    Parameters
    ----------
    first, second
        ``(numerators, denominators)``: two array-likes of one value per unit each.
    confidence
        Coverage of the interval, in (0, 1).
    n_boot
        Bootstrap replicates.
    seed
        Seed of the resampling.

    Returns
    -------
    difference, low, high
        In the ratio's unit; the interval missing when a sample has fewer than 2 units, all
        missing when a sample has none or its denominators sum to 0.
    """
    num1, den1 = (np.asarray(v, dtype=float) for v in first)
    num2, den2 = (np.asarray(v, dtype=float) for v in second)
    if not len(num1) or not len(num2) or not den1.sum() > 0 or not den2.sum() > 0:
        return np.nan, np.nan, np.nan
    difference = float(num1.sum() / den1.sum() - num2.sum() / den2.sum())
    if min(len(num1), len(num2)) < 2:
        return difference, np.nan, np.nan

    def statistic(a, b, axis=-1):
        a, b = a.astype(int), b.astype(int)
        return num1[a].sum(axis) / den1[a].sum(axis) - num2[b].sum(axis) / den2[b].sum(axis)

    low, high = _two_sample_interval(
        (np.arange(len(num1)), np.arange(len(num2))),
        statistic,
        confidence=confidence,
        n_boot=n_boot,
        seed=seed,
    )
    return difference, low, high
