"""Build the curated DuckDB warehouse from parsed rows.

    build_database(db_path, raw, as_of, plan_paths, run_id="test", load_summary=None) -> BuildResult

Steps: fresh file → `raw_<entity>` tables (every entity, empty when not given) → as-of date
(given, else the date of the newest data loaded) → `run_params`, reference tables
(`ref_days_off`, `ref_calendar_range`) → the plan tables (`pipelines.warehouse.plan.load_plans`,
when that module exists) → `load_summary` → every SQL model and its checks → drop `raw_*` →
CHECKPOINT. Failed checks do not raise: `BuildResult.failed_checks` tells the caller not to publish.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from pipelines.contract import ENTITIES, LEVELS, LINEAGE, raw_table_ddl
from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse import index766 as windex
from pipelines.warehouse import models as wm
from pipelines.warehouse import state as wstate
from pipelines.warehouse import working_days as wcal
from pipelines.warehouse.table_docs import (
    DIM_LEVEL_DOC,
    FILE_COLUMNS_DOC,
    LOAD_SUMMARY_DOC,
    REF_CALENDAR_RANGE_DOC,
    REF_DAYS_OFF_DOC,
    RUN_PARAMS_DOC,
    document_table,
)

# the columns whose newest date is "the date of the newest data loaded" (docs/metrics.md)
AS_OF_SOURCES = [
    ("hoso", "ngay_cap_nhat"),
    ("tientrinh", "thoi_diem"),
    ("danhgia", "thoi_diem"),
    ("thanhtoan", "thoi_diem"),
]
# the columns that say which years the data covers (first year of dim_period)
DATA_YEAR_SOURCES = AS_OF_SOURCES + [("hoso", "ngay_tiep_nhan"), ("pakn", "ngay_tiep_nhan")]
# and the dates the calendar must reach (deadlines may lie ahead)
CALENDAR_REACH_SOURCES = DATA_YEAR_SOURCES + [
    ("hoso", "ngay_hen_tra"),
    ("pakn", "ngay_chuyen"),
    ("pakn", "ngay_co_ket_qua"),
    ("tthc", "ngay_hieu_luc_can_cu"),
    ("tthc", "ngay_qd_cong_bo"),
    ("nhiemvu", "han"),
    ("baocao", "han_nop"),
]
YEARS_BACK, YEARS_AHEAD = 20, 5  # clamp stray dates so the calendar stays small
LOAD_SUMMARY_COLUMNS = {
    "run_id": "VARCHAR",
    "entity": "VARCHAR",
    "rows_in": "BIGINT",
    "rows_loaded": "BIGINT",
    "rows_quarantined": "BIGINT",
}


@dataclass
class BuildResult:
    db_path: Path
    as_of: date
    checks: list[dict[str, Any]] = field(default_factory=list)
    model_timings: dict[str, float] = field(default_factory=dict)
    mode: str = "full"  # full | increment
    mode_reason: str = ""  # why a full build was needed (when an increment was asked)

    @property
    def failed_checks(self) -> list[dict[str, Any]]:
        return [c for c in self.checks if wm.is_failure(c)]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [c for c in self.checks if c["severity"] == "warn" and (c["failing_rows"] or c.get("error"))]


# ----------------------------------------------------------------------------- raw tables


def _table_columns(con, name: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall()]


def register_landing(con, landed_seq: dict[str, int]) -> None:
    """TEMP TABLE _landing (file_id, landed_seq): the landing order load_raw gives each file's rows."""
    con.register(
        "_landing_arrow", pa.table({"file_id": list(landed_seq), "landed_seq": [int(v) for v in landed_seq.values()]})
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _landing AS SELECT CAST(file_id AS VARCHAR) AS file_id, "
        "CAST(landed_seq AS BIGINT) AS landed_seq FROM _landing_arrow"
    )
    con.unregister("_landing_arrow")


