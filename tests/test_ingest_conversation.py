"""The conversation CSV (customer-support-on-Twitter style): mapping, links, ids, rejects."""

from pathlib import Path

import pandas as pd
import pytest

from ronr.channels import count_responses
from ronr.errors import InputError
from ronr.ingest import ImportContext, detect_format, import_file
from ronr.ingest.base import Sample
from ronr.ingest.conversation import IMPORTERS, sniff
from ronr.ingest.detect import IMPORTERS as ALL_IMPORTERS
from ronr.ingest.generic import COLUMNS as GENERIC_COLUMNS
from ronr.ingest.generic import SIGNATURES
from ronr.listen import share_of_voice
from ronr.schema import validate_table
from ronr.store import import_client, load_workspace
from tests.cases import copy_case_client

HEADER = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
NOW = pd.Timestamp("2018-01-01", tz="UTC")

# the start of the public Kaggle file: one customer (115712) and Sprint's support account
KAGGLE = HEADER + (
    "1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,@115712 I understand.,2,3.0\n"
    "2,115712,True,Tue Oct 31 22:11:45 +0000 2017,@sprintcare and how do you propose we do that,"
    ",1.0\n"
    "3,115712,True,Tue Oct 31 22:08:27 +0000 2017,@sprintcare I have sent several messages,1,4.0\n"
    "4,sprintcare,False,Tue Oct 31 21:54:49 +0000 2017,@115712 Please send us a DM,3,5.0\n"
    "5,115712,True,Tue Oct 31 21:49:35 +0000 2017,@sprintcare I did.,4,6.0\n"
    "6,sprintcare,False,Tue Oct 31 21:46:24 +0000 2017,@115712 Can you DM us?,5,8.0\n"
    '8,115712,True,Tue Oct 31 21:45:10 +0000 2017,"@sprintcare is the worst, really","9,6,10",\n'
    "13,sprintcare,False,Tue Oct 31 22:30:00 +0000 2017,Happy Halloween everyone!,,\n"
)


