"""File robustness across formats, through the one entry point ``ronr.ingest.import_file``.

Every quirk is tried on the generic posts and mentions CSVs and on the conversation CSV (other
formats have their own tests); fixtures are written into ``tmp_path`` by ``write``.
"""

from __future__ import annotations

import csv
import io
import time

import pandas as pd
import pytest

from ronr.errors import InputError
from ronr.ingest import ImportContext, import_file
from ronr.schema import validate_table

NOW = pd.Timestamp("2025-06-01", tz="UTC")
CONTEXT = ImportContext(brand="Acme", now=NOW)


# one good row per format; ``id`` is the id column, ``date`` the date column, ``table`` the
# canonical table the rows go to (the conversation rows are all customer tweets: mentions)
FORMATS = {
    "generic-posts": {
        "table": "posts",
        "id": "post_id",
        "date": "published_at",
        "text": "text",
        "row": {
            "brand": "Acme",
            "channel": "facebook",
            "post_id": "p1",
            "published_at": "2025-01-02T10:00:00Z",
            "text": "Hello",
            "post_type": "photo",
            "paid": "false",
            "impressions": "1200",
            "reach": "900",
            "likes": "40",
            "comments": "3",
            "shares": "2",
        },
    },
    "generic-mentions": {
        "table": "mentions",
        "id": "mention_id",
        "date": "created_at",
        "text": "text",
        "row": {
            "mention_id": "m1",
            "channel": "x",
            "created_at": "2025-01-02T10:00:00Z",
            "author": "@ann",
            "author_followers": "120",
            "text": "Nice coffee",
            "brand": "Acme",
            "kind": "mention",
            "in_reply_to": "",
            "url": "",
        },
    },
    "conversation": {
        "table": "mentions",
        "id": "tweet_id",
        "date": "created_at",
        "text": "text",
        "row": {
            "tweet_id": "101",
            "author_id": "115712",
            "inbound": "True",
            "created_at": "Thu Jan 02 10:00:00 +0000 2025",
            "text": "@acme nice coffee",
            "response_tweet_id": "",
            "in_response_to_tweet_id": "",
        },
    },
}
ID_OF = {"generic-posts": "post_id", "generic-mentions": "mention_id", "conversation": "mention_id"}


def rows_of(fmt: str, n: int, **changes: dict[int, str]) -> list[dict[str, str]]:
    """``n`` good rows of ``fmt`` with ids 1..n; ``changes[column][i]`` overrides row i (1-based)."""
    spec = FORMATS[fmt]
    rows = []
    for i in range(1, n + 1):
        row = dict(spec["row"])
        row[spec["id"]] = f"{row[spec['id']][:-1]}{i}"
        for column, values in changes.items():
            if i in values:
                row[column] = values[i]
        rows.append(row)
    return rows


def to_csv(rows: list[dict[str, str]], *, delimiter=",", newline="\n", columns=None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns or list(rows[0]), delimiter=delimiter, lineterminator=newline
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write(tmp_path, text: str, *, name="export.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def load(path, fmt: str | None = None):
    result = import_file(path, context=CONTEXT)
    if fmt:
        assert result.format == fmt
    assert result.rows_read == result.rows_accepted + result.rows_rejected
    for name, table in result.tables.items():
        validate_table(table, name)
    return result


def accepted(result, fmt: str) -> pd.DataFrame:
    return result.tables[FORMATS[fmt]["table"]]


def reasons(result) -> list[tuple[int, str, str]]:
    frame = result.rejects.sort_values(["row", "column"])
    return list(zip(frame["row"], frame["column"], frame["reason"], strict=True))


every_format = pytest.mark.parametrize("fmt", list(FORMATS))


@every_format
@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_semicolon_tab_and_pipe_files_are_detected(tmp_path, fmt, delimiter):
    rows = rows_of(fmt, 2, **{FORMATS[fmt]["text"]: {1: "a, b; c"}})
    result = load(write(tmp_path, to_csv(rows, delimiter=delimiter)), fmt)
    table = accepted(result, fmt)
    assert len(table) == 2
    assert table["text"].iloc[0] == "a, b; c"


@every_format
def test_a_delimiter_that_makes_one_column_is_one_clear_error(tmp_path, fmt):
    text = to_csv(rows_of(fmt, 2), delimiter=":").replace('"', "")
    path = write(tmp_path, text, name="colons.csv")
    with pytest.raises(InputError, match=r"^colons\.csv: unknown export format") as error:
        import_file(path, context=CONTEXT)
    assert "expected one of" in str(error.value)
    with pytest.raises(InputError) as error:
        import_file(path, format=fmt, context=CONTEXT)
    message = str(error.value)
    assert message.startswith("colons.csv: missing required column")
    assert "expected columns: " in message
    assert FORMATS[fmt]["id"] in message.split("expected columns: ")[1]


@every_format
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "cp1252", "latin-1"])
def test_encodings_keep_accents(tmp_path, fmt, encoding):
    accents = "Café crème à l’été – 5 €" if encoding == "cp1252" else "Café crème à Málaga"
    rows = rows_of(fmt, 2, **{FORMATS[fmt]["text"]: {2: accents}})
    text = to_csv(rows)
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
        path = tmp_path / "export.csv"
        path.write_bytes(data)
    else:
        path = write(tmp_path, text, encoding=encoding)
    result = load(path, fmt)
    table = accepted(result, fmt)
    assert table["text"].tolist()[1] == accents
    assert table[ID_OF[fmt]].iloc[0] == rows[0][FORMATS[fmt]["id"]]  # no BOM in the first name