def _raw_view(con, entity: str, paths: list[str], landing: bool) -> None:
    """raw_<entity> as a TEMP VIEW over the parsed parquet files (a full build reads each
    entity once or twice: copying millions of rows into a table first costs more)."""
    plist = "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"
    src = f"read_parquet({plist}, union_by_name = true)"
    have = set(_table_columns(con, src))
    target = {**ENTITIES[entity], **LINEAGE, "_landed_seq": "BIGINT"}
    sel = []
    for c, t in target.items():
        if c == "_landed_seq" and c not in have:
            sel.append(
                f'CAST(l.landed_seq AS BIGINT) AS "{c}"'
                if landing and "_file_id" in have
                else f'CAST(0 AS BIGINT) AS "{c}"'
            )
        elif c in have:
            sel.append(f'CAST(s."{c}" AS {t}) AS "{c}"')
        else:
            sel.append(f'CAST(NULL AS {t}) AS "{c}"')
    join = (
        " LEFT JOIN _landing l ON l.file_id = s._file_id"
        if landing and "_file_id" in have and "_landed_seq" not in have
        else ""
    )
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_{entity} AS SELECT {', '.join(sel)} FROM {src} s{join}")


def drop_raw(con, entity: str) -> None:
    kind = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND temporary", [f"raw_{entity}"]
    ).fetchone()[0]
    con.execute(f"DROP {'VIEW' if kind else 'TABLE'} IF EXISTS raw_{entity}")


def load_raw(con, entity: str, source: Any, landing: bool = False, as_view: bool = False) -> int | None:
    """Create raw_<entity> and insert `source` (arrow table, DataFrame, Path, list of Paths).

    raw_* are TEMP tables: intermediate, never written to the published file (and much faster
    to build at scale); models read them by their plain name. `as_view=True` with parquet
    paths makes raw_<entity> a TEMP VIEW over the files instead (returns None: not counted).
    """
    if isinstance(source, (str, Path)):
        source = [source]
    if as_view and isinstance(source, (list, tuple)) and source:
        _raw_view(con, entity, [str(p) for p in source], landing)
        return None
    con.execute(raw_table_ddl(entity).replace("CREATE OR REPLACE TABLE", "CREATE OR REPLACE TEMP TABLE", 1))
    if source is None:
        return 0
    view = f"_src_{entity}"
    if isinstance(source, (list, tuple)):
        paths = [str(p) for p in source]
        if not paths:
            return 0
        plist = "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM read_parquet({plist}, union_by_name = true)")
    else:
        con.register(view, source)
    target = {**ENTITIES[entity], **LINEAGE, "_landed_seq": "BIGINT"}
    have = set(_table_columns(con, view))
    if landing and "_landed_seq" not in have and "_file_id" in have:
        # the landing order of each file comes from the manifest (table _landing)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view}_seq AS SELECT s.*, l.landed_seq AS _landed_seq "
            f"FROM {view} s LEFT JOIN _landing l ON l.file_id = s._file_id"
        )
        inner, view = view, f"{view}_seq"
        have.add("_landed_seq")
    else:
        inner = None
    sel = []
    for c, t in target.items():
        if c in have:
            sel.append(f'CAST("{c}" AS {t}) AS "{c}"')
        elif c == "_landed_seq":
            sel.append(f'CAST(0 AS BIGINT) AS "{c}"')
    if sel:
        con.execute(f"INSERT INTO raw_{entity} BY NAME SELECT {', '.join(sel)} FROM {view}")
    if inner is not None:
        con.execute(f"DROP VIEW {view}")
        view = inner
    if isinstance(source, (list, tuple)):
        con.execute(f"DROP VIEW {view}")
    else:
        con.unregister(view)
    return con.execute(f"SELECT count(*) FROM raw_{entity}").fetchone()[0]


# ----------------------------------------------------------------------------- file_columns

# the parsed Parquet's footer key listing the columns the file carried (pipelines.raw.parse_runs);
# spelled here too: the warehouse does not import the raw zone's code
COLUMNS_KEY = "motcua.columns"
NAME_KEY = "motcua.original_name"
FILE_COLUMNS_DDL = (
    "CREATE TABLE IF NOT EXISTS file_columns (file_id VARCHAR, ten_tep VARCHAR, entity VARCHAR, "
    "column_name VARCHAR, carried BOOLEAN)"
)


