"""An export that changes or disappears while a client is imported fails the client with a
reason naming the file, instead of a report (or a cache) mixing two versions of it."""

import pytest

from ronr import store, validate
from ronr.errors import InputError
from ronr.store import _load_cached, load_workspace
from ronr.validate import check_client

CONFIG = "client: acme\ndisplay_name: Acme\nbrand: {name: Acme}\n"
POSTS = "brand,channel,post_id,published_at,likes\nAcme,x,1,2025-01-01T10:00:00Z,5\n"
MORE_POSTS = "brand,channel,post_id,published_at,likes\nAcme,x,2,2025-01-02T10:00:00Z,6\n"


@pytest.fixture
def data_dir(tmp_path):
    exports = tmp_path / "clients" / "acme" / "exports"
    exports.mkdir(parents=True)
    (exports.parent / "client.yaml").write_text(CONFIG)
    (exports / "a.csv").write_text(POSTS)
    (exports / "b.csv").write_text(MORE_POSTS)
    _load_cached.cache_clear()
    return tmp_path


def while_reading(module, monkeypatch, name, change):
    """Make ``module.import_export`` call ``change()`` just before it reads file ``name``."""
    real = module.import_export

    def patched(path, **kwargs):
        if path.name == name:
            change()
        return real(path, **kwargs)

    monkeypatch.setattr(module, "import_export", patched)


def test_a_file_deleted_before_it_is_read_fails_the_client_naming_it(data_dir, monkeypatch):
    exports = data_dir / "clients" / "acme" / "exports"
    while_reading(store, monkeypatch, "a.csv", lambda: (exports / "b.csv").unlink())
    with pytest.raises(InputError) as error:
        load_workspace("acme", data_dir=data_dir)
    assert str(error.value) == (
        "b.csv: disappeared while the exports were being imported; "
        "run again once the exports folder is complete"
    )
    assert not list((data_dir / "cache").glob("acme/*"))  # nothing cached from half the inputs


def test_a_file_changed_after_it_was_read_fails_the_client_naming_it(data_dir, monkeypatch):
    a = data_dir / "clients" / "acme" / "exports" / "a.csv"
    # the export is re-saved with one more row (73 bytes -> 105: a 41-byte header, 32-byte rows) while b.csv is read
    while_reading(
        store,
        monkeypatch,
        "b.csv",
        lambda: a.write_text(POSTS + "Acme,x,3,2025-01-03T10:00:00Z,7\n"),
    )
    with pytest.raises(InputError) as error:
        load_workspace("acme", data_dir=data_dir)
    assert str(error.value) == (
        "a.csv: changed while the exports were being imported (it was 73 bytes, now 105); "
        "run again once it is completely written"
    )
    monkeypatch.undo()  # once the file is complete, the import works and reads its 2 rows
    _load_cached.cache_clear()
    workspace = load_workspace("acme", data_dir=data_dir)
    assert workspace.provenance.set_index("file").loc["a.csv", "rows_read"] == 2


def test_a_file_that_fails_to_read_because_it_changed_says_so(data_dir, monkeypatch):
    a = data_dir / "clients" / "acme" / "exports" / "a.csv"
    real = store.import_export

    def truncated_mid_read(path, **kwargs):
        if path.name == "a.csv":
            a.write_text("")  # the reader meets an empty file: the change is the reason
            raise InputError("a.csv: the file is empty")
        return real(path, **kwargs)

    monkeypatch.setattr(store, "import_export", truncated_mid_read)
    with pytest.raises(InputError, match=r"^a\.csv: changed while the exports were being"):
        load_workspace("acme", data_dir=data_dir)


def test_validate_fails_the_file_that_changed(data_dir, monkeypatch):
    exports = data_dir / "clients" / "acme" / "exports"
    while_reading(validate, monkeypatch, "a.csv", lambda: (exports / "b.csv").unlink())
    check = check_client("acme", data_dir=data_dir)
    assert not check.ok
    assert [f.file for f in check.failed_files] == ["b.csv"]
    assert check.failed_files[0].problem.startswith("b.csv: disappeared while the exports")
