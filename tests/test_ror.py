import math

import numpy as np
import pandas as pd
import pytest

from ronr import orbit, ror
from tests.factories import make_mentions

JAN, FEB, MAR, APR = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"])


def months(*values):
    return pd.DatetimeIndex(values, name="period")


# --- components -------------------------------------------------------------------------------


def test_sentiment_maps_net_sentiment_from_minus_one_one_to_0_100():
    table = ror.score_sentiment(
        pd.DataFrame(
            {"period": [FEB, JAN, MAR], "net_sentiment": [0.2, -0.5, np.nan], "n": [40, 8, 0]}
        )
    )
    assert list(table.columns) == ror.COMPONENT_COLUMNS
    assert list(table["period"]) == [JAN, FEB, MAR]
    assert table["score"].tolist()[:2] == pytest.approx([25.0, 60.0])
    assert math.isnan(table.loc[2, "score"])
    assert list(table["small_sample"]) == [True, False, True]
    assert table.loc[0, "scale"] == ror.COMPONENT_SCALES["sentiment"]
    with pytest.raises(ValueError, match="one row per month"):
        ror.score_sentiment(
            pd.DataFrame({"period": [JAN, JAN], "net_sentiment": [0, 0], "n": [1, 1]})
        )


def test_responsiveness_is_the_share_answered_within_the_target_by_local_month():
    answers = pd.DataFrame(
        {
            "created_at": pd.to_datetime(
                [
                    "2025-01-10T10:00Z",
                    "2025-01-11T10:00Z",
                    "2025-01-12T10:00Z",
                    "2025-01-31T23:30Z",  # 1 February in Helsinki
                ],
                utc=True,
            ),
            "business_hours": [1.0, 5.0, np.nan, 2.0],  # NaN: unanswered, missed the target
        }
    )
    utc = ror.score_responsiveness(answers, target_hours=4)
    assert list(utc["period"]) == [JAN] and utc.loc[0, "score"] == pytest.approx(50.0)
    assert utc.loc[0, "n"] == 4
    helsinki = ror.score_responsiveness(answers, target_hours=4, timezone="Europe/Helsinki")
    assert list(helsinki["period"]) == [JAN, FEB]
    assert helsinki["score"].tolist() == pytest.approx([100 / 3, 100.0])
    with pytest.raises(ValueError):
        ror.score_responsiveness(answers, target_hours=-1)


def monthly_levels():
    return pd.DataFrame(
        {
            "author": ["a", "b", "c", "d", "e", "a", "b"],
            "period": [JAN, JAN, JAN, JAN, JAN, FEB, FEB],
            "level": pd.Categorical(
                ["advocate", "fan", "observer", "participant", "fan", "advocate", "observer"],
                dtype=orbit.LEVEL_DTYPE,
            ),
            "activities": [1, 4, 1, 2, 0, 10, 1],
            "active": [True, True, True, True, False, True, True],
        }
    )


def test_advocacy_is_the_share_of_active_members_who_are_advocates_or_fans():
    table = ror.score_advocacy(monthly_levels())
    # January: a and b of the four active (e is a fan but quiet); February: a of two
    assert table["value"].tolist() == [0.5, 0.5]
    assert table["score"].tolist() == [50.0, 50.0]
    assert table["n"].tolist() == [4, 2]


def test_conversation_is_activities_per_active_member_up_to_the_cap():
    table = ror.score_conversation(monthly_levels())
    # January (1 + 4 + 1 + 2) / 4 = 2 → (2 − 1) / 3; February 11 / 2 = 5.5 → capped
    assert table["value"].tolist() == [2.0, 5.5]
    assert table["score"].tolist() == pytest.approx([100 / 3, 100.0])
    assert ror.score_conversation(monthly_levels(), cap=2)["score"].tolist() == [100.0, 100.0]
    with pytest.raises(ValueError):
        ror.score_conversation(monthly_levels(), cap=1)


