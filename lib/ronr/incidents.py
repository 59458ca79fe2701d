"""Each incident explained: what drove it, how the brand answered, and the disaster plan.

The incidents come from the spike rule (:func:`ronr.tweak.group_incidents`: ``start``,
``peak`` and ``end`` are local days of the client); the caller passes them in, with the
brand's first responses (:func:`ronr.channels.first_responses`), so this module reads only
the canonical tables and those two results. Every day and hour is the client's local one.

- :func:`incident_overview`: volume, net sentiment and the brand's answers during each one;
- :func:`incident_drivers`: the terms, themes, authors and channels that drove it, against the
  days before it;
- :func:`incident_mentions`: the most negative and the most engaged mentions;
- :func:`plan_checklist`: each step of the client's disaster plan, done, missed or unknown;
- :func:`replay_incidents`: how many hours after it began the spike rule would have flagged it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .config import BusinessHours, PlanStep, default_disaster_plan
from .names import channel_name
from .themes import _counter, _stop_terms
from .worktime import business_hours_between

HOUR = pd.Timedelta(hours=1)
DAY = pd.Timedelta(days=1)
BASELINE_DAYS = 28
"""Days before an incident that its drivers are compared with."""
MIN_DRIVER = 3
"""Incident mentions a term, theme, author or channel needs to be named as a driver."""
MIN_LIFT = 1.5
"""Lift a driver needs: half as frequent again in the incident as before it."""
SUBJECT_TERMS = 3
"""Term drivers of highest lift that say what an incident is about (its subject)."""
OVERVIEW_COLUMNS = (
    "start",
    "peak",
    "end",
    "began_at",
    "mentions",
    "negative",
    "positive",
    "net_sentiment",
    "needing_answer",
    "answered",
    "first_reply_at",
    "first_reply_business_hours",
    "median_business_hours",
)
DRIVER_COLUMNS = (
    "start",
    "kind",
    "driver",
    "during",
    "share_during",
    "share_before",
    "lift",
    "excess",
)
MENTION_COLUMNS = (
    "start",
    "why",
    "created_at",
    "channel",
    "author",
    "text",
    "sentiment",
    "engagements",
)
PLAN_COLUMNS = ("start", "step", "status", "evidence")
REPLAY_COLUMNS = (
    "start",
    "began_at",
    "threshold",
    "flagged_at",
    "hours_to_flag",
    "negative_at_flag",
)
STATUSES = ("done", "missed", "unknown")


def _local(stamps: pd.Series, timezone: str) -> pd.Series:
    return pd.to_datetime(stamps, utc=True).dt.tz_convert(timezone)


def _day(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return (stamp.tz_localize(None) if stamp.tzinfo else stamp).normalize()


def _own(mentions: pd.DataFrame, brand: str, timezone: str) -> pd.DataFrame:
    """The brand's mentions with ``local`` (aware, client zone) and ``day`` (naive local day)."""
    own = mentions[mentions["brand"] == brand]
    if "mention_id" in own:
        own = own[own["mention_id"].isna() | ~own["mention_id"].duplicated()]
    local = _local(own["created_at"], timezone)
    return own.assign(local=local, day=local.dt.tz_localize(None).dt.normalize())


def _during(frame: pd.DataFrame, incident) -> pd.DataFrame:
    return frame[(frame["day"] >= _day(incident.start)) & (frame["day"] <= _day(incident.end))]


def subject_terms(drivers: pd.DataFrame | None, incident) -> list[str]:
    """An incident's subject: its :data:`SUBJECT_TERMS` term drivers of highest lift (from
    :func:`incident_drivers`), or none when it has no term driver."""
    if drivers is None or drivers.empty:
        return []
    rows = drivers[(drivers["kind"] == "Term") & (drivers["start"] == incident.start)]
    rows = rows.sort_values(["lift", "driver"], ascending=[False, True], kind="stable")
    return rows["driver"].head(SUBJECT_TERMS).astype(str).tolist()


def _term_hits(texts: pd.Series, terms: Sequence[str]) -> pd.Series:
    """How many of ``terms`` (words or phrases, any case, whole words) each text holds."""
    hits = pd.Series(0, index=texts.index, dtype="int64")
    lowered = texts.astype("string").str.lower()
    for term in terms:
        words = r"\s+".join(re.escape(word) for word in str(term).lower().split())
        hits += lowered.str.contains(rf"(?<!\w){words}(?!\w)", regex=True).fillna(False)
    return hits


