"""Seeded synthetic demo clients with planted, findable signals.

Three demo clients are generated from code, never downloaded: the same ``seed`` and ``scale``
give byte-identical files. Each client gets ``data/clients/<name>/client.yaml`` and the five
exports ``exports/{posts,mentions,responses,audience,followers}.csv`` in the generic canonical
CSV format (the canonical columns of :mod:`ronr.schema` without ``source_file``/``source_row``
and without the derived mention columns; UTC timestamps like ``2025-03-04T10:15:00Z``; an empty
cell where a count is missing, which is not 0). The period is 2025-01-01 to 2025-12-31.

=================  ===================================  =======================================
client             brand, competitors                   channels (effort share)
=================  ===================================  =======================================
``demo-coffee``    Northbean (coffee chain, GBP);       facebook 32%, instagram 38%, x 22%,
                   Daily Grind, Brewster & Co,          tiktok 8%
                   Kaffa House
``demo-software``  Ledgerly (B2B accounting, EUR);      linkedin 8%, x 25%, facebook 29%,
                   Tallybook, Sumwise                   youtube 38%
``demo-fashion``   Maison Verte (fashion label, EUR);   instagram 46%, facebook 8%, tiktok 31%,
                   Atelier Nord, Lune & Lin,            youtube 15%
                   Kova Studio
=================  ===================================  =======================================

Rows of ``mentions.csv`` at scale 1 (all tracked brands; the client's in brackets): coffee
103,534 (41,534), software 24,955 (11,515), fashion 35,485 (15,085); see
:meth:`DemoSpec.mention_counts`, which gives the exact count at any scale. ``scale`` multiplies
mentions, responses and posts, but the client keeps at least 3 posts per channel per month and
each super-fan at least 20 mentions, so every signal stays findable at ``scale=0.03``.

Planted signals
---------------
Every signal is recorded in :attr:`DemoSpec.signals` (a :class:`Signals`), so tests and the
walkthrough read them from the spec rather than from names typed twice.

1. **Under-served channel** (``signals.underserved_channel``): its audience matches the target
   market best in every dimension (highest audience fit, 1 − total variation distance) while its
   effort share is below 10%. coffee: ``tiktok``; software: ``linkedin``; fashion: ``facebook``.
2. **Hashtags underperform on Facebook** (``hashtag_channel``, ``hashtag_share``,
   ``hashtag_penalty``): ≈ 40% of the client's Facebook posts carry hashtags and their
   engagements per reach are 40% lower than those of posts without (competitors' too, at a
   lower hashtag share). The share is exact within each post type, so the hashtag and post-type
   signals do not blur each other. Hashtags elsewhere carry no penalty.
3. **Slow responses at weekends** (``weekday_response_hours``, ``weekend_response_hours``):
   of the client's mentions that need an answer (questions and negative mentions; not shares)
   ``response_rate`` (80%, exactly, chosen at random) get one reply from the client's first
   handle, on the mention's channel; replies to late-December mentions may fall in January
   2026. In business hours
   (Mon–Fri 09:00–17:30, client time zone) the median delay is 1.5 h; mentions made on
   Saturday/Sunday (and Friday after closing) wait a median 20 h; other weekday mentions wait
   for the next opening plus ≈ 45 min.
4. **Negative spike around one incident** (``signals.incident``, an :class:`Incident`): for
   ``days`` days from ``start`` (UTC) the client's mentions are ≈ 9.1×, 8.6×, 7.7× and 6.6×
   (software, 3 days: 8.8×, 7.9×, 7.3×) their usual daily volume; 85% of the extra mentions are
   negative statements about the theme, the rest questions about it (≈ 80% of all the client's
   mentions in the window are negative), and they use a ``keyword`` that appears elsewhere only
   in a few aftermath mentions of the client (2% of the burst, in the two months after).
   coffee: "cold brew recall", 2025-06-12 to 2025-06-15, keyword ``recall``;
   software: "bank-sync outage", 2025-03-18 to 2025-03-20, keyword ``outage``;
   fashion: "dye bleeding", 2025-10-07 to 2025-10-10, keyword ``dye``. The client's followers
   also dip by 0.4% on each channel on the first day.
5. **Super-fans** (``signals.superfans``): 8 handles that each mention the client
   ``superfan_count(scale)`` times (coffee 60, software 36, fashion 45 at scale 1; never fewer
   than 20), spread over the whole year, 85% positive, half of them shares. coffee:
   @latte_lena @beanqueen_sam @morningbrew_mo @flatwhite_fi @ravi_roasts @cuppa_clara
   @java_jonas @espresso_eli; software: @cfo_priya @books_by_ben @ap_anna @taxtime_tom
   @ledger_lu @closing_carlos @vat_vera @smb_sofia; fashion: @slowstyle_sara
   @thrift_and_thread @vera_wears @linen_lover @ecochic_emma @wardrobe_wim @green_gabi
   @capsule_chloe. No other author comes close to their counts.
6. **One post type resonates** (``resonant_post_type``, ``resonant_lift``): its engagements
   per reach (also per impressions, with or without saves and clicks) are 2× those of other
   types on the same channel. coffee: ``reel`` (instagram); software: ``video`` (linkedin, x,
   facebook; youtube has only videos); fashion: ``carousel`` (instagram).
7. **Hostile mention** (``hostile_mention_id`` = ``escape-check-1``, ``hostile_text``): one
   negative Facebook review of the client whose text starts with ``<script>alert(1)</script>``
   (coffee: ``<script>alert(1)</script> worst latte ever, awful and rude staff``). It is kept on
   purpose: every report must show it escaped, never executed. It is dated
   2025-09-03 18:xx UTC, by ``@not_a_script``.

Besides the signals the data has a weekly seasonality and a daytime pattern, a slow growth
over the year, a long tail of thousands of authors with heavy-tailed follower counts, 12–14%
questions (ending with "?"), complaints among the negative mentions, and a few dozen mentions
in Spanish, French and German (``DemoSpec.foreign``) for language work. Competitors' posts have
no impressions, reach, saves or clicks (private numbers) and no ``paid`` flag; their public
counts are there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .errors import RonrError
from .schema import DERIVED_COLUMNS, MENTION_KINDS, PROVENANCE_COLUMNS, TABLES

__all__ = [
    "DEMO_CLIENTS",
    "DEMO_SPECS",
    "EXPORT_COLUMNS",
    "DemoBrand",
    "DemoSpec",
    "Incident",
    "Signals",
    "ensure_demo_client",
    "generate_client",
    "generate_demo",
]

DEMO_CLIENTS: tuple[str, ...] = ("demo-coffee", "demo-software", "demo-fashion")

PERIOD_START = dt.date(2025, 1, 1)
PERIOD_END = dt.date(2025, 12, 31)
BUSINESS_DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
BUSINESS_START = dt.time(9, 0)
BUSINESS_END = dt.time(17, 30)

_NOT_EXPORTED = PROVENANCE_COLUMNS | DERIVED_COLUMNS
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(col for col in schema.columns if col not in _NOT_EXPORTED)
    for name, schema in TABLES.items()
}
"""The header of each export file: canonical columns without provenance and derived columns."""

TONES: tuple[str, ...] = ("positive", "neutral", "negative", "question", "complaint")
"""Tones of generated mention texts; ``question`` is neutral, ``complaint`` a negative question."""
_POS, _NEU, _NEG, _QUE, _COMPLAINT = range(5)
_NEEDS_ANSWER = (_NEG, _QUE, _COMPLAINT)

_KIND_WEIGHTS = (0.40, 0.30, 0.08, 0.07, 0.15)  # in the order of schema.MENTION_KINDS

POST_TYPES: dict[str, dict[str, float]] = {
    "facebook": {"photo": 0.45, "video": 0.2, "link": 0.25, "status": 0.1},
    "instagram": {"photo": 0.35, "carousel": 0.25, "reel": 0.4},
    "x": {"status": 0.45, "photo": 0.25, "video": 0.15, "link": 0.15},
    "tiktok": {"video": 1.0},
    "linkedin": {"status": 0.25, "photo": 0.25, "link": 0.2, "video": 0.15, "document": 0.15},
    "youtube": {"video": 1.0},
}
"""Channel-appropriate post types and how often the client uses each."""
_VIDEO_TYPES = ("video", "reel")

# Per channel: reach per follower, engagements per reach, split of engagements into
# likes/comments/shares, share of posts with hashtags (client; competitors on facebook: 15%).
_REACH_RATE = {
    "facebook": 0.09,
    "instagram": 0.22,
    "x": 0.12,
    "tiktok": 0.9,
    "linkedin": 0.2,
    "youtube": 0.35,
}
_ENGAGEMENT_RATE = {
    "facebook": 0.035,
    "instagram": 0.045,
    "x": 0.018,
    "tiktok": 0.06,
    "linkedin": 0.03,
    "youtube": 0.04,
}
_ENGAGEMENT_SPLIT = {
    "facebook": (0.78, 0.13, 0.09),
    "instagram": (0.88, 0.09, 0.03),
    "x": (0.68, 0.10, 0.22),
    "tiktok": (0.85, 0.07, 0.08),
    "linkedin": (0.76, 0.14, 0.10),
    "youtube": (0.86, 0.10, 0.04),
}
_HASHTAG_SHARE = {"instagram": 0.75, "tiktok": 0.7, "x": 0.3, "linkedin": 0.5, "youtube": 0.2}
_CHANNELS_WITH_SAVES = ("instagram", "tiktok")

AGE_BUCKETS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDER_BUCKETS = ("female", "male", "other")
_PLATFORM_AGE = {
    "facebook": (0.01, 0.08, 0.21, 0.22, 0.20, 0.16, 0.12),
    "instagram": (0.05, 0.31, 0.33, 0.17, 0.08, 0.04, 0.02),
    "x": (0.02, 0.22, 0.34, 0.21, 0.12, 0.06, 0.03),
    "tiktok": (0.12, 0.38, 0.27, 0.12, 0.07, 0.03, 0.01),
    "linkedin": (0.0, 0.12, 0.40, 0.24, 0.14, 0.08, 0.02),
    "youtube": (0.06, 0.22, 0.27, 0.19, 0.13, 0.09, 0.04),
}
_PLATFORM_GENDER = {
    "facebook": (0.55, 0.43, 0.02),
    "instagram": (0.56, 0.42, 0.02),
    "x": (0.34, 0.64, 0.02),
    "tiktok": (0.60, 0.38, 0.02),
    "linkedin": (0.43, 0.56, 0.01),
    "youtube": (0.42, 0.57, 0.01),
}
# How international a channel's following is (mixes the home-heavy target with a uniform spread).
_PLATFORM_INTERNATIONAL = {
    "facebook": 0.3,
    "instagram": 0.5,
    "x": 0.7,
    "tiktok": 0.45,
    "linkedin": 0.4,
    "youtube": 0.75,
}
JOB_FUNCTIONS = ("finance", "accounting", "operations", "entrepreneurship", "it", "sales", "other")
SENIORITY = ("entry", "senior", "manager", "director", "vp", "cxo", "owner")
_PLATFORM_JOB = {
    "linkedin": (0.24, 0.22, 0.12, 0.16, 0.10, 0.10, 0.06),
    "general": (0.07, 0.05, 0.14, 0.12, 0.22, 0.18, 0.22),
}
_PLATFORM_SENIORITY = {
    "linkedin": (0.14, 0.20, 0.20, 0.14, 0.07, 0.10, 0.15),
    "general": (0.38, 0.27, 0.16, 0.07, 0.03, 0.03, 0.06),
}

# Mention hour-of-day profiles (UTC ≈ local time for the demo clients).
_HOURS_CONSUMER = (0.9, 0.5, 0.3, 0.2, 0.2, 0.4, 1.0, 2.4, 3.6, 3.5, 3.2, 3.6)
_HOURS_CONSUMER += (4.4, 4.0, 3.4, 3.2, 3.4, 3.8, 4.2, 4.6, 4.4, 3.8, 2.6, 1.6)
_HOURS_OFFICE = (0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 2.4, 4.6, 5.2, 5.0, 4.8)
_HOURS_OFFICE += (4.0, 4.6, 4.8, 4.6, 4.0, 3.0, 1.8, 1.4, 1.2, 1.0, 0.7, 0.4)
_HOURS_EVENING = (1.4, 0.8, 0.4, 0.2, 0.2, 0.3, 0.6, 1.4, 2.2, 2.4, 2.6, 3.0)
_HOURS_EVENING += (3.6, 3.4, 3.0, 3.0, 3.2, 3.8, 4.6, 5.4, 5.8, 5.4, 4.0, 2.4)
# Posting hours (local time) and their weights.
_POST_HOURS = dict(
    zip(range(7, 21), (1, 3, 2, 2, 2.5, 3, 2, 1.5, 1.5, 1.5, 2, 2.5, 2, 1), strict=True)
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(","))


_FIRST_NAMES = _words(
    "maria anna sofia laura emma lena julia sara clara nina olivia mia zoe chloe lucy amelia "
    "grace ella ruby isla ava leah hannah katie megan aisha priya fatima yasmin rosa elena "
    "ines carmen marta lucia paula eva ida freja noor james oliver jack harry george noah leo "
    "sam ben tom joe dan mike chris alex max luke adam ryan ollie finn kai omar ali ravi "
    "arjun mateo pablo diego luca marco hugo felix jonas lars pieter sven tariq kofi"
)
_SURNAMES = _words(
    "k smith jones brown taylor wilson evans thomas roberts walker wright green hall wood "
    "clarke hughes patel khan lee murphy kelly byrne ryan doyle mueller schmidt schulz weber "
    "garcia lopez martin bernard dubois rossi russo devries jansen nowak silva costa novak "
    "m j b t w r s d l p h c n o"
)
_HANDLE_WORDS = _words(
    "runs reads cooks writes travels eats sews codes plays draws bakes shoots climbs rides"
)


@dataclass(frozen=True)
class DemoBrand:
    """One tracked brand of a demo client: the client's own or a competitor.

    Attributes
    ----------
    name
        Display name, written as ``brand.name`` in client.yaml and as ``brand`` in the exports.
    handles, keywords
        Social handles and free-text words for the brand (the first handle replies).
    mention_share
        Share of the base mentions (without planted extras) that are about this brand.
    activity
        Posts per month and followers relative to the client's (the client has 1).
    tone
        Shares of positive, neutral, negative, question and complaint mentions.
    page_id
        Numeric page id used in Facebook post ids.
    """

    name: str
    handles: tuple[str, ...]
    keywords: tuple[str, ...]
    mention_share: float
    activity: float
    tone: tuple[float, float, float, float, float]
    page_id: int

    @property
    def references(self) -> tuple[str, ...]:
        """How people refer to the brand in a mention."""
        return (self.name, *self.handles, *self.keywords)


@dataclass(frozen=True)
class Incident:
    """A planted incident: a short burst of mostly negative mentions of the client.

    Attributes
    ----------
    start
        First day of the burst (UTC).
    days
        Length of the burst in days.
    theme
        What happened, in words.
    keyword
        A recognisable word used in the incident texts and (rarely) in aftermath mentions only.
    multiplier
        Mean client mentions per day in the burst, relative to a usual day.
    profile
        How the extra mentions are spread over the burst days (adds up to 1).
    negative_share
        Share of the extra mentions that are negative statements (the rest are questions).
    negative_texts, question_texts, aftermath_texts
        Templates with ``{brand}``.
    """

    start: dt.date
    days: int
    theme: str
    keyword: str
    multiplier: float
    profile: tuple[float, ...]
    negative_share: float
    negative_texts: tuple[str, ...]
    question_texts: tuple[str, ...]
    aftermath_texts: tuple[str, ...]

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """The burst days."""
        return tuple(self.start + dt.timedelta(days=i) for i in range(self.days))

    @property
    def end(self) -> dt.date:
        """The last burst day (inclusive)."""
        return self.dates[-1]


@dataclass(frozen=True)
class Signals:
    """The planted signals of one demo client (see the module docstring)."""

    underserved_channel: str
    hashtag_channel: str
    hashtag_share: float
    hashtag_penalty: float
    response_rate: float
    weekday_response_hours: float
    weekend_response_hours: float
    incident: Incident
    superfans: tuple[str, ...]
    superfan_mentions: int
    resonant_post_type: str
    resonant_lift: float
    hostile_mention_id: str
    hostile_text: str

    def superfan_count(self, scale: float = 1.0) -> int:
        """Mentions of the client by each super-fan at ``scale`` (never fewer than 20)."""
        return max(20, round(self.superfan_mentions * scale))


@dataclass(frozen=True)
class DemoSpec:
    """Everything that defines one demo client, including its planted signals.

    Attributes
    ----------
    name, display_name, industry
        Folder name, display name and a few words on the business.
    brand, competitors
        The tracked brands.
    channels
        The client's channels, in display order.
    effort
        Effort per channel (hours per week), as written to client.yaml.
    posts_per_month
        The client's posts per channel per month at scale 1.
    post_types
        Post type weights per channel.
    target_market
        Share of each bucket per dimension.
    audience
        Per channel, per dimension, the audience shares (quarterly snapshots drift around these).
    followers
        Per channel, followers on the first and the last day of the period.
    timezone, currency, response_target_hours
        As written to client.yaml.
    n_mentions
        Base mentions of all brands at scale 1 (planted extras come on top).
    channel_weights
        Share of mentions per channel.
    weekly
        Mention volume factor per weekday, Monday first.
    hours
        Mention volume weight per hour of the day (UTC).
    products, hashtags
        Words used in texts.
    texts
        Mention templates per tone (plus ``superfan``) and post templates (``post``), with
        ``{brand}`` and ``{product}``.
    foreign
        ``(language, tone, text)`` of mentions of the client in Spanish, French and German.
    money_values
        Money value of one action, in ``currency``.
    signals
        The planted signals.
    seed_offset
        Added to the seed, so each client has its own stable random stream.
    """

    name: str
    display_name: str
    industry: str
    brand: DemoBrand
    competitors: tuple[DemoBrand, ...]
    channels: tuple[str, ...]
    effort: dict[str, float]
    posts_per_month: dict[str, int]
    post_types: dict[str, dict[str, float]]
    target_market: dict[str, dict[str, float]]
    audience: dict[str, dict[str, dict[str, float]]]
    followers: dict[str, tuple[int, int]]
    timezone: str
    currency: str
    response_target_hours: float
    n_mentions: int
    channel_weights: dict[str, float]
    weekly: tuple[float, ...]
    hours: tuple[float, ...]
    products: tuple[str, ...]
    hashtags: tuple[str, ...]
    texts: dict[str, tuple[str, ...]]
    foreign: tuple[tuple[str, str, str], ...]
    money_values: dict[str, float]
    signals: Signals
    seed_offset: int

    @property
    def brands(self) -> tuple[DemoBrand, ...]:
        """The client's brand first, then the competitors."""
        return (self.brand, *self.competitors)

    def effort_shares(self) -> dict[str, float]:
        """Effort per channel as shares that add up to 1."""
        total = sum(self.effort.values())
        return {ch: v / total for ch, v in self.effort.items()}

    def mention_counts(self, scale: float = 1.0) -> dict[str, int]:
        """Rows of ``mentions.csv`` at ``scale``, exactly, by origin and in total.

        Keys: one per brand name (base mentions), ``superfans``, ``incident``, ``aftermath``,
        ``foreign``, ``hostile`` and ``total``.
        """
        base = {b.name: round(self.n_mentions * scale * b.mention_share) for b in self.brands}
        fans = len(self.signals.superfans) * self.signals.superfan_count(scale)
        usual = base[self.brand.name] + fans + len(self.foreign)  # the client's mentions a year
        incident = self.signals.incident
        extra = round((incident.multiplier - 1) * incident.days * usual / 365)
        counts = {
            **base,
            "superfans": fans,
            "incident": extra,
            "aftermath": max(1, round(0.02 * extra)),
            "foreign": len(self.foreign),
            "hostile": 1,
        }
        counts["total"] = sum(counts.values())
        return counts


