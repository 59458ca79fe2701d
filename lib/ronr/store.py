"""A client's workspace: its config and validated, enriched tables, cached as Parquet.

The first load imports every export, validates it against the canonical schemas, scores
sentiment and writes the tables to ``data/cache/<client>/<fingerprint>/``. A later load of
unchanged inputs (same config and files, same ronr version) reads the cache instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .brands import brand_terms, match_brands
from .config import ClientConfig, ExportFile, load_config
from .derive import answer_need, detect_questions, engagements, needs_answer
from .errors import ConfigError, InputError, RonrError, quoted
from .ingest import REJECT_COLUMNS, ImportContext, ImportResult, import_file
from .ingest.base import text_isin
from .ingest.mapped import read_mapped
from .language import LANGUAGE_CACHE_NAME, UNDETERMINED, detect_languages
from .paths import cache_dir, client_dir, resolve_data_dir
from .periods import Period
from .schema import TABLES, empty_table, validate_table
from .sentiment import (
    UNREADABLE,
    cache_write_error,
    label_sentiment,
    map_in_chunks,
    overrides_fingerprint,
    score_texts,
    warn_unreadable,
    write_atomically,
)
from .text import mask_for_sentiment, strip_for_language

CACHE_LAYOUT = "6"  # bump when the cached tables change shape
SCORED_LANGUAGES = ("en", UNDETERMINED)  # VADER is valid for English; short texts are mostly so
PROVENANCE_COLUMNS = [
    "file", "format", "tables", "rows_read", "rows_accepted", "rows_rejected", "notes"
]  # fmt: skip


@dataclass(frozen=True)
class Workspace:
    """One client's data for one period. Treat the tables as read-only."""

    config: ClientConfig
    posts: pd.DataFrame
    mentions: pd.DataFrame
    responses: pd.DataFrame
    audience: pd.DataFrame
    followers: pd.DataFrame
    provenance: pd.DataFrame
    rejects: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = dataclasses.field(default_factory=dict)
    imported: dict[str, int] = dataclasses.field(default_factory=dict)  # rows before the period
    # every exported mention before the period: the spikes' baseline and the members' history
    # (levels, loyalty, cohorts), never counted in the period
    mentions_before: pd.DataFrame | None = None
    # results a section computes once and the cover reuses (see ronr.sections)
    _memo: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)
    from_cache: bool = False
    # the data folder the workspace was loaded from: the client's own files that are no export
    # (labels.csv, ronr.labels) live in its clients/<client>/; None: the default data folder
    data_dir: Path | None = None

    @property
    def client(self) -> str:
        return self.config.client

    @property
    def brand(self) -> str:
        """The client's own brand name."""
        return self.config.brand.name

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def period_label(self) -> str:
        return self.period.label()

    @property
    def own_posts(self) -> pd.DataFrame:
        """The client's own posts (competitors' left out)."""
        return self.posts[self.posts["brand"] == self.brand]

    @property
    def own_mentions(self) -> pd.DataFrame:
        """The mentions of the client's own brand."""
        return self.mentions[self.mentions["brand"] == self.brand]

    @property
    def timezone(self) -> str:
        """The client's time zone, in which every day, week and month is cut."""
        return self.config.timezone

    @property
    def lexicon_version(self) -> str:
        """The version of the client's sentiment lexicon overrides the mentions were scored
        with (:func:`ronr.sentiment.overrides_fingerprint`; "" for VADER's own lexicon).

        The config file is part of the import cache's fingerprint, so cached mentions were
        scored with the overrides the config holds now.
        """
        return overrides_fingerprint(self.config.sentiment.lexicon_overrides)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def memo(self, key: str, compute):
        """``compute()`` the first time ``key`` is asked for, the same result after that."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def covered_span(self, name: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The days of the period that the exports of ``name`` actually cover, or None.

        From the first to the last day with a row in any export of the table (all brands,
        before the period is selected), within the period. Days outside it are unknown, not
        days with nothing: spikes and term lifts are judged inside it only.
        """
        if name not in self.spans:
            return None
        first, last = self.spans[name]
        start, end = max(first, self.start), min(last, self.end)
        return (start, end) if start <= end else None


def _file_key(path: Path) -> object:
    """What tells two names of one file apart from two files: its device and inode when it
    exists (a symlink, or ``Live.csv`` on a case-insensitive disk, is the same file), else
    its resolved path."""
    try:
        stat = path.stat()
    except OSError:
        return str(path.resolve())
    return (stat.st_dev, stat.st_ino)


