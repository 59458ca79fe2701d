"""The ``ronr`` command line: a thin wrapper over the library.

Each command parses its options, calls one or two library functions and prints the outcome;
anything worth testing lives in the library. Heavy imports happen inside the commands so
``ronr --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from .periods import Period
    from .report import RenderOptions

app = typer.Typer(
    name="ronr",
    help="The Return-on-Relationship workbook: demo data, client reports and more.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(soft_wrap=True)  # long paths stay on one line, copyable
err_console = Console(stderr=True, soft_wrap=True)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Data folder holding clients/ (default: $RONR_DATA_DIR, else the project's data/).",
        file_okay=False,
    ),
]
OutOption = Annotated[
    Path, typer.Option("--out", help="Folder for the reports and index.html.", file_okay=False)
]
JobsOption = Annotated[int, typer.Option("--jobs", min=1, help="Clients rendered at once.")]


@app.callback()
def _startup() -> None:
    """The Return-on-Relationship workbook: demo data, client reports and more."""
    from .report.execute import skip_slow_optional_imports

    skip_slow_optional_imports()


def _fail(message: str, *, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/bold red] {_escape(message)}")
    return typer.Exit(code)


def _escape(text: str) -> str:
    """``text`` safe to print: rich markup escaped, control characters (a file's NUL or
    terminal escape, quoted in a message) written as ``\\x00``, ``\\x1b``."""
    from rich.markup import escape

    return escape(_plain(text))


def _plain(text: str) -> str:
    """``text`` safe to print with ``markup=False``: control characters escaped, line breaks
    kept (a config error lists its keys one a line)."""
    from .errors import escape_control

    return "\n".join(escape_control(line) for line in str(text).split("\n"))


def _check_out(out: Path | None, data_dir: Path | None) -> None:
    """Stop before any work when ``--out`` lies inside the data folder's clients/ (exit 2)."""
    if out is None:
        return
    from .errors import ConfigError
    from .paths import check_out_dir

    try:
        check_out_dir(out, data_dir)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


@app.command("clients")
def clients_command(data_dir: DataDirOption = None) -> None:
    """List the clients in the data folder (every clients/<name>/client.yaml)."""
    from .paths import list_clients, resolve_data_dir

    names = list_clients(data_dir)
    if not names:
        raise _fail(
            f"no clients in {resolve_data_dir(data_dir) / 'clients'}; "
            "create one, or run `ronr demo` for the demo clients",
            code=1,
        )
    for name in names:
        console.print(name, markup=False, highlight=False)


