"""Null demo clients: each demo client with every planted signal switched off.

A null client is the control of its demo client: the same brands, channels, volumes, texts and
random stream (its ``seed_offset``), with nothing planted to find, so a report on it should
recommend nothing. It is named ``<client>-null`` (``demo-coffee-null``) and displayed as
"<display name> (no signals)", so it never overwrites its demo client.
"""

from __future__ import annotations

import dataclasses

from .audience import channel_audiences
from .spec import DemoSpec

__all__ = ["NULL_SUFFIX", "is_null_name", "null_name", "null_spec"]

NULL_SUFFIX = "-null"
"""Added to a demo client's name to name its null client."""


def null_name(name: str) -> str:
    """The name of the null client of demo client ``name``: ``demo-coffee-null``."""
    return f"{name}{NULL_SUFFIX}"


def is_null_name(name: str) -> bool:
    """Whether ``name`` is the name of a null client."""
    return name.endswith(NULL_SUFFIX)


def null_spec(spec: DemoSpec) -> DemoSpec:
    """``spec`` with every planted signal switched off (see :mod:`ronr.demo`, "Null clients").

    Parameters
    ----------
    spec
        A demo client's spec.

    Returns
    -------
    DemoSpec
        The null client's spec: named :func:`null_name` of ``spec.name``, with
        ``(no signals)`` after its display name, and

        1. every channel given the same effort (the spec's mean, in whole hours, so each share
           is exactly an equal split and none is short of it) and an audience that mixes the
           target market in the same amount (no under-served channel);
        2. no hashtag penalty (the same share of posts still carries hashtags);
        3. weekend mentions answered as promptly as those in business hours;
        4. no incident: no burst, no aftermath, no follower dip;
        5. no super-fans;
        6. no resonant post type (a lift of 1), and link posts clicked like any other (the
           normal clients' links earn about 19% more engagements through clicks);
        7. the hostile mention kept: it is an escaping check, not a finding.
    """
    signals = dataclasses.replace(
        spec.signals,
        underserved_channel=None,
        hashtag_penalty=0.0,
        weekend_response_hours=None,
        incident=None,
        superfans=(),
        resonant_lift=1.0,
        link_click_rate=spec.signals.click_rate,
    )
    # whole hours: n equal whole numbers make each share v / (n·v) exactly 1 / n, the equal
    # split that the effort-gap rule compares with
    hours = float(max(1, round(sum(spec.effort.values()) / len(spec.effort))))
    return dataclasses.replace(
        spec,
        name=null_name(spec.name),
        display_name=f"{spec.display_name} (no signals)",
        effort=dict.fromkeys(spec.effort, hours),
        audience=channel_audiences(spec.target_market, spec.channels, None),
        signals=signals,
    )
