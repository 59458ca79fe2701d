"""The registry of metric definitions: every number in a report has one entry here.

Each entry names the one function that computes it (``function``), the formula in words, the
unit, a version (bumped whenever the formula changes, so old reports can be compared honestly)
and the source of the definition. The report's appendix prints this table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True, kw_only=True)
class Metric:
    key: str
    name: str
    stage: str
    formula: str
    unit: str
    version: str
    source: str
    function: str


KAUSHIK = "Kaushik, A. (2011), 'Best social media metrics: conversation, amplification, applause, economic value', Occam's Razor"
VADER = "Hutto, C.J. & Gilbert, E. (2014), 'VADER: a parsimonious rule-based model for sentiment analysis of social media text', ICWSM"
RONR = "ronr methodology (Return on Relationship)"
BOOTSTRAP = (
    "Efron, B. & Tibshirani, R.J. (1993), 'An Introduction to the Bootstrap', ch. 13; Field, "
    "C.A. & Welsh, A.H. (2007), 'Bootstrapping clustered data', JRSS B 69(3)"
)
FRACTIONAL = "Waltman, L. & van Eck, N.J. (2015), 'Field-normalized citation impact indicators and the choice of an appropriate counting method', J. Informetrics 9(4)"
ORBIT = "Orbit Model, github.com/orbit-love/orbit-model (README: love, reach, gravity; pages love/orbit-levels and gravity/measure)"
DUNBAR = "Dunbar, R.I.M. (1992), 'Neocortex size as a constraint on group size in primates', J. Human Evolution 22(6)"
FERRARA = "Ferrara, E., Varol, O., Davis, C., Menczer, F. & Flammini, A. (2016), 'The rise of social bots', Communications of the ACM 59(7)"
WILSON = "Wilson, E.B. (1927), 'Probable inference, the law of succession, and statistical inference', JASA 22"

_METRICS = (
    Metric(
        key="mention_volume",
        name="Mention volume",
        stage="listen",
        formula="distinct mentions (by mention id; a row without one is its own mention) per brand "
        "per day, week or month in the client's time zone; a mention naming two brands counts "
        "once for each",
        unit="mentions",
        version="2",
        source=RONR,
        function="ronr.listen.count_mentions",
    ),
    Metric(
        key="share_of_voice",
        name="Share of voice",
        stage="listen",
        formula="fractional counting: a mention naming k tracked brands counts 1/k to each; share = "
        "Σ 1/k over the brand's distinct mentions / distinct mentions of all tracked brands "
        "(shares add up to 1); 95% percentile interval from an author-cluster bootstrap (1,000 "
        "resamples of authors with all their mentions, seed 0; a mention without author is its "
        "own cluster); small sample below 10 authors",
        unit="share (0–1)",
        version="2",
        source=f"Industry standard share of voice; {FRACTIONAL}; {BOOTSTRAP}",
        function="ronr.listen.share_of_voice",
    ),
    Metric(
        key="share_of_voice_weighted",
        name="Share of voice, audience-weighted",
        stage="listen",
        formula="Σ weights of a brand's mentions / Σ weights of all tracked brands' mentions, "
        "where a mention weighs 1 + log10(1 + author followers), split 1/k over the k tracked "
        "brands it names; missing when no mention has its author's follower count",
        unit="share (0–1)",
        version="3",
        source=RONR,
        function="ronr.listen.share_of_voice",
    ),
    Metric(
        key="share_of_voice_engagement",
        name="Share of voice, engagement-weighted",
        stage="listen",
        formula="Σ (1 + engagements received) over a brand's mentions / the same over all tracked brands' "
        "mentions (a mention with unknown engagements counts once), each mention's weight split "
        "1/k over the k tracked brands it names; missing without engagement data",
        unit="share (0–1)",
        version="2",
        source=RONR,
        function="ronr.listen.share_of_voice",
    ),
    Metric(
        key="sentiment_compound",
        name="Sentiment (VADER compound)",
        stage="listen",
        formula="VADER compound score of the mention text with URLs, @handles and the tracked brands' "
        "names and keywords (also as hashtags) masked by a neutral token and other hashtags read "
        "as their words (#LoveIt → Love It), for texts detected as English (or too short to "
        "tell); positive ≥ 0.05, negative ≤ −0.05, else neutral; other languages are not scored",
        unit="score (−1..1)",
        version="2",
        source=VADER,
        function="ronr.sentiment.score_texts",
    ),
    Metric(
        key="mean_compound",
        name="Mean sentiment score",
        stage="listen",
        formula="mean of sentiment_compound over a group's scored mentions (neutral included; "
        "unscored mentions left out, not counted as 0)",
        unit="score (−1..1)",
        version="1",
        source=VADER,
        function="ronr.listen.net_sentiment",
    ),
    Metric(
        key="scored_share",
        name="Share scored for sentiment",
        stage="listen",
        formula="mentions of a language with a sentiment score / all its mentions (only English, "
        "or texts too short to tell, are scored)",
        unit="share (0–1)",
        version="1",
        source=VADER,
        function="ronr.listen.language_mix",
    ),
    Metric(
        key="language_mix",
        name="Language mix",
        stage="listen",
        formula="mentions per language detected by py3langid (confidence ≥ 0.5, texts of 12+ letters) "
        "on the text without URLs and @handles, hashtags read as words, and the share of them "
        "with a sentiment score, over distinct mentions",
        unit="mentions, share (0–1)",
        version="3",
        source="Lui, M. & Baldwin, T. (2012), 'langid.py: an off-the-shelf language identification tool', ACL",
        function="ronr.listen.language_mix",
    ),
    Metric(
        key="net_sentiment",
        name="Net sentiment",
        stage="listen",
        formula="(positive − negative) / (positive + negative) mentions, labelled as in "
        "sentiment_compound (handles, URLs and tracked brand names masked, hashtags read as "
        "words), undefined when both are 0; "
        "95% Wilson interval of p = positive / (positive + negative), as 2p − 1; "
        "n = positive + negative (neutral mentions carry no sign); each mention counted once per "
        "group, periods in the client's time zone",
        unit="ratio (−1..1)",
        version="4",
        source=RONR,
        function="ronr.listen.net_sentiment",
    ),
    Metric(
        key="theme_share",
        name="Theme share",
        stage="listen",
        formula="mentions assigned to a theme (TF-IDF on distinct texts + k-means, nearest centroid) / "
        "all mentions summarised",
        unit="share (0–1)",
        version="1",
        source="Salton & Buckley (1988) TF-IDF; Arthur & Vassilvitskii (2007) k-means++",
        function="ronr.themes.summarise_themes",
    ),
    Metric(
        key="theme_sentiment",
        name="Sentiment by theme",
        stage="listen",
        formula="mean VADER compound of the theme's scored mentions (as sentiment_compound: handles, "
        "URLs and tracked brand names masked, hashtags read as words), and its net sentiment "
        "with a 95% Wilson interval clipped to [−1, 1] (n = positive + negative); periods in the "
        "client's time zone",
        unit="score (−1..1)",
        version="3",
        source=VADER,
        function="ronr.themes.summarise_themes",
    ),
    Metric(
        key="theme_trend",
        name="Theme trend",
        stage="listen",
        formula="least-squares slope of the theme's mentions per month against the month number "
        "(> 0: growing), months in the client's time zone",
        unit="mentions per month, per month",
        version="2",
        source=RONR,
        function="ronr.themes.summarise_themes",
    ),
    Metric(
        key="faq_theme_share",
        name="FAQ theme share",
        stage="listen",
        formula="a theme's share of the brand's mentions that need an answer (questions and negative "
        "mentions, not shares)",
        unit="share (0–1)",
        version="1",
        source=RONR,
        function="ronr.themes.question_themes",
    ),
    Metric(
        key="theme_brand_share",
        name="Theme share by brand",
        stage="listen",
        formula="a brand's mentions in a theme shared by all brands / all that brand's mentions; a brand "
        "is praised in a theme when it has ≥ 10 signed (positive + negative) mentions there and "
        "the lower bound of its net sentiment's 95% Wilson interval is ≥ 0.2; a theme is flagged "
        "where a competitor is praised and the client is not (fewer than 10 signed mentions, a "
        "lower bound under 0.2, or an upper bound below that competitor's lower bound)",
        unit="share (0–1)",
        version="2",
        source=f"Wilson, E.B. (1927), 'Probable inference, the law of succession, and statistical inference', JASA 22; {RONR}",
        function="ronr.themes.compare_themes",
    ),
    Metric(
        key="emerging_term_lift",
        name="Emerging-term lift",
        stage="listen",
        formula="((recent mentions with the term + 0.5) / recent days) ÷ ((baseline mentions + 0.5) / "
        "baseline days), 28 recent days against the 182 before, counting only days the mention "
        "exports cover (at least 28 baseline days), in whole local days; listed when recent ≥ 5, "
        "lift ≥ 3 and the Benjamini–Hochberg q ≤ 0.05, where p = P(X ≥ recent), X ~ Binomial(recent "
        "+ baseline, recent days / all days), over every term with recent + baseline ≥ 5",
        unit="ratio",
        version="3",
        source="Przyborowski, J. & Wileński, H. (1940), 'Homogeneity of results in testing samples "
        "from Poisson series', Biometrika 31; Benjamini, Y. & Hochberg, Y. (1995), 'Controlling "
        "the false discovery rate', JRSS B 57",
        function="ronr.themes.emerging_terms",
    ),
    Metric(
        key="sentiment_accuracy",
        name="Sentiment accuracy",
        stage="listen",
        formula="labelled mentions whose VADER label (sentiment_compound) is the label a person "
        "gave / labelled mentions VADER scored, over the client's labels.csv (a stratified "
        "sample by channel × VADER label); 95% Wilson interval",
        unit="share (0–1)",
        version="1",
        source=f"{WILSON}; {VADER}",
        function="ronr.labels.check_sentiment",
    ),
    Metric(
        key="sentiment_macro_recall",
        name="Sentiment macro recall",
        stage="listen",
        formula="mean over the labels people used (positive, neutral, negative) of the share of "
        "that label's mentions VADER labelled alike; 95% percentile interval of 2,000 bootstrap "
        "resamples of the labelled mentions (seed 0)",
        unit="share (0–1)",
        version="1",
        source="Sokolova, M. & Lapalme, G. (2009), 'A systematic analysis of performance measures "
        f"for classification tasks', Information Processing and Management 45(4); {BOOTSTRAP}",
        function="ronr.labels.check_sentiment",
    ),
    Metric(
        key="sentiment_confusion",
        name="Sentiment confusion matrix",
        stage="listen",
        formula="labelled mentions counted by the label a person gave (rows) and VADER's label "
        "(columns), 3 × 3",
        unit="mentions",
        version="1",
        source=VADER,
        function="ronr.labels.check_sentiment",
    ),
    Metric(
        key="lexicon_override",
        name="Lexicon override proposal",
        stage="listen",
        formula="a word (3+ letters, no stop word, brand names masked) proposed when it is in ≥ 3 "
        "labelled mentions VADER misread, ≥ 80% of them misread the same way with the same "
        "label from people, and ≥ half of the labelled mentions holding it misread; proposed "
        "valence 0 for neutral, else max(|VADER valence|, 2.0) with the sign of people's "
        "label; applied from client.yaml sentiment.lexicon_overrides to a copy of the lexicon, "
        "the scores cached per version (fingerprint) of the overrides",
        unit="valence (−4..4)",
        version="1",
        source=VADER,
        function="ronr.labels.propose_overrides",
    ),
    Metric(
        key="audience_fit",
        name="Audience fit",
        stage="audience",
        formula="1 − total variation distance = 1 − ½·Σ|audience share − target share| over a dimension's buckets",
        unit="score (0–1)",
        version="1",
        source=RONR,
        function="ronr.audience.audience_fit",
    ),
    Metric(
        key="audience_index",
        name="Audience index",
        stage="audience",
        formula="audience share / target-market share × 100 per bucket (100 = as in the target market)",
        unit="index",
        version="1",
        source="Standard audience index (as in media planning)",
        function="ronr.audience.audience_index",
    ),
    Metric(
        key="channel_audience_fit",
        name="Channel audience fit",
        stage="audience",
        formula="mean of the channel's audience fit over the dimensions it reports",
        unit="score (0–1)",
        version="1",
        source=RONR,
        function="ronr.audience.channel_fit",
    ),
    Metric(
        key="target_mix_followers",
        name="Followers matching the target mix",
        stage="audience",
        formula="latest follower count × mix match, where mix match = product over the channel's "
        "reported dimensions of its audience fit (Σ min(audience share, target share)), "
        "assuming the dimensions are independent; an estimate of how many followers the target "
        "mix accounts for, not a count of followers in targeted buckets (exports give shares)",
        unit="followers",
        version="2",
        source=RONR,
        function="ronr.audience.target_mix_followers",
    ),
    Metric(
        key="follower_growth",
        name="Follower growth",
        stage="audience",
        formula="last − first known follower count in the period; rate = change / first count; over "
        "several channels (the cover) Σ change / Σ first count of the channels with two counts",
        unit="followers; share",
        version="2",
        source=RONR,
        function="ronr.growth.follower_growth",
    ),
    Metric(
        key="monthly_follower_change",
        name="Monthly follower change",
        stage="audience",
        formula="a month's last count − the previous month's last count (after a gap: the month's first "
        "count); rate = change / that baseline; months without counts are missing",
        unit="followers; share",
        version="1",
        source=RONR,
        function="ronr.growth.monthly_followers",
    ),
    Metric(
        key="repeat_share",
        name="Repeat-author share",
        stage="audience",
        formula="mentions of the brand by authors with ≥ 2 mentions of it / its mentions with an author",
        unit="share (0–1)",
        version="1",
        source=RONR,
        function="ronr.growth.repeat_engagement",
    ),
    Metric(
        key="returning_share",
        name="Returning-author share",
        stage="audience",
        formula="a month's mentions by authors who mentioned the brand in one of the 3 months before / "
        "the month's mentions (the first 3 months are not judged)",
        unit="share (0–1)",
        version="1",
        source=RONR,
        function="ronr.growth.monthly_repeat_engagement",
    ),
    Metric(
        key="engagement_by_theme",
        name="Engagement rate per post, by theme",
        stage="audience",
        formula="mean over the client's posts of engagements / reach per theme (a post joins its nearest "
        "theme at cosine similarity ≥ 0.2, else 'Other topics'), 95% Student-t interval clipped "
        "at 0, n < 10 flagged",
        unit="share of reach",
        version="2",
        source=RONR,
        function="ronr.audience.engagement_by_theme",
    ),
    Metric(
        key="content_gap",
        name="Content gap",
        stage="audience",
        formula="a theme's share of the audience's questions and complaints − its share of the client's "
        "posts with a text, shares over all items; a text counts in its nearest theme only at "
        "cosine similarity (theme_similarity) ≥ 0.2, else in an 'Other topics' row; 95% Newcombe "
        "hybrid interval clipped to [−1, 1] (positive: content to make)",
        unit="share points",
        version="2",
        source="Newcombe, R.G. (1998), 'Interval estimation for the difference between independent proportions', Stat. Med.",
        function="ronr.audience.content_gap",
    ),
    Metric(
        key="theme_similarity",
        name="Theme similarity",
        stage="audience",
        formula="cosine similarity x·c / (‖x‖‖c‖) between a text's TF-IDF vector and the centroid of "
        "its nearest theme",
        unit="score (0–1)",
        version="1",
        source="Salton, G. & McGill, M.J. (1983), 'Introduction to Modern Information Retrieval'",
        function="ronr.themes.ThemeModel.similarity",
    ),
    Metric(
        key="posts_per_week",
        name="Posting cadence",
        stage="channels",
        formula="posts published / weeks in the period, per channel",
        unit="posts per week",
        version="1",
        source=RONR,
        function="ronr.channels.summarise_channels",
    ),
    Metric(
        key="share_of_posts",
        name="Share of posts",
        stage="channels",
        formula="the client's posts on a channel in the period / its posts on all channels",
        unit="share (0–1)",
        version="1",
        source=RONR,
        function="ronr.channels.summarise_channels",
    ),
    Metric(
        key="effort_share",
        name="Effort share",
        stage="channels",
        formula="configured effort on a channel / total configured effort",
        unit="share (0–1)",
        version="1",
        source=RONR,
        function="ronr.channels.summarise_channels",
    ),
    Metric(
        key="response_rate",
        name="Response rate",
        stage="channels",
        formula="mentions needing an answer (see needs_answer) with a brand reply / all such "
        "mentions; mentions whose need is unknown are counted beside it, never in it",
        unit="share (0–1)",
        version="2",
        source=RONR,
        function="ronr.channels.response_times",
    ),
    Metric(
        key="needs_answer",
        name="Needs an answer",
        stage="channels",
        formula="yes for a mention of the brand that is not a share and asks something (a "
        "question mark of any script, ? ¿ ？ ؟, or a leading English question word) or is "
        "negative (sentiment_compound ≤ −0.05); unknown when it is neither and has no sentiment "
        "label (a language the scorer cannot read, or no text); no otherwise",
        unit="yes / no / unknown per mention",
        version="2",
        source=RONR,
        function="ronr.derive.answer_need",
    ),
    Metric(
        key="arrival_window",
        name="Arrival window",
        stage="channels",
        formula="when a mention needing an answer arrived, in the client's time zone: business "
        "hours (an open day between start and end), outside hours (an open day, before start or "
        "after end) or closed day (a day not in business_hours.days, or a holiday); response "
        "rate and first-response time are split by it",
        unit="category",
        version="1",
        source=RONR,
        function="ronr.channels.arrival_window",
    ),
    Metric(
        key="first_response_time",
        name="First-response time",
        stage="channels",
        formula="time from a mention needing an answer to the brand's first reply, median and 90th "
        "percentile, in business hours (only the client's open days and hours, in its time zone, "
        "daylight-saving aware, holidays from client.yaml; the helpdesk convention of Zendesk, "
        "Help Scout and Jira Service Management calendars) and in clock hours, each named",
        unit="hours",
        version="2",
        source="Helpdesk business-hours SLA convention (Zendesk, Help Scout, Jira Service Management)",
        function="ronr.channels.response_times",
    ),
    Metric(
        key="within_target",
        name="Within the response target",
        stage="channels",
        formula="mentions needing an answer whose first reply came within responses.target_hours "
        "business hours / all mentions needing an answer (an unanswered one missed the target)",
        unit="share (0–1)",
        version="1",
        source=RONR,
        function="ronr.channels.response_times",
    ),
    Metric(
        key="responses_matched",
        name="Replies matched to a mention",
        stage="channels",
        formula="the brand's replies, split into those answering one of its mentions in the exports, "
        "a mention of another brand, and a mention not in the exports (not counted in the "
        "response rate)",
        unit="replies",
        version="1",
        source=RONR,
        function="ronr.channels.count_responses",
    ),
    Metric(
        key="posts",
        name="Posts",
        stage="measure",
        formula="count of the brand's posts published in the period",
        unit="posts",
        version="1",
        source=RONR,
        function="ronr.measure.kaushik_rates",
    ),
    Metric(
        key="conversation_rate",
        name="Conversation rate",
        stage="measure",
        formula="comments / posts (also per 1,000 followers at post time)",
        unit="comments per post",
        version="1",
        source=KAUSHIK,
        function="ronr.measure.kaushik_rates",
    ),
    Metric(
        key="amplification_rate",
        name="Amplification rate",
        stage="measure",
        formula="shares (retweets, reposts) / posts (also per 1,000 followers at post time)",
        unit="shares per post",
        version="1",
        source=KAUSHIK,
        function="ronr.measure.kaushik_rates",
    ),
    Metric(
        key="applause_rate",
        name="Applause rate",
        stage="measure",
        formula="likes (all reactions) / posts (also per 1,000 followers at post time)",
        unit="likes per post",
        version="1",
        source=KAUSHIK,
        function="ronr.measure.kaushik_rates",
    ),
    Metric(
        key="engagements",
        name="Engagements of a post",
        stage="measure",
        formula="likes + comments + shares + saves + clicks, over the components the post's "
        "channel reports (facebook, x, linkedin: likes, comments, shares, clicks; instagram, "
        "tiktok: likes, comments, shares, saves; youtube: likes, comments, shares; others: all) "
        "and its export has; missing when one of those is missing on the post (not summed as 0)",
        unit="engagements",
        version="2",
        source=KAUSHIK,
        function="ronr.derive.engagements",
    ),
    Metric(
        key="engagement_rate_reach",
        name="Engagement rate by reach",
        stage="measure",
        formula="Σ engagements (see engagements) / Σ reach over posts with both known and reach > 0",
        unit="share of reach",
        version="2",
        source=RONR,
        function="ronr.measure.engagement_rate",
    ),
    Metric(
        key="engagement_rate_impressions",
        name="Engagement rate by impressions",
        stage="measure",
        formula="Σ engagements (see engagements) / Σ impressions over posts with both known and "
        "impressions > 0",
        unit="share of impressions",
        version="2",
        source=RONR,
        function="ronr.measure.engagement_rate",
    ),
    Metric(
        key="member_love",
        name="Member love",
        stage="measure",
        formula="per author of the brand's mentions (a member): love = Σ activity weights of their "
        "distinct mentions in the period (share 3, mention 2, review 2, comment 1, reply 1); "
        "also activities, reach (largest follower count seen), first and last seen, active "
        "months, tenure = last − first seen and recency = end of period − last seen, in days; "
        "answered = their mentions with a brand reply / their mentions (missing without a "
        "replies export); the brand's own handles (staff) and bot-like authors (bot_authors) "
        "are left out",
        unit="love points",
        version="1",
        source=ORBIT,
        function="ronr.orbit.score_members",
    ),
    Metric(
        key="member_level",
        name="Member level (orbit)",
        stage="measure",
        formula="per member and month, over that month and the 2 before (local months): advocate "
        "(orbit 1) when love ≥ 12 and active in ≥ 2 of the 3 months; fan (orbit 2) when love ≥ 6 "
        "and active in ≥ 2 months; participant (orbit 3) when love ≥ 3 or active in ≥ 2 months; "
        "observer (orbit 4) with any activity; a member moves up at once and down only after a "
        "full month without activity; a member's level is that of the period's last month, read "
        "on every mention exported before the period too (the same month has the same level in "
        "every report)",
        unit="level (advocate, fan, participant, observer)",
        version="2",
        source=ORBIT,
        function="ronr.orbit.level_members_monthly",
    ),
    Metric(
        key="bot_authors",
        name="Bot-like authors",
        stage="measure",
        formula="an author (not the brand's own) with ≥ 20 mentions in one local day on ≥ 3 days, "
        "or with ≥ 10 mentions with text of which ≥ 90% have the same text once lower-cased and "
        "stripped of links, handles, digits and spacing (shares not counted); left out of the "
        "members and counted apart, as are the brand's own handles",
        unit="authors",
        version="1",
        source=FERRARA,
        function="ronr.orbit.score_members",
    ),
    Metric(
        key="level_movement",
        name="Level movement",
        stage="measure",
        formula="per month: members with a level, split by level; new (first month), returned "
        "(back after a month out of orbit), moved up, held and moved down (a level in this and "
        "the previous month, by direction), left (a level last month, none now); members = new "
        "+ returned + moved up + held + moved down",
        unit="members",
        version="1",
        source=ORBIT,
        function="ronr.orbit.count_movement",
    ),
    Metric(
        key="orbit_gravity",
        name="Gravity",
        stage="measure",
        formula="weighted commitment = Σ over levels of weight² × members, weights observer 1, "
        "participant 4, fan 7, advocate 10; gravity = change of the weighted commitment on the "
        "previous month / members (missing in the first month)",
        unit="weighted commitment per member",
        version="1",
        source=ORBIT,
        function="ronr.orbit.count_movement",
    ),
    Metric(
        key="cohort_returns",
        name="Cohort return rate",
        stage="measure",
        formula="members grouped by the local month of their first mention of the brand in the "
        "data (a cohort); per cohort the share active again k months later (k = 0 is 100%); "
        "months past the data are missing, not 0; the first cohort also holds earlier authors",
        unit="share (0–1)",
        version="1",
        source=ORBIT,
        function="ronr.orbit.cohort_returns",
    ),
    Metric(
        key="closest_fans",
        name="Closest fans (worklist)",
        stage="measure",
        formula="the members ordered by level (advocates first), then love, then most recently "
        "seen; at most 150, the number of stable relationships one person can keep",
        unit="members (at most 150)",
        version="1",
        source=f"{ORBIT}; {DUNBAR}",
        function="ronr.orbit.closest_fans",
    ),
    Metric(
        key="response_rate_by_theme",
        name="Response rate by FAQ theme",
        stage="measure",
        formula="per FAQ theme (faq_theme_share: each mention needing an answer in its nearest "
        "theme): answered / needing an answer (the brand's own replies), with a 95% Wilson "
        "interval, and the median first-response time of the answered ones in business hours "
        "(the client's calendar) and clock hours; small sample below 10 needing an answer",
        unit="share (0–1)",
        version="1",
        source=f"{WILSON}; {RONR}",
        function="ronr.orbit.responsiveness_by_theme",
    ),
    Metric(
        key="ror_advocacy",
        name="ROR component: advocacy",
        stage="measure",
        formula="per month: members active in the month whose level (member_level) is advocate "
        "or fan / members active in the month, × 100",
        unit="score (0–100)",
        version="1",
        source=f"{ORBIT}; {RONR}",
        function="ronr.ror.score_advocacy",
    ),
    Metric(
        key="ror_loyalty",
        name="ROR component: loyalty",
        stage="measure",
        formula="per month: the brand's authors (staff and bot-like authors left out) who also "
        "mentioned it in one of the 3 months before / the month's authors, × 100; the first 3 "
        "months of the data are not judged (no data)",
        unit="score (0–100)",
        version="1",
        source=RONR,
        function="ronr.ror.score_loyalty",
    ),
    Metric(
        key="ror_conversation",
        name="ROR component: conversation",
        stage="measure",
        formula="per month: x = activities / members active in the month; score = (x − 1) / "
        "(4 − 1) × 100 clipped to 0–100 (0: every member spoke once; 100: 4 or more activities "
        "per member, about one a week)",
        unit="score (0–100)",
        version="1",
        source=RONR,
        function="ronr.ror.score_conversation",
    ),
    Metric(
        key="ror_responsiveness",
        name="ROR component: responsiveness",
        stage="measure",
        formula="per month: mentions needing an answer answered within responses.target_hours "
        "business hours / all mentions needing an answer that month (an unanswered one missed "
        "the target), × 100",
        unit="score (0–100)",
        version="1",
        source=RONR,
        function="ronr.ror.score_responsiveness",
    ),
    Metric(
        key="ror_sentiment",
        name="ROR component: sentiment",
        stage="measure",
        formula="per month: x = net sentiment of the brand's mentions (net_sentiment, −1..1); "
        "score = (x + 1) / 2 × 100",
        unit="score (0–100)",
        version="1",
        source=f"{VADER}; {RONR}",
        function="ronr.ror.score_sentiment",
    ),
    Metric(
        key="ror_audience_fit",
        name="ROR component: audience fit",
        stage="measure",
        formula="per month: mean audience fit (audience_fit, 0..1) over the channels and "
        "dimensions of the latest audience snapshots up to that month, × 100; a snapshot is "
        "carried forward until the next one; months before the first snapshot have no data",
        unit="score (0–100)",
        version="1",
        source=RONR,
        function="ronr.ror.score_audience_fit",
    ),
    Metric(
        key="ror_index",
        name="Return-on-Relationship index",
        stage="measure",
        formula="per month: Σ weight × score over the six components (ror_advocacy, ror_loyalty, "
        "ror_conversation, ror_responsiveness, ror_sentiment, ror_audience_fit, each 0–100) / Σ "
        "weight of the components with data that month; weights from ror_weights in "
        "client.yaml, equal by default; a component without data drops out and the others' "
        "weights are renormalised (never read as 0); contribution of a component = its "
        "renormalised weight × its score (they add up to the index)",
        unit="index (0–100)",
        version="1",
        source=RONR,
        function="ronr.ror.compute_ror_index",
    ),
    Metric(
        key="ror_sensitivity",
        name="ROR index sensitivity to the weights",
        stage="measure",
        formula="each component's weight lowered and raised by 50% in turn, the others kept: the "
        "index of the last month and its change (points), the mean index over the months, the "
        "Spearman rank correlation of the months' ranking with the base weights', and whether "
        "the best month changes",
        unit="index points",
        version="1",
        source=f"Spearman, C. (1904), 'The proof and measurement of association between two "
        f"things', Am. J. Psychology 15; {RONR}",
        function="ronr.ror.ror_sensitivity",
    ),
    Metric(
        key="value_ledger",
        name="Value ledger",
        stage="measure",
        formula="per action with a money value in the client's money_values: count in the period × "
        "the client's value of one action, in the client's currency; counts: the members' "
        "shares, mentions, reviews, comments and replies, advocates and fans at the period's "
        "end, and the net follower change; without money values nothing is converted",
        unit="money (the client's currency)",
        version="1",
        source=RONR,
        function="ronr.ror.value_ledger",
    ),
    Metric(
        key="period_change",
        name="Change against the earlier period",
        stage="measure",
        formula="a cover headline's value this period − its value over the period compared with "
        "(the same length just before, or one named with --compare): a share in percentage "
        "points, with Newcombe's 95% interval of the difference of two proportions (method 10, "
        "from each side's Wilson interval) where its n is its denominator (share of voice, "
        "response rate); a count as the difference and its % of the earlier value; hours, "
        "scores and the ROR index as the difference in their unit; 'no earlier data' when the "
        "earlier period has no value",
        unit="the headline's unit (percentage points for a share)",
        version="1",
        source=f"{RONR}; Newcombe, R.G. (1998), 'Interval estimation for the difference between "
        "independent proportions', Statistics in Medicine 17(8)",
        function="ronr.summary.compare_headlines",
    ),
    Metric(
        key="engagement_by_group",
        name="Engagement rate per post, by group",
        stage="tweak",
        formula="mean over posts of engagements / reach (else / impressions where the posts have no "
        "reach; else engagements per post where they have neither, named in the table), with a "
        "95% Student-t interval clipped at 0; n < 10 is flagged; pooled over channels, so "
        "descriptive only: recommendations rest on engagement_index_effect",
        unit="share of reach or impressions, or engagements per post",
        version="2",
        source=RONR,
        function="ronr.engagement.engagement_by",
    ),
    Metric(
        key="engagement_index",
        name="Engagement index (within channel)",
        stage="tweak",
        formula="a post's engagements / reach, else / impressions, else engagements per post (basis "
        "chosen per channel) ÷ the median of the brand's feed posts on that channel (1 = a typical "
        "post there; Stories are compared with nothing in the feed); missing where the value is missing or the channel median is 0 or unknown; "
        "per group the mean index with a 95% Student-t interval clipped at 0, n < 10 flagged",
        unit="× the channel's typical post",
        version="1",
        source="Simpson, E.H. (1951), 'The interpretation of interaction in contingency tables', "
        f"JRSS B 13; {RONR}",
        function="ronr.engagement.index_engagement",
    ),
    Metric(
        key="engagement_index_effect",
        name="Within-channel effect on engagement",
        stage="tweak",
        formula="in each channel where a group and the other posts have ≥ 2 posts each, the group's "
        "mean engagement index − the others'; over channels a Mantel–Haenszel weighted mean "
        "(weight n_group·n_other / n_channel) with variance Σw²(s²_g/n_g + s²_o/n_o) / (Σw)² and a "
        "t interval on Satterthwaite degrees of freedom (Welch's for one channel)",
        unit="typical posts of the channel (difference of indexes)",
        version="1",
        source="Greenland, S. & Robins, J.M. (1985), Biometrics 41; Welch, B.L. (1947), Biometrika "
        "34; Satterthwaite, F.E. (1946), Biometrics Bulletin 2",
        function="ronr.engagement.compare_within_channel",
    ),
    Metric(
        key="hashtag_effect",
        name="Hashtag effect",
        stage="tweak",
        formula="engagement per post (as engagement_by_group: by reach, else impressions, else "
        "engagements per post) of one channel's posts with a #hashtag against those without, "
        "with 95% Student-t intervals, and the difference (with − without) with Welch's 95% "
        "interval; posts without text, and Stories, are left out",
        unit="share of reach or impressions, or engagements per post",
        version="3",
        source="Channel etiquette (no hashtags on Facebook); Welch, B.L. (1947), Biometrika 34",
        function="ronr.engagement.hashtag_effect",
    ),
    Metric(
        key="negative_spike",
        name="Negative spike",
        stage="tweak",
        formula="a local day (client's time zone) with at least 5 negative mentions and more than "
        "baseline + 4·scale, where baseline = the median of the same weekday's counts in the 28 "
        "days before and scale = max(1.4826·MAD of those days' week-on-week changes / √2, "
        "√max(baseline, median of the 28 days), 1); spike days enter later windows as their "
        "baseline; a day needs 28 covered days before it (the weeks before the period count)",
        unit="flag per day",
        version="3",
        source="Hampel, F.R. (1974), JASA 69; Leys, C. et al. (2013), J. Exp. Soc. Psychol. 49; "
        "Hochenbaum, J., Vallis, O.S. & Kejariwal, A. (2017), arXiv:1704.07706 (S-H-ESD); "
        "Hutwagner, L. et al. (2003), J. Urban Health 80 (CDC EARS)",
        function="ronr.tweak.detect_spikes",
    ),
    Metric(
        key="negative_incident",
        name="Negative incident",
        stage="tweak",
        formula="negative-spike days at most 1 unflagged day apart, joined: start, peak (the day "
        "with the most negative mentions), end, negative mentions summed over start..end, and "
        "the peak day's baseline; largest first",
        unit="incident (days, negative mentions)",
        version="1",
        source=RONR,
        function="ronr.tweak.group_incidents",
    ),
    Metric(
        key="resonance_lift",
        name="Lift against the channel's typical post",
        stage="tweak",
        formula="per group of the client's feed posts (post type, weekday and part of the day "
        "in the client's time zone, theme, text length, media, hashtags, links, paid or "
        "organic): the median of its posts' engagement index (engagement_index) − 1; a 95% "
        "percentile bootstrap interval of that median (4,000 resamples of posts, seeded, never "
        "below −100%); groups of fewer than 10 posts are shown with the posts they need and "
        "never ranked; a group beats (trails) its channel's typical post when its interval at "
        "1 − 0.05/k, k the ranked groups (Bonferroni), lies wholly above (below) 0",
        unit="share of the channel's typical post, as a lift",
        version="1",
        source="Efron, B. & Tibshirani, R.J. (1993), 'An Introduction to the Bootstrap', ch. 13; "
        f"Bonferroni, C.E. (1936); {RONR}",
        function="ronr.resonance.lift_table",
    ),
    Metric(
        key="resonance_change",
        name="Change in lift, latest 28 days against the 28 before",
        stage="tweak",
        formula="per group, resonance_lift over the posts of the last 28 local days minus that "
        "over the 28 days before (the same typical post of each channel for both), with a 95% "
        "percentile bootstrap interval of the difference of the two medians (each period "
        "resampled on its own); a group needs 10 posts in each period; rose (fell) when the "
        "interval at 1 − 0.05/k lies wholly above (below) 0",
        unit="share of the channel's typical post, as a lift",
        version="1",
        source="Efron, B. & Tibshirani, R.J. (1993), 'An Introduction to the Bootstrap', ch. 13",
        function="ronr.resonance.compare_periods",
    ),
    Metric(
        key="best_time_to_post",
        name="Best time to post (weekday and hour)",
        stage="tweak",
        formula="per channel with at least 16 weeks from its first to its last post, per local "
        "weekday and hour of publication: the median engagement index of the posts published "
        "then; a cell with fewer than 5 posts is left blank",
        unit="× the channel's typical post",
        version="1",
        source=RONR,
        function="ronr.timing.timing_heatmap",
    ),
    Metric(
        key="timing_history",
        name="History for the best time to post",
        stage="tweak",
        formula="per channel: weeks from the first to the last post (days ÷ 7), the weeks still "
        "missing to 16, and the posts the fullest weekday-and-hour cell still needs to reach 5",
        unit="weeks, posts",
        version="1",
        source=RONR,
        function="ronr.timing.timing_readiness",
    ),
    Metric(
        key="incident_overview",
        name="Incident: volume, sentiment and answers",
        stage="tweak",
        formula="per negative incident, over its local days: the brand's distinct mentions, "
        "negative and positive ones, net sentiment (pos − neg)/(pos + neg); of the mentions "
        "needing an answer, how many the brand answered, its first reply and the business "
        "hours from the incident's first negative mention to it, and the median first-response "
        "time in business hours",
        unit="mentions, net sentiment (−1..1), business hours",
        version="1",
        source=RONR,
        function="ronr.incidents.incident_overview",
    ),
    Metric(
        key="incident_drivers",
        name="What drove an incident",
        stage="tweak",
        formula="the incident's negative mentions against those of the 28 local days before: per "
        "term (word or two-word phrase, brand names and common words left out), FAQ theme, "
        "author and channel with at least 3 incident mentions, the share of mentions during and "
        "before, lift = ((during + ½)/(n during + 1)) ÷ ((before + ½)/(n before + 1)) and the "
        "mentions beyond the usual share (during − n during × share before)",
        unit="ratio",
        version="1",
        source=RONR,
        function="ronr.incidents.incident_drivers",
    ),
    Metric(
        key="disaster_plan_check",
        name="Disaster plan, step by step",
        stage="tweak",
        formula="per incident and step of the client's disaster_plan: acknowledge (first brand "
        "reply within the step's business hours of the first negative mention), pause posts (no "
        "own post from then to the incident's last day), answer where it started (a reply on "
        "the channel of the first negative mention), follow up (a reply after the peak day), "
        "review (not in the data); each done, missed or unknown (no data to tell)",
        unit="step status",
        version="1",
        source=RONR,
        function="ronr.incidents.plan_checklist",
    ),
    Metric(
        key="incident_replay",
        name="Hours until the spike rule flags an incident",
        stage="tweak",
        formula="on the incident's first local day, the end of the first hour at which the "
        "running count of negative mentions exceeds that day's spike threshold and reaches the "
        "rule's minimum count (negative_spike), in clock hours after the day's first negative "
        "mention",
        unit="hours",
        version="1",
        source=RONR,
        function="ronr.incidents.replay_incidents",
    ),
    Metric(
        key="rule_answer_theme",
        name="Rule: answer the questions of a theme",
        stage="listen",
        formula="fires for each FAQ theme with at least min_mentions (default 10) mentions needing "
        "an answer (the other themes together too) when Newcombe's interval of (response rate of "
        "the others − the theme's; response_rate_by_theme) at 1 − (1 − confidence)/k, with "
        "confidence (default 0.99) and k themes tested (Bonferroni), lies wholly above 0; "
        "expected effect: that difference in percentage points",
        unit="recommendation",
        version="1",
        source="Newcombe, R.G. (1998), Statistics in Medicine 17(8); Dunn, O.J. (1961), JASA 56",
        function="ronr.recommend.advise_answer_theme",
    ),
    Metric(
        key="rule_standout_members",
        name="Rule: know the standout members by name",
        stage="measure",
        formula="members sorted by member_love in the period; the top k (min_members (default 2) "
        "≤ k ≤ 150) stand out when the least love among them ≥ ratio (default 2.0) × the next "
        "member's and (a − b) / √(a + b) ≥ min_z (default 2.5) Poisson standard errors; of the "
        "groups that do, the widest gap; expected effect: their share of the members' love",
        unit="recommendation",
        version="1",
        source=f"{ORBIT}; {DUNBAR}",
        function="ronr.recommend.advise_standout_members",
    ),
    Metric(
        key="recommendation_strength",
        name="Recommendation strength (ranking)",
        stage="tweak",
        formula="|expected effect| / its standard error, the error = half the width of the "
        "rule's two-sided interval / the normal quantile of its confidence; for an incident, "
        "(worst day's negative mentions − baseline) / √(worst day + baseline), its Poisson "
        "standard error; the cover lists "
        "the five strongest, those without an interval (the whole audience's shares) after "
        "the rest",
        unit="standard errors",
        version="1",
        source=RONR,
        function="ronr.recommend.rank_recommendations",
    ),
    Metric(
        key="rule_effort_gap",
        name="Rule: put more effort into a channel",
        stage="audience",
        formula="fires for each channel whose channel_audience_fit is at or above the channels' "
        "median while its effort_share is below an equal split (1 / channels)",
        unit="recommendation",
        version="1",
        source=RONR,
        function="ronr.recommend.advise_effort_gap",
    ),
    Metric(
        key="rule_closed_days",
        name="Rule: answer on closed days",
        stage="channels",
        formula="fires when the median first response (clock hours) to mentions arriving on closed "
        "days exceeds ratio (default 2.0) × that of mentions in business hours and also "
        "responses.target_hours",
        unit="recommendation",
        version="1",
        source=RONR,
        function="ronr.recommend.advise_closed_days",
    ),
    Metric(
        key="rule_negative_spike",
        name="Rule: keep a disaster plan ready",
        stage="tweak",
        formula="fires when the period has at least min_incidents (default 1) severe negative "
        "incidents: incidents of at least min_negative (default 10) negative mentions in all with "
        "a day above baseline + severity (default 6.0) × that day's robust scale "
        "(negative_spike)",
        unit="recommendation",
        version="2",
        source=RONR,
        function="ronr.recommend.advise_disaster_plan",
    ),
    Metric(
        key="rule_post_type",
        name="Rule: make more posts of a type",
        stage="tweak",
        formula="fires for the post type with the largest engagement_index_effect when it and the "
        "other posts each have at least min_posts (default 10) posts on the channels compared and "
        "its interval at 1 − (1 − confidence)/k, with confidence (default 0.99) and k competing "
        "types (Bonferroni), lies wholly above 0",
        unit="recommendation",
        version="2",
        source="Dunn, O.J. (1961), 'Multiple comparisons among means', JASA 56",
        function="ronr.recommend.advise_post_type",
    ),
    Metric(
        key="rule_facebook_hashtags",
        name="Rule: drop hashtags on Facebook",
        stage="tweak",
        formula="fires when Facebook posts with and without a hashtag each number at least "
        "min_posts (default 2) and the Welch interval of the difference (with − without) of "
        "hashtag_effect at confidence (default 0.99) lies wholly below 0",
        unit="recommendation",
        version="2",
        source="Channel etiquette; Welch, B.L. (1947), Biometrika 34",
        function="ronr.recommend.advise_facebook_hashtags",
    ),
)

METRICS: dict[str, Metric] = {m.key: m for m in _METRICS}


def get_metric(key: str) -> Metric:
    """The definition of metric ``key`` (raises KeyError naming the known keys)."""
    try:
        return METRICS[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(METRICS)}") from None


def metrics_table() -> pd.DataFrame:
    """Every metric definition as a table, in report order."""
    return pd.DataFrame([asdict(m) for m in _METRICS])
