import json

import pandas as pd
import plotly.graph_objects as go

from ronr import show

HOSTILE = "<script>alert(1)</script>"


def test_tables_escape_untrusted_text_with_or_without_a_format():
    data = pd.DataFrame({"text": [HOSTILE, "<b>bold</b>"], "n": [1200, 3]})
    for formats in (None, {"text": "{}"}):
        page = show.format_table(data, formats=formats).replace("<wbr>", "")  # break points
        assert "<script>" not in page and "<b>bold" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_default_formats_counts_times_flags_and_missing():
    data = pd.DataFrame(
        {
            "mentions": pd.array([41493, None], dtype="Int64"),
            "created_at": pd.to_datetime(["2025-09-03T18:22:03Z", None], utc=True),
            "day": pd.to_datetime(["2025-09-03", "2025-09-04"]),
            "small_sample": [True, False],
            "reply": [True, False],
            "share": [0.25, None],
        }
    )
    page = show.format_table(data, formats={"share": "{:.1%}"})
    for text in (
        "41,493",
        "03 Sep 2025 18:22 UTC",
        "<td>03 Sep 2025</td>",
        "yes",
        "no",
        "25.0%",
        "–",
    ):
        assert text in page
    assert "Created at" in page
    # the small-sample flag is a reader's note, not a yes/no column of that name
    assert "<th>Note</th>" in page and "<td>small sample: read with care</td>" in page
    assert "Small sample" not in page


def test_keys_are_written_as_names_a_client_reads():
    data = pd.DataFrame(
        {
            "channel": ["tiktok", "x", "linkedin"],
            "language": ["de", "el", None],
            "channels": [["facebook", "x"], ["youtube"], []],
            "theme_id": [3, 1, 2],
        }
    )
    page = show.format_table(data)
    for text in ("TikTok", "<td>X</td>", "LinkedIn", "German", "Greek", "Facebook, X", "YouTube"):
        assert text in page, text
    assert "tiktok" not in page and "Theme id" not in page and ">de<" not in page


def test_long_tables_say_how_many_rows_are_left_out():
    page = show.format_table(pd.DataFrame({"n": range(60)}), max_rows=50)
    assert "10 more rows not shown." in page


def test_figure_bundle_has_json_for_lab_and_html_without_plotlyjs():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    bundle = show.figure_bundle(fig)
    json.dumps(bundle[show.PLOTLY_MIME])  # plain JSON, sendable by the kernel
    assert "Plotly.newPlot" in bundle["text/html"]
    assert "plotly.js v" not in bundle["text/html"]


def _without_server(config: dict) -> dict:
    return {key: value for key, value in config.items() if key != "plotlyServerURL"}


def test_both_forms_of_a_figure_carry_the_report_config():
    from ronr import plots

    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "Mentions per week"}})
    bundle = show.figure_bundle(fig)
    config = plots.plotly_config(fig)
    assert config["toImageButtonOptions"]["filename"] == "mentions-per-week"
    assert bundle[show.PLOTLY_MIME]["config"] == config  # what JupyterLab's renderer reads
    # the config of Plotly.newPlot (plotly.py drops the server address when sharing is off)
    assert json.dumps(_without_server(config)) in bundle["text/html"]
    assert '"showSendToCloud": false' in bundle["text/html"]
    assert "https://" not in bundle["text/html"]


def test_bare_plotly_outputs_get_the_report_config():
    import nbformat

    from ronr import plots
    from ronr.report import html as report_html

    figure = go.Figure(go.Bar(x=["a"], y=[1]), layout={"title": {"text": "Fit"}})
    output = nbformat.v4.new_output(
        "display_data", data={show.PLOTLY_MIME: figure.to_plotly_json()}
    )
    page = report_html._static_output(output).data["text/html"]
    assert json.dumps(_without_server(plots.plotly_config(figure))) in page
    assert '"filename": "fit"' in page and "https://" not in page


def test_nothing_to_draw_is_one_sentence(monkeypatch):
    shown = []
    monkeypatch.setattr(show, "display", lambda obj, **_: shown.append(obj))
    show.show_figure(None, empty="No post has a known weekday.")
    show.show_blocks([show.Chart(go.Figure(go.Scatter(x=["Mon"], y=[None])))])
    assert [obj.data for obj in shown] == [
        "<div class='ronr-note ronr-info'>No post has a known weekday.</div>",
        "<div class='ronr-note ronr-info'>Nothing to draw for this period.</div>",
    ]


