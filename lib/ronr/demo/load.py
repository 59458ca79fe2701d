"""Read and check the demo clients' specs, one YAML file each in ``specs/``.

A spec file mirrors :class:`~ronr.demo.spec.DemoSpec`, with three conveniences: the
per-channel values are grouped under ``channels`` (in display order), a brand's ``tone`` is a
mapping by tone, and ``foreign`` lists each foreign mention once with a ``repeat`` count. Each
channel's audience is not in the file: it is derived from the target market and the
under-served channel (:func:`ronr.demo.audience.channel_audiences`). A wrong value raises a
:class:`~ronr.errors.RonrError` that names the file, the key's path and what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import yaml

from ..errors import RonrError
from .audience import channel_audiences
from .null import null_name, null_spec
from .platforms import CHANNELS, DIMENSION_BUCKETS
from .reader import Reader
from .spec import TONES, DemoBrand, DemoSpec, Incident, Signals

__all__ = [
    "DEMO_CLIENTS",
    "DEMO_SPECS",
    "NULL_DEMO_CLIENTS",
    "NULL_DEMO_SPECS",
    "SPECS_DIR",
    "demo_spec",
    "load_spec",
]

SPECS_DIR = Path(__file__).parent / "specs"
"""The folder of the demo clients' spec files (package data)."""

DEMO_CLIENTS: tuple[str, ...] = ("demo-coffee", "demo-software", "demo-fashion")
"""The demo clients, in display order; each has ``specs/<name>.yaml``."""

_TEXT_KEYS = (*TONES, "superfan", "post")
_CHANNEL_KEYS = ("effort", "posts_per_month", "followers", "mention_weight", "post_types")
_BRAND_KEYS = ("name", "handles", "keywords", "mention_share", "activity", "tone", "page_id")
_INCIDENT_KEYS = (
    "start",
    "days",
    "theme",
    "keyword",
    "multiplier",
    "profile",
    "negative_share",
    "negative_texts",
    "question_texts",
    "aftermath_texts",
)
_SIGNAL_KEYS = (
    "underserved_channel",
    "hashtag_channel",
    "hashtag_share",
    "hashtag_penalty",
    "response_rate",
    "weekday_response_hours",
    "weekend_response_hours",
    "incident",
    "superfans",
    "superfan_mentions",
    "resonant_post_type",
    "resonant_lift",
    "hostile_mention_id",
    "hostile_text",
)
_SPEC_KEYS = (
    "name",
    "display_name",
    "industry",
    "seed_offset",
    "timezone",
    "currency",
    "response_target_hours",
    "money_values",
    "brand",
    "competitors",
    "channels",
    "target_market",
    "n_mentions",
    "weekly",
    "hours",
    "products",
    "hashtags",
    "texts",
    "foreign",
    "signals",
)


def _brand(r: Reader, value: Any, where: str) -> DemoBrand:
    data = r.fields(value, _BRAND_KEYS, where)
    handles = r.texts(data["handles"], f"{where}.handles")
    for i, handle in enumerate(handles):
        if not handle.startswith("@"):
            raise r.fail(f"{where}.handles.{i}", f"handle {handle!r} should look like '@name'")
    tone = r.fields(data["tone"], TONES, f"{where}.tone")
    return DemoBrand(
        name=r.text(data["name"], f"{where}.name"),
        handles=handles,
        keywords=r.texts(data["keywords"], f"{where}.keywords"),
        mention_share=r.share(data["mention_share"], f"{where}.mention_share"),
        activity=r.number(data["activity"], f"{where}.activity"),
        tone=tuple(r.share(tone[t], f"{where}.tone.{t}") for t in TONES),
        page_id=r.integer(data["page_id"], f"{where}.page_id"),
    )


