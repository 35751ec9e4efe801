"""Replay: run the nightly sequence once per simulated night, keeping each night's as-of scorecard.

The simulator writes one folder per export night, ``sim_dir/inbox/YYYY-MM-DD/``. For each night
D in ``[start, end]`` (every calendar day; a night without a folder runs with no new files),
:func:`replay` runs ``run_pipeline(inbox=sim_dir/inbox/D, as_of=D, data_dir=data_dir)`` — the
Prefect-free form by default (Prefect adds ~3–12 s per run; ``use_prefect=True`` runs the
Prefect flow instead) — and, when the night published, copies that night's published tables
into the history:

    data_dir/curated/history/asof=YYYY-MM-DD/plan_scorecard.parquet
    data_dir/curated/history/asof=YYYY-MM-DD/metric_values.parquet
    data_dir/curated/history/runs.jsonl          one line per replayed night (status, timings…)

Each parquet file has the published columns plus ``as_of`` (DATE) and ``run_id``. A night
replayed again overwrites its folder (written aside, then swapped). Notebooks read the whole
history with DuckDB::

    SELECT * FROM read_parquet('data/curated/history/asof=*/plan_scorecard.parquet')
    ORDER BY as_of, target_id

Replay into a data folder of its own (e.g. ``data/replay/seed42-scale1``): in a folder that
already landed later files, early nights would see data from their future.

With ``api=URL`` (and ``token``) the nights pull the software's HTTP API up to each night's end
instead of reading inbox folders (see :func:`replay`).

A night that does not publish (failed checks, error) keeps no history folder; its line in
``runs.jsonl`` says why, and the replay goes on with the next night (the published database
is the previous night's, as in production).
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipelines.flows.nightly import nightly_flow, run_pipeline
from pipelines.fsutil import swap_dir
from pipelines.settings import TIME_ZONE, Paths, connect, data_paths
from pipelines.sources.api import pull_api

HISTORY_TABLES = ("plan_scorecard", "metric_values")


def history_dir(paths: Paths) -> Path:
    return paths.curated / "history"


def nights(sim_dir: Path, start: date, end: date) -> list[tuple[date, Path | None]]:
    """Every day of [start, end] with its inbox folder (None when the simulator wrote none)."""
    inbox = Path(sim_dir) / "inbox"
    out = []
    d = start
    while d <= end:
        folder = inbox / d.isoformat()
        out.append((d, folder if folder.is_dir() else None))
        d += timedelta(days=1)
    return out


def keep_history(paths: Paths, as_of: date, run_id: str, tables=HISTORY_TABLES) -> Path:
    """Copy the published tables of this night into ``history/asof=YYYY-MM-DD/`` (atomically)."""
    target = history_dir(paths) / f"asof={as_of.isoformat()}"
    tmp = target.with_name(target.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con = connect(paths.curated_db, read_only=True)
    try:
        for t in tables:
            out = (tmp / f"{t}.parquet").as_posix().replace("'", "''")
            con.execute(
                f"COPY (SELECT *, DATE '{as_of.isoformat()}' AS as_of, "
                f"'{run_id.replace(chr(39), '')}' AS run_id FROM {t}) TO '{out}' (FORMAT parquet)"
            )
    finally:
        con.close()
    swap_dir(tmp, target)
    return target


def _append_run(paths: Paths, entry: dict) -> None:
    p = history_dir(paths) / "runs.jsonl"
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")


def replay(
    sim_dir: Path | None,
    start: date,
    end: date,
    data_dir: Path,
    use_prefect: bool = False,
    progress=None,
    api: str | None = None,
    token: str | None = None,
    **pull_options,
) -> list[dict]:
    """Run the nightly sequence for each night of [start, end]; returns one dict per night:
    ``as_of``, ``inbox``, ``status``, ``files_landed``, ``files_parsed``, ``seconds``, ``history``
    (the folder kept, or None), ``error``, ``run_id`` (and ``api_pages`` with ``api``).

    With ``api`` (a base URL, e.g. the simulated software's ``motcua simulate serve``), each
    night pulls the API instead of reading an inbox folder: ``pull_api(api, token, until=<night>
    23:59:59, **pull_options)``, then the nightly sequence with no inbox — the nightly operation
    as it runs in production, night after night (``sim_dir`` may then be None)."""
    if end < start:
        raise ValueError(f"--to ({end}) trước --from ({start})")
    if api is None:
        sim_dir = Path(sim_dir)
        if not (sim_dir / "inbox").is_dir():
            raise FileNotFoundError(
                f"Không có thư mục {sim_dir / 'inbox'} (chạy `motcua simulate --out {sim_dir}` trước)"
            )
    paths = data_paths(data_dir)
    paths.ensure()
    flow = None
    if use_prefect:
        flow = nightly_flow()
    if api is None:
        plan = nights(sim_dir, start, end)
    else:
        plan = [(start + timedelta(days=i), None) for i in range((end - start).days + 1)]
    results: list[dict] = []
    for k, (night, folder) in enumerate(plan):
        if progress:
            progress(k, len(plan), f"replay: {night.isoformat()}")
        t0 = time.perf_counter()
        pulled = None
        if api is not None:
            try:
                pulled = len(
                    pull_api(api, token or "", paths, until=datetime.combine(night, dtime(23, 59, 59)), **pull_options)
                )
            except Exception as exc:  # the night fails as a whole, as in production; the next one retries
                entry = {
                    "as_of": night.isoformat(),
                    "inbox": None,
                    "status": "error",
                    "files_landed": 0,
                    "files_parsed": 0,
                    "seconds": round(time.perf_counter() - t0, 3),
                    "history": None,
                    "error": f"{type(exc).__name__}: {exc}",
                    "run_id": None,
                    "api_pages": None,
                }
                _append_run(paths, entry)
                results.append(entry)
                continue
        if flow is not None:
            s = flow(inbox=str(folder) if folder else None, as_of=night, data_dir=str(paths.root))
        else:
            s = run_pipeline(inbox=folder, as_of=night, data_dir=paths.root)
        kept = None
        if s.get("status") == "published":
            kept = keep_history(paths, night, s.get("run_id", ""))
        entry = {
            "as_of": night.isoformat(),
            "inbox": str(folder) if folder else None,
            "status": s.get("status"),
            "files_landed": s.get("files_landed"),
            "files_parsed": s.get("files_parsed"),
            "seconds": round(time.perf_counter() - t0, 3),
            "history": str(kept) if kept else None,
            "error": s.get("error"),
            "run_id": s.get("run_id"),
            "replayed_at": datetime.now(ZoneInfo(TIME_ZONE)).isoformat(timespec="seconds"),
        }
        if api is not None:
            entry["api_pages"] = pulled
        _append_run(paths, entry)
        results.append(entry)
    if progress:
        progress(len(plan), len(plan), f"replay: {end.isoformat()}")
    return results
