"""Real-user cases from ``../shared/cases``: clients without posts, without reach, with thin data.

Each test names its case; the values asserted are computed by hand from the case's rows.
"""

from __future__ import annotations

import pytest

from ronr import engagement, measure, summary, themes, tweak
from ronr.report import RenderOptions, render_client
from ronr.store import load_workspace, reconcile_tables
from tests.cases import copy_case_client, copy_case_data
from tests.report_runner import run_report


@pytest.fixture
def mini_posts(tmp_path):
    copy_case_client("mini-posts", tmp_path)
    return load_workspace("mini-posts", data_dir=tmp_path), tmp_path


def test_mini_posts_cover_shows_posts_and_kaushiks_rates_without_reach(mini_posts):
    ws, _ = mini_posts
    heads = {h.metric: h for h in summary.headline_numbers(ws)}
    # 12 videos (likes 300, comments 600..622, shares 100) and 12 photos (150, 16..38, 2)
    assert heads["posts"].value == "24"
    assert heads["conversation_rate"].value == "319.0"  # (12·611 + 12·27) / 24
    assert heads["amplification_rate"].value == "51.0"  # (1,200 + 24) / 24
    assert heads["applause_rate"].value == "225.0"  # (3,600 + 1,800) / 24
    assert not any(key.startswith("engagement_rate") for key in heads)  # no reach, no impressions
    assert any("No reach or impressions" in limit for limit in summary.data_limits(ws))


def test_mini_posts_post_types_compare_engagements_per_post(mini_posts):
    ws, _ = mini_posts
    table = engagement.engagement_by(ws.posts, by="post_type").set_index("post_type")
    assert table.attrs["measure"] == "engagements per post"
    # a video's engagements are 1,000 + j, a photo's 168 + j, for j = 0, 2, …, 22
    assert table.loc["video", "mean_rate"] == pytest.approx(1011)
    assert table.loc["photo", "mean_rate"] == pytest.approx(179)
    # sd of {0, 2, …, 22} = 7.2111; t(0.975, 11) = 2.200985; half width 2.200985 · 7.2111 / √12
    half = 2.200985 * 7.211103 / 12**0.5
    assert table.loc["video", "ci_low"] == pytest.approx(1011 - half, rel=1e-6)
    [advice] = [r for r in summary.recommendations(ws) if r.metric == "engagement_index_effect"]
    assert advice.title == "Make more video posts"
    # one channel: its median post has (168 + 22 + 1,000 + 0) / 2 = 595 engagements, so a
    # video's mean index is 1,011 / 595 = 1.70
    assert "1.70× the engagement of a typical post" in advice.evidence


def test_mini_posts_report_sections_say_what_they_compare(mini_posts, monkeypatch):
    _, data_dir = mini_posts
    outputs = run_report("mini-posts", data_dir=data_dir, monkeypatch=monkeypatch)
    tweak_section = "\n".join(outputs["05_tweak"])
    # the within-channel chart's note names what each index divides
    assert "Each post's engagements per post, \\u00d7 the typical" in tweak_section
    assert "No rows" not in tweak_section
    measure_section = "\n".join(outputs["04_measure"])
    assert "No post has reach or impressions" in measure_section


def test_x_posts_use_impressions_and_name_the_basis(tmp_path):
    posts = measure.engagement_rate(
        _x_posts(), by=("channel",)
    )  # X exports have impressions, never reach
    assert posts[["channel", "basis"]].values.tolist() == [
        ["facebook", "reach"],
        ["x", "impressions"],
    ]
    assert posts["engagement_rate"].tolist() == pytest.approx([30 / 300, 12 / 400])


def _x_posts():
    from tests.factories import make_posts

    return make_posts(
        [
            {"channel": "facebook", "published_at": "2025-03-01", "likes": 10, "reach": 100},
            {"channel": "facebook", "published_at": "2025-03-02", "likes": 20, "reach": 200},
            {"channel": "x", "published_at": "2025-03-01", "likes": 5, "impressions": 150},
            {"channel": "x", "published_at": "2025-03-02", "likes": 7, "impressions": 250},
        ]
    )


def test_mini_listen_first_days_of_data_are_no_spike_and_give_no_lift(tmp_path):
    copy_case_client("mini-listen", tmp_path)
    ws = load_workspace("mini-listen", data_dir=tmp_path)
    # the period is March; the mentions run from 27 to 31 March
    first, last = ws.covered_span("mentions")
    assert (f"{first:%d %b}", f"{last:%d %b}") == ("27 Mar", "31 Mar")
    daily = tweak.daily_negative(ws.mentions, brand=ws.brand, start=first, end=last)
    assert len(daily) == 5  # 26 unknown days before them are not zero-mention days
    assert not tweak.detect_spikes(daily)["is_spike"].any()
    assert not any(r.metric == "negative_spike" for r in summary.recommendations(ws))
    emerging = themes.emerging_terms(ws.mentions, start=first, end=last)
    assert emerging.empty
    assert emerging.attrs["reason"].startswith(
        "No term can be judged: the data cover 0 days before"
    )
    assert any("cover 27 Mar 2025 – 31 Mar 2025" in limit for limit in summary.data_limits(ws))