def test_loyalty_is_the_returning_share_and_unknown_when_not_judged():
    returning = pd.DataFrame(
        {
            "period": [JAN, FEB],
            "authors": pd.array([5, 4], dtype="Int64"),
            "returning_authors": pd.array([pd.NA, 1], dtype="Int64"),
        }
    )
    table = ror.score_loyalty(returning)
    assert math.isnan(table.loc[0, "score"]) and table.loc[1, "score"] == 25.0


def test_audience_fit_is_carried_forward_from_the_last_snapshot():
    fit = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-03-02"], utc=True),
            "fit": [0.8, 0.6, 0.9],
        }
    )
    assert ror.score_audience_fit(fit)["score"].tolist() == pytest.approx([70.0, 90.0])
    wanted = pd.to_datetime(["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"])
    table = ror.score_audience_fit(fit, months=wanted)
    assert list(table["period"]) == list(wanted)
    assert math.isnan(table.loc[0, "score"])  # before the first snapshot: no data
    assert table["score"].tolist()[1:] == pytest.approx([70.0, 70.0, 90.0, 90.0])


def test_components_combine_into_one_column_each_in_config_order():
    sentiment = ror.score_sentiment(
        pd.DataFrame({"period": [JAN, FEB], "net_sentiment": [0.0, 0.5], "n": [20, 20]})
    )
    advocacy = ror.score_advocacy(monthly_levels())
    wide = ror.combine_components(
        [sentiment, advocacy, ror.score_advocacy(monthly_levels().iloc[0:0])]
    )
    assert list(wide.columns) == ["advocacy", "sentiment"]
    assert wide.loc[FEB].tolist() == [50.0, 75.0]


# --- the index --------------------------------------------------------------------------------


def components_fixture():
    return pd.DataFrame(
        {
            "advocacy": [40.0, 50.0, 60.0],
            "loyalty": [80.0, np.nan, 70.0],
            "sentiment": [60.0, 74.0, 20.0],
        },
        index=months(JAN, FEB, MAR),
    )


def test_equal_weights_and_a_missing_component_renormalises():
    table = ror.compute_ror_index(components_fixture())
    # Jan (40 + 80 + 60) / 3; Feb (50 + 74) / 2 without loyalty; Mar (60 + 70 + 20) / 3
    assert table["ror_index"].tolist() == pytest.approx([60.0, 62.0, 50.0])
    assert list(table["components_used"]) == [3, 2, 3]
    assert table.loc[FEB, "note"] == "no data: loyalty; weights renormalised over 2 components"
    assert table.loc[JAN, "note"] == ""
    assert table.loc[FEB, ["weight_advocacy", "weight_loyalty", "weight_sentiment"]].tolist() == [
        0.5,
        0.0,
        0.5,
    ]
    assert table.loc[FEB, ["contribution_advocacy", "contribution_sentiment"]].tolist() == [25, 37]
    assert table.loc[FEB, "contribution_loyalty"] == 0.0
    contributions = table.filter(like="contribution_").sum(axis=1)
    assert contributions.tolist() == pytest.approx(table["ror_index"].tolist())


def test_client_weights_and_a_month_without_any_data():
    components = components_fixture()
    components.loc[pd.Timestamp("2025-04-01")] = [np.nan, np.nan, 10.0]
    table = ror.compute_ror_index(components, weights={"advocacy": 2, "loyalty": 1})
    # sentiment is weighed 0: Jan (2·40 + 80) / 3; Feb advocacy alone; April nothing weighed
    assert table["ror_index"].tolist()[:3] == pytest.approx([160 / 3, 50.0, 190 / 3])
    assert math.isnan(table["ror_index"].iloc[3])
    assert table["note"].iloc[3] == "no component has data"
    assert table["weight_advocacy"].tolist()[:3] == pytest.approx([2 / 3, 1.0, 2 / 3])
    assert (table["weight_sentiment"].iloc[:3] == 0).all()


