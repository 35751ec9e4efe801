"""The raw zone's parse runs: which landed files are read, and what became of each.

`parse_pending` reads (with `pipelines.readers.read_file`) every landed file that has not been
parsed yet, writes its parsed and quarantine Parquet under `raw/parsed/` and `raw/quarantine/`,
and records the outcome in the parse index (`raw/parse_index.jsonl`); `read_manifest` merges
that index into the landing manifest. The files are read by a local process pool, or, when
`MOTCUA_DASK_ADDRESS` names a Dask scheduler, as one task per file on that cluster.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.fsutil import read_jsonl
from pipelines.raw.landing import MANIFEST_COLUMNS, landed_path, read_manifest_entries
from pipelines.readers.read import QUARANTINE_SCHEMA, read_file
from pipelines.settings import TIME_ZONE, Paths, dask_address

# the key of the parsed Parquet's footer metadata that lists the parsed columns the file carried
COLUMNS_KEY = "motcua.columns"
NAME_KEY = "motcua.original_name"  # and the file's original name (the warn checks name files)

# ---------------------------------------------------------------------------------------
# parse_pending: the parse index and the parquet outputs
# ---------------------------------------------------------------------------------------


def parse_index_path(paths: Paths) -> Path:
    return paths.raw / "parse_index.jsonl"


def read_parse_index(paths: Paths) -> dict[str, dict]:
    """file_id -> latest parse entry."""
    # a torn last line from a crash is skipped: that file is simply parsed again
    return {e["file_id"]: e for e in read_jsonl(parse_index_path(paths))}


def _write_parquet_atomic(table: pa.Table, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, dest)


def _append_line(path: Path, entry: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def quarantine_table(file_id: str, file_name: str, rows: list[dict]) -> pa.Table:
    return pa.table(
        {
            "file_id": [file_id] * len(rows),
            "file_name": [file_name] * len(rows),
            "row": [r.get("row") for r in rows],
            "column": [r.get("column") for r in rows],
            "reason": [r.get("reason") for r in rows],
            "raw": [json.dumps(r["raw"], ensure_ascii=False) if r.get("raw") is not None else None for r in rows],
        },
        schema=QUARANTINE_SCHEMA,
    )


def parse_one(paths: Paths, entry: dict) -> dict:
    """Read one landed file, write its parsed and quarantine Parquet; returns its index entry."""
    fid = entry["file_id"]
    name = entry["original_name"]
    src = landed_path(paths, fid, name)
    landed_on = datetime.fromisoformat(entry["arrived_at"]).date() if entry.get("arrived_at") else None
    t0 = time.perf_counter()
    res = read_file(src, landed_on=landed_on)
    # messages name the original file, not the content-addressed copy
    if res.error:
        res.error = res.error.replace(src.name, name)
        if not res.error.startswith(name):
            res.error = f"{name}: {res.error}"
        res.message = res.error
    res.message = res.message.replace(src.name, name)
    res.notes = [n.replace(src.name, name) for n in res.notes]
    qrows = res.quarantine if not res.error else [{"row": None, "column": None, "reason": res.message, "raw": None}]
    if res.table is not None and not res.error:
        t = res.table.append_column("_file_id", pa.array([fid] * res.table.num_rows, pa.string()))
        # which parsed columns the file carried, in the Parquet footer: the build's
        # `file_columns` (a column it lacks is absent, not empty: metrics.md, "Required columns")
        meta = {COLUMNS_KEY: json.dumps(res.columns), NAME_KEY: name}
        t = t.replace_schema_metadata({**(t.schema.metadata or {}), **meta})
        _write_parquet_atomic(t, paths.parsed / res.entity / f"{fid}.parquet")
    children = []
    for child in res.children if not res.error else []:
        # the entities nested in a dossier file: parsed/<entity>/<file_id>.parquet like a file of
        # their own; their bad rows in the file's quarantine, named by entity
        if child.table is not None:
            ct = child.table.append_column("_file_id", pa.array([fid] * child.table.num_rows, pa.string()))
            ct = ct.replace_schema_metadata(
                {**(ct.schema.metadata or {}), COLUMNS_KEY: json.dumps(child.columns), NAME_KEY: name}
            )
            _write_parquet_atomic(ct, paths.parsed / child.entity / f"{fid}.parquet")
        qrows = qrows + [{**q, "reason": f"{child.entity} (lồng trong hồ sơ): {q['reason']}"} for q in child.quarantine]
        children.append(
            {
                "entity": child.entity,
                "rows_in": child.rows_in,
                "rows_loaded": child.rows_loaded,
                "rows_quarantined": child.rows_quarantined,
            }
        )
    qpath = paths.quarantine / f"{fid}.parquet"
    if qrows:
        _write_parquet_atomic(quarantine_table(fid, name, qrows), qpath)
    else:
        qpath.unlink(missing_ok=True)  # a stale outcome of an earlier attempt
    return {
        "file_id": fid,
        "original_name": name,
        "entity": res.entity,
        "rows_in": res.rows_in,
        "rows_loaded": res.rows_loaded,
        "rows_quarantined": res.rows_quarantined,
        "rows_skipped": res.rows_skipped,
        "status": res.status,
        "message": res.message,
        "notes": res.notes,
        "columns": res.columns,
        "format": res.format,
        "children": children,
        "parsed_at": datetime.now(ZoneInfo(TIME_ZONE)).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 3),
    }


def parse_workers(n_files: int) -> int:
    """Processes for reading: files are independent, so a year's backlog uses every core; a
    night's few files stay in this process (starting workers would cost more than it saves)."""
    wanted = int(os.environ.get("MOTCUA_PARSE_WORKERS", "0")) or (os.cpu_count() or 1)
    return 1 if n_files < 16 else max(1, min(wanted, n_files))


