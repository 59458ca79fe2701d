"""Property-based robustness of every importer in the registry (hypothesis).

Each importer of ``ronr.ingest.IMPORTERS`` (read at collection time, so importers added later
are covered) is fed (a) random bytes, written to a ``.csv``, ``.xlsx`` or ``.xls`` file, and
(b) random mutations of a valid sample CSV of its format: cells replaced by random text, ``-``,
``""``, huge or negative numbers or far-away dates; rows duplicated or deleted; columns dropped
or renamed; the delimiter swapped and the encoding switched. Every call must either return an
:class:`~ronr.ingest.ImportResult` whose rows reconcile (``rows_read == rows_accepted +
rows_rejected``) and whose tables validate against the canonical schema, or raise a
:class:`~ronr.errors.RonrError` with a message. Nothing else may escape.

Samples: the generic CSVs are built from ``generic.COLUMNS``, the conversation CSV is known; for
the other importers a header is taken from the column lists of their module (``EXPECTED``,
``*_COLUMNS``, ``*_REQUIRED``, ...) when their ``sniff`` accepts it, otherwise only (a) runs.

Runs are derandomized (the same examples on every run) for CI reproducibility.
"""

from __future__ import annotations

import csv
import functools
import io
import sys
import tempfile
import traceback
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ronr.errors import RonrError
from ronr.ingest import IMPORTERS, REJECT_COLUMNS, ImportContext, ImportResult, import_file
from ronr.ingest.base import Sample
from ronr.ingest.generic import COLUMNS as GENERIC_COLUMNS
from ronr.schema import TABLES, empty_table, validate_table

SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONTEXTS = (
    ImportContext(brand="Acme", handles=(), year=2024),
    ImportContext(brand="Acme", handles=("@acmecare",), year=2019, timezone="Europe/Paris"),
)

# -- known bugs outside the importers' own modules ------------------------------------------
# (exception type name, function it escapes from, file) -> the xfail test pinning it; empty
# while no shared-code bug is known (the ones found so far are regression tests at the bottom)
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def known_bug(error: BaseException) -> str | None:
    """The xfail test of a known shared-code bug that ``error`` is an instance of, if any."""
    frames = traceback.extract_tb(error.__traceback__)
    for frame in frames:
        key = (type(error).__name__, frame.name, Path(frame.filename).name)
        if key in KNOWN_BUGS and "/ingest/" in frame.filename.replace("\\", "/"):
            return KNOWN_BUGS[key]
    return None


# -- valid samples ----------------------------------------------------------------------------

GENERIC_VALUES = {
    "text": "Hello, world",
    "lower": "photo",
    "post_type": "IG story",
    "timestamp": "2024-03-15T10:02:00Z",
    "count": "1,200",
    "share": "25%",
    "bool": "false",
    "channel": "facebook",
    "kind": "mention",
    "id": "1893001.0",  # an id a spreadsheet wrote as a number (in_reply_to)
}
CONVERSATION_HEADER = (
    "tweet_id author_id inbound created_at text response_tweet_id in_response_to_tweet_id"
)
CONVERSATION_SAMPLE = [
    CONVERSATION_HEADER.split(),
    ["1", "acmecare", "False", "Tue Oct 31 22:10:47 +0000 2017", "@115712 DM us", "2", "3.0"],
    ["2", "115712", "True", "Tue Oct 31 22:11:45 +0000 2017", "@acmecare how?", "", "1.0"],
    ["3", "115712", "True", "Tue Oct 31 22:08:27 +0000 2017", "@acmecare help, please", "1", ""],
    ["4", "OtherHelp", "False", "Tue Oct 31 22:12:00 +0000 2017", "@9 hi", "", "8"],
]


def _generic_sample(table: str) -> list[list[str]]:
    spec = GENERIC_COLUMNS[table]
    header = list(spec)
    rows = []
    for i in range(1, 4):
        row = []
        for column, (kind, _) in spec.items():
            value = GENERIC_VALUES[kind]
            if column.endswith("_id") or column in ("bucket", "as_of", "date"):
                value = f"{column[:2]}{i}" if column.endswith("_id") or column == "bucket" else ""
                value = value or f"2024-03-{10 + i:02d}"
            row.append(value)
        rows.append(row)
    return [header, *rows]