def export_files(config: ClientConfig, folder: Path) -> list[tuple[Path, str | None]]:
    """The files of a client to read, each with the format named for it (None: detect it).

    Every file in ``folder/exports`` is read (hidden files aside), its format detected from
    its header. An entry of ``config.exports`` configures the file it names (format, sheet,
    date order, number format or a column map, see :func:`import_export`) and does not leave
    out the others; it may also name a file elsewhere (``sub/live.csv``, ``../shared/x.csv``).
    The entries come first, in their order, then the other files by name; a file is read once,
    as its entry says when it has one. ``config.ignore_exports`` names files of exports/ not to
    read. An entry whose file does not exist is kept, for the caller to say so.
    """
    exports = folder / "exports"
    files: list[tuple[Path, str | None]] = []
    read: set[object] = set()
    for entry in config.exports or ():
        path = (exports / entry.path).resolve()
        if _file_key(path) not in read:  # two entries may name one file through a symlink
            files.append((path, entry.format))
            read.add(_file_key(path))
    skip = read | {_file_key(exports / name) for name in config.ignore_exports}
    found = sorted(p for p in exports.glob("*") if p.is_file() and not p.name.startswith("."))
    return files + [(p, None) for p in found if _file_key(p) not in skip]


def _fingerprint(config_path: Path, files: list[tuple[Path, str | None]]) -> str:
    digest = hashlib.sha256(f"{__version__}|{CACHE_LAYOUT}".encode())
    digest.update(config_path.read_bytes())
    for path, fmt in files:
        if not path.exists():  # an entry's missing file: import_client says so by name
            digest.update(f"{path.name}|{fmt}|missing".encode())
            continue
        stat = path.stat()
        digest.update(f"{path.name}|{fmt}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _prepare_chunk(texts: list[str], terms: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each text as its language is detected and as VADER scores it (see enrich_mentions)."""
    present = pd.Series(texts, dtype=object)
    stripped = strip_for_language(present)
    masked = mask_for_sentiment(present, terms=terms)
    return list(zip(stripped, masked, strict=True))


def _prepare_texts(texts: pd.Series, *, terms: tuple[str, ...]) -> tuple[pd.Series, pd.Series]:
    """:func:`_prepare_chunk` over distinct present ``texts``, in worker processes when many.

    The regular expressions cost about 60 µs a text: at a million mostly distinct texts they
    are worth spreading over the cores as detection and scoring are.
    """
    pairs = map_in_chunks(functools.partial(_prepare_chunk, terms=terms), texts.tolist())
    stripped = pd.Series([p[0] for p in pairs], index=texts.index, dtype="str")
    masked = pd.Series([p[1] for p in pairs], index=texts.index, dtype="str")
    return stripped, masked


def enrich_mentions(
    mentions: pd.DataFrame,
    *,
    terms: Iterable[str] = (),
    sentiment_cache: Path | None = None,
    progress=None,
    overrides: dict[str, float] | None = None,
    language_cache: Path | None = None,
) -> pd.DataFrame:
    """Add the derived columns: language, sentiment, sentiment_label, is_question, answer_need and
    needs_answer.

    ``text`` is kept as written. Language is detected on it without URLs and @handles
    (:func:`ronr.text.strip_for_language`); sentiment is scored on it with URLs, @handles and
    the brand ``terms`` masked and hashtags read as words (:func:`ronr.text.mask_for_sentiment`),
    so a brand whose name is a VADER word ("@sunny", "@united") gets no sentiment from it.
    VADER's lexicon is English: only texts detected as English (or too short to tell) are
    scored; the others keep a missing score, which the report counts and says.

    Parameters
    ----------
    mentions
        Canonical mentions with a ``text`` column.
    terms
        The tracked brands' names, handles and keywords (:func:`ronr.brands.brand_terms`).
    sentiment_cache
        Parquet cache of scores by hash of the masked text (see :func:`ronr.sentiment.score_texts`).
    progress
        Optional callable ``progress(done, total)`` while scoring.
    overrides
        The client's lexicon overrides (``sentiment.lexicon_overrides`` in client.yaml), applied
        to a copy of VADER's lexicon (:func:`ronr.sentiment.score_texts`).
    language_cache
        Parquet cache of languages by hash of the stripped text
        (:func:`ronr.language.detect_languages`); by default ``language.parquet`` beside
        ``sentiment_cache`` (none without it).
    """
    # retweets and copied complaints repeat texts: prepare, detect and score each one once
    codes, distinct = pd.factorize(mentions["text"])
    distinct = pd.Series(distinct, dtype=object)

    def per_row(prepared: pd.Series, dtype) -> pd.Series:
        values = prepared.to_numpy(dtype=object)[codes]
        return pd.Series(values, index=mentions.index, dtype=object).where(codes >= 0).astype(dtype)

    if language_cache is None and sentiment_cache is not None:
        language_cache = Path(sentiment_cache).with_name(LANGUAGE_CACHE_NAME)
    stripped, masked = _prepare_texts(distinct, terms=tuple(terms))
    languages = detect_languages(stripped, cache_path=language_cache)
    scores = score_texts(
        masked.where(languages.isin(SCORED_LANGUAGES)),
        cache_path=sentiment_cache,
        progress=progress,
        overrides=overrides,
    )
    language = per_row(languages, "str")
    compound = per_row(scores, float)
    enriched = mentions.assign(
        language=language,
        sentiment=compound,
        sentiment_label=label_sentiment(compound),
        is_question=detect_questions(mentions["text"]),
    )
    enriched = enriched.assign(answer_need=answer_need(enriched))
    return enriched.assign(needs_answer=needs_answer(enriched))


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def enrich_posts(posts: pd.DataFrame, *, timezone: str) -> pd.DataFrame:
    """Fill published_month, published_weekday and published_hour (local time) from
    published_at, and each post's ``total_engagements`` (:func:`ronr.derive.engagements`).

    Run per file: a column the importer gave itself is kept as it is, missing values included
    (a source with only a date gives no hour, and none may be made up from midnight).
    """
    local = posts["published_at"].dt.tz_convert(timezone)
    derived = {
        "published_month": local.dt.strftime("%Y-%m").astype("str"),
        "published_weekday": local.dt.day_of_week.map(dict(enumerate(WEEKDAY_NAMES))).astype("str"),
        "published_hour": local.dt.hour.astype("Int64"),
    }
    timed = posts.assign(**{c: v for c, v in derived.items() if c not in posts.columns})
    return timed.assign(total_engagements=engagements(posts))


def import_context(config: ClientConfig) -> ImportContext:
    """What importers need to know about the client (see :class:`ronr.ingest.ImportContext`)."""
    return ImportContext(
        brand=config.brand.name,
        handles=tuple(config.brand.handles),
        year=config.period.start.year if config.period else None,
        timezone=config.business_hours.timezone,
        brands=tuple((b.name, tuple(b.handles)) for b in config.brands),
        date_order=config.date_order,
        number_format=config.number_format,
    )


def export_entry(config: ClientConfig, path: Path) -> tuple[int, ExportFile] | None:
    """The entry of ``config.exports`` that lists ``path``, with its index; None if none does.

    An entry's ``path`` is relative to the client's exports/ folder, so it lists ``path`` when
    its parts end ``path`` (``sub/live.csv`` lists ``.../exports/sub/live.csv``; ``..`` parts
    are not compared). Of several such entries the most specific (most parts) wins, then the
    first. A file inside the client's own exports/ folder (``<...>/<client>/exports/``, next to
    its client.yaml) is listed only by the entry that names that very file: auto-detected
    ``exports/live.csv`` is not read with the entry of ``../live.csv``.
    """
    path = Path(path).resolve()
    home = _client_exports(config, path)
    if home is not None:
        key = _file_key(path)
        for index, entry in enumerate(config.exports or ()):
            if _file_key(home / entry.path) == key:
                return index, entry
        return None
    parts = path.parts
    best: tuple[int, int, ExportFile] | None = None
    for index, entry in enumerate(config.exports or ()):
        want = tuple(p for p in Path(os.path.normpath(entry.path)).parts if p not in ("..", "."))
        if want and parts[-len(want) :] == want and (best is None or len(want) > best[0]):
            best = (len(want), index, entry)
    return None if best is None else best[1:]


def _client_exports(config: ClientConfig, path: Path) -> Path | None:
    """The client's exports/ folder when ``path`` lies in it, else None."""
    for folder in path.parents:
        if (
            folder.name == "exports"
            and folder.parent.name == config.client
            and (folder.parent / "client.yaml").is_file()
        ):
            return folder
    return None


def export_context(context: ImportContext, entry: ExportFile) -> ImportContext:
    """``context`` with what an export entry says about its own file (date order, number
    format, sheet) in place of the client's."""
    changes = {
        name: getattr(entry, name)
        for name in ("date_order", "number_format", "sheet")
        if getattr(entry, name) is not None
    }
    return dataclasses.replace(context, **changes) if changes else context


def _brand_rejects(mentions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": mentions["source_file"].to_numpy(),
            "row": mentions["source_row"].astype("int64").to_numpy(),
            "column": "brand",
            "value": mentions["text"].fillna("").str.slice(0, 200).to_numpy(),
            "reason": "names no tracked brand (no brand given, and no name, handle or keyword "
            "from client.yaml in the text)",
        },
        columns=REJECT_COLUMNS,
    )


