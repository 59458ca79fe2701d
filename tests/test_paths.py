"""Paths a client's folder holds: symbolic link loops in exports/ and entries leading out of it.

A loop of symbolic links (``a -> a``, ``a -> b -> a``) is no file: one that no entry names is
skipped and the other exports are read; one an entry names stops with a one-line error
naming the key and the link (it raised ``RuntimeError: Symlink loop`` from ``Path.resolve``).
An exports entry must stay inside the client's folder (tests/test_config_errors.py checks
the rule on the text).
"""

from __future__ import annotations

import os

import pytest

from ronr.config import load_config
from ronr.errors import ConfigError
from ronr.store import load_workspace
from ronr.validate import check_client
from tests.cases import copy_case_client

CLIENT = "mini-posts"  # one generic posts.csv of 24 rows, all accepted


@pytest.fixture
def data_dir(tmp_path):
    data = copy_case_client(CLIENT, tmp_path / "data")
    exports = data / "clients" / CLIENT / "exports"
    os.symlink("a", exports / "a")  # a -> a
    os.symlink("c", exports / "b")  # b -> c -> b
    os.symlink("b", exports / "c")
    return data


def _add_to_config(data_dir, text: str):
    config = data_dir / "clients" / CLIENT / "client.yaml"
    config.write_text(config.read_text() + text)
    return config


def test_loops_no_entry_names_are_skipped_and_the_other_exports_read(data_dir):
    check = check_client(CLIENT, data_dir=data_dir)
    assert check.ok and not check.config_error
    assert [(f.file, f.format, f.rows_read, f.rows_accepted) for f in check.files] == [
        ("posts.csv", "generic-posts", 24, 24)
    ]
    workspace = load_workspace(CLIENT, data_dir=data_dir)
    assert workspace.provenance["file"].tolist() == ["posts.csv"]
    assert workspace.imported["posts"] == 24


@pytest.mark.parametrize(("entry", "key"), [("a", "exports.0.path"), ("b", "exports.0.path")])
def test_an_entry_naming_a_loop_is_one_line_naming_the_key_and_the_link(data_dir, entry, key):
    config = _add_to_config(data_dir, f"exports:\n  - path: {entry}\n")
    expected = (
        f"{config}: {key}: '{entry}' is a loop of symbolic links (one that leads back to "
        "itself) in the client's exports/; remove the link or point it at a file"
    )
    with pytest.raises(ConfigError) as error:
        load_config(config)
    assert str(error.value) == expected
    check = check_client(CLIENT, data_dir=data_dir)  # validate says it, and exits non-zero
    assert (check.ok, check.config_error) == (False, expected)


def test_an_ignored_loop_is_named_too(data_dir):
    config = _add_to_config(data_dir, "ignore_exports: [posts.csv, c]\n")
    with pytest.raises(ConfigError, match=r": ignore_exports\.1: 'c' is a loop of symbolic"):
        load_config(config)


def test_a_loop_in_a_subfolder_an_entry_names_is_refused(data_dir):
    os.symlink("sub", data_dir / "clients" / CLIENT / "exports" / "sub")
    config = _add_to_config(data_dir, "exports:\n  - path: sub/live.csv\n")
    with pytest.raises(ConfigError, match=r": exports\.0\.path: 'sub/live\.csv' is a loop"):
        load_config(config)
