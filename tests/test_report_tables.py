"""The demo reports' tables, cards and notes stay as they are while the code is reorganised.

``tests/golden/report_tables.json`` holds every table, headline card and note that the report
notebooks display for the test-sized demo clients and the example client. A refactoring must
leave them identical; a change that means to alter a number regenerates the file with
``RONR_UPDATE_GOLDEN=1 pytest tests/test_report_tables.py`` and says why in its commit.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from ronr.paths import resolve_data_dir
from tests.report_runner import run_report
from tests.visible import raw_words, visible_texts

GOLDEN = Path(__file__).parent / "golden" / "report_tables.json"
CLIENTS = ("demo-coffee", "demo-software", "demo-fashion", "uci-cosmetics")


def _shown(outputs: dict[str, list[str]]) -> dict[str, list[str]]:
    """The displayed tables, cards and notes of each notebook (figures left out)."""
    return {
        notebook: [re.sub(r"\s+", " ", html) for html in shown if "plotly" not in html]
        for notebook, shown in outputs.items()
    }


@pytest.mark.parametrize("client", CLIENTS)
def test_report_tables_are_unchanged(client, monkeypatch):
    everything = run_report(client, data_dir=resolve_data_dir(), monkeypatch=monkeypatch)
    # what the client reads, charts included, holds no raw value and no developer word
    for notebook, shown in everything.items():
        if notebook != "appendix":
            found = [w for html in shown for w in raw_words(visible_texts(html))]
            assert found == [], f"{client} {notebook}: {found[:5]}"
    outputs = _shown(everything)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if os.environ.get("RONR_UPDATE_GOLDEN"):
        golden[client] = outputs
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True), encoding="utf-8")
    assert client in golden, f"no golden tables for {client}: run with RONR_UPDATE_GOLDEN=1"
    for notebook, shown in golden[client].items():
        assert outputs[notebook] == shown, f"{client}: {notebook} changed"
