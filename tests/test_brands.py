import pandas as pd

from ronr.brands import brand_terms, match_brands
from ronr.config import Brand

BRANDS = [
    Brand(name="Acme", handles=["@acme"]),
    Brand(name="Café Noir", handles=["@cafenoir"], keywords=["noir coffee"]),
]


def mentions(texts, brands=None):
    return pd.DataFrame(
        {
            "mention_id": [str(i) for i in range(len(texts))],
            "brand": brands or [None] * len(texts),
            "text": texts,
        }
    )


def test_one_row_per_named_brand_whole_words_only():
    data = mentions(
        [
            "I love cafe NOIR and @ACME",  # both, accent- and case-insensitive
            "acmes everywhere",  # not a whole word
            "mail bob@acme.com",  # inside an address
            "Noir Coffee rocks",  # a keyword
            "nothing to see",
        ]
    )
    matched, unmatched = match_brands(data, BRANDS)
    assert list(zip(matched["mention_id"], matched["brand"], strict=True)) == [
        ("0", "Acme"),
        ("0", "Café Noir"),
        ("3", "Café Noir"),
    ]
    assert unmatched.tolist() == [False, True, True, False, True]


def test_rows_with_a_brand_are_kept_as_they_are():
    data = mentions(["no names here", "about @acme"], brands=["Café Noir", None])
    matched, unmatched = match_brands(data, BRANDS)
    assert matched[["mention_id", "brand"]].values.tolist() == [["0", "Café Noir"], ["1", "Acme"]]
    assert not unmatched.any()


def test_brand_terms_lists_names_handles_and_keywords_once():
    assert brand_terms([*BRANDS, Brand(name="Acme", keywords=["acme"])]) == [
        "Acme",
        "@acme",
        "Café Noir",
        "@cafenoir",
        "noir coffee",
        "acme",
    ]


def test_brands_written_as_hashtags():
    brands = [
        Brand(name="Acme", handles=["@acmecoffee"], keywords=["acme"]),
        Brand(name="Beta Beans", handles=["@betabeans"], keywords=["beta beans"]),
    ]
    data = mentions(
        [
            "Loving my morning #acme latte",  # 0 Acme
            "#ACME!",  # 1 Acme
            "#BetaBeans new roast is great",  # 2 Beta Beans (CamelCase)
            "#betabeans new roast",  # 3 Beta Beans: a hashtag cannot hold the space
            "#AcmeSucks",  # 4 Acme: CamelCase reads "Acme Sucks"
            "#acmesucks",  # 5 none: a hashtag that merely starts with the name is another word
            "#BetaBeansRocks and #acme",  # 6 both
            "https://acme.example/#betabeans",  # 7 Acme by its word; "/#betabeans" is no hashtag
        ]
    )
    matched, unmatched = match_brands(data, brands)
    assert list(zip(matched["mention_id"], matched["brand"], strict=True)) == [
        ("0", "Acme"),
        ("1", "Acme"),
        ("2", "Beta Beans"),
        ("3", "Beta Beans"),
        ("4", "Acme"),
        ("6", "Acme"),
        ("6", "Beta Beans"),
        ("7", "Acme"),
    ]
    assert unmatched.tolist() == [False] * 5 + [True, False, False]