KILLED = (
    "tiến trình đọc tệp bị dừng đột ngột (hết bộ nhớ hoặc lỗi trong thư viện đọc tệp); "
    "tệp bị cách ly nguyên tệp và không được đọc lại ở các lần chạy sau"
)
BATCH = 4  # files per task sent to a worker process


def killed_entry(paths: Paths, entry: dict, detail: str = "") -> dict:
    """The outcome of a file whose reading killed its process: quarantined whole, recorded in the
    parse index like any other outcome, so the next run does not read it again."""
    fid, name = entry["file_id"], entry["original_name"]
    message = f"{name}: {KILLED}" + (f" ({detail})" if detail else "")
    _write_parquet_atomic(quarantine_table(fid, name, [{"reason": message}]), paths.quarantine / f"{fid}.parquet")
    return {
        "file_id": fid,
        "original_name": name,
        "entity": None,
        "rows_in": 0,
        "rows_loaded": 0,
        "rows_quarantined": 0,
        "rows_skipped": 0,
        "status": "quarantined",
        "message": message,
        "format": None,
        "parsed_at": datetime.now(ZoneInfo(TIME_ZONE)).isoformat(timespec="seconds"),
        "seconds": 0.0,
    }


def _parse_batch(parse, paths: Paths, batch: list[dict]) -> list[dict]:
    return [parse(paths, e) for e in batch]


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent may hold DuckDB and Prefect threads
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"))


def _parse_alone(parse, paths: Paths, entry: dict) -> dict:
    """One file in a process of its own: its outcome, or the killed entry if the process died."""
    pool = _new_pool(1)
    try:
        return pool.submit(_parse_batch, parse, paths, [entry]).result()[0]
    except BrokenProcessPool as exc:
        return killed_entry(paths, entry, str(exc).split(".")[0])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_in_pool(parse, paths: Paths, todo: list[dict], workers: int):
    """Outcomes of `todo` (in order, but for re-read files: last), read by `workers` processes. A worker that dies (a native reader
    aborting, the kernel killing it for memory) breaks the pool: the outcomes already computed
    are kept, the files of the batches that were in flight are read again one per process (the
    one that dies again is recorded as killed), and a fresh pool reads the rest. One file never
    stops the run."""
    batches = deque(todo[i : i + BATCH] for i in range(0, len(todo), BATCH))
    while batches:
        pool = _new_pool(workers)
        flight: deque = deque()
        suspects: list[list[dict]] = []
        try:
            while batches or flight:
                while batches and len(flight) < workers + 1:
                    b = batches.popleft()
                    flight.append((b, pool.submit(_parse_batch, parse, paths, b)))
                b, fut = flight.popleft()
                try:
                    yield from fut.result()
                except BrokenProcessPool:
                    suspects.append(b)
                    for b2, f2 in flight:  # finished before the break: kept; else suspect
                        try:
                            yield from f2.result()
                        except BrokenProcessPool:
                            suspects.append(b2)
                    flight.clear()
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        alone = [e for b in suspects for e in b]
        if alone:  # one process per file, `workers` at a time: the one that dies is the culprit
            with ThreadPoolExecutor(workers) as threads:
                yield from threads.map(lambda e: _parse_alone(parse, paths, e), alone)


def _needs_isolation(paths: Paths, todo: list[dict]) -> bool:
    """Workbooks are read by native code that aborts the whole process when an allocation fails:
    they are always read in a worker process, so a hostile one cannot take the run down with it."""
    for e in todo:
        try:
            with open(landed_path(paths, e["file_id"], e["original_name"]), "rb") as fh:
                if fh.read(4) == b"PK\x03\x04":
                    return True
        except OSError:
            pass
    return False


DASK_WAIT_S = 60  # how long a run waits for the first Dask worker before failing the step