def write(tmp_path, text, name="twcs.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def context(**options):
    return ImportContext(brand="Sprint", now=NOW, **options)


def rejects(result):
    return result.rejects.sort_values("row")[["row", "column", "value", "reason"]].to_dict(
        "records"
    )


def test_kaggle_rows_map_to_mentions_and_responses(tmp_path):
    result = import_file(write(tmp_path, KAGGLE), context=context())
    assert result.format == "conversation"
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (8, 7, 1)
    mentions, responses = result.tables["mentions"], result.tables["responses"]

    assert mentions["mention_id"].tolist() == ["2", "3", "5", "8"]
    assert set(mentions["channel"]) == {"x"}
    assert set(mentions["brand"]) == {"Sprint"}
    assert set(mentions["author"]) == {"@115712"}  # anonymised customers keep their number
    assert mentions["kind"].tolist() == ["reply", "reply", "reply", "mention"]
    assert mentions["in_reply_to"].tolist()[:3] == ["1", "4", "6"]  # "1.0" is id "1"
    assert pd.isna(mentions["in_reply_to"].iloc[3])
    assert mentions["url"].isna().all()
    assert mentions["author_followers"].isna().all()
    assert mentions["text"].iloc[3] == "@sprintcare is the worst, really"
    assert mentions["response_tweet_id"].iloc[3] == "9,6,10"
    assert mentions["created_at"].iloc[0] == pd.Timestamp("2017-10-31 22:11:45", tz="UTC")
    assert mentions["source_row"].tolist() == [2, 3, 5, 7]
    assert set(mentions["source_file"]) == {"twcs.csv"}
    assert set(mentions["company_handle"]) == {"sprintcare"}

    assert responses["response_id"].tolist() == ["1", "4", "6"]
    assert responses["mention_id"].tolist() == ["3", "5", "8"]
    assert set(responses["author"]) == {"@sprintcare"}
    assert responses["created_at"].iloc[2] == pd.Timestamp("2017-10-31 21:46:24", tz="UTC")
    assert responses["source_row"].tolist() == [1, 4, 6]
    assert responses["text"].iloc[1] == "@115712 Please send us a DM"

    assert rejects(result) == [
        {
            "row": 8,
            "column": "in_response_to_tweet_id",
            "value": "",
            "reason": "company tweet that answers no tweet",
        }
    ]
    for name, table in result.tables.items():
        validate_table(table, name)


def test_offsets_are_converted_to_utc_and_iso_dates_are_accepted(tmp_path):
    text = HEADER + (
        "1,42,True,Tue Oct 31 22:10:47 -0800 2017,a,,\n"
        "2,42,True,2017-10-31T22:10:47+02:00,b,,\n"
        "3,42,True,2017-10-31 22:10:47,c,,\n"  # no offset: the client's time zone
        "4,42,True,Tue Oct 31 22:10:47 +0000 2017xx,d,,\n"
    )
    result = import_file(write(tmp_path, text), context=context(timezone="Europe/Paris"))
    assert result.tables["mentions"]["created_at"].tolist() == [
        pd.Timestamp("2017-11-01 06:10:47", tz="UTC"),
        pd.Timestamp("2017-10-31 20:10:47", tz="UTC"),
        pd.Timestamp("2017-10-31 21:10:47", tz="UTC"),  # CET is UTC+1 on 31 October
    ]
    assert rejects(result) == [
        {
            "row": 4,
            "column": "created_at",
            "value": "Tue Oct 31 22:10:47 +0000 2017xx",
            "reason": "unparseable date (expected a date like "
            "'Tue Oct 31 22:10:47 +0000 2017' or ISO 8601)",
        }
    ]


def test_bad_cells_reject_their_row_with_a_reason(tmp_path):
    good = "Tue Oct 31 22:10:47 +0000 2017"
    text = HEADER + (
        f"1,42,True,{good},fine,,\n"
        f"2,42,maybe,{good},bad inbound,,\n"
        f"3,42,-,{good},missing inbound,,\n"
        f"4,,True,{good},missing author,,\n"
        f"5,42,True,Tue Feb 30 22:10:47 +0000 2017,no such day,,\n"
        f"6,42,True,Mon Jan 01 10:00:00 +0000 2018,tomorrow is fine,,\n"
        f"7,42,True,Wed Jan 03 10:00:00 +0000 2018,future,,\n"
        f"8,42,True,1500-01-01T00:00:00Z,far past,,\n"
        f"9,42,True,{good},scientific id,,1.2e+18\n"
        f"1,42,True,{good},fine,,\n"  # the same row again
        f"1,42,True,{good},same id other text,,\n"
        f",42,True,{good},no id,,\n"
        f"10,42,True,,no date,,\n"
    )
    result = import_file(write(tmp_path, text), context=context())
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (13, 2, 11)
    assert result.tables["mentions"]["mention_id"].tolist() == ["1", "6"]
    assert rejects(result) == [
        {"row": 2, "column": "inbound", "value": "maybe", "reason": "not true/false"},
        {"row": 3, "column": "inbound", "value": "-", "reason": "missing value"},
        {"row": 4, "column": "author_id", "value": "", "reason": "missing value"},
        {
            "row": 5,
            "column": "created_at",
            "value": "Tue Feb 30 22:10:47 +0000 2017",
            "reason": "unparseable date (expected a date like "
            "'Tue Oct 31 22:10:47 +0000 2017' or ISO 8601)",
        },
        {
            "row": 7,
            "column": "created_at",
            "value": "Wed Jan 03 10:00:00 +0000 2018",
            "reason": "date in the future",
        },
        {
            "row": 8,
            "column": "created_at",
            "value": "1500-01-01T00:00:00Z",
            "reason": "date out of range (before 1678)",
        },
        {
            "row": 9,
            "column": "in_response_to_tweet_id",
            "value": "1.2e+18",
            "reason": "id in scientific notation (its digits are lost; export ids as text)",
        },
        {
            "row": 10,
            "column": "(whole row)",
            "value": "10",
            "reason": "duplicate row (an identical row came earlier)",
        },
        {
            "row": 11,
            "column": "tweet_id",
            "value": "1",
            "reason": "duplicate id (the first row with it is kept)",
        },
        {"row": 12, "column": "tweet_id", "value": "", "reason": "missing value"},
        {"row": 13, "column": "created_at", "value": "", "reason": "missing date"},
    ]


def test_ids_stay_exact_text(tmp_path):
    text = HEADER + (
        "931920424862470144.0,115712,True,Tue Oct 31 22:10:47 +0000 2017,hi,"
        '"931920424862470145.0, 931920424862470146",\n'
        "931920424862470145,AcmeCare,False,Tue Oct 31 22:20:47 +0000 2017,hello,,"
        "931920424862470144.0\n"
    )
    result = import_file(write(tmp_path, text), context=context())
    mention = result.tables["mentions"].iloc[0]
    assert mention["mention_id"] == "931920424862470144"
    assert mention["response_tweet_id"] == "931920424862470145,931920424862470146"
    response = result.tables["responses"].iloc[0]
    assert response["response_id"] == "931920424862470145"
    assert response["mention_id"] == "931920424862470144"
    assert response["author"] == "@AcmeCare"


def test_company_tweets_outside_or_continuing_a_conversation(tmp_path):
    at = "Tue Oct 31 22:{:02d}:00 +0000 2017"
    text = HEADER + (
        f"10,7,True,{at.format(0)},@acme help,11,\n"
        f"11,acme,False,{at.format(1)},@7 sure (1/2),12,10\n"
        f"12,acme,False,{at.format(2)},@7 (2/2),,11.0\n"  # continues 11: answers 10 too
        f"20,acme,False,{at.format(3)},@8 answering a tweet not in this file,,99\n"
        f"30,acme,False,{at.format(4)},a broadcast,31,\n"
        f"31,acme,False,{at.format(5)},and its follow-up,,30\n"
        f"40,acme,False,{at.format(6)},loop a,,41\n"
        f"41,acme,False,{at.format(7)},loop b,,40\n"
    )
    result = import_file(write(tmp_path, text), context=context())
    responses = result.tables["responses"]
    assert responses[["response_id", "mention_id", "in_reply_to"]].values.tolist() == [
        ["11", "10", "10"],
        ["12", "10", "11"],
        ["20", "99", "99"],  # its mention is unknown: response times join on mention_id
    ]
    assert [(r["row"], r["reason"]) for r in rejects(result)] == [
        (5, "company tweet that answers no tweet"),
        (6, "follow-up to a company tweet that answers no tweet"),
        (7, "reply chain loops between company tweets"),
        (8, "reply chain loops between company tweets"),
    ]
    assert result.rows_read == result.rows_accepted + result.rows_rejected == 8


MULTI = HEADER + (
    # rows 1-2: a conversation with the client (handle written in another case)
    "1,501,True,Tue Oct 31 10:00:00 +0000 2017,@SprintCare my bill,2,\n"
    "2,sprintcare,False,Tue Oct 31 10:05:00 +0000 2017,@501 DM us,,1\n"
    # rows 3-5: with Apple; the customer goes on in their own thread (row 5)
    "3,502,True,Tue Oct 31 11:00:00 +0000 2017,@AppleSupport my phone,4,\n"
    "4,AppleSupport,False,Tue Oct 31 11:05:00 +0000 2017,@502 which model?,5,3\n"
    "5,502,True,Tue Oct 31 11:10:00 +0000 2017,@AppleSupport an X,6,4\n"
    "6,502,True,Tue Oct 31 11:11:00 +0000 2017,and it is new,,5\n"
    # row 7: names both; only Apple answered (row 8) but it is about the client too
    "7,503,True,Tue Oct 31 12:00:00 +0000 2017,@AppleSupport @sprintcare no signal,8,\n"
    "8,AppleSupport,False,Tue Oct 31 12:05:00 +0000 2017,@503 try this,,7\n"
    # row 9: unanswered, names Apple; row 10: unanswered, names no company of the file
    # (with handles given, nothing says row 10 is the client's: it is rejected)
    "9,504,True,Tue Oct 31 13:00:00 +0000 2017,@AppleSupport hello?,,\n"
    "10,505,True,Tue Oct 31 13:30:00 +0000 2017,@somebody hello?,,\n"
)


def test_without_handles_every_conversation_is_kept_with_its_company(tmp_path):
    result = import_file(write(tmp_path, MULTI), context=context())
    assert result.rows_rejected == 0
    mentions = result.tables["mentions"].set_index("mention_id")["company_handle"]
    assert mentions.fillna("(unknown)").to_dict() == {
        "1": "sprintcare",
        "3": "AppleSupport",
        "5": "AppleSupport",
        "6": "AppleSupport",
        "7": "AppleSupport",
        "9": "AppleSupport",
        "10": "(unknown)",
    }
    responses = result.tables["responses"]
    assert responses["company_handle"].tolist() == ["sprintcare", "AppleSupport", "AppleSupport"]


def test_handles_keep_only_the_clients_conversations(tmp_path):
    result = import_file(write(tmp_path, MULTI), context=context(handles=("@sprintCARE",)))
    mentions = result.tables["mentions"]
    assert mentions["mention_id"].tolist() == ["1", "7"]
    assert mentions["company_handle"].tolist() == ["sprintcare", "sprintcare"]
    assert set(mentions["brand"]) == {"Sprint"}
    responses = result.tables["responses"]
    assert responses[["response_id", "brand"]].values.tolist() == [["2", "Sprint"]]
    apple = "conversation with another company: AppleSupport"
    assert rejects(result) == [
        {"row": 3, "column": "(whole row)", "value": "3", "reason": apple},
        {
            "row": 4,
            "column": "author_id",
            "value": "AppleSupport",
            "reason": "tweet of another company: AppleSupport",
        },
        {"row": 5, "column": "(whole row)", "value": "5", "reason": apple},
        {"row": 6, "column": "(whole row)", "value": "6", "reason": apple},
        {
            "row": 8,
            "column": "author_id",
            "value": "AppleSupport",
            "reason": "tweet of another company: AppleSupport",
        },
        {"row": 9, "column": "(whole row)", "value": "9", "reason": apple},
        {
            "row": 10,
            "column": "text",
            "value": "@somebody hello?",
            "reason": "addressed to no tracked brand (@somebody): no tracked handle named and "
            "no tracked brand's reply",
        },
    ]
    assert result.rows_read == result.rows_accepted + result.rows_rejected == 10


def test_handles_matching_no_company_of_the_file_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match=r"twcs\.csv: no tweet by the client's handles \(@acme\)"):
        import_file(write(tmp_path, MULTI), context=context(handles=("acme",)))


