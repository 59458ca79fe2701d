"""Render many clients on a Dask cluster: the same per-client jobs as the local thread pool.

``ronr render --scheduler tcp://HOST:PORT`` (an existing ``dask.distributed`` cluster) or
``--dask local`` (a :class:`distributed.LocalCluster` started for the run, one single-threaded
worker process per ``--jobs``) submits one task per client that calls
:func:`ronr.report.render.render_client` on a worker. Isolation is inside ``render_client``:
the worker starts the same warm-up and notebook subprocesses, under the same memory and time
limits, as the local runner, and returns the same :class:`~ronr.report.render.RenderResult`.
The index page, the catalogue, the run log and the summary are then written here, by
:func:`ronr.report.batch.render_clients`, exactly as after a local run.

Workers read the data folder and the notebooks, and write the reports, at the absolute paths
this machine has: a remote cluster needs the same folders mounted at the same paths (a shared
file system), and ronr (with any warm-up function the options name) installed. Warm-ups run
one at a time per worker process, not across the cluster; the caches they write are safe to
share (each writer renames a whole file into place).

``distributed`` is imported here only, and only when a scheduler is asked for: the local
runner never pays for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RonrError
from .options import AS_CONFIGURED, RenderOptions
from .protocol import short_message
from .render import RenderResult, render_client

if TYPE_CHECKING:
    import distributed

LOCAL = "local"
"""The scheduler "address" that starts a :class:`distributed.LocalCluster` for the run."""

CONNECT_TIMEOUT = 10.0
"""Seconds to reach a scheduler, and for an existing cluster to have a worker."""

_ADDRESS = re.compile(r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})")


class ClusterError(RonrError):
    """The Dask cluster cannot be used: a bad address, no scheduler, no worker, or workers
    that cannot see the run's folders (one line naming the address and what was expected)."""


def check_scheduler(address: str) -> str:
    """``address`` if it is :data:`LOCAL` or a scheduler address ``tcp://HOST:PORT``.

    Only the form is checked (nothing is imported, nothing reached): the command line calls
    it while it parses its options.

    Raises
    ------
    ClusterError
        Not ``local``, and not ``tcp://HOST:PORT`` or ``tls://HOST:PORT`` with a port of
        1 to 65535.
    """
    text = str(address).strip()
    if text == LOCAL:
        return text
    match = _ADDRESS.fullmatch(text)
    if match is None or not 0 < int(match[3]) < 65536:
        raise ClusterError(
            f"not a Dask scheduler address: {text!r}; expected tcp://HOST:PORT, "
            "e.g. tcp://10.0.0.5:8786"
        )
    return text


@contextlib.contextmanager
def connect(scheduler: str, *, workers: int = 2) -> Iterator[distributed.Client]:
    """A client of the Dask scheduler at ``scheduler``, or of a new local cluster; closed after.

    Parameters
    ----------
    scheduler
        ``tcp://HOST:PORT`` of a running scheduler, or :data:`LOCAL` to start a
        :class:`distributed.LocalCluster` of ``workers`` single-threaded worker processes
        (no dashboard), closed with the client.
    workers
        Worker processes of a local cluster (``RenderOptions.jobs``); an existing cluster
        keeps its own.

    Raises
    ------
    ClusterError
        A bad address, no scheduler answering within :data:`CONNECT_TIMEOUT` seconds, or a
        scheduler that has no worker within that time.
    """
    scheduler = check_scheduler(scheduler)
    import distributed

    with contextlib.ExitStack() as stack:
        if scheduler == LOCAL:
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # no dashboard; its health routes on a free local port, not :8787
                    scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.ERROR,
                )
            )
            dask = stack.enter_context(distributed.Client(cluster, set_as_default=False))
        else:
            try:
                dask = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError):
                raise ClusterError(
                    f"cannot reach the Dask scheduler at {scheduler} within "
                    f"{CONNECT_TIMEOUT:g} s; expected one started with `dask scheduler`"
                ) from None
            stack.enter_context(dask)
            try:
                dask.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError):
                raise ClusterError(
                    f"the Dask scheduler at {scheduler} has no worker after "
                    f"{CONNECT_TIMEOUT:g} s; start one with `dask worker {scheduler}`"
                ) from None
        yield dask


