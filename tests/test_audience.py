import pandas as pd
import pytest

from ronr import audience


def snapshot(channel, shares, as_of="2025-06-30", dimension="age"):
    return pd.DataFrame(
        {
            "channel": channel,
            "dimension": dimension,
            "bucket": list(shares),
            "share": list(shares.values()),
            "as_of": pd.Timestamp(as_of, tz="UTC"),
        }
    )


TARGET = {"age": {"18-24": 0.5, "25-34": 0.5}}


def test_fit_is_one_minus_total_variation_distance():
    data = pd.concat(
        [
            snapshot("tiktok", {"18-24": 0.6, "25-34": 0.4}),
            snapshot("facebook", {"18-24": 0.1, "25-34": 0.2, "55+": 0.7}),
        ]
    )
    fit = audience.audience_fit(data, TARGET).set_index("channel")["fit"]
    # tiktok: ½(|0.6−0.5| + |0.4−0.5|) = 0.1 -> fit 0.9
    assert fit["tiktok"] == pytest.approx(0.9)
    # facebook: ½(0.4 + 0.3 + 0.7) = 0.7 -> fit 0.3
    assert fit["facebook"] == pytest.approx(0.3)


def test_index_per_bucket_and_latest_snapshot_only():
    data = pd.concat(
        [
            snapshot("tiktok", {"18-24": 0.1, "25-34": 0.9}, as_of="2025-03-31"),
            snapshot("tiktok", {"18-24": 0.75, "25-34": 0.25}, as_of="2025-06-30"),
        ]
    )
    index = audience.audience_index(data, TARGET).set_index("bucket")["index"]
    assert index["18-24"] == pytest.approx(150)
    assert index["25-34"] == pytest.approx(50)


def test_unnormalised_shares_are_normalised_and_missing_target_bucket_has_no_index():
    data = snapshot("x", {"18-24": 0.3, "25-34": 0.3, "35+": 0.2})  # adds up to 0.8
    table = audience.audience_index(data, TARGET).set_index("bucket")
    assert table.loc["18-24", "audience_share"] == pytest.approx(0.375)
    assert pd.isna(table.loc["35+", "index"])
    fit = audience.audience_fit(data, TARGET)["fit"].iloc[0]
    assert fit == pytest.approx(1 - (0.125 + 0.125 + 0.25) / 2)


def test_channel_fit_is_mean_over_dimensions_best_first():
    target = {**TARGET, "gender": {"f": 0.5, "m": 0.5}}
    data = pd.concat(
        [
            snapshot("x", {"18-24": 0.5, "25-34": 0.5}),
            snapshot("x", {"f": 0.9, "m": 0.1}, dimension="gender"),
            snapshot("tiktok", {"18-24": 0.5, "25-34": 0.5}),
        ]
    )
    table = audience.channel_fit(data, target)
    assert table["channel"].tolist() == ["tiktok", "x"]
    assert table.set_index("channel").loc["x", "fit"] == pytest.approx((1 + 0.6) / 2)


def test_no_target_or_no_audience_gives_empty_tables():
    assert audience.audience_fit(snapshot("x", {"a": 1.0}), {}).empty
    assert audience.audience_index(snapshot("x", {"a": 1.0}).iloc[0:0], TARGET).empty
