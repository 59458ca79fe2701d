"""Preparing social text for matching, sentiment and language detection.

The mentions table keeps each text exactly as written; these functions make the copies that are
matched, scored or language-detected:

- :func:`split_hashtags` reads a hashtag as its words: ``#LoveIt`` → "Love It", ``#fail`` →
  "fail", ``#Top10Tips`` → "Top 10 Tips", ``#love_it`` → "love it". A hashtag written all in
  lower case (``#loveit``) stays one word: without a dictionary its words cannot be told apart.
- :func:`term_pattern` finds brand terms (names, handles, keywords) as whole words, case- and
  accent-insensitive, and also as a hashtag spelling the term without its spaces (``#betabeans``
  or ``#BetaBeans`` for "Beta Beans"). A hashtag that merely starts with a term is another word
  (``#acmesucks`` does not name Acme), but CamelCase marks the words (``#AcmeSucks`` is
  "Acme Sucks" once split, and names Acme).
- :func:`mask_for_sentiment` replaces URLs, @handles and the tracked brands' terms by a neutral
  placeholder, so that VADER (Hutto & Gilbert 2014) does not read a brand's name as a sentiment
  word: "united" and "sunny" are in its lexicon (+1.8 each), so "@united" or "@sunny" would
  make the same complaint milder for one brand than for another.
- :func:`strip_for_language` drops URLs and @handles, which are not words of any language.

All functions take a Series of str (any index) and return one aligned to it; missing stays
missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

# A lone "_" is neither in VADER's lexicon nor one of its boosters, negations or idioms, and
# (being punctuation) is not an ALL-CAPS word, so it scores 0 and changes no rule. VADER splits
# on whitespace only, so it is padded with spaces: "bad,@x,awful" must not glue into one token.
PLACEHOLDER = "_"
_MASK = f" {PLACEHOLDER} "

# http(s):// or www. up to whitespace; trailing punctuation ends the sentence, not the URL
_URL = r"(?i:https?://|www\.)\S*[^\s.,;:!?)\]}'\"’”]"
# an @handle is not part of an e-mail address (bob@acme.com) or another handle; it may hold
# dots (Instagram, TikTok: @acme.coffee), but not end in one ("@acme. Great" ends at "acme")
_HANDLE = r"(?<![\w@])@\w+(?:\.\w+)*"
# a hashtag is not part of a word, an HTML entity (&#39;) or a URL (/#top); its body is
# letters, digits and _
_HASHTAG = r"(?<![\w&/])#(\w+)"
_COMBINING = r"[\u0300-\u036f]"


def fold_text(texts: pd.Series) -> pd.Series:
    """Lower-case and strip accents (NFKD without combining marks), for matching only.

    Missing texts become ``""``.
    """
    decomposed = texts.fillna("").astype(str).str.casefold().str.normalize("NFKD")
    return decomposed.str.replace(_COMBINING, "", regex=True)


def _each_present(texts: pd.Series, prepare) -> pd.Series:
    """``prepare`` applied to the present texts as str; missing stays missing, index kept."""
    plain = texts.reset_index(drop=True)  # positions, so a repeated index label is no problem
    present = plain.dropna().astype(str)
    return prepare(present).reindex(plain.index).set_axis(texts.index)


def _hashtag_words(match: re.Match) -> str:
    """The words of one hashtag body: split at _, lower→Upper, ACRonym→Word and letter↔digit."""
    body = match.group(1).replace("_", " ")
    out = []
    for i, ch in enumerate(body):
        prev = body[i - 1] if i else ""
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if (
            prev.isalnum()
            and ch.isalnum()
            and (
                (prev.islower() and ch.isupper())
                or (prev.isupper() and ch.isupper() and nxt.islower())
                or prev.isdigit() != ch.isdigit()
            )
        ):
            out.append(" ")
        out.append(ch)
    return " ".join("".join(out).split())


def split_hashtags(texts: pd.Series) -> pd.Series:
    """Read each hashtag as its words; everything else is kept as it is.

    ``#LoveIt`` → "Love It", ``#NYCMarathon`` → "NYC Marathon", ``#Top10Tips`` → "Top 10 Tips",
    ``#love_it`` → "love it", ``#fail`` → "fail", ``#loveit`` → "loveit" (no case, no split).

    Parameters
    ----------
    texts
        Texts (any index; the result is aligned to it, missing stays missing).
    """
    return _each_present(texts, _split_present)


def _split_present(present: pd.Series) -> pd.Series:
    tagged = present.str.contains("#", regex=False)  # the word splitting runs in Python: skip
    split = present[tagged].str.replace(_HASHTAG, _hashtag_words, regex=True)
    return pd.concat([present[~tagged], split]).reindex(present.index)


def _accent_variants() -> dict[str, str]:
    """Base letter → the Latin letters that fold to it ("e" → "èéêëēĕėęě...")."""
    variants: dict[str, str] = {}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch.casefold())
        base = re.sub(_COMBINING, "", base)
        if len(base) == 1 and base != ch.casefold():
            variants[base] = variants.get(base, "") + ch
    return variants


_VARIANTS = _accent_variants()


def _letter(ch: str) -> str:
    return f"[{re.escape(ch + _VARIANTS[ch])}]" if ch in _VARIANTS else re.escape(ch)


def _spell(folded: str) -> str:
    """A regex for a folded term: any accent on each letter; runs of spaces as any whitespace."""
    return r"\s+".join("".join(map(_letter, word)) for word in folded.split())


def term_pattern(terms: Iterable[str]) -> str:
    """A regex that finds any of ``terms`` in a text, case- and accent-insensitive.

    A term is found as a whole word (not inside a longer word, an e-mail address, a handle or a
    hashtag: ``acme`` is not found in ``acmes``, ``bob@acme.com`` or ``#acmesucks``), with any
    whitespace between its words, and, unless it is an @handle, as a hashtag spelling it without
    spaces or punctuation (``#BetaBeans``, ``#betabeans`` for "Beta Beans"; ``#BrewsterCo`` for
    "Brewster & Co"). Run it on :func:`split_hashtags` output too, to find terms inside CamelCase
    hashtags (``#AcmeSucks`` → "Acme Sucks").

    Parameters
    ----------
    terms
        Brand names, handles (``@name``) and keywords, as written in client.yaml; regex
        metacharacters are taken literally.

    Returns
    -------
    str
        A pattern with the case-insensitive flag inline; it matches nothing when no term is given.
        Longer terms come first, so "Sunny Mobile" is found whole rather than as "Sunny".
    """
    folded = fold_text(pd.Series([t for t in terms if t and t.strip()], dtype="str"))
    unique = sorted(set(folded), key=lambda t: (-len(t), t))
    words = [_spell(t) for t in unique]
    tags = {re.sub(r"[\W_]", "", t) for t in unique if not t.startswith("@")} - {""}
    parts = []
    if tags:
        spelled = "|".join(_spell(t) for t in sorted(tags, key=lambda t: (-len(t), t)))
        parts.append(rf"(?<![\w&/])#(?:{spelled})(?!\w)")  # as _HASHTAG
    if words:
        parts.append(rf"(?<![\w@#])(?:{'|'.join(words)})(?!\w)")
    return "(?i)" + "|".join(parts) if parts else "(?!)"


def _collapse_spaces(texts: pd.Series) -> pd.Series:
    return texts.str.replace(r"\s+", " ", regex=True).str.strip()


def mask_for_sentiment(texts: pd.Series, *, terms: Iterable[str] = ()) -> pd.Series:
    """The text VADER scores: URLs, @handles and brand terms masked, hashtags read as words.

    Each URL, @handle and occurrence of a term (see :func:`term_pattern`, also in its hashtag
    and CamelCase-hashtag forms) becomes one :data:`PLACEHOLDER` token, which VADER scores 0;
    the same complaint addressed to two brands becomes the same text. Other hashtags are read as
    their words (:func:`split_hashtags`); runs of whitespace become one space. Texts are
    NFC-normalised first, so a decomposed accent matches its term.

    Parameters
    ----------
    texts
        Mention texts (any index; the result is aligned to it, missing stays missing).
    terms
        The tracked brands' names, handles and keywords (:func:`ronr.brands.brand_terms`).
    """
    pattern = term_pattern(terms)

    def mask(present: pd.Series) -> pd.Series:
        masked = present.str.normalize("NFC").str.replace(_URL, _MASK, regex=True)
        masked = masked.str.replace(pattern, _MASK, regex=True)
        masked = masked.str.replace(_HANDLE, _MASK, regex=True)
        masked = _split_present(masked).str.replace(pattern, _MASK, regex=True)
        return _collapse_spaces(masked)

    return _each_present(texts, mask)


def strip_for_language(texts: pd.Series) -> pd.Series:
    """The text whose language is detected: URLs and @handles dropped, hashtags read as words.

    Parameters
    ----------
    texts
        Mention texts (any index; the result is aligned to it, missing stays missing).
    """

    def strip(present: pd.Series) -> pd.Series:
        stripped = present.str.replace(_URL, " ", regex=True).str.replace(_HANDLE, " ", regex=True)
        return _collapse_spaces(_split_present(stripped))

    return _each_present(texts, strip)