@app.command("demo")
def demo_command(
    data_dir: DataDirOption = None,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same data.")
    ] = 2025,
    scale: Annotated[
        float, typer.Option(min=0.01, help="Volume multiplier (1.0 = a year of a busy brand).")
    ] = 1.0,
    mentions: Annotated[
        int | None,
        typer.Option(
            min=1000,
            help="Size each client to about this many mentions (instead of --scale); posts "
            "grow alike (1,000,000 mentions: about 20,000 posts).",
        ),
    ] = None,
    texts: Annotated[
        str,
        typer.Option(
            help="'templates' (a few thousand distinct texts) or 'varied' (mostly distinct "
            "texts, as a real export has; the same sentiment and signals).",
        ),
    ] = "templates",
    clients: Annotated[
        list[str] | None,
        typer.Option("--client", help="Only this demo client (repeat for more)."),
    ] = None,
    render: Annotated[
        bool, typer.Option("--render/--no-render", help="Also render the demo reports.")
    ] = False,
    out: OutOption = Path("reports"),
    jobs: JobsOption = 2,
    null: Annotated[
        bool,
        typer.Option(
            "--null",
            help="Also generate each demo client's null client (<name>-null): the same client "
            "with every planted signal switched off, whose report should recommend nothing.",
        ),
    ] = False,
) -> None:
    """Generate the synthetic demo clients; --null adds their null clients, --render reports."""
    from .demo import DEMO_CLIENTS, NULL_DEMO_CLIENTS, TEXT_STYLES, generate_client, scale_for
    from .paths import resolve_data_dir

    if texts not in TEXT_STYLES:
        raise typer.BadParameter(f"expected one of {', '.join(TEXT_STYLES)}", param_hint="--texts")
    names = list(clients or DEMO_CLIENTS)
    if null:
        names += [name for name in NULL_DEMO_CLIENTS if not clients or name in clients]
    known = (*DEMO_CLIENTS, *NULL_DEMO_CLIENTS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise typer.BadParameter(
            f"{', '.join(unknown)} is no demo client (expected {', '.join(known)})",
            param_hint="--client",
        )
    if render:
        _check_out(out, data_dir)
    root = resolve_data_dir(data_dir)
    folders = []
    for name in names:
        size = scale if mentions is None else scale_for(name, mentions)
        folders.append(generate_client(name, root, seed=seed, scale=size, texts=texts))
    for folder in folders:
        console.print(f"Wrote {folder}", markup=False, highlight=False)
    if render:
        from .report import RenderOptions

        options = RenderOptions(data_dir=root, out_dir=out, jobs=jobs)
        _render_and_report([Path(f).name for f in folders], options=options)


@app.command("validate")
def validate_command(
    client: Annotated[str, typer.Argument(help="Client folder name (see `ronr clients`).")],
    data_dir: DataDirOption = None,
    show: Annotated[int, typer.Option(min=0, help="Rejected rows to show per file.")] = 5,
) -> None:
    """Check a client's config and exports without rendering.

    Prints, per file, the format detected and the rows read, accepted and rejected, with the
    first rejects and their reasons. Exits with status 1 when the config is invalid, a file
    cannot be read at all, or a file accepted none of its rows (a file that keeps some rows
    passes, however many it rejected).
    """
    from rich.table import Table

    from .validate import check_client

    check = check_client(client, data_dir=data_dir)
    if check.config_error:
        raise _fail(check.config_error, code=1)
    table = Table(title=f"{client}: exports")
    for column in ("File", "Format", "Read", "Accepted", "Rejected", "Problem"):
        numeric = column in ("Read", "Accepted", "Rejected")
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for file in check.files:
        problem = ""
        if file.error:
            problem = "cannot be read (see below)"
        elif file.accepted_nothing:
            problem = "accepted no row (see below)"
        table.add_row(
            _escape(file.file),
            _escape(file.format),
            f"{file.rows_read:,}",
            f"{file.rows_accepted:,}",
            f"{file.rows_rejected:,}",
            problem,
        )
    console.print(table)
    for file in check.files:
        for note in file.notes:  # a note may name its file already
            named = note if note.startswith(file.file) else f"{file.file}: {note}"
            console.print(f"Note: {_plain(named)}", markup=False, highlight=False)
        if file.rows_rejected and show:
            console.print(f"First rejects of {_plain(file.file)}:", markup=False, highlight=False)
            for row in file.rejects.head(show).itertuples():
                # a reject quotes its cell: escaped and cut short (quote_content)
                console.print(
                    f"  row {row.row}, column {_quoted(row.column)}, value {_quoted(row.value)}: "
                    f"{_plain(row.reason)}",
                    markup=False,
                    highlight=False,
                )
    # After the rejects, so the failures are the last thing read before the exit.
    for file in check.failed_files:
        err_console.print(_plain(file.problem), markup=False, highlight=False)
    if not check.ok:
        failed = check.failed_files
        raise _fail(
            f"{len(failed)} of {len(check.files)} files of {client} failed the check: "
            f"{', '.join(f.file for f in failed)}",
            code=1,
        )


def _quoted(value: object) -> str:
    """A value read from a file, as a message quotes it (repr, escaped, at most 200 chars)."""
    from .errors import quote_content

    return quote_content(repr(value))


@app.command("formats")
def formats_command() -> None:
    """List the export formats ronr reads (names for --format and client.yaml exports)."""
    from .ingest import IMPORTERS

    for importer in IMPORTERS:
        console.print(
            f"{importer.name:24} {importer.description} → {', '.join(importer.tables)}",
            markup=False,
            highlight=False,
        )


@app.command("ingest")
def ingest_command(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="An export file.")],
    format: Annotated[
        str | None,
        typer.Option("--format", help="Format name (see `ronr formats`); default: detected."),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option(
            "--client",
            help="Import as this client's validate and render would: its client.yaml gives the "
            "brand, year and time zone, and matches mentions without a brand to its brands.",
        ),
    ] = None,
    data_dir: DataDirOption = None,
    brand: Annotated[
        str | None,
        typer.Option(help="Brand the rows of an own-account export belong to (default: 'brand')."),
    ] = None,
    year: Annotated[int | None, typer.Option(help="Year, for sources without one (UCI).")] = None,
    timezone: Annotated[
        str | None, typer.Option(help="Zone of times written without an offset (default: UTC).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the canonical tables and rejects.csv to this folder.")
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Import nothing: say which format the file's header is, or rank the formats by "
            "the columns of each the header has and name the columns each one misses.",
        ),
    ] = False,
) -> None:
    """Import one export file and print what was read, accepted and rejected.

    Without --client, mentions without a brand column are not matched to any brand (that needs
    a client's client.yaml), so the counts can differ from `ronr validate`; a note says so.
    With --client, a file listed in the client's client.yaml exports is read as its entry says
    (its column map, date order, number format, sheet). --explain only explains the detection.
    """
    from .errors import RonrError
    from .ingest import ImportContext, import_file
    from .validate import brandless_mentions, import_for_client

    if explain:
        given = [
            option
            for option, value in (
                ("--format", format),
                ("--client", client),
                ("--data-dir", data_dir),
                ("--brand", brand),
                ("--year", year),
                ("--timezone", timezone),
                ("--out", out),
            )
            if value is not None
        ]
        if given:
            raise _fail(f"--explain imports nothing, so it takes no {', '.join(given)}")
        from .ingest.detect import explain_file

        try:
            explanation = explain_file(path)
        except RonrError as exc:
            raise _fail(str(exc), code=1) from None
        console.print(explanation.text(), markup=False, highlight=False)
        return
    if client is None and data_dir is not None:
        raise _fail("--data-dir only applies with --client")
    _check_out(out, data_dir)
    clashing = [
        option
        for option, value in (("--brand", brand), ("--year", year), ("--timezone", timezone))
        if value is not None
    ]
    if client is not None and clashing:
        raise _fail(
            f"{', '.join(clashing)}: with --client these come from the client's client.yaml; "
            "give one or the other"
        )
    try:
        if client is None:
            context = ImportContext(brand=brand or "brand", year=year, timezone=timezone or "UTC")
            result = import_file(path, format=format, context=context)
        else:
            result = import_for_client(path, client, format=format, data_dir=data_dir)
    except RonrError as exc:
        raise _fail(str(exc), code=1) from None
    as_client = f" (as client {client})" if client else ""
    console.print(
        f"{result.file}: {result.format}; {result.rows_read:,} row{'' if result.rows_read == 1 else 's'} read, "
        f"{result.rows_accepted:,} accepted, {result.rows_rejected:,} rejected{as_client}",
        markup=False,
        highlight=False,
    )
    for note in result.notes:
        console.print(f"Note: {_plain(note)}", markup=False, highlight=False)
    unmatched = 0 if client else brandless_mentions(result)
    if unmatched:
        console.print(
            f"Note: {unmatched:,} mentions have no brand: brands are matched from client.yaml per "
            "client, and a mention naming no tracked brand is then rejected. Run "
            f"`ronr ingest {path} --client CLIENT` or `ronr validate CLIENT` to see which are kept.",
            markup=False,
            highlight=False,
        )
    if out is not None:
        from .ingest.base import write_csv  # quotes a lone \r: every file reads back as written

        out.mkdir(parents=True, exist_ok=True)
        for name, table in result.tables.items():
            write_csv(table, out / f"{name}.csv")
        write_csv(result.rejects, out / "rejects.csv")
        console.print(
            f"Wrote {', '.join(result.tables)} and rejects to {out}", markup=False, highlight=False
        )


