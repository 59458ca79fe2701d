"""The real-user cases kept beside the project in ``../shared/cases`` (see its README).

That folder is read-only: tests copy a case into a temporary data folder before ronr runs on it,
because ronr writes its cache under the data folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CASES = Path(__file__).resolve().parents[1].parent / "shared" / "cases"


def case_path(name: str) -> Path:
    """The folder of case ``name``; fails (never skips) when the cases are not beside the project."""
    path = CASES / name
    assert path.is_dir(), f"case {name!r} not found at {path}: ../shared/cases must sit beside"
    return path


def copy_case_client(name: str, data_dir: Path) -> Path:
    """Copy a ``mini-*`` client-folder case to ``data_dir/clients/<name>``; returns ``data_dir``."""
    target = Path(data_dir) / "clients" / name
    shutil.copytree(case_path(name), target)
    return Path(data_dir)


def copy_case_data(name: str, data_dir: Path) -> Path:
    """Copy a case that holds a ready ``data/`` folder to ``data_dir``; returns ``data_dir``."""
    shutil.copytree(case_path(name) / "data", data_dir, dirs_exist_ok=True)
    return Path(data_dir)
