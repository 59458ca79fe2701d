"""Importer for the conversation CSV in the style of the customer-support-on-Twitter data.

The public "Customer Support on Twitter" data (Kaggle, 2017) holds one row per tweet of a
conversation between customers and companies' support accounts::

    tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id

``inbound`` is True for a customer's tweet and False for a company's; ``created_at`` is written
like ``Tue Oct 31 22:10:47 +0000 2017`` (ISO 8601 is accepted too, naive times being in
``context.timezone``); ``response_tweet_id`` may list several ids (``"119237,119238"``) and
``in_response_to_tweet_id`` may be empty or float-looking (``"119236.0"``). Ids are kept as exact
text: a trailing ``.0`` is dropped, an id in scientific notation (its digits are lost) rejects the
row.

Mapping (channel ``x`` for every row):

- **mentions** — every inbound tweet: ``mention_id`` = ``tweet_id``, ``author`` = ``"@"`` +
  ``author_id`` (customers are anonymised numbers: ``@115712``), ``brand`` = ``context.brand``,
  ``kind`` = ``reply`` when it answers a tweet (``in_reply_to`` = that id), else ``mention``.
- **responses** — every company tweet that answers a tweet: ``response_id`` = ``tweet_id``,
  ``mention_id`` = the customer tweet it answers, ``author`` = ``"@"`` + ``author_id``.

  * A company tweet that answers a tweet *not in the file* is kept; its ``mention_id`` is that id
    (the mention is unknown, which does no harm: response times join on ``mention_id``).
  * A company tweet that answers another company tweet of the file (a reply split over several
    tweets) answers the same customer tweet as the one it continues.
  * A company tweet that answers no tweet is rejected ("company tweet that answers no tweet").

Both tables keep ``text``, ``response_tweet_id`` (ids without ``.0``), the unknown extra columns
(one named like a canonical column gets a ``_file`` suffix) and ``company_handle``: the support
account the conversation is with (the company tweet's author, or for a customer tweet the company
that answered it, whose tweet it replies to, or that it names; inherited along a customer's own
thread; missing when none of these says). Responses also keep ``in_reply_to``, the tweet they
directly answer.

Rows are rejected, with the column and value, for: a missing ``tweet_id``, ``author_id`` or
``inbound``; ``inbound`` not true/false; a missing, unparseable, future (``context.now``),
pre-1678 or post-2261 ``created_at``; an id in scientific notation; a duplicate row or
``tweet_id``; and the conversation rules below and above ("company tweet that answers no
tweet", "follow-up to a company tweet that answers no tweet", "reply chain loops between company
tweets").

A file may hold several companies (the Kaggle file holds 108). When ``context.handles`` is given,
only the client's conversations are kept: a company tweet by another account is rejected as
"tweet of another company: X" and a customer tweet whose ``company_handle`` is another company
(and that was not answered by, does not reply to and does not name the client) as
"conversation with another company: X"; a customer tweet of unknown company is kept. A file
whose company tweets are all by other accounts is one InputError (wrong file or wrong handles).
Without handles every conversation is imported and ``company_handle`` tells them apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .base import (
    ISO8601,
    TWITTER_TIME,
    ColumnProblems,
    ImportContext,
    Importer,
    ImportResult,
    Sample,
    column_lookup,
    finish_table,
    is_missing,
    keep_extras,
    parse_bool,
    parse_id,
    parse_text,
    parse_timestamp,
    require_columns,
    row_numbers,
    sorted_rejects,
    text_isin,
    text_lookup,
)
from .readers import read_csv_text, surplus_columns

NAME = "conversation"
CHANNEL = "x"
TWITTER_TIME_EXAMPLE = "Tue Oct 31 22:10:47 +0000 2017"
TIME_FORMATS = (TWITTER_TIME, ISO8601)
REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "in_response_to_tweet_id")
COLUMNS = (  # in the order of the Kaggle file
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
EXTRA_COLUMNS = ("text", "response_tweet_id", "company_handle")
MAX_HOPS = 50  # reply chains followed at most this deep (a longer chain is a loop)
SCIENTIFIC_ID = "id in scientific notation (its digits are lost; export ids as text)"

_HANDLE = r"(?<![\w@])@(\w+)"


def sniff(sample: Sample) -> bool:
    """A header with both ``tweet_id`` and ``inbound`` (no other export has ``inbound``)."""
    return "tweet_id" in sample.header and "inbound" in sample.header


def _ids(raw: pd.Series, column: str, problems: ColumnProblems, *, required: bool):
    """Tweet ids as exact text (missing as None): see :func:`ronr.ingest.base.parse_id`."""
    ids = parse_id(raw, column, problems, required=required, rounded_reason=SCIENTIFIC_ID)
    return ids.astype(object).where(ids.notna(), None)


def _follow(start: pd.Series, step: pd.Series, known: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Follow ``step`` (id -> next id) from ``start`` while the id is one of ``known``.

    Returns the id reached and whether it is still in ``known`` after :data:`MAX_HOPS` (a loop).
    """
    current = start.astype(object)
    for _ in range(MAX_HOPS):
        inside = text_isin(current, known)
        if not inside.any():
            return current, inside
        current = current.where(~inside, text_lookup(current, step))
    return current, text_isin(current, known)