def _sql_list(values) -> str:
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def _footer_columns(con, paths: list[str]) -> dict[str, tuple[list[str] | None, str | None]]:
    """file path -> (columns the file carried, original name) from the parsed Parquet's footer;
    (None, None) for a file parsed before the footer was written (then every column counts as
    carried: its reader filled absent columns with the old defaults, which only a re-parse undoes)."""
    out: dict[str, tuple[list[str] | None, str | None]] = {p: (None, None) for p in paths}
    rows = con.execute(
        f"SELECT file_name, decode(key), decode(value) FROM parquet_kv_metadata({_sql_list(paths)}) "
        f"WHERE decode(key) IN ('{COLUMNS_KEY}', '{NAME_KEY}')"
    ).fetchall()
    for path, key, value in rows:
        cols, name = out.get(path, (None, None))
        if key == COLUMNS_KEY:
            cols = json.loads(value)
        else:
            name = value
        out[path] = (cols, name)
    return out


def _file_column_rows(con, entity: str, source: Any) -> list[tuple]:
    """(file_id, ten_tep, entity, column_name, carried) for every parsed column of every file of
    `source` (a list of parsed Parquet paths named <file_id>.parquet, or an Arrow table /
    DataFrame, whose files carried the columns the table has)."""
    schema = list(ENTITIES[entity])
    if isinstance(source, (str, Path)):
        source = [source]
    if isinstance(source, (list, tuple)):
        found = _footer_columns(con, [str(p) for p in source]) if source else {}
        rows = []
        for path, (cols, name) in found.items():
            fid = Path(path).stem
            rows += [(fid, name or fid, entity, c, cols is None or c in cols) for c in schema]
        return rows
    if source is None:
        return []
    table = source if isinstance(source, pa.Table) else pa.Table.from_pandas(source, preserve_index=False)
    have = set(table.column_names)
    fids = table.column("_file_id").unique().to_pylist() if "_file_id" in have else [None]
    return [(fid, fid, entity, c, c in have) for fid in fids for c in schema]


def write_file_columns(con, raw: dict[str, Any], replace: bool = True) -> None:
    """`file_columns`: which parsed columns each loaded file carried (metrics.md, "Required
    columns": a column a file lacks is absent, not empty). `replace=False` (the nightly
    increment) adds the given files' rows to the published ones."""
    if replace:
        con.execute("DROP TABLE IF EXISTS file_columns")
    con.execute(FILE_COLUMNS_DDL)
    rows = [r for entity, source in (raw or {}).items() for r in _file_column_rows(con, entity, source)]
    if rows:
        names = ("file_id", "ten_tep", "entity", "column_name", "carried")
        con.register("_file_columns_arrow", pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)}))
        con.execute(
            "DELETE FROM file_columns WHERE file_id IN (SELECT file_id FROM _file_columns_arrow) "
            "OR (file_id IS NULL AND EXISTS (SELECT 1 FROM _file_columns_arrow WHERE file_id IS NULL))"
        )
        con.execute("INSERT INTO file_columns BY NAME SELECT * FROM _file_columns_arrow")
        con.unregister("_file_columns_arrow")
    document_table(con, "file_columns", FILE_COLUMNS_DOC)


def _max_min_date(con, sources) -> tuple[date | None, date | None]:
    parts = [f"SELECT CAST({col} AS DATE) AS d FROM raw_{ent}" for ent, col in sources]
    row = con.execute(f"SELECT min(d), max(d) FROM ({' UNION ALL '.join(parts)})").fetchone()
    return row[0], row[1]


def compute_as_of(con) -> date | None:
    """docs/metrics.md: the date of the newest data loaded (dossier versions, steps, evaluations, payments)."""
    return _max_min_date(con, AS_OF_SOURCES)[1]


def _plan_id(plan_paths: list[Path]) -> str | None:
    for p in plan_paths:
        try:
            doc = yaml.safe_load(Path(p).read_text(encoding="utf-8")) or {}
            pid = (doc.get("plan") or {}).get("id")
            if pid:
                return str(pid)
        except (OSError, yaml.YAMLError, AttributeError):
            continue
    return None


def _load_plans(con, plan_paths: list[Path]) -> bool:
    if importlib.util.find_spec("pipelines.warehouse.plan") is None:
        return False
    mod = importlib.import_module("pipelines.warehouse.plan")
    loader = getattr(mod, "load_plans", None)
    if loader is None:
        return False
    loader(con, [Path(p) for p in plan_paths])
    return True


