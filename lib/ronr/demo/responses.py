"""The client's replies to its mentions: prompt in business hours, slow at weekends (signal 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .sampling import exact_share, snowflakes
from .spec import BUSINESS_END, BUSINESS_START, DemoSpec

__all__ = ["build_responses"]


def build_responses(
    spec: DemoSpec, mentions: pd.DataFrame, needs: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """The client's first replies, slow at weekends (see :mod:`ronr.demo`, signal 3).

    Without ``weekend_response_hours`` (a null client), mentions at weekends are answered as
    promptly as those in business hours.
    """
    sig = spec.signals
    answered = np.zeros(len(mentions), dtype=bool)
    answered[np.flatnonzero(needs)] = exact_share(int(needs.sum()), sig.response_rate, rng)
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

    slow = sig.weekend_response_hours
    # the same draws in the same order for every spec: the demo clients' replies stay as they
    # were, and a null client's match its demo client's wherever no signal is involved
    weekend_hours = rng.lognormal(np.log(1.0 if slow is None else slow), 0.25, n)
    prompt = np.clip(rng.lognormal(np.log(sig.weekday_response_hours), 0.5, n), 0.05, 8)
    later = wait_open + rng.lognormal(np.log(0.75), 0.5, n)
    if slow is None:  # a null client: weekends are staffed like business hours
        weekend_hours = prompt
    hours = np.where(weekend, weekend_hours, np.where(in_hours, prompt, later))
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
    ids = snowflakes(1_890_000_000_000_000_000, n, rng, 10**10).astype(str)
    responses.insert(0, "response_id", ids)
    return responses