class DaskUnavailable(RuntimeError):
    """The configured Dask scheduler cannot be reached, or has no worker: the step fails (the
    files are not silently read somewhere else than where the setting says)."""


def _parse_on_dask(parse, paths: Paths, todo: list[dict], address: str):
    """Outcomes of `todo`, in order, each file read by one task on the Dask cluster at `address`.

    Every worker must see this data folder at the same path (a shared file system) and have the
    same checkout importable: the task writes the file's Parquet itself, like a pool process,
    and returns the same index entry. A file whose task kills its worker (the scheduler gives it
    to another worker, up to its `allowed-failures`, then gives up: `KilledWorker`) is
    quarantined whole, as a file that kills a pool process is."""
    from distributed import Client  # noqa: PLC0415 — local: only with MOTCUA_DASK_ADDRESS (+0.6 s of imports)
    from distributed.scheduler import KilledWorker  # noqa: PLC0415 — local: as above

    try:
        client = Client(address, set_as_default=False, timeout=DASK_WAIT_S)
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"không kết nối được bộ lập lịch Dask {address} (MOTCUA_DASK_ADDRESS): {exc}") from exc
    try:
        try:
            client.wait_for_workers(1, timeout=DASK_WAIT_S)
        except TimeoutError as exc:
            raise DaskUnavailable(
                f"bộ lập lịch Dask {address} không có worker nào sau {DASK_WAIT_S} giây (MOTCUA_DASK_ADDRESS)"
            ) from exc
        # all submitted at once: the scheduler balances them; the outcomes are taken in order,
        # so the parse index is appended in the manifest's order, as with the local pool
        futures = [
            client.submit(parse, paths, e, pure=False, retries=0, key=f"doc-tep-{e['file_id']}-{i}")
            for i, e in enumerate(todo)
        ]
        for entry, fut in zip(todo, futures):
            try:
                yield fut.result()
            except KilledWorker as exc:
                yield killed_entry(paths, entry, f"Dask: {type(exc).__name__}")
            finally:
                fut.release()
    finally:
        client.close()


def parse_pending(paths: Paths, progress=None, retry_quarantined: bool = False, _parse=None) -> list[dict]:
    """Parse every landed file not parsed yet; record the outcome; return per-file results.

    `retry_quarantined=True` also re-reads the files quarantined whole (e.g. after a new
    vendor header was added to aliases.yaml); the new outcome supersedes the old one. Only
    this process appends to the parse index, whichever process read the file. With
    `MOTCUA_DASK_ADDRESS` set the files are read as tasks on that Dask cluster, else by this
    machine (`parse_workers`). `_parse` (tests) replaces `parse_one`; it must be importable by
    the worker processes.
    """
    parse = _parse or parse_one
    paths.ensure()
    done = read_parse_index(paths)
    todo = [
        e
        for e in read_manifest_entries(paths)
        if e["file_id"] not in done or (retry_quarantined and done[e["file_id"]].get("status") == "quarantined")
    ]
    results = []
    workers = parse_workers(len(todo))
    address = dask_address()
    if address and todo:
        outcomes = _parse_on_dask(parse, paths, todo, address)
    elif workers == 1 and not _needs_isolation(paths, todo):
        outcomes = (parse(paths, e) for e in todo)
    else:
        outcomes = _parse_in_pool(parse, paths, todo, workers)
    for i, out in enumerate(outcomes):
        if progress:
            progress(i, len(todo), out["original_name"])
        _append_line(parse_index_path(paths), out)
        results.append(out)
    if progress:
        progress(len(todo), len(todo), "done")
    return results


def nested_outcomes(paths: Paths) -> list[dict]:
    """The entities read nested in loaded dossier files: file_id, entity and counts of each
    (their parsed rows are `parsed/<entity>/<file_id>.parquet`)."""
    out = []
    for fid, p in read_parse_index(paths).items():
        if p.get("status") == "loaded":
            out += [{"file_id": fid, **c} for c in p.get("children") or []]
    return out


def read_manifest(paths: Paths) -> pd.DataFrame:
    """Latest state per landed file: landing facts merged with the latest parse outcome."""
    entries = read_manifest_entries(paths)
    parsed = read_parse_index(paths)
    rows = []
    for e in entries:
        p = parsed.get(e["file_id"], {})
        rows.append(
            {
                **{c: e.get(c) for c in MANIFEST_COLUMNS[:6]},
                "entity": p.get("entity"),
                "rows_in": p.get("rows_in"),
                "rows_loaded": p.get("rows_loaded"),
                "rows_quarantined": p.get("rows_quarantined"),
                "status": p.get("status", "landed"),
                "message": p.get("message"),
            }
        )
    df = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    for c in ("size", "landed_seq", "rows_in", "rows_loaded", "rows_quarantined"):
        df[c] = df[c].astype("Int64")
    return df