def render_on_cluster(
    clients: Sequence[str],
    options: RenderOptions,
    scheduler: str | distributed.Client,
    *,
    on_result: Callable[[RenderResult], None] | None = None,
) -> list[RenderResult]:
    """Render ``clients`` on a Dask cluster, one task per client; their results in order.

    Each task is :func:`ronr.report.render.render_client` with the same options, its paths
    made absolute (a worker's working folder is not this one's); the results come back with
    the paths as the local runner gives them (under ``options.out_dir`` as given).

    Parameters
    ----------
    clients
        Client folder names, each rendered once (duplicates are dropped).
    options
        The run's options, as for :func:`ronr.report.batch.render_clients`.
    scheduler
        ``tcp://HOST:PORT``, :data:`LOCAL`, or a connected :class:`distributed.Client` (see
        :func:`connect`).
    on_result
        Called with each result as it arrives (the progress bar).

    Returns
    -------
    list of RenderResult
        One per client, in the order of ``clients``. A task the cluster lost (its worker kept
        dying, the scheduler went away) is that client's failure.

    Raises
    ------
    ClusterError
        The scheduler cannot be used (see :func:`connect`), or a worker cannot import ronr or
        see the data, notebooks or reports folder.
    """
    clients = list(dict.fromkeys(clients))
    if not isinstance(scheduler, str):
        return _render(scheduler, clients, options, on_result)
    with connect(scheduler, workers=options.jobs) as dask:
        return _render(dask, clients, options, on_result)


def worker_problems(folders: dict[str, str]) -> list[str]:
    """On a worker: which of ``folders`` (what → absolute path) it cannot see, in words."""
    return [f"no {what} at {path}" for what, path in folders.items() if not Path(path).is_dir()]


def _render(
    dask: distributed.Client,
    clients: list[str],
    options: RenderOptions,
    on_result: Callable[[RenderResult], None] | None,
) -> list[RenderResult]:
    import distributed

    given_out = options.out_dir
    remote = dataclasses.replace(
        options,
        out_dir=given_out.resolve(),
        notebooks_dir=options.notebooks_dir.resolve(),
    )
    _check_workers(dask, remote)
    run = uuid.uuid4().hex[:8]
    futures = {
        dask.submit(render_client, client, remote, key=f"ronr-render-{run}-{i}", pure=False): client
        for i, client in enumerate(clients)
    }
    results: dict[str, RenderResult] = {}
    for future in distributed.as_completed(futures, loop=dask.loop):
        client = futures[future]
        try:
            result = _as_given(future.result(), remote.out_dir, given_out)
        except Exception as exc:  # the task, not the render, failed: this client alone
            result = RenderResult(
                client,
                "failed",
                error=short_message(f"lost on the Dask cluster: {type(exc).__name__}: {exc}"),
                period=options.period,
                period_label=options.period.label() if options.period else AS_CONFIGURED,
            )
        results[client] = result
        if on_result is not None:
            on_result(result)
    return [results[client] for client in clients]


def _check_workers(dask: distributed.Client, options: RenderOptions) -> None:
    """Stop before any task when a worker cannot import ronr or see the run's folders."""
    with contextlib.suppress(OSError):  # else each client fails to write, as it would locally
        options.out_dir.mkdir(parents=True, exist_ok=True)
    folders = {
        what: str(path)
        for what, path in (
            ("data folder", options.data_dir),
            ("notebooks folder", options.notebooks_dir),
            ("reports folder", options.out_dir),
        )
        if Path(path).is_dir()  # one missing here too fails each client, as it would locally
    }
    try:
        answers = dask.run(worker_problems, folders)
    except Exception as exc:
        raise ClusterError(
            f"the Dask workers of {dask.scheduler.address} cannot run ronr "
            f"({short_message(f'{type(exc).__name__}: {exc}')}); install ronr on every worker"
        ) from None
    for worker, problems in sorted(answers.items()):
        if problems:
            raise ClusterError(
                f"Dask worker {worker} sees {'; '.join(problems)}: the workers need the same "
                "data, notebooks and reports folders at the same paths (a shared file system)"
            )


def _as_given(result: RenderResult, resolved: Path, given: Path) -> RenderResult:
    """``result`` with its files under ``given`` (the out folder as the options gave it)."""
    if resolved == given:
        return result

    def moved(path: Path | None) -> Path | None:
        if path is None:
            return None
        try:
            return given / Path(path).relative_to(resolved)
        except ValueError:
            return path

    return dataclasses.replace(
        result, html=moved(result.html), notebook=moved(result.notebook), pdf=moved(result.pdf)
    )