def test_conversation_only_client_renders_a_report(tmp_path):
    data_dir = copy_case_data("conversation-only-client", tmp_path / "data")
    result = render_client(
        "demo-support", RenderOptions(data_dir=data_dir, out_dir=tmp_path / "reports")
    )
    assert result.status == "ok", result.error
    html = result.html.read_text(encoding="utf-8")
    # listening and responsiveness from the conversations …
    assert "Share of voice" in html and "Response rate" in html
    assert "Every reply of the brand answers a mention in the exports." in html
    # no competitors: share of voice is not shown as a trivial 100%
    assert "No competitors in client.yaml, so share of voice has nothing to compare with" in html
    # … and the post sections say what is missing and which export supplies it
    assert "No posts data for this period, so conversation, amplification" in html
    assert "Add the post exports of the client" in html


def test_conversation_only_client_counts_reconcile(tmp_path):
    data_dir = copy_case_data("conversation-only-client", tmp_path / "data")
    ws = load_workspace("demo-support", data_dir=data_dir)
    assert ws.provenance[["rows_read", "rows_accepted", "rows_rejected"]].values.tolist() == [
        [8, 8, 0]
    ]
    # five customer tweets (2 follows up its own thread) and three brand replies
    assert sorted(ws.mentions["mention_id"]) == ["2", "3", "5", "7", "8"]
    assert sorted(ws.responses["response_id"]) == ["1", "4", "6"]
    assert set(ws.mentions["brand"]) == {"Acme"}


def test_mini_conv_report_counts_the_reply_to_a_tweet_outside_the_file(tmp_path, monkeypatch):
    copy_case_client("mini-conv", tmp_path)
    outputs = run_report("mini-conv", data_dir=tmp_path, monkeypatch=monkeypatch)
    # tweet 6 answers tweet 900, which is not in the file; tweet 2 answers tweet 1
    note = "1 of the brand&#x27;s 2 replies answers a mention that is not in the exports"
    assert note in "\n".join(outputs["03_channels"])
    assert note in "\n".join(outputs["cover"])


def test_accepted_rows_outside_the_period_are_set_aside_with_a_count(tmp_path):
    copy_case_client("mini-listen", tmp_path)
    ws = load_workspace("mini-listen", data_dir=tmp_path, period="2025-03-28..2025-03-31")
    counts = reconcile_tables(ws).set_index("table").loc["mentions"]
    # 8 mentions a day from 27 to 31 March: 27 March is outside the period
    assert counts.to_dict() == {"rows_imported": 40, "rows_in_period": 32, "rows_outside_period": 8}
    assert ws.provenance["rows_accepted"].sum() == 40


def test_thin_conversations_show_no_number_they_cannot_support(tmp_path, monkeypatch):
    copy_case_client("mini-conv", tmp_path)
    ws = load_workspace("mini-conv", data_dir=tmp_path)
    # Acme's two mentions ("my order never arrived?", "where is my refund?") are both neutral:
    # a net sentiment of 0 positive and 0 negative mentions is no number at all
    metrics = [h.metric for h in summary.headline_numbers(ws)]
    assert "net_sentiment" not in metrics and "share_of_voice" in metrics
    outputs = run_report("mini-conv", data_dir=tmp_path, monkeypatch=monkeypatch)
    assert "+nan" not in "\n".join(outputs["cover"])
    tweak_section = "\n".join(outputs["05_tweak"])
    # one day of mentions: no day has the 7 days before it that a spike is measured against
    assert "No day can be judged yet" in tweak_section
    assert "No negative spike in this period" not in tweak_section
    listen_section = "\n".join(outputs["01_listen"])
    assert "No mention of the brand is negative." in listen_section


def test_a_client_without_competitors_gets_no_share_of_voice_headline(tmp_path):
    data_dir = copy_case_data("conversation-only-client", tmp_path / "data")
    ws = load_workspace("demo-support", data_dir=data_dir)
    heads = {h.metric: h for h in summary.headline_numbers(ws)}
    assert "share_of_voice" not in heads  # alone, a brand's share is 100% by construction
    assert heads["mention_volume"].value == "5"


def test_an_empty_period_or_all_rejected_file_is_not_told_to_add_an_export(tmp_path):
    copy_case_client("mini-listen", tmp_path)
    ws = load_workspace("mini-listen", data_dir=tmp_path, period="2024-01..2024-02")
    limits = " ".join(summary.data_limits(ws))
    assert "The exports hold 40 rows of mentions, none in this period" in limits
    assert "(they cover 27 Mar 2025 – 31 Mar 2025)" in limits
    assert "Add a mentions export" not in limits
    # a file whose every row is rejected was supplied: the advice points at the rejects
    exports = tmp_path / "clients" / "mini-listen" / "exports"
    (exports / "mentions.csv").write_text(
        "mention_id,channel,created_at,author,text,kind\n"
        "m1,x,not a date,@user1,@sunny my phone stopped working again,mention\n"
    )
    ws = load_workspace("mini-listen", data_dir=tmp_path)
    limits = " ".join(summary.data_limits(ws))
    assert "mentions.csv: every row was rejected; the appendix lists why." in limits