def test_lists_of_example_texts_are_joined_and_escaped():
    data = pd.DataFrame({"label": ["recall"], "examples": [[HOSTILE, "cold brew & me"]]})
    page = show.format_table(data, formats={"examples": show.join_texts}).replace("<wbr>", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ¦ cold brew &amp; me" in page
    assert "<script>" not in page


def test_every_metric_column_has_its_units_format():
    from ronr import formats, metrics

    for column, key in formats.COLUMN_METRICS.items():
        assert key in metrics.METRICS, (column, key)
        # its metric's unit gives the format, or the column has its own
        assert formats.column_format(column) is not None, column
        if column not in formats.COLUMN_FORMATS:
            assert metrics.METRICS[key].unit in formats.UNIT_FORMATS, (column, key)
    assert formats.column_format("share_of_voice_low") == "{:.1%}"
    assert formats.column_format("net_sentiment") == "{:+.2f}"
    assert formats.column_format("mean_rate", measure="engagements per post") == "{:,.1f}"
    assert formats.column_format("mean_rate", measure="engagement rate by reach") == "{:.2%}"
    assert formats.column_format("unknown column") is None


def test_tables_write_known_columns_in_their_metrics_format():
    import pandas as pd

    from ronr.show import format_table

    table = pd.DataFrame(
        {
            "brand": ["Acme"],
            "share_of_voice": [0.4567],
            "net_sentiment": [-0.5],
            "weighted": [1234.4],
        }
    )
    html = format_table(table)
    assert "<td>45.7%</td>" in html and "<td>−0.50</td>" in html and "<td>1,234</td>" in html
    # an explicit format still wins, for columns only the caller knows
    assert "<td>0.457</td>" in format_table(table, formats={"share_of_voice": "{:.3f}"})


def test_times_are_written_with_their_zones_abbreviation():
    stamps = pd.Series(
        pd.to_datetime(["2025-10-07 01:00Z", "2025-03-01 12:30Z"], utc=True)
    ).dt.tz_convert("Europe/Paris")
    page = show.format_table(pd.DataFrame({"created_at": stamps}))
    # 01:00 UTC on 7 October is 03:00 in Paris summer time; 12:30 UTC on 1 March is 13:30 CET
    assert "07 Oct 2025 03:00 CEST" in page and "01 Mar 2025 13:30 CET" in page


def test_a_line_break_in_a_cell_is_a_space_not_a_backslash_n():
    page = show.format_table(pd.DataFrame({"text": ["line one\nline two", "a\r\nb\rc"]}))
    assert "<td>line one line two</td>" in page and "<td>a b c</td>" in page
    assert "\\n" not in page and "\\r" not in page


def test_the_small_sample_note_column_is_left_out_when_no_row_has_the_note():
    page = show.format_table(pd.DataFrame({"n": [40, 50], "small_sample": [False, False]}))
    assert "Note" not in page and "small sample" not in page


def test_a_share_too_small_for_its_format_is_written_as_less_than_the_smallest_step():
    # 0.03 % in a one-decimal percentage would read "0.0%", as if there were none
    table = pd.DataFrame({"language": ["en", "fr"], "share": [0.9997, 0.0003]})
    html = show.format_table(table)
    assert "<td>100.0%</td>" in html and "<td>&lt;0.1%</td>" in html
    assert "<td>0.0%</td>" not in html


def test_long_words_get_break_points_and_ordinary_words_none():
    # printed tables wrap between words; a URL or identifier of 24+ characters may also wrap
    # at its punctuation (or every 12 characters), never an ordinary word
    table = pd.DataFrame(
        {
            "text": [
                "Customer satisfaction questionnaire",
                "see example.com/a_very_long/page?x=1&y",
            ],
            "author": ["@ab", "abcdefghijklmnopqrstuvwxyz"],
        }
    )
    page = show.format_table(table)
    assert "<td>Customer satisfaction questionnaire</td>" in page
    assert (
        "<td>see example.<wbr>com/<wbr>a_<wbr>very_<wbr>long/<wbr>page?<wbr>x=<wbr>1&amp;<wbr>y</td>"
        in page
    )
    assert "<td>abcdefghijkl<wbr>mnopqrstuvwx<wbr>yz</td>" in page