def _text_key(stop_words: Iterable[str]):
    """A function giving each text's key: lower case, without @handles, the given names or
    anything but letters and digits, so one template posted about the brand under its several
    names is one text."""
    names = sorted({str(w).lower() for w in stop_words if str(w).strip()}, key=len, reverse=True)
    pattern = re.compile(
        "|".join([r"@\w+", *(re.escape(name) for name in names)]), flags=re.IGNORECASE
    )

    def key(texts: pd.Series) -> pd.Series:
        cleaned = texts.astype(str).str.replace(pattern, " ", regex=True).str.lower()
        return cleaned.str.replace(r"[^a-z0-9]+", "", regex=True)

    return key


def _distinct(frame: pd.DataFrame, key) -> pd.DataFrame:
    """The first row of each distinct text of ``frame`` (in its order), by ``key``."""
    return frame[~key(frame["text"]).duplicated()]


def _began_at(own: pd.DataFrame, incident, terms: Sequence[str] = ()) -> pd.Timestamp | None:
    """When the incident began: the first negative mention of its first day that is about its
    subject (holds one of ``terms``), else the first negative mention of that day."""
    first = own[(own["day"] == _day(incident.start)) & (own["sentiment_label"] == "negative")]
    if terms and len(first):
        about = first[_term_hits(first["text"].fillna(""), terms) > 0]
        if len(about):
            return about["local"].min()
    return first["local"].min() if len(first) else None


def _net(positive: int, negative: int) -> float:
    return (positive - negative) / (positive + negative) if positive + negative else np.nan


def _replies_during(first_responses: pd.DataFrame | None, incident, timezone: str) -> pd.DataFrame:
    """The first responses to the mentions made during the incident (``local`` added)."""
    if first_responses is None or not len(first_responses):
        return pd.DataFrame(columns=["mention_id", "channel", "created_at", "replied_at", "local"])
    local = _local(first_responses["created_at"], timezone)
    day = local.dt.tz_localize(None).dt.normalize()
    inside = (day >= _day(incident.start)) & (day <= _day(incident.end))
    return first_responses[inside.to_numpy()].assign(local=local[inside.to_numpy()])


