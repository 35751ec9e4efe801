"""The parse step on a Dask cluster (MOTCUA_DASK_ADDRESS) gives exactly what the local pool gives.

One small simulated backlog (ten nights of January 2022 at scale 0,002, with the simulator's
injected faults: rows that quarantine) plus one hostile file (an .xlsx that is not a workbook:
quarantined whole) is landed twice, into two data folders. The first is parsed by the local
pool (two processes), the second by a `distributed.LocalCluster` of two worker processes on
loopback. Then, file by file:

- the parse index entries are equal but for `parsed_at` and `seconds` (when and how long), and
  they come in the same order (the driver appends them in the manifest's order);
- every parsed Parquet (`raw/parsed/<entity>/<file_id>.parquet`) has equal rows, schema and
  footer metadata (the columns the file carried, its original name);
- every quarantine Parquet is equal row for row, the hostile file's among them;
- the set of files written is the same.

A Dask run with the setting unset is not tested here: the setting unset is the local pool, the
path every other test of the suite takes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import DaskUnavailable, parse_pending
from pipelines.settings import data_paths

HOSTILE = "hoso_2022-01-04_hong.xlsx"
VOLATILE = ("parsed_at", "seconds")  # when the file was read and how long it took: not its outcome


@pytest.fixture(scope="module")
def backlog(tmp_path_factory) -> Path:
    from simulator.run import simulate

    out = tmp_path_factory.mktemp("dask_backlog")
    simulate(out, seed=5, scale=0.002, start=date(2022, 1, 1), end=date(2022, 1, 10), faults=True)
    inbox = out / "inbox"
    # bytes that start like a zip but are not one: fastexcel refuses it, the file is quarantined whole
    (inbox / HOSTILE).write_bytes(b"PK\x03\x04" + b"\x00khong phai bang tinh" * 40)
    return inbox


def _landed(inbox: Path, folder: Path):
    paths = data_paths(folder)
    paths.ensure()
    land_inbox(inbox, paths)
    return paths


def _outputs(paths) -> dict[str, tuple]:
    """Relative path → (rows sorted, schema, footer metadata) of every Parquet the step wrote."""
    out = {}
    for p in sorted([*paths.parsed.rglob("*.parquet"), *paths.quarantine.rglob("*.parquet")]):
        t = pq.read_table(p)
        rows = sorted(repr(tuple(r.values())) for r in t.to_pylist())
        out[str(p.relative_to(paths.raw))] = (rows, t.schema.remove_metadata(), t.schema.metadata)
    return out


@pytest.mark.slow
def test_a_dask_cluster_of_two_workers_parses_the_backlog_exactly_as_the_local_pool(
    backlog, tmp_path, monkeypatch, _key_file
):
    from distributed import LocalCluster

    local = _landed(backlog, tmp_path / "local")
    on_dask = _landed(backlog, tmp_path / "dask")
    n_files = len(list(backlog.rglob("*.*")))
    assert n_files >= 16  # enough for the local pool to use its processes (parse_workers)

    monkeypatch.setenv("MOTCUA_PARSE_WORKERS", "2")
    monkeypatch.delenv("MOTCUA_DASK_ADDRESS", raising=False)
    by_pool = parse_pending(local)

    # worker processes inherit this environment (the key file of the session): same pseudonyms
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        monkeypatch.setenv("MOTCUA_DASK_ADDRESS", cluster.scheduler_address)
        seen = []
        by_dask = parse_pending(on_dask, progress=lambda done, total, name: seen.append((done, total)))
        # the files were read by the cluster's workers (tasks `doc-tep-<file_id>-<i>`), not here
        assert "doc-tep" in cluster.scheduler.task_prefixes

    assert len(by_pool) == len(by_dask) == n_files
    strip = [{k: v for k, v in e.items() if k not in VOLATILE} for e in by_pool]
    assert [{k: v for k, v in e.items() if k not in VOLATILE} for e in by_dask] == strip
    # progress once per file, in order, then the closing call
    assert seen == [(i, n_files) for i in range(n_files)] + [(n_files, n_files)]

    statuses = {e["original_name"]: e["status"] for e in by_dask}
    assert statuses[HOSTILE] == "quarantined"
    assert sum(1 for e in by_dask if e["rows_quarantined"]) >= 1  # the injected bad rows

    pool_files, dask_files = _outputs(local), _outputs(on_dask)
    assert sorted(dask_files) == sorted(pool_files)
    assert any(k.startswith("quarantine/") for k in pool_files)
    for rel, (rows, schema, meta) in pool_files.items():
        d_rows, d_schema, d_meta = dask_files[rel]
        assert d_schema == schema, rel
        assert d_meta == meta, rel
        assert d_rows == rows, rel


def test_an_unreachable_scheduler_fails_the_step_and_names_the_setting(backlog, tmp_path, monkeypatch, _key_file):
    import socket

    import pipelines.raw.parse_runs as parse_runs

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    paths = _landed(backlog, tmp_path / "data")
    monkeypatch.setattr(parse_runs, "DASK_WAIT_S", 2)
    monkeypatch.setenv("MOTCUA_DASK_ADDRESS", f"tcp://127.0.0.1:{port}")
    # never a silent fall back to the local pool: the files stay unread, the step fails
    with pytest.raises(DaskUnavailable, match=f"tcp://127.0.0.1:{port} \\(MOTCUA_DASK_ADDRESS\\)"):
        parse_pending(paths)
    assert not paths.parsed.exists() or not any(paths.parsed.rglob("*.parquet"))
