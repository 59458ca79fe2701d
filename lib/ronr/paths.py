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


def check_out_dir(out: str | Path, data_dir: str | Path | None = None) -> Path:
    """``out`` resolved, when it may take reports: not inside the data folder's ``clients/``.

    A report folder inside a client's folder would mix output with the client's inputs (a
    CSV written into exports/ is read as an export next time), so every client folder is
    checked as the file system resolves it (a client folder may be a symbolic link).

    Raises
    ------
    ConfigError
        ``out`` is the clients folder, a client's folder, or inside one.
    """
    from .errors import ConfigError, quote_content

    target = Path(out).expanduser().resolve()
    clients = resolve_data_dir(data_dir) / "clients"
    # each client's folder first (it may be a link elsewhere), then the clients folder itself
    try:
        folders = sorted(p for p in clients.iterdir() if p.is_dir())
    except OSError:  # no clients folder yet (or none to read): nothing inside it to guard
        folders = []
    folders.append(clients)
    for folder in folders:
        real = folder.resolve()
        if target == real or real in target.parents:
            where = (
                "the clients folder"
                if folder == clients
                else f"the folder of client {folder.name!r}"
            )
            raise ConfigError(
                f"--out {quote_content(str(out))} is inside {where} ({real}); choose a folder "
                "outside the clients folder, e.g. --out reports"
            )
    return target