def _parse_period(text: str) -> Period:
    """``--period`` as a :class:`ronr.periods.Period`; a bad one is a usage error (exit 2)."""
    from .errors import ConfigError, escape_control, quote_content
    from .periods import Period

    shown = quote_content(repr(str(text)))
    parts = str(text).split("..")
    if len(parts) == 2 and not all(part.strip() for part in parts):
        raise typer.BadParameter(
            f"period {shown}: expected 'START..END' with a day, month or year on each side, "
            "e.g. '2025-01-01..2025-06-30' or '2025-01..2025-06'"
        )
    try:
        return Period.parse(text)
    except ConfigError as exc:
        raise typer.BadParameter(escape_control(str(exc))) from None
    except (ValueError, TypeError, AttributeError, OverflowError):  # pandas reads it as no date
        raise typer.BadParameter(
            f"period {shown}: expected dates like 2025-01-01 or months like 2025-01"
        ) from None


def _parse_compare(text: str) -> str:
    """``--compare``: ``previous`` or a period; anything else is a usage error (exit 2)."""
    if text == "previous":
        return text
    try:
        _parse_period(text)
    except typer.BadParameter as exc:
        raise typer.BadParameter(f"expected 'previous' or a period; {exc}") from None
    return text


def _parse_scheduler(text: str) -> str:
    """``--scheduler``: a Dask scheduler address; a bad one is a usage error (exit 2)."""
    from .report.cluster import ClusterError, check_scheduler

    try:
        return check_scheduler(text)
    except ClusterError as exc:
        raise typer.BadParameter(_plain(str(exc))) from None