# ---------------------------------------------------------------------------------------------
# The three demo clients
# ---------------------------------------------------------------------------------------------


def _normalise(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values / values.sum()


def _mix(target: dict[str, float], platform: tuple[float, ...], weight: float) -> dict[str, float]:
    """``(1 - weight) · target + weight · platform``, rounded to 4 decimals, adding up to 1."""
    mixed = (1 - weight) * np.array(list(target.values())) + weight * _normalise(platform)
    return _round_shares(dict(zip(target, mixed, strict=True)))


def _round_shares(shares: dict[str, float]) -> dict[str, float]:
    values = np.round(_normalise(np.array(list(shares.values()))), 4)
    values[int(np.argmax(values))] += round(1 - values.sum(), 4)
    return {k: round(float(v), 4) for k, v in zip(shares, values, strict=True)}


def _audiences(
    target: dict[str, dict[str, float]], channels: tuple[str, ...], underserved: str
) -> dict[str, dict[str, dict[str, float]]]:
    """Each channel's audience: the target mixed with the platform's typical demographics.

    The under-served channel is mixed in at 20%, the others at 65%, so its fit is the best.
    """
    audience: dict[str, dict[str, dict[str, float]]] = {}
    for ch in channels:
        weight = 0.2 if ch == underserved else 0.65
        kind = "linkedin" if ch == "linkedin" else "general"
        n_countries = len(target.get("country", {}))
        intl = _PLATFORM_INTERNATIONAL[ch]
        platforms = {
            "age": _PLATFORM_AGE[ch],
            "gender": _PLATFORM_GENDER[ch],
            "job_function": _PLATFORM_JOB[kind],
            "seniority": _PLATFORM_SENIORITY[kind],
        }
        if n_countries:
            home = np.array(list(target["country"].values()))
            platforms["country"] = tuple((1 - intl) * home + intl / n_countries)
        audience[ch] = {
            dim: _mix(buckets, platforms[dim], weight) for dim, buckets in target.items()
        }
    return audience


_GENERIC_QUESTIONS = (
    "Does {brand} have the {product} in stock this week?",
    "What time does {brand} open on Sundays?",
    "Is the {product} from {brand} available in Ireland?",
    "Can I order the {product} from {brand} online?",
    "Has anyone tried the {product} from {brand}?",
)
_GENERIC_COMPLAINTS = (
    "Why is the {product} from {brand} so bad lately?",
    "{brand} why is your customer service so terrible?",
    "Why did {brand} charge me twice for the {product}, is this a scam?",
    "{brand} why is my refund for the {product} still not here, this is awful?",
)


def _coffee_spec() -> DemoSpec:
    channels = ("facebook", "instagram", "x", "tiktok")
    target = {
        "age": dict(zip(AGE_BUCKETS, (0.08, 0.36, 0.30, 0.14, 0.07, 0.04, 0.01), strict=True)),
        "gender": dict(zip(GENDER_BUCKETS, (0.62, 0.36, 0.02), strict=True)),
        "country": {"GB": 0.86, "IE": 0.07, "US": 0.03, "other": 0.04},
    }
    incident = Incident(
        start=dt.date(2025, 6, 12),
        days=4,
        theme="cold brew recall",
        keyword="recall",
        multiplier=8.0,
        profile=(0.29, 0.27, 0.24, 0.20),
        negative_share=0.85,
        negative_texts=(
            "Just heard about the {brand} cold brew recall. Disgusting and scary",
            "{brand} recall: I drank that cold brew yesterday and feel sick. Awful",
            "Angry about the {brand} cold brew recall, terrible handling and no apology",
            "The {brand} cold brew recall is a disgrace, my kids drank it. Furious",
            "Bad week for {brand}: a cold brew recall and angry customers everywhere",
            "Contaminated cold brew and a recall, {brand}. Shocking and unacceptable",
            "Threw away my {brand} cold brew after the recall news. Horrible",
        ),
        question_texts=(
            "Is my {brand} cold brew affected by the recall?",
            "{brand} how do I get my money back for the recalled cold brew?",
            "Which {brand} stores are part of the cold brew recall?",
        ),
        aftermath_texts=(
            "The {brand} cold brew is back after the recall, tried it today",
            "Glad the {brand} recall is over, the new cold brew is great",
        ),
    )
    signals = Signals(
        underserved_channel="tiktok",
        hashtag_channel="facebook",
        hashtag_share=0.4,
        hashtag_penalty=0.4,
        response_rate=0.8,
        weekday_response_hours=1.5,
        weekend_response_hours=20.0,
        incident=incident,
        superfans=_phrases(
            "@latte_lena, @beanqueen_sam, @morningbrew_mo, @flatwhite_fi, @ravi_roasts, "
            "@cuppa_clara, @java_jonas, @espresso_eli"
        ),
        superfan_mentions=60,
        resonant_post_type="reel",
        resonant_lift=2.0,
        hostile_mention_id="escape-check-1",
        hostile_text="<script>alert(1)</script> worst latte ever, awful and rude staff",
    )
    consumer_tone = (0.45, 0.28, 0.15, 0.08, 0.04)
    return DemoSpec(
        name="demo-coffee",
        display_name="Northbean Coffee",
        industry="coffee chain",
        brand=DemoBrand(
            "Northbean",
            ("@northbean", "@northbeancoffee"),
            ("northbean", "North Bean"),
            0.38,
            1.0,
            consumer_tone,
            104738291650332,
        ),
        competitors=(
            DemoBrand(
                "Daily Grind",
                ("@dailygrind",),
                ("daily grind",),
                0.27,
                0.8,
                (0.40, 0.30, 0.18, 0.08, 0.04),
                100274839120554,
            ),
            DemoBrand(
                "Brewster & Co",
                ("@brewsterco",),
                ("brewster",),
                0.21,
                0.6,
                (0.48, 0.28, 0.13, 0.08, 0.03),
                101938475620011,
            ),
            DemoBrand(
                "Kaffa House",
                ("@kaffahouse",),
                ("kaffa",),
                0.14,
                0.5,
                (0.42, 0.30, 0.16, 0.08, 0.04),
                109283746510093,
            ),
        ),
        channels=channels,
        effort={"facebook": 12.0, "instagram": 14.0, "x": 8.0, "tiktok": 3.0},
        posts_per_month={"facebook": 14, "instagram": 18, "x": 24, "tiktok": 5},
        post_types={ch: POST_TYPES[ch] for ch in channels},
        target_market=target,
        audience=_audiences(target, channels, "tiktok"),
        followers={
            "facebook": (48200, 51900),
            "instagram": (61500, 77800),
            "x": (21400, 22600),
            "tiktok": (8900, 17400),
        },
        timezone="Europe/London",
        currency="GBP",
        response_target_hours=2.0,
        n_mentions=100_000,
        channel_weights={"facebook": 0.22, "instagram": 0.35, "x": 0.25, "tiktok": 0.18},
        weekly=(1.0, 1.0, 1.02, 1.04, 1.08, 0.94, 0.88),
        hours=_HOURS_CONSUMER,
        products=_phrases(
            "latte, flat white, cold brew, espresso, cappuccino, oat latte, mocha, chai latte, "
            "americano, croissant, banana bread, sausage roll"
        ),
        hashtags=("#coffee #morning", "#coffeetime", "#latteart #coffeelover", "#flatwhite"),
        texts={
            "positive": (
                "Love the {product} at {brand}, absolutely delicious",
                "Best {product} in town, thank you {brand}!",
                "Great service and a wonderful {product} at {brand} this morning",
                "Really enjoyed the {product} from {brand} today, so good",
                "Shoutout to the friendly staff at {brand}, lovely {product}",
                "{brand} has the nicest {product}, highly recommend",
                "The {product} at {brand} made my day. Perfect",
                "Happy with my {product} from {brand}, excellent as always",
            ),
            "neutral": (
                "Grabbing a {product} at {brand} before the meeting",
                "{brand} now has the {product} on the menu",
                "Trying the {product} at {brand} today",
                "At {brand} on Station Road with a {product}",
                "{brand} opens a store on the high street next week",
                "Ordered a {product} from {brand} for the office",
            ),
            "negative": (
                "Terrible {product} at {brand} today, burnt and cold",
                "Waited 25 minutes for a {product} at {brand}. Awful service",
                "{brand} got my order wrong again, really disappointed",
                "The {product} at {brand} was bad and overpriced",
                "Rude staff at {brand} and a horrible {product}",
                "The {brand} app keeps crashing when I pay, so annoying",
                "Dirty tables and a sad {product} at {brand}, not impressed",
            ),
            "question": (
                *_GENERIC_QUESTIONS,
                "Does {brand} do the {product} with oat milk?",
                "Is the {product} at {brand} decaf too?",
            ),
            "complaint": (
                *_GENERIC_COMPLAINTS,
                "Why is my {product} from {brand} always cold, so disappointing?",
                "{brand} why is the queue so slow every morning, seriously awful?",
            ),
            "superfan": (
                "Third {product} this week, {brand} you are the best",
                "My daily {brand} {product} never fails to make me happy",
                "Love love love the {product} at {brand}",
                "{brand} baristas are the friendliest, great {product} again",
            ),
            "post": (
                "Our {product} is back in every store this week",
                "Meet the baristas behind your morning {product}",
                "Three ways to enjoy a {product} at home",
                "New on the menu: {product}. Tell us what you think",
                "Your {product}, your way. Order ahead in the app",
                "Behind the scenes at our roastery",
                "A big thank you from all of us at {brand}",
                "Double stamps on every {product} until Sunday",
            ),
        },
        foreign=(
            ("es", "positive", "Me encanta el flat white de Northbean, el mejor de Londres"),
            ("es", "question", "¿Northbean tiene leche de avena en todas las tiendas?"),
            ("es", "negative", "El latte de Northbean estaba frío y el servicio fue muy lento"),
            ("es", "positive", "Probando el cold brew de Northbean, está buenísimo"),
            ("es", "neutral", "Hoy desayuno en Northbean con mis compañeros de trabajo"),
            ("fr", "positive", "J'adore le flat white de Northbean, vraiment délicieux"),
            ("fr", "question", "Est-ce que Northbean accepte les cartes étrangères ?"),
            ("fr", "negative", "Service très lent chez Northbean ce matin, café tiède et décevant"),
            ("fr", "neutral", "Petit café chez Northbean avant le train pour Paris"),
            ("de", "positive", "Der Cappuccino bei Northbean ist einfach großartig"),
            ("de", "question", "Hat Northbean am Sonntag geöffnet?"),
            (
                "de",
                "negative",
                "Leider war der Kaffee bei Northbean kalt und das Personal unfreundlich",
            ),
            ("de", "neutral", "Kurze Kaffeepause bei Northbean am Bahnhof"),
        )
        * 3,
        money_values={"share": 0.40, "comment": 0.15, "mention": 0.25, "follower": 1.10},
        signals=signals,
        seed_offset=101,
    )


def _software_spec() -> DemoSpec:
    channels = ("linkedin", "x", "facebook", "youtube")
    target = {
        "age": dict(zip(AGE_BUCKETS, (0.0, 0.05, 0.30, 0.30, 0.20, 0.12, 0.03), strict=True)),
        "gender": dict(zip(GENDER_BUCKETS, (0.47, 0.52, 0.01), strict=True)),
        "country": {"IE": 0.30, "GB": 0.35, "NL": 0.12, "DE": 0.10, "US": 0.05, "other": 0.08},
        "job_function": dict(
            zip(JOB_FUNCTIONS, (0.30, 0.30, 0.10, 0.20, 0.03, 0.02, 0.05), strict=True)
        ),
        "seniority": dict(zip(SENIORITY, (0.05, 0.12, 0.18, 0.20, 0.08, 0.15, 0.22), strict=True)),
    }
    incident = Incident(
        start=dt.date(2025, 3, 18),
        days=3,
        theme="bank-sync outage",
        keyword="outage",
        multiplier=8.0,
        profile=(0.37, 0.33, 0.30),
        negative_share=0.85,
        negative_texts=(
            "{brand} outage again, bank sync failed and my invoices are missing. Terrible",
            "Day two of the {brand} outage. Payroll is stuck and support is useless",
            "The {brand} data sync outage wiped my reconciliation. Furious",
            "Horrible {brand} outage in the middle of month-end close, awful timing",
            "This {brand} outage is a disaster for our finance team",
            "Still no fix for the {brand} outage, very disappointed",
            "Lost a whole day to the {brand} outage. Unacceptable",
        ),
        question_texts=(
            "Is the {brand} outage fixed yet?",
            "{brand} when will the bank sync outage be resolved?",
            "Are my transactions safe after the {brand} outage?",
        ),
        aftermath_texts=(
            "{brand} published the report on the March outage, good to see",
            "Bank sync works again after the {brand} outage, thanks team",
        ),
    )
    signals = Signals(
        underserved_channel="linkedin",
        hashtag_channel="facebook",
        hashtag_share=0.4,
        hashtag_penalty=0.4,
        response_rate=0.8,
        weekday_response_hours=1.5,
        weekend_response_hours=20.0,
        incident=incident,
        superfans=_phrases(
            "@cfo_priya, @books_by_ben, @ap_anna, @taxtime_tom, @ledger_lu, @closing_carlos, "
            "@vat_vera, @smb_sofia"
        ),
        superfan_mentions=36,
        resonant_post_type="video",
        resonant_lift=2.0,
        hostile_mention_id="escape-check-1",
        hostile_text="<script>alert(1)</script> worst invoicing app ever, awful and rude support",
    )
    return DemoSpec(
        name="demo-software",
        display_name="Ledgerly",
        industry="B2B accounting software",
        brand=DemoBrand(
            "Ledgerly",
            ("@ledgerly", "@ledgerlyhelp"),
            ("ledgerly",),
            0.44,
            1.0,
            (0.42, 0.30, 0.14, 0.10, 0.04),
            108374651029384,
        ),
        competitors=(
            DemoBrand(
                "Tallybook",
                ("@tallybook",),
                ("tallybook",),
                0.33,
                0.8,
                (0.40, 0.31, 0.15, 0.10, 0.04),
                102938475610293,
            ),
            DemoBrand(
                "Sumwise",
                ("@sumwise",),
                ("sumwise",),
                0.23,
                0.6,
                (0.44, 0.31, 0.12, 0.09, 0.04),
                107364518290011,
            ),
        ),
        channels=channels,
        effort={"linkedin": 2.0, "x": 6.0, "facebook": 7.0, "youtube": 9.0},
        posts_per_month={"linkedin": 6, "x": 20, "facebook": 12, "youtube": 5},
        post_types={ch: POST_TYPES[ch] for ch in channels},
        target_market=target,
        audience=_audiences(target, channels, "linkedin"),
        followers={
            "linkedin": (6400, 9800),
            "x": (11800, 12900),
            "facebook": (9300, 9900),
            "youtube": (4100, 5600),
        },
        timezone="Europe/Dublin",
        currency="EUR",
        response_target_hours=4.0,
        n_mentions=24_000,
        channel_weights={"linkedin": 0.30, "x": 0.35, "facebook": 0.20, "youtube": 0.15},
        weekly=(1.1, 1.12, 1.1, 1.08, 1.0, 0.55, 0.5),
        hours=_HOURS_OFFICE,
        products=_phrases(
            "invoicing, bank feed, VAT return, payroll, expense app, mobile app, month-end close, "
            "reconciliation, cash flow report, API, receipt scanner, multi-currency ledger"
        ),
        hashtags=("#accounting #smallbusiness", "#fintech", "#bookkeeping #tax", "#saas"),
        texts={
            "positive": (
                "Love the {product} in {brand}, saves me hours every week",
                "The {brand} {product} is brilliant, thank you",
                "Great support from {brand} today, {product} sorted in minutes",
                "{brand} made our {product} so easy, highly recommend",
                "Really happy with the new {product} in {brand}",
                "Switched to {brand} for {product} and it is excellent",
                "{brand} {product} is a lifesaver for a small business",
            ),
            "neutral": (
                "Setting up the {product} in {brand} this afternoon",
                "{brand} announced changes to the {product}",
                "Our firm moves the {product} to {brand} next quarter",
                "Reading the {brand} docs on {product}",
                "Webinar by {brand} about the {product} on Thursday",
            ),
            "negative": (
                "The {brand} {product} is broken again, so frustrating",
                "{brand} support took three days to answer about the {product}. Awful",
                "Terrible update to the {product} in {brand}, everything is slower",
                "The {brand} {product} failed before the deadline. Really disappointed",
                "{brand} price increase for the {product} is ridiculous",
                "Bad experience with the {brand} {product}, lost a day of work",
            ),
            "question": (
                "Does {brand} handle the {product} for Dutch companies?",
                "How do I export the {product} from {brand}?",
                "Can {brand} connect the {product} to our bank?",
                "Is there a {brand} {product} for accountants with many clients?",
                "When does {brand} ship the {product} update?",
            ),
            "complaint": (
                *_GENERIC_COMPLAINTS,
                "{brand} why does the {product} keep failing, this is terrible?",
            ),
            "superfan": (
                "{brand} {product} just saved my month-end again, love it",
                "Recommending {brand} to every client, the {product} is superb",
                "Another great {brand} release, the {product} is fantastic",
                "Happy {brand} user for years, best {product} out there",
            ),
            "post": (
                "How to close the month in two days with {product}",
                "Product update: a faster {product}",
                "Webinar: {product} tips for accountants",
                "Customer story: a bakery saves six hours a week on {product}",
                "Five VAT mistakes to avoid this quarter",
                "Release notes: {product} improvements",
                "Ask us anything about the {product}",
                "Guide: setting up {product} in ten minutes",
            ),
        },
        foreign=(
            (
                "de",
                "positive",
                "Ledgerly macht unsere Buchhaltung so viel einfacher, super Software",
            ),
            ("de", "question", "Unterstützt Ledgerly die deutsche Umsatzsteuervoranmeldung?"),
            (
                "de",
                "negative",
                "Die Bankanbindung von Ledgerly funktioniert seit Tagen nicht, ärgerlich",
            ),
            ("fr", "positive", "Ledgerly est vraiment pratique pour la facturation, je recommande"),
            ("fr", "question", "Est-ce que Ledgerly gère la TVA française ?"),
            ("fr", "negative", "Le support de Ledgerly ne répond jamais, très déçu"),
            ("es", "positive", "Ledgerly nos ahorra muchas horas con las facturas, excelente"),
            ("es", "question", "¿Ledgerly funciona con bancos españoles?"),
            (
                "es",
                "negative",
                "La app de Ledgerly falla cada vez que subo un recibo, qué desastre",
            ),
        )
        * 3,
        money_values={"share": 1.20, "comment": 0.50, "mention": 0.80, "follower": 4.00},
        signals=signals,
        seed_offset=202,
    )


def _fashion_spec() -> DemoSpec:
    channels = ("instagram", "facebook", "tiktok", "youtube")
    target = {
        "age": dict(zip(AGE_BUCKETS, (0.0, 0.05, 0.16, 0.30, 0.28, 0.15, 0.06), strict=True)),
        "gender": dict(zip(GENDER_BUCKETS, (0.82, 0.16, 0.02), strict=True)),
        "country": {"FR": 0.45, "BE": 0.12, "DE": 0.13, "GB": 0.12, "US": 0.08, "other": 0.10},
    }
    incident = Incident(
        start=dt.date(2025, 10, 7),
        days=4,
        theme="dye bleeding",
        keyword="dye",
        multiplier=8.0,
        profile=(0.29, 0.27, 0.24, 0.20),
        negative_share=0.85,
        negative_texts=(
            "My {brand} linen dress ruined my white sofa, the dye runs everywhere. Awful",
            "{brand} dye scandal: a ruined wash and stained sheets. So disappointed",
            "Paid a fortune for {brand} and the dye ran on the first wash. Terrible quality",
            "The {brand} plant dye is a joke, everything turned green. Disgusting",
            "Angry: the {brand} dye stained my skin and my sheets",
            "Shame on {brand}, dye bleeding jeans and zero apology",
            "Never buying {brand} again after this dye mess, horrible",
        ),
        question_texts=(
            "Is anyone else's {brand} dress bleeding dye in the wash?",
            "{brand} will you refund the items with the dye problem?",
            "Which {brand} colours have the dye issue?",
        ),
        aftermath_texts=(
            "{brand} fixed the dye issue, the new linen shirt washes fine",
            "Good to see {brand} explain the dye problem openly",
        ),
    )
    signals = Signals(
        underserved_channel="facebook",
        hashtag_channel="facebook",
        hashtag_share=0.4,
        hashtag_penalty=0.4,
        response_rate=0.8,
        weekday_response_hours=1.5,
        weekend_response_hours=20.0,
        incident=incident,
        superfans=_phrases(
            "@slowstyle_sara, @thrift_and_thread, @vera_wears, @linen_lover, @ecochic_emma, "
            "@wardrobe_wim, @green_gabi, @capsule_chloe"
        ),
        superfan_mentions=45,
        resonant_post_type="carousel",
        resonant_lift=2.0,
        hostile_mention_id="escape-check-1",
        hostile_text="<script>alert(1)</script> worst dress ever, awful and rude staff",
    )
    return DemoSpec(
        name="demo-fashion",
        display_name="Maison Verte",
        industry="fashion label",
        brand=DemoBrand(
            "Maison Verte",
            ("@maisonverte", "@maisonverte.paris"),
            ("maison verte",),
            0.40,
            1.0,
            (0.50, 0.26, 0.12, 0.09, 0.03),
            106473829100456,
        ),
        competitors=(
            DemoBrand(
                "Atelier Nord",
                ("@ateliernord",),
                ("atelier nord",),
                0.26,
                0.8,
                (0.46, 0.28, 0.14, 0.09, 0.03),
                103847562910034,
            ),
            DemoBrand(
                "Lune & Lin",
                ("@luneetlin",),
                ("lune et lin",),
                0.20,
                0.6,
                (0.48, 0.28, 0.13, 0.08, 0.03),
                105647382910067,
            ),
            DemoBrand(
                "Kova Studio",
                ("@kovastudio",),
                ("kova",),
                0.14,
                0.5,
                (0.44, 0.30, 0.15, 0.08, 0.03),
                109182736450021,
            ),
        ),
        channels=channels,
        effort={"instagram": 18.0, "facebook": 3.0, "tiktok": 12.0, "youtube": 6.0},
        posts_per_month={"instagram": 22, "facebook": 5, "tiktok": 14, "youtube": 3},
        post_types={ch: POST_TYPES[ch] for ch in channels},
        target_market=target,
        audience=_audiences(target, channels, "facebook"),
        followers={
            "instagram": (84300, 101800),
            "facebook": (23600, 24400),
            "tiktok": (31200, 52700),
            "youtube": (7600, 9100),
        },
        timezone="Europe/Paris",
        currency="EUR",
        response_target_hours=3.0,
        n_mentions=34_000,
        channel_weights={"instagram": 0.45, "facebook": 0.15, "tiktok": 0.30, "youtube": 0.10},
        weekly=(0.95, 0.95, 1.0, 1.0, 1.05, 1.1, 1.05),
        hours=_HOURS_EVENING,
        products=_phrases(
            "linen dress, wrap skirt, trench coat, organic cotton tee, wide-leg trousers, knit "
            "cardigan, silk scarf, denim jacket, sandals, tote bag, shirt dress, wool coat"
        ),
        hashtags=("#slowfashion #linen", "#ootd", "#sustainablefashion", "#style #paris"),
        texts={
            "positive": (
                "Love my {product} from {brand}, beautiful quality",
                "The {brand} {product} is gorgeous, perfect fit",
                "Thrilled with the new {product} from {brand}!",
                "{brand} customer service was lovely, happy with my {product}",
                "Wore my {brand} {product} all weekend, so comfortable and elegant",
                "{brand} makes the best {product}, worth every euro",
                "Great {product} from {brand}, highly recommend",
            ),
            "neutral": (
                "Trying on the {product} from {brand} today",
                "{brand} {product} arrived this morning",
                "{brand} opens a shop in Lyon next month",
                "Comparing the {product} from {brand} with the one I already own",
                "{brand} has the {product} in three colours now",
            ),
            "negative": (
                "My {brand} {product} fell apart after two washes. Terrible quality",
                "{brand} sizing is a mess, the {product} is way too small. Disappointed",
                "Waited three weeks for my {brand} {product}, awful delivery",
                "The {brand} {product} looks cheap and feels worse",
                "Returned the {product} to {brand} and still no refund, so annoying",
                "Overpriced and badly sewn, the {brand} {product} is a letdown",
            ),
            "question": (
                *_GENERIC_QUESTIONS,
                "Does the {brand} {product} run small?",
                "Will {brand} restock the {product} in size M?",
            ),
            "complaint": (
                *_GENERIC_COMPLAINTS,
                "{brand} why is the {product} shipping so slow, this is awful?",
            ),
            "superfan": (
                "Another {brand} {product} in my wardrobe, love this label",
                "{brand} never misses, the {product} is stunning",
                "Proud to wear {brand}, the {product} is beautiful",
                "My favourite brand {brand} did it again, gorgeous {product}",
            ),
            "post": (
                "Our new {product} in washed linen",
                "Made to last: the story of our {product}",
                "Styling one {product} three ways",
                "Behind the seams at our Porto atelier",
                "The {product} is back in stock",
                "Care guide: keep your {product} beautiful for years",
                "Autumn edit: the {product} and more",
                "Meet the makers of the {product}",
            ),
        },
        foreign=(
            ("fr", "positive", "J'adore ma robe en lin Maison Verte, la qualité est superbe"),
            ("fr", "question", "Est-ce que Maison Verte livre en Suisse ?"),
            ("fr", "negative", "Ma commande Maison Verte est arrivée abîmée, très déçue"),
            ("fr", "neutral", "Passage à la boutique Maison Verte du Marais cet après-midi"),
            ("es", "positive", "El vestido de Maison Verte es precioso, me encanta"),
            ("es", "question", "¿Maison Verte hace envíos a México?"),
            ("es", "negative", "La talla de Maison Verte es muy pequeña, qué decepción"),
            ("de", "positive", "Die Leinenhose von Maison Verte ist wunderschön und bequem"),
            ("de", "question", "Gibt es die Jacke von Maison Verte auch in Größe 40?"),
            (
                "de",
                "negative",
                "Der Mantel von Maison Verte ist nach zwei Wochen kaputt, enttäuschend",
            ),
        )
        * 3,
        money_values={"share": 0.60, "comment": 0.20, "mention": 0.35, "follower": 1.50},
        signals=signals,
        seed_offset=303,
    )


DEMO_SPECS: dict[str, DemoSpec] = {
    spec.name: spec for spec in (_coffee_spec(), _software_spec(), _fashion_spec())
}
"""The spec of each demo client, by folder name."""


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def _days() -> pd.DatetimeIndex:
    return pd.date_range(PERIOD_START, PERIOD_END, freq="D", tz="UTC")


def _text_pool(
    templates: tuple[str, ...], refs: tuple[str, ...], products: tuple[str, ...]
) -> np.ndarray:
    """Every template filled with every brand reference and product, duplicates dropped.

    A text that starts with a lower-case word (a keyword such as "northbean") is capitalised.
    """
    texts = [t.format(brand=r, product=p) for t in templates for r in refs for p in products]
    texts = [t[0].upper() + t[1:] if t[0].islower() else t for t in texts]
    return np.array(list(dict.fromkeys(texts)), dtype=object)


def _timestamps(days: np.ndarray, hours: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """UTC datetime64[s] from day offsets in the period, hours and random minutes/seconds."""
    start = np.datetime64(PERIOD_START, "s")
    seconds = rng.integers(0, 3600, size=len(days))
    offset = days.astype("int64") * 86400 + hours.astype("int64") * 3600 + seconds
    return start + offset.astype("timedelta64[s]")


def _iso(values: np.ndarray | pd.Series) -> np.ndarray:
    """``2025-03-04T10:15:00Z`` strings from UTC datetimes."""
    arr = np.asarray(pd.Series(values).dt.tz_localize(None) if _is_tz(values) else values)
    return np.char.add(np.datetime_as_string(arr.astype("datetime64[s]"), unit="s"), "Z")


def _is_tz(values: np.ndarray | pd.Series) -> bool:
    return isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype)


def _snowflakes(base: int, n: int, rng: np.random.Generator, gap: int = 10**9) -> np.ndarray:
    """``n`` increasing, unique, platform-like numeric ids starting above ``base``."""
    return base + np.cumsum(rng.integers(gap // 10, gap, size=n, dtype=np.int64))


def _youtube_ids(numbers: np.ndarray) -> np.ndarray:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    ids = []
    for number in numbers.tolist():
        value = (int(number) * 0x9E3779B97F4A7C15) % (64**11)
        ids.append("".join(alphabet[(value >> (6 * i)) & 63] for i in range(11)))
    return np.array(ids, dtype=object)


def _post_ids(channel: str, page_id: int, n: int, rng: np.random.Generator) -> np.ndarray:
    if channel == "facebook":
        return np.char.add(f"{page_id}_", _snowflakes(10**15, n, rng, 10**12).astype(str))
    if channel == "instagram":
        return _snowflakes(17_900_000_000_000_000, n, rng, 10**12).astype(str)
    if channel == "x":
        return _snowflakes(1_874_000_000_000_000_000, n, rng, 10**15).astype(str)
    if channel == "tiktok":
        return _snowflakes(7_455_000_000_000_000_000, n, rng, 10**15).astype(str)
    if channel == "linkedin":
        numbers = _snowflakes(7_280_000_000_000_000_000, n, rng, 10**15).astype(str)
        return np.char.add("urn:li:activity:", numbers)
    return _youtube_ids(_snowflakes(page_id, n, rng))


def _build_followers(spec: DemoSpec, rng: np.random.Generator) -> pd.DataFrame:
    days = _days()
    n = len(days)
    dip_day = (spec.signals.incident.start - PERIOD_START).days
    frames = []
    for ch in spec.channels:
        first, last = spec.followers[ch]
        mean_gain = (last - first) / (n - 1)
        gains = mean_gain * rng.lognormal(0, 0.5, n - 1) / np.exp(0.125)
        gains += rng.normal(0, 0.6 * abs(mean_gain) + 2, n - 1)
        gains[dip_day - 1] -= 0.004 * first
        counts = np.maximum(np.round(first + np.concatenate([[0], np.cumsum(gains)])), 0)
        frames.append(pd.DataFrame({"channel": ch, "date": days, "followers": counts}))
    followers = pd.concat(frames, ignore_index=True)
    followers["followers"] = followers["followers"].astype("int64")
    return followers


def _build_posts(
    spec: DemoSpec, followers: pd.DataFrame, rng: np.random.Generator, scale: float
) -> pd.DataFrame:
    """Posts of every brand on every channel of the client (signals 2 and 6)."""
    tz = spec.timezone
    sig = spec.signals
    months = pd.date_range(PERIOD_START, PERIOD_END, freq="MS")
    month_len = months.days_in_month.to_numpy()
    month_off = (months - pd.Timestamp(PERIOD_START)).days.to_numpy()
    hour_values = np.array(list(_POST_HOURS))
    hour_p = _normalise(np.array(list(_POST_HOURS.values())))
    own_followers = followers.set_index(["channel", "date"])["followers"]
    frames = []
    for brand in spec.brands:
        is_client = brand is spec.brand
        post_text = _text_pool(spec.texts["post"], (brand.name,), spec.products)
        for ch in spec.channels:
            base = spec.posts_per_month[ch] * brand.activity * scale
            per_month = max(3 if is_client else 2, round(base))
            n = per_month * len(months)
            day = np.repeat(month_off, per_month) + np.floor(
                rng.random(n) * np.repeat(month_len, per_month)
            ).astype(int)
            minute = rng.choice([0, 0, 15, 30, 30, 45], size=n) + rng.integers(0, 3, n)
            local = (
                pd.Timestamp(PERIOD_START)
                + pd.to_timedelta(day, unit="D")
                + pd.to_timedelta(rng.choice(hour_values, size=n, p=hour_p), unit="h")
                + pd.to_timedelta(minute, unit="m")
            )
            published = (
                pd.DatetimeIndex(local)
                .tz_localize(tz, nonexistent="shift_forward", ambiguous=False)
                .tz_convert("UTC")
            )
            order = np.argsort(published.asi8, kind="stable")
            published = published[order]
            # exact shares of each type, and of hashtags within each type on the hashtag
            # channel, so that the two planted signals stay apart even at small scales
            types = np.array(list(spec.post_types[ch]))
            type_counts = _allocate(n, tuple(spec.post_types[ch].values()))
            post_type = rng.permutation(np.repeat(types, type_counts))
            if ch == sig.hashtag_channel:
                tag_share = sig.hashtag_share if is_client else 0.15
                tagged = np.zeros(n, dtype=bool)
                for kind in types:
                    where = np.flatnonzero(post_type == kind)
                    tagged[rng.permutation(where)[: round(tag_share * len(where))]] = True
            else:
                tagged = rng.random(n) < _HASHTAG_SHARE.get(ch, 0.0)
            text = post_text[rng.integers(0, len(post_text), n)]
            tags = np.array(spec.hashtags, dtype=object)[rng.integers(0, len(spec.hashtags), n)]
            text = np.where(tagged, text + " " + tags, text)

            day_utc = published.normalize()
            if is_client:
                fol = own_followers.reindex(
                    pd.MultiIndex.from_arrays([np.full(n, ch), day_utc])
                ).to_numpy(dtype=float)
            else:
                first, last = spec.followers[ch]
                frac = (day_utc - pd.Timestamp(PERIOD_START, tz="UTC")).days.to_numpy() / 364
                fol = brand.activity * (first + (last - first) * frac) * 1.1
                fol = np.round(fol * (1 + rng.normal(0, 0.002, n)))
            fol = np.maximum(fol, 1)

            paid = rng.random(n) < 0.1
            reach = fol * _REACH_RATE[ch] * rng.lognormal(0, 0.3, n) * np.where(paid, 2.5, 1.0)
            reach = np.maximum(np.round(reach), 1)
            impressions = np.round(reach * rng.uniform(1.15, 1.6, n))
            lift = np.where(post_type == sig.resonant_post_type, sig.resonant_lift, 1.0)
            penalty = np.where(tagged & (ch == sig.hashtag_channel), 1 - sig.hashtag_penalty, 1.0)
            rate = _ENGAGEMENT_RATE[ch] * lift * penalty * rng.lognormal(0, 0.2, n)
            engagements = reach * rate
            split = np.array(_ENGAGEMENT_SPLIT[ch])
            noise = rng.lognormal(0, 0.15, (n, 3))
            parts = split * noise
            parts = parts / parts.sum(axis=1, keepdims=True)
            likes, comments, shares = np.round(engagements[:, None] * parts).T
            click_rate = np.where(post_type == "link", 0.25, 0.06)
            clicks = np.round(engagements * click_rate * rng.lognormal(0, 0.1, n))
            saves = np.round(engagements * 0.08 * rng.lognormal(0, 0.1, n))
            is_video = np.isin(post_type, _VIDEO_TYPES)
            views = np.round(reach * rng.uniform(0.6, 1.4, n))

            frame = pd.DataFrame(
                {
                    "brand": brand.name,
                    "channel": ch,
                    "post_id": _post_ids(ch, brand.page_id, n, rng),
                    "published_at": published,
                    "text": text,
                    "post_type": post_type,
                    "paid": np.where(paid, "true", "false") if is_client else "",
                    "impressions": pd.array(impressions, dtype="Int64"),
                    "reach": pd.array(reach, dtype="Int64"),
                    "likes": pd.array(likes, dtype="Int64"),
                    "comments": pd.array(comments, dtype="Int64"),
                    "shares": pd.array(shares, dtype="Int64"),
                    "saves": pd.array(saves, dtype="Int64"),
                    "clicks": pd.array(clicks, dtype="Int64"),
                    "video_views": pd.array(np.where(is_video, views, np.nan), dtype="Int64"),
                    "followers_at_post": pd.array(fol, dtype="Int64"),
                }
            )
            if ch not in _CHANNELS_WITH_SAVES:
                frame["saves"] = pd.NA
            if not is_client:  # private numbers: a competitor's export does not have them
                frame[["impressions", "reach", "saves", "clicks"]] = pd.NA
            frames.append(frame)
    posts = pd.concat(frames, ignore_index=True)
    for col in ("impressions", "reach", "saves", "clicks"):
        posts[col] = posts[col].astype("Int64")
    return posts.sort_values(["published_at", "brand", "channel"], kind="stable", ignore_index=True)


def _author_pool(
    n: int, exclude: set[str], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` unique handles like ``@maria_k`` and their heavy-tailed follower counts."""
    unique = pd.Series([], dtype=object)
    while len(unique) < n:  # short handles run out first; numbered ones never do
        candidates = pd.Series(_handles(2 * n + 100, rng), dtype=object)
        unique = pd.concat([unique, candidates], ignore_index=True).drop_duplicates()
        unique = unique[~unique.isin(exclude)]
    followers = np.round(rng.lognormal(5.3, 1.6, n))
    return unique.to_numpy(dtype=object)[:n], followers.astype("int64")


def _handles(m: int, rng: np.random.Generator) -> np.ndarray:
    first = np.array(_FIRST_NAMES, dtype=object)[rng.integers(0, len(_FIRST_NAMES), m)]
    last = np.array(_SURNAMES, dtype=object)[rng.integers(0, len(_SURNAMES), m)]
    word = np.array(_HANDLE_WORDS, dtype=object)[rng.integers(0, len(_HANDLE_WORDS), m)]
    number = pd.Series(rng.integers(1, 100, m)).astype(str).to_numpy(dtype=object)
    year = pd.Series(rng.integers(1960, 2008, m)).astype(str).to_numpy(dtype=object)
    pattern = rng.choice(5, size=m, p=[0.25, 0.2, 0.25, 0.2, 0.1])
    return np.select(
        [pattern == 0, pattern == 1, pattern == 2, pattern == 3],
        [
            "@" + first + "_" + pd.Series(last).str[0].to_numpy(dtype=object),
            "@" + first + "." + last,
            "@" + first + last + number,
            "@" + last + "_" + first + year,
        ],
        "@" + first + "_" + word,
    )


def _allocate(total: int, weights: tuple[float, ...]) -> np.ndarray:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainders)."""
    exact = total * _normalise(weights)
    parts = np.floor(exact).astype(int)
    parts[np.argsort(parts - exact, kind="stable")[: total - parts.sum()]] += 1
    return parts


def _exact_share(n: int, share: float, rng: np.random.Generator) -> np.ndarray:
    """``n`` flags of which exactly ``round(share * n)`` are true, in random order."""
    return rng.permutation(np.arange(n) < round(share * n))


def _daily_weights(spec: DemoSpec) -> np.ndarray:
    days = _days()
    position = np.arange(len(days)) / (len(days) - 1)
    trend = 0.9 + 0.2 * position + 0.05 * np.sin(2 * np.pi * position)
    return _normalise(np.array(spec.weekly)[days.day_of_week] * trend)


def _build_mentions(
    spec: DemoSpec, posts: pd.DataFrame, rng: np.random.Generator, scale: float
) -> tuple[pd.DataFrame, np.ndarray]:
    """The mentions table and, per row, whether it needs an answer from the client."""
    counts = spec.mention_counts(scale)
    sig = spec.signals
    incident = sig.incident
    n_days = len(_days())
    day_p = _daily_weights(spec)
    hour_p = _normalise(spec.hours)
    channels = np.array(spec.channels, dtype=object)
    channel_p = _normalise([spec.channel_weights[ch] for ch in spec.channels])

    n_authors = max(300, round(spec.n_mentions * scale / 1.8))
    brand_handles = {h for b in spec.brands for h in b.handles}
    authors, author_followers = _author_pool(n_authors, brand_handles | set(sig.superfans), rng)
    author_w = np.minimum(rng.lognormal(0, 0.8, n_authors), 4.0)
    author_p = _normalise(author_w)

    parts: list[dict[str, np.ndarray]] = []

    def add(brand: str, day, hour, channel, kind, tone, text, author, followers) -> None:
        n = len(day)
        values = {
            "brand": brand,
            "day": day,
            "hour": hour,
            "channel": channel,
            "kind": kind,
            "tone": tone,
            "text": text,
            "author": author,
            "author_followers": followers,
        }
        parts.append({k: np.broadcast_to(np.asarray(v), (n,)).copy() for k, v in values.items()})

    def regular(n: int) -> dict[str, np.ndarray]:
        who = rng.choice(n_authors, size=n, p=author_p)
        return {
            "hour": rng.choice(24, size=n, p=hour_p),
            "channel": channels[rng.choice(len(channels), size=n, p=channel_p)],
            "kind": np.array(MENTION_KINDS, dtype=object)[rng.choice(5, p=_KIND_WEIGHTS, size=n)],
            "author": authors[who],
            "followers": author_followers[who],
        }

    pools = {
        b.name: [_text_pool(spec.texts[tone], b.references, spec.products) for tone in TONES]
        for b in spec.brands
    }

    # 1. base mentions of every brand
    for b in spec.brands:
        n = counts[b.name]
        day = np.repeat(np.arange(n_days), rng.multinomial(n, day_p))
        tone = rng.choice(5, size=n, p=_normalise(b.tone))
        text = np.empty(n, dtype=object)
        for t in range(5):
            idx = np.flatnonzero(tone == t)
            text[idx] = pools[b.name][t][rng.integers(0, len(pools[b.name][t]), len(idx))]
        r = regular(n)
        add(
            b.name, day, r["hour"], r["channel"], r["kind"], tone, text, r["author"], r["followers"]
        )

    client = spec.brand
    refs = client.references

    # 2. super-fans: spread over the year, mostly positive, half shares
    per_fan = sig.superfan_count(scale)
    n = per_fan * len(sig.superfans)
    fan = np.repeat(np.arange(len(sig.superfans)), per_fan)
    favourite = rng.integers(0, len(channels), len(sig.superfans))[fan]
    channel = np.where(
        rng.random(n) < 0.7, channels[favourite], channels[rng.integers(0, len(channels), n)]
    )
    tone = np.where(rng.random(n) < 0.85, _POS, _NEU)
    fan_pool = _text_pool(spec.texts["superfan"] + spec.texts["positive"], refs, spec.products)
    neutral_pool = pools[client.name][_NEU]
    text = np.where(
        tone == _POS,
        fan_pool[rng.integers(0, len(fan_pool), n)],
        neutral_pool[rng.integers(0, len(neutral_pool), n)],
    )
    kind = np.array(["share", "mention", "comment"], dtype=object)[
        rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    ]
    fan_followers = np.round(rng.lognormal(7.2, 0.7, len(sig.superfans))).astype("int64")
    add(
        client.name,
        rng.integers(0, n_days, n),
        rng.choice(24, size=n, p=hour_p),
        channel,
        kind,
        tone,
        text,
        np.array(sig.superfans, dtype=object)[fan],
        fan_followers[fan],
    )

    # 3. the incident burst, and a few aftermath mentions that reuse its keyword
    n = counts["incident"]
    start = (incident.start - PERIOD_START).days
    day = start + np.repeat(np.arange(incident.days), _allocate(n, incident.profile))
    negative = _exact_share(n, incident.negative_share, rng)
    neg_pool = _text_pool(incident.negative_texts, refs, ("",))
    q_pool = _text_pool(incident.question_texts, refs, ("",))
    text = np.where(
        negative,
        neg_pool[rng.integers(0, len(neg_pool), n)],
        q_pool[rng.integers(0, len(q_pool), n)],
    )
    r = regular(n)
    kind = np.where(r["kind"] == "review", "mention", r["kind"])
    tone = np.where(negative, _NEG, _COMPLAINT)
    add(client.name, day, r["hour"], r["channel"], kind, tone, text, r["author"], r["followers"])

    n = counts["aftermath"]
    after_pool = _text_pool(incident.aftermath_texts, refs, ("",))
    day = np.minimum(start + incident.days + 7 + rng.integers(0, 60, n), n_days - 1)
    r = regular(n)
    text = after_pool[rng.integers(0, len(after_pool), n)]
    add(
        client.name,
        day,
        r["hour"],
        r["channel"],
        "mention",
        _POS,
        text,
        r["author"],
        r["followers"],
    )

    # 4. a few dozen mentions in Spanish, French and German
    n = counts["foreign"]
    r = regular(n)
    tone = np.array([TONES.index(t) for _, t, _ in spec.foreign])
    text = np.array([s for _, _, s in spec.foreign], dtype=object)
    day = rng.integers(0, n_days, n)
    add(
        client.name,
        day,
        r["hour"],
        r["channel"],
        "mention",
        tone,
        text,
        r["author"],
        r["followers"],
    )

    # 5. the hostile mention (escaping check)
    hostile_day = (dt.date(2025, 9, 3) - PERIOD_START).days
    hostile_channel = "facebook" if "facebook" in spec.channels else spec.channels[0]
    add(
        client.name,
        [hostile_day],
        [18],
        [hostile_channel],
        ["review"],
        [_NEG],
        [sig.hostile_text],
        ["@not_a_script"],
        [12],
    )

    data = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    n = len(data["day"])
    created = _timestamps(data["day"], data["hour"], rng)
    mentions = pd.DataFrame(
        {
            "channel": data["channel"],
            "created_at": created,
            "author": data["author"],
            "author_followers": data["author_followers"].astype("int64"),
            "text": data["text"],
            "brand": data["brand"],
            "kind": data["kind"],
            "tone": data["tone"].astype("int64"),
            "hostile": np.arange(n) == n - 1,
        }
    )
    # reviews only exist on facebook
    mentions.loc[(mentions["kind"] == "review") & (mentions["channel"] != "facebook"), "kind"] = (
        "mention"
    )
    mentions = mentions.sort_values(
        ["created_at", "brand", "author"], kind="stable", ignore_index=True
    )
    ids = _snowflakes(1_880_000_000_000_000_000, len(mentions), rng, 10**10).astype(str)
    ids = ids.astype(object)
    ids[mentions["hostile"].to_numpy()] = sig.hostile_mention_id
    mentions.insert(0, "mention_id", ids)
    mentions["in_reply_to"] = _link_to_posts(mentions, posts, rng)
    mentions["url"] = _mention_urls(mentions)
    # likes, replies and shares a mention received: grows with its author's audience; drawn
    # from a child stream so the other columns stay as they were
    followers = mentions["author_followers"].to_numpy(dtype=float)
    mentions["engagements"] = rng.spawn(1)[0].poisson(0.5 + 0.01 * followers**0.7)
    needs = (
        mentions["tone"].isin(_NEEDS_ANSWER).to_numpy() & (mentions["kind"] != "share").to_numpy()
    )
    needs &= (mentions["brand"] == client.name).to_numpy()
    mentions["created_at"] = pd.to_datetime(mentions["created_at"]).dt.tz_localize("UTC")
    return mentions.drop(columns=["tone", "hostile"]), needs


def _link_to_posts(
    mentions: pd.DataFrame, posts: pd.DataFrame, rng: np.random.Generator
) -> np.ndarray:
    """Comments and replies answer a recent post of their brand on their channel."""
    in_reply_to = np.full(len(mentions), None, dtype=object)
    is_comment = mentions["kind"].isin(["comment", "reply"]).to_numpy()
    created = mentions["created_at"].to_numpy().astype("datetime64[s]").astype("int64")
    lag = rng.geometric(0.5, size=len(mentions)) - 1
    for (brand, channel), group in posts.groupby(["brand", "channel"], sort=True):
        sel = np.flatnonzero(
            is_comment
            & (mentions["brand"] == brand).to_numpy()
            & (mentions["channel"] == channel).to_numpy()
        )
        if not len(sel):
            continue
        times = group["published_at"].dt.tz_localize(None).to_numpy().astype("datetime64[s]")
        idx = np.searchsorted(times.astype("int64"), created[sel], side="right") - 1
        idx = np.where(idx >= 0, np.maximum(idx - lag[sel], 0), -1)
        ids = group["post_id"].to_numpy(dtype=object)
        in_reply_to[sel] = np.where(idx >= 0, ids[np.maximum(idx, 0)], None)
    orphan = is_comment & pd.isna(in_reply_to)
    mentions.loc[orphan, "kind"] = "mention"
    return in_reply_to


def _mention_urls(mentions: pd.DataFrame) -> np.ndarray:
    ids = mentions["mention_id"].astype(str)
    user = mentions["author"].str.lstrip("@")
    ch = mentions["channel"]
    return np.select(
        [ch == "facebook", ch == "instagram", ch == "x", ch == "tiktok", ch == "linkedin"],
        [
            "https://www.facebook.com/permalink.php?story_fbid=" + ids,
            "https://www.instagram.com/p/" + ids + "/",
            "https://x.com/" + user + "/status/" + ids,
            "https://www.tiktok.com/@" + user + "/video/" + ids,
            "https://www.linkedin.com/feed/update/urn:li:activity:" + ids + "/",
        ],
        "https://www.youtube.com/post/" + ids,
    )


def _build_responses(
    spec: DemoSpec, mentions: pd.DataFrame, needs: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """The client's first replies, slow at weekends (see the module docstring, signal 3)."""
    sig = spec.signals
    answered = np.zeros(len(mentions), dtype=bool)
    answered[np.flatnonzero(needs)] = _exact_share(int(needs.sum()), sig.response_rate, rng)
    todo = mentions.loc[answered, ["mention_id", "channel", "created_at"]].reset_index(drop=True)
    n = len(todo)
    local = todo["created_at"].dt.tz_convert(spec.timezone)
    minutes = (local.dt.hour * 60 + local.dt.minute).to_numpy()
    weekday = local.dt.day_of_week.to_numpy()
    opens = BUSINESS_START.hour * 60 + BUSINESS_START.minute
    closes = BUSINESS_END.hour * 60 + BUSINESS_END.minute
    weekend = (weekday >= 5) | ((weekday == 4) & (minutes >= closes))
    in_hours = ~weekend & (minutes >= opens) & (minutes < closes)
    next_open = local.dt.normalize() + pd.to_timedelta(np.where(minutes >= closes, 1, 0), unit="D")
    next_open = next_open + pd.Timedelta(minutes=opens)
    wait_open = (next_open - local).dt.total_seconds().to_numpy() / 3600

    hours = np.where(
        weekend,
        rng.lognormal(np.log(sig.weekend_response_hours), 0.25, n),
        np.where(
            in_hours,
            np.clip(rng.lognormal(np.log(sig.weekday_response_hours), 0.5, n), 0.05, 8),
            wait_open + rng.lognormal(np.log(0.75), 0.5, n),
        ),
    )
    created = todo["created_at"] + pd.to_timedelta(np.round(hours * 3600), unit="s")
    responses = pd.DataFrame(
        {
            "mention_id": todo["mention_id"],
            "channel": todo["channel"],
            "created_at": created,
            "author": spec.brand.handles[0],
        }
    )
    responses = responses.sort_values(
        ["created_at", "mention_id"], kind="stable", ignore_index=True
    )
    ids = _snowflakes(1_890_000_000_000_000_000, n, rng, 10**10).astype(str)
    responses.insert(0, "response_id", ids)
    return responses


def _build_audience(spec: DemoSpec, rng: np.random.Generator) -> pd.DataFrame:
    quarter_ends = pd.date_range(PERIOD_START, PERIOD_END, freq="QE")
    rows = []
    for ch in spec.channels:
        for dim, buckets in spec.audience[ch].items():
            base = np.array(list(buckets.values()))
            for as_of in quarter_ends:
                drift = base * rng.lognormal(0, 0.01, len(base))
                shares = _round_shares(dict(zip(buckets, drift, strict=True)))
                rows.extend(
                    (ch, dim, bucket, share, as_of.strftime("%Y-%m-%d"))
                    for bucket, share in shares.items()
                )
    return pd.DataFrame(rows, columns=["channel", "dimension", "bucket", "share", "as_of"])


def _config(spec: DemoSpec, seed: int, scale: float) -> tuple[str, dict]:
    def brand(b: DemoBrand) -> dict:
        return {"name": b.name, "handles": list(b.handles), "keywords": list(b.keywords)}

    data = {
        "client": spec.name,
        "display_name": spec.display_name,
        "brand": brand(spec.brand),
        "competitors": [brand(b) for b in spec.competitors],
        "target_market": spec.target_market,
        "effort": spec.effort,
        "responses": {"target_hours": spec.response_target_hours},
        "business_hours": {
            "timezone": spec.timezone,
            "days": list(BUSINESS_DAYS),
            "start": BUSINESS_START.strftime("%H:%M"),
            "end": BUSINESS_END.strftime("%H:%M"),
        },
        "period": {"start": PERIOD_START.isoformat(), "end": PERIOD_END.isoformat()},
        "money_values": spec.money_values,
        "currency": spec.currency,
    }
    header = (
        f"# {spec.display_name} ({spec.industry}): a synthetic ronr demo client.\n"
        f"# Generated by ronr.demo (seed {seed}, scale {scale:g}); planted signals are\n"
        "# documented in ronr.demo.DEMO_SPECS. Regenerate rather than edit.\n"
    )
    return header, data


def _write_csv(frame: pd.DataFrame, path: Path, table: str) -> None:
    out = frame.loc[:, list(EXPORT_COLUMNS[table])].copy()
    for col in out.columns:
        if _is_tz(out[col]):
            out[col] = _iso(out[col])
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", float_format="%.4f")


def _spec(name: str) -> DemoSpec:
    try:
        return DEMO_SPECS[name]
    except KeyError:
        raise RonrError(
            f"unknown demo client {name!r}; choose one of {', '.join(DEMO_CLIENTS)}"
        ) from None


def generate_client(
    name: str, data_dir: str | Path, *, seed: int = 2025, scale: float = 1.0
) -> Path:
    """Write one demo client: its client.yaml and its five export files.

    Parameters
    ----------
    name
        One of :data:`DEMO_CLIENTS`.
    data_dir
        The data folder; files go to ``data_dir/clients/<name>/``.
    seed
        Random seed; the same seed and scale give byte-identical files.
    scale
        Multiplies the number of mentions, responses and posts (at least 3 of the client's
        posts per channel per month remain, and every planted signal stays findable).

    Returns
    -------
    Path
        The client folder.
    """
    spec = _spec(name)
    if not scale > 0:
        raise RonrError(f"scale must be a positive number, not {scale!r}")
    rng = np.random.default_rng(seed + spec.seed_offset)
    r_followers, r_posts, r_mentions, r_responses, r_audience = rng.spawn(5)

    followers = _build_followers(spec, r_followers)
    posts = _build_posts(spec, followers, r_posts, scale)
    mentions, needs = _build_mentions(spec, posts, r_mentions, scale)
    responses = _build_responses(spec, mentions, needs, r_responses)
    audience = _build_audience(spec, r_audience)
    followers["date"] = followers["date"].dt.strftime("%Y-%m-%d")

    folder = Path(data_dir) / "clients" / name
    exports = folder / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    tables = {
        "posts": posts,
        "mentions": mentions,
        "responses": responses,
        "audience": audience,
        "followers": followers,
    }
    for table, frame in tables.items():
        _write_csv(frame, exports / f"{table}.csv", table)
    header, data = _config(spec, seed, scale)
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    # client.yaml last: ensure_demo_client treats a folder without it as not generated
    (folder / "client.yaml").write_text(text, encoding="utf-8")
    return folder


def generate_demo(
    data_dir: str | Path,
    *,
    seed: int = 2025,
    scale: float = 1.0,
    clients: tuple[str, ...] | list[str] = DEMO_CLIENTS,
) -> list[Path]:
    """Write every demo client (or those named in ``clients``); returns their folders.

    See :func:`generate_client` for the parameters.
    """
    for name in clients:
        _spec(name)
    return [generate_client(name, data_dir, seed=seed, scale=scale) for name in clients]


def ensure_demo_client(
    name: str, data_dir: str | Path, *, seed: int = 2025, scale: float = 1.0
) -> Path:
    """The folder of demo client ``name``, generated first when its client.yaml is missing."""
    folder = Path(data_dir) / "clients" / name
    if (folder / "client.yaml").is_file():
        return folder
    return generate_client(name, data_dir, seed=seed, scale=scale)