# a client, two competitors (Gamma has no tweet in the file) and one untracked company
TRACKED = ImportContext(
    brand="Acme",
    handles=("@AcmeHelp",),
    brands=(("Acme", ("@AcmeHelp",)), ("Beta", ("@BetaHelp",)), ("Gamma", ("@GammaCare",))),
    now=NOW,
)
COMPETITORS = HEADER + (
    # rows 1-2: the client's conversation
    "1,601,True,Tue Oct 31 10:00:00 +0000 2017,@AcmeHelp my bill,2,\n"
    "2,AcmeHelp,False,Tue Oct 31 10:05:00 +0000 2017,@601 DM us,,1\n"
    # rows 3-6: Beta's, its handle written in lower case; the customer goes on after Beta's
    # reply (row 5 replies to it) and then in their own thread (row 6 names nobody)
    "3,602,True,Tue Oct 31 11:00:00 +0000 2017,@betahelp my phone,4,\n"
    "4,betahelp,False,Tue Oct 31 11:05:00 +0000 2017,@602 which model?,5,3\n"
    "5,602,True,Tue Oct 31 11:10:00 +0000 2017,@betahelp an X,6,4\n"
    "6,602,True,Tue Oct 31 11:11:00 +0000 2017,and it is new,,5\n"
    # row 7: names Gamma, which has no tweet here; row 8: names Acme first, then Beta
    "7,603,True,Tue Oct 31 12:00:00 +0000 2017,@GAMMACARE no signal,,\n"
    "8,604,True,Tue Oct 31 12:30:00 +0000 2017,@AcmeHelp @BetaHelp who is faster?,,\n"
    # rows 9-10: names Beta first but Acme answered: the answer is the stronger evidence
    "9,605,True,Tue Oct 31 13:00:00 +0000 2017,@BetaHelp @AcmeHelp anyone?,10,\n"
    "10,AcmeHelp,False,Tue Oct 31 13:05:00 +0000 2017,@605 we can help,,9\n"
    # rows 11-12: an untracked company; rows 13-14: addressed to nobody tracked
    "11,606,True,Tue Oct 31 14:00:00 +0000 2017,@OtherCo help,12,\n"
    "12,OtherCo,False,Tue Oct 31 14:05:00 +0000 2017,@606 hi,,11\n"
    "13,607,True,Tue Oct 31 15:00:00 +0000 2017,@115999 why is my internet down?,,\n"
    "14,608,True,Tue Oct 31 15:30:00 +0000 2017,no handle at all,,\n"
    # row 15: Beta answering a tweet that is not in the file
    "15,BetaHelp,False,Tue Oct 31 16:00:00 +0000 2017,@609 sorry,,900\n"
)


