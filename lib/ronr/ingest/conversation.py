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
  ``author_id`` (customers are anonymised numbers: ``@115712``), ``brand`` = the tracked brand
  the conversation is with (below; ``context.brand`` without handles), ``kind`` = ``reply`` when
  it answers a tweet (``in_reply_to`` = that id), else ``mention``.
- **responses** — every company tweet that answers a tweet: ``response_id`` = ``tweet_id``,
  ``mention_id`` = the customer tweet it answers, ``author`` = ``"@"`` + ``author_id``,
  ``brand`` = the brand whose handle it is (a competitor's replies are responses too, tagged
  with the competitor, so :func:`ronr.channels.first_responses` never counts them for the
  client).

  * A company tweet that answers a tweet *not in the file* is kept; its ``mention_id`` is that id.
    No mention of the tables has that id, so it counts in no response rate:
    :func:`ronr.channels.count_responses` counts these replies, for the report to say so.
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

A file may hold several companies (the Kaggle file holds 108). When handles are known
(``context.tracked_handles()``: the client's and its competitors' from client.yaml, compared
without ``@`` in any case), only the tracked brands' conversations are kept:

- a company tweet by a tracked handle belongs to that handle's brand; one by another account is
  rejected as "tweet of another company: X";
- a customer tweet belongs to the tracked brand with evidence, the first of: a tracked handle
  answered it, it replies to a tracked handle's tweet, its text names a tracked handle (the first
  one named). A tweet naming two tracked brands is one mention, of the first;
- else, when a company of the file answered it, it replies to such a company's tweet or names
  one, it is rejected as "conversation with another company: X";
- else a tweet continuing the customer's own thread (replying to a customer tweet of the file)
  takes the brand, or the other company, of the tweet it continues;
- else nothing says who it is addressed to (an anonymised ``@115999``, an account not in the
  file): it is rejected as "addressed to no tracked brand (@115999): no tracked handle named and
  no tracked brand's reply" (the handles its text names, or "names no @handle").

A file whose company tweets are all by untracked accounts is one InputError (wrong file or
wrong handles).
Without handles every conversation is imported for ``context.brand`` and ``company_handle``
tells them apart.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError, quote_content, quoted
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
    read_ids,
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
NO_BRAND = "addressed to no tracked brand"
NO_BRAND_WHY = "no tracked handle named and no tracked brand's reply"

_HANDLE = r"(?<![\w@])@(\w+)"


def sniff(sample: Sample) -> bool:
    """A header with both ``tweet_id`` and ``inbound`` (no other export has ``inbound``)."""
    return "tweet_id" in sample.header and "inbound" in sample.header


def _ids(raw: pd.Series, column: str, problems: ColumnProblems, *, required: bool):
    """Tweet ids as exact text (missing as None): see :func:`ronr.ingest.base.parse_id`."""
    ids = parse_id(raw, column, problems, required=required, rounded_reason=SCIENTIFIC_ID)
    return ids.astype(object).where(ids.notna(), None)


def _id_lists(lists: pd.Series) -> pd.Series:
    """Lists of ids (``"119237.0, 119238.0"``) as ``"119237,119238"``, each id read by
    :func:`~ronr.ingest.base.read_ids` (kept as written where its digits are lost: the column
    only informs, and the row stands on its own ids)."""
    lists = lists.str.replace(r"\s+", "", regex=True).str.strip(",")
    ids = lists.str.split(",").explode()
    ids = read_ids(ids.where(ids != "", None)).text.dropna()
    joined = ids.groupby(level=0).agg(",".join)
    return joined.reindex(lists.index).astype(object).where(lists.notna() & (lists != ""), None)


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


def _named(text: pd.Series) -> pd.Series:
    """Every @handle of the texts, lower-case, in text order, indexed by its text's label."""
    found = text.dropna().astype(object).str.extractall(_HANDLE)
    if found.empty:
        return pd.Series([], dtype=object)
    handles = found[0].str.lower().astype(object)
    handles.index = handles.index.get_level_values(0)
    return handles


