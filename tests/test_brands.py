import pandas as pd

from ronr.brands import fold_text, match_brands
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


def test_fold_text_ignores_case_and_accents():
    assert fold_text(pd.Series(["CAFÉ Noir", "Ça va", None])).tolist() == ["cafe noir", "ca va", ""]


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