def test_competitors_conversations_are_theirs_and_unaddressed_tweets_are_rejected(tmp_path):
    result = import_file(write(tmp_path, COMPETITORS), context=TRACKED)
    mentions = result.tables["mentions"].set_index("mention_id")
    assert mentions["brand"].to_dict() == {
        "1": "Acme",
        "3": "Beta",
        "5": "Beta",  # replies to Beta's tweet
        "6": "Beta",  # continues the customer's own thread after Beta's reply
        "7": "Gamma",
        "8": "Acme",  # the first tracked handle named
        "9": "Acme",  # answered by Acme, though it names Beta first
    }
    assert mentions["company_handle"].to_dict() == {
        "1": "AcmeHelp",
        "3": "betahelp",  # spelled as in the file
        "5": "betahelp",
        "6": "betahelp",
        "7": "GammaCare",  # not in the file: spelled as in client.yaml
        "8": "AcmeHelp",
        "9": "AcmeHelp",
    }
    responses = result.tables["responses"]
    assert responses[["response_id", "mention_id", "brand", "author"]].values.tolist() == [
        ["2", "1", "Acme", "@AcmeHelp"],
        ["4", "3", "Beta", "@betahelp"],
        ["10", "9", "Acme", "@AcmeHelp"],
        ["15", "900", "Beta", "@BetaHelp"],  # kept: its mention is not in the file
    ]
    nobody = "no tracked handle named and no tracked brand's reply"
    assert rejects(result) == [
        {
            "row": 11,
            "column": "(whole row)",
            "value": "11",
            "reason": "conversation with another company: OtherCo",
        },
        {
            "row": 12,
            "column": "author_id",
            "value": "OtherCo",
            "reason": "tweet of another company: OtherCo",
        },
        {
            "row": 13,
            "column": "text",
            "value": "@115999 why is my internet down?",
            "reason": f"addressed to no tracked brand (@115999): {nobody}",
        },
        {
            "row": 14,
            "column": "text",
            "value": "no handle at all",
            "reason": f"addressed to no tracked brand (names no @handle): {nobody}",
        },
    ]
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (15, 11, 4)
    for name, table in result.tables.items():
        validate_table(table, name)


