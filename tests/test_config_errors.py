"""Config and path problems end in one clear ConfigError, never a traceback (issue: Reliability).

A client.yaml that is not UTF-8, a folder named client.yaml, deeply nested YAML, a value YAML
cannot build, numbers that are not finite, export paths leading out of the client's folder,
``--out`` inside a client's folder; and every message quotes a file's content escaped and cut
short (:func:`ronr.errors.quote_content`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ronr.config import MAX_BYTES, MAX_DEPTH, load_config, parse_config
from ronr.errors import CONTENT_LIMIT, ConfigError, escape_control, quote_content
from ronr.paths import check_out_dir

BASE = "client: acme\ndisplay_name: Acme Coffee\nbrand: {name: Acme, handles: ['@acme']}\n"
MINIMAL = yaml.safe_load(BASE)


def error_of(tmp_path: Path, content: str | bytes) -> str:
    path = tmp_path / "client.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def assert_printable(text: str) -> None:
    # no C0 control but the line break, no DEL, no C1 control
    assert all(char == "\n" or not (ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0) for char in text)


# -- the file itself --------------------------------------------------------------------------


def test_a_latin1_file_names_the_byte_and_says_to_save_as_utf8(tmp_path):
    message = error_of(tmp_path, (BASE + "currency: 'Café'\n").encode("latin-1"))
    assert message == (
        "not UTF-8 text: byte 0xe9 at line 4, column 15 (it looks saved as Latin-1 or "
        "Windows-1252); save the file as UTF-8"
    )


def test_a_utf16_file_says_utf16(tmp_path):
    message = error_of(tmp_path, BASE.encode("utf-16"))
    assert message.startswith("not UTF-8 text: byte 0xff at line 1, column 1")
    assert "(it looks saved as UTF-16)" in message


def test_a_folder_named_client_yaml(tmp_path):
    (tmp_path / "client.yaml").mkdir()
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "client.yaml")
    assert str(error.value) == (
        f"{tmp_path / 'client.yaml'}: is a folder, not a file; a client's config is the file "
        "client.yaml"
    )


def test_an_oversized_file_is_refused_unread(tmp_path):
    message = error_of(tmp_path, BASE + "# " + "x" * MAX_BYTES + "\n")
    assert message == f"larger than {MAX_BYTES:,} bytes; a client config is a few kilobytes"


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_bytes(BASE.encode("utf-8-sig"))
    assert load_config(path).client == "acme"


@pytest.mark.parametrize(
    "deep",
    [
        "currency: " + "[" * 10_000 + "]" * 10_000 + "\n",  # RecursionError in yaml.safe_load
        "currency: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        "currency:\n" + "".join("  " * level + "-\n" for level in range(1, 500)),  # block style
    ],
    ids=["lists", "mappings", "block"],
)
def test_deeply_nested_yaml_is_refused_before_it_is_built(tmp_path, deep):
    message = error_of(tmp_path, BASE + deep)
    assert message.startswith(f"nested more than {MAX_DEPTH} levels deep (at line ")
    assert message.endswith("; a client config nests a few levels at most")
    assert "\n" not in message


def test_nesting_a_real_config_uses_is_fine(tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(BASE + "target_market: {age: {'18-24': 0.5, '25-34': 0.5}}\n")
    assert load_config(path).target_market == {"age": {"18-24": 0.5, "25-34": 0.5}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "period: {start: 2025-02-30, end: 2025-03-31}\n",
            "not valid YAML at line 4, column 17: '2025-02-30' is not a valid timestamp "
            "(day is out of range for month)",
        ),
        ("currency: !!int 'x'\n", "not valid YAML at line 4, column 11: 'x' is not a valid int"),
        ("currency: [unclosed\n", "not valid YAML at line 5, column 1: expected ',' or ']'"),
    ],
)
def test_yaml_errors_are_one_line_with_line_and_column(tmp_path, text, expected):
    message = error_of(tmp_path, BASE + text)
    assert message.startswith(expected)
    assert "\n" not in message


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x07"])
def test_a_control_byte_in_the_file_is_named_escaped(tmp_path, character):
    message = error_of(tmp_path, BASE + f"currency: EU{character}[31mR\n")
    escaped = f"\\x{ord(character):02x}"
    assert message == (
        f"not valid YAML at line 4, column 13: character '{escaped}' is not allowed in YAML"
    )
    assert_printable(message)


# -- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("effort: {facebook: .inf, x: 1}", "effort.facebook", "inf"),
        ("effort: {facebook: -.inf}", "effort.facebook", "-inf"),
        ("target_market: {age: {a: .nan, b: 1}}", "target_market.age.a", "nan"),
        ("responses: {target_hours: .inf}", "responses.target_hours", "inf"),
        ("money_values: {share: .nan}", "money_values.share", "nan"),
        ("ror_weights: {advocacy: .inf}", "ror_weights.advocacy", "inf"),
        (
            "recommendations: {negative_spike: {severity: .inf}}",
            "recommendations.negative_spike.severity",
            "inf",
        ),
        (
            "recommendations: {closed_days: {ratio: .nan}}",
            "recommendations.closed_days.ratio",
            "nan",
        ),
        ("effort: {x: 1.0e+400}", "effort.x", "inf"),  # YAML reads it as inf
        ("effort: {x: 1e400}", "effort.x", "'1e400'"),  # YAML 1.1 text, inf as a number
    ],
)
def test_numbers_must_be_finite(tmp_path, text, key, value):
    message = error_of(tmp_path, BASE + text + "\n")
    assert f"  - {key}: must be a finite number, not {value}" in message.splitlines()


def test_a_wrong_value_is_quoted_escaped_and_cut_short():
    handle = "\x1b[2J" + "x" * 1_000
    with pytest.raises(ConfigError) as error:
        parse_config({**MINIMAL, "competitors": [{"name": "B", "handles": [handle]}]})
    line = str(error.value).splitlines()[1]
    assert line.startswith("  - competitors.0.handles: handle '\\x1b[2Jxxx")
    assert line.endswith("more characters) should look like '@name'")
    assert len(line) < CONTENT_LIMIT + 100
    assert_printable(str(error.value))


def test_an_unknown_key_is_quoted_escaped_and_cut_short():
    key = "\x1b]0;title\x07" + "k" * 1_000
    with pytest.raises(ConfigError) as error:
        parse_config({**MINIMAL, key: 1})
    line = str(error.value).splitlines()[1]
    assert line.startswith("  - \\x1b]0;title\\x07kkk")
    assert line.endswith(
        "more characters): unknown key; check its spelling against the documented keys"
    )
    assert_printable(str(error.value))


# -- export paths -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "live.csv",
        "./live.csv",
        "sub/live.csv",
        "../live.csv",  # next to client.yaml (tests/test_export_files.py)
        "../shared/live.csv",
        "sub/../../shared/live.csv",
    ],
)
def test_export_paths_inside_the_client_folder_are_fine(path):
    assert parse_config({**MINIMAL, "exports": [{"path": path}]}).exports[0].path == path


OUTSIDE = "points outside the client's folder clients/<client>/ ("


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/etc/passwd", "is absolute; give it relative to the client's exports/ folder"),
        ("C:\\exports\\a.csv", "is absolute"),
        ("../../../../etc/passwd", OUTSIDE + "it leads outside the data folder)"),
        ("../../../../../../../../tmp/x.csv", OUTSIDE + "it leads outside the data folder)"),
        ("../../other/exports/posts.csv", OUTSIDE + "into the clients folder or another"),
        ("../../posts.csv", OUTSIDE + "into the clients folder or another client's)"),
        # the data folder outside clients/: shared data belongs in the client's folder
        ("../../../examples/uci_facebook_metrics/dataset_Facebook.csv", OUTSIDE + "into the data"),
        ("sub/../../../../examples/x.csv", OUTSIDE + "into the data folder)"),
        ("", "is empty; name a file in exports/"),
        (".", "names a folder"),
        ("..", "names a folder"),
        ("a\x00b.csv", "holds a control character"),
        ("x" * 300 + ".csv", "has a name longer than 255 bytes"),
        ("sub/" + "é" * 128 + "/a.csv", "has a name longer than 255 bytes"),
    ],
)
def test_export_paths_leading_out_are_rejected_naming_the_key(path, problem):
    # the whole line, for one of them: the key, the path quoted, the rule and an example
    if path == "../../posts.csv":
        with pytest.raises(ConfigError) as error:
            parse_config({**MINIMAL, "exports": [{"path": path}]})
        assert str(error.value).splitlines()[1] == (
            "  - exports.0.path: path '../../posts.csv' points outside the client's folder "
            "clients/<client>/ (into the clients folder or another client's); an export must "
            "be inside it (relative to exports/, e.g. sub/posts.csv or ../shared/posts.csv)"
        )
    with pytest.raises(ConfigError) as error:
        parse_config({**MINIMAL, "exports": [{"path": "ok.csv"}, {"path": path}]})
    lines = str(error.value).splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("  - exports.1.path: path ")
    assert problem in lines[1]
    assert_printable(str(error.value))


def test_ignored_files_follow_the_same_rule():
    with pytest.raises(ConfigError) as error:
        parse_config({**MINIMAL, "ignore_exports": ["old.csv", "a\x00b"]})
    assert "  - ignore_exports: ignored file 'a\\x00b' holds a control character" in str(
        error.value
    )


# -- --out ------------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for client in ("acme", "beta"):
        (tmp_path / "data" / "clients" / client / "exports").mkdir(parents=True)
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("out", "where"),
    [
        ("clients/acme/exports", "the folder of client 'acme'"),
        ("clients/beta", "the folder of client 'beta'"),
        ("clients/acme/reports/deep", "the folder of client 'acme'"),
        ("clients", "the clients folder"),
        ("clients/new", "the clients folder"),
        ("clients/acme/../beta/x", "the folder of client 'beta'"),
    ],
)
def test_out_inside_a_client_folder_is_refused(data_dir, out, where):
    with pytest.raises(ConfigError) as error:
        check_out_dir(data_dir / out, data_dir)
    assert str(error.value).startswith(f"--out {data_dir / out} is inside {where}")
    assert str(error.value).endswith(
        "choose a folder outside the clients folder, e.g. --out reports"
    )


def test_out_through_a_link_to_a_client_folder_is_refused(data_dir, tmp_path):
    (tmp_path / "link").symlink_to(data_dir / "clients" / "acme")
    with pytest.raises(ConfigError, match="inside the folder of client 'acme'"):
        check_out_dir(tmp_path / "link" / "reports", data_dir)


def test_a_client_folder_that_links_elsewhere_guards_its_target(data_dir, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "exports").mkdir(parents=True)
    (data_dir / "clients" / "linked").symlink_to(elsewhere)
    with pytest.raises(ConfigError, match="inside the folder of client 'linked'"):
        check_out_dir(elsewhere / "exports", data_dir)


@pytest.mark.parametrize("out", ["reports", "../reports"])
def test_out_elsewhere_is_fine(data_dir, out):
    assert check_out_dir(data_dir / out, data_dir) == (data_dir / out).resolve()
    assert check_out_dir(data_dir, data_dir) == data_dir.resolve()  # beside clients/, fine


# -- the quoting helper -----------------------------------------------------------------------


def test_quote_content_escapes_control_characters():
    assert quote_content("a\x00b\x1b[31mc\x7f\x9b\n\t\u202e\u2028é✓\\") == (
        "a\\x00b\\x1b[31mc\\x7f\\x9b\\n\\t\\u202e\\u2028é✓\\"
    )
    assert quote_content(b"caf\xe9\x00") == "caf\\xe9\\x00"
    assert quote_content("\udce9") == "\\udce9"  # a byte kept by surrogateescape


def test_quote_content_keeps_at_most_the_limit_and_never_cuts_an_escape():
    assert quote_content("x" * CONTENT_LIMIT) == "x" * CONTENT_LIMIT
    assert quote_content("x" * 1_000) == "x" * CONTENT_LIMIT + "… (800 more characters)"
    cut = quote_content("ab\x00cd", limit=4)
    assert cut == "ab… (3 more characters)"
    assert quote_content("\x00" * 1_000).count("\\x00") == CONTENT_LIMIT // 4


def test_escape_control_keeps_length_unbounded_and_printable():
    text = "\x1b[31m" * 100
    assert escape_control(text) == "\\x1b[31m" * 100
    assert_printable(escape_control("".join(map(chr, range(0x20))) + "\x7f"))