def _candidates(name: str, formats: list[str]):
    """Cell makers (row number -> text) to try, in order, for an export column ``name``."""
    low = name.lower()

    def date(fmt: str):
        return lambda i: pd.Timestamp(f"2024-03-1{i} 10:02", tz="UTC").strftime(fmt)

    dates = [date(f) for f in formats] + [lambda i: f"2024-03-1{i}T10:02:00Z"]
    numbers = [lambda i: f"1{i}", lambda i: str(i % 2), lambda i: f"{i}.5%", lambda i: f"0.{i}"]
    texts = [
        lambda i: f"Post number {i}, with a comma",
        lambda i: f"https://example.com/status/10{i}",
        lambda i: "Facebook",
        lambda i: "photo",
        lambda i: "false",
        lambda i: str(i),
    ]
    if low.endswith(("_id", " id")) or "id" in low.split():
        return [lambda i: f"10{i}", *texts, *numbers, *dates]
    if any(w in low for w in ("date", "time", "posted", "created", "published", "day")):
        return [*dates, *numbers, *texts]
    if any(w in low for w in ("link", "url", "permalink", "text", "message", "title", "name")):
        return [*texts, *numbers, *dates]
    return [*numbers, *texts, *dates]


def _module_lists(importer) -> tuple[list[list[str]], list[str]]:
    """The upper-case tuples of strings of the importer's module: column lists, date formats."""
    module = sys.modules.get(importer.read.__module__)
    lists = [
        list(value)
        for name, value in sorted(vars(module).items())
        if name.isupper()
        and isinstance(value, tuple | list)
        and value
        and all(isinstance(v, str) for v in value)
    ]
    formats = [v for values in lists for v in values if "%" in v and v.strip() != "%"]
    columns = [v for v in lists if not any("%" in c for c in v)]
    return columns, list(dict.fromkeys(formats))


SHEET_NAMES = ("Sheet1", "New followers")


def _module_header(importer, columns: list[list[str]]) -> tuple[str, str, list[str]] | None:
    """The longest column list of the module (or their union) that ``sniff`` accepts.

    Tried as a CSV header, then as a header row of a worksheet (Excel formats); returns the
    kind of file (``csv`` or ``xlsx``), the sheet name and the header.
    """
    union = list(dict.fromkeys(c for v in columns for c in v))
    for header in [*sorted(columns, key=len, reverse=True), union]:
        lower = tuple(c.lower() for c in header)
        tries = [("csv", "", Sample(Path("sample.csv"), lower, (), {}))] + [
            ("xlsx", sheet, Sample(Path("sample.xlsx"), lower, (), {sheet: [list(header)]}))
            for sheet in SHEET_NAMES
        ]
        for kind, sheet, sample in tries:
            try:
                if importer.sniff(sample):
                    return kind, sheet, header
            except Exception:
                continue
    return None


def to_file(
    kind: str,
    sheet: str,
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    newline: str = "\n",
    encoding: str = "utf-8",
) -> tuple[bytes, str]:
    """``rows`` as the bytes of a CSV or an .xlsx workbook, and the file suffix."""
    if kind == "xlsx":
        book = openpyxl.Workbook()
        book.active.title = sheet
        for row in rows:
            book.active.append([ILLEGAL_CHARACTERS_RE.sub("", str(cell)) for cell in row])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue(), ".xlsx"
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return text.getvalue().encode(encoding, errors="replace"), ".csv"


def _repaired_sample(
    importer, kind: str, sheet: str, header: list[str], formats: list[str]
) -> list[list[str]]:
    """Rows for ``header``, each column's cells re-guessed while the importer rejects them."""
    options = {c: _candidates(c, formats) for c in header}
    choice = dict.fromkeys(header, 0)

    def rows() -> list[list[str]]:
        return [[options[c][choice[c]](i) for c in header] for i in range(1, 4)]

    for _ in range(4 * len(header)):
        data, suffix = to_file(kind, sheet, [header, *rows()])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"sample{suffix}"
            path.write_bytes(data)
            try:
                result = importer.read(path, CONTEXTS[0])
            except Exception:
                break
        lower = {c.lower(): c for c in header}
        bad = {lower[c.lower()] for c in result.rejects["column"] if c.lower() in lower}
        bad = {c for c in bad if choice[c] + 1 < len(options[c])}
        if not bad:
            break
        for column in bad:
            choice[column] += 1
    return rows()


@functools.cache
def valid_sample(name: str) -> tuple[str, str, tuple[tuple[str, ...], ...]] | None:
    """A valid file of importer ``name``: kind (csv or xlsx), sheet name, header and rows.

    The generic CSVs and the conversation CSV are known; for other importers the header comes
    from their module's column lists (when ``sniff`` accepts it) and the cells are re-guessed,
    column by column, until the importer stops rejecting them (using the module's date formats).
    None when no sample is known.
    """
    importer = BY_NAME[name]
    kind, sheet = "csv", ""
    if name.startswith("generic-"):
        sample = _generic_sample(name.removeprefix("generic-"))
    elif name == "conversation":
        sample = CONVERSATION_SAMPLE
    else:
        columns, formats = _module_lists(importer)
        found = _module_header(importer, columns)
        if found is None:
            return None
        kind, sheet, header = found
        sample = [header, *_repaired_sample(importer, kind, sheet, header, formats)]
    return kind, sheet, tuple(tuple(row) for row in sample)