def _write_load_summary(con, run_id: str, load_summary) -> None:
    cols = ", ".join(f"{c} {t}" for c, t in LOAD_SUMMARY_COLUMNS.items())
    con.execute(f"CREATE OR REPLACE TABLE load_summary ({cols})")
    if load_summary is not None and len(load_summary):
        con.register("_ls", load_summary)
        have = set(_table_columns(con, "_ls"))
        sel = [
            f"CAST({c} AS {t}) AS {c}"
            if c in have
            else (f"CAST({run_id!r} AS VARCHAR) AS run_id" if c == "run_id" else f"CAST(NULL AS {t}) AS {c}")
            for c, t in LOAD_SUMMARY_COLUMNS.items()
        ]
        con.execute(f"INSERT INTO load_summary BY NAME SELECT {', '.join(sel)} FROM _ls")
        con.unregister("_ls")
    document_table(con, "load_summary", LOAD_SUMMARY_DOC)


def data_bounds(con) -> dict[str, date | None]:
    """The dates of the loaded raw rows that decide the as-of date and the calendar's reach.

    Kept in `build_state` so that a nightly increment can combine them with its new rows only."""
    first, last_seen = _max_min_date(con, DATA_YEAR_SOURCES)
    reach_min, reach_max = _max_min_date(con, CALENDAR_REACH_SOURCES)
    return {
        "data_as_of": compute_as_of(con),
        "data_first": first,
        "data_last": last_seen,
        "reach_min": reach_min,
        "reach_max": reach_max,
    }


def calendar_range(bounds: dict[str, date | None], as_of: date) -> tuple[int, int, int]:
    """(first data year, first calendar year, last calendar year) for these data bounds."""
    first, last_seen = bounds["data_first"], bounds["data_last"]
    reach_min, reach_max = bounds["reach_min"], bounds["reach_max"]
    lo, hi = as_of.year - YEARS_BACK, as_of.year + YEARS_AHEAD
    first_year = min(max(first.year, lo), as_of.year) if first else as_of.year
    last_year = max(min(max(d.year for d in (reach_max, last_seen, as_of) if d), hi), as_of.year)
    cal_first = min(first_year, max(reach_min.year, lo) if reach_min else first_year) - 1
    cal_last = last_year + 1
    return first_year, cal_first, cal_last


def _write_reference(con, as_of: date, bounds: dict[str, date | None]) -> tuple[int, int]:
    first_year, cal_first, cal_last = calendar_range(bounds, as_of)
    con.execute(
        "CREATE OR REPLACE TABLE ref_calendar_range (first_data_year INTEGER, "
        "as_of_year INTEGER, calendar_start DATE, calendar_end DATE)"
    )
    con.execute(
        "INSERT INTO ref_calendar_range VALUES (?, ?, ?, ?)",
        [first_year, as_of.year, date(cal_first, 1, 1), date(cal_last, 12, 31)],
    )
    document_table(con, "ref_calendar_range", REF_CALENDAR_RANGE_DOC)
    con.execute("CREATE OR REPLACE TABLE ref_days_off (d DATE, ten_ngay_nghi VARCHAR, nguon VARCHAR)")
    rows = wcal.days_off(range(cal_first, cal_last + 1))
    if rows:
        con.executemany("INSERT INTO ref_days_off VALUES (?, ?, ?)", [list(r) for r in rows])
    document_table(con, "ref_days_off", REF_DAYS_OFF_DOC)
    write_dim_level(con)
    windex.write_weights(con)
    return cal_first, cal_last


def write_dim_level(con) -> None:
    """`dim_level` from the one list of levels (pipelines.contract.LEVELS)."""
    con.execute(
        "CREATE OR REPLACE TABLE dim_level (level VARCHAR, ten_cap VARCHAR, sort_order INTEGER, is_unit_level BOOLEAN)"
    )
    con.executemany(
        "INSERT INTO dim_level VALUES (?, ?, ?, ?)",
        [[lv.code, lv.name_vi, lv.sort_order, lv.is_unit_level] for lv in LEVELS],
    )
    document_table(con, "dim_level", DIM_LEVEL_DOC)


