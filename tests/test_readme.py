"""The README's map names every metric under the stage that computes it."""

import re
from pathlib import Path

from ronr import metrics

README = Path(__file__).resolve().parents[1] / "README.md"
STAGE_ROWS = {
    "listen": "1 Listen",
    "audience": "2 Audience",
    "channels": "3 Channel mix",
    "measure": "4 Measure",
    "tweak": "5 Tweak",
}


def test_the_map_lists_every_metric_under_its_stage():
    rows = {
        m.group(1): set(m.group(2).replace(" ", "").split(","))
        for m in re.finditer(r"^\| (\d [^|]+?) \|.*\| ([a-z_, ]+) \|$", README.read_text(), re.M)
    }
    for metric in metrics.METRICS.values():
        assert metric.key in rows[STAGE_ROWS[metric.stage]], metric.key
    listed = set().union(*rows.values())
    assert listed == set(metrics.METRICS)
