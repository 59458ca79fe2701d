"""The registry of metric definitions: every number in a report has one entry here.

Each entry names the one function that computes it (``function``), the formula in words, the
unit, a version (bumped whenever the formula changes, so old reports can be compared honestly)
and the source of the definition. The report's appendix prints this table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd


@dataclass(frozen=True)
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

_METRICS = (
    Metric(
        "mention_volume",
        "Mention volume",
        "listen",
        "count of mentions per brand per period (day or week)",
        "mentions",
        "1",
        RONR,
        "ronr.listen.count_mentions",
    ),
    Metric(
        "share_of_voice",
        "Share of voice",
        "listen",
        "a brand's mentions / mentions of all tracked brands, with a 95% Wilson interval",
        "share (0–1)",
        "1",
        "Industry standard share-of-voice",
        "ronr.listen.share_of_voice",
    ),
    Metric(
        "share_of_voice_weighted",
        "Share of voice, audience-weighted",
        "listen",
        "Σ weights of a brand's mentions / Σ weights of all tracked brands' mentions, "
        "where a mention weighs 1 + log10(1 + author followers)",
        "share (0–1)",
        "1",
        RONR,
        "ronr.listen.share_of_voice",
    ),
    Metric(
        "share_of_voice_engagement",
        "Share of voice, engagement-weighted",
        "listen",
        "Σ (1 + engagements received) over a brand's mentions / the same over all tracked brands' "
        "mentions (a mention with unknown engagements counts once); missing without engagement data",
        "share (0–1)",
        "1",
        RONR,
        "ronr.listen.share_of_voice",
    ),
    Metric(
        "sentiment_compound",
        "Sentiment (VADER compound)",
        "listen",
        "VADER compound score of the mention text with URLs, @handles and the tracked brands' "
        "names and keywords (also as hashtags) masked by a neutral token and other hashtags read "
        "as their words (#LoveIt → Love It), for texts detected as English (or too short to "
        "tell); positive ≥ 0.05, negative ≤ −0.05, else neutral; other languages are not scored",
        "score (−1..1)",
        "2",
        VADER,
        "ronr.sentiment.score_texts",
    ),
    Metric(
        "language_mix",
        "Language mix",
        "listen",
        "mentions per language detected by py3langid (confidence ≥ 0.5, texts of 12+ letters) "
        "on the text without URLs and @handles, hashtags read as words, and the share of them "
        "with a sentiment score",
        "mentions, share (0–1)",
        "2",
        "Lui, M. & Baldwin, T. (2012), 'langid.py: an off-the-shelf language identification tool', ACL",
        "ronr.listen.language_mix",
    ),
    Metric(
        "net_sentiment",
        "Net sentiment",
        "listen",
        "(positive − negative) / (positive + negative) mentions, labelled as in "
        "sentiment_compound (handles, URLs and tracked brand names masked, hashtags read as "
        "words), undefined when both are 0; "
        "95% Wilson interval of p = positive / (positive + negative), as 2p − 1; "
        "n = positive + negative (neutral mentions carry no sign)",
        "ratio (−1..1)",
        "3",
        RONR,
        "ronr.listen.net_sentiment",
    ),
    Metric(
        "theme_share",
        "Theme share",
        "listen",
        "mentions assigned to a theme (TF-IDF on distinct texts + k-means, nearest centroid) / "
        "all mentions summarised",
        "share (0–1)",
        "1",
        "Salton & Buckley (1988) TF-IDF; Arthur & Vassilvitskii (2007) k-means++",
        "ronr.themes.summarise_themes",
    ),
    Metric(
        "theme_sentiment",
        "Sentiment by theme",
        "listen",
        "mean VADER compound of the theme's scored mentions (as sentiment_compound: handles, "
        "URLs and tracked brand names masked, hashtags read as words), and its net sentiment "
        "with a 95% Wilson interval",
        "score (−1..1)",
        "2",
        VADER,
        "ronr.themes.summarise_themes",
    ),
    Metric(
        "theme_trend",
        "Theme trend",
        "listen",
        "least-squares slope of the theme's mentions per month against the month number "
        "(> 0: growing)",
        "mentions per month, per month",
        "1",
        RONR,
        "ronr.themes.summarise_themes",
    ),
    Metric(
        "faq_theme_share",
        "FAQ theme share",
        "listen",
        "a theme's share of the brand's mentions that need an answer (questions and negative "
        "mentions, not shares)",
        "share (0–1)",
        "1",
        RONR,
        "ronr.themes.question_themes",
    ),
    Metric(
        "theme_brand_share",
        "Theme share by brand",
        "listen",
        "a brand's mentions in a theme shared by all brands / all that brand's mentions; a theme "
        "is flagged where a competitor has n ≥ 10 and net sentiment ≥ 0.2 while the client has "
        "n < 10, or net sentiment ≤ 0",
        "share (0–1)",
        "1",
        RONR,
        "ronr.themes.compare_themes",
    ),
    Metric(
        "emerging_term_lift",
        "Emerging-term lift",
        "listen",
        "((recent mentions with the term + 0.5) / recent days) ÷ ((baseline mentions + 0.5) / "
        "baseline days), 28 recent days against the 182 before, counting only days the mention "
        "exports cover (at least 28 baseline days); kept when recent ≥ 5 and lift ≥ 3",
        "ratio",
        "2",
        RONR,
        "ronr.themes.emerging_terms",
    ),
    Metric(
        "audience_fit",
        "Audience fit",
        "audience",
        "1 − total variation distance = 1 − ½·Σ|audience share − target share| over a dimension's buckets",
        "score (0–1)",
        "1",
        RONR,
        "ronr.audience.audience_fit",
    ),
    Metric(
        "audience_index",
        "Audience index",
        "audience",
        "audience share / target-market share × 100 per bucket (100 = as in the target market)",
        "index",
        "1",
        "Standard audience index (as in media planning)",
        "ronr.audience.audience_index",
    ),
    Metric(
        "channel_audience_fit",
        "Channel audience fit",
        "audience",
        "mean of the channel's audience fit over the dimensions it reports",
        "score (0–1)",
        "1",
        RONR,
        "ronr.audience.channel_fit",
    ),
    Metric(
        "target_followers",
        "Followers in the target market",
        "audience",
        "latest follower count × target share, where target share = product over the channel's "
        "reported dimensions of its audience fit (Σ min(audience share, target share)), "
        "assuming the dimensions are independent",
        "followers",
        "1",
        RONR,
        "ronr.audience.target_followers",
    ),
    Metric(
        "follower_growth",
        "Follower growth",
        "audience",
        "last − first known follower count in the period; rate = change / first count; over "
        "several channels (the cover) Σ change / Σ first count of the channels with two counts",
        "followers; share",
        "2",
        RONR,
        "ronr.growth.follower_growth",
    ),
    Metric(
        "monthly_follower_change",
        "Monthly follower change",
        "audience",
        "a month's last count − the previous month's last count (after a gap: the month's first "
        "count); rate = change / that baseline; months without counts are missing",
        "followers; share",
        "1",
        RONR,
        "ronr.growth.monthly_followers",
    ),
    Metric(
        "repeat_share",
        "Repeat-author share",
        "audience",
        "mentions of the brand by authors with ≥ 2 mentions of it / its mentions with an author",
        "share (0–1)",
        "1",
        RONR,
        "ronr.growth.repeat_engagement",
    ),
    Metric(
        "returning_share",
        "Returning-author share",
        "audience",
        "a month's mentions by authors who mentioned the brand in one of the 3 months before / "
        "the month's mentions (the first 3 months are not judged)",
        "share (0–1)",
        "1",
        RONR,
        "ronr.growth.monthly_repeat_engagement",
    ),
    Metric(
        "engagement_by_theme",
        "Engagement rate per post, by theme",
        "audience",
        "mean over the client's posts of engagements / reach per theme, 95% Student-t interval, "
        "n < 10 flagged",
        "share of reach",
        "1",
        RONR,
        "ronr.audience.engagement_by_theme",
    ),
    Metric(
        "content_gap",
        "Content gap",
        "audience",
        "a theme's share of the audience's questions and complaints − its share of the client's "
        "posts, with a 95% Newcombe interval (positive: content to make)",
        "share points",
        "1",
        "Newcombe, R.G. (1998), 'Interval estimation for the difference between independent proportions', Stat. Med.",
        "ronr.audience.content_gap",
    ),
    Metric(
        "posts_per_week",
        "Posting cadence",
        "channels",
        "posts published / weeks in the period, per channel",
        "posts per week",
        "1",
        RONR,
        "ronr.channels.summarise_channels",
    ),
    Metric(
        "effort_share",
        "Effort share",
        "channels",
        "configured effort on a channel / total configured effort",
        "share (0–1)",
        "1",
        RONR,
        "ronr.channels.summarise_channels",
    ),
    Metric(
        "response_rate",
        "Response rate",
        "channels",
        "mentions needing an answer (questions, negative mentions) with a brand reply / all such mentions",
        "share (0–1)",
        "1",
        RONR,
        "ronr.channels.response_times",
    ),
    Metric(
        "first_response_time",
        "First-response time",
        "channels",
        "hours from a mention needing an answer to the brand's first reply: median and 90th percentile",
        "hours",
        "1",
        RONR,
        "ronr.channels.response_times",
    ),
    Metric(
        "responses_matched",
        "Replies matched to a mention",
        "channels",
        "the brand's replies, split into those answering one of its mentions in the exports, "
        "a mention of another brand, and a mention not in the exports (not counted in the "
        "response rate)",
        "replies",
        "1",
        RONR,
        "ronr.channels.count_responses",
    ),
    Metric(
        "posts",
        "Posts",
        "measure",
        "count of the brand's posts published in the period",
        "posts",
        "1",
        RONR,
        "ronr.measure.kaushik_rates",
    ),
    Metric(
        "conversation_rate",
        "Conversation rate",
        "measure",
        "comments / posts (also per 1,000 followers at post time)",
        "comments per post",
        "1",
        KAUSHIK,
        "ronr.measure.kaushik_rates",
    ),
    Metric(
        "amplification_rate",
        "Amplification rate",
        "measure",
        "shares (retweets, reposts) / posts (also per 1,000 followers at post time)",
        "shares per post",
        "1",
        KAUSHIK,
        "ronr.measure.kaushik_rates",
    ),
    Metric(
        "applause_rate",
        "Applause rate",
        "measure",
        "likes (all reactions) / posts (also per 1,000 followers at post time)",
        "likes per post",
        "1",
        KAUSHIK,
        "ronr.measure.kaushik_rates",
    ),
    Metric(
        "engagement_rate_reach",
        "Engagement rate by reach",
        "measure",
        "(likes + comments + shares + saves + clicks, where present) / reach, summed over posts",
        "share of reach",
        "1",
        RONR,
        "ronr.measure.engagement_rate",
    ),
    Metric(
        "engagement_rate_impressions",
        "Engagement rate by impressions",
        "measure",
        "(likes + comments + shares + saves + clicks, where present) / impressions, summed over posts",
        "share of impressions",
        "1",
        RONR,
        "ronr.measure.engagement_rate",
    ),
    Metric(
        "engagement_by_group",
        "Engagement rate per post, by group",
        "tweak",
        "mean over posts of engagements / reach (else / impressions where the posts have no "
        "reach; else engagements per post where they have neither, named in the table), with a "
        "95% Student-t interval clipped at 0; n < 10 is flagged",
        "share of reach or impressions, or engagements per post",
        "2",
        RONR,
        "ronr.tweak.engagement_by",
    ),
    Metric(
        "hashtag_effect",
        "Hashtag effect",
        "tweak",
        "engagement per post (as engagement_by_group: by reach, else impressions, else "
        "engagements per post) of posts with a #hashtag against posts without, "
        "with 95% Student-t intervals",
        "share of reach or impressions, or engagements per post",
        "2",
        "Channel etiquette (no hashtags on Facebook)",
        "ronr.tweak.engagement_by",
    ),
    Metric(
        "negative_spike",
        "Negative spike",
        "tweak",
        "a day whose negative-mention count exceeds the trailing 7-day mean + k·σ (sample σ, "
        "k = 2); only days the mention exports cover count, and the first 7 are not judged",
        "flag per day",
        "2",
        RONR,
        "ronr.tweak.detect_spikes",
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