def _parse_dask(text: str) -> str:
    """``--dask``: only ``local`` (a cluster on this machine); anything else exits 2."""
    if text != "local":
        raise typer.BadParameter(
            f"expected 'local', not {_plain(repr(text))}; for an existing cluster give "
            "--scheduler tcp://HOST:PORT"
        )
    return text


@app.command("render")
def render_command(
    clients: Annotated[
        list[str] | None, typer.Argument(help="Client folder names (see `ronr clients`).")
    ] = None,
    all_clients: Annotated[bool, typer.Option("--all", help="Render every client.")] = False,
    period: Annotated[
        Any,  # a Period or None: the annotation is evaluated at start, pandas is not imported
        typer.Option(
            parser=_parse_period,
            metavar="START..END",
            help="Days, months or years, e.g. 2025-01-01..2025-06-30 or 2025-01..2025-06 "
            "(default: each config's).",
        ),
    ] = None,
    out: OutOption = Path("reports"),
    data_dir: DataDirOption = None,
    jobs: JobsOption = 2,
    notebooks: Annotated[
        Path | None,
        typer.Option(
            "--notebooks",
            help="Folder of the section notebooks (default: notebooks/).",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    cell_timeout: Annotated[
        float, typer.Option(min=1, help="Seconds one notebook cell may run.")
    ] = 300,
    timeout: Annotated[
        float, typer.Option(min=1, help="Seconds one client's report may take (retried once).")
    ] = 1200,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="Also print each report to a PDF beside it (A4, with headless Chromium; "
            "`make chromium` installs it).",
        ),
    ] = False,
    compare: Annotated[
        str | None,
        typer.Option(
            parser=_parse_compare,
            metavar="previous|START..END",
            help="Show each cover headline's change against the period of the same length "
            "just before (previous), or against a period such as 2024-01..2024-06.",
        ),
    ] = None,
    self_contained: Annotated[
        bool,
        typer.Option(
            "--self-contained",
            help="Put the chart library in every report, so one HTML file stands alone "
            "(by default the reports of a folder share one script beside them).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Render every client again; by default a report whose inputs, notebooks, "
            "options and ronr are unchanged is kept.",
        ),
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            parser=_parse_scheduler,
            metavar="tcp://HOST:PORT",
            help="Render on the Dask cluster of this scheduler; its workers need ronr and the "
            "same data, notebooks and reports folders at the same paths.",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            parser=_parse_dask,
            metavar="local",
            help="local: render on a Dask cluster started on this machine (--jobs workers).",
        ),
    ] = None,
) -> None:
    """Render HTML reports (code hidden) for clients, plus an index page over them.

    Exits with status 1 when any client failed; the table says which and why.
    """
    # The period is already parsed (a bad one stopped the command before it began).
    from .paths import NOTEBOOKS_DIR
    from .report import RenderOptions

    _check_out(out, data_dir)
    if scheduler and dask:
        raise _fail("give --scheduler tcp://HOST:PORT or --dask local, not both")

    options = RenderOptions(
        period=period,
        data_dir=data_dir,
        out_dir=out,
        notebooks_dir=notebooks or NOTEBOOKS_DIR,
        jobs=jobs,
        cell_timeout=cell_timeout,
        timeout=timeout,
        pdf=pdf,
        compare=compare or "",
        self_contained=self_contained,
        force=force,
    )
    names = _choose_clients(clients or [], all_clients=all_clients, data_dir=options.data_dir)
    _render_and_report(names, options=options, scheduler=scheduler or dask)


