"""The names a client reads for ronr's keys: channels and languages.

Tables keep the keys (``tiktok``, ``de``); a report writes these names in their place, through
:mod:`ronr.formats` (tables), :mod:`ronr.plots` (charts) and the sentences of the cover.
"""

from __future__ import annotations

import functools
import re

CHANNEL_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "x": "X",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "other": "Other channels",
}
UNKNOWN_LANGUAGE = "Unknown language"


def channel_name(channel) -> str:
    """The channel's proper name: ``tiktok`` → ``TikTok``, ``x`` → ``X``.

    A key ronr does not know is written as given (it came from the client's own config).
    """
    text = str(channel)
    return CHANNEL_NAMES.get(text.strip().lower(), text)


def channel_names(channels) -> str:
    """Several channels in one phrase: ``["facebook", "x"]`` → ``Facebook, X``."""
    if isinstance(channels, str):
        channels = [c for c in re.split(r"\s*,\s*", channels) if c]
    return ", ".join(channel_name(c) for c in channels)


@functools.cache
def language_name(code) -> str:
    """The English name of an ISO 639 language code: ``de`` → ``German``, ``el`` → ``Greek``.

    Source: ISO 639 through ``pycountry``; the qualifier of a historical name is dropped
    ("Modern Greek (1453-)" → "Greek"). A missing code is "Unknown language"; text that is
    not a code (a note such as "(no text)") is written as given.
    """
    import pycountry

    text = str(code or "").strip().lower()
    if not text:
        return UNKNOWN_LANGUAGE
    found = None
    if len(text) == 2:
        found = pycountry.languages.get(alpha_2=text)
    elif len(text) == 3:
        found = pycountry.languages.get(alpha_3=text)
    if found is None:
        return str(code).strip()
    name = getattr(found, "common_name", None) or found.name
    name = re.sub(r"\s*\(.*\)$", "", name)
    return re.sub(r"^Modern ", "", name)


def dimension_name(key) -> str:
    """A target-market dimension (or several, comma-separated) as words: ``job_function`` →
    ``job function``. A count of dimensions (a number) is written as a number."""
    if isinstance(key, str):
        return key.replace("_", " ")
    return f"{key:,}"


def post_type_name(post_type) -> str:
    """A post type as a client reads it: ``reel`` → ``Reel``, ``carousel`` → ``Carousel``."""
    text = str(post_type)
    return text[:1].upper() + text[1:]
