"""The nightly run's steps as plain functions (the Prefect flow in `nightly.py` wraps them).

Kept free of Prefect so that tests and benchmarks can call them directly and cheaply; every
step takes and returns paths and plain data, never an open connection.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import yaml

from pipelines.contract import ENTITIES
from pipelines.numbers import fmt_int
from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import nested_outcomes, parse_pending, read_manifest
from pipelines.settings import PLANS_DIR, TIME_ZONE, Paths, connect, plan_setting
from pipelines.sources.api import pull_from_env
from pipelines.warehouse import incremental
from pipelines.warehouse.build import build_database
from pipelines.warehouse.export import export_parquet as write_parquet_copies

LOCAL = ZoneInfo(TIME_ZONE)


def new_run_id(as_of: date | None) -> str:
    stamp = datetime.now(LOCAL).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-asof-{as_of.isoformat() if as_of else 'auto'}"


def default_plan_paths() -> list[Path]:
    """The plans of a run. `MOTCUA_PLAN` (`motcua run --plan`) unset: every `plans/*.yaml` (top
    level only: `plans/examples/` are illustrations, never loaded), by file name. Set to one id of
    `plans/`: the same files, that plan first (the run's plan, whose province and decision the
    reports print). Set to plan files or several names (a province's run on a work pool, whose plan
    is not in `plans/`): only those, the first being the run's plan (`resolve_plans`)."""
    from pipelines.warehouse.plan import choose_run_plan  # noqa: PLC0415 — local: pyarrow at start-up

    named = plan_setting()
    shipped = sorted(PLANS_DIR.glob("*.yaml"))
    if not named:
        return choose_run_plan(shipped, None)
    chosen = resolve_plans(named)  # every name checked: an unknown one is refused
    if len(chosen) == 1 and chosen[0] in shipped:
        return choose_run_plan(shipped, _plan_id(chosen[0]))
    return chosen


def resolve_plans(spec: str) -> list[Path]:
    """`hatinh-2022` or `/srv/plans/quangbinh-2022.yaml` (several separated by commas) → plan
    files: an existing file is taken as it is, anything else must be the `plan.id` of a file of
    `plans/`. An unknown name is refused, never replaced by another plan."""
    ids: dict[str, Path] | None = None
    found: list[Path] = []
    for name in (part.strip() for part in spec.split(",")):
        if not name:
            continue
        path = Path(name).expanduser()
        if path.is_file():
            found.append(path.resolve())
            continue
        if ids is None:
            ids = {_plan_id(p): p for p in sorted(PLANS_DIR.glob("*.yaml"))}
        if name not in ids:
            raise FileNotFoundError(
                f"không có kế hoạch {name!r}: không phải tệp, cũng không phải mã kế hoạch trong {PLANS_DIR} "
                f"(có: {', '.join(sorted(k for k in ids if k)) or 'không có'})"
            )
        found.append(ids[name])
    if not found:
        raise FileNotFoundError(f"MOTCUA_PLAN={spec!r} không nêu kế hoạch nào")
    return found


def _plan_id(path: Path) -> str | None:
    try:
        return ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("plan") or {}).get("id")
    except (OSError, yaml.YAMLError, AttributeError):
        return None


