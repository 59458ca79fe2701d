import pytest
import yaml

from ronr.config import RecommendationSettings, load_config, parse_config
from ronr.errors import ConfigError
from ronr.paths import PROJECT_ROOT, resolve_data_dir

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
        (
            {"recommendations": {"post_typ": {"min_posts": 5}}},
            "recommendations.post_typ: unknown key",
        ),
        (
            {"recommendations": {"post_type": {"min_post": 5}}},
            "recommendations.post_type.min_post: unknown key",
        ),
        (
            {"recommendations": {"closed_days": {"ratio": 0.5}}},
            "recommendations.closed_days.ratio: Input should be greater than or equal to 1",
        ),
        (
            {"recommendations": {"facebook_hashtags": {"min_posts": 1}}},
            "recommendations.facebook_hashtags.min_posts: Input should be greater than or equal to 2",
        ),
        (
            {"recommendations": {"negative_spike": {"enabled": "sometimes"}}},
            "recommendations.negative_spike.enabled: Input should be a valid boolean",
        ),
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


def test_recommendations_are_optional_and_default_to_the_rules_thresholds():
    config = parse_config(GOOD)
    assert config.recommendations == RecommendationSettings()
    assert config.recommendations.closed_days.ratio == 2.0
    assert config.recommendations.post_type.min_posts == 10
    assert config.recommendations.post_type.enabled is True


def test_a_recommendation_threshold_or_switch_changes_only_itself(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                **GOOD,
                "recommendations": {
                    "post_type": {"min_posts": 20},
                    "negative_spike": {"enabled": False},
                },
            }
        )
    )
    settings = load_config(path).recommendations
    assert (settings.post_type.min_posts, settings.post_type.confidence) == (20, 0.99)
    assert settings.negative_spike.enabled is False
    assert settings.negative_spike.min_incidents == 1
    assert settings.closed_days == RecommendationSettings().closed_days


CLIENT_FILES = {
    f"{where}/{path.parent.name}": path
    for where, root in (("project", PROJECT_ROOT / "data"), ("test-data", resolve_data_dir()))
    for path in sorted((root / "clients").glob("*/client.yaml"))
}


@pytest.mark.parametrize("name", sorted(CLIENT_FILES))
def test_every_existing_client_config_stays_valid(name):
    assert load_config(CLIENT_FILES[name]).recommendations == RecommendationSettings()


def test_channels_are_read_as_users_write_them():
    # README: "x (or twitter)"; the effort keys and an export's channel take the same names
    config = parse_config(
        {
            "client": "acme",
            "display_name": "Acme",
            "brand": {"name": "Acme"},
            "effort": {"Twitter": 2, "fb": 1},
        }
    )
    assert config.effort == {"x": 2.0, "facebook": 1.0}


def test_target_market_dimensions_match_the_exports_whatever_their_case():
    from ronr.config import ClientConfig

    base = {"client": "acme", "display_name": "Acme", "brand": {"name": "Acme"}}
    market = {" Age ": {"18-34": 0.6, "35+": 0.4}, "Gender": {"f": 0.5, "m": 0.5}}
    config = ClientConfig.model_validate({**base, "target_market": market})
    assert list(config.target_market) == ["age", "gender"]
    assert config.target_market["age"] == {"18-34": 0.6, "35+": 0.4}
    twice = {"age": {"a": 1.0}, "AGE": {"a": 1.0}}
    with pytest.raises(ValueError, match="name one dimension twice"):
        ClientConfig.model_validate({**base, "target_market": twice})
