"""The reports folder's records: the catalogue of its reports and the log of its render runs.

=================  ===========================================================================
``reports.json``   every report ronr rendered into the folder, by file name: client, display
                   name, period, when it was rendered, size, PDF (:func:`update_catalogue`)
``runs.json``      the last :data:`MAX_RUNS` runs: their options and each client's status,
                   error and time, for whoever operates the renders (:func:`append_run`)
``.ronr.lock``     held while either file (or the index page) is read, changed and replaced
=================  ===========================================================================

Several renders may write into one folder at the same time (two terminals, a scheduled job):
each read-modify-write runs under :func:`folder_lock` and replaces its file atomically, so no
run's entries are lost and no reader sees half a file. The folder itself stays the truth: a
report whose HTML is gone drops out, and one ronr did not catalogue (an older render, a copied
file) is still listed, described from its file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if os.name == "nt":
    import msvcrt
else:
    import fcntl

if TYPE_CHECKING:
    from .options import RenderOptions
    from .render import RenderResult

CATALOGUE = "reports.json"
RUNS = "runs.json"
LOCK = ".ronr.lock"
INDEX = "index.html"
MAX_RUNS = 100
"""How many runs ``runs.json`` keeps, the latest last."""

# What the report template appends to the display name in the page's <title>.
_TITLE_SUFFIX = " – Return on Relationship report"
# report_stem(client, period): "acme__2025-01-01_2025-06-30", or just "acme".
_STEM = re.compile(r"(?P<client>.+)__(?P<start>\d{4}-\d\d-\d\d)_(?P<end>\d{4}-\d\d-\d\d)")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_LABEL_DAY = "%d %b %Y"  # ronr.periods.Period.label, one side of it
# One lock per process as well: it keeps two threads of one process from even trying.
_PROCESS_LOCK = threading.Lock()


@dataclass(frozen=True)
class ReportEntry:
    """One report of the folder, as the index page lists it.

    Attributes
    ----------
    file
        The HTML report's file name (the catalogue's key; the index links it relatively).
    client
        The client's folder name.
    display_name
        The client's name as the report's title shows it.
    period
        The period as the report's header shows it; ``""`` when unknown.
    period_start, period_end
        The period's first and last day (``YYYY-MM-DD``), when known: the index sorts by them.
    rendered_at
        When the HTML was written: ISO 8601 with its zone's offset.
    size
        Bytes of the HTML report.
    pdf
        The PDF beside it (``<stem>.pdf``), if there is one.
    """

    file: str
    client: str
    display_name: str
    period: str = ""
    period_start: str | None = None
    period_end: str | None = None
    rendered_at: str = ""
    size: int = 0
    pdf: str | None = None

    @property
    def rendered_label(self) -> str:
        """``rendered_at`` for a reader: ``01 Jul 2025 14:05 UTC``, in the zone it was written in."""
        try:
            return reader_time(dt.datetime.fromisoformat(self.rendered_at))
        except ValueError:
            return self.rendered_at

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        """By display name (case-insensitively), then period (earliest first), then file."""
        return (self.display_name.casefold(), self.period_start or "", self.period, self.file)

    @classmethod
    def from_json(cls, value: Any) -> ReportEntry | None:
        """The entry a catalogue holds; None for one that is not an entry (a hand edit)."""
        if not isinstance(value, dict):
            return None
        fields = {f.name for f in dataclasses.fields(cls)}
        try:
            entry = cls(**{k: v for k, v in value.items() if k in fields})
        except TypeError:  # a required field is missing
            return None
        return entry if isinstance(entry.file, str) and isinstance(entry.size, int) else None


@contextmanager
def folder_lock(out_dir: str | Path) -> Iterator[None]:
    """Hold ``<out_dir>/.ronr.lock`` exclusively: one writer of the folder's records at a time.

    Blocks until the lock is free; it works across threads and processes (an OS file lock).

    Raises
    ------
    OSError
        The lock file cannot be created (e.g. the folder is read-only).
    """
    path = Path(out_dir) / LOCK
    with _PROCESS_LOCK, path.open("a+b") as handle:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


def update_catalogue(out_dir: str | Path, results: Sequence[RenderResult]) -> list[ReportEntry]:
    """Record the run's written reports in ``reports.json``; every report in the folder.

    Call it under :func:`folder_lock`. A failed result changes nothing, so the client's
    previous report keeps its entry; entries whose HTML is gone are dropped.

    Parameters
    ----------
    out_dir
        The reports folder.
    results
        The run's results; an ok one is recorded when its HTML is in ``out_dir``.

    Returns
    -------
    list[ReportEntry]
        Every HTML report in ``out_dir`` (the index page aside), sorted by
        :attr:`ReportEntry.sort_key`: catalogued ones as recorded, with size and PDF as the
        files are now; the others described from their files.

    Raises
    ------
    OSError
        ``reports.json`` cannot be written.
    """
    out = Path(out_dir)
    catalogue = read_catalogue(out)
    for result in results:
        entry = entry_for_result(result, out)
        if entry is not None:
            catalogue[entry.file] = entry
    reports = list_reports(out, catalogue)
    # As listed: without the deleted reports, with the sizes and PDFs the files have now.
    catalogue = {entry.file: entry for entry in reports if entry.file in catalogue}
    write_json_atomically(
        out / CATALOGUE,
        {"reports": {name: dataclasses.asdict(catalogue[name]) for name in sorted(catalogue)}},
    )
    return reports


def read_catalogue(out_dir: str | Path) -> dict[str, ReportEntry]:
    """The entries of ``<out_dir>/reports.json`` by file name; none if there is no catalogue.

    An unreadable catalogue is moved aside (``reports.json.unreadable``) and read as empty:
    the reports are still listed from the folder.
    """
    value = _read_json(Path(out_dir) / CATALOGUE)
    reports = value.get("reports") if isinstance(value, dict) else None
    entries = (ReportEntry.from_json(v) for v in (reports or {}).values())
    return {entry.file: entry for entry in entries if entry is not None}


def list_reports(out_dir: str | Path, catalogue: dict[str, ReportEntry]) -> list[ReportEntry]:
    """Every HTML report in ``out_dir``, from ``catalogue`` where it has one, sorted.

    Hidden files and the index page are not reports. Size and PDF are read from the folder
    for every report: a PDF may be added after the HTML.
    """
    out = Path(out_dir)
    reports = []
    for html in sorted(out.glob("*.html")):
        if html.name == INDEX or html.name.startswith(".") or not html.is_file():
            continue
        known = catalogue.get(html.name)
        try:
            if known is None:
                reports.append(entry_from_file(html))
            else:
                size = html.stat().st_size
                reports.append(dataclasses.replace(known, size=size, pdf=_pdf(html)))
        except FileNotFoundError:  # deleted since the folder was read
            continue
    return sorted(reports, key=lambda entry: entry.sort_key)


def entry_for_result(result: RenderResult, out_dir: Path) -> ReportEntry | None:
    """The catalogue entry of a result's report; None if no HTML was written or it is elsewhere.

    A render whose HTML was written but whose PDF failed is catalogued: the page is new.
    """
    if result.html is None:
        return None
    html = out_dir / result.html.name
    if not html.is_file() or html.resolve() != Path(result.html).resolve():
        return None
    start, end = _label_days(result.period_label)
    return ReportEntry(
        file=html.name,
        client=result.client,
        display_name=_title(html) or result.client,
        period=result.period_label,
        period_start=start,
        period_end=end,
        rendered_at=_modified(html),
        size=html.stat().st_size,
        pdf=_pdf(html),
    )


def entry_from_file(html: Path) -> ReportEntry:
    """An entry for a report the catalogue does not know, from its file alone.

    The client and period come from the file name when it is a :func:`report_stem`, the
    display name from the page's title, the time from the file's modification time. A report
    of a client's configured period does not name it: its period is unknown (``""``).
    """
    match = _STEM.fullmatch(html.stem)
    client = match["client"] if match else html.stem
    period, start, end = "", None, None
    if match:
        from ..periods import Period  # pandas: only when an uncatalogued report is listed

        try:
            first, last = (dt.date.fromisoformat(match[side]) for side in ("start", "end"))
        except ValueError:  # "2025-13-01": not a stem of ours after all
            client = html.stem
        else:
            period = Period.of_days(first, last).label()
            start, end = first.isoformat(), last.isoformat()
    return ReportEntry(
        file=html.name,
        client=client,
        display_name=_title(html) or client,
        period=period,
        period_start=start,
        period_end=end,
        rendered_at=_modified(html),
        size=html.stat().st_size,
        pdf=_pdf(html),
    )


def describe_run(
    results: Sequence[RenderResult],
    *,
    started: dt.datetime,
    finished: dt.datetime,
    options: RenderOptions | None = None,
) -> dict[str, Any]:
    """One run of ``runs.json``: when, with which options, and what happened to each client.

    File names only, never paths: the folder may be handed to a client as it is.
    """
    return {
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "options": None
        if options is None
        else {
            "period": options.period_text or None,
            "jobs": options.jobs,
            "cell_timeout": options.cell_timeout,
            "timeout": options.timeout,
        },
        "ok": sum(result.ok for result in results),
        "failed": sum(not result.ok for result in results),
        "clients": [
            {
                "client": result.client,
                "status": result.status,
                "error": result.error,
                "seconds": round(result.seconds, 2),
                "period": result.period_label,
                "size": result.size,
                "html": result.html.name if result.html else None,
                "pdf": _pdf(Path(result.html)) if result.ok and result.html else None,
            }
            for result in results
        ],
    }


def append_run(out_dir: str | Path, run: dict[str, Any]) -> None:
    """Append ``run`` to ``<out_dir>/runs.json``, keeping the last :data:`MAX_RUNS`.

    Call it under :func:`folder_lock`. An unreadable log is moved aside
    (``runs.json.unreadable``) and a new one begun.

    Raises
    ------
    OSError
        ``runs.json`` cannot be written.
    """
    path = Path(out_dir) / RUNS
    runs = _read_json(path)
    runs = runs if isinstance(runs, list) else []
    write_json_atomically(path, [*runs, run][-MAX_RUNS:])


def write_json_atomically(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` so that a reader sees the old file or the new one."""
    write_text_atomically(path, json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and :func:`os.replace`.

    A failed write (a full disk) leaves ``path`` as it was and no temporary file behind. The
    file gets the permissions any new file gets (the umask), not the temporary file's 0600, so
    a web server or share that serves the reports can serve the index too.
    """
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, removed on failure
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return json.loads(text)
    except ValueError:
        # Kept, not overwritten: someone may want what it held.
        os.replace(path, path.with_name(f"{path.name}.unreadable"))
        return None


def _title(html: Path) -> str:
    """The display name from the report's <title>, which comes before the inlined plotly.js."""
    try:
        with html.open("rb") as handle:
            head = handle.read(16_384).decode("utf-8", errors="replace")
    except OSError:  # unreadable: the caller names the report by its file
        return ""
    match = _TITLE.search(head)
    if not match:
        return ""
    title = " ".join(unescape(match[1]).split())
    return title.removesuffix(_TITLE_SUFFIX).strip() or title


def _label_days(label: str) -> tuple[str | None, str | None]:
    """The first and last day of a period label (``01 Mar 2025 – 31 Mar 2025``), if it is one."""
    try:
        first, last = (dt.datetime.strptime(side.strip(), _LABEL_DAY) for side in label.split("–"))
    except ValueError:  # "as configured", or not two sides
        return None, None
    return first.date().isoformat(), last.date().isoformat()


def _modified(path: Path) -> str:
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).astimezone()
    return stamp.isoformat(timespec="seconds")


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


def _pdf(html: Path) -> str | None:
    """The PDF printed from ``html``: one older than the page is from an earlier render."""
    pdf = html.with_suffix(".pdf")
    try:
        fresh = pdf.stat().st_mtime_ns >= html.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return pdf.name if fresh else None


def _lock(handle: IO[bytes]) -> None:
    if os.name == "nt":
        handle.seek(0)
        while True:  # LK_LOCK gives up after ten tries a second apart
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock(handle: IO[bytes]) -> None:
    if os.name == "nt":
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def reader_time(stamp: dt.datetime) -> str:
    """A time as the reports write times: ``05 Dec 2026 03:19 UTC`` (the zone when known)."""
    return f"{stamp:%d %b %Y %H:%M %Z}".strip()
