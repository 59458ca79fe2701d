"""Period over period: each cover headline against the period of the same length before."""

from types import SimpleNamespace

import pandas as pd

from ronr.summary import Headline, compare_headlines

SINCE = SimpleNamespace(start=pd.Timestamp("2025-01-01"), end=pd.Timestamp("2025-03-31"))
SPAN = "01 Jan 2025 – 31 Mar 2025"


def _changes(now: list[Headline], before: list[Headline]) -> dict[str, str]:
    return {h.metric: h.change for h in compare_headlines(now, before, since=SINCE)}


def test_each_unit_changes_in_its_own_terms():
    now = [
        Headline("Mentions", "12,632", "mention_volume", 12632, 12632),
        Headline("Share of voice", "44.8%", "share_of_voice", 100, 0.448),
        Headline("Shares per post", "23.2", "amplification_rate", 183, 23.2),
        Headline("Median first response", "0.7 h", "first_response_time", 50, 0.7),
        Headline("ROR index", "38", "ror_index", 90, 38.0),
        Headline("Net sentiment", "-0.01", "net_sentiment", 80, -0.01),
        Headline("Audience fit", "0.97", "channel_audience_fit", 3, 0.971),
    ]
    before = [
        Headline("Mentions", "9,161", "mention_volume", 9161, 9161),
        Headline("Share of voice", "38.4%", "share_of_voice", 100, 0.384),
        Headline("Shares per post", "22.3", "amplification_rate", 183, 22.3),
        Headline("Median first response", "0.8 h", "first_response_time", 50, 0.8),
        Headline("ROR index", "47", "ror_index", 90, 47.0, month="Mar 2025"),
        Headline("Net sentiment", "+0.43", "net_sentiment", 80, 0.43),
        Headline("Audience fit", "0.97", "channel_audience_fit", 3, 0.968),
    ]
    changes = _changes(now, before)
    # 12,632 − 9,161 = 3,471, which is 37.9 % of 9,161
    assert changes["mention_volume"] == f"+3,471 (+38%) against {SPAN} (9,161)"
    # a share: (0.448 − 0.384) × 100 = 6.4 percentage points; on 100 mentions each, Newcombe's
    # interval of the difference (stats.difference_interval) is −7.2 to +19.6 points
    assert changes["share_of_voice"] == (
        f"+6.4 pp (95% interval \u22127.2 to +19.6) against {SPAN} (38.4%)"
    )
    # shares per post is a count per post, not a share: 23.2 − 22.3 = 0.90
    assert changes["amplification_rate"] == f"+0.90 against {SPAN} (22.3)"
    assert changes["first_response_time"] == f"\u22120.1 h against {SPAN} (0.8 h)"
    # the index is one month's (the last of each period): the change names that month
    assert changes["ror_index"] == "\u22129 points against Mar 2025 (47)"
    assert changes["net_sentiment"] == f"\u22120.44 against {SPAN} (+0.43)"
    assert changes["channel_audience_fit"] == f"no change against {SPAN} (0.97)"


def test_a_headline_without_a_previous_value_says_so_and_is_not_compared_with_zero():
    now = [Headline("Response rate", "80.3%", "response_rate", 10, 0.803)]
    assert _changes(now, [])["response_rate"] == f"no earlier data ({SPAN})"
    unknown = [Headline("Response rate", "–", "response_rate", 0, None)]
    assert _changes(now, unknown)["response_rate"] == f"no earlier data ({SPAN})"
