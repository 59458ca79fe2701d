"""Check a client's config and exports without rendering: what each file is and what was kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import ClientConfig, load_config
from .errors import RonrError
from .ingest import REJECT_COLUMNS, ImportContext
from .paths import client_dir
from .store import export_files, import_context, import_export


@dataclass
class FileCheck:
    """One export file: its format and counts, or the error that stopped it being read."""

    file: str
    format: str = ""
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECT_COLUMNS))
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class ClientCheck:
    """The config check and one :class:`FileCheck` per export."""

    client: str
    config: ClientConfig | None = None
    config_error: str = ""
    files: list[FileCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the config is valid and every file could be read (rejected rows are allowed)."""
        return not self.config_error and all(f.ok for f in self.files)


def check_file(
    path: Path, *, format: str | None, config: ClientConfig, context: ImportContext
) -> FileCheck:
    """Import one file as a render would and summarise it; an unreadable file gives its error."""
    try:
        result = import_export(path, format=format, config=config, context=context)
    except RonrError as exc:
        return FileCheck(file=path.name, format=format or "", error=str(exc))
    return FileCheck(
        file=result.file,
        format=result.format,
        rows_read=result.rows_read,
        rows_accepted=result.rows_accepted,
        rows_rejected=result.rows_rejected,
        rejects=result.rejects,
    )


def check_client(client: str, *, data_dir: str | Path | None = None) -> ClientCheck:
    """Validate ``client``'s client.yaml and import each of its exports (no sentiment, no cache).

    Parameters
    ----------
    client
        The client's folder name.
    data_dir
        The data folder (see :func:`ronr.paths.resolve_data_dir`).
    """
    folder = client_dir(client, data_dir)
    check = ClientCheck(client=client)
    try:
        check.config = load_config(folder / "client.yaml")
    except RonrError as exc:
        check.config_error = str(exc)
        return check
    context = import_context(check.config)
    for path, fmt in export_files(check.config, folder):
        if not path.exists():
            check.files.append(
                FileCheck(
                    file=path.name, format=fmt or "", error=f"{path.name}: not found in exports/"
                )
            )
            continue
        check.files.append(check_file(path, format=fmt, config=check.config, context=context))
    if not check.files:
        check.config_error = (
            f"{folder / 'exports'}: no export files (put the exports of the client here)"
        )
    return check