def incident_overview(
    incidents: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    brand: str,
    timezone: str = "UTC",
    first_responses: pd.DataFrame | None = None,
    hours: BusinessHours | None = None,
    drivers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Volume, net sentiment and the brand's answers during each incident.

    Parameters
    ----------
    incidents
        Output of :func:`ronr.tweak.group_incidents` (``start peak end`` as local days).
    mentions
        Canonical mentions (``brand created_at sentiment_label``).
    brand
        The client's brand.
    timezone
        The client's zone (the days of ``incidents`` are its days).
    first_responses
        :func:`ronr.channels.first_responses` of the brand (``mention_id created_at
        replied_at business_hours``); None when there are no reply data (the answer columns
        are then missing: unknown, not none).
    hours
        The business hours the delays are counted in (default: every weekday 09:00–17:00 in
        ``timezone``).
    drivers
        :func:`incident_drivers` of the incidents: their term drivers say what each is about
        (:func:`subject_terms`); None judges by sentiment alone.

    Returns
    -------
    DataFrame
        One row per incident, in the order given: ``start peak end`` (local days),
        ``began_at`` (the first negative mention of the first day about its subject, else the
        first negative one, local time), ``mentions``
        and ``negative``/``positive`` (the brand's distinct mentions over the incident's days),
        ``net_sentiment`` ((pos − neg)/(pos + neg), −1..1; missing when both are 0),
        ``needing_answer`` (of those, the mentions needing an answer in ``first_responses``),
        ``answered`` (how many got a brand reply), ``first_reply_at`` (the brand's first reply to
        any of them, local), ``first_reply_business_hours`` (business hours from ``began_at`` to
        it) and ``median_business_hours`` (median first-response time of the answered ones).
    """
    hours = hours or BusinessHours(timezone=timezone)
    own = _own(mentions, brand, timezone)
    rows = []
    for incident in incidents.itertuples():
        during = _during(own, incident)
        label = during["sentiment_label"]
        positive, negative = int((label == "positive").sum()), int((label == "negative").sum())
        began = _began_at(own, incident, subject_terms(drivers, incident))
        row = {
            "start": incident.start,
            "peak": incident.peak,
            "end": incident.end,
            "began_at": began,
            "mentions": len(during),
            "negative": negative,
            "positive": positive,
            "net_sentiment": _net(positive, negative),
            "needing_answer": pd.NA,
            "answered": pd.NA,
            "first_reply_at": pd.NaT,
            "first_reply_business_hours": np.nan,
            "median_business_hours": np.nan,
        }
        if first_responses is not None:
            replies = _replies_during(first_responses, incident, timezone)
            answered = replies[replies["replied_at"].notna()]
            row["needing_answer"] = len(replies)
            row["answered"] = len(answered)
            if len(answered):
                first = answered["replied_at"].min().tz_convert(timezone)
                row["first_reply_at"] = first
                if began is not None:
                    row["first_reply_business_hours"] = float(
                        business_hours_between(
                            pd.Series([began]), pd.Series([first]), hours=hours
                        ).iloc[0]
                    )
                if "business_hours" in answered:
                    row["median_business_hours"] = float(answered["business_hours"].median())
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))
    for column in ("needing_answer", "answered"):
        table[column] = table[column].astype("Int64")
    return table


def _share_rows(during: pd.Series, before: pd.Series, *, kind: str, min_count: int) -> list[dict]:
    """Per value: its count and share among the incident's mentions and the baseline's."""
    n_during, n_before = during.notna().sum(), before.notna().sum()
    counts = during.value_counts()
    base = before.value_counts()
    rows = []
    for value, count in counts.items():
        lift = ((count + 0.5) / (n_during + 1)) / ((base.get(value, 0) + 0.5) / (n_before + 1))
        if count < min_count or lift < MIN_LIFT:
            continue
        name = channel_name(value) if kind == "Channel" else str(value)
        share_before = base.get(value, 0) / n_before if n_before else np.nan
        rows.append(
            {
                "kind": kind,
                "driver": name,
                "during": int(count),
                "share_during": count / n_during,
                "share_before": share_before,
                "lift": lift,
                "excess": count - n_during * (share_before if n_before else 0.0),
            }
        )
    return rows


def _term_rows(
    during: pd.Series, before: pd.Series, *, min_count: int, stop_words: Iterable[str]
) -> list[dict]:
    """Terms (words and two-word phrases) more frequent in the incident than before it."""
    texts = pd.concat([during, before]).dropna().astype(str)
    if not len(texts):
        return []
    stop_list, preprocess = _stop_terms(stop_words)
    counter = _counter(stop_list, preprocess, binary=True)
    try:
        present = counter.fit_transform(texts.to_numpy(dtype=object)).tocsc()
    except ValueError:  # no term at all
        return []
    n_during = int(during.notna().sum())
    counts = np.asarray(present[:n_during].sum(axis=0)).ravel()
    base = np.asarray(present[n_during:].sum(axis=0)).ravel()
    n_before = len(texts) - n_during
    terms = counter.get_feature_names_out().astype(str)
    rows = []
    for term, count, seen in zip(terms, counts, base, strict=True):
        if count < min_count:
            continue
        lift = ((count + 0.5) / (n_during + 1)) / ((seen + 0.5) / (n_before + 1))
        if lift < MIN_LIFT:
            continue
        share_before = seen / n_before if n_before else np.nan
        rows.append(
            {
                "kind": "Term",
                "driver": term,
                "during": int(count),
                "share_during": count / n_during,
                "share_before": share_before,
                "lift": lift,
                "excess": count - n_during * (share_before if n_before else 0.0),
            }
        )
    return rows


def incident_drivers(
    incidents: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    brand: str,
    timezone: str = "UTC",
    baseline_days: int = BASELINE_DAYS,
    min_count: int = MIN_DRIVER,
    negative_only: bool = True,
    stop_words: Iterable[str] = (),
    top: int = 5,
) -> pd.DataFrame:
    """The terms, themes, authors and channels that drove each incident.

    The incident's mentions (its days; the negative ones by default, as the spike rule counts
    them) are compared with those of the ``baseline_days`` local days before its start.

    - ``Term`` (a word or two-word phrase, brand names and common words left out, counted once
      per mention, as :func:`ronr.themes.emerging_terms` does): lift = (during + ½)/(n_during
      + 1) ÷ (before + ½)/(n_before + 1), the ratio of the shares of mentions holding it with
      half a mention added to each (a term new in the incident gets a large but finite lift);
      terms with at least ``min_count`` incident mentions and a lift of at least 1.5, highest lift
      first.
    - ``Theme`` (when ``mentions`` has a ``theme`` column), ``Author`` and ``Channel``: the
      share of the incident's mentions against the baseline's, the same lift (at least
      :data:`MIN_LIFT`, and ``min_count`` incident mentions), and ``excess`` = during −
      n_during × share_before (the mentions beyond the usual share), largest excess first:
      what brought the extra mentions.

    Parameters
    ----------
    incidents
        Output of :func:`ronr.tweak.group_incidents`.
    mentions
        Canonical mentions (``brand created_at text author channel sentiment_label``;
        ``theme`` optional).
    brand, timezone
        The client's brand and zone.
    baseline_days
        Local days before the start that form the baseline.
    min_count
        Incident mentions a driver needs.
    negative_only
        Compare the negative mentions only (the spike rule's count); False for all of them.
    stop_words
        Brand names, handles and keywords to leave out of the terms
        (:func:`ronr.themes.collect_brand_terms`).
    top
        Drivers of each kind per incident, at most.

    Returns
    -------
    DataFrame
        ``start kind driver during share_during share_before lift excess``: ``during`` counts
        incident mentions, the shares are fractions of the incident's and the baseline's
        mentions (``share_before`` missing without baseline mentions), ``lift`` a ratio and
        ``excess`` mentions.
    """
    own = _own(mentions, brand, timezone)
    if negative_only:
        own = own[own["sentiment_label"] == "negative"]
    frames = []
    for incident in incidents.itertuples():
        start = _day(incident.start)
        during = _during(own, incident)
        before = own[(own["day"] >= start - baseline_days * DAY) & (own["day"] < start)]
        terms = _term_rows(
            during["text"], before["text"], min_count=min_count, stop_words=stop_words
        )
        rows = sorted(terms, key=lambda r: (-r["lift"], -r["during"], r["driver"]))[:top]
        for kind, column in (("Theme", "theme"), ("Author", "author"), ("Channel", "channel")):
            if column not in own:
                continue
            found = _share_rows(during[column], before[column], kind=kind, min_count=min_count)
            found = [r for r in found if r["excess"] > 0]
            rows += sorted(found, key=lambda r: (-r["excess"], r["driver"]))[:top]
        frames += [{"start": incident.start, **row} for row in rows]
    return pd.DataFrame(frames, columns=list(DRIVER_COLUMNS))


def incident_mentions(
    incidents: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    brand: str,
    timezone: str = "UTC",
    n: int = 3,
    drivers: pd.DataFrame | None = None,
    stop_words: Iterable[str] = (),
) -> pd.DataFrame:
    """The mentions that show what each incident was about, and the most engaged of them.

    An incident's subject is its term drivers of highest lift (:func:`subject_terms`, from
    ``drivers``); without any, its negative mentions stand for it.

    Returns
    -------
    DataFrame
        ``start why created_at channel author text sentiment engagements``: per incident up
        to ``n`` rows ``why`` = "Typical of it" (negative mentions holding most of the subject's
        terms, then the lowest sentiment score; "Most negative" without a subject) and up to
        ``n`` "Most engaged" (most engagements first, among the mentions about the subject, of
        any sentiment, else among the negative ones; only mentions whose engagements are
        known). Distinct texts: two texts that differ only in @handles, the tracked brands'
        names (``stop_words``, e.g. :func:`ronr.themes.collect_brand_terms`), case or
        punctuation are one. ``created_at`` is local time; ``text`` is the mention as
        written (untrusted: the report escapes it).
    """
    same = _text_key(stop_words)
    own = _own(mentions, brand, timezone)
    frames = []
    for incident in incidents.itertuples():
        during = _during(own, incident)
        during = during[during["text"].notna()]
        terms = subject_terms(drivers, incident)
        hits = _term_hits(during["text"], terms) if terms else None
        about = during[hits > 0] if terms else during[during["sentiment_label"] == "negative"]
        negative = about[about["sentiment_label"] == "negative"]
        negative = negative.assign(_hits=hits[negative.index] if terms else 0)
        negative = negative.sort_values(
            ["_hits", "sentiment", "local"], ascending=[False, True, True], kind="stable"
        )
        why = "Typical of it" if terms else "Most negative"
        frames.append(_distinct(negative, same).head(n).assign(why=why))
        if "engagements" in about:
            known = about[about["engagements"].notna()]
            known = known.assign(_e=known["engagements"].astype(float))
            known = known.sort_values(["_e", "local"], ascending=[False, True], kind="stable")
            frames.append(_distinct(known, same).head(n).assign(why="Most engaged"))
        for frame in frames[-2:]:
            frame["start"] = incident.start
    if not frames:
        return pd.DataFrame(columns=list(MENTION_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    table["created_at"] = table["local"]
    if "engagements" not in table:
        table["engagements"] = pd.NA
    return table[list(MENTION_COLUMNS)].reset_index(drop=True)


def _status(done: bool | None, when_done: str, when_missed: str, why_unknown: str):
    if done is None:
        return "unknown", why_unknown
    return ("done", when_done) if done else ("missed", when_missed)


def _hours(value: float) -> str:
    return f"{value:,.1f} business hour{'' if round(value, 1) == 1 else 's'}"


def plan_checklist(
    incidents: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    brand: str,
    timezone: str = "UTC",
    first_responses: pd.DataFrame | None = None,
    posts: pd.DataFrame | None = None,
    plan: Sequence[PlanStep] | None = None,
    hours: BusinessHours | None = None,
    drivers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each step of the client's disaster plan, per incident: done, missed or unknown from the data.

    The incident began with its first negative mention on its first day about its subject
    (``began_at`` of :func:`incident_overview`, with the same ``drivers``). The steps (``disaster_plan`` in the client's config, default
    :func:`ronr.config.default_disaster_plan`):

    - ``acknowledge``: the brand's first reply to a mention of the incident came within
      ``within_hours`` business hours of its beginning (done), later or never (missed);
      unknown without reply data or when no mention of it needed an answer.
    - ``pause_posts``: no post of the brand went out from its beginning to the end of its last
      day (done); one did (missed); unknown without post data.
    - ``answer_where_it_started``: the brand replied during the incident on the channel of its
      first negative mention (done) or not (missed); unknown without reply data or when no
      mention there needed an answer.
    - ``follow_up``: the brand replied to a mention of the incident after its peak day (done)
      or not (missed); unknown without reply data or when none needed an answer.
    - ``review``: always unknown: a review happens off the social channels.

    Parameters
    ----------
    incidents, mentions, brand, timezone
        As in :func:`incident_overview`.
    first_responses
        :func:`ronr.channels.first_responses` of the brand; None without reply data.
    posts
        The brand's own posts (``published_at``); None without post data.
    plan
        The steps (:class:`ronr.config.PlanStep`), in the client's order.
    hours
        Business hours of the acknowledgement's deadline.

    Returns
    -------
    DataFrame
        ``start step status evidence``: one row per incident and step; ``step`` the step's
        label, ``status`` one of done, missed, unknown, ``evidence`` one sentence saying why.
    """
    plan = list(plan) if plan is not None else default_disaster_plan()
    hours = hours or BusinessHours(timezone=timezone)
    own = _own(mentions, brand, timezone)
    known_replies = first_responses is not None
    rows = []
    for incident in incidents.itertuples():
        began = _began_at(own, incident, subject_terms(drivers, incident))
        replies = _replies_during(first_responses, incident, timezone)
        answered = replies[replies["replied_at"].notna()]
        end = _day(incident.end) + DAY
        for step in plan:
            kind = step.step
            if kind == "acknowledge":
                limit = step.within_hours
                done = None
                evidence = ""
                if known_replies and len(replies) and began is not None:
                    if len(answered):
                        first = answered["replied_at"].min()
                        waited = float(
                            business_hours_between(
                                pd.Series([began]), pd.Series([first]), hours=hours
                            ).iloc[0]
                        )
                        if waited != waited:  # a reply before the first negative mention
                            done = True
                            evidence = "First reply before the incident's first negative mention."
                        else:
                            done = waited <= limit
                            evidence = f"First reply after {_hours(waited)} (the plan: {limit:g})."
                    else:
                        done = False
                        evidence = f"No reply to the {len(replies):,} mentions needing one."
                status, evidence = _status(
                    done,
                    evidence,
                    evidence,
                    "No reply data, or no mention of it needed an answer."
                    if not known_replies
                    else "No mention of it needed an answer.",
                )
            elif kind == "pause_posts":
                done = None
                evidence = "No post data."
                if posts is not None and began is not None:
                    stamps = _local(posts["published_at"], timezone).dropna()
                    local_end = stamps.dt.tz_localize(None)
                    during = stamps[(stamps >= began) & (local_end < end).to_numpy()]
                    done = not len(during)
                    evidence = (
                        "No post went out during it."
                        if done
                        else f"{len(during):,} post{'' if len(during) == 1 else 's'} went out "
                        "during it."
                    )
                status = "unknown" if done is None else ("done" if done else "missed")
            elif kind == "answer_where_it_started":
                start_day = own[
                    (own["day"] == _day(incident.start)) & (own["sentiment_label"] == "negative")
                ].sort_values("local", kind="stable")
                channel = start_day["channel"].iloc[0] if len(start_day) else None
                there = (
                    replies[replies["channel"] == channel] if channel is not None else replies[:0]
                )
                done = None
                if known_replies and len(there):
                    done = bool(there["replied_at"].notna().any())
                where = _channel_word(channel)
                status, evidence = _status(
                    done,
                    f"Replied on {where}, where it started.",
                    f"No reply on {where}, where it started.",
                    f"No mention needing an answer on {where}, or no reply data.",
                )
            elif kind == "follow_up":
                done = None
                if known_replies and len(replies):
                    after = _day(incident.peak) + DAY
                    local_reply = _local(answered["replied_at"], timezone).dt.tz_localize(None)
                    done = bool((local_reply >= after).any())
                status, evidence = _status(
                    done,
                    "Replied after the peak day.",
                    "No reply after the peak day.",
                    "No reply data, or no mention of it needed an answer.",
                )
            else:  # review
                status, evidence = "unknown", "Not in the data: a review happens off the channels."
            rows.append(
                {"start": incident.start, "step": step.text, "status": status, "evidence": evidence}
            )
    return pd.DataFrame(rows, columns=list(PLAN_COLUMNS))


