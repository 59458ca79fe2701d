import pytest
import yaml

from ronr.config import load_config, parse_config
from ronr.errors import ConfigError

GOOD = {
    "client": "acme",
    "display_name": "Acme Coffee",
    "brand": {"name": "Acme", "handles": ["@acme"], "keywords": ["acme"]},
    "competitors": [{"name": "Beta", "handles": ["@beta"]}],
    "target_market": {"age": {"18-24": 0.4, "25-34": 0.6}},
    "effort": {"facebook": 3, "x": 1},
    "business_hours": {"timezone": "Europe/London", "start": "09:00", "end": "17:30"},
    "period": {"start": "2025-01-01", "end": "2025-12-31"},
}


def test_a_good_config_loads_with_defaults(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump(GOOD))
    config = load_config(path)
    assert config.brand_names == ["Acme", "Beta"]
    assert config.effort_shares() == {"facebook": 0.75, "x": 0.25}
    assert config.responses.target_hours == 2.0
    assert config.business_hours.days == ["mon", "tue", "wed", "thu", "fri"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"competitors": [{"name": "Beta", "handles": "beta"}]},
            "competitors.0.handles: Input should be a valid list",
        ),
        (
            {"competitors": [{"name": "Beta", "handles": ["beta"]}]},
            "competitors.0.handles: handle 'beta' should look like '@name'",
        ),
        (
            {"target_market": {"age": {"18-24": 0.4, "25-34": 0.4}}},
            "target_market: shares of 'age' add up to 0.800",
        ),
        ({"effort": {"myspace": 1}}, "effort.myspace"),
        (
            {"business_hours": {"timezone": "Mars/Olympus"}},
            "business_hours.timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            {"period": {"start": "2025-12-31", "end": "2025-01-01"}},
            "period: end must not be before start",
        ),
        ({"colour": "blue"}, "colour: unknown key"),
    ],
)
def test_errors_name_the_key_path_and_the_expected_form(change, expected):
    with pytest.raises(ConfigError) as err:
        parse_config({**GOOD, **change}, source="clients/acme/client.yaml")
    assert "clients/acme/client.yaml" in str(err.value)
    assert expected in str(err.value)


def test_missing_required_key():
    data = {k: v for k, v in GOOD.items() if k != "brand"}
    with pytest.raises(ConfigError, match="brand: required key is missing"):
        parse_config(data)


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="client config not found"):
        load_config(tmp_path / "client.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("client: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