# -- the check every call must pass -------------------------------------------------------------


def check_outcome(call) -> None:
    """``call()`` returns a reconciled, schema-valid ImportResult or raises a RonrError."""
    try:
        result = call()
    except RonrError as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        event(f"error: {type(error).__name__}")
        return
    except Exception as error:
        bug = known_bug(error)
        if bug is None:
            raise
        event(f"known bug: {bug}")
        return
    assert isinstance(result, ImportResult)
    assert result.rows_read >= 0
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    assert 0 <= result.rows_rejected <= result.rows_read
    assert set(REJECT_COLUMNS) <= set(result.rejects.columns)
    if len(result.rejects):
        assert (result.rejects["row"].astype(int) >= 1).all()
        assert result.rejects["reason"].astype(str).str.strip().ne("").all()
    for name, table in result.tables.items():
        assert name in TABLES, name
        table = table.copy()
        typed = empty_table(name)
        for column, spec in TABLES[name].columns.items():
            if column not in table.columns and spec.required and spec.nullable:
                # "after the canonical columns are present": an all-missing column
                table[column] = pd.Series(pd.NA, index=table.index).astype(typed[column].dtype)
        validate_table(table, name)
    event(f"result: {'some' if result.rows_accepted else 'no'} rows accepted")


# -- strategies ---------------------------------------------------------------------------------

CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "-",
            "",
            " ",
            "n/a",
            "nan",
            "None",
            "9" * 30,
            "1e400",
            "-1",
            "-12,400",
            "12,400",
            "2.5%",
            "-0.0",
            "0001-01-01",
            "1500-06-15T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2262-04-12",
            "2024-03-15T10:02:00+14:00",
            "Tue Oct 31 22:10:47 +0000 9999",
            "Mon Jan 01 00:00:00 +0000 1000",
            "12/31/1600 10:00",
            "True",
            "1.0",
            "1.05E+18",
            '"',
            "a\nb",
            "\x00",
        ]
    ),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1")


@st.composite
def mutated_file(draw, spec) -> tuple[bytes, str, int]:
    """A mutated copy of sample ``spec`` (see valid_sample): bytes, suffix, context index."""
    kind, sheet, sample = spec
    header, rows = list(sample[0]), [list(r) for r in sample[1:]]
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["cell", "cell", "cell", "dup", "del", "drop", "rename"]))
        if op == "cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(header) - 1))
            rows[r][c] = draw(CELLS)
        elif op == "dup" and rows:
            rows.insert(draw(st.integers(0, len(rows))), list(draw(st.sampled_from(rows))))
        elif op == "del" and rows:
            del rows[draw(st.integers(0, len(rows) - 1))]
        elif op == "drop" and len(header) > 1:
            c = draw(st.integers(0, len(header) - 1))
            del header[c]
            for row in rows:
                del row[c]
        elif op == "rename":
            c = draw(st.integers(0, len(header) - 1))
            header[c] = draw(
                st.one_of(
                    st.text(max_size=8),
                    st.sampled_from(header),  # a repeated name
                    st.just(header[c].upper()),
                    st.just(" " + header[c] + " "),
                )
            )
    if draw(st.booleans()) and rows:  # a ragged row
        rows[draw(st.integers(0, len(rows) - 1))].append(draw(CELLS))
    which = draw(st.integers(0, len(CONTEXTS) - 1))
    if kind == "xlsx":
        return (*to_file(kind, sheet, [header, *rows]), which)
    data, suffix = to_file(
        kind,
        sheet,
        [header, *rows],
        delimiter=draw(st.sampled_from([",", ",", ";", "\t", "|"])),
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        encoding=draw(st.sampled_from(ENCODINGS)),
    )
    return data, suffix, which


RANDOM_BYTES = st.one_of(
    st.binary(max_size=600),
    st.tuples(
        st.sampled_from(
            [
                b"PK\x03\x04",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                b"\xff\xfe",
                b"\xfe\xff",
                b"\xef\xbb\xbf",
            ]
        ),
        st.binary(max_size=400),
    ).map(lambda parts: parts[0] + parts[1]),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
)