def _channel_word(channel) -> str:
    return channel_name(channel) if channel is not None else "its first channel"


def replay_incidents(
    incidents: pd.DataFrame,
    spikes: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    brand: str,
    timezone: str = "UTC",
    drivers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """How many hours after each incident began the spike rule would have flagged it, live.

    The rule judges whole days (:func:`ronr.tweak.detect_spikes`); run every hour on the day
    so far, it flags the first day of an incident at the end of the first local hour in which
    the day's running count of negative mentions exceeds that day's threshold and reaches the
    rule's minimum count (``spikes.attrs["min_count"]``, default 5).

    Parameters
    ----------
    incidents
        Output of :func:`ronr.tweak.group_incidents`.
    spikes
        Output of :func:`ronr.tweak.detect_spikes` (``date threshold``) over the same days.
    mentions, brand, timezone, drivers
        As in :func:`incident_overview`.

    Returns
    -------
    DataFrame
        ``start began_at threshold flagged_at hours_to_flag negative_at_flag``: ``began_at``
        as in :func:`incident_overview` (local), ``threshold`` the first day's
        threshold (negative mentions), ``flagged_at`` the end of the hour it was crossed
        (local), ``hours_to_flag`` clock hours from ``began_at`` to ``flagged_at`` and
        ``negative_at_flag`` the running count then; missing when the day's threshold is.
    """
    min_count = spikes.attrs.get("min_count", 5)
    own = _own(mentions, brand, timezone)
    negative = own[own["sentiment_label"] == "negative"]
    thresholds = spikes.assign(date=pd.to_datetime(spikes["date"])).set_index("date")["threshold"]
    rows = []
    for incident in incidents.itertuples():
        start = _day(incident.start)
        threshold = float(thresholds.get(start, np.nan))
        day = negative[negative["day"] == start]
        began = _began_at(own, incident, subject_terms(drivers, incident))
        row = {
            "start": incident.start,
            "began_at": began,
            "threshold": threshold,
            "flagged_at": pd.NaT,
            "hours_to_flag": np.nan,
            "negative_at_flag": pd.NA,
        }
        if len(day) and np.isfinite(threshold):
            wall = day["local"].dt.tz_localize(None)
            hour = ((wall - start) // HOUR).astype(int)
            running = np.cumsum(np.bincount(hour, minlength=24)[:24])
            crossed = np.flatnonzero((running > threshold) & (running >= min_count))
            if len(crossed):
                h = int(crossed[0])
                flagged = pd.Timestamp(start + (h + 1) * HOUR).tz_localize(
                    timezone, ambiguous=False, nonexistent="shift_forward"
                )
                row.update(
                    flagged_at=flagged,
                    # 0 when unrelated negatives crossed the threshold before its subject began
                    hours_to_flag=max((flagged - began) / HOUR, 0.0),
                    negative_at_flag=int(running[h]),
                )
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(REPLAY_COLUMNS))
    table["negative_at_flag"] = table["negative_at_flag"].astype("Int64")
    return table