def _views_still_bind(con) -> dict[str, Any]:
    """After the raw tables are dropped, every published view must still answer (fail if not)."""
    views = [
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
    ]
    broken = []
    for v in views:
        try:
            con.execute(f'SELECT * FROM "{v}" LIMIT 0').fetchall()
        except Exception as e:  # noqa: BLE001 - reported as a failing check
            broken.append({"view": v, "error": str(e).splitlines()[0]})
    return {
        "model": "_build",
        "name": "published_views_bind",
        "severity": "fail",
        "description": "Mọi view công bố vẫn truy vấn được sau khi xóa các bảng raw_* "
        "(view không được đọc trực tiếp từ raw_*)",
        "failing_rows": len(broken),
        "sample": broken[:5],
        "error": None,
    }


def build_database(
    db_path: Path,
    raw: dict[str, Any],
    as_of: date | None,
    plan_paths: list[Path],
    run_id: str = "test",
    load_summary=None,
    sql_dir: Path = SQL_DIR,
    threads: int | None = None,
    memory_limit: str | None = None,
    landed_seq: dict[str, int] | None = None,
    state_files: dict[str, str] | None = None,
) -> BuildResult:
    """Build a fresh warehouse file at db_path (see the module docstring for the steps).

    raw: entity → arrow Table | DataFrame | parquet Path | list of Paths, with the parsed-contract
    columns (missing columns → NULL, extra ones ignored, `_landed_seq` missing → 0); entities
    not given are empty tables. as_of None → the newest date of hoso.ngay_cap_nhat,
    tientrinh/danhgia/thanhtoan.thoi_diem (today when nothing is loaded). landed_seq: file_id →
    landing order (from the manifest), applied to rows that carry `_file_id` but no `_landed_seq`,
    so that "the file landed later wins" holds for parsed parquet inputs. state_files: file_id →
    entity of every parsed file in `raw`, recorded in `build_files` so that the next night can
    be built as an increment (`pipelines.warehouse.incremental`); None = no increment from
    this build. A model whose SQL
    fails raises ModelError (the half-built file must not be published); checks never raise:
    see BuildResult.failed_checks.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for p in (db_path, db_path.with_name(db_path.name + ".wal")):
        if p.exists():
            p.unlink()
    unknown = set(raw or {}) - set(ENTITIES)
    if unknown:
        raise ValueError(f"unknown entities: {sorted(unknown)}")
    timings: dict[str, float] = {}
    con = connect(db_path, threads=threads, memory_limit=memory_limit)
    try:
        t0 = time.perf_counter()
        con.execute("BEGIN TRANSACTION")  # few commits: each one flushes the WAL
        if landed_seq:
            register_landing(con, landed_seq)
        for entity in ENTITIES:
            load_raw(con, entity, (raw or {}).get(entity), landing=bool(landed_seq), as_view=True)
        write_file_columns(con, raw)
        timings["_load_raw"] = time.perf_counter() - t0

        bounds = data_bounds(con)
        if as_of is None:
            as_of = bounds["data_as_of"] or date.today()
        plan_paths = [Path(p) for p in (plan_paths or [])]
        con.execute("CREATE OR REPLACE TABLE run_params (as_of DATE, plan_id VARCHAR, run_id VARCHAR)")
        con.execute("INSERT INTO run_params VALUES (?, ?, ?)", [as_of, _plan_id(plan_paths), run_id])
        document_table(con, "run_params", RUN_PARAMS_DOC)
        _write_reference(con, as_of, bounds)
        con.execute("COMMIT")
        t0 = time.perf_counter()
        _load_plans(con, plan_paths)
        timings["_load_plans"] = time.perf_counter() - t0
        _write_load_summary(con, run_id, load_summary)

        models = wm.order(wm.discover(sql_dir))
        timings.update(wm.run_models(con, models=models))
        t0 = time.perf_counter()
        checks = wm.run_checks(con, models=models)
        timings["_checks"] = time.perf_counter() - t0

        con.execute("BEGIN TRANSACTION")
        for entity in ENTITIES:
            drop_raw(con, entity)
        con.execute("COMMIT")
        checks.append(_views_still_bind(con))
        wstate.write_state(
            con,
            wstate.BuildState(
                fingerprint=wstate.fingerprint(sql_dir, plan_paths),
                as_of=as_of,
                bounds=bounds,
                files=dict(state_files) if state_files is not None else None,
            ),
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return BuildResult(db_path=db_path, as_of=as_of, checks=checks, model_timings=timings, mode="full")
