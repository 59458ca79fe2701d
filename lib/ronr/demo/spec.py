"""What defines a demo client: the spec dataclasses and the demo calendar.

The values of the three demo clients are data, in ``specs/<client>.yaml`` (read by
:mod:`ronr.demo.load`); the planted signals are described in :mod:`ronr.demo`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "BUSINESS_DAYS",
    "BUSINESS_END",
    "BUSINESS_START",
    "PERIOD_END",
    "PERIOD_START",
    "TONES",
    "DemoBrand",
    "DemoSpec",
    "Incident",
    "Signals",
]

PERIOD_START = dt.date(2025, 1, 1)
PERIOD_END = dt.date(2025, 12, 31)
BUSINESS_DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
BUSINESS_START = dt.time(9, 0)
BUSINESS_END = dt.time(17, 30)

TONES: tuple[str, ...] = ("positive", "neutral", "negative", "question", "complaint")
"""Tones of generated mention texts; ``question`` is neutral, ``complaint`` a negative question."""


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
    """The planted signals of one demo client (see :mod:`ronr.demo`).

    A null client (:func:`ronr.demo.null.null_spec`) has each signal switched off: no
    ``underserved_channel``, ``weekend_response_hours`` or ``incident`` (None), no
    ``superfans``, a ``hashtag_penalty`` of 0, a ``resonant_lift`` of 1 and link posts
    clicked like any other (``link_click_rate`` = ``click_rate``).
    """

    underserved_channel: str | None
    hashtag_channel: str
    hashtag_share: float
    hashtag_penalty: float
    response_rate: float
    weekday_response_hours: float
    weekend_response_hours: float | None
    incident: Incident | None
    superfans: tuple[str, ...]
    superfan_mentions: int
    resonant_post_type: str
    resonant_lift: float
    hostile_mention_id: str
    hostile_text: str
    click_rate: float = 0.06
    """Clicks per engagement of a post."""
    link_click_rate: float = 0.25
    """Clicks per engagement of a link post: links are made to be clicked, so link posts earn
    more engagements in all, a post-type effect of the data itself."""

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
        ``foreign``, ``hostile`` and ``total``; without an incident (a null client) its burst
        and aftermath are 0.
        """
        base = {b.name: round(self.n_mentions * scale * b.mention_share) for b in self.brands}
        fans = len(self.signals.superfans) * self.signals.superfan_count(scale)
        usual = base[self.brand.name] + fans + len(self.foreign)  # the client's mentions a year
        incident = self.signals.incident
        extra = 0
        if incident is not None:
            extra = round((incident.multiplier - 1) * incident.days * usual / 365)
        counts = {
            **base,
            "superfans": fans,
            "incident": extra,
            "aftermath": max(1, round(0.02 * extra)) if extra else 0,
            "foreign": len(self.foreign),
            "hostile": 1,
        }
        counts["total"] = sum(counts.values())
        return counts