@every_format
def test_missing_required_column_is_one_error_naming_file_and_column(tmp_path, fmt):
    dropped = FORMATS[fmt]["date"]
    rows = rows_of(fmt, 2)
    for row in rows:
        del row[dropped]
    with pytest.raises(InputError) as error:
        import_file(write(tmp_path, to_csv(rows), name="nodate.csv"), format=fmt)
    message = str(error.value)
    assert message.startswith(f"nodate.csv: missing required column '{dropped}'")
    assert "expected columns: " in message


@every_format
def test_unknown_extra_columns_are_kept(tmp_path, fmt):
    rows = rows_of(fmt, 2, campaign={1: "spring", 2: ""})
    table = accepted(load(write(tmp_path, to_csv(rows)), fmt), fmt)
    assert table["campaign"].tolist() == ["spring", ""]


@every_format
def test_empty_file_is_an_error_and_header_only_is_zero_rows(tmp_path, fmt):
    with pytest.raises(InputError, match=r"^empty\.csv: the file is empty"):
        import_file(write(tmp_path, "", name="empty.csv"), format=fmt)
    with pytest.raises(InputError, match=r"^blank\.csv: the file is empty"):
        import_file(write(tmp_path, "\n\n  \n", name="blank.csv"))
    header = to_csv(rows_of(fmt, 1)).splitlines()[0] + "\n"
    result = load(write(tmp_path, header), fmt)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (0, 0, 0)
    assert len(accepted(result, fmt)) == 0


@every_format
def test_duplicate_rows_and_ids_are_reported_and_counted_once(tmp_path, fmt):
    spec = FORMATS[fmt]
    rows = rows_of(fmt, 3)
    rows.append(dict(rows[0]))  # row 4: the same row again
    rows.append({**rows[1], spec["text"]: "edited"})  # row 5: same id, other text
    result = load(write(tmp_path, to_csv(rows)), fmt)
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (5, 3, 2)
    assert accepted(result, fmt)["text"].tolist()[1] == spec["row"][spec["text"]]
    found = reasons(result)
    assert [(row, reason.split(" (")[0]) for row, _, reason in found] == [
        (4, "duplicate row"),
        (5, "duplicate id"),
    ]


@every_format
def test_unparseable_and_future_dates_reject_the_row(tmp_path, fmt):
    date = FORMATS[fmt]["date"]
    rows = rows_of(fmt, 4, **{date: {2: "yesterday", 3: "2031-01-01T00:00:00Z", 4: "-"}})
    result = load(write(tmp_path, to_csv(rows)), fmt)
    assert result.rows_accepted == 1
    found = reasons(result)
    assert [(row, column) for row, column, _ in found] == [(2, date), (3, date), (4, date)]
    assert found[0][2].startswith("unparseable date")
    assert found[1][2] == "date in the future"
    assert found[2][2] == "missing date"


