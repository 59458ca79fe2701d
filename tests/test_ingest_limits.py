"""Time and memory limits of reading: linear in the file's size, and no workbook bomb loaded.

A row with thousands of cells beyond the header is read in time linear in its cells (it was
quadratic: each surplus cell was inserted as a column one at a time), and a workbook that
inflates to gigabytes is detected from its first rows and refused, naming the limit.
"""

from __future__ import annotations

import shutil
import time
import zipfile

import pytest

from ronr.errors import InputError
from ronr.ingest import import_file
from ronr.ingest.readers import (
    MAX_COLUMNS,
    SHEET_LIMIT_ENV,
    WORKSHEET,
    _sheet_head,
    read_cells,
    read_notes,
    sample_file,
)
from tests.cases import case_path

HEADER = "mention_id,channel,created_at,kind,text\n"


def _surplus_file(path, cells: int):
    row = "1,x,2025-03-01T00:00:00Z,mention,Acme is great" + ",x" * cells
    path.write_text(HEADER + row + "\n2,x,2025-03-01T00:00:00Z,mention,ok\n")
    return path


@pytest.mark.parametrize("name", ["extra-cells-1000.csv", "extra-cells-4000.csv"])
def test_surplus_cells_are_read_and_reported(tmp_path, name):
    path = tmp_path / name
    shutil.copy(case_path("surplus-cells") / name, path)
    cells = int(name.split("-")[-1].split(".")[0])
    start = time.perf_counter()
    frame = read_cells(path)
    assert time.perf_counter() - start < 5  # was 3 s and 37 s for the whole import
    assert frame.shape == (2, 5 + cells)
    assert read_notes(frame)[0].startswith(f"{cells:,} cells beyond the header's 5 columns")
    result = import_file(path)
    assert result.rows_accepted == result.rows_read == 2
    assert any(f"{cells:,} cells beyond the header" in note for note in result.notes)


def test_importing_surplus_cells_is_linear(tmp_path):
    def seconds(cells: int) -> float:
        path = _surplus_file(tmp_path / f"extra-{cells}.csv", cells)
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            import_file(path)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(500), seconds(4000)
    # 8 times the cells: linear is about 8 times the time, quadratic 64 times
    assert large < 16 * small, (small, large)


# -- workbook bombs -----------------------------------------------------------------------------

PARTS = {  # the parts of a one-sheet .xlsx, as ../shared/cases/xlsx-bomb/make_xlsx_bomb.py
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _bomb(path, rows: int):
    """A small workbook bomb: a two-name header and ``rows`` identical rows of 50 cells."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, text in PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas'
                b'.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row><c t="inlineStr"><is><t>Date</t></is></c><c t="inlineStr"><is>'
                b"<t>Total followers</t></is></c></row>"
            )
            sheet.write((b"<row>" + b"<c><v>1</v></c>" * 50 + b"</row>") * rows)
            sheet.write(b"</sheetData></worksheet>")
    return path


def test_detection_reads_only_the_first_rows_of_a_sheet(tmp_path):
    path = _bomb(tmp_path / "followers.xlsx", 20_000)  # 15 MB of XML
    with zipfile.ZipFile(path) as book, book.open("xl/worksheets/sheet1.xml") as part:
        assert WORKSHEET.fullmatch(part.name)
        head = _sheet_head(part, 12)
    assert len(head) < 200_000 and head.endswith(b"</sheetData></worksheet>")
    sample = sample_file(path)
    assert sample.header[:2] == ("date", "total followers")
    assert len(sample.sheets["Sheet1"]) == 12


def test_a_workbook_beyond_the_limit_is_refused_naming_it(tmp_path, monkeypatch):
    path = _bomb(tmp_path / "followers.xlsx", 20_000)
    monkeypatch.setenv(SHEET_LIMIT_ENV, "1000000")
    with pytest.raises(InputError) as error:
        read_cells(path)
    message = str(error.value)
    assert message.startswith("followers.xlsx: the workbook inflates to 15 MB")
    assert "limit of 1 MB" in message and SHEET_LIMIT_ENV in message
    with pytest.raises(InputError, match="limit of 1 MB"):  # detected, then refused
        import_file(path, format="generic-followers")


# -- a runaway header ---------------------------------------------------------------------------


def _wide_file(path, columns: int):
    """A mentions CSV whose header has ``columns`` columns (the five canonical ones first) and
    one data row as wide; a million columns is about 8 MB."""
    names = HEADER.strip().split(",") + [f"c{i}" for i in range(columns - 5)]
    row = ["1", "x", "2025-03-01T00:00:00Z", "mention", "Acme"] + ["1"] * (columns - 5)
    path.write_text(",".join(names) + "\n" + ",".join(row) + "\n")
    return path


def test_a_header_of_a_million_columns_is_refused_quickly_in_one_line(tmp_path):
    path = _wide_file(tmp_path / "wide.csv", 1_000_000)
    start = time.perf_counter()
    with pytest.raises(InputError) as detected:  # detection: the 64 KB sample holds 10,949
        import_file(path)
    with pytest.raises(InputError) as named:  # a format named: the whole header is counted
        import_file(path, format="generic-mentions")
    with pytest.raises(InputError) as mapped:
        read_cells(path)
    assert time.perf_counter() - start < 5  # reading it ran for minutes
    assert str(detected.value) == (
        f"wide.csv: the header has at least 10,949 columns, more than {MAX_COLUMNS:,}; an export "
        "has at most a few hundred (check the delimiter, or that the file is an export)"
    )
    expected = (
        f"wide.csv: the header has 1,000,000 columns, more than {MAX_COLUMNS:,}; an export has "
        "at most a few hundred (check the delimiter, or that the file is an export)"
    )
    assert str(named.value) == str(mapped.value) == expected


def test_a_header_at_the_column_limit_is_read_and_one_beyond_is_refused(tmp_path):
    at_limit = import_file(_wide_file(tmp_path / "at.csv", MAX_COLUMNS))
    assert at_limit.rows_accepted == 1
    assert at_limit.tables["mentions"]["text"].tolist() == ["Acme"]
    with pytest.raises(InputError, match=r"^beyond\.csv: the header has 2,001 columns, more"):
        import_file(_wide_file(tmp_path / "beyond.csv", MAX_COLUMNS + 1))
