import numpy as np
import pytest

from ronr import stats


def test_one_cluster_gives_a_degenerate_interval():
    # one author: every replicate resamples that author, share A = 3 / (3 + 1) = 0.75
    low, high = stats.bootstrap_cluster_shares([[3.0, 1.0]], n_boot=200)
    assert low.tolist() == pytest.approx([0.75, 0.25])
    assert high.tolist() == pytest.approx([0.75, 0.25])


def test_two_clusters_span_the_whole_range():
    # authors (1, 0) and (0, 1); a replicate draws 2 authors: both the first (p = 1/4, share
    # A = 1), one of each (1/2, 0.5), both the second (1/4, 0): 2.5% and 97.5% are 0 and 1
    low, high = stats.bootstrap_cluster_shares([[1.0, 0.0], [0.0, 1.0]], n_boot=1000)
    assert low.tolist() == [0.0, 0.0]
    assert high.tolist() == [1.0, 1.0]


def test_category_never_counted_gets_zero_and_empty_input_is_missing():
    low, high = stats.bootstrap_cluster_shares([[1.0, 0.0], [2.0, 0.0]], n_boot=100)
    assert low[1] == 0 and high[1] == 0
    assert low[0] == 1 and high[0] == 1
    low, high = stats.bootstrap_cluster_shares(np.zeros((0, 3)))
    assert np.isnan(low).all() and np.isnan(high).all() and len(low) == 3


def test_independent_clusters_match_the_binomial():
    # 100 authors with one mention each, 30 of A: the bootstrap of a proportion; normal
    # approximation 0.3 ± 1.96·sqrt(0.3·0.7/100) = 0.3 ± 0.0898 -> (0.210, 0.390)
    counts = np.array([[1.0, 0.0]] * 30 + [[0.0, 1.0]] * 70)
    low, high = stats.bootstrap_cluster_shares(counts, n_boot=2000, seed=1)
    assert low[0] == pytest.approx(0.210, abs=0.015)
    assert high[0] == pytest.approx(0.390, abs=0.015)


@pytest.mark.parametrize("distinct", [False, True])
def test_both_ways_of_resampling_draw_the_same_distribution(distinct):
    # 40 clusters, 30 of them (1, 0): column 0 of a replicate's sums is Binomial(40, 0.75),
    # mean 30, sd sqrt(40 · 0.75 · 0.25) = 2.739. Given as 2 distinct rows the multinomial
    # way is used; given as 40 rows each taken once, the way that draws cluster indices
    rows = np.array([[1.0, 0.0]] * 30 + [[0.0, 1.0]] * 10)
    frequency = np.ones(40, dtype=int)
    if not distinct:
        rows, frequency = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([30, 10])
    sums = stats._resample_sums(rows, frequency, n_boot=4000, rng=np.random.default_rng(0))
    assert sums.shape == (4000, 2)
    assert (sums.sum(axis=1) == 40).all()  # always as many clusters as there are
    assert sums[:, 0].mean() == pytest.approx(30, abs=0.15)
    assert sums[:, 0].std() == pytest.approx(2.739, rel=0.05)


def test_intervals_stay_in_range_and_are_seeded():
    rng = np.random.default_rng(5)
    counts = rng.poisson(0.7, size=(60, 4)).astype(float)
    first = stats.bootstrap_cluster_shares(counts, n_boot=300, seed=2)
    again = stats.bootstrap_cluster_shares(counts, n_boot=300, seed=2)
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    low, high = first
    assert ((low >= 0) & (high <= 1) & (low <= high)).all()
    share = counts.sum(axis=0) / counts.sum()
    assert ((low <= share) & (share <= high)).all()


@pytest.mark.parametrize(
    ("counts", "options", "message"),
    [
        ([1.0, 2.0], {}, "two-dimensional"),
        ([[1.0, -1.0]], {}, "non-negative"),
        ([[1.0, np.nan]], {}, "non-negative"),
        ([[1.0, 2.0]], {"n_boot": 0}, "n_boot"),
        ([[1.0, 2.0]], {"confidence": 1.0}, "confidence"),
    ],
)
def test_bad_input_is_refused(counts, options, message):
    with pytest.raises(ValueError, match=message):
        stats.bootstrap_cluster_shares(counts, **options)


def test_the_difference_of_two_proportions_has_newcombes_interval():
    from ronr.stats import difference_interval

    # Newcombe (1998), table II, example (a): 56/70 − 48/80 = 0.2, method 10: 0.0524 to 0.3339
    low, high = difference_interval(56, 70, 48, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)
    # at the edge (all and none) the interval stays inside [−1, 1]
    low, high = difference_interval(10, 10, 0, 10)
    assert -1 <= low < high <= 1 and high == pytest.approx(1.0)
    assert all(v != v for v in difference_interval(1, 0, 1, 5))  # no sample: missing