def import_export(
    path: Path, *, format: str | None, config: ClientConfig, context: ImportContext
) -> ImportResult:
    """Import one export and name the brands of its mentions that carry none.

    When client.yaml lists the file (:func:`export_entry`), its entry's ``date_order``,
    ``number_format`` and ``sheet`` replace the client's, and an entry with a ``table`` is
    read through its column map (:func:`ronr.ingest.mapped.read_mapped`) unless the caller
    names a ``format``; errors then name the entry's keys (``exports.0.columns.num_comment``).

    A mention that names no tracked brand joins the file's rejects, so the file's counts still
    add up (see :func:`ronr.brands.match_brands`).
    """
    found = export_entry(config, path)
    if found is None:
        result = import_file(path, format=format, context=context)
    else:
        index, entry = found
        context = export_context(context, entry)
        if entry.table is None or format is not None:  # a format named by the caller wins
            result = import_file(path, format=format or entry.format, context=context)
        else:
            result = read_mapped(
                path,
                table=entry.table,
                columns=entry.columns,
                channel=entry.channel,
                brand=entry.brand,
                date_format=entry.date_format,
                context=context,
                where=f"exports.{index}",
            )
    mentions = result.tables.get("mentions")
    if mentions is None or not mentions["brand"].isna().any():
        return result
    matched, missing = match_brands(mentions, config.brands)
    rejects = [r for r in (result.rejects, _brand_rejects(mentions[missing])) if len(r)]
    return dataclasses.replace(
        result,
        tables={**result.tables, "mentions": matched},
        rejects=pd.concat(rejects, ignore_index=True) if rejects else result.rejects,
    )