def _incident(r: Reader, value: Any, where: str) -> Incident:
    data = r.fields(value, _INCIDENT_KEYS, where)
    if not isinstance(data["start"], dt.date):
        raise r.fail(f"{where}.start", f"expected a date like 2025-06-12, not {data['start']!r}")
    days = r.integer(data["days"], f"{where}.days")
    profile = r.numbers(data["profile"], f"{where}.profile", days)
    if not math.isclose(sum(profile), 1, abs_tol=1e-6):
        raise r.fail(f"{where}.profile", f"adds up to {sum(profile):g}, not 1")
    return Incident(
        start=data["start"],
        days=days,
        theme=r.text(data["theme"], f"{where}.theme"),
        keyword=r.text(data["keyword"], f"{where}.keyword"),
        multiplier=r.number(data["multiplier"], f"{where}.multiplier"),
        profile=profile,
        negative_share=r.share(data["negative_share"], f"{where}.negative_share"),
        negative_texts=r.texts(data["negative_texts"], f"{where}.negative_texts"),
        question_texts=r.texts(data["question_texts"], f"{where}.question_texts"),
        aftermath_texts=r.texts(data["aftermath_texts"], f"{where}.aftermath_texts"),
    )


def _signals(r: Reader, value: Any, channels: tuple[str, ...], post_types: set[str]) -> Signals:
    data = r.fields(value, _SIGNAL_KEYS, "signals")
    superfans = r.texts(data["superfans"], "signals.superfans")
    if not all(h.startswith("@") for h in superfans):
        raise r.fail("signals.superfans", "every super-fan is a handle like '@name'")
    return Signals(
        underserved_channel=r.choice(
            data["underserved_channel"], "signals.underserved_channel", channels
        ),
        hashtag_channel=r.choice(data["hashtag_channel"], "signals.hashtag_channel", channels),
        hashtag_share=r.share(data["hashtag_share"], "signals.hashtag_share"),
        hashtag_penalty=r.share(data["hashtag_penalty"], "signals.hashtag_penalty"),
        response_rate=r.share(data["response_rate"], "signals.response_rate"),
        weekday_response_hours=r.number(
            data["weekday_response_hours"], "signals.weekday_response_hours"
        ),
        weekend_response_hours=r.number(
            data["weekend_response_hours"], "signals.weekend_response_hours"
        ),
        incident=_incident(r, data["incident"], "signals.incident"),
        superfans=superfans,
        superfan_mentions=r.integer(data["superfan_mentions"], "signals.superfan_mentions"),
        resonant_post_type=r.choice(
            data["resonant_post_type"], "signals.resonant_post_type", tuple(sorted(post_types))
        ),
        resonant_lift=r.number(data["resonant_lift"], "signals.resonant_lift"),
        hostile_mention_id=r.text(data["hostile_mention_id"], "signals.hostile_mention_id"),
        hostile_text=r.text(data["hostile_text"], "signals.hostile_text"),
    )


def _target_market(r: Reader, value: Any) -> dict[str, dict[str, float]]:
    target = {}
    for dim, buckets in r.mapping(value, "target_market").items():
        where = f"target_market.{dim}"
        shares = r.shares(buckets, where)
        r.choice(dim, "target_market", ("country", *DIMENSION_BUCKETS))
        # the platform demographics are mixed in by position, so the buckets must line up
        expected = DIMENSION_BUCKETS.get(dim, tuple(shares))
        if tuple(shares) != expected:
            raise r.fail(where, f"expected the buckets {', '.join(expected)}, in this order")
        target[dim] = shares
    return target


