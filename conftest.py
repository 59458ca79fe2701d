"""Test-session setup shared by unit tests and notebook tests (nbval).

Notebooks run with their default parameters; they find their data through $RONR_DATA_DIR,
which points at small seeded demo clients generated once per test session, beside a copy of
the shipped example client (uci-cosmetics).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path

TEST_SCALE = 0.03
_created: list[str] = []


def pytest_configure(config):
    warnings.filterwarnings("ignore", message="Kernel is running over TCP without encryption")
    if hasattr(config, "workerinput") or os.environ.get("RONR_DATA_DIR"):
        return  # xdist workers inherit the controller's data folder
    from ronr.demo import generate_demo

    folder = tempfile.mkdtemp(prefix="ronr-test-data-")
    generate_demo(folder, scale=TEST_SCALE)
    # the shipped example client (its dataset inside it), so no test writes into data/
    project_data = Path(__file__).parent / "data"
    shutil.copytree(
        project_data / "clients" / "uci-cosmetics", Path(folder) / "clients" / "uci-cosmetics"
    )
    os.environ["RONR_DATA_DIR"] = folder
    _created.append(folder)


def pytest_unconfigure(config):
    for folder in _created:
        shutil.rmtree(folder, ignore_errors=True)