def _first_named(named: pd.Series, names: set[str], index: pd.Index) -> pd.Series:
    """The first of ``named`` (see :func:`_named`) that is one of ``names``, on ``index``."""
    if named.empty or not names:
        return pd.Series(None, index=index, dtype=object)
    known = named[text_isin(named, names).to_numpy()]
    return known[~known.index.duplicated(keep="first")].reindex(index).astype(object)


def _signals(
    customer: pd.DataFrame,
    answerer: pd.Series,
    by_company: pd.Series,
    named: pd.Series,
    *,
    names: set[str],
    pool: set[str] | None = None,
) -> pd.Series:
    """The company each customer tweet is with, from its own signals (lower-case handle).

    The first signal wins: the company that answered it (``answerer``: mention id -> handle),
    whose tweet it replies to (``by_company``: tweet id -> handle), the first of ``names`` its
    text names (``named``: see :func:`_named`). With ``pool`` only those companies count as
    answerer or replied-to. Missing where no signal says.
    """
    if pool is not None:
        answerer = answerer[text_isin(answerer, pool).to_numpy()]
        by_company = by_company[text_isin(by_company, pool).to_numpy()]
    found = text_lookup(customer["tweet_id"], answerer)
    found = found.fillna(text_lookup(customer["in_reply_to"], by_company))
    unknown = found.isna()
    if unknown.any():
        found.loc[unknown] = _first_named(named, names, found.index[unknown]).to_numpy()
    return found