def _first_named(text: pd.Series, names: set[str]) -> pd.Series:
    """The first @handle of each text that is one of ``names`` (lower-case; missing if none)."""
    found = text.dropna().astype(object).str.extractall(_HANDLE)
    if found.empty or not names:
        return pd.Series(None, index=text.index, dtype=object)
    handles = found[0].str.lower().astype(object)
    handles.index = handles.index.get_level_values(0)
    known = handles[text_isin(handles, names).to_numpy()]
    return known[~known.index.duplicated(keep="first")].reindex(text.index).astype(object)


def _names_any(text: pd.Series, handles: set[str]) -> pd.Series:
    """Whether each text names one of ``handles`` as an @handle (any case)."""
    pattern = r"(?:^|[^\w@])@(?:" + "|".join(sorted(map(re.escape, handles))) + r")(?:\W|$)"
    named = text.astype(object).str.contains(pattern, case=False, regex=True, na=False)
    return named.fillna(False).astype(bool)


def _structure(
    tweets: pd.DataFrame, ours: set[str]
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Link the accepted tweets of a file into conversations.

    Returns the mention each company tweet answers (missing when it answers no tweet) and
    whether its chain of company tweets loops, on the index of the company tweets; then, on the
    index of ``tweets``, the company of each tweet (lower-case handle, missing when unknown)
    and whether a customer tweet is the client's (answered by, replying to or naming it).
    """
    inbound = tweets["inbound"].astype(bool)
    key = tweets["author_id"].str.strip().str.lstrip("@").str.lower().astype(object)
    company = tweets[~inbound]
    company_ids = company["tweet_id"]
    parent_of = pd.Series(company["in_reply_to"].to_numpy(), index=company_ids.to_numpy())
    mention, loops = _follow(company["in_reply_to"], parent_of, company_ids)

    handle = pd.Series(None, index=tweets.index, dtype=object)
    handle[~inbound] = key[~inbound]
    is_ours = pd.Series(False, index=tweets.index)
    customer = tweets[inbound]
    if customer.empty:
        return mention, loops, handle, is_ours
    company_key = key[~inbound]
    answerer = pd.Series(company_key.to_numpy(), index=mention.to_numpy())
    answerer = answerer[~loops.to_numpy()]
    by_company = pd.Series(company_key.to_numpy(), index=company_ids.to_numpy())

    # the first signal wins: answered by, replies to, names the company
    found = text_lookup(customer["tweet_id"], answerer)
    found = found.fillna(text_lookup(customer["in_reply_to"], by_company))
    unknown = found.isna()
    if unknown.any():
        named = _first_named(customer.loc[unknown, "text"], set(company_key))
        found.loc[unknown] = named.to_numpy()
    mine = pd.Series(False, index=customer.index)
    if ours:
        ours_answer = answerer[text_isin(answerer, ours).to_numpy()]
        answered_mine = text_lookup(customer["tweet_id"], ours_answer)
        mine = (
            answered_mine.notna()
            | text_isin(text_lookup(customer["in_reply_to"], by_company), ours)
            | _names_any(customer["text"], ours)
        )
        first_ours = ours_answer.iloc[0] if len(ours_answer) else sorted(ours)[0]
        found = found.where(~mine, answered_mine.fillna(first_ours))
    # a customer tweet continuing the customer's own thread: same company as its parent
    own_ids = customer["tweet_id"].to_numpy()
    for _ in range(MAX_HOPS):
        todo = found.isna() & customer["in_reply_to"].notna()
        if not todo.any():
            break
        parent = customer.loc[todo, "in_reply_to"]
        inherited = text_lookup(parent, pd.Series(found.to_numpy(), index=own_ids))
        new = inherited.notna()
        if not new.any():
            break
        rows = new[new].index
        found.loc[rows] = inherited[new].to_numpy()
        inherited_mine = text_lookup(parent[new], pd.Series(mine.to_numpy(), index=own_ids))
        mine.loc[rows] = inherited_mine.fillna(False).astype(bool).to_numpy()
    handle.loc[customer.index] = found.to_numpy()
    is_ours.loc[customer.index] = mine.to_numpy()
    return mention, loops, handle, is_ours


def read(path: Path, context: ImportContext) -> ImportResult:
    """Import a conversation CSV into mentions and responses (see the module docstring)."""
    file = Path(path).name
    raw = read_csv_text(path)
    if surplus_columns(raw):  # cells beyond the header (empty ones are dropped when read)
        raise InputError(
            f"{file}: the first data row has more cells than the header, so every column "
            f"would shift (check the delimiter and quotes; expected columns: {', '.join(COLUMNS)})"
        )
    raw.columns = [c.strip().lower() for c in raw.columns]
    seen = pd.Index(raw.columns)
    if seen.has_duplicates:
        twice = sorted(set(seen[seen.duplicated()]))
        raise InputError(
            f"{file}: column {', '.join(repr(c) for c in twice)} appears more than once "
            f"(expected columns: {', '.join(COLUMNS)})"
        )
    require_columns(
        column_lookup(raw.columns),
        REQUIRED,
        file=file,
        what="a conversation export",
        expected=COLUMNS,
    )

    rows = row_numbers(len(raw))
    problems = ColumnProblems(file, rows)
    parsed = pd.DataFrame(index=raw.index)
    parsed["tweet_id"] = _ids(raw["tweet_id"], "tweet_id", problems, required=True)
    parsed["author_id"] = parse_text(raw["author_id"], "author_id", problems, required=True)
    inbound = parse_bool(raw["inbound"], "inbound", problems)
    problems.add(is_missing(raw["inbound"]), "inbound", raw["inbound"], "missing value")
    parsed["inbound"] = inbound
    parsed["created_at"] = parse_timestamp(
        raw["created_at"],
        "created_at",
        problems,
        formats=TIME_FORMATS,
        expected=f"a date like {TWITTER_TIME_EXAMPLE!r} or ISO 8601",
        timezone=context.timezone,
        now=context.now,
    )
    parsed["in_reply_to"] = _ids(
        raw["in_response_to_tweet_id"], "in_response_to_tweet_id", problems, required=False
    )
    parsed["text"] = (
        parse_text(raw["text"], "text", problems, required=False)
        if "text" in raw.columns
        else pd.Series(pd.NA, index=raw.index, dtype=object)
    )
    if "response_tweet_id" in raw.columns:
        answers = parse_text(
            raw["response_tweet_id"], "response_tweet_id", problems, required=False
        )
        answers = answers.str.replace(r"\s+", "", regex=True).str.strip(",")
        floating = answers.str.contains(".0", regex=False).fillna(False).astype(bool)
        if floating.any():  # "119237.0,119238.0" is "119237,119238"
            answers[floating] = answers[floating].str.replace(
                r"(?<![\d.])(\d+)\.0+(?![\d.])", r"\1", regex=True
            )
        parsed["response_tweet_id"] = answers
    else:
        parsed["response_tweet_id"] = pd.Series(pd.NA, index=raw.index, dtype=object)
    extra = [c for c in raw.columns if c not in COLUMNS]
    parsed["source_file"] = file
    parsed["source_row"] = rows.astype("Int64").to_numpy()

    tweets = finish_table(parsed, raw, problems, id_columns=["tweet_id"])
    tweets.index = tweets["source_row"].to_numpy(dtype="int64") - 1  # the index of ``raw``
    ours = {h.strip().lstrip("@").lower() for h in context.handles if h.strip().lstrip("@")}
    inbound = tweets["inbound"].astype(bool)
    companies = set(tweets.loc[~inbound, "author_id"].str.strip().str.lstrip("@").str.lower())
    if ours and companies and not ours & companies:
        raise InputError(
            f"{file}: no tweet by the client's handles "
            f"({', '.join('@' + h for h in sorted(ours))}); the companies in this file are: "
            f"{', '.join(sorted(companies)[:20])}"
            " (check the handles in client.yaml, or import the file for the right client)"
        )
    mention, loops, handle, is_ours = _structure(tweets, ours)

    def reject(mask: pd.Series, column: str, values: pd.Series, reason: str) -> pd.Series:
        mask = mask.reindex(raw.index, fill_value=False).astype(bool)
        problems.add(mask, column, values.reindex(raw.index), reason)
        return mask

    parent = tweets.loc[~inbound, "in_reply_to"]
    answers = "in_response_to_tweet_id"
    written = raw[answers]
    out = reject(parent.isna(), answers, written, "company tweet that answers no tweet")
    out |= reject(
        parent.notna() & mention.isna(),
        answers,
        written,
        "follow-up to a company tweet that answers no tweet",
    )
    out |= reject(loops, answers, written, "reply chain loops between company tweets")
    spelling = _spelling(tweets[~inbound]["author_id"])
    company_handle = text_lookup(handle, spelling).fillna(handle)
    if ours:
        other = ~inbound & ~text_isin(handle, ours)
        for name in sorted(set(company_handle[other])):
            out |= reject(
                other & (company_handle == name),
                "author_id",
                raw["author_id"],
                f"tweet of another company: {name}",
            )
        other = inbound & handle.notna() & ~is_ours
        for name in sorted(set(company_handle[other])):
            out |= reject(
                other & (company_handle == name),
                "(whole row)",
                raw["tweet_id"],
                f"conversation with another company: {name}",
            )
    keep = ~out.reindex(tweets.index).to_numpy()
    tweets["company_handle"] = company_handle

    author = "@" + tweets["author_id"].str.strip().str.lstrip("@")
    replying = tweets["in_reply_to"].notna()
    mentions = pd.DataFrame(
        {
            "mention_id": tweets["tweet_id"],
            "channel": CHANNEL,
            "created_at": tweets["created_at"],
            "author": author,
            "author_followers": pd.Series(pd.NA, index=tweets.index, dtype="Int64"),
            "text": tweets["text"],
            "brand": context.brand,
            "kind": replying.map({True: "reply", False: "mention"}).astype(object),
            "in_reply_to": tweets["in_reply_to"],
            "url": pd.Series(pd.NA, index=tweets.index, dtype=object),
        }
    )[keep & inbound.to_numpy()]
    responses = pd.DataFrame(
        {
            "response_id": tweets["tweet_id"],
            "mention_id": mention.reindex(tweets.index),
            "channel": CHANNEL,
            "created_at": tweets["created_at"],
            "author": author,
            "in_reply_to": tweets["in_reply_to"],
        }
    )[keep & ~inbound.to_numpy()]
    tables = {}
    for name, table in (("mentions", mentions), ("responses", responses)):
        table = table.copy()
        for column in EXTRA_COLUMNS:
            table[column] = tweets.loc[table.index, column]
        keep_extras(table, {c: raw.loc[table.index, c] for c in extra}, table=name)
        table["source_file"] = file
        table["source_row"] = tweets.loc[table.index, "source_row"].astype("Int64")
        tables[name] = table.reset_index(drop=True)
    return ImportResult(
        file=file, format=NAME, rows_read=len(raw), tables=tables, rejects=sorted_rejects(problems)
    )


def _spelling(authors: pd.Series) -> pd.Series:
    """Lower-case company handle -> its spelling in the file (the first one seen)."""
    spelled = authors.str.strip().str.lstrip("@")
    table = pd.Series(spelled.to_numpy(), index=spelled.str.lower().to_numpy(), dtype=object)
    return table[~table.index.duplicated(keep="first")]


IMPORTERS: tuple[Importer, ...] = (
    Importer(
        name=NAME,
        description=(
            "conversation CSV like the customer-support-on-Twitter data (tweet_id, author_id, "
            "inbound, created_at, text, response_tweet_id, in_response_to_tweet_id)"
        ),
        sniff=sniff,
        read=read,
        tables=("mentions", "responses"),
    ),
)
