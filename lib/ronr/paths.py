"""Where things live: the project's data, notebooks and reports folders."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR_ENV = "RONR_DATA_DIR"


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The data folder: ``data_dir`` if given, else ``$RONR_DATA_DIR``, else the project's ``data/``."""
    if data_dir:
        return Path(data_dir).expanduser().resolve()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser().resolve()
    return PROJECT_ROOT / "data"


def client_dir(client: str, data_dir: str | Path | None = None) -> Path:
    """The folder of one client: ``<data_dir>/clients/<client>``."""
    return resolve_data_dir(data_dir) / "clients" / client


def cache_dir(client: str, data_dir: str | Path | None = None) -> Path:
    """Where a client's validated tables are cached (never inside the user's exports)."""
    return resolve_data_dir(data_dir) / "cache" / client


def list_clients(data_dir: str | Path | None = None) -> list[str]:
    """Every client folder that holds a ``client.yaml``, sorted."""
    root = resolve_data_dir(data_dir) / "clients"
    return sorted(p.parent.name for p in root.glob("*/client.yaml"))


def _notebooks_dir() -> Path:
    """The installed package's notebooks (a wheel carries them), else the repository's."""
    installed = Path(__file__).resolve().parent / "notebooks"
    return installed if (installed / "cover.ipynb").is_file() else PROJECT_ROOT / "notebooks"


NOTEBOOKS_DIR = _notebooks_dir()
"""The section notebooks a report is assembled from."""
