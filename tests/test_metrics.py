import importlib

import pytest

from ronr import metrics


def _resolve(dotted: str):
    """The object a dotted path names: a module's function, or a class's method."""
    module, _, name = dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError:
        return getattr(_resolve(module), name)


def test_every_metric_names_a_real_function():
    for metric in metrics.METRICS.values():
        assert callable(_resolve(metric.function)), metric.key


def test_every_entry_is_complete():
    table = metrics.metrics_table()
    assert table["key"].is_unique
    assert not table[["name", "formula", "unit", "version", "source"]].isin(["", None]).any().any()


def test_unknown_metric_lists_the_known_ones():
    with pytest.raises(KeyError, match="known: mention_volume"):
        metrics.get_metric("roi")