def test_a_file_of_only_untracked_companies_names_every_tracked_handle(tmp_path):
    message = (
        r"twcs\.csv: no tweet by the tracked brands' handles \(@acmehelp, @betahelp, "
        r"@gammacare\); the companies in this file are: applesupport, sprintcare"
    )
    with pytest.raises(InputError, match=message):
        import_file(write(tmp_path, MULTI), context=TRACKED)


def test_a_competitor_only_file_is_imported_for_the_competitor(tmp_path):
    text = HEADER + (
        "1,602,True,Tue Oct 31 11:00:00 +0000 2017,@BetaHelp my phone,2,\n"
        "2,BetaHelp,False,Tue Oct 31 11:05:00 +0000 2017,@602 which model?,,1\n"
    )
    result = import_file(write(tmp_path, text), context=TRACKED)
    assert result.tables["mentions"]["brand"].tolist() == ["Beta"]
    assert result.tables["responses"]["brand"].tolist() == ["Beta"]
    assert result.rows_rejected == 0


def test_mini_conv_case(tmp_path):
    """The mini-conv case: Acme (@AcmeHelp) and its competitor Beta (@BetaHelp), 7 tweets."""
    copy_case_client("mini-conv", tmp_path)
    ws = load_workspace("mini-conv", data_dir=tmp_path)
    assert ws.mentions.set_index("mention_id")["brand"].to_dict() == {
        "1": "Acme",
        "3": "Beta",  # the competitor's conversation (tweets 3, 4)
        "7": "Acme",
    }
    assert ws.rejects[["row", "column", "reason"]].values.tolist() == [
        [
            5,
            "text",
            "addressed to no tracked brand (@115999): no tracked handle named and no tracked "
            "brand's reply",
        ]
    ]
    provenance = ws.provenance.iloc[0]
    assert (provenance["rows_read"], provenance["rows_accepted"]) == (7, 6)
    assert provenance["rows_accepted"] + provenance["rows_rejected"] == 7
    # share of voice counts mentions: Acme has 2 (tweets 1 and 7), Beta 1 (tweet 3). The
    # case's "50 % / 50 %" holds only for the answered conversations (1-2 and 3-4).
    voice = share_of_voice(ws.mentions, brands=["Acme", "Beta"]).set_index("brand")
    assert voice["mentions"].to_dict() == {"Acme": 2, "Beta": 1}
    assert voice["share_of_voice"].to_dict() == pytest.approx({"Acme": 2 / 3, "Beta": 1 / 3})

    # what the importer accepted, before the period is selected
    tables, _, _ = import_client(ws.config, tmp_path / "clients" / "mini-conv")
    responses = tables["responses"]
    assert responses[["response_id", "mention_id", "brand"]].values.tolist() == [
        ["2", "1", "Acme"],
        ["4", "3", "Beta"],
        ["6", "900", "Acme"],  # answers tweet 900, which is not in the file
    ]
    acme = count_responses(tables["mentions"], responses, brand="Acme").to_dict()
    assert acme == {"replies": 2, "matched": 1, "other_brand": 0, "unmatched": 1}
    beta = count_responses(tables["mentions"], responses, brand="Beta").to_dict()
    assert beta == {"replies": 1, "matched": 1, "other_brand": 0, "unmatched": 0}
    used = set(tables["mentions"]["source_row"]) | set(responses["source_row"])
    assert used == {1, 2, 3, 4, 6, 7}  # every accepted row