def test_bad_inputs_to_the_index_are_errors():
    with pytest.raises(ValueError, match="0–100"):
        ror.compute_ror_index(pd.DataFrame({"advocacy": [101.0]}))
    with pytest.raises(ValueError, match="no component"):
        ror.compute_ror_index(components_fixture(), weights={"reach": 1})
    with pytest.raises(ValueError, match="above 0"):
        ror.compute_ror_index(components_fixture(), weights={"advocacy": 0})
    with pytest.raises(ValueError, match="at least 0"):
        ror.compute_ror_index(components_fixture(), weights={"advocacy": -1})


def test_sensitivity_to_each_weight_on_three_months():
    table = ror.ror_sensitivity(components_fixture(), change=0.5)
    assert list(table.columns) == ror.SENSITIVITY_COLUMNS
    assert list(zip(table["component"], table["direction"], strict=True)) == [
        ("advocacy", "down"),
        ("advocacy", "up"),
        ("loyalty", "down"),
        ("loyalty", "up"),
        ("sentiment", "down"),
        ("sentiment", "up"),
    ]
    # base: Jan 60, Feb 62, Mar 50. March with one weight at 0.5 or 1.5 (others 1):
    # advocacy (30 + 70 + 20) / 2.5, (90 + 70 + 20) / 3.5; loyalty (60 + 35 + 20) / 2.5,
    # (60 + 105 + 20) / 3.5; sentiment (60 + 70 + 10) / 2.5, (60 + 70 + 30) / 3.5
    assert table["last_index"].tolist() == pytest.approx(
        [48.0, 180 / 3.5, 46.0, 185 / 3.5, 56.0, 160 / 3.5]
    )
    assert table["base_last_index"].tolist() == pytest.approx([50.0] * 6)
    assert table["last_change"].tolist() == pytest.approx(
        [-2.0, 180 / 3.5 - 50, -4.0, 185 / 3.5 - 50, 6.0, 160 / 3.5 - 50]
    )
    # loyalty up: Jan 220 / 3.5 = 62.86 beats Feb 62; sentiment down: Jan 150 / 2.5 = 60 beats
    # Feb (50 + 37) / 1.5 = 58. Ranks (Mar, Jan, Feb) 1 2 3 → 1 3 2: ρ = 1 − 6·2 / (3·8) = 0.5
    assert table["rank_correlation"].tolist() == pytest.approx([1, 1, 1, 0.5, 0.5, 1])
    assert table["best_changed"].tolist() == [False, False, False, True, True, False]
    assert list(table["base_best_period"].unique()) == [FEB]
    assert table.loc[3, "best_period"] == JAN
    assert table["weight"].tolist() == [0.5, 1.5, 0.5, 1.5, 0.5, 1.5]
    assert table.loc[0, "weight_share"] == pytest.approx(0.5 / 2.5)
    # mean over months, advocacy down: (64 + 66 + 48) / 3
    assert table.loc[0, "mean_index"] == pytest.approx((64 + 66 + 48) / 3)
    assert table.loc[0, "base_mean_index"] == pytest.approx(172 / 3)
    with pytest.raises(ValueError):
        ror.ror_sensitivity(components_fixture(), change=1.0)


def test_sensitivity_with_one_month_has_no_ranking():
    table = ror.ror_sensitivity(components_fixture().iloc[:1])
    assert table["rank_correlation"].isna().all()
    assert not table["best_changed"].any()


# --- money and comparisons --------------------------------------------------------------------