def _structure(
    tweets: pd.DataFrame, tracked: set[str]
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Link the accepted tweets of a file into conversations.

    Returns the mention each company tweet answers (missing when it answers no tweet) and
    whether its chain of company tweets loops, on the index of the company tweets; then, on the
    index of ``tweets``, the company of each tweet (lower-case handle, missing when unknown)
    and whether a customer tweet's company is one of ``tracked`` (lower-case handles).

    A customer tweet's company is a tracked one when a tracked company answered it, it replies
    to a tracked company's tweet or it names a tracked handle (in that order); else any company
    of the file by the same signals; else, for a tweet continuing the customer's own thread,
    the company of the tweet it continues.
    """
    inbound = tweets["inbound"].astype(bool)
    key = tweets["author_id"].str.strip().str.lstrip("@").str.lower().astype(object)
    company = tweets[~inbound]
    company_ids = company["tweet_id"]
    parent_of = pd.Series(company["in_reply_to"].to_numpy(), index=company_ids.to_numpy())
    mention, loops = _follow(company["in_reply_to"], parent_of, company_ids)

    handle = pd.Series(None, index=tweets.index, dtype=object)
    handle[~inbound] = key[~inbound]
    is_tracked = pd.Series(False, index=tweets.index)
    customer = tweets[inbound]
    if customer.empty:
        return mention, loops, handle, is_tracked
    company_key = key[~inbound]
    answerer = pd.Series(company_key.to_numpy(), index=mention.to_numpy())
    answerer = answerer[~loops.to_numpy()]
    by_company = pd.Series(company_key.to_numpy(), index=company_ids.to_numpy())

    named = _named(customer["text"])  # extracted once: the slow part on large files
    found = pd.Series(None, index=customer.index, dtype=object)
    if tracked:  # a tracked brand's evidence wins over another company's
        found = _signals(customer, answerer, by_company, named, names=tracked, pool=tracked)
    mine = found.notna()
    other = _signals(customer, answerer, by_company, named, names=set(company_key))
    found = found.fillna(other)
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
    is_tracked.loc[customer.index] = mine.to_numpy()
    return mention, loops, handle, is_tracked


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
            f"{file}: column {', '.join(quoted(c) for c in twice)} appears more than once "
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
    parsed["author_id"] = parse_id(
        raw["author_id"], "author_id", problems, rounded_reason=SCIENTIFIC_ID
    )
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
        parsed["response_tweet_id"] = _id_lists(answers)
    else:
        parsed["response_tweet_id"] = pd.Series(pd.NA, index=raw.index, dtype=object)
    extra = [c for c in raw.columns if c not in COLUMNS]
    parsed["source_file"] = file
    parsed["source_row"] = rows.astype("Int64").to_numpy()

    tweets = finish_table(parsed, raw, problems, id_columns=["tweet_id"])
    tweets.index = tweets["source_row"].to_numpy(dtype="int64") - 1  # the index of ``raw``
    owners = context.tracked_handles()  # lower-case handle -> brand
    tracked = set(owners)
    inbound = tweets["inbound"].astype(bool)
    companies = set(tweets.loc[~inbound, "author_id"].str.strip().str.lstrip("@").str.lower())
    if tracked and companies and not tracked & companies:
        whose = "client's" if set(owners.values()) == {context.brand} else "tracked brands'"
        raise InputError(
            f"{file}: no tweet by the {whose} handles "
            f"({', '.join('@' + h for h in sorted(tracked))}); the companies in this file are: "
            f"{', '.join(quote_content(c) for c in sorted(companies)[:20])}"
            " (check the handles in client.yaml, or import the file for the right client)"
        )
    mention, loops, handle, is_tracked = _structure(tweets, tracked)

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
    spelling = _spelling(tweets[~inbound]["author_id"], context)
    company_handle = text_lookup(handle, spelling).fillna(handle)
    if tracked:
        other = ~inbound & ~text_isin(handle, tracked)
        for name in sorted(set(company_handle[other])):
            out |= reject(
                other & (company_handle == name),
                "author_id",
                raw["author_id"],
                f"tweet of another company: {quote_content(name)}",
            )
        other = inbound & handle.notna() & ~is_tracked
        for name in sorted(set(company_handle[other])):
            out |= reject(
                other & (company_handle == name),
                "(whole row)",
                raw["tweet_id"],
                f"conversation with another company: {quote_content(name)}",
            )
        # one reason per addressee is written after sorting (a loop per addressee is slow)
        column = "text" if "text" in raw.columns else "tweet_id"
        out |= reject(inbound & handle.isna(), column, raw[column], NO_BRAND)
    keep = ~out.reindex(tweets.index).to_numpy()
    tweets["company_handle"] = company_handle
    # each kept tweet's brand is its tracked handle's (without handles, the client's)
    owner = pd.Series(owners, dtype=object)
    tweets["brand"] = text_lookup(handle, owner).fillna(context.brand) if tracked else context.brand

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
            "brand": tweets["brand"],
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
            "brand": tweets["brand"],
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
    rejects = sorted_rejects(problems)
    unaddressed = rejects["reason"] == NO_BRAND
    if unaddressed.any():
        texts = tweets["text"].set_axis(tweets["source_row"].to_numpy(dtype="int64"))
        named = _addressees(texts.reindex(rejects.loc[unaddressed, "row"].to_numpy()))
        reasons = NO_BRAND + " (" + named + "): " + NO_BRAND_WHY
        rejects.loc[unaddressed, "reason"] = reasons.to_numpy(dtype=object)
    return ImportResult(file=file, format=NAME, rows_read=len(raw), tables=tables, rejects=rejects)


def _addressees(texts: pd.Series) -> pd.Series:
    """The @handles each text names (``"@a, @b"``), or ``"names no @handle"``."""
    found = texts.fillna("").astype(str).str.findall(_HANDLE)
    named = found.map(lambda handles: ", ".join("@" + h for h in handles))
    return named.where(named != "", "names no @handle")


def _spelling(authors: pd.Series, context: ImportContext) -> pd.Series:
    """Lower-case company handle -> its spelling: the file's (first seen), else client.yaml's."""
    configured = [h for _, handles in context.brands for h in handles] or list(context.handles)
    spelled = pd.concat(
        [authors.str.strip().str.lstrip("@"), pd.Series(configured, dtype=object).str.lstrip("@")]
    )
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