@pytest.mark.parametrize(
    ("fmt", "column"), [("generic-posts", "likes"), ("generic-mentions", "author_followers")]
)
def test_counts_negative_non_numeric_missing_and_thousands(tmp_path, fmt, column):
    values = {1: "12,400", 2: "-3", 3: "lots", 4: "-", 5: "", 6: "1 200", 7: "2.5", 8: "7.0"}
    rows = rows_of(fmt, 8, **{column: values})
    result = load(write(tmp_path, to_csv(rows)), fmt)
    table = accepted(result, fmt)
    got = dict(zip(table["source_row"], table[column], strict=True))
    assert got[1] == 12400
    assert pd.isna(got[4]) and pd.isna(got[5])  # "-" and "" are missing, not 0
    assert got[6] == 1200
    assert got[8] == 7
    assert reasons(result) == [
        (2, column, "negative count"),
        (3, column, "not a number"),
        (7, column, "count is not a whole number"),
    ]


def test_percentages_and_decimal_shares(tmp_path):
    text = (
        "channel,dimension,bucket,share,as_of\n"
        "facebook,age,18-24,12.5%,2025-03-31\n"
        "facebook,age,25-34,0.4,2025-03-31\n"
        'facebook,age,35-44,"47,5%",2025-03-31\n'
        "facebook,age,45-54,120%,2025-03-31\n"
        "facebook,age,55-64,-,2025-03-31\n"
    )
    result = load(write(tmp_path, text), "generic-audience")
    shares = result.tables["audience"].set_index("bucket")["share"].to_dict()
    assert shares == {"18-24": 0.125, "25-34": 0.4, "35-44": 0.475}
    assert [(row, reason) for row, _, reason in reasons(result)] == [
        (4, "share outside 0..1"),
        (5, "missing share"),
    ]


@every_format
def test_crlf_line_endings_and_quoted_multiline_text(tmp_path, fmt):
    text_column = FORMATS[fmt]["text"]
    multiline = 'Line one, with a comma\r\nline "two"\nline three'
    rows = rows_of(fmt, 3, **{text_column: {2: multiline}})
    result = load(write(tmp_path, to_csv(rows, newline="\r\n")), fmt)
    table = accepted(result, fmt)
    assert result.rows_read == 3
    assert table["text"].tolist()[0] == FORMATS[fmt]["row"][text_column]  # no trailing \r
    assert table["text"].tolist()[1].replace("\r\n", "\n") == multiline.replace("\r\n", "\n")
    assert table["source_row"].tolist() == [1, 2, 3]


def test_a_50_mb_mentions_file_reconciles(tmp_path):
    """A generic mentions CSV of about 50 MB (~500,000 rows): every row accounted for.

    Deliberately not marked slow or skipped: it runs in ``make test`` (about 5 s on 2 cores,
    the CSV parser taking the largest share); the time is printed, not asserted. Each block of
    1,000 rows holds 3 bad rows: a duplicate row, a future date and a negative follower count.
    """
    header = "mention_id,channel,created_at,author,author_followers,text,brand,kind,in_reply_to\n"
    lines = []
    for i in range(997):
        lines.append(
            f"m{{k}}-{i:03d},twitter,2025-03-{1 + i % 28:02d}T{i % 24:02d}:15:00Z,@u{i % 97},"
            f'{i * 7},"Loving the new menu, {i} times over",Acme,mention,\n'
        )
    lines.append(lines[-1])  # a duplicate row
    lines.append("m{k}-future,x,2031-01-01T00:00:00Z,@u,1,soon,Acme,mention,\n")
    lines.append("m{k}-negative,x,2025-03-01T00:00:00Z,@u,-5,hm,Acme,mention,\n")
    block = "".join(lines)
    parts, size, blocks = [header], len(header), 0
    while size < 50_000_000:
        parts.append(block.replace("{k}", str(blocks)))
        size += len(parts[-1])
        blocks += 1
    path = write(tmp_path, "".join(parts), name="mentions.csv")
    del parts

    start = time.perf_counter()
    result = import_file(path, context=CONTEXT)
    seconds = time.perf_counter() - start
    print(
        f"imported {path.stat().st_size / 1e6:.0f} MB, {result.rows_read:,} rows in {seconds:.1f} s"
    )

    assert result.format == "generic-mentions"
    assert result.rows_read == 1000 * blocks
    assert result.rows_rejected == 3 * blocks
    assert result.rows_accepted == len(result.tables["mentions"]) == 997 * blocks
    assert result.rejects["reason"].value_counts().to_dict() == {
        "duplicate row (an identical row came earlier)": blocks,
        "date in the future": blocks,
        "negative count": blocks,
    }
    mentions = result.tables["mentions"]
    assert mentions["author_followers"].sum() == blocks * sum(i * 7 for i in range(997))
    assert mentions["mention_id"].is_unique