def load_spec(path: str | Path) -> DemoSpec:
    """Read and check one demo client's spec file.

    Parameters
    ----------
    path
        A ``specs/<client>.yaml`` file; its ``name`` must be the file's stem.

    Returns
    -------
    DemoSpec
        The spec, its channels' audiences derived from the target market.

    Raises
    ------
    RonrError
        Naming the file, the key and what was expected, when a value is missing or wrong.
    """
    path = Path(path)
    r = Reader(path.name)
    data = r.fields(yaml.safe_load(path.read_text(encoding="utf-8")), _SPEC_KEYS, "spec")
    name = r.text(data["name"], "name")
    if name != path.stem:
        raise r.fail("name", f"is {name!r} but the file is {path.name}")

    per_channel = r.mapping(data["channels"], "channels")
    channels = tuple(r.choice(ch, "channels", CHANNELS) for ch in per_channel)
    fields = {ch: r.fields(v, _CHANNEL_KEYS, f"channels.{ch}") for ch, v in per_channel.items()}
    post_types = {
        ch: r.shares(f["post_types"], f"channels.{ch}.post_types") for ch, f in fields.items()
    }
    followers = {}
    for ch, f in fields.items():
        first, last = r.sequence(f["followers"], f"channels.{ch}.followers", 2)
        followers[ch] = (
            r.integer(first, f"channels.{ch}.followers.0"),
            r.integer(last, f"channels.{ch}.followers.1"),
        )

    brand = _brand(r, data["brand"], "brand")
    competitors = tuple(
        _brand(r, b, f"competitors.{i}")
        for i, b in enumerate(r.sequence(data["competitors"], "competitors"))
    )
    total = sum(b.mention_share for b in (brand, *competitors))
    if not math.isclose(total, 1, abs_tol=1e-6):
        raise r.fail("mention_share", f"the brands' shares add up to {total:g}, not 1")

    texts = r.fields(data["texts"], _TEXT_KEYS, "texts")
    foreign = r.fields(data["foreign"], ("repeat", "mentions"), "foreign")
    once = []
    for i, item in enumerate(r.sequence(foreign["mentions"], "foreign.mentions")):
        where = f"foreign.mentions.{i}"
        language, tone, text = r.sequence(item, where, 3)
        once.append((r.text(language, where), r.choice(tone, where, TONES), r.text(text, where)))
    target = _target_market(r, data["target_market"])
    signals = _signals(r, data["signals"], channels, {t for v in post_types.values() for t in v})
    return DemoSpec(
        name=name,
        display_name=r.text(data["display_name"], "display_name"),
        industry=r.text(data["industry"], "industry"),
        brand=brand,
        competitors=competitors,
        channels=channels,
        effort={ch: r.number(f["effort"], f"channels.{ch}.effort") for ch, f in fields.items()},
        posts_per_month={
            ch: r.integer(f["posts_per_month"], f"channels.{ch}.posts_per_month")
            for ch, f in fields.items()
        },
        post_types=post_types,
        target_market=target,
        audience=channel_audiences(target, channels, signals.underserved_channel),
        followers=followers,
        timezone=r.text(data["timezone"], "timezone"),
        currency=r.text(data["currency"], "currency"),
        response_target_hours=r.number(data["response_target_hours"], "response_target_hours"),
        n_mentions=r.integer(data["n_mentions"], "n_mentions"),
        channel_weights={
            ch: r.share(f["mention_weight"], f"channels.{ch}.mention_weight")
            for ch, f in fields.items()
        },
        weekly=r.numbers(data["weekly"], "weekly", 7),
        hours=r.numbers(data["hours"], "hours", 24),
        products=r.texts(data["products"], "products"),
        hashtags=r.texts(data["hashtags"], "hashtags"),
        texts={key: r.texts(texts[key], f"texts.{key}") for key in texts},
        foreign=tuple(once) * r.integer(foreign["repeat"], "foreign.repeat"),
        money_values={
            k: r.number(v, f"money_values.{k}")
            for k, v in r.mapping(data["money_values"], "money_values").items()
        },
        signals=signals,
        seed_offset=r.integer(data["seed_offset"], "seed_offset"),
    )


DEMO_SPECS: dict[str, DemoSpec] = {
    name: load_spec(SPECS_DIR / f"{name}.yaml") for name in DEMO_CLIENTS
}
"""The spec of each demo client, by folder name."""

NULL_DEMO_CLIENTS: tuple[str, ...] = tuple(null_name(name) for name in DEMO_CLIENTS)
"""The null demo clients (every signal switched off), in the order of :data:`DEMO_CLIENTS`."""

NULL_DEMO_SPECS: dict[str, DemoSpec] = {
    null_name(name): null_spec(spec) for name, spec in DEMO_SPECS.items()
}
"""The spec of each null demo client, by folder name (see :mod:`ronr.demo.null`)."""


def demo_spec(name: str) -> DemoSpec:
    """The spec of demo client ``name``, or of null client ``name`` (``demo-coffee-null``).

    Raises
    ------
    RonrError
        For any other name, naming the choices.
    """
    try:
        return DEMO_SPECS[name] if name in DEMO_SPECS else NULL_DEMO_SPECS[name]
    except KeyError:
        raise RonrError(
            f"unknown demo client {name!r}; choose one of {', '.join(DEMO_CLIENTS)} "
            f"(or their null clients {', '.join(NULL_DEMO_CLIENTS)})"
        ) from None