def _text_extras(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Columns kept from an export beyond the canonical ones, as text.

    Two exports may keep a column of the same name with different types; as text they
    concatenate and cache cleanly, and nothing is lost.
    """
    extras = [
        c for c in table.columns if c not in TABLES[name].columns and table[c].dtype == object
    ]
    return table.astype({c: "str" for c in extras}) if extras else table


def _key_columns(name: str) -> list[str]:
    """The columns that make a row of table ``name`` unique (its schema's), the id first."""
    key = list(TABLES[name].unique or ())
    return sorted(key, key=lambda column: not column.endswith("_id"))  # stable sort


def _said(columns: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return columns[0] if len(columns) == 1 else f"{', '.join(columns[:-1])} and {columns[-1]}"


def reject_repeats(results: list[ImportResult]) -> list[ImportResult]:
    """The imports of a client's files with every row whose key an earlier row holds rejected.

    Overlapping exports (two monthly mention files sharing a week) repeat rows. The key of
    each table is its schema's unique key (posts: post_id, brand and channel; mentions:
    mention_id and brand; responses: response_id; ...). The first row with a key, in the order
    of ``results`` (:func:`export_files`), is kept; a repeat joins its own file's rejects with
    a reason naming the first (``same mention_id and brand as row 12 of mentions-jan.csv``),
    so each file's ``rows_read = rows_accepted + rows_rejected`` still holds.

    A source row is rejected when all the rows it gave are repeats. A mention naming two
    brands whose row repeats for one brand only keeps its new brand; the repeated brand is
    counted once, from the earlier file, and a note of its file says so.

    Parameters
    ----------
    results
        One import per file, in the order the files are read.

    Returns
    -------
    list of ImportResult
        The same imports, the repeats moved from their tables to their rejects.
    """
    drops: dict[int, dict[str, np.ndarray]] = {}  # result -> table -> rows that repeat
    found: dict[int, list[pd.DataFrame]] = {}  # result -> the repeats, as rejects
    for name in TABLES:
        key = _key_columns(name)
        frames = [
            (i, r.tables[name])
            for i, r in enumerate(results)
            if name in r.tables and len(r.tables[name]) and set(key) <= set(r.tables[name])
        ]
        if not frames:
            continue
        rows = pd.concat(
            [
                f[[*key, "source_file", "source_row"]].assign(_result=i, _at=range(len(f)))
                for i, f in frames
            ],
            ignore_index=True,
        )
        groups = rows.assign(_first=np.arange(len(rows))).groupby(key, sort=False, dropna=False)
        repeat = (groups.cumcount() > 0).to_numpy()
        if not repeat.any():
            continue
        first = rows.iloc[groups["_first"].transform("first").to_numpy()[repeat]]
        again = rows[repeat]
        reasons = pd.Series(
            [
                f"same {_said(key)} as row {row} of {file}"
                for file, row in zip(first["source_file"], first["source_row"], strict=True)
            ],
            index=again.index,
        )
        for i, frame in frames:
            mine = again["_result"] == i
            if not mine.any():
                continue
            mask = np.zeros(len(frame), dtype=bool)
            mask[again.loc[mine, "_at"].to_numpy()] = True
            drops.setdefault(i, {})[name] = mask
            found.setdefault(i, []).append(
                pd.DataFrame(
                    {
                        "file": again.loc[mine, "source_file"].to_numpy(),
                        "row": again.loc[mine, "source_row"].astype("int64").to_numpy(),
                        "column": "+".join(key),
                        "value": again.loc[mine, key[0]].astype(str).to_numpy(),
                        "reason": reasons[mine].to_numpy(),
                    },
                    columns=REJECT_COLUMNS,
                )
            )
    out = list(results)
    for i, masks in drops.items():
        result = results[i]
        tables = {
            name: (table[~masks[name]].reset_index(drop=True) if name in masks else table)
            for name, table in result.tables.items()
        }
        kept = {
            (file, int(row))
            for table in tables.values()
            if len(table)
            for file, row in zip(table["source_file"], table["source_row"], strict=True)
        }
        repeats = pd.concat(found[i], ignore_index=True)
        whole = ~pd.Series(
            [(f, int(r)) in kept for f, r in zip(repeats["file"], repeats["row"], strict=True)],
            dtype=bool,
        )
        rejected = repeats[whole].drop_duplicates(["file", "row"])
        notes = list(result.notes)
        partly = len(repeats[~whole].drop_duplicates(["file", "row"]))
        if partly:
            notes.append(
                f"Rows that repeat a row of an earlier file for some of their brands: {partly:,}; "
                "those brands are counted once, from the earlier file, the others kept."
            )
        old = [r for r in (result.rejects, rejected) if len(r)]
        out[i] = dataclasses.replace(
            result,
            tables=tables,
            rejects=pd.concat(old, ignore_index=True) if old else result.rejects,
            notes=notes,
        )
    return out


FileState = tuple[int, int, int, int] | None


def file_state(path: Path) -> FileState:
    """What tells that a file changed: its size, modification time and identity (a file
    replaced through a rename has a new inode); None when it does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_dev, stat.st_ino)


def snapshot_inputs(files: list[tuple[Path, str | None]]) -> dict[Path, FileState]:
    """The state of every file to import (:func:`file_state`), taken before any is read."""
    return {path: file_state(path) for path, _ in files}


def check_unchanged(before: dict[Path, FileState]) -> None:
    """Raise InputError naming the first file of ``before`` that changed or disappeared since.

    An export still being copied or re-saved while it is read gives rows of two versions;
    importing again once it is complete is the only sound answer.
    """
    for path, state in before.items():
        now = file_state(path)
        if now == state or state is None:  # a file missing from the start is said elsewhere
            continue
        if now is None:
            raise InputError(
                f"{path.name}: disappeared while the exports were being imported; "
                "run again once the exports folder is complete"
            )
        raise InputError(
            f"{path.name}: changed while the exports were being imported (it was "
            f"{state[0]:,} bytes, now {now[0]:,}); run again once it is completely written"
        )


def import_client(
    config: ClientConfig, folder: Path, *, sentiment_cache: Path | None = None, progress=None
):
    """Import, validate and enrich every export of a client (the files of :func:`export_files`).

    Returns
    -------
    tables, provenance, rejects
        The five canonical tables, one provenance row per file, and every rejected row.
    """
    files = export_files(config, folder)
    before = snapshot_inputs(files)
    context = import_context(config)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    provenance, rejects = [], []
    results = []
    for path, fmt in files:
        if before[path] is None:
            raise InputError(
                f"{path.name}: listed in client.yaml exports but not found in exports/"
            )
        try:
            results.append(import_export(path, format=fmt, config=config, context=context))
        except Exception:
            check_unchanged(before)  # a file cut short while read: the change is the reason
            raise
    check_unchanged(before)
    for result in reject_repeats(results):
        for name, frame in result.tables.items():
            if name == "posts":
                frame = enrich_posts(frame, timezone=config.business_hours.timezone)
            parts[name].append(frame)
        rejects.append(result.rejects)
        provenance.append(
            {
                "file": result.file,
                "format": result.format,
                "tables": ", ".join(result.tables),
                "rows_read": result.rows_read,
                "rows_accepted": result.rows_accepted,
                "rows_rejected": result.rows_rejected,
                # what the reader assumed or skipped (title lines, a decimal mark): said, not lost
                "notes": "; ".join(result.notes),  # each note its own clause
            }
        )
    tables = {}
    for name in TABLES:
        frames = [f for f in parts[name] if len(f)]
        table = pd.concat(frames, ignore_index=True) if frames else empty_table(name)
        table = _text_extras(table, name)
        if name == "mentions" and len(table):
            table = enrich_mentions(
                table,
                terms=brand_terms(config.brands),
                sentiment_cache=sentiment_cache,
                progress=progress,
                overrides=config.sentiment.lexicon_overrides,
            )
        tables[name] = validate_table(table, name)
    provenance_frame = pd.DataFrame(provenance, columns=PROVENANCE_COLUMNS)
    rejects_frame = (
        pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame(columns=REJECT_COLUMNS)
    )
    return (
        tables,
        provenance_frame,
        rejects_frame.astype({"row": "int64"}) if len(rejects_frame) else rejects_frame,
    )


def _write_cache(
    target: Path, tables: dict[str, pd.DataFrame], provenance: pd.DataFrame, rejects: pd.DataFrame
) -> None:
    """Write a client's tables to ``target`` (``cache/<client>/<fingerprint>``) atomically.

    Everything is written into a temporary folder beside ``target``, renamed to it at the end,
    so a reader sees a whole cache or none. The temporary folder is removed whatever fails.

    Raises
    ------
    CacheError
        The cache could not be written (a full disk, a read-only folder): one line naming the
        client, instead of a traceback.
    """
    client = target.parent.name
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, suffix=".tmp"))  # unique per writer
        for name, table in tables.items():
            table.to_parquet(tmp / f"{name}.parquet", index=False)
        provenance.to_parquet(tmp / "provenance.parquet", index=False)
        rejects.astype({c: ("int64" if c == "row" else "str") for c in rejects.columns}).to_parquet(
            tmp / "rejects.parquet", index=False
        )
        from .spreadsheet import write_spreadsheet_csv  # formula-safe, a lone \r quoted

        # before the folder is renamed into place: a cache found complete has its rejects.csv
        write_atomically(
            target.parent / "rejects.csv", lambda path: write_spreadsheet_csv(rejects, path)
        )
        for old in target.parent.glob("*"):
            if old.is_dir() and old != tmp and not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)
        # another process may have finished first: its copy is the same (finally removes tmp)
        with contextlib.suppress(OSError):
            os.replace(tmp, target)
    except OSError as exc:
        raise cache_write_error(f"the cache of {client}", target.parent, exc) from exc
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _read_cache(target: Path):
    """The tables, provenance and rejects cached in ``target``; None when they cannot be read.

    A cache is only a copy of the imports: a damaged one (a truncated or missing file) is
    warned about (:class:`ronr.sentiment.CacheWarning`) and removed, and the caller imports
    the exports again.
    """
    try:
        tables = {name: pd.read_parquet(target / f"{name}.parquet") for name in TABLES}
        provenance = pd.read_parquet(target / "provenance.parquet")
        rejects = pd.read_parquet(target / "rejects.parquet")
    except UNREADABLE as exc:
        warn_unreadable(f"the cache of {target.parent.name}", target, exc)
        shutil.rmtree(target, ignore_errors=True)
        return None
    return tables, provenance, rejects


def parse_period(
    period: str | Period | None,
    config: ClientConfig,
    tables: dict[str, pd.DataFrame],
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day: the given period, else the config's, else the data's.

    Days are the client's local days (``config.timezone``), labelled as UTC midnights like
    :class:`ronr.periods.Period`. A text period is read by :meth:`ronr.periods.Period.parse`
    (days, months or years).
    """
    if period:
        parsed = period if isinstance(period, Period) else Period.parse(period)
        return parsed.start, parsed.end
    if config.period:
        return (
            pd.Timestamp(config.period.start, tz="UTC"),
            pd.Timestamp(config.period.end, tz="UTC"),
        )
    stamps = pd.concat(
        [tables["posts"]["published_at"], tables["mentions"]["created_at"]], ignore_index=True
    ).dropna()
    months = pd.to_datetime(tables["posts"].get("published_month", pd.Series()).dropna() + "-01")
    if stamps.empty and len(months):
        return months.min().tz_localize("UTC"), (months.max() + pd.offsets.MonthEnd(0)).tz_localize(
            "UTC"
        )
    if stamps.empty:
        now = pd.Timestamp.now(tz="UTC").normalize()
        return now - pd.Timedelta(days=364), now
    days = local_days(stamps, timezone=config.timezone)
    return days.min(), days.max()


DATED_COLUMNS = {
    "posts": "published_at",
    "mentions": "created_at",
    "responses": "created_at",
    "followers": "date",
}
DAY_COLUMNS = frozenset({"date"})  # already days (UTC midnight labels), not instants
SPARSE_TABLES = frozenset({"posts"})  # rows on some days only: see data_spans


def local_days(stamps: pd.Series, *, timezone: str) -> pd.Series:
    """The local day in ``timezone`` of each instant, labelled as a UTC midnight.

    A mention at 23:30 UTC on 31 March is on 1 April in London (BST): its day label is
    ``2025-04-01 00:00 UTC``, the convention of :class:`ronr.periods.Period`.
    """
    local = stamps.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    return local.dt.tz_localize("UTC")


def data_spans(
    tables: dict[str, pd.DataFrame], *, timezone: str = "UTC"
) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """First and last local day with a row, per dated table that has rows (day labels).

    Posts are sparse: a brand posting every third day has no post on the 1st of a month its
    export covers whole. Their span reaches past the first and last posting day by the usual
    gap between posting days (90th percentile, less one day), so a month is called partial
    only when the posts stop short of its edge by more than that.
    """
    spans = {}
    for name, column in DATED_COLUMNS.items():
        stamps = tables[name][column].dropna()
        if len(stamps):
            days = (
                stamps.dt.tz_convert("UTC").dt.normalize()
                if column in DAY_COLUMNS
                else local_days(stamps, timezone=timezone)
            )
            first, last = days.min(), days.max()
            if name in SPARSE_TABLES:
                reach = usual_gap(days) - pd.Timedelta(days=1)
                first, last = first - reach, last + reach
            spans[name] = (first, last)
    return spans


def usual_gap(days: pd.Series) -> pd.Timedelta:
    """The 90th percentile of the gaps between consecutive distinct ``days``, whole days
    (one day when there are fewer than two days)."""
    distinct = pd.Series(days.unique()).sort_values()
    gaps = distinct.diff().dropna().dt.days
    if gaps.empty:
        return pd.Timedelta(days=1)
    return pd.Timedelta(days=int(np.ceil(gaps.quantile(0.9))))


def _in_period(
    stamps: pd.Series, start: pd.Timestamp, end: pd.Timestamp, *, timezone: str = "UTC"
) -> pd.Series:
    """Instants on a local day from ``start`` to ``end`` (day labels, inclusive)."""
    days = local_days(stamps, timezone=timezone)
    return (days >= start) & (days <= end)


def _rows_on_days(
    frame: pd.DataFrame,
    column: str,
    start: pd.Timestamp | None,
    end: pd.Timestamp | None,
    *,
    timezone: str,
) -> pd.DataFrame:
    """The rows of ``frame`` whose ``column`` falls on a local day from ``start`` to ``end``
    (inclusive; None: unbounded), index reset.

    When the instants are in order (an export sorted by time, as most are), the rows are one
    run and are taken as a slice, which shares the table's memory instead of copying it: a
    million mentions are then held once, however many periods are cut from them.
    """
    days = local_days(frame[column], timezone=timezone)
    low = days >= start if start is not None else pd.Series(True, index=days.index)
    keep = low & (days <= end) if end is not None else low
    stamps = frame[column]
    if len(stamps) and stamps.notna().all() and stamps.is_monotonic_increasing:
        at = np.flatnonzero(keep.to_numpy())
        first, stop = (int(at[0]), int(at[-1]) + 1) if len(at) else (0, 0)
        return frame.iloc[first:stop].reset_index(drop=True)
    return frame[keep].reset_index(drop=True)


def mentions_before(
    mentions: pd.DataFrame, start: pd.Timestamp, *, timezone: str = "UTC"
) -> pd.DataFrame:
    """The mentions of every local day before ``start``.

    A member's level, loyalty and cohort depend on what they did before the period, and a
    one-month report still judges its first days against the weeks before it; those mentions
    are history only, never counted in the period.
    """
    before = start - pd.Timedelta(days=1)
    return _rows_on_days(mentions, "created_at", None, before, timezone=timezone)


def _on_days(days: pd.Series, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    """Day labels (e.g. follower counts' dates) from ``start`` to ``end`` inclusive."""
    return (days >= start) & (days < end + pd.Timedelta(days=1))


def select_period(
    tables: dict[str, pd.DataFrame],
    start: pd.Timestamp,
    end: pd.Timestamp,
    *,
    timezone: str = "UTC",
) -> dict[str, pd.DataFrame]:
    """The rows of each table in the period; audience keeps every snapshot up to its end.

    Posts, mentions and responses are in the period when their local day (in ``timezone``)
    is. Responses follow their mention; a response whose mention is in no export follows its
    own time.
    """
    mentions = _rows_on_days(tables["mentions"], "created_at", start, end, timezone=timezone)
    posts = tables["posts"]
    months = pd.period_range(start.tz_localize(None), end.tz_localize(None), freq="M").strftime(
        "%Y-%m"
    )
    # a post known only to its month is in the period when its month overlaps the period
    month_only = posts["published_at"].isna() & posts["published_month"].isin(list(months))
    posts = posts[_in_period(posts["published_at"], start, end, timezone=timezone) | month_only]
    replies = tables["responses"]
    # a reply to a mention outside the exports is kept by its own time, so the report can
    # count it as unmatched instead of losing it
    orphan = ~text_isin(replies["mention_id"], tables["mentions"]["mention_id"])
    responses = replies[
        text_isin(replies["mention_id"], mentions["mention_id"])
        | (orphan & _in_period(replies["created_at"], start, end, timezone=timezone))
    ]
    audience = tables["audience"][tables["audience"]["as_of"] < end + pd.Timedelta(days=1)]
    return {
        "posts": posts.reset_index(drop=True),
        "mentions": mentions,
        "responses": responses.reset_index(drop=True),
        "audience": audience.reset_index(drop=True),
        "followers": tables["followers"][
            _on_days(tables["followers"]["date"], start, end)
        ].reset_index(drop=True),
    }


def _inputs_fingerprint(client: str, data_dir: str) -> str:
    """The fingerprint of a client's config and export files, or "" when they cannot be read.

    Part of the in-memory cache key, so a notebook that loads again after an export or the
    config changed gets the new data, not the workspace it loaded before.
    """
    folder = client_dir(client, data_dir)
    try:
        config = load_config(folder / "client.yaml")
        return _fingerprint(folder / "client.yaml", export_files(config, folder))
    except (OSError, RonrError):
        return ""  # _load_cached raises the error with its full message


@functools.lru_cache(maxsize=8)
def _load_cached(client: str, data_dir: str, period: str, progress, inputs: str = "") -> Workspace:
    folder = client_dir(client, data_dir)
    config_path = folder / "client.yaml"
    if not config_path.exists():
        known = ", ".join(
            sorted(p.parent.name for p in (Path(data_dir) / "clients").glob("*/client.yaml"))
        )
        # Loading never generates data. A demo client is known by its spec file (package
        # data), so naming the fix needs no import of the generator.
        is_demo = (Path(__file__).parent / "demo" / "specs" / f"{client}.yaml").is_file()
        hint = "; run `ronr demo` to generate the demo clients" if is_demo else ""
        raise ConfigError(
            f"client {client!r} not found: no {config_path} (known clients: {known or 'none'})"
            f"{hint}"
        )
    config = load_config(config_path)
    if config.client != client:
        raise ConfigError(
            f"{config_path}: client: is {config.client!r} but the folder is {client!r}"
        )
    files = export_files(config, folder)
    target = cache_dir(client, data_dir) / _fingerprint(config_path, files)
    cached = _read_cache(target) if (target / "provenance.parquet").exists() else None
    from_cache = cached is not None
    if cached is not None:
        tables, provenance, rejects = cached
    else:
        tables, provenance, rejects = import_client(
            config,
            folder,
            sentiment_cache=Path(data_dir) / "cache" / "sentiment.parquet",
            progress=progress,
        )
        _write_cache(target, tables, provenance, rejects)
    start, end = parse_period(period, config, tables)
    return Workspace(
        config=config,
        **select_period(tables, start, end, timezone=config.timezone),
        provenance=provenance,
        rejects=rejects,
        start=start,
        end=end,
        spans=data_spans(tables, timezone=config.timezone),
        mentions_before=mentions_before(tables["mentions"], start, timezone=config.timezone),
        imported={name: len(table) for name, table in tables.items()},
        from_cache=from_cache,
        data_dir=Path(data_dir),
    )


def load_workspace(
    client: str,
    *,
    data_dir: str | Path | None = None,
    period: str | Period | None = None,
    progress=None,
) -> Workspace:
    """Load one client's validated tables for a period.

    Parameters
    ----------
    client
        The client's folder name under ``<data_dir>/clients``. Loading never generates data: a
        missing client, demo or not, is a ConfigError (``ronr demo`` generates the demo clients).
    data_dir
        The data folder; see :func:`ronr.paths.resolve_data_dir`.
    period
        A :class:`ronr.periods.Period` or its text ``'START..END'`` (days, months or years);
        empty means the config's period, else all data.
    progress
        Optional callable ``progress(done, total)`` for long sentiment scoring.
    """
    text = period.text() if isinstance(period, Period) else period or ""
    folder = str(resolve_data_dir(data_dir))
    return _load_cached(client, folder, text, progress, _inputs_fingerprint(client, folder))


def load_comparison(
    workspace: Workspace, *, compare: str = "", data_dir: str | Path | None = None
) -> Workspace | None:
    """The workspace ``workspace`` is compared with, or None for no comparison.

    Parameters
    ----------
    workspace
        The report's workspace.
    compare
        ``"previous"``: the same client over the period of the same length just before
        (:meth:`ronr.periods.Period.previous`); a period ``'START..END'`` (e.g.
        ``2024-04..2024-06``, the same quarter a year before): that one; ``""``: no
        comparison. Read from the same exports (cached: no second import).
    data_dir
        As for :func:`load_workspace`.

    Raises
    ------
    ConfigError
        ``compare`` is neither ``""``, ``"previous"`` nor a period.
    """
    if not compare:
        return None
    if compare == "previous":
        other = Period(workspace.start, workspace.end).previous()
    else:
        try:
            other = Period.parse(compare)
        except ConfigError:
            raise ConfigError(
                f"compare {quoted(compare)}: expected 'previous' or a period such as "
                "2024-01..2024-06"
            ) from None
    return load_workspace(workspace.config.client, data_dir=data_dir, period=other)


def reconcile_tables(workspace: Workspace) -> pd.DataFrame:
    """Per table: rows imported from the exports, rows the report uses, and rows set aside.

    The accepted rows of the files become the rows of the tables (a mention naming two brands
    is one row per brand); the report uses those in the period and sets the rest aside, saying
    so here, so nothing accepted disappears without a count.

    Returns
    -------
    DataFrame
        ``table rows_imported rows_in_period rows_outside_period`` with
        ``rows_imported = rows_in_period + rows_outside_period`` on every row.
    """
    rows = [
        {
            "table": name,
            "rows_imported": workspace.imported.get(name, 0),
            "rows_in_period": len(workspace.table(name)),
        }
        for name in TABLES
    ]
    table = pd.DataFrame(rows)
    table["rows_outside_period"] = table["rows_imported"] - table["rows_in_period"]
    return table


def describe_absence(workspace: Workspace, table: str) -> str | None:
    """Why ``table`` has no row in the period when an export did supply it, else None.

    Either its rows all fall outside the period, or every row of its files was rejected; in
    both cases "add an export" would be the wrong advice.
    """
    imported = workspace.imported.get(table, 0)
    if imported:
        span = workspace.spans.get(table)
        cover = f" (they cover {span[0]:%d %b %Y} – {span[1]:%d %b %Y})" if span else ""
        return f"The exports hold {imported:,} rows of {table}, none in this period{cover}."
    p = workspace.provenance
    read = p[p["tables"].str.contains(table, regex=False) & (p["rows_read"] > 0)]
    if len(read):
        return f"{', '.join(read['file'])}: every row was rejected; the appendix lists why."
    return None


def describe_provenance(workspace: Workspace) -> str:
    """One sentence: files read, rows accepted and rejected (and the sentiment lexicon's
    overrides, when the client has any)."""
    p = workspace.provenance
    text = (
        f"{len(p)} file{'' if len(p) == 1 else 's'} read: {int(p['rows_read'].sum()):,} rows, "
        f"{int(p['rows_accepted'].sum()):,} accepted, {int(p['rows_rejected'].sum()):,} rejected."
    )
    overrides = workspace.config.sentiment.lexicon_overrides
    if overrides:
        count = len(overrides)
        text += (
            f" Sentiment read with {count} word{'' if count == 1 else 's'} of the client's own "
            f"in VADER's lexicon (version {workspace.lexicon_version})."
        )
    return text