def test_mini_conv_every_accepted_row_reaches_the_workspace(tmp_path):
    copy_case_client("mini-conv", tmp_path)
    ws = load_workspace("mini-conv", data_dir=tmp_path)
    used = set(ws.mentions["source_row"]) | set(ws.responses["source_row"])
    assert used == {1, 2, 3, 4, 6, 7}
    counts = count_responses(ws.mentions, ws.responses, brand="Acme").to_dict()
    assert counts == {"replies": 2, "matched": 1, "other_brand": 0, "unmatched": 1}


def test_missing_required_column_names_file_column_and_expected(tmp_path):
    text = "tweet_id,inbound,created_at,text\n1,True,Tue Oct 31 22:10:47 +0000 2017,hi\n"
    with pytest.raises(InputError) as error:
        import_file(write(tmp_path, text))
    message = str(error.value)
    assert message.startswith("twcs.csv: missing required column 'author_id', ")
    assert "'in_response_to_tweet_id'" in message
    assert "expected columns: tweet_id, author_id, inbound, created_at, text" in message


def test_header_only_extra_columns_and_repeated_columns(tmp_path):
    empty = import_file(write(tmp_path, HEADER), context=context())
    assert (empty.rows_read, empty.rows_accepted) == (0, 0)
    assert len(empty.tables["mentions"]) == len(empty.tables["responses"]) == 0

    text = (
        HEADER.rstrip("\n")
        + ",Lang,channel,sentiment\n"
        + (
            "1,42,True,Tue Oct 31 22:10:47 +0000 2017,hola,,,es,sms,great\n"
            "2,acme,False,Tue Oct 31 22:12:47 +0000 2017,hi,,1,en,,\n"
        )
    )
    result = import_file(write(tmp_path, text), context=context())
    assert result.tables["mentions"]["lang"].tolist() == ["es"]
    assert result.tables["mentions"]["channel_file"].tolist() == ["sms"]
    assert result.tables["mentions"]["channel"].tolist() == ["x"]
    assert result.tables["mentions"]["sentiment_file"].tolist() == ["great"]
    assert "sentiment" not in result.tables["mentions"]  # derived later, never read
    assert result.tables["responses"]["lang"].tolist() == ["en"]

    twice = HEADER.rstrip("\n") + ",INBOUND\n"
    with pytest.raises(InputError, match=r"twcs\.csv: column 'inbound' appears more than once"):
        import_file(write(tmp_path, twice))