def _run(importer, data: bytes, suffix: str, context: ImportContext, *, detect: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        check_outcome(lambda: importer.read(path, context))
        if detect:
            check_outcome(lambda: import_file(path, context=context))


# -- the properties -------------------------------------------------------------------------

NAMES = [importer.name for importer in IMPORTERS]
BY_NAME = {importer.name: importer for importer in IMPORTERS}


@pytest.mark.parametrize("name", NAMES)
@settings(SETTINGS, max_examples=25)
@given(
    data=RANDOM_BYTES,
    suffix=st.sampled_from([".csv", ".csv", ".txt", ".xlsx", ".xls"]),
    which=st.integers(0, len(CONTEXTS) - 1),
)
def test_random_bytes_never_escape(name, data, suffix, which):
    _run(BY_NAME[name], data, suffix, CONTEXTS[which], detect=name == NAMES[0])


@pytest.mark.parametrize("name", NAMES)
@settings(SETTINGS, max_examples=40)
@given(data=st.data())
def test_mutated_samples_never_escape(name, data):
    importer = BY_NAME[name]
    sample = valid_sample(name)
    if sample is None:
        pytest.skip(f"{name}: no valid sample known (random bytes are still tried)")
    raw, suffix, which = data.draw(mutated_file(sample))
    _run(importer, raw, suffix, CONTEXTS[which], detect=True)


@pytest.mark.parametrize("name", NAMES)
def test_the_valid_samples_are_accepted(name, tmp_path):
    """The unmutated samples import without a reject (else the mutations start from junk)."""
    importer = BY_NAME[name]
    if name.startswith("sprout-competitor-"):
        # its rows belong to a configured competitor's profile, which a guessed sample cannot
        # name: accepted rows are tested on real-shaped files in tests/test_ingest_layouts.py
        pytest.skip(f"{name}: rows need a configured competitor (see test_ingest_layouts)")
    sample = valid_sample(name)
    if sample is None:
        pytest.skip(f"{name}: no valid sample known")
    kind, sheet, rows = sample
    data, suffix = to_file(kind, sheet, rows)
    path = tmp_path / f"sample{suffix}"
    path.write_bytes(data)
    result = importer.read(path, CONTEXTS[0])
    assert result.rows_read == len(rows) - 1
    assert result.rows_rejected == 0, result.rejects.to_dict("records")


# -- bugs in shared code found by the properties above, fixed since -------------------------


def test_date_before_1678_is_rejected_not_raised(tmp_path):
    """base.parse_timestamp: a date before 1677-09-22 parsed in microseconds and the cast to
    datetime64[ns, UTC] raised OutOfBoundsDatetime; now "date out of range"."""
    path = tmp_path / "mentions.csv"
    path.write_text("mention_id,channel,created_at,brand,kind\nm1,x,1500-01-01,Acme,mention\n")
    result = import_file(path)  # expected: the row rejected with a reason, not an exception
    assert result.rows_rejected == 1


def test_mixed_offsets_in_a_local_zone():
    """base.parse_timestamp(timezone='Europe/Paris'): a column mixing times with and without an
    offset raised pandas' ValueError 'Mixed timezones detected'."""
    from ronr.ingest.base import ColumnProblems, parse_timestamp, row_numbers

    raw = pd.Series(["2024-01-01 10:00", "2024-01-01T10:00:00Z"])
    problems = ColumnProblems("f.csv", row_numbers(2))
    parsed = parse_timestamp(raw, "t", problems, timezone="Europe/Paris")
    assert parsed.tolist() == [
        pd.Timestamp("2024-01-01 09:00", tz="UTC"),
        pd.Timestamp("2024-01-01 10:00", tz="UTC"),
    ]


def test_carriage_return_line_endings(tmp_path):
    """readers.sample_file: a file with old-Mac line endings (CR only) put a CR inside the first
    'line' and csv.reader raised _csv.Error 'new-line character seen in unquoted field'."""
    path = tmp_path / "mentions.csv"
    path.write_bytes(b"mention_id,channel,created_at,brand,kind\rm1,x,2024-01-01,Acme,mention\r")
    assert import_file(path).rows_accepted == 1


def test_first_row_longer_than_header(tmp_path):
    """readers.read_csv_text: when the first data row had one cell more than the header, pandas
    made the first column the index: every column shifted by one and ColumnProblems.add raised
    IndexingError (or, with no bad cell, the shifted data was imported silently)."""
    path = tmp_path / "followers.csv"
    path.write_text("channel,date,followers\nfacebook,2024-03-11,5,extra\nx,2024-03-12,7\n")
    try:
        result = import_file(path)
    except RonrError:
        return  # one clear error is fine
    assert result.tables["followers"]["channel"].tolist()[-1] == "x"


def test_count_beyond_int64_is_rejected_not_raised(tmp_path):
    """Found by the properties (30 nines crashed parse_count); fixed in base.py since."""
    path = tmp_path / "followers.csv"
    path.write_text("channel,date,followers\nx,2024-03-11," + "9" * 30 + "\n")
    result = import_file(path)
    assert result.rows_rejected == 1
    assert result.rejects["reason"].tolist() == ["count too large"]
