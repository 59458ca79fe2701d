"""Check a client's config and exports without rendering: what each file is and what was kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .config import ClientConfig, load_config
from .errors import RonrError
from .ingest import REJECT_COLUMNS, ImportContext, ImportResult
from .paths import client_dir
from .store import (
    check_unchanged,
    export_files,
    import_context,
    import_export,
    reject_repeats,
    snapshot_inputs,
)


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
    notes: list[str] = field(default_factory=list)  # what the reader skipped or assumed

    @property
    def ok(self) -> bool:
        """True when the file could be read (its rows may still all be rejected)."""
        return not self.error

    @property
    def accepted_nothing(self) -> bool:
        """True when the file was read and had rows, but every one of them was rejected.

        A header-only file is not counted: it has nothing to reject, and its counts say so.
        """
        return self.ok and self.rows_read > 0 and self.rows_accepted == 0

    @property
    def top_reason(self) -> tuple[str, int]:
        """The most common reject reason and the number of rows it rejected (``("", 0)`` if none).

        A row is counted once per distinct reason; of reasons rejecting as many rows, the first
        listed wins, so the answer does not depend on how pandas breaks ties.
        """
        if not len(self.rejects):
            return "", 0
        reasons = self.rejects.drop_duplicates(["file", "row", "reason"])["reason"]
        counts = reasons.value_counts(sort=False)  # order of first appearance
        return str(counts.idxmax()), int(counts.max())

    @property
    def problem(self) -> str:
        """Why this file fails the check, in one line naming it; empty when it passes."""
        if self.error:
            return self.error
        if self.accepted_nothing:
            reason, rows = self.top_reason
            return (
                f"{self.file}: accepted none of its {self.rows_read:,} rows; most common reason "
                f"({rows:,} of {self.rows_read:,} rows): {reason}"
            )
        return ""


@dataclass
class ClientCheck:
    """The config check and one :class:`FileCheck` per export."""

    client: str
    config: ClientConfig | None = None
    config_error: str = ""
    files: list[FileCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the config is valid and every file was read and kept at least one row.

        Rejected rows are allowed while a file keeps some; a file whose every row is rejected
        fails, because the report would silently lack it.
        """
        return not self.config_error and not self.failed_files

    @property
    def failed_files(self) -> list[FileCheck]:
        """The files that cannot be read or accepted none of their rows."""
        return [f for f in self.files if f.problem]


def check_file(
    path: Path, *, format: str | None, config: ClientConfig, context: ImportContext
) -> FileCheck:
    """Import one file as a render would and summarise it; an unreadable file gives its error."""
    try:
        result = import_export(path, format=format, config=config, context=context)
    except RonrError as exc:
        return FileCheck(file=path.name, format=format or "", error=str(exc))
    return _summary(result)


def _summary(result: ImportResult) -> FileCheck:
    """The :class:`FileCheck` of a file that was read."""
    return FileCheck(
        file=result.file,
        format=result.format,
        rows_read=result.rows_read,
        rows_accepted=result.rows_accepted,
        rows_rejected=result.rows_rejected,
        rejects=result.rejects,
        notes=list(result.notes),
    )


def import_for_client(
    path: Path, client: str, *, format: str | None = None, data_dir: str | Path | None = None
) -> ImportResult:
    """Import one file with ``client``'s config, exactly as ``validate`` and ``render`` would.

    Parameters
    ----------
    path
        The export file (it need not sit in the client's exports/ folder).
    client
        The client's folder name; its client.yaml gives the brand, handles, year, time zone and
        the tracked brands that mentions without a brand column are matched to.
    format
        The format name, or None to detect it from the header.
    data_dir
        The data folder (see :func:`ronr.paths.resolve_data_dir`).

    Raises
    ------
    ConfigError
        The client's client.yaml is missing or invalid.
    InputError
        The file cannot be read at all.
    """
    config = load_config(client_dir(client, data_dir) / "client.yaml")
    return import_export(path, format=format, config=config, context=import_context(config))


def brandless_mentions(result: ImportResult) -> int:
    """The mentions of an import that carry no brand yet.

    Outside a client these are neither kept nor rejected: only the client's tracked brands
    (client.yaml) decide which of them name a brand, so the counts of a plain import cannot.
    """
    mentions = result.tables.get("mentions")
    if mentions is None or "brand" not in mentions:
        return 0
    return int(mentions["brand"].isna().sum())


def check_client(client: str, *, data_dir: str | Path | None = None) -> ClientCheck:
    """Validate ``client``'s client.yaml and import each of its exports (no sentiment, no cache).

    The counts are those of a render: a row repeating a row of an earlier file (same key) is
    rejected as :func:`ronr.store.reject_repeats` does, and a file that changes or disappears
    while it is checked fails with the reason :func:`ronr.store.check_unchanged` gives.

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
    files = export_files(check.config, folder)
    before = snapshot_inputs(files)
    read: dict[int, ImportResult] = {}  # position in check.files -> the file's import
    for path, fmt in files:
        if before[path] is None:
            check.files.append(
                FileCheck(
                    file=path.name, format=fmt or "", error=f"{path.name}: not found in exports/"
                )
            )
            continue
        try:
            read[len(check.files)] = import_export(
                path, format=fmt, config=check.config, context=context
            )
        except RonrError as exc:
            check.files.append(FileCheck(file=path.name, format=fmt or "", error=str(exc)))
            continue
        check.files.append(FileCheck(file=path.name))  # filled below, repeats rejected
    for at, result in zip(read, reject_repeats(list(read.values())), strict=True):
        check.files[at] = _summary(result)
    try:
        check_unchanged(before)
    except RonrError as exc:
        changed = str(exc).split(":", 1)[0]
        for file in check.files:  # the file that changed fails the check with the reason
            if file.file == changed:
                file.error = str(exc)
    if not check.files:
        check.config_error = (
            f"{folder / 'exports'}: no export files (put the exports of the client here)"
        )
    return check