def _choose_clients(names: list[str], *, all_clients: bool, data_dir: Path | None) -> list[str]:
    from .paths import list_clients, resolve_data_dir

    known = list_clients(data_dir)
    if all_clients:
        if names:
            raise _fail("give client names or --all, not both")
        if not known:
            raise _fail(
                f"no clients in {resolve_data_dir(data_dir) / 'clients'}; run `ronr demo` first"
            )
        return known
    if not names:
        raise _fail("name at least one client, or use --all (see `ronr clients`)")
    missing = list(dict.fromkeys(name for name in names if name not in known))
    unknown = [name for name in missing if name not in _demo_clients()]
    if unknown:
        listing = ", ".join(known) if known else "none (run `ronr demo`)"
        raise _fail(
            f"unknown client {', '.join(map(repr, unknown))} in "
            f"{resolve_data_dir(data_dir) / 'clients'}; known clients: {listing}"
        )
    _generate_demo_clients(missing, data_dir=data_dir)
    return names


def _demo_clients() -> tuple[str, ...]:
    from .demo import DEMO_CLIENTS, NULL_DEMO_CLIENTS  # here: only a missing client needs them

    return DEMO_CLIENTS + NULL_DEMO_CLIENTS


def _generate_demo_clients(names: list[str], *, data_dir: Path | None) -> None:
    """Generate demo clients that were named but never generated, and say so.

    Loading a client never generates data; asking to render a demo client is the explicit
    request to have it, so the command line generates it first, as `ronr demo` would.
    """
    if not names:
        return
    from .demo import ensure_demo_client
    from .paths import resolve_data_dir

    root = resolve_data_dir(data_dir)
    console.print(
        f"Generating the demo client{'s' if len(names) > 1 else ''} {', '.join(names)} "
        f"(not in {root / 'clients'} yet; `ronr demo` generates them all)",
        markup=False,
        highlight=False,
    )
    for name in names:
        folder = ensure_demo_client(name, root)
        console.print(f"Wrote {folder}", markup=False, highlight=False)


def _render_and_report(
    names: list[str], *, options: RenderOptions, scheduler: str | None = None
) -> None:
    """Render ``names`` (on the Dask ``scheduler`` if given), print the results table and
    exit 1 if any failed or the cluster cannot be used."""
    import dataclasses

    from .report import render_clients, summarise_results
    from .report.cluster import ClusterError  # distributed itself only with a scheduler

    on_cluster = {"scheduler": scheduler} if scheduler else {}  # else the call as before
    try:
        results = render_clients(names, options, console=err_console, **on_cluster)
    except ClusterError as exc:  # the Dask cluster cannot be used: nothing was rendered
        raise _fail(str(exc), code=1) from None
    # an error may quote a file (a control byte, a terminal escape): the table shows it escaped
    shown = [dataclasses.replace(r, error=_plain(r.error)) if r.error else r for r in results]
    console.print(summarise_results(shown))
    where = options.out_dir / "index.html"
    if len(results) == 1 and results[0].ok:
        where = results[0].html
    console.print(f"Open {where}", markup=False, highlight=False)
    failed = [r.client for r in results if not r.ok]
    for result in results:
        if not result.ok:
            # One unwrapped line per failure, for logs and grep (the table wraps).
            err_console.print(
                f"[red]failed[/red] {_escape(result.client)}: {_escape(result.error)}",
                soft_wrap=True,
            )
    if failed:
        raise _fail(f"{len(failed)} of {len(results)} reports failed: {', '.join(failed)}", code=1)
    if getattr(results, "index_error", ""):  # every report written, the index not (a full disk)
        raise _fail(_plain(results.index_error), code=1)


def main() -> None:
    """Entry point of the ``ronr`` script."""
    app()


if __name__ == "__main__":
    main()
