"""Results that a report section computes and the cover reuses, once per workspace.

The cover's headlines and recommendations come first in a report, the sections after; both
need the channel mix, the negative spikes, the FAQ themes and the ROR index (whose members'
levels take a second on a year of mentions). Each is computed here once per
:class:`ronr.store.Workspace` (a kernel keeps one workspace per client and period) and the
same table is shown in its section and used on the cover.
"""

from __future__ import annotations

import pandas as pd

from . import (
    audience,
    channels,
    engagement,
    growth,
    incidents,
    listen,
    orbit,
    resonance,
    ror,
    themes,
    timing,
    tweak,
)
from .config import ROR_COMPONENTS
from .derive import needs_answer_of
from .store import Workspace


def channel_fit(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.audience.channel_fit` of the client's audience against its target market."""
    return ws.memo(
        "channel_fit", lambda: audience.channel_fit(ws.audience, ws.config.target_market)
    )


def channel_mix(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.channels.summarise_channels` of the client, with each channel's audience fit."""
    return ws.memo(
        "channel_mix",
        lambda: channels.summarise_channels(
            ws.posts,
            brand=ws.brand,
            start=ws.start,
            end=ws.end,
            effort=ws.config.effort_shares(),
            fit=channel_fit(ws),
        ),
    )


def mentions_with_history(ws: Workspace) -> pd.DataFrame:
    """Every exported mention up to the period's end: the history before it, then the period's.

    What a member did before the period decides their level, whether they return and when
    they first came; a spike is judged against the weeks before it. Only the period's months
    are shown.
    """

    def compute():
        before = ws.mentions_before
        if before is None or not len(before):
            return ws.mentions
        return pd.concat([before, ws.mentions], ignore_index=True)

    return ws.memo("mentions_with_history", compute)


def negative_spikes(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.tweak.detect_spikes` on the covered local days of the period, or None.

    The baseline also reads the mentions of the weeks before the period, where the exports
    cover them (:func:`mentions_with_history`), so a one-month report judges its first days
    too; only the period's days are returned.
    """

    def compute():
        covered = ws.covered_span("mentions")
        if not len(ws.mentions) or covered is None:
            return None
        first, last = covered
        lookback = max(ws.spans["mentions"][0], first - pd.Timedelta(days=tweak.WINDOW))
        daily = tweak.daily_negative(
            mentions_with_history(ws),
            brand=ws.brand,
            start=lookback,
            end=last,
            timezone=ws.timezone,
        )
        spikes = tweak.detect_spikes(daily)
        in_period = spikes[spikes["date"] >= first.tz_localize(None)].reset_index(drop=True)
        in_period.attrs.update(spikes.attrs)
        return in_period

    return ws.memo("negative_spikes", compute)


def negative_incidents(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.tweak.group_incidents` of :func:`negative_spikes`, or None."""

    def compute():
        spikes = negative_spikes(ws)
        return None if spikes is None else tweak.group_incidents(spikes)

    return ws.memo("negative_incidents", compute)


def theme_counts(ws: Workspace) -> themes.TextCounts:
    """The term counts of the texts the report's themes read (:class:`ronr.themes.TextCounts`).

    Every tracked brand's names are the stop words. The FAQ themes, the competitors' shared
    themes and every placing of a text in them (content gap, responsiveness, incidents) read
    it, so each distinct text is cut into terms once per report.
    """
    return ws.memo("theme_counts", lambda: themes.TextCounts(themes.collect_brand_terms(ws.config)))


def faq_themes(ws: Workspace):
    """:func:`ronr.themes.question_themes` of the client: the fitted model and the FAQ table."""
    return ws.memo(
        "faq_themes",
        lambda: themes.question_themes(
            ws.mentions,
            brand=ws.brand,
            stop_words=themes.collect_brand_terms(ws.config),
            timezone=ws.timezone,
            max_texts=themes.MAX_FIT_TEXTS,
            counts=theme_counts(ws),
        ),
    )


def emerging_terms(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.themes.emerging_terms` of the client's mentions over the covered days,
    their terms read from :func:`theme_counts`."""

    def compute():
        first, last = ws.covered_span("mentions")
        return themes.emerging_terms(
            ws.own_mentions,
            start=first,
            end=last,
            stop_words=themes.collect_brand_terms(ws.config),
            timezone=ws.timezone,
            counts=theme_counts(ws),
        )

    return ws.memo("emerging_terms", compute)


def compared_themes(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.themes.compare_themes` of every tracked brand, the client first.

    Its own themes, fitted on all brands' mentions (not the FAQ's); the texts' term counts
    are shared with the FAQ (:func:`theme_counts`).
    """
    return ws.memo(
        "compared_themes",
        lambda: themes.compare_themes(
            ws.mentions,
            brands=ws.config.brand_names,
            brand=ws.brand,
            stop_words=themes.collect_brand_terms(ws.config),
            max_texts=themes.MAX_FIT_TEXTS,
            counts=theme_counts(ws),
        ),
    )


def text_themes(ws: Workspace) -> tuple[pd.Series, pd.Series]:
    """Each mention's and each post's theme: the FAQ themes (:func:`faq_themes`), placed as the
    content section places texts (:func:`ronr.audience.content_themes`: nearest theme at a
    cosine similarity of at least ``audience.MIN_THEME_SIMILARITY``), else "Other topics"
    (texts without a known term or without text included). The explorers filter by it.
    """

    def compute():
        model, _ = faq_themes(ws)
        names = {**model.labels, audience.OTHER_THEME: audience.OTHER_TOPICS}

        def place(texts: pd.Series) -> pd.Series:
            ids = model.assign(texts, min_similarity=audience.MIN_THEME_SIMILARITY)
            return ids.map(names).fillna(audience.OTHER_TOPICS).astype(object)

        return place(ws.mentions["text"]), place(ws.posts["text"])

    return ws.memo("text_themes", compute)


def content_themes(ws: Workspace) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`ronr.audience.content_themes` on the FAQ themes fitted once for the report."""
    model, _ = faq_themes(ws)
    return ws.memo(
        "content_themes",
        lambda: audience.content_themes(ws.mentions, ws.posts, brand=ws.brand, model=model),
    )


def within_channel(ws: Workspace, column: str) -> pd.DataFrame:
    """:func:`ronr.engagement.compare_within_channel` of the client's posts by ``column``."""
    return ws.memo(
        f"within_channel:{column}",
        lambda: engagement.compare_within_channel(ws.own_posts, by=column),
    )


def orbit_as_of(ws: Workspace) -> pd.Timestamp:
    """The first moment after the period (local midnight): members are judged as of then.

    Passed as ``as_of`` to :mod:`ronr.orbit`, so a quiet last month of the period can lower a
    member's level (Orbit downgrades only after a full quiet month).
    """
    return (ws.end.tz_localize(None) + pd.Timedelta(days=1)).tz_localize(ws.timezone)


def period_start(ws: Workspace) -> pd.Timestamp:
    """The first moment of the period (local midnight of its first day)."""
    return ws.start.tz_localize(None).tz_localize(ws.timezone)


def period_months(ws: Workspace) -> pd.DatetimeIndex:
    """The local months the period touches that the mention exports reach (naive month
    starts): a month after the last mention exported is unknown, not a month of zeros."""
    span = ws.covered_span("mentions") or (ws.start, ws.end)
    start, end = (day.tz_localize(None).to_period("M").start_time for day in span)
    return pd.date_range(start, end, freq="MS")


def activity_weights(ws: Workspace) -> dict[str, float]:
    """The weight of each kind of mention in a member's love: the defaults of
    :data:`ronr.orbit.DEFAULT_ACTIVITY_WEIGHTS`, overridden by ``members.activity_weights``."""
    return {**orbit.DEFAULT_ACTIVITY_WEIGHTS, **ws.config.members.activity_weights}


def _orbit_options(ws: Workspace) -> dict:
    return {
        "weights": activity_weights(ws),
        "staff": [*ws.config.brand.handles, *ws.config.members.staff],
        "timezone": ws.timezone,
        "as_of": orbit_as_of(ws),
        "brand": ws.brand,
    }


def member_levels_history(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.level_members_monthly` over the history and the period, every month."""
    return ws.memo(
        "member_levels_history",
        lambda: orbit.level_members_monthly(mentions_with_history(ws), **_orbit_options(ws)),
    )


def member_levels(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.level_members_monthly` of the client's members, months of the period only.

    Levels read the history before the period (:func:`mentions_with_history`), so a month's
    level is the same in every report that shows it. Judged as of :func:`orbit_as_of`; the
    month that moment starts (after the period) is left out. ``attrs`` keeps the excluded
    staff and bot-like authors.
    """

    def compute():
        table = member_levels_history(ws)
        attrs = dict(table.attrs)
        months = period_months(ws)
        shown = (table["period"] >= months[0]) & (table["period"] <= months[-1])
        table = table[shown].reset_index(drop=True)
        table.attrs = attrs
        return table

    return ws.memo("member_levels", compute)


def members(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.score_members` of the client's members in the period, their levels
    read on the history before it (answered columns unknown without replies)."""
    return ws.memo(
        "members",
        lambda: orbit.score_members(
            mentions_with_history(ws),
            responses=ws.responses if len(ws.responses) else None,
            since=period_start(ws),
            **_orbit_options(ws),
        ),
    )


def excluded_authors(ws: Workspace) -> pd.DataFrame:
    """The authors left out of the members: ``author reason mentions`` (staff, bot-like)."""
    return member_levels(ws).attrs["excluded"]


def level_movement(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.count_movement` of :func:`member_levels`."""
    return ws.memo("level_movement", lambda: orbit.count_movement(member_levels(ws)))


def cohorts(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.cohort_returns` of the client's members (staff and bots left out): the
    cohorts of the period's months, who is new judged on the history before it."""
    return ws.memo(
        "cohorts",
        lambda: orbit.cohort_returns(
            mentions_with_history(ws),
            timezone=ws.timezone,
            brand=ws.brand,
            exclude_authors=excluded_authors(ws)["author"],
            since=period_start(ws),
        ),
    )


def returning_authors(ws: Workspace, *, exclude_authors=None) -> pd.DataFrame:
    """:func:`ronr.growth.monthly_repeat_engagement` (3 months' lookback) of the period's months,
    who returns judged on the history before it.

    ``exclude_authors`` defaults to the staff and bot-like authors of :func:`excluded_authors`.
    """
    if exclude_authors is None:
        key, left_out = "returning_authors", excluded_authors(ws)["author"]
    else:
        left_out = list(exclude_authors)
        key = "returning_authors:" + "\x1f".join(map(str, left_out))

    def compute():
        table = growth.monthly_repeat_engagement(
            mentions_with_history(ws),
            brand=ws.brand,
            lookback=3,
            exclude_authors=left_out,
            timezone=ws.timezone,
        )
        months = period_months(ws)
        shown = (table["period"] >= months[0]) & (table["period"] <= months[-1])
        return table[shown].reset_index(drop=True)

    return ws.memo(key, compute)


def first_responses(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.channels.first_responses` of the client: one row per mention needing an answer."""
    return ws.memo(
        "first_responses",
        lambda: channels.first_responses(
            ws.mentions, ws.responses, brand=ws.brand, hours=ws.config.business_hours
        ),
    )


def theme_responsiveness(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.responsiveness_by_theme` over the FAQ themes of :func:`faq_themes`.

    Each mention needing an answer is in its nearest FAQ theme, as in the FAQ table.
    """

    def compute():
        model, _ = faq_themes(ws)
        asked = ws.mentions[needs_answer_of(ws.mentions, brand=ws.brand)]
        labelled = asked.assign(theme=model.assign(asked["text"]).map(model.label))
        return orbit.responsiveness_by_theme(first_responses(ws), labelled)

    return ws.memo("theme_responsiveness", compute)


def _audience_fit_by_month(ws: Workspace) -> pd.DataFrame:
    """``period fit``: per month with a snapshot, the fit of the latest snapshots up to it."""
    target = ws.config.target_market
    if not len(ws.audience) or not target:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "fit": []})
    day = ws.audience["as_of"].dt.tz_localize(None).dt.normalize()  # a day label, not an instant
    month = day.dt.to_period("M").dt.start_time
    rows = []
    for start in sorted(month.unique()):
        known = ws.audience[(month <= start).to_numpy()]
        fit = audience.audience_fit(known, target)
        rows.append(pd.DataFrame({"period": start, "fit": fit["fit"].astype(float)}))
    return pd.concat(rows, ignore_index=True)


def ror_components(ws: Workspace) -> pd.DataFrame:
    """The six ROR components scored per month of the period (``ronr.ror.score_*``), long.

    ``period component value score n small_sample scale``: the advocacy and conversation of
    :func:`member_levels`, the loyalty of ``growth.monthly_repeat_engagement`` (3 months'
    lookback, staff and bots left out), the responsiveness of :func:`first_responses` against
    ``responses.target_hours``, the net sentiment of the brand's mentions, and the audience fit
    of the snapshots, carried forward.
    """

    def compute():
        months = period_months(ws)
        levels = member_levels(ws)
        scored = [ror.score_advocacy(levels), ror.score_conversation(levels)]
        own = ws.mentions[ws.mentions["brand"] == ws.brand]
        if len(own):
            scored.append(ror.score_loyalty(returning_authors(ws)))
            sentiment = listen.net_sentiment(own, by=None, freq="MS", timezone=ws.timezone)
            scored.append(ror.score_sentiment(sentiment))
        answers = first_responses(ws)
        if len(ws.responses) and len(answers):
            scored.append(
                ror.score_responsiveness(
                    answers, target_hours=ws.config.responses.target_hours, timezone=ws.timezone
                )
            )
        scored.append(ror.score_audience_fit(_audience_fit_by_month(ws), months=months))
        frames = [t for t in scored if len(t)]
        if not frames:
            return pd.DataFrame(columns=ror.COMPONENT_COLUMNS)
        table = pd.concat(frames, ignore_index=True)
        table = table[table["period"].isin(months) & table["score"].notna()]
        return table.reset_index(drop=True)

    return ws.memo("ror_components", compute)


def ror_scores(ws: Workspace) -> pd.DataFrame:
    """The components' 0–100 scores, one column each in config order, one row per month."""

    def compute():
        wide = ror.combine_components([ror_components(ws)])
        return wide.reindex(index=period_months(ws), columns=list(ROR_COMPONENTS)).rename_axis(
            "period"
        )

    return ws.memo("ror_scores", compute)


def ror_index(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.ror.compute_ror_index` of :func:`ror_scores`, the client's ``ror_weights``."""
    return ws.memo(
        "ror_index",
        lambda: ror.compute_ror_index(ror_scores(ws), weights=ws.config.ror_weights),
    )


def ror_sensitivity(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.ror.ror_sensitivity` of :func:`ror_scores`: each weight −50 % and +50 %,
    for the components with data in some month (moving a missing one's weight moves nothing)."""

    def compute():
        scores = ror_scores(ws)
        table = ror.ror_sensitivity(scores, weights=ws.config.ror_weights)
        known = scores.columns[scores.notna().any()]
        return table[table["component"].isin(known)].reset_index(drop=True)

    return ws.memo("ror_sensitivity", compute)


def relationship_counts(ws: Workspace) -> pd.Series:
    """What the relationship did in the period, per action, for :func:`ronr.ror.value_ledger`.

    The members' distinct mentions by kind (share, mention, review, comment, reply; staff and
    bot-like authors left out), the advocates and fans at the period's end, and the net
    follower change over the channels with two counts (``follower``; missing without any).
    """

    def compute():
        own = ws.mentions[ws.mentions["brand"] == ws.brand]
        own = own[own["mention_id"].isna() | ~own["mention_id"].duplicated()]
        author = own["author"].astype("string").str.strip().str.lstrip("@").str.lower()
        left_out = set(
            excluded_authors(ws)["author"].astype(str).str.strip().str.lstrip("@").str.lower()
        )
        kept = own[author.notna() & (author != "") & ~author.isin(left_out)]
        kinds = kept["kind"].value_counts().reindex(list(orbit.DEFAULT_ACTIVITY_WEIGHTS))
        counts = kinds.fillna(0).astype(float)
        levels = members(ws)["level"].astype(object).value_counts()
        for level in ("advocate", "fan"):
            counts[level] = float(levels.get(level, 0))
        follower = float("nan")
        if len(ws.followers):
            table = growth.follower_growth(ws.followers, start=ws.start, end=ws.end)
            known = table["net_change"].dropna()
            if len(known):
                follower = float(known.sum())
        counts["follower"] = follower
        return counts

    return ws.memo("relationship_counts", compute)


def closest_fans(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.orbit.closest_fans` of :func:`members`: the worklist, at most 150."""
    return ws.memo("closest_fans", lambda: orbit.closest_fans(members(ws)))


def post_index(ws: Workspace) -> pd.Series:
    """Each feed post's engagement index (:func:`ronr.engagement.index_engagement`) of the client."""
    from .derive import feed_posts

    return ws.memo(
        "post_index",
        lambda: engagement.index_engagement(feed_posts(ws.own_posts))["engagement_index"],
    )


def resonance_lifts(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.resonance.lift_table` of the client's posts, on :func:`post_index`."""
    return ws.memo(
        "resonance_lifts",
        lambda: resonance.lift_table(ws.own_posts, index=post_index(ws), timezone=ws.timezone),
    )


def resonance_periods(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.resonance.compare_periods`: the last 28 days of posts against the 28 before."""
    return ws.memo(
        "resonance_periods",
        lambda: resonance.compare_periods(
            ws.own_posts, index=post_index(ws), timezone=ws.timezone, period=28
        ),
    )


def timing_cells(ws: Workspace) -> pd.DataFrame:
    """:func:`ronr.timing.timing_heatmap` of the client's posts (readiness in ``attrs``)."""
    return ws.memo(
        "timing_cells",
        lambda: timing.timing_heatmap(ws.own_posts, index=post_index(ws), timezone=ws.timezone),
    )


def _incident_inputs(ws: Workspace) -> dict:
    """What every :mod:`ronr.incidents` function reads of the client."""
    return {"mentions": ws.mentions, "brand": ws.brand, "timezone": ws.timezone}


def _replies(ws: Workspace) -> pd.DataFrame | None:
    """:func:`first_responses`, or None when the exports hold no reply (unknown, not none)."""
    return first_responses(ws) if len(ws.responses) else None


def incident_overview(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.incidents.incident_overview` of :func:`negative_incidents`, or None."""
    found = negative_incidents(ws)
    if found is None:
        return None
    return ws.memo(
        "incident_overview",
        lambda: incidents.incident_overview(
            found,
            **_incident_inputs(ws),
            first_responses=_replies(ws),
            hours=ws.config.business_hours,
            drivers=incident_drivers(ws),
        ),
    )


def incident_drivers(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.incidents.incident_drivers` of :func:`negative_incidents`, or None.

    The mentions carry their FAQ theme (:func:`faq_themes`, the nearest theme of each text).
    """
    found = negative_incidents(ws)
    if found is None:
        return None

    def compute():
        model, _ = faq_themes(ws)
        own = ws.mentions[ws.mentions["brand"] == ws.brand]
        # only the mentions an incident or its baseline reads need a theme
        day = own["created_at"].dt.tz_convert(ws.timezone).dt.tz_localize(None).dt.normalize()
        near = pd.Series(False, index=own.index)
        for row in found.itertuples():
            first = pd.Timestamp(row.start) - pd.Timedelta(days=incidents.BASELINE_DAYS)
            near |= (day >= first) & (day <= pd.Timestamp(row.end))
        own = own[near]
        labelled = own.assign(theme=model.assign(own["text"]).map(model.label))
        return incidents.incident_drivers(
            found,
            labelled,
            brand=ws.brand,
            timezone=ws.timezone,
            stop_words=themes.collect_brand_terms(ws.config),
        )

    return ws.memo("incident_drivers", compute)


def incident_mentions(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.incidents.incident_mentions` of :func:`negative_incidents`, or None."""
    found = negative_incidents(ws)
    if found is None:
        return None
    return ws.memo(
        "incident_mentions",
        lambda: incidents.incident_mentions(
            found,
            **_incident_inputs(ws),
            drivers=incident_drivers(ws),
            stop_words=themes.collect_brand_terms(ws.config),
        ),
    )


def incident_plan(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.incidents.plan_checklist` of the client's ``disaster_plan``, or None."""
    found = negative_incidents(ws)
    if found is None:
        return None
    return ws.memo(
        "incident_plan",
        lambda: incidents.plan_checklist(
            found,
            **_incident_inputs(ws),
            first_responses=_replies(ws),
            posts=ws.own_posts if len(ws.posts) else None,
            plan=ws.config.disaster_plan,
            hours=ws.config.business_hours,
            drivers=incident_drivers(ws),
        ),
    )


def incident_replay(ws: Workspace) -> pd.DataFrame | None:
    """:func:`ronr.incidents.replay_incidents` of :func:`negative_incidents`, or None."""
    found, spikes = negative_incidents(ws), negative_spikes(ws)
    if found is None or spikes is None:
        return None
    return ws.memo(
        "incident_replay",
        lambda: incidents.replay_incidents(
            found, spikes, **_incident_inputs(ws), drivers=incident_drivers(ws)
        ),
    )