@dataclass
class StepTimer:
    durations: dict[str, float] = field(default_factory=dict)

    def run(self, name, fn, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.durations[name] = round(time.perf_counter() - t0, 3)


def _test_pause(phase: str) -> None:
    """TEST ONLY (tests/hostile/test_kills.py): with `MOTCUA_TEST_PAUSE_AT=<phase>` (land, load,
    build, publish, render) the run writes the file `MOTCUA_TEST_PAUSE_FILE` and sleeps at that
    point, so a test can kill it there. Does nothing when the variable is unset (production)."""
    if not phase or os.environ.get("MOTCUA_TEST_PAUSE_AT") != phase:
        return
    marker = os.environ.get("MOTCUA_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(f"{phase} {os.getpid()}", encoding="utf-8")
    time.sleep(float(os.environ.get("MOTCUA_TEST_PAUSE_S", "600")))


def clean_leftovers(paths: Paths) -> list[str]:
    """Remove what an interrupted run left behind (a kill, a full disk): temporary files of the
    raw zone (`raw/files/**/.*.tmp`, `raw/parsed/**/.*.tmp`, quarantine and watermark temps),
    half-built databases and folders of the curated zone (`*.building`, `*.building.wal`,
    `reports.building`, `parquet.building`, `history/*.building`), half-written summaries. A
    folder left as `<name>.old` by an interrupted swap is put back if `<name>` is missing, else
    removed. Called at the start of a run, under the run lock, so nothing here is in use.
    Returns the removed paths, relative to the data folder."""
    root = paths.root
    candidates: list[Path] = []
    for folder in (paths.raw_files, paths.parsed):
        if folder.exists():
            candidates += folder.rglob(".*.tmp")
    for folder, pattern in (
        (paths.quarantine, "*.tmp"),
        (paths.raw, ".*.tmp"),
        (paths.curated, "*.building"),
        (paths.curated, "*.building.wal"),
        (paths.curated, "*.tmp"),
        (paths.curated / "history", "*.building"),
        (paths.runs, "*.tmp"),
    ):
        if folder.exists():
            candidates += folder.glob(pattern)
    removed: list[str] = []
    for p in sorted(set(candidates)):
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
        except FileNotFoundError:
            continue
        removed.append(p.relative_to(root).as_posix())
    if paths.curated.exists():
        for old in sorted(paths.curated.glob("*.old")):
            final = old.with_name(old.name[: -len(".old")])
            if old.is_dir() and not final.exists():
                os.replace(old, final)  # the swap stopped between its two renames
            else:
                shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
                removed.append(old.relative_to(root).as_posix())
    return removed


def pull(api: str | None, paths: Paths, until: datetime | None = None) -> list[dict]:
    """Pull the software's HTTP API from each entity's watermark; every page lands raw first."""
    if not api:
        return []
    return pull_from_env(api, paths, until=until)


def land(inbox: Path | None, paths: Paths) -> dict[str, list[dict]]:
    """Copy every new file of the inbox into the raw zone (content-addressed): the entries
    landed, and the entries of the inbox not landed with their reason (hidden, lock file,
    partial or being written, symlink, special file…)."""
    if inbox is None:
        return {"landed": [], "skipped": []}
    if not Path(inbox).is_dir():
        raise FileNotFoundError(f"Không tìm thấy thư mục nhận dữ liệu (inbox): {inbox}")
    skipped: list[dict] = []
    landed = land_inbox(Path(inbox), paths, skipped=skipped)
    _test_pause("land")  # files copied and in the manifest, the step not yet returned
    return {"landed": landed, "skipped": skipped}


def _run_logger():
    """Prefect's logger of the running task when this step runs in a Prefect run (its lines are
    the run's log, in the UI), else None. Prefect is never imported here: when it is not loaded
    already there is no run to log to (the CLI's bar, tests, benchmarks)."""
    if "prefect" not in sys.modules:
        return None
    from prefect.exceptions import MissingContextError  # noqa: PLC0415 — local: Prefect only when already loaded
    from prefect.logging import get_run_logger  # noqa: PLC0415 — local: as above

    try:
        return get_run_logger()
    except MissingContextError:
        return None


def parse(paths: Paths, progress=None) -> list[dict]:
    """Read every landed file that has not been read yet (the parsed copy is the cache).

    Progress per file (a first load of a multi-year backlog is thousands of files): one bar
    "Đọc tệp" for the CLI (`progress`), a log line "đã đọc 120/1.704 tệp: <tệp>" in a Prefect run."""
    logger = _run_logger()

    def per_file(done: int, total: int, name: str) -> None:
        _test_pause("load")  # after the first file's outcome is recorded (test-only pause, else a no-op)
        if done >= total:  # parse_pending's last call ("done"), after the last file
            return
        if progress:
            progress(done + 1, total, f"Đọc tệp: {name}")
        if logger:
            logger.info(f"đã đọc {fmt_int(done + 1)}/{fmt_int(total)} tệp: {name}")

    return parse_pending(paths, progress=per_file)


def parsed_inputs(paths: Paths) -> dict[str, list[Path]]:
    """Parsed parquet files per entity, for files whose read succeeded."""
    manifest = read_manifest(paths)
    out: dict[str, list[Path]] = {e: [] for e in ENTITIES}
    if manifest.empty:
        return out
    ok = manifest[(manifest["status"] == "loaded") & manifest["entity"].notna()]
    for row in ok.sort_values("landed_seq").itertuples():
        p = paths.parsed / row.entity / f"{row.file_id}.parquet"
        if p.exists():
            out[row.entity].append(p)
    # entities read nested in dossier files (TaiLieuNop, ...), in the landing order of their file
    seq = dict(zip(ok["file_id"], ok["landed_seq"]))
    for c in sorted(nested_outcomes(paths), key=lambda c: (seq.get(c["file_id"], 0), c["entity"])):
        p = paths.parsed / c["entity"] / f"{c['file_id']}.parquet"
        if c["file_id"] in seq and p.exists():
            out[c["entity"]].append(p)
    return out


def build_memory_limit() -> str:
    """DuckDB's memory cap for the build (it spills to disk beyond it). Measured at scale 1: no cap
    8.3 GB peak; 2GB → 2.2 GB for the process tree; 1.6GB keeps the tree under the 2 GB goal
    (DuckDB's cap + ~0.2 GB of Python and Arrow; benchmarks/README.md)."""
    return os.environ.get("MOTCUA_MEMORY_LIMIT", "1.6GB")


def landing_order(paths: Paths) -> dict[str, int]:
    """file_id → landed_seq: "between equal or missing ngay_cap_nhat, the file landed later wins"."""
    m = read_manifest(paths)
    if m.empty:
        return {}
    return {str(k): int(v) for k, v in zip(m["file_id"], m["landed_seq"])}


def reader_counts(paths: Paths) -> pd.DataFrame:
    """rows_in / rows_loaded / rows_quarantined per entity over every landed file.

    Whole files that could not be recognised have no entity: they are reported under
    `khong_xac_dinh` so that nothing disappears from the totals.
    """
    m = read_manifest(paths)
    cols = ["entity", "rows_in", "rows_loaded", "rows_quarantined", "files"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    m = m.copy()
    m["entity"] = m["entity"].fillna("khong_xac_dinh")
    nested = pd.DataFrame(
        nested_outcomes(paths), columns=["file_id", "entity", "rows_in", "rows_loaded", "rows_quarantined"]
    )
    m = pd.concat([m, nested], ignore_index=True) if not nested.empty else m
    for c in ("rows_in", "rows_loaded", "rows_quarantined"):
        m[c] = pd.to_numeric(m[c], errors="coerce").fillna(0).astype("int64")
    g = m.groupby("entity", as_index=False).agg(
        rows_in=("rows_in", "sum"),
        rows_loaded=("rows_loaded", "sum"),
        rows_quarantined=("rows_quarantined", "sum"),
        files=("file_id", "count"),
    )
    return g[cols]


def full_rebuild_forced() -> bool:
    """`MOTCUA_FULL_REBUILD=1`: never build as an increment (e.g. to compare both ways)."""
    return os.environ.get("MOTCUA_FULL_REBUILD", "").strip().lower() in ("1", "true", "yes")


def build(paths: Paths, as_of: date | None, run_id: str, plan_paths: list[Path] | None = None, full: bool = False):
    """Build the curated database aside (`motcua.duckdb.building`); never touches the published one.

    As an increment of the published database when it can be (`pipelines.warehouse.incremental`:
    same tables, a fraction of the work), else whole; `full=True` always builds whole. The result
    says which (`mode`) and why a whole build was needed (`mode_reason`).
    """
    paths.curated.mkdir(parents=True, exist_ok=True)
    building = paths.curated / "motcua.duckdb.building"
    counts = reader_counts(paths)
    summary = counts.assign(run_id=run_id)[["run_id", "entity", "rows_in", "rows_loaded", "rows_quarantined"]]
    inputs = parsed_inputs(paths)
    files = {p.stem: entity for entity, ps in inputs.items() for p in ps}
    plans = plan_paths or default_plan_paths()
    common = dict(
        run_id=run_id, load_summary=summary, landed_seq=landing_order(paths), memory_limit=build_memory_limit()
    )
    result, reason = None, "được yêu cầu dựng lại toàn bộ" if (full or full_rebuild_forced()) else ""
    if not reason:
        if paths.curated_db.exists():
            result = incremental.build_increment(
                paths.curated_db, building, inputs, as_of, plans, file_entities=files, **common
            )
            reason = "" if result else incremental.last_reason
        else:
            reason = "chưa có cơ sở dữ liệu đã công bố"
    if result is None:
        result = build_database(building, inputs, as_of, plans, state_files=files, **common)
        result.mode_reason = reason
    _test_pause("build")  # the database is built aside, not yet checked
    quarantine_orphans(result.db_path, paths)
    result.checks.append(conservation_check(result.db_path))
    return result


def conservation_check(db_path: Path) -> dict:
    """Row conservation (fail): every input row is either loaded or quarantined, per entity."""
    con = connect(db_path, read_only=True)
    try:
        bad = con.execute(
            "SELECT entity, rows_in, rows_loaded, rows_quarantined FROM load_summary "
            "WHERE rows_in IS DISTINCT FROM rows_loaded + rows_quarantined "
            "OR rows_loaded < 0 OR rows_quarantined < 0"
        ).fetchall()
    finally:
        con.close()
    return {
        "model": "load_summary",
        "name": "row_conservation",
        "severity": "fail",
        "description": "Mọi dòng vào đều được nạp hoặc cách ly (rows_in = rows_loaded + rows_quarantined)",
        "failing_rows": len(bad),
        "sample": [list(r) for r in bad[:5]],
        "error": None,
    }


ORPHANS = {"danhgia": ("orphan_danhgia", "ma_danh_gia"), "thanhtoan": ("orphan_thanhtoan", "ma_giao_dich")}


def quarantine_orphans(db_path: Path, paths: Paths) -> int:
    """Evaluations and payments of unknown dossiers are quarantined, not counted (docs/metrics.md).

    They are examined again at every build, so the list is rewritten each run
    (`raw/quarantine/_orphans.parquet`) and `load_summary` moves them from loaded to quarantined.
    """
    con = connect(db_path)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        frames = []
        for entity, (table, key) in ORPHANS.items():
            if table not in tables:
                continue
            n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if n:
                con.execute(
                    "UPDATE load_summary SET rows_loaded = rows_loaded - ?, "
                    "rows_quarantined = rows_quarantined + ? WHERE entity = ?",
                    [n, n, entity],
                )
                df = con.execute(
                    f"SELECT {key} AS ma, ma_ho_so, _file_id AS file_id, _row AS row, ly_do AS reason FROM {table}"
                ).df()
                frames.append(df.assign(entity=entity))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    out = paths.quarantine / "_orphans.parquet"
    if not frames:
        out.unlink(missing_ok=True)
        return 0
    df = pd.concat(frames, ignore_index=True)
    names = read_manifest(paths)[["file_id", "original_name"]].drop_duplicates("file_id")
    df = df.merge(names, on="file_id", how="left").rename(columns={"original_name": "file_name"})
    df["column"] = "ma_ho_so"
    tmp = out.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    tmp.replace(out)
    return len(df)


def export_parquet(db_path: Path, out_dir: Path, tables=("metric_values", "plan_scorecard", "load_summary")) -> None:
    """Parquet copies of the metric tables, for people who prefer files (written aside, then swapped)."""
    write_parquet_copies(db_path, out_dir, tables)


def publish(building: Path, paths: Paths) -> Path:
    """Atomically replace the published database: readers keep their snapshot, new ones see the new file."""
    target = paths.curated_db
    _test_pause("publish")
    os.replace(building, target)
    wal = Path(str(building) + ".wal")
    if wal.exists():
        wal.unlink()
    return target