def _sample(header):
    return Sample(path=Path("export.csv"), header=tuple(header), lines=(), sheets={})


def test_detection_claims_conversations_only():
    conversation = _sample(HEADER.strip().split(","))
    assert sniff(conversation)
    assert detect_format(conversation).name == "conversation"
    assert [i.name for i in ALL_IMPORTERS if i.sniff(conversation)] == ["conversation"]
    for table, columns in GENERIC_COLUMNS.items():
        assert not sniff(_sample(columns)), table
        assert not sniff(_sample(SIGNATURES[table])), table
    # the X tweet activity export has "Tweet id" (with a space) and no inbound column
    assert not sniff(_sample(["tweet id", "tweet permalink", "tweet text", "time"]))
    assert IMPORTERS[0].tables == ("mentions", "responses")


def test_encodings_and_semicolons(tmp_path):
    text = KAGGLE.replace(",", ";").replace('"@sprintcare is the worst; really"', '"x"')
    text = text.replace('"9;6;10"', '"9,6,10"')
    result = import_file(write(tmp_path, text, encoding="utf-16"), context=context())
    assert result.format == "conversation"
    assert result.tables["mentions"]["response_tweet_id"].tolist()[-1] == "9,6,10"
    accents = HEADER + "1,42,True,Tue Oct 31 22:10:47 +0000 2017,@acmé très bien,,\n"
    latin = import_file(write(tmp_path, accents, encoding="cp1252"), context=context())
    assert latin.tables["mentions"]["text"].tolist() == ["@acmé très bien"]


def test_a_first_row_longer_than_the_header_is_one_clear_error(tmp_path):
    text = HEADER + "1,42,True,Tue Oct 31 22:10:47 +0000 2017,hi,,,surplus\n"
    with pytest.raises(InputError, match=r"twcs\.csv: the first data row has more cells"):
        import_file(write(tmp_path, text), context=context())