def test_value_ledger_converts_only_with_the_clients_values():
    counts = {"share": 340, "advocate": 12, "reach": None}
    for values in (None, {}):
        empty = ror.value_ledger(counts, money_values=values, currency="EUR")
        assert empty.empty and list(empty.columns) == ror.LEDGER_COLUMNS
        assert "nothing converted" in empty.attrs["note"]
        assert math.isnan(empty.attrs["total"])
    table = ror.value_ledger(
        {"share": 340, "advocate": 12}, money_values={"share": 0.4, "advocate": 25}, currency="GBP"
    )
    assert table.to_dict("list") == {
        "action": ["share", "advocate"],
        "count": [340.0, 12.0],
        "value_per_action": [0.4, 25.0],
        "value": [pytest.approx(136.0), 300.0],
        "currency": ["GBP", "GBP"],
    }
    assert table.attrs["total"] == pytest.approx(436.0) and table.attrs["unvalued"] == []
    partial = ror.value_ledger(counts, money_values={"share": 0.4, "reach": 0.01}, currency="EUR")
    assert list(partial["action"]) == ["share", "reach"]
    assert math.isnan(partial.loc[1, "value"])  # an unknown count is not 0
    assert math.isnan(partial.attrs["total"])
    assert partial.attrs["unvalued"] == ["advocate"]


def test_compare_periods_is_none_safe_and_gives_rates_in_points():
    assert ror.compare_periods(120, 100) == {
        "current": 120.0,
        "previous": 100.0,
        "change": 20.0,
        "change_unit": "units",
        "relative_change": 0.2,
    }
    rate = ror.compare_periods(0.45, 0.30, rate=True)
    assert rate["change"] == pytest.approx(15.0) and rate["change_unit"] == "pp"
    assert rate["relative_change"] == pytest.approx(0.5)
    assert ror.compare_periods(None, 3)["change"] is None
    assert ror.compare_periods(np.nan, 3)["relative_change"] is None
    assert ror.compare_periods(5, pd.NA)["previous"] is None
    zero = ror.compare_periods(3, 0)
    assert zero["change"] == 3.0 and zero["relative_change"] is None
    assert ror.compare_periods(-2, -4)["relative_change"] == pytest.approx(0.5)


# --- no signal --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_the_index_stays_within_0_100_on_random_components(seed):
    rng = np.random.default_rng(seed)
    components = pd.DataFrame(
        rng.uniform(0, 100, size=(12, 6)), columns=list(ror.COMPONENT_SCALES)
    ).mask(rng.random((12, 6)) < 0.3)
    weights = dict(zip(components.columns, rng.uniform(0, 3, 6), strict=True))
    table = ror.compute_ror_index(components, weights=weights)
    index = table["ror_index"]
    known = index.notna()
    assert ((index[known] >= 0) & (index[known] <= 100)).all()
    # the index lies between the smallest and largest component it is made of
    assert (index[known] >= components[known].min(axis=1) - 1e-9).all()
    assert (index[known] <= components[known].max(axis=1) + 1e-9).all()
    shares = table.filter(like="weight_")[known].sum(axis=1)
    assert shares.to_numpy() == pytest.approx(np.ones(known.sum()))
    assert (known == components.notna().any(axis=1)).all()
    sensitivity = ror.ror_sensitivity(components, weights=weights)
    assert sensitivity["last_index"].between(0, 100).all()
    assert sensitivity["rank_correlation"].dropna().between(-1, 1).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_shuffled_members_give_an_index_within_range(seed):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2025-01-01", tz="UTC")
    mentions = make_mentions(
        [
            {
                "author": f"@u{rng.integers(40)}",
                "created_at": start + pd.Timedelta(hours=int(rng.integers(0, 24 * 150))),
                "kind": str(rng.choice(list(orbit.DEFAULT_ACTIVITY_WEIGHTS))),
                "brand": "North",
                "text": "".join(rng.choice(list("abcdefgh"), 6)),
            }
            for _ in range(300)
        ]
    )
    levels = orbit.level_members_monthly(mentions, timezone="Europe/London")
    components = ror.combine_components(
        [ror.score_advocacy(levels), ror.score_conversation(levels)]
    )
    assert len(components) == 5
    table = ror.compute_ror_index(components)
    assert table["ror_index"].between(0, 100).all()
    assert (table["note"] == "").all()
